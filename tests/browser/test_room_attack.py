"""A hostile phone in a served room: it logs in with the code, opens the trainee's page in
Chromium, picks a name, and then, at every step the facilitator opens, drives every widget of
its kernel that its page does not let the trainee use.

The hole this guards against (found before the forms were built from the records): the
facilitator's controls on a trainee's page were only hidden with CSS, but the widgets lived in
the trainee's kernel and Voila forwards their comm messages, so a script on the page could set
a hidden dropdown (the actor to edit, which filled in the actor's contact person) and press a
hidden "remove" or "save" button; a form the page had replaced also stayed drivable. Now a
trainee's forms are built without those controls, a replaced form is closed with everything in
it, and the store refuses a trainee's edit, removal or input in another's name.

How the phone talks to the kernel (see ``hostile_phone.py``; what was tried):

- It opens a second ``WebSocket`` from the page's own context (``page.evaluate``, same origin,
  so the login cookie goes along) to ``api/kernels/<id>/channels``; the kernel id is in the
  page's ``<script id="jupyter-config-data">`` (Voila's page config, ``kernelId``). Frames are
  JSON (``header``, ``parent_header``, ``metadata``, ``content``, ``channel: "shell"``).
- Voila 0.5.13 forwards only ``comm_open``, ``comm_close``, ``comm_msg``, ``comm_info_request``,
  ``kernel_info_request`` and ``shutdown_request`` (``allowed_message_types`` in voila/app.py;
  anything else, ``execute_request`` first of all, is dropped). That suffices:
- ``comm_info_request`` lists every comm of the kernel, hidden widgets and widgets of forms
  the page no longer shows included; ``comm_msg`` ``{"method": "request_state"}`` to each gets
  its full state back on iopub (an ``update``), which the phone's socket receives too;
- the widget control comm works as well: ``comm_open`` of ``jupyter.widget.control`` with
  metadata ``{"version": "1.0.0"}`` (without it ipywidgets refuses the comm), then
  ``{"method": "request_states"}`` gives every state in one ``update_states``;
- ``{"method": "update", "state": {"index": i}, "buffer_paths": []}`` sets a selection widget
  (Dropdown, Select, ToggleButtons...) to each option in turn and
  ``{"method": "custom", "content": {"event": "click"}}`` presses a button: the kernel runs
  the Python callbacks of both. Each burst ends with a ``comm_info_request`` whose reply, and
  the kernel's idle status after it, say every message before it was handled.

What the phone drives: every selection widget and button that the page does not let the
trainee use: not reachable from the trainee's page (``children`` from the ``planning-trainee``
box: the widgets of a form the page no longer shows), hidden (its layout or an ancestor's has
``display: none`` or ``visibility: hidden``, or it carries a class that hides every element
with it on this page, such as ``planning-facilitator-only``), or disabled (ipywidgets runs a
disabled button's click and a disabled dropdown's change when the kernel gets them). It leaves
alone the controls the trainee may use (what they do is the trainee's to do) and the name bar
and picker with every name button (changing one's name is open to the trainee anyway). Each
widget is driven once; a selection widget is set to at most ``MOST_OPTIONS`` of its options,
spread from the first to the last (all of them took minutes on two cores). The demo is
attacked at every step, the fresh workshop at the needs and the map's steps.

What must hold, at each step, between just before and just after the phone's attack (loading
the page and picking a name write no records, but the comparison does not depend on that):
no new change in ``Workshop.history()`` and the same ``summary()``; over the whole attack the
same ``planning summary --json``; and no contact person of any actor, nor the field
``poor_household`` / ``pkh`` of a participant (as a key, value or label), in anything the
kernel sent the phone: the state of every widget, visible ones included, and every update.
The test collects every finding of every step and fails once, naming them all.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import isolated_env, save_screenshot
from hostile_phone import WIDGET, HostilePhone, descendants, is_button, is_choice
from playwright.sync_api import expect
from serve_helpers import devices, run_planning_serve, wait_for_pool

from planning import open_workshop
from planning.demo import build_demo
from planning.i18n import t
from planning.records import Participant
from planning.room.state import all_steps, open_step, step_title
from planning.stages import Step
from planning.stakeholders.records import Stakeholder
from planning.summary import summary

pytestmark = pytest.mark.slow

CODE = "615204"
TRAINEE = "Siti Aminah"  # a name in both workshops: a poor household, PKH
# The name bar and picker: the trainee may change their name anyway (it writes no records).
OWN_CONTROLS = frozenset({"planning-room-bar", "planning-room-picker"})
ROOT = "planning-trainee"
# Options set per selection widget, spread from the first to the last: every option of every
# widget would take minutes on two cores (each change redraws its form).
MOST_OPTIONS = 8
PHONE = (390, 844)

FRESH_PEOPLE = """name,gender,group,dusun,poor_household,pkh
Siti Aminah,female,kader,Krajan,ya,ya
Budi Santoso,male,warga,Cibodas,tidak,ya
Citra Lestari,female,warga,Cibodas,ya,tidak
"""
FRESH_ACTORS = """name,sector,level,stance,interest,contact
Pemerintah Desa,village_government,desa,supportive,5,"Pak Rahmat (Kades), 0813-5550-0101"
Bank Sampah Berseri,community_group,dusun,neutral,3,"Bu Wati, 0813-5550-0202"
Karang Taruna,community_group,desa,supportive,4,
"""

# Which CSS classes hide every element that carries them, on this page.
_HIDING_CLASSES = """(classes) => classes.filter((c) => {
  const els = [...document.getElementsByClassName(c)];
  return els.length > 0 && els.every((el) => {
    const cs = getComputedStyle(el);
    return cs.display === 'none' || cs.visibility === 'hidden';
  });
})"""


def _hiding_classes(page: Any, states: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Give the classes that hide their widgets on a phone and on a laptop alike (a layout
    for the other screen size, such as the score table a phone shows as cards, is not
    hidden from the trainee)."""
    classes = sorted({c for s in states.values() for c in s.get("_dom_classes", ())})
    phone = set(page.evaluate(_HIDING_CLASSES, classes))
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        return phone & set(page.evaluate(_HIDING_CLASSES, classes))
    finally:
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})


