"""A real day in the room, headless: one complete file (checkpoints, a checked copy), and
names held on phones that left (released after the facilitator's time, or by hand). What
`planning serve` does on SIGINT and SIGTERM is in tests/browser/test_room_day_browser.py."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from planning import open_workshop
from planning.errors import StoreError, ValidationError
from planning.needs.records import Need
from planning.records import Participant
from planning.room import durable, seats, state
from planning.summary import summary
from planning.widgets.facilitator import FacilitatorView
from planning.widgets.trainee import TraineePage

PEOPLE = [{"name": "Ani"}, {"name": "Budi"}, {"name": "Citra"}]


def later() -> dt.datetime:
    """Twenty minutes from now (taken when a test runs, not when the file is collected)."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20)


@pytest.fixture
def room(ws):
    ws.add_many(Participant, PEOPLE)
    return ws


@pytest.fixture
def room_id(ws_id):
    ws_id.add_many(Participant, PEOPLE)
    return ws_id


def _file(ws) -> Path:
    return Path(ws.url.removeprefix("sqlite:///"))


def _alone(file: Path, where: Path) -> Path:
    """Copy the .sqlite file alone, as onto a USB stick."""
    where.mkdir(exist_ok=True)
    return Path(shutil.copy(file, where / file.name))


def _needs_in(file: Path) -> int:
    conn = sqlite3.connect(file)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name='records'").fetchone():
            return 0  # not even the tables reached the file
        return int(conn.execute("SELECT count(*) FROM records WHERE kind='needs'").fetchone()[0])
    finally:
        conn.close()


# --- one complete file -------------------------------------------------------------------


def test_does_a_checkpoint_put_the_days_writes_in_the_file_alone(room, tmp_path: Path):
    conn = sqlite3.connect(_file(room))  # another kernel holding the file: no checkpoint on close
    conn.execute("SELECT count(*) FROM meta").fetchone()
    room.add(Need, title="Clean water")
    room.close()
    assert _needs_in(_alone(_file(room), tmp_path / "before")) == 0  # only in the -wal file
    pages, copied = durable.checkpoint(room.url, "TRUNCATE") or (-1, -1)
    assert copied == pages
    assert _needs_in(_alone(_file(room), tmp_path / "after")) == 1
    assert Path(str(_file(room)) + "-wal").stat().st_size == 0
    conn.close()


def test_does_the_checkpointer_checkpoint_while_running_and_truncate_on_stop(room, tmp_path):
    keeper = durable.Checkpointer(room.url, every=0.05).start()
    holder = sqlite3.connect(_file(room))
    holder.execute("SELECT count(*) FROM meta").fetchone()
    room.add(Need, title="Clean water")
    last = keeper.stop()
    assert last is not None and last[0] == last[1]
    assert _needs_in(_alone(_file(room), tmp_path / "copy")) == 1
    holder.close()


def test_is_a_database_server_left_to_itself():
    assert durable.checkpoint("postgresql+psycopg://u@127.0.0.1/w") is None
    durable.checkpoint_at_exit("postgresql+psycopg://u@127.0.0.1/w")  # nothing to register


def test_is_the_copy_complete_and_checked(demo, tmp_path: Path):
    seen: list[tuple[int, int]] = []
    (tmp_path / "usb").mkdir()
    target = tmp_path / "usb" / "copy.sqlite"
    out = durable.save_copy(demo.url, target, lambda done, total: seen.append((done, total)))
    copy = open_workshop(out)
    try:
        assert json.dumps(summary(copy), sort_keys=True, default=str) == json.dumps(
            summary(demo), sort_keys=True, default=str
        )
    finally:
        copy.close()
    assert seen and seen[-1][0] == seen[-1][1]
    assert not Path(str(out) + "-wal").exists()


