"""Pictures on the choices: every need category, strategy, funding source, link type and vote
button has a shipped pictogram with alt text in both languages, put in the page with no
request; the read-aloud button speaks only where the phone has a voice of the language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from planning import stages
from planning.i18n import catalogue
from planning.records import kind_class
from planning.render.pictograms import FOLDER, found, names, pictogram, speak_button, vote_css
from tests.offline_browser import needs_browser, offline_browser

TEMPLATE = Path(__file__).parents[1] / "templates" / "voila" / "templates" / "planning"


def choices() -> list[tuple[str, str]]:
    stages.stages()
    out = []
    for kind, field in (
        ("needs", "category"),
        ("activities", "strategy"),
        ("activities", "source"),
        ("links", "type"),
    ):
        spec = kind_class(kind).specs()[field]
        out += [(spec.group, code) for code in spec.choices]
    return out + [("vote", "plus"), ("vote", "minus"), ("vote", "approve"), ("speak", "")]


@pytest.mark.parametrize(("group", "code"), choices(), ids=lambda x: str(x))
def test_does_every_choice_have_its_own_pictogram_with_alt_text_in_both_languages(group, code):
    """Is there a picture of this very choice, with alt text in Indonesian and in English?"""
    name = f"{group}.{code}" if code else group
    assert found(group, code) == name
    key = f"picto.{name}"
    words = {lang: catalogue(lang).get(key, "") for lang in ("id", "en")}
    assert words["id"] and words["en"] and words["id"] != words["en"]


def test_is_every_shipped_pictogram_alt_texted():
    """Has every shipped picture alt text in both languages (none without words)?"""
    for name in names():
        assert catalogue("id").get(f"picto.{name}") and catalogue("en").get(f"picto.{name}")


@pytest.mark.parametrize("name", names())
def test_is_every_pictogram_a_plain_svg_that_asks_for_nothing(name):
    """Is each file an SVG with no script, no link and no outside address?"""
    text = (FOLDER / f"{name}.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag.endswith("svg")
    assert not re.search(r"<script|href|url\(|@import", text, re.I)
    assert re.findall(r"https?://[^\"]+", text) == ["http://www.w3.org/2000/svg"]


def test_does_the_trainees_dot_form_show_pictures_and_a_read_aloud_button(ws_id):
    """Does each need's row on a trainee's phone carry its category's picture, alt text in the
    workshop's language, and a read-aloud button for its title?"""
    from planning.needs.room import dots_form
    from planning.store import open_workshop

    ws_id.add("participants", name="Ani", gender="female")
    ws_id.add("needs", title="Air bersih", category="health")
    trainee = open_workshop(ws_id.url, by="Ani", role="trainee")
    try:
        panel = dots_form(trainee, "Ani")
        html = "".join(
            getattr(x, "value", "") for row in panel._rows.children for x in row.children
        )
    finally:
        trainee.close()
    assert 'alt="Gambar palang merah: kesehatan"' in html
    assert 'data-speak="Air bersih"' in html and 'data-lang="id"' in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_does_a_form_show_the_chosen_categorys_picture_with_a_large_label(ws):
    """Does the needs board show the picture and label of the category chosen?"""
    from planning.needs.panels import NeedsBoard

    board = NeedsBoard(ws)
    control = board._controls["category"]
    control.value = "education"
    assert 'alt="Picture of an open book: education"' in control.picture.value
    assert "planning-picto-label" in control.picture.value


SPEAK_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}
.planning-speak {{ display: none; }}
.planning-can-speak-id .planning-speak[data-lang="id"] {{ display: inline-flex; }}
</style><script>
window.__said = [];
Object.defineProperty(window, "speechSynthesis", {{ configurable: true, value: {{
  getVoices: function () {{ return {voices}; }},
  cancel: function () {{}},
  speak: function (u) {{ window.__said.push([u.text, u.lang]); }},
  addEventListener: function () {{}}
}} }});
window.SpeechSynthesisUtterance = function (text) {{ this.text = text; }};
</script></head><body>
<div>{picture}{button}<span>Air bersih</span></div>
<button class="planning-tally-plus">+</button>
<script>{script}</script></body></html>"""


@needs_browser
@pytest.mark.parametrize(
    ("voices", "said"),
    [('[{"lang": "id-ID", "name": "Damayanti"}]', [["Air bersih", "id-ID"]]), ("[]", [])],
)
def test_does_the_phone_read_aloud_only_with_an_indonesian_voice_and_ask_nothing(
    tmp_path, voices, said
):
    """With an Indonesian voice, does a tap say the title; with none, is the button hidden and
    nothing said? Either way, do the pictures load with no request outside the page?"""
    page_file = tmp_path / "speak.html"
    page_file.write_text(
        SPEAK_PAGE.format(
            css=vote_css(),
            voices=voices,
            picture=pictogram("category", "health", "id"),
            button=speak_button("Air bersih", "id"),
            script=(TEMPLATE / "planning-speak.js").read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    with offline_browser() as chromium:
        page = chromium.page(390, 700)
        page.goto(page_file.as_uri())
        loaded = page.evaluate(
            "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
        assert loaded
        button = page.locator(".planning-speak")
        if said:
            box = button.bounding_box()
            assert box and box["width"] >= 44 and box["height"] >= 44
            button.click()
        else:
            assert not button.is_visible()
            page.evaluate("document.querySelector('.planning-speak').click()")
        assert page.evaluate("window.__said") == said
        assert chromium.blocked == []


# --- pictures instead of words alone, on a phone ------------------------------------------------


@pytest.fixture
def phone(ws_id):
    """A room of two with a need, and Ani's trainee workshop."""
    from planning.store import open_workshop

    ws_id.add("participants", name="Ani", gender="female")
    ws_id.add("participants", name="Budi", gender="male")
    ws_id.add("needs", title="Air bersih", category="health")
    ws_id.add("needs", title="Jalan desa", category="infrastructure")
    trainee = open_workshop(ws_id.url, by="Ani", role="trainee")
    yield ws_id, trainee
    trainee.close()


