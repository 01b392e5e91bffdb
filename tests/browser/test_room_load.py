"""Load on a served room: 20 processes write through the package's API while four pages are
open (three trainees and the facilitator), on SQLite and on PostgreSQL; and 40 page loads in a
row, none stalled, the kernels culled back to the pool once the pages close."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import save_screenshot
from playwright.sync_api import expect
from serve_helpers import devices, run_planning_serve, wait_for_pool

from planning import create_workshop, open_workshop
from planning.needs.records import Need
from planning.records import Participant

pytestmark = pytest.mark.slow

CODE = "730215"
WRITERS = 20
WRITES = 10  # needs per writer: 200 writes in all
# The page loads in a row: the issue asks for 40 (about 4 minutes here); CI may lower it.
LOADS = int(os.environ.get("PLANNING_ROOM_LOADS", "40"))
POOL = 2
CULL = 10  # the cull time of the room these tests serve (the least planning serve allows)
POSTGRES = "PLANNING_TEST_POSTGRES"
PEOPLE = [{"name": n} for n in ("Ani", "Budi", "Citra")]

WRITER = textwrap.dedent(
    """
    import sys
    from planning import open_workshop
    from planning.errors import PlanningError
    from planning.needs.records import Need

    url, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    failed = 0
    with open_workshop(url, by=who) as ws:
        for j in range(count):
            try:
                ws.add(Need, title=f"Kebutuhan {who} nomor {j}", proposed_by=who)
            except PlanningError as err:
                failed += 1
                print("FAILED", err.message("en"), flush=True)
    print("written", count - failed, "failed", failed)
    sys.exit(1 if failed else 0)
    """
)


@pytest.fixture
def postgres_room_url() -> Iterator[str]:
    """A new, empty PostgreSQL database on the server CI starts, dropped after the test."""
    server = os.environ.get(POSTGRES, "")
    if not server:
        pytest.skip(f"{POSTGRES} is not set: no PostgreSQL server to test against")
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    name = f"planning_room_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _load(url: str, home: Path, playwright, label: str) -> None:
    with create_workshop(url, title="Uji beban", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
    with (
        run_planning_serve(url, home, host="127.0.0.2", code=CODE) as room,
        devices(playwright) as browser,
    ):
        wait_for_pool(room)
        projector = browser.page(1280, 720)
        projector.goto(room.facilitator_url)
        expect(projector.locator(".planning-needsresults")).to_be_visible()
        phones = []
        for person in PEOPLE:
            phone = browser.page(390, 844)
            phone.goto(room.join_url)
            phone.locator(".planning-room-names button", has_text=person["name"]).click()
            expect(phone.locator(".planning-needform")).to_be_visible()
            phones.append(phone)

        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, url, f"w{i:02d}", str(WRITES)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=env,
            )
            for i in range(WRITERS)
        ]
        outputs = [w.communicate(timeout=300)[0] for w in writers]
        assert [w.returncode for w in writers] == [0] * WRITERS, outputs
        assert not any("FAILED" in o or "locked" in o for o in outputs), outputs

        last = f"Kebutuhan w{WRITERS - 1:02d} nomor {WRITES - 1}"
        expect(projector.locator(".planning-needsresults")).to_contain_text(last, timeout=30_000)
        for page in (projector, *phones):
            assert "database is locked" not in page.content()
            assert page.locator("div.planning-status-error").count() == 0
        save_screenshot(projector, f"room-load-{label}-facilitator")
        assert browser.page_errors == [] and browser.outside_requests == []

    with open_workshop(url) as ws:
        titles = {n.title for n in ws.records(Need)}
    assert titles == {
        f"Kebutuhan w{i:02d} nomor {j}" for i in range(WRITERS) for j in range(WRITES)
    }


def test_twenty_writers_with_four_pages_open_on_sqlite(tmp_path, playwright_instance):
    """Are 200 writes from 20 processes all stored, none failed, with four pages open?"""
    _load(str(tmp_path / "beban.sqlite"), tmp_path / "serve", playwright_instance, "sqlite")


def test_twenty_writers_with_four_pages_open_on_postgresql(
    postgres_room_url, tmp_path, playwright_instance
):
    """The same on the PostgreSQL server."""
    _load(postgres_room_url, tmp_path / "serve", playwright_instance, "postgresql")


def test_page_loads_in_a_row_never_stall_and_kernels_go(tmp_path, playwright_instance):
    """LOADS page loads one after another: each ready, none stuck on "Executing"; once the
    pages are closed, the kernels go back to the pool."""
    path = tmp_path / "loads.sqlite"
    with create_workshop(path, title="Uji muat", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
    with (
        run_planning_serve(
            str(path), tmp_path / "serve", host="127.0.0.2", code=CODE, cull_after=CULL
        ) as room,
        devices(playwright_instance) as browser,
    ):
        wait_for_pool(room)
        first = browser.page(390, 844)
        context = first.context
        first.close()
        stalls, most, closed = [], 0, []
        for i in range(LOADS):
            page = context.new_page()
            page.goto(room.join_url)
            try:
                expect(page.locator(".planning-trainee")).to_be_visible(timeout=45_000)
            except AssertionError:
                stalls.append((i, page.locator("body").inner_text()[:200]))
            page.close()
            closed.append(time.monotonic())
            most = max(most, room.kernels())
        assert stalls == [], room.log_tail()
        deadline = time.monotonic() + 60
        while room.kernels() > POOL and time.monotonic() < deadline:
            time.sleep(1)
        assert room.kernels() == POOL, room.log_tail()
        # Closed pages' kernels go within the cull time (10 s here, looked at every 2 s, some
        # seconds to shut down on a busy laptop): never more at once than the pages closed
        # within that time and the pool being filled again, so never one per load. How many
        # that is depends on how fast the pages load.
        linger = CULL + 2 + 8
        recent = max(sum(1 for t in closed if 0 <= c - t <= linger) for c in closed)
        assert most <= 2 * POOL + recent, (most, recent)
        assert most < POOL + LOADS, most
