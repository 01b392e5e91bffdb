"""A course on several machines: a real JupyterHub with the project's configuration and a
workshop on PostgreSQL. A facilitator and three trainees log in in Chromium (one trainee
reloads); needs and dots arrive on the facilitator's view; a trainee reaches no server, no
kernel and no database URL; the facilitator's JupyterLab runs a stage's notebook as it opens;
no page asks anything outside the machine."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from hub_helpers import missing_hub, run_hub
from offline_browser import in_ci
from playwright.sync_api import expect
from serve_helpers import devices

from planning import create_workshop
from planning.records import Participant

pytestmark = pytest.mark.slow

FACILITATORS = {"siti": "fasilitator-siti-2026"}
DB_PASSWORD = "rahasia-basis-data"
PEOPLE = [
    {"name": "Ani Rahayu", "gender": "female", "group": "warga", "dusun": "Cibodas"},
    {"name": "Budi Santoso", "gender": "male", "group": "warga", "dusun": "Cibodas"},
    {"name": "Citra Lestari", "gender": "female", "group": "kader", "dusun": "Sukamulya"},
    {"name": "Dedi Kurnia", "gender": "male", "group": "tokoh", "dusun": "Sukamulya"},
]
TRAINEES = {"ani": "Ani Rahayu", "budi": "Budi Santoso", "citra": "Citra Lestari"}
NEEDS = ["Sumur bor di Cibodas", "Lampu jalan ke sekolah", "Posyandu lebih dekat"]


@pytest.fixture
def course_db(postgres_url: str) -> str:
    """The workshop's database, reached as a role with a password (the secret to keep)."""
    url = sa.engine.make_url(postgres_url)
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("DROP ROLE IF EXISTS planning_course")
        conn.exec_driver_sql(f"CREATE ROLE planning_course LOGIN PASSWORD '{DB_PASSWORD}'")
        conn.exec_driver_sql(f'GRANT ALL ON DATABASE "{url.database}" TO planning_course')
        conn.exec_driver_sql("ALTER DATABASE " + f'"{url.database}" OWNER TO planning_course')
    admin.dispose()
    course = url.set(username="planning_course", password=DB_PASSWORD)
    text = course.render_as_string(hide_password=False)
    with create_workshop(text, title="Pelatihan Desa Uji", desa="Uji", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
    return text


def test_a_course_on_the_hub(course_db, tmp_path, playwright_instance):
    """The README's recipe, on loopback: everyone logs in, everything arrives, nothing leaks."""
    reason = missing_hub()
    if reason:
        if in_ci() or os.environ.get("PLANNING_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    with (
        run_hub(course_db, tmp_path / "hub", facilitators=FACILITATORS) as hub,
        devices(playwright_instance) as browser,
    ):
        projector = browser.page(1280, 720)
        hub.login(projector, "siti")
        expect(projector.locator(".planning-facilitator")).to_be_visible()

        phones = {name: browser.page(390, 844) for name in TRAINEES}
        for login, phone in phones.items():
            hub.login(phone, login)
        for login, phone in phones.items():
            phone.locator(".planning-room-names button", has_text=TRAINEES[login]).click()
            expect(phone.locator(".planning-room-you")).to_contain_text(TRAINEES[login])
        ani = phones["ani"]
        ani.reload()  # the name stays: the seat is the hub user's
        expect(ani.locator(".planning-room-you")).to_contain_text("Ani Rahayu")
        expect(ani.locator(".planning-needform")).to_be_visible()

        for phone, need in zip(phones.values(), NEEDS, strict=True):
            phone.locator(".planning-needform input[type=text]").first.fill(need)
            phone.locator(".planning-needform button", has_text="Tambah").click()
            expect(phone.locator(".planning-needform [role=status]")).to_contain_text(need)
        for need in NEEDS:
            expect(projector.locator(".planning-needsresults")).to_contain_text(need)
        expect(projector.locator(".planning-room-who")).to_contain_text("3 dari 4")

        projector.locator(".planning-room-step", has_text="Voting titik").click()
        for phone, need in zip(phones.values(), NEEDS, strict=True):
            row = phone.locator(".planning-dotvotepanel .widget-hbox", has_text=need)
            row.locator("button.planning-tally-plus").click()
            expect(phone.locator(".planning-dotvotepanel [role=status]")).to_contain_text(
                "Tersimpan"
            )
        expect(projector.locator(".planning-dotsresults .planning-bar-row")).to_have_count(3)

        # What a trainee can reach: no server, no JupyterLab, no kernel, no secret.
        seen = ani.content()
        assert DB_PASSWORD not in seen and "postgresql" not in seen
        ask = ani.context.request
        for path, method in (
            ("user/ani/lab", "get"),
            ("hub/spawn", "post"),
            ("hub/api/users/ani/server", "post"),
            ("services/planning/api/kernels", "get"),
            ("services/planning/api/kernels", "post"),
            ("services/planning/voila/render/00_facilitator.ipynb", "get"),
        ):
            got = getattr(ask, method)(hub.url + path, max_redirects=5, fail_on_status_code=False)
            assert got.status >= 400 or "jupyterlab" not in got.text().lower(), path
            assert DB_PASSWORD not in got.text(), path
            assert got.status in (403, 404, 405), (path, got.status, got.url)

        # The facilitator's JupyterLab: a stage's notebook runs as it opens (nobody presses
        # Run All) and shows what the trainees entered.
        projector.goto(hub.url + "hub/spawn")
        expect(projector.locator(".jp-LabShell")).to_be_visible(timeout=240_000)
        projector.goto(hub.url + "user/siti/lab/tree/01_needs_assessment.ipynb")
        board = projector.locator(".planning-needsboard")
        expect(board).to_be_visible(timeout=180_000)
        expect(board).to_contain_text(NEEDS[0])
        assert browser.outside_requests == []
        assert not browser.page_errors, browser.page_errors
    assert DB_PASSWORD not in hub.log_tail(100000)
