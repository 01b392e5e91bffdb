"""The follow-up's room steps in `planning serve`, in headless Chromium: on phones (360 and
390 px) trainees tell a story and choose its domain, vote on the stories and score the score
card for their group; the projector shows the stories, the votes and the score card without a
reload; nothing on a phone is cut or off screen, and axe-core finds no serious or critical
problem on the 360 px phone at any step."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import save_screenshot
from playwright.sync_api import expect
from serve_helpers import axe_problems, devices, phone_problems, run_planning_serve, wait_for_pool

from planning import create_workshop
from planning.records import Participant

pytestmark = pytest.mark.slow

CODE = "730215"
PEOPLE = [
    {"name": "Ani Rahayu", "gender": "female", "group": "warga"},
    {"name": "Budi Santoso", "gender": "male", "group": "warga"},
]
PHONES = [(360, 640), (390, 844)]
STORY = "Ibu-ibu ikut rapat air"


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("followup-room") / "musyawarah.sqlite"
    with create_workshop(path, title="Musyawarah Desa Uji", desa="Uji", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
        ws.add("scorecard_criteria", name="Air mengalir setiap hari")
    return path


@pytest.fixture(scope="module")
def room(workshop, tmp_path_factory):
    with run_planning_serve(
        str(workshop), tmp_path_factory.mktemp("serve"), host="127.0.0.2", code=CODE
    ) as running:
        wait_for_pool(running)
        yield running


def _step(projector, title: str) -> None:
    projector.locator(".planning-room-step", has_text=title).click()


def test_trainees_tell_vote_and_score_from_their_phones(room, workshop, playwright_instance):
    """A story told, a vote cast and a score given from phones are stored as the trainee's and
    shown on the projector; the phones show nothing cut or off screen."""
    with devices(playwright_instance) as browser:
        projector = browser.page(1280, 720)
        projector.goto(room.facilitator_url)
        expect(projector.locator(".planning-facilitator")).to_be_visible()
        _step(projector, "Ceritakan perubahan")
        phones = [browser.page(w, h) for w, h in PHONES]
        for phone, person in zip(phones, PEOPLE, strict=True):
            phone.goto(room.join_url)
            phone.locator(".planning-room-names button", has_text=person["name"]).click()
            expect(phone.locator(".planning-room-you")).to_contain_text(person["name"])

        # a story and its domain
        form = phones[0].locator(".planning-storyform")
        expect(form).to_be_visible()
        form.locator("input[type=text]").first.fill(STORY)
        form.locator("textarea").first.fill("Sekarang ibu-ibu ikut menentukan jadwal air.")
        form.locator("button", has_text="Partisipasi").click()
        form.locator("button", has_text="Tambah").click()
        expect(form.locator("[role=status]")).to_contain_text(STORY)
        expect(projector.locator(".planning-storiespanel")).to_contain_text(STORY)
        for phone, (w, _) in zip(phones, PHONES, strict=True):
            assert phone_problems(phone) == [], w
        assert axe_problems(phones[0]) == []
        save_screenshot(phones[0], "room-followup-story-360")

        # a vote on the stories
        _step(projector, "Pilih cerita")
        for phone in phones:
            panel = phone.locator(".planning-storyvotepanel")
            expect(panel).to_contain_text(STORY)
            panel.locator("button.planning-tally-plus").first.click()
            expect(panel.locator("[role=status]")).to_contain_text("Tersimpan")
        expect(projector.locator(".planning-selectionpanel")).to_contain_text("2 suara")
        expect(projector.locator(".planning-selectionpanel")).to_contain_text("Suara terbanyak")
        for phone, (w, _) in zip(phones, PHONES, strict=True):
            assert phone_problems(phone) == [], w
        assert axe_problems(phones[0]) == []
        save_screenshot(phones[1], "room-followup-votes-390")

        # the score card for one's group
        _step(projector, "Isi kartu penilaian")
        form = phones[1].locator(".planning-scoreform")
        expect(form).to_be_visible()
        form.locator("button", has_text="Laki-laki").click()
        form.locator("button", has_text="4").first.click()
        form.locator("textarea").first.fill("Air mengalir, kecuali saat kemarau")
        form.locator("button", has_text="Tambah").click()
        expect(form.locator("[role=status]")).to_contain_text("Tersimpan")
        expect(projector.locator(".planning-scorecardpanel")).to_contain_text(
            "Air mengalir setiap hari"
        )
        assert phone_problems(phones[1]) == [], PHONES[1]
        expect(phones[0].locator(".planning-scoreform")).to_be_visible()
        assert axe_problems(phones[0]) == []
        save_screenshot(phones[1], "room-followup-scorecard-390")

        # the lights, read along on a phone
        _step(projector, "Lampu dan peta bersama")
        expect(phones[0].locator(".planning-lightspanel")).to_be_visible()
        assert phone_problems(phones[0]) == [], PHONES[0]
        assert axe_problems(phones[0]) == []
        save_screenshot(projector, "room-followup-facilitator-1280")
        assert browser.outside_requests == []
        assert browser.page_errors == []

    from planning import open_workshop

    with open_workshop(workshop) as ws:
        assert ws.find("stories", STORY).entered_by == PEOPLE[0]["name"]
        assert sum(v.votes for v in ws.records("story_votes")) == 2
        assert [(s.group, s.score) for s in ws.records("scorecard_scores")] == [("men", 4)]
