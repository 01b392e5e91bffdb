"""A real day under `planning serve`: the file alone holds the day once the server stops
(SIGINT and SIGTERM), and a phone whose connection is cut for longer than the cull time comes
back by itself, on the open step, with its name, and what it typed stored once; every step
shows its results in the projector's first 720 px and plain words; and a workshop made that
morning (`planning new`, the participants' CSV) runs every step from the browser alone: the
facilitator prepares it in the preparation panel and moves on with the projector's button,
three phones enter something on each step."""

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


# --- a workshop made that morning, run from the browser alone ----------------------------------

MORNING = ["Ani Rahayu", "Budi Santoso", "Citra Lestari"]
PHONE_SIZES = [(360, 640), (390, 844), (360, 740)]
NEEDS = ["Sumur bor di Cibodas", "Lampu jalan ke sekolah", "Posyandu lebih dekat"]
ACTORS = ["Karang Taruna", "Bidan desa", "Kelompok tani"]
GROUPS = ["Perempuan", "Laki-laki", "Pengguna layanan"]


def _tap(page, selector: str) -> None:
    page.locator(selector).first.click()


def _add(form, status: str = "") -> None:
    form.locator("button", has_text="Tambah").click()
    if status:
        expect(form.locator("[role=status]")).to_contain_text(status)


def _enter(step: str, phone, i: int) -> None:
    """What the i-th phone enters on a step, by tapping and typing only."""
    if step == "needs":
        form = phone.locator(".planning-needform")
        form.locator("input[type=text]").first.fill(NEEDS[i])
        _add(form, NEEDS[i])
    elif step == "scores":
        for row in range(3):  # the score card: a score for each need on the first criterion
            phone.locator(".planning-score-card .planning-score-buttons").nth(row).locator(
                "button", has_text=str(3 + (i + row) % 3)
            ).click()
    elif step == "dots":
        _tap(phone, f".planning-dotvotepanel .widget-hbox:has-text('{NEEDS[i]}') "
                    "button.planning-tally-plus")  # fmt: skip
        expect(phone.locator(".planning-dotvotepanel [role=status]")).to_contain_text("Tersimpan")
    elif step == "pairwise":
        panel = phone.locator(".planning-room-form .planning-panel").first
        panel.locator(".planning-buttons button").first.click()
    elif step == "rankings":
        panel = phone.locator(".planning-rankingform")
        panel.locator("button", has_text="Simpan").click()
    elif step == "actors":
        form = phone.locator(".planning-stakeholderform")
        form.locator("input[type=text]").first.fill(ACTORS[i])
        form.locator("select").nth(0).select_option(label="kelompok masyarakat")
        _add(form, ACTORS[i])
    elif step == "links":
        form = phone.locator(".planning-linkform")
        form.locator("select").nth(0).select_option(label=ACTORS[i])
        form.locator("select").nth(2).select_option(label=ACTORS[(i + 1) % 3])
        _add(form, "")
    elif step == "goals":
        form = phone.locator(".planning-goalform")
        form.locator("select").nth(0).select_option(label=ACTORS[i])
        form.locator("input[type=text]").first.fill("Air bersih untuk semua dusun")
        _add(form, "")
    elif step == "towers":
        _tap(phone, ".planning-influencetowers button.planning-tally-plus")
    elif step == "activities":
        form = phone.locator(".planning-activityform")
        texts_ = form.locator("input[type=text]")
        texts_.nth(0).fill(f"Kegiatan {NEEDS[i]}")
        form.locator("select").first.select_option(index=1)
        texts_.nth(1).fill("Dusun Satu")
        form.locator("input[type=date]").nth(0).fill("2027-03-01")
        form.locator("input[type=date]").nth(1).fill("2027-05-31")
        texts_.nth(2).fill(str(10_000_000 * (i + 1)))
        _add(form, "")
    elif step == "votes":
        _tap(phone, ".planning-activityvotepanel button.planning-tally-plus")
    elif step == "stories":
        form = phone.locator(".planning-storyform")
        form.locator("input[type=text]").first.fill(f"Cerita {ACTORS[i]}")
        form.locator("textarea").first.fill("Sekarang ibu-ibu ikut menentukan jadwal air.")
        form.locator("button", has_text="Partisipasi").click()
        _add(form, f"Cerita {ACTORS[i]}")
    elif step == "story_votes":
        _tap(phone, ".planning-storyvotepanel button.planning-tally-plus")
    elif step == "scorecard":
        form = phone.locator(".planning-scoreform")
        form.locator("button", has_text=GROUPS[i]).click()
        form.locator("button", has_text="4").first.click()
        form.locator("textarea").first.fill("Air mengalir, kecuali saat kemarau")
        _add(form, "Tersimpan")
    # review: the lights and the map, read along; nothing to enter


