"""The needs-assessment notebook in a room: a phone (390x844), the projector (1280x720), and
pages that stay live. Voila in headless Chromium on a copy of the demo workshop.

What is measured is what the developers' guide asks: on a phone no button text is cut, no
control lies outside the screen or its panel and none covers another, scoring is one need at a
time, pairwise buttons show whole titles and tables scroll in their own box; on the projector
panel text is at least 18 px, at most 10% of the text is under 16 px, chart text is at least
16 px at the size shown and every scoring header stands over its own column; the page is in
the workshop's language with a real title and shows no code; and a change made on another
page, or imported from the command line, shows on an open page within 2 seconds.
Screenshots of each view are kept in tests/artifacts/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import room
from browser_helpers import (
    VOILA_LAB_CDN_URLS,
    open_voila,
    run_voila,
    save_screenshot,
    wait_for_widgets,
)
from playwright.sync_api import expect

from planning import open_workshop
from planning.i18n import catalogue

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "01_needs_assessment.ipynb"
LONG_TITLE = "Jembatan gantung ke dusun Cibodas rusak dan berbahaya bagi anak sekolah saat hujan"
LIVE_SECONDS = 2.0
LAST_PANEL = ".planning-problemtreepanel"


@pytest.fixture(scope="module")
def workshop(demo_file, tmp_path_factory) -> Path:
    """A copy of the demo with room for more dots and a need not yet compared in pairs."""
    path = tmp_path_factory.mktemp("room") / "workshop.sqlite"
    shutil.copy(demo_file, path)
    ws = open_workshop(path)
    ws.update_info(dot_budget=10)
    ws.add("needs", title=LONG_TITLE, category="infrastructure", dusun="Cibodas")
    ws.close()
    return path


@pytest.fixture(scope="module")
def server(workshop, tmp_path_factory):
    with run_voila(
        NOTEBOOK, tmp_path_factory.mktemp("voila"), env={"PLANNING_WORKSHOP": str(workshop)}
    ) as handle:
        yield handle


def _open(page, server, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_voila(page, server)
    wait_for_widgets(page, LAST_PANEL)
    expect(page.locator(".planning-resultspanel")).to_contain_text("Borda")


def test_on_a_phone_nothing_is_cut_or_off_screen(server, browser_session, workshop):
    """At 390x844: no cut button, no control off screen or over another; scoring one need at a
    time with a tap that is stored and shown; whole titles on the pairwise buttons; tables
    scrolling in their own box."""
    page = browser_session.page
    _open(page, server, 390, 844)
    assert room.bad_controls(page) == []
    assert room.overlaps(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    grid = page.locator(".planning-scoringgrid")
    expect(grid.locator(".planning-score-wide")).to_be_hidden()
    card = grid.locator(".planning-score-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Kebutuhan 1 dari 9")
    grid.locator("input").first.fill("Kelompok Uji")
    first_row = card.locator(".planning-score-buttons").first
    first_row.locator("button", has_text="4").click()
    expect(grid.locator(".planning-status")).to_contain_text("Tersimpan")
    expect(first_row.locator("button", has_text="4")).to_have_class(re.compile("mod-primary"))
    buttons = first_row.locator("button").all()
    assert min(b.bounding_box()["width"] for b in buttons) >= 44  # large enough for a thumb
    card.locator("button", has_text="Kebutuhan berikutnya").click()
    expect(card).to_contain_text("Kebutuhan 2 dari 9")
    ws = open_workshop(workshop)
    assert [(s.rater, s.value) for s in ws.records("scores") if s.rater == "Kelompok Uji"] == [
        ("Kelompok Uji", 4)
    ]

    pair = page.locator(".planning-pairwisepanel .planning-pair-choice")
    titles = pair.all_inner_texts()
    assert any(" ".join(t.split()) == LONG_TITLE for t in titles), titles
    for choice in pair.all():
        box = choice.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    wraps = page.evaluate(
        """() => [...document.querySelectorAll('.planning-table-wrap')]
            .filter(w => w.getBoundingClientRect().width > 0)
            .map(w => [w.scrollWidth > w.clientWidth, w.getBoundingClientRect().right])"""
    )
    assert any(scrolls for scrolls, _ in wraps), "a wide table scrolls in its box"
    assert all(right <= 390 for _, right in wraps)
    save_screenshot(page, "needs_phone_390x844")
    assert browser_session.page_errors == []
    assert browser_session.unexpected_outside_requests(VOILA_LAB_CDN_URLS) == []


def test_on_the_projector_text_reads_from_the_back(server, browser_session):
    """At 1280x720: panel text at least 18 px, at most 10% of the text under 16 px, chart text
    at least 16 px as shown, every scoring header over its own column."""
    page = browser_session.page
    _open(page, server, 1280, 720)
    panel_text = room.text_sizes(page, ".planning-panel")
    small = sorted({(s["where"], s["px"], s["text"]) for s in panel_text if s["px"] < 18})
    assert small == []
    everything = room.text_sizes(page)
    assert room.share_under(everything, 16) <= 0.10
    charts = room.chart_text(page)
    assert charts and all(c["px"] >= 16 for c in charts), charts
    assert room.misplaced_headers(page, ".planning-scoringgrid") == []
    expect(page.locator(".planning-scoringgrid .planning-score-card")).to_be_hidden()
    assert room.bad_controls(page) == [] and room.overlaps(page) == []
    save_screenshot(page, "needs_projector_1280x720")


def test_the_page_speaks_the_workshops_language_and_shows_no_code(server, browser_session):
    """Is the page lang="id" with a real title, free of code, variable names and English?"""
    page = browser_session.page
    _open(page, server, 1280, 720)
    page.wait_for_function("document.documentElement.lang === 'id'")
    assert page.title().startswith("Kajian kebutuhan · ")
    text = page.locator("body").inner_text()
    for code in ("widgets.", "open_workshop", "PLANNING_WORKSHOP", "import ", "ws)"):
        assert code not in text
    assert page.locator(".jp-InputArea:visible").count() == 0
    id_words, en_words = catalogue("id"), catalogue("en")
    english = [
        en for key, en in en_words.items() if len(en) > 25 and en != id_words[key] and en in text
    ]
    assert english == []


def _dots_of(page, title: str) -> str:
    """Give the total the dot chart of a page shows for a need."""
    return page.evaluate(
        """(title) => {
            for (const row of document.querySelectorAll('.planning-dotvotepanel .planning-bar-row'))
                if (row.querySelector('.planning-bar-label').innerText.endsWith(title))
                    return row.querySelector('.planning-bar-value').innerText;
            return '';
        }""",
        title,
    )


def test_a_vote_on_page_b_shows_on_page_a_within_2_seconds(server, browser_session, workshop):
    """Two trainees: does page B's dot vote appear in page A's chart within 2 s, no reload?"""
    a, b = browser_session.page, browser_session.new_page()
    for page in (a, b):
        _open(page, server, 1280, 900)
    need = "Banyak balita stunting"
    before = _dots_of(a, need)
    panel = b.locator(".planning-dotvotepanel")
    panel.locator(".planning-dots-who select").select_option(label="Neneng Hasanah")
    expect(panel).to_contain_text("Neneng Hasanah masih punya")
    ws = open_workshop(workshop)
    index = [n.title for n in ws.records("needs")].index(need)
    panel.locator(".planning-tally-plus").nth(index).click()
    clicked = time.monotonic()
    a.wait_for_function(
        """([title, old]) => {
            for (const row of document.querySelectorAll('.planning-dotvotepanel .planning-bar-row'))
                if (row.querySelector('.planning-bar-label').innerText.endsWith(title))
                    return row.querySelector('.planning-bar-value').innerText !== old;
            return false;
        }""",
        arg=[need, before],
        timeout=15_000,
    )
    seen = time.monotonic() - clicked
    print(f"\n[live] page B's vote on page A after {seen:.2f} s")
    assert _dots_of(a, need) == str(int(before) + 1)
    assert seen <= LIVE_SECONDS
    expect(b.locator(".planning-dotvotepanel .planning-status")).to_contain_text("Tersimpan")


def test_a_need_imported_from_the_command_line_shows_within_2_seconds(
    server, browser_session, workshop, tmp_path
):
    """Does `planning import` of a need reach an open page within 2 s, and do the page's other
    panels that list needs follow?

    The need must be on the page (the needs board) within 2 s. The other panels get it in the
    same look of the kernel, a few widget messages later; on this shared 2-core machine the
    browser draws them within about 1 s more, so they are given 5 s. The times are printed.
    """
    page = browser_session.page
    _open(page, server, 1280, 900)
    file = tmp_path / "kebutuhan.csv"
    file.write_text("judul,bidang,dusun\nSumur bor untuk Krajan,infrastruktur,Krajan\n")
    done = subprocess.run(
        [sys.executable, "-m", "planning.cli", "import", str(workshop), str(file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    written = time.monotonic()
    title, seen = "Sumur bor untuk Krajan", {}
    panels = [".planning-needsboard", ".planning-scoringgrid", ".planning-dotvotepanel"]
    panels.append(".planning-rankingform")
    while len(seen) < len(panels) and time.monotonic() - written < 15:
        for panel in panels:
            if panel not in seen and title in page.locator(panel).inner_text():
                seen[panel] = round(time.monotonic() - written, 2)
        page.wait_for_timeout(50)
    print(f"\n[live] imported need on the page after {seen} s")
    assert seen.get(".planning-needsboard", 99) <= LIVE_SECONDS, seen
    assert set(seen) == set(panels) and max(seen.values()) <= 5.0, seen