@dataclass
class Findings:
    """What the phone achieved, per step."""

    lines: list[str] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.lines.append(f"{where}: {what}")


def _planning(*args: str, home: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "planning.cli", *args],
        capture_output=True,
        text=True,
        env=isolated_env(home),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("attack-demo") / "demo.sqlite"
    build_demo(path).close()
    return path


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A workshop from `planning new` and two imports: participants with their flags, actors
    with a contact person."""
    folder = tmp_path_factory.mktemp("attack-fresh")
    path = folder / "baru.sqlite"
    home = folder / "home"
    home.mkdir()
    _planning("new", str(path), "--title", "Musyawarah Uji Serangan", "--language", "id", home=home)
    for kind, text in (("participants", FRESH_PEOPLE), ("stakeholders", FRESH_ACTORS)):
        (folder / f"{kind}.csv").write_text(text, encoding="utf-8")
        _planning("import", str(path), str(folder / f"{kind}.csv"), "--kind", kind, home=home)
    return path


def _secrets(path: Path) -> tuple[list[str], list[re.Pattern[str]]]:
    """Give the contact persons of the workshop's actors, and the patterns that would say a
    participant's poor-household or PKH flag."""
    with open_workshop(path) as ws:
        contacts = [s.contact for s in ws.records(Stakeholder) if s.contact.strip()]
        people = ws.records(Participant)
        lang = ws.lang
    assert contacts and any(p.poor_household for p in people) and any(p.pkh for p in people)
    flags = [re.compile(r"\bpoor_household\b"), re.compile(r"\bpkh\b")]
    for name in ("poor_household", "pkh"):
        label = re.escape(t(f"field.participants.{name}", lang))
        # the label as a whole string, a table cell or a field's name: not inside other words
        flags.append(re.compile(rf'"{label}"|>\s*{label}\s*<|{label}\s*:'))
    return contacts, flags


