"""Plain words everywhere, headless: every panel of the stage notebooks, the facilitator's
view at every step (its results, its preparation sections, its warnings), every step's
trainee form and the trainee's page, of the demo and of a workshop made that morning
(`planning new` and the participants' CSV), in Indonesian and in English. What a person reads
holds no UUID, no code or snake_case name, no `null`, no word of the other language (what
people typed excepted: the demo's titles are Indonesian in an English workshop too). The same
scan runs in the browser over every step (tests/browser/test_room_day_browser.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from words_scan import hits, other_words, texts, typed

from planning import open_workshop
from planning.cli import main
from planning.demo import build_demo
from planning.records import Participant
from planning.room import ready, state

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).parent.parent / "notebooks"
HANDOUT = Path(__file__).parent.parent / "templates" / "handout" / "notebooks"
CALL = re.compile(r'widgets\.(\w+)\(ws(?:, "(\w+)")?(?:, opening=True)?\)')
SECTIONS = re.compile(r"from (planning(?:\.\w+)?) import sections as s")
SECTION = re.compile(r"s\.(\w+)\(ws, lang\)")


def notebook_panels() -> list[tuple[str, str, str]]:
    """Give each panel a stage notebook shows: (notebook, panel, the guide's step)."""
    found = []
    for notebook in sorted(NOTEBOOKS.glob("0*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            match = CALL.fullmatch("".join(cell["source"]).strip())
            if cell["cell_type"] == "code" and match:
                found.append((notebook.stem, match.group(1), match.group(2) or ""))
    return found


def handout_sections() -> list[tuple[str, str]]:
    """Give each section a handout notebook shows: (its module, the function)."""
    found = []
    for notebook in sorted(HANDOUT.glob("*.ipynb")):
        module = ""
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]).strip()
            if cell["cell_type"] != "code":
                continue
            if match := SECTIONS.search(source):
                module = f"{match.group(1)}.sections"
            elif (match := SECTION.fullmatch(source)) and module:
                found.append((module, match.group(1)))
    return found


@pytest.fixture(scope="module")
def demo_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-en") / "demo-en.sqlite"
    build_demo(path, language="en").close()
    return path


@pytest.fixture(params=["demo-id", "demo-en", "fresh-id", "fresh-en"])
def workshop(request: pytest.FixtureRequest, tmp_path: Path, capsys):
    which, lang = request.param.split("-")
    file = tmp_path / "pagi.sqlite"
    if which == "demo":
        source = request.getfixturevalue("demo_file" if lang == "id" else "demo_en")
        shutil.copy(source, file)
    else:  # made that morning, as the README says: planning new, then the participants
        people = tmp_path / "peserta.csv"
        people.write_text("nama\nAni Rahayu\nBudi Santoso\nCitra Lestari\n", encoding="utf-8")
        assert main(["new", str(file), "--title", "Pagi", "--language", lang]) == 0
        assert main(["import", str(file), str(people)]) == 0
        capsys.readouterr()
    ws = open_workshop(file)
    assert ws.lang == lang
    yield ws
    ws.close()


def test_does_every_notebook_panel_read_plainly(workshop):
    from planning import widgets

    words, ours = other_words(workshop.lang), typed(workshop)
    wrong = []
    for notebook, name, step in notebook_panels():
        made = getattr(widgets, name)
        panel = made(workshop, step) if step else made(workshop)
        if panel is None:
            continue
        wrong += [f"{notebook} {name} {step}: {hit}" for hit in hits(texts(panel), words, ours)]
        if hasattr(panel, "close"):
            panel.close()
    assert wrong == [], "\n".join(wrong)


def test_does_every_handout_section_read_plainly(workshop):
    import importlib

    from words_scan import read_html

    words, ours = other_words(workshop.lang), typed(workshop)
    wrong, shown = [], handout_sections()
    assert len(shown) > 20
    for module, name in shown:
        html = getattr(importlib.import_module(module), name)(workshop, workshop.lang)
        text = read_html(str(html))
        wrong += [f"handout {name}: {hit}" for hit in hits([text], words, ours)]
    assert wrong == [], "\n".join(wrong)


def test_does_every_step_read_plainly_on_the_projector_and_the_phone(workshop):
    from planning.widgets import FacilitatorView, TraineePage

    words, ours = other_words(workshop.lang), typed(workshop)
    wrong: list[str] = []

    def scan(where: str, panel) -> None:
        wrong.extend(f"{where}: {hit}" for hit in hits(texts(panel), words, ours))

    view = FacilitatorView(workshop)
    for section in ready.sections():
        view.prepare.show(section.name)
        scan(f"preparation {section.name}", view.prepare)
    name = workshop.snapshot(Participant)[0].name
    picker = TraineePage(workshop, device="bb02")  # the page before a name is picked
    scan("the names to pick", picker)
    picker.search("zz")
    scan("no name found", picker)
    picker.close()
    trainee = open_workshop(workshop.url, by=name, role="trainee")
    for step in state.all_steps():
        view.go_to(step.name)
        if view.gate.question:  # a step the workshop is not ready for: its warning, then open
            scan(f"{step.name} warning", view.gate.box)
            view.gate.anyway()
        assert state.current(workshop).step.name == step.name
        scan(f"{step.name} projector", view)
        form = step.panel("form")(trainee, name)
        scan(f"{step.name} trainee form", form)
        if step.name == "needs":  # a need named twice: the refusal names it, not its id
            for _ in range(2):
                form.fill(title="Sumur bor di Cibodas")
                form.add()
            assert "Sumur bor di Cibodas" in form.status
            scan("a need named twice", form)
        form.close()
        phone = TraineePage(workshop, device="aa01")
        phone.pick(name)
        scan(f"{step.name} phone", phone)
        phone.close()
    view.close()
    trainee.close()
    assert wrong == [], "\n".join(wrong)