def test_is_a_copy_that_cannot_be_written_one_message_and_nothing_left(room, tmp_path: Path):
    with pytest.raises(StoreError) as err:
        durable.save_copy(room.url, tmp_path / "no-such-folder" / "x" / "copy.sqlite")
    assert "no-such-folder" in err.value.message("en")
    with pytest.raises(StoreError, match="its own workshop"):
        durable.save_copy(room.url, _file(room))
    assert list(tmp_path.glob("**/*.partial")) == []


def test_does_the_facilitators_button_save_a_checked_copy(room, tmp_path: Path):
    room.add(Need, title="Clean water")
    view = FacilitatorView(room)
    saved = view.copy.save(str(tmp_path))
    assert saved is not None and saved.parent == tmp_path
    assert "saved and checked" in view.copy.status
    assert _needs_in(saved) == 1
    assert view.copy.save(str(tmp_path / "missing" / "deeper")) is None
    assert "no folder" in view.copy.status
    view.close()


# --- seats of phones that left ------------------------------------------------------------


def test_is_a_seat_released_after_the_facilitators_time(room):
    LATER = later()
    state.claim(room, "aa01", "Ani")
    state.claim(room, "bb02", "Budi")
    seats.beat(room, "bb02", room.find(Participant, "Budi").id, LATER)  # Budi's page still looks
    assert seats.release_after(room) == seats.RELEASE_DEFAULT
    assert [s.device for s in seats.release_idle(room)] == []  # nobody unseen for 15 min yet
    assert [s.device for s in seats.release_idle(room, LATER)] == ["aa01"]
    assert set(state.seats(room)) == {"bb02"}
    assert state.seat_of(room, "bb02").name == "Budi"


def test_does_zero_minutes_mean_never_and_a_bad_time_one_message(room):
    state.claim(room, "aa01", "Ani")
    assert seats.set_release_after(room, "0") == 0
    assert seats.release_idle(room, later()) == []
    for bad in ("soon", -1, 100000):
        with pytest.raises(ValidationError) as err:
            seats.set_release_after(room, bad)
        assert "minutes" in err.value.message("en")
    assert seats.release_after(room) == 0


def test_does_the_facilitator_release_a_name_by_hand(room):
    phone = TraineePage(room, device="aa01")
    phone.pick("Ani")
    view = FacilitatorView(room)
    assert view.seats.held == ["Ani"]
    assert view.seats.release("aa01")
    assert "Ani's name is released" in view.seats.status
    assert view.seats.held == []
    other = TraineePage(room, device="cc03")
    other.pick("Ani")  # nobody else holds it now: no question asked
    assert other.name == "Ani" and other.question == ""
    phone._beat = 0.0  # its next look (every half minute) finds the name gone
    phone.look()
    assert phone.name == "" and "released your name" in phone.status
    assert view.seats.set_release_after(5)
    assert seats.release_after(room) == 5
    for page in (phone, other, view):
        page.close()


def test_does_a_page_that_is_still_there_say_so(room):
    phone = TraineePage(room, device="aa01")
    phone.pick("Budi")
    phone._beat = 0.0
    phone.look()
    (seat,) = seats.seat_list(room)
    assert seat.person == room.find(Participant, "Budi").id
    assert seat.unseen() is not None and seat.unseen() < 60
    assert seats.release_idle(room) == []
    phone.close()


# --- pages that come back -----------------------------------------------------------------


def test_does_a_page_back_after_its_kernel_went_get_the_earlier_steps_form(room):
    """The facilitator moved on while the phone was offline: the page shows the step the
    kept values were typed for once more, and what is sent there is stored once."""
    phone = TraineePage(room, device="aa01")
    phone.pick("Ani")
    state.move(room, +2)
    phone.look()
    assert phone.step == "dots" and phone.kept.step == ""
    phone.kept.ask("needs")
    assert phone.kept.step == "needs"
    form = phone.kept.children[2].children[0]
    form.fill(title="Sumur bor")
    form.add()
    assert [n.title for n in room.snapshot(Need)] == ["Sumur bor"]
    phone.kept.ask("dots")  # the open step: the page puts the values back itself
    assert phone.kept.step == "needs"
    phone.kept.ask("no-such-step")
    phone.kept.clear()
    assert phone.kept.step == "" and len(phone.kept.children) == 1
    phone.close()