def _history_and_summary(path: Path) -> tuple[list[Any], dict[str, Any]]:
    with open_workshop(path) as ws:
        return ws.history(), summary(ws)


def _differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    keys = sorted(set(before) | set(after))
    return [k for k in keys if before.get(k) != after.get(k)]


def _ref(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value.removeprefix("IPY_MODEL_")
    return None


def _children(state: Mapping[str, Any]) -> Iterator[str]:
    for child in state.get("children", ()) or ():
        if (ref := _ref(child)) is not None:
            yield ref
    for output in state.get("outputs", ()) or ():  # an Output widget showing widgets
        view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json", {})
        if view.get("model_id"):
            yield str(view["model_id"])


def _usable(
    states: Mapping[str, Mapping[str, Any]], hiding: set[str], names: set[str]
) -> tuple[set[str], set[str]]:
    """Give the widgets the trainee can use on the page, and the name bar and picker with
    every name button (the picker draws them anew, leaving the old ones in the kernel)."""
    own = descendants(states, set(OWN_CONTROLS))
    own |= {c for c, s in states.items() if is_button(s) and s.get("description") in names}
    usable: set[str] = set()
    todo = [c for c, s in states.items() if ROOT in s.get("_dom_classes", ())]
    while todo:
        comm_id = todo.pop()
        state = states.get(comm_id)
        if state is None or comm_id in usable or comm_id in own:
            continue
        layout = states.get(_ref(state.get("layout")) or "", {})
        classes = set(state.get("_dom_classes", ()))
        if (
            layout.get("display") == "none"
            or layout.get("visibility") == "hidden"
            or classes & hiding
        ):
            continue
        if not state.get("disabled"):
            usable.add(comm_id)  # a disabled button's click still runs in the kernel
        todo.extend(_children(state))
    return usable, own


def _leaks(text: str, contacts: list[str], flags: list[re.Pattern[str]]) -> list[str]:
    found = [f"contact person {c!r}" for c in contacts if c in text]
    found += [f"participant flag {m.group(0)!r}" for p in flags if (m := p.search(text))]
    return found


def _describe(state: Mapping[str, Any]) -> str:
    name = str(state.get("_model_name", "?")).removesuffix("Model")
    words = state.get("description") or state.get("tooltip") or ""
    classes = [c for c in state.get("_dom_classes", ()) if c.startswith("planning-")]
    return f"{name} {words!r}" + (f" {classes}" if classes else "")


def attack_room(
    path: Path, home: Path, playwright: Any, label: str, steps: tuple[Step, ...]
) -> list[str]:
    """Serve ``path``, open a trainee's page as a phone and attack it at every step; give
    what the attack achieved (nothing, when the room is safe)."""
    contacts, flags = _secrets(path)
    with open_workshop(path) as ws:
        names = {p.name for p in ws.records(Participant)}
    findings = Findings()
    attacked: set[str] = set()
    started = time.monotonic()
    with (
        run_planning_serve(str(path), home, host="127.0.0.3", code=CODE) as room,
        devices(playwright) as browser,
    ):
        wait_for_pool(room)
        page = browser.page(*PHONE)
        page.goto(room.base_url)  # no cookie yet: the code page
        expect(page.locator("h1")).to_have_text(t("room.code_title", "id"))
        page.fill("#code", CODE)
        page.click("button[type=submit]")
        expect(page.locator(".planning-room-names button").first).to_be_visible()
        page.locator(".planning-room-names button", has_text=TRAINEE).click()
        expect(page.locator(".planning-room-you")).to_contain_text(TRAINEE)
        phone = HostilePhone.on(page)
        before_all = _planning("summary", "--json", str(path), home=home)
        try:
            for step in steps:
                where = f"{label}, step {step.name!r}"
                with open_workshop(path) as ws:
                    open_step(ws, step.name)  # what the facilitator's step button does
                title = step_title(step, "id")
                expect(page.locator(".planning-room-now")).to_contain_text(title)
                phone.comms()  # the kernel has drawn the step's form
                history, before = _history_and_summary(path)
                start = len(phone.messages)
                alive = {c for c, target in phone.comms().items() if target == WIDGET}
                phone.states(alive - set(phone.known_states()))  # each widget asked once
                states = {c: s for c, s in phone.known_states().items() if c in alive}
                if step is steps[0]:
                    every = phone.control_states()
                    assert set(every) == alive, "the control comm gives every widget too"
                usable, own = _usable(states, _hiding_classes(page, states), names)
                targets = {
                    c: s
                    for c, s in states.items()
                    if c not in usable
                    and c not in own
                    and c not in attacked
                    and (is_choice(s) or is_button(s))
                }
                driven = []
                for comm_id, state in targets.items():
                    if is_choice(state):
                        phone.choose_every_option(comm_id, state, MOST_OPTIONS)
                        driven.append(_describe(state))
                buttons = [c for c, s in targets.items() if is_button(s)]
                phone.click(buttons)
                driven += [_describe(targets[c]) for c in buttons]
                attacked |= set(targets)
                phone.comms()
                after_history, after = _history_and_summary(path)
                new = after_history[len(history) :]
                if new:
                    changes = "; ".join(
                        f"{c.action} {c.kind} {c.summary!r} by {c.by}" for c in new[:8]
                    ) + (f" and {len(new) - 8} more" if len(new) > 8 else "")
                    findings.add(where, f"{len(new)} record change(s): {changes}")
                if differ := _differences(before, after):
                    findings.add(where, f"the summary changed: {differ}")
                if leaks := _leaks(
                    json.dumps(phone.messages[start:], ensure_ascii=False), contacts, flags
                ):
                    findings.add(where, "the kernel sent the phone " + ", ".join(leaks))
                print(
                    f"[attack] {where}: {len(states)} widgets, {len(targets)} driven "
                    f"({len(driven)} choices/buttons), {len(new)} changes, "
                    f"{time.monotonic() - started:.0f} s"
                )
                if driven and (new or leaks):
                    findings.add(where, "driven: " + ", ".join(sorted(set(driven))))
                if step.name == "actors":
                    save_screenshot(page, f"room-attack-{label}-actors-390")
        finally:
            save_screenshot(page, f"room-attack-{label}-390")
        after_all = _planning("summary", "--json", str(path), home=home)
        if after_all != before_all:
            differ = _differences(json.loads(before_all), json.loads(after_all))
            findings.add(label, f"`planning summary --json` changed over the attack: {differ}")
        assert browser.outside_requests == []
    return findings.lines


def test_a_scripted_phone_drives_nothing_it_is_not_shown_on_the_demo(
    demo, tmp_path_factory, playwright_instance
):
    """The demo workshop: every step, every hidden or disabled widget of the kernel."""
    steps = all_steps()
    found = attack_room(demo, tmp_path_factory.mktemp("serve"), playwright_instance, "demo", steps)
    assert found == [], "a scripted phone got through:\n" + "\n".join(found)


def test_a_scripted_phone_drives_nothing_it_is_not_shown_on_a_fresh_workshop(
    fresh, tmp_path_factory, playwright_instance
):
    """A workshop from `planning new` and imports: three people, three actors, two with a
    contact person."""
    steps = tuple(s for s in all_steps() if s.name in ("needs", "actors", "links", "towers"))
    found = attack_room(
        fresh, tmp_path_factory.mktemp("serve"), playwright_instance, "fresh", steps
    )
    assert found == [], "a scripted phone got through:\n" + "\n".join(found)
