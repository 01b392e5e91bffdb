"""`planning serve` in Chromium: three trainees on phones and the facilitator on a projector,
an access code, a wrong code, a name on two devices, the facilitator leading step by step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import save_screenshot
from playwright.sync_api import expect
from serve_helpers import devices, phone_problems, run_planning_serve, wait_for_pool

from planning import create_workshop
from planning.needs.records import DotVote, Need
from planning.records import Participant

pytestmark = pytest.mark.slow

CODE = "482913"
PEOPLE = [
    {"name": "Ani Rahayu", "gender": "female", "group": "warga", "dusun": "Cibodas"},
    {"name": "Budi Santoso", "gender": "male", "group": "warga", "dusun": "Cibodas"},
    {"name": "Citra Lestari", "gender": "female", "group": "kader", "dusun": "Sukamulya"},
    {"name": "Dedi Kurnia", "gender": "male", "group": "tokoh", "dusun": "Sukamulya"},
    {"name": "Eka Putri", "gender": "female", "group": "warga", "dusun": "Cibodas"},
    {"name": "Fajar Nugraha", "gender": "male", "group": "pemerintah_desa", "dusun": "Cibodas"},
]
PHONES = [(360, 640), (390, 844), (390, 844)]
TRAINEES = ["Ani Rahayu", "Budi Santoso", "Citra Lestari"]
NEEDS = ["Sumur bor di Cibodas", "Lampu jalan ke sekolah", "Posyandu lebih dekat"]


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("room") / "musyawarah.sqlite"
    with create_workshop(path, title="Musyawarah Desa Uji", desa="Uji", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
    return path


@pytest.fixture(scope="module")
def room(workshop, tmp_path_factory):
    with run_planning_serve(
        str(workshop), tmp_path_factory.mktemp("serve"), host="127.0.0.2", code=CODE
    ) as running:
        wait_for_pool(running)
        yield running


def _pick(page, name: str) -> None:
    page.locator(".planning-room-names button", has_text=name).click()
    expect(page.locator(".planning-room-you")).to_contain_text(name)


def test_a_room_of_three_trainees_led_by_the_facilitator(room, workshop, playwright_instance):
    """Three phones join with the code, pick names, name a need, cast dots; the projector shows
    it all without a reload; the trainees' pages follow the facilitator's steps."""
    assert f"Kode akses: {CODE}" in room.output and room.qr.read_text().count("<svg") == 1
    with devices(playwright_instance) as browser:
        projector = browser.page(1280, 720)
        projector.goto(room.facilitator_url)
        expect(projector.locator(".planning-facilitator")).to_be_visible()
        expect(projector.locator(".planning-room-join")).to_contain_text("127.0.0.2")
        phones = [browser.page(w, h) for w, h in PHONES]
        for phone in phones:
            phone.goto(room.join_url)  # what the QR code says
        for phone, name in zip(phones, TRAINEES, strict=True):
            expect(phone.locator(".planning-room-names button").first).to_be_visible()
            _pick(phone, name)
            expect(phone.locator(".planning-needform")).to_be_visible()
        save_screenshot(phones[0], "room-trainee-need-360")

        # each names a need at once
        for phone, need in zip(phones, NEEDS, strict=True):
            phone.locator(".planning-needform input[type=text]").first.fill(need)
        for phone in phones:
            phone.locator(".planning-needform button", has_text="Tambah").click()
        for phone, need in zip(phones, NEEDS, strict=True):
            expect(phone.locator(".planning-needform [role=status]")).to_contain_text(need)
        for need in NEEDS:
            expect(projector.locator(".planning-needsresults")).to_contain_text(need)
        expect(projector.locator(".planning-room-who")).to_contain_text("3 dari 6")
        save_screenshot(projector, "room-facilitator-needs-1280")

        # the facilitator moves on; every phone follows
        projector.locator(".planning-room-next button, button.planning-room-next").click()
        # no criteria yet: the view says what step 2 lacks and opens it only when asked to
        expect(projector.locator(".planning-room-gate")).to_contain_text("perlu kriteria")
        projector.locator(".planning-room-gate button", has_text="Buka juga").click()
        for phone in phones:
            expect(phone.locator(".planning-room-now")).to_contain_text("Beri skor")
        projector.locator(".planning-room-step", has_text="Voting titik").click()
        for phone in phones:
            expect(phone.locator(".planning-dotvotepanel")).to_be_visible()
            expect(phone.locator(".planning-dots-who")).to_be_hidden()  # they know who they are

        # each casts two dots on their own need
        for phone, need in zip(phones, NEEDS, strict=True):
            row = phone.locator(".planning-dotvotepanel .widget-hbox", has_text=need)
            for _ in range(2):
                row.locator("button.planning-tally-plus").click()
                expect(phone.locator(".planning-dotvotepanel [role=status]")).to_contain_text(
                    "Tersimpan"
                )
        for phone in phones:
            expect(phone.locator(".planning-dotvotepanel")).to_contain_text("3")  # dots left
        expect(projector.locator(".planning-dotsresults .planning-bar-row")).to_have_count(3)
        expect(projector.locator(".planning-room-who")).to_contain_text("3 dari 6")
        for i, phone in enumerate(phones):
            save_screenshot(phone, f"room-trainee-{i + 1}-dots-{PHONES[i][0]}")
        for phone, (w, _) in zip(phones, PHONES, strict=True):
            assert phone_problems(phone) == [], w
        save_screenshot(projector, "room-facilitator-dots-1280")

        # a fourth device picks a name already in use: asked, and the facilitator sees it
        fourth = browser.page(390, 844)
        fourth.goto(room.join_url)
        fourth.locator(".planning-room-names button", has_text="Ani Rahayu").click()
        expect(fourth.locator(".planning-room-confirm")).to_contain_text("sudah dipakai")
        save_screenshot(fourth, "room-trainee-name-in-use-390")
        fourth.locator(".planning-room-confirm button", has_text="Ya, saya Ani Rahayu").click()
        expect(fourth.locator(".planning-room-you")).to_contain_text("Ani Rahayu")
        expect(projector.locator(".planning-room-warn")).to_contain_text("Ani Rahayu (2 perangkat)")

        # the map's first step: a trainee puts an actor on the map from a phone
        projector.locator(".planning-room-step", has_text="Siapa yang terlibat").click()
        phone = phones[0]
        form = phone.locator(".planning-stakeholderform")
        expect(form).to_be_visible()
        form.locator("input[type=text]").first.fill("Bank Sampah Berseri")
        # the sector: a trainee's form has no chooser of an actor to edit before it
        form.locator("select").nth(0).select_option(label="kelompok masyarakat")
        form.locator("button", has_text="Tambah").click()
        expect(form).to_contain_text("Ditambahkan: Bank Sampah Berseri.")
        expect(projector.locator(".planning-stakeholdermap img")).to_be_visible()
        expect(projector.locator(".planning-room-who")).to_contain_text("1 dari 6")
        assert phone_problems(phone) == [], PHONES[0]
        save_screenshot(phone, f"room-trainee-actor-{PHONES[0][0]}")
        save_screenshot(projector, "room-facilitator-map-1280")

        assert browser.outside_requests == []
        assert browser.page_errors == []
        assert "database is locked" not in projector.content()

    from planning import open_workshop

    with open_workshop(workshop) as ws:
        people = {p.id: p.name for p in ws.records(Participant)}
        for name, need in zip(TRAINEES, NEEDS, strict=True):
            assert ws.find(Need, need).entered_by == name
        assert sorted((people[v.participant], v.dots) for v in ws.records(DotVote)) == [
            (name, 2) for name in TRAINEES
        ]
        assert {c.by for c in ws.history() if c.kind == "dot_votes"} == set(TRAINEES)
        assert ws.find("stakeholders", "Bank Sampah Berseri").entered_by == TRAINEES[0]


def test_without_the_code_nobody_sees_the_workshop(room, playwright_instance):
    """A visitor without the code gets the code page; a wrong code is refused; the right one
    opens the trainee's page."""
    with devices(playwright_instance) as browser:
        page = browser.page(390, 844)
        page.goto(room.base_url)
        expect(page.locator("h1")).to_have_text("Masukkan kode akses")
        assert "Musyawarah" not in page.content() and "jupyter-widgets" not in page.content()
        for path in ("voila/render/trainee.ipynb", "voila/render/00_facilitator.ipynb"):
            page.goto(room.base_url + path)
            expect(page.locator("h1")).to_have_text("Masukkan kode akses")
        page.goto(room.base_url)
        page.fill("#code", "000000")
        page.click("button[type=submit]")
        expect(page.locator("[role=alert]")).to_contain_text("“000000” salah")
        assert page.evaluate("document.documentElement.lang") == "id"
        save_screenshot(page, "room-wrong-code-390")
        assert "Musyawarah" not in page.content()
        page.fill("#code", CODE)
        page.click("button[type=submit]")
        expect(page.locator(".planning-room-names button").first).to_be_visible()
        assert re.search(r"<title>Peserta · Musyawarah Desa Uji</title>", page.content())
        assert page.evaluate("document.documentElement.lang") == "id"
        assert browser.outside_requests == []


