"""A real day under `planning serve`: the file alone holds the day once the server stops
(SIGINT and SIGTERM), and a phone whose connection is cut for longer than the cull time comes
back by itself, on the open step, with its name, and what it typed stored once."""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path

import pytest
from browser_helpers import save_screenshot
from playwright.sync_api import expect
from serve_helpers import Cable, devices, run_planning_serve
from words_scan import other_words

from planning import create_workshop, open_workshop
from planning.cli import main
from planning.needs.records import Need
from planning.records import Participant
from planning.room import state

pytestmark = pytest.mark.slow

PEOPLE = [{"name": "Ani Rahayu"}, {"name": "Budi Santoso"}, {"name": "Citra Lestari"}]


def _summary_json(file: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["summary", str(file), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_does_the_file_alone_hold_the_day_once_serve_stops(tmp_path: Path, sig, capsys):
    file = tmp_path / "pagi.sqlite"
    create_workshop(file, title="Musyawarah pagi", language="id").close()
    with run_planning_serve(str(file), tmp_path / "home", extra_args=["--no-preheat"]) as room:
        # Another kernel of the day, still holding the file: its writes stay in the -wal file.
        ws = open_workshop(file)
        ws.add_many(Participant, PEOPLE)
        ws.add_many(Need, [{"title": "Sumur bor"}, {"title": "Lampu jalan"}])
        state.open_step(ws, "dots")
        proc = room.handle.process
        proc.send_signal(sig)
        assert proc.wait(timeout=60) == 0
        log = room.log_tail(400)
        usb = tmp_path / "usb"
        usb.mkdir()
        alone = Path(shutil.copy(file, usb / file.name))  # the .sqlite file alone
        copied = _summary_json(alone, capsys)
        assert copied == _summary_json(file, capsys)
        assert "Sumur bor" in json.dumps(copied)
        ws.close()
    assert "Traceback" not in log
    assert "Workshop saved in its file" in log


def test_does_a_phone_cut_longer_than_the_cull_time_come_back(tmp_path, playwright_instance):
    file = tmp_path / "pagi.sqlite"
    with create_workshop(file, title="Musyawarah pagi", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
        state.open_step(ws, "needs")
    home = tmp_path / "home"
    with run_planning_serve(str(file), home, cull_after=10) as room:
        cable = Cable("127.0.0.3", (room.host, room.handle.port))
        cable.plug()
        with devices(playwright_instance) as browser:
            phone = browser.page(360, 640)
            phone.goto(cable.url)
            phone.locator(".planning-room-names button", has_text="Ani Rahayu").click()
            expect(phone.locator(".planning-needform")).to_be_visible()

            cable.unplug()  # the phone's screen locks
            banner = phone.locator("#planning-offline")
            expect(banner).to_contain_text("Koneksi terputus")
            form = phone.locator(".planning-room-form .planning-needform")
            form.locator("input[type=text]").first.fill("Sumur bor di Cibodas")
            form.locator("button", has_text="Tambah").click()  # held back, kept in the form
            expect(banner).to_contain_text("tetap di formulir")
            with open_workshop(file) as lead:  # the facilitator moves on two steps
                state.move(lead, +2)
            deadline = time.monotonic() + 60
            while room.kernels() > 2 and time.monotonic() < deadline:
                time.sleep(1)  # culled: only the pool's kernels are left
            time.sleep(max(0.0, 30 - 12))
            cable.plug()

            expect(phone.locator(".planning-room-now")).to_contain_text("Voting titik")
            expect(phone.locator(".planning-room-you")).to_contain_text("Ani Rahayu")
            kept = phone.locator(".planning-room-kept-form .planning-needform")
            expect(kept.locator("input[type=text]").first).to_have_value("Sumur bor di Cibodas")
            kept.locator("button", has_text="Tambah").click()
            expect(kept.locator("[role=status]")).to_contain_text("Sumur bor di Cibodas")
            save_screenshot(phone, "room-day-phone-back-360")
        with open_workshop(file) as after:
            titles = [n.title for n in after.snapshot(Need)]
        assert titles == ["Sumur bor di Cibodas"]
    assert "Traceback" not in room.log_tail(2000)


# --- the projector and plain words, every step -----------------------------------------------

SCAN_JS = """(words) => {
  const text = document.body.innerText + ' ' + [...document.querySelectorAll(
      '[title],[placeholder],[aria-label],[aria-description],[aria-placeholder]')]
    .map(e => ['title', 'placeholder', 'aria-label', 'aria-description', 'aria-placeholder']
      .map(a => e.getAttribute(a) || '').join(' ')).join(' ');
  const hits = new Set();
  const codes = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}|\\b[a-z]+(?:_[a-z0-9]+)+\\b/g;
  for (const m of text.matchAll(codes)) hits.add(m[0]);
  for (const word of words) {
    if (new RegExp('(^|[^\\\\p{L}])' + word + '($|[^\\\\p{L}])', 'u').test(text)) hits.add(word);
  }
  return [...hits]; }"""
TOP_JS = """() => {
  const box = document.querySelector('.planning-room-results');
  return box ? box.getBoundingClientRect().top + window.scrollY : 99999; }"""


def _open_every_step(projector, phone, words):
    """Open each step from the projector; give what is wrong on either screen."""
    wrong = []
    steps = projector.locator(".planning-room-step")
    for i in range(steps.count()):
        title = steps.nth(i).inner_text().strip()
        steps.nth(i).click()
        gate = projector.locator(".planning-room-gate button").first
        now = phone.locator(".planning-room-now")
        for _ in range(60):  # the view answers: the step opens, or it asks first
            if gate.is_visible():
                gate.click()  # a step the workshop is not ready for: opened anyway, to look
            if title in now.inner_text():
                break
            projector.wait_for_timeout(250)
        expect(now).to_contain_text(title)
        projector.wait_for_timeout(600)  # let both draw
        if projector.evaluate(TOP_JS) > 720:
            wrong.append(f"{title}: results start below 720 px")
        for screen, page in (("projector", projector), ("phone", phone)):
            wrong += [f"{title} ({screen}): {hit}" for hit in page.evaluate(SCAN_JS, list(words))]
    return wrong


@pytest.mark.parametrize("lang", ["id", "en"])
def test_does_every_step_show_results_first_and_plain_words(tmp_path, playwright_instance, lang):
    file = tmp_path / "pagi.sqlite"
    with create_workshop(file, title="Pagi", language=lang) as ws:
        ws.add_many(Participant, PEOPLE)
    words = other_words(lang)
    with (
        run_planning_serve(str(file), tmp_path / "home") as room,
        devices(playwright_instance) as browser,
    ):
        projector = browser.page(1280, 720)
        projector.goto(room.facilitator_url)
        phone = browser.page(360, 640)
        phone.goto(room.join_url)
        phone.locator(".planning-room-names button", has_text="Ani Rahayu").click()
        expect(projector.locator(".planning-room-step").first).to_be_visible()
        wrong = _open_every_step(projector, phone, words)
        save_screenshot(projector, f"room-day-projector-{lang}-1280")
    assert wrong == [], "\n".join(wrong)