def test_does_the_need_form_show_its_categories_as_picture_cards(phone):
    """With pictures on, is each category a card with its picture and large words, and does a
    tap on a card choose it (marked) and store it with the need?"""
    from planning.needs.room import NeedForm

    ws, trainee = phone
    form = NeedForm(trainee, "Ani")
    assert form.can_show_pictures
    control = form.control("category")
    form.use_pictures(True)
    cards = control._card
    assert set(cards) == set(control.spec.choices)
    assert all(f"planning-pic-category-{c}" in cards[c]._dom_classes for c in cards)
    style = control._cards.children[0].value
    assert style.count("data:image/svg+xml;base64,") == len(cards) and "http" not in style.replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert control.widget.layout.display == "none"  # words alone are hidden meanwhile
    cards["education"].click()
    assert control.value == "education"
    assert cards["education"].description.startswith("✓ ")
    assert "planning-pic-chosen" in cards["education"]._dom_classes
    assert not cards["health"].description.startswith("✓")
    form.fill(title="Sekolah PAUD")
    form.add()
    assert ws.find("needs", "Sekolah PAUD").category == "education"
    form.use_pictures(False)
    assert control.widget.layout.display == "" and control._cards.layout.display == "none"


def test_does_a_phone_follow_the_facilitators_pictures_and_may_change_its_own(phone):
    """When the facilitator turns pictures on, does Ani's page show the cards at its next look,
    may she turn them off on her own phone, and is a trainee refused the room's setting?"""
    from planning.errors import PlanningError
    from planning.room import state
    from planning.widgets.trainee import TraineePage

    ws, trainee = phone
    page = TraineePage(trainee, device="a1")
    page.pick("Ani")
    assert page.step == "needs" and not page.pictures
    state.set_pictures(ws, True)
    page.look()
    assert page.pictures and page.form.control("category").pictures
    page.show_pictures(False)  # her own phone
    assert not page.form.control("category").pictures
    with pytest.raises(PlanningError):
        state.set_pictures(trainee, False)
    assert state.pictures(ws)
    page.close()


def test_does_the_facilitators_view_turn_pictures_on_and_off(ws_id):
    """Does the facilitator's button ask every phone for pictures, then for words again?"""
    from planning import widgets
    from planning.room import state

    view = widgets.FacilitatorView(ws_id)
    try:
        view.toggle_pictures()
        assert view.pictures and state.pictures(ws_id)
        assert view._pictures.description == "Kembali ke pilihan berupa kata di ponsel"
        view.toggle_pictures()
        assert not state.pictures(ws_id)
    finally:
        view.close_panel()


def test_are_need_titles_read_aloud_wherever_a_phone_shows_them(phone):
    """On a trainee's scoring card, pairs, ranking and activity form, is each need's title given
    a read-aloud button (its own label naming what it reads)?"""
    from planning.actions.panels import ActivityForm
    from planning.needs.room import pairwise_form, rankings_form, scores_form

    ws, trainee = phone
    ws.add("criteria", name="Mendesak")
    card = scores_form(trainee, "Ani")._card_title.value
    assert 'data-speak="Air bersih"' in card and 'aria-label="Bacakan: Air bersih"' in card
    pair = pairwise_form(trainee, "Ani")._say.value
    assert 'data-speak="Air bersih"' in pair and 'data-speak="Jalan desa"' in pair
    rows = rankings_form(trainee, "Ani")._rows.children
    assert any('data-speak="Jalan desa"' in r.children[-1].value for r in rows)
    form = ActivityForm(trainee, "Ani")
    need = form.control("need")
    need.value = need.widget.options[-1][1]
    assert f'data-speak="{need.widget.options[-1][0]}"' in need.speak.value
