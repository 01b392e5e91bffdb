"""The needs-assessment notebook as a facilitator sees it: Voila in headless Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser_helpers import VOILA_LAB_CDN_URLS, open_voila, save_screenshot, wait_for_widgets
from playwright.sync_api import expect

from planning import open_workshop

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "01_needs_assessment.ipynb"


def test_a_dot_vote_cast_in_the_browser_redraws_the_charts(
    voila_server, browser_session, demo_file, tmp_path
):
    """In Voila: choose a participant, press +1 on a need: is it stored and do charts change?"""
    path = tmp_path / "workshop.sqlite"
    shutil.copy(demo_file, path)
    ws = open_workshop(path)
    ws.update_info(dot_budget=10)  # room for one more dot for everybody
    need = ws.find("needs", "Banyak balita stunting")
    before_total = sum(v.dots for v in ws.records("dot_votes") if v.need == need.id)

    server = voila_server(NOTEBOOK, env={"PLANNING_WORKSHOP": str(path)})
    page = browser_session.page
    page.set_viewport_size({"width": 1280, "height": 900})
    open_voila(page, server)
    wait_for_widgets(page, ".planning-dotvotepanel")
    results = page.locator(".planning-resultspanel")
    expect(results).to_contain_text("Borda")
    results_before = results.inner_text()
    dots_panel = page.locator(".planning-dotvotepanel")
    chart_before = dots_panel.inner_text()

    dots_panel.locator(".planning-dots-who select").select_option(label="Neneng Hasanah")
    expect(dots_panel).to_contain_text("Neneng Hasanah masih punya")
    index = [n.id for n in ws.records("needs")].index(need.id)
    dots_panel.locator(".planning-tally-plus").nth(index).click()
    expect(dots_panel).to_contain_text("Tersimpan")

    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel).innerText !== old",
        arg=[".planning-resultspanel", results_before],
    )
    assert dots_panel.inner_text() != chart_before
    after = open_workshop(path)
    assert sum(v.dots for v in after.records("dot_votes") if v.need == need.id) == before_total + 1
    dots_panel.scroll_into_view_if_needed()
    save_screenshot(page, "needs_dot_vote_voila")
    assert not browser_session.page_errors
    assert browser_session.unexpected_outside_requests(VOILA_LAB_CDN_URLS) == []
    # The code is hidden from the projector: Voila strips the sources.
    assert "widgets.DotVotePanel(ws)" not in page.content()