def test_are_the_words_of_a_page_offline_in_the_workshops_language():
    from planning.room.reconnect import page_words

    assert page_words("id")["offline"] == "Koneksi terputus, menyambung lagi..."
    assert page_words("en")["offline"].startswith("Connection lost")
    assert set(page_words("en")) == {"offline", "kept", "back", "restored"}


def test_does_the_terminal_say_once_that_a_page_came_back(caplog):
    import logging

    from planning.room.quiet import RoomLog

    room_log = RoomLog()
    kernel = "2a6d2240-dd24-4913-9b3c-980232e76c92"
    lines = [
        f"404 GET /api/kernels/{kernel} (127.0.0.1): Kernel does not exist: {kernel}",
        f"wrote error: 'Kernel does not exist: {kernel}'",
        f"404 GET /api/kernels/{kernel} (127.0.0.1) 154.00ms",
        f"403 POST /voila/api/shutdown/{kernel} (127.0.0.1) 81.91ms",
        "wrote error: \"'_xsrf' argument missing from POST\"",
    ]
    kept = []
    for _ in range(3):
        for line in lines:
            record = logging.LogRecord("tornado.general", logging.WARNING, "", 0, line, (), None)
            if room_log.filter(record):
                kept.append(record.getMessage())
    real = logging.LogRecord("x", logging.WARNING, "", 0, "disk full", (), None)
    assert room_log.filter(real)
    assert kept == [f"A page came back after its kernel {kernel} was shut down: it loads again."]


# --- the votes step --------------------------------------------------------------------------


def test_does_the_votes_step_show_the_counts_without_a_ceiling(demo):
    from planning.actions.records import Ceiling
    from planning.actions.room import VoteCountsPanel

    with_ceilings = VoteCountsPanel(demo).html
    assert "planning-bar-row" in with_ceilings and "Suara per kegiatan" in with_ceilings
    for ceiling in demo.snapshot(Ceiling):
        demo.remove(Ceiling, ceiling.id)
    shown = VoteCountsPanel(demo).html
    assert shown.count("planning-bar-row") >= 3 and "Suara per kegiatan" in shown


# --- ready for the day --------------------------------------------------------------------


def test_does_each_step_say_what_it_still_needs_in_a_fresh_workshop(room):
    from planning.widgets.prepare import PreparePanel

    panel = PreparePanel(room)
    said = " | ".join(panel.lines)
    assert "1. Name the needs: ready" in said
    assert "Step 2 needs criteria: add them here." in said
    assert "Step 9 needs an influence question: add it here." in said
    assert "No ceilings are set: the votes are counted" in said
    # A step that waits on another names that step by the one number it has everywhere.
    assert "Step 11 needs activities to vote on: participants add them in step 10." in said
    assert "Step 10 needs priority needs: run steps 1 to 5 first." in said
    assert "Step 7 needs two actors on the map at least: participants add them in step 6." in said
    panel.show("criteria")
    assert type(panel.section).__name__ == "CriteriaPanel"
    panel.section.use_preset("desa")
    assert "Step 2 needs criteria" not in " | ".join(panel.lines)
    panel.show("influence_questions")
    panel.section.fill(name="Anggaran desa", question="Who has a say on the village budget?")
    panel.section.add()
    assert "Step 9 needs an influence question" not in " | ".join(panel.lines)
    assert "Step 14 needs the score card's criteria: add them here" in said
    panel.show("scorecard_criteria")
    panel.section.fill(name="Water flows every day")
    panel.section.add()
    assert "score card's criteria" not in " | ".join(panel.lines)
    for name in ("link_types", "plan_settings", "ceilings"):
        panel.show(name)
        assert panel.section is not None
    panel.close()