def _prepare(projector) -> None:
    """The facilitator readies the day from the preparation panel, on the projector: the
    criteria, an influence question, a criterion of the score card."""
    tools = projector.locator(".planning-room-tools").first
    tools.locator("button", has_text="Kriteria").first.click()
    tools.locator("button", has_text="Pakai kriteria ini").first.click()
    expect(tools).not_to_contain_text("perlu kriteria:")
    tools.locator("button", has_text="Pertanyaan pengaruh").first.click()
    form = tools.locator(".planning-influencequestionform")
    form.locator("input[type=text]").nth(0).fill("Anggaran desa")
    form.locator("input[type=text]").nth(1).fill("Siapa yang ikut menentukan anggaran desa?")
    _add(form, "")
    tools.locator("button", has_text="Kriteria kartu penilaian").click()
    form = tools.locator(".planning-criterionform")
    form.locator("input[type=text]").first.fill("Air mengalir setiap hari")
    _add(form, "")
    expect(tools).not_to_contain_text("perlu pertanyaan pengaruh")


def test_does_a_workshop_made_that_morning_run_every_step_from_the_browser(
    tmp_path, playwright_instance, capsys
):
    file = tmp_path / "pagi.sqlite"
    people = tmp_path / "peserta.csv"
    people.write_text("nama\n" + "\n".join(MORNING) + "\n", encoding="utf-8")
    assert main(["new", str(file), "--title", "Musyawarah pagi", "--language", "id"]) == 0
    assert main(["import", str(file), str(people)]) == 0
    capsys.readouterr()
    steps = state.all_steps()
    titles = {s.name: state.step_title(s, "id") for s in steps}
    wrong: list[str] = []
    started = time.monotonic()
    with (
        run_planning_serve(str(file), tmp_path / "home") as room,
        devices(playwright_instance) as browser,
    ):
        projector = browser.page(1280, 720)
        projector.goto(room.facilitator_url)
        expect(projector.locator(".planning-room-step").first).to_be_visible()
        _prepare(projector)
        phones = [browser.page(w, h) for w, h in PHONE_SIZES]
        for phone, name in zip(phones, MORNING, strict=True):
            phone.goto(room.join_url)
            phone.locator(".planning-room-names button", has_text=name).click()
            expect(phone.locator(".planning-room-you")).to_contain_text(name)
        for n, step in enumerate(steps):
            if n:  # the projector's own button moves the room on
                projector.locator(".planning-room-next button, button.planning-room-next").click()
                gate = projector.locator(".planning-room-gate button").first
                shown = projector.locator("button.planning-room-step.mod-primary")
                for _ in range(40):  # the step opens, or the view asks first
                    if gate.is_visible():
                        asked = projector.locator(".planning-room-gate").inner_text()
                        wrong.append(f"{titles[step.name]}: {asked}")
                        gate.click()
                        break
                    if titles[step.name] in shown.inner_text():
                        break
                    projector.wait_for_timeout(250)
            for phone in phones:
                expect(phone.locator(".planning-room-now")).to_contain_text(titles[step.name])
            for i, phone in enumerate(phones):
                _enter(step.name, phone, i)
            projector.wait_for_timeout(500)
            if projector.evaluate(TOP_JS) > 720:
                wrong.append(f"{titles[step.name]}: the results start below 720 px")
            for screen, page in (("projector", projector), *(("phone", p) for p in phones)):
                found = page.evaluate(SCAN_JS, list(other_words("id")))
                wrong += [f"{titles[step.name]} ({screen}): {hit}" for hit in found]
        save_screenshot(projector, "room-morning-projector-review-1280")
        assert browser.page_errors == []
    took = time.monotonic() - started
    with open_workshop(file) as after:
        assert sorted(n.title for n in after.snapshot(Need)) == sorted(NEEDS)
        for kind in ("scores", "dot_votes", "stakeholders", "links", "goals", "influence",
                     "activities", "activity_votes", "stories", "story_votes",
                     "scorecard_scores"):  # fmt: skip
            by = {c.by for c in after.history() if kind in c.kind.split(",")}
            if not set(MORNING) <= by:
                wrong.append(f"{kind}: entered by {sorted(by)} only")
    assert "Traceback" not in room.log_tail(2000)
    assert wrong == [], "\n".join(wrong)
    assert took < 240, f"the day took {took:.0f} s"