# A phone with an Indonesian voice: what it says is kept, nothing is sent anywhere.
SPEECH_STUB = """
window.__said = [];
const voice = { lang: "id-ID", name: "Damayanti" };
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  getVoices: () => [voice], cancel: () => {}, addEventListener: () => {},
  speak: (u) => window.__said.push([u.text, u.lang]),
} });
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_a_phone_shows_pictures_and_reads_titles_aloud(room, workshop, playwright_instance):
    """The facilitator asks for pictures: a phone's need form shows each category as a card
    (large words, a picture, 44 px at least, nothing cut at 360 px) and a tap chooses it; on
    the dots, a tap on a need's loudspeaker says its title with the phone's Indonesian voice,
    and no request leaves the machine."""
    from planning import open_workshop
    from planning.i18n import label
    from planning.room import state

    with open_workshop(workshop) as ws:
        state.open_step(ws, "needs")
        state.set_pictures(ws, True)
        categories = Need.specs()["category"].choices
    try:
        with devices(playwright_instance) as browser:
            phone = browser.page(360, 640)
            phone.context.add_init_script(SPEECH_STUB)
            phone.goto(room.join_url)
            _pick(phone, "Dedi Kurnia")
            form = phone.locator(".planning-needform")
            cards = form.locator("button.planning-pic-button")
            expect(cards).to_have_count(len(categories))
            expect(form.locator("select")).to_be_hidden()  # pictures instead of the list
            school = label("category", "education", "id")
            cards.filter(has_text=school).click()
            expect(cards.filter(has_text=school)).to_contain_text("✓")
            expect(cards.filter(has_text=school)).to_have_attribute("aria-pressed", "true")
            for box in (cards.nth(i).bounding_box() for i in range(len(categories))):
                assert box["width"] >= 44 and box["height"] >= 44
            assert phone_problems(phone) == []
            save_screenshot(phone, "room-trainee-pictures-360")
            form.locator("input[type=text]").first.fill("PAUD di Sukamulya")
            form.locator("button", has_text="Tambah").click()
            expect(form.locator("[role=status]")).to_contain_text("PAUD di Sukamulya")

            with open_workshop(workshop) as ws:
                assert ws.find(Need, "PAUD di Sukamulya").category == "education"
                state.open_step(ws, "dots")
            panel = phone.locator(".planning-dotvotepanel")
            expect(panel).to_be_visible()
            speak = panel.locator(".planning-speak", has=phone.locator("img")).first
            expect(speak).to_be_visible()  # shown: the phone has an Indonesian voice
            title = speak.get_attribute("data-speak")
            assert speak.get_attribute("aria-label") == f"Bacakan: {title}"
            speak.click()
            phone.wait_for_function("window.__said.length > 0")
            assert phone.evaluate("window.__said") == [[title, "id-ID"]]
            save_screenshot(phone, "room-trainee-read-aloud-360")
            assert browser.outside_requests == []
            assert browser.page_errors == []
    finally:
        with open_workshop(workshop) as ws:
            state.set_pictures(ws, False)