def test_is_a_step_that_cannot_run_opened_only_when_the_facilitator_says_so(room):
    view = FacilitatorView(room)
    view.go_to("scores")
    assert view.step == "needs" and state.current(room).step.name == "needs"
    assert "2. Score the needs cannot run" in view.gate.question
    assert "needs criteria" in view.gate.question
    view.gate.cancel()
    assert view.gate.question == ""
    view.next()  # the same question again
    assert view.gate.question and state.current(room).step.name == "needs"
    view.gate.anyway()
    assert state.current(room).step.name == "scores"
    room.add(Need, title="Clean water")
    view.go_to("dots")  # ready: no question
    assert state.current(room).step.name == "dots" and view.gate.question == ""
    view.close()


# --- the trainee's activity form -------------------------------------------------------------


def test_does_a_trainees_activity_form_ask_only_what_a_trainee_knows(demo):
    """The trainee's activity form has title, need, where, when and rough cost; what it
    adds is stored (strategy, source and bidang empty), and the plan's checks tell the
    facilitator to complete them, as a warning, not as a refused or unknown code."""
    from planning.actions.assessment import review
    from planning.actions.panels import ActivityForm
    from planning.actions.records import Activity

    name = demo.snapshot(Participant)[0].name
    trainee = open_workshop(demo.url, by=name, role="trainee")
    form = ActivityForm(trainee, name)
    assert form.shown == ("title", "need", "dusun", "start", "end", "cost")
    assert ActivityForm.FORM.missing() == []
    need = form.options("need")[1][1]
    form.fill(title="Sumur bor", need=need, dusun="Dusun Satu", start="2026-03-01",
              end="2026-04-30", cost=5_000_000)  # fmt: skip
    form.add()
    [added] = [a for a in demo.snapshot(Activity) if a.title == "Sumur bor"]
    assert (added.strategy, added.source, added.bidang, added.entered_by) == ("", "", "", name)
    found = {(f.check, f.severity) for f in review(demo).findings if f.where_id}
    assert ("to_complete", "warning") in found
    assert not [f for f in review(demo).findings if f.check == "unknown_code"]
    assert len(ActivityForm(demo).shown) > 20  # the facilitator's form has every field
    trainee.close()


# --- messages that say what a person means ---------------------------------------------------


def test_is_a_pair_two_phones_judge_at_once_named_with_who_gave_it(room_id):
    """Two phones show the same pair; the second to tap is told who judged it (no id) and
    gets the next pair."""
    from planning.needs.room import pairwise_form
    from planning.widgets.common import WorkshopState

    room_id.add_many(Need, [{"title": "Sumur"}, {"title": "Lampu"}, {"title": "Jalan"}])
    ani = open_workshop(room_id.url, by="Ani", role="trainee")
    budi = open_workshop(room_id.url, by="Budi", role="trainee")
    first, second = pairwise_form(ani, "Ani"), pairwise_form(budi, "Budi")
    shown = first.pair
    assert shown == second.pair
    first.decide(None)
    second.decide(None)
    assert second.status == "'Sumur / Lampu' sudah dicatat oleh Ani (perbandingan berpasangan)."
    WorkshopState.of(budi).poll()  # the kernel's look, a second later: Ani's pair arrives
    assert second.pair not in (shown, None)
    assert len(room_id.snapshot("pairwise")) == 1
    for page in (first, second, ani, budi):
        page.close()


def test_does_a_count_with_nothing_left_say_so():
    """No "a whole number from 0 to 0": a phone whose dots are all given is told so."""
    from planning.errors import BudgetError
    from planning.needs.methods.dots import check_dot_budget

    with pytest.raises(BudgetError) as err:
        check_dot_budget(5, 1, 5, participant="Sari")
    said = err.value.message("id")
    assert "dari 0 sampai 0" not in said and "tidak ada lagi: semuanya sudah dipakai" in said
