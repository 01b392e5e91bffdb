"""The stakeholder-mapping notebook as the room sees it: Voila in headless Chromium, a trainee
on a phone (390x844) adding an actor, a link and a tower, and the facilitator's projector
(1280x720). Screenshots of both are kept as artifacts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser_helpers import VOILA_LAB_CDN_URLS, open_voila, save_screenshot, wait_for_widgets
from playwright.sync_api import expect

from planning import open_workshop

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02_stakeholder_mapping.ipynb"
PANELS = [
    "stakeholderform",
    "linkform",
    "influencetowers",
    "stakeholdermap",
    "dragmap",
    "metricspanel",
    "powerinterestgrid",
    "suggestionspanel",
]
# Controls whose text is cut, or that stick out of the screen (as issue 8 measures them).
OUTSIDE = """() => {
  const out = [];
  for (const el of document.querySelectorAll('button, input, select, textarea')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const what = el.innerText || el.value;
    if (el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth + 1) out.push('cut ' + what);
    if (r.right > window.innerWidth + 1 || r.left < -1) out.push('outside ' + what);
  }
  return out; }"""
# The share of the panels' visible text (by characters) under 16 px and under 18 px.
SMALL_TEXT = """() => {
  let total = 0, u16 = 0, u18 = 0;
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (w.nextNode()) {
    const t = w.currentNode.textContent.trim(); const el = w.currentNode.parentElement;
    if (!t || !el || !el.closest('.planning-panel') || el.closest('script,style')) continue;
    const r = el.getBoundingClientRect(); if (r.width === 0 || r.height === 0) continue;
    const f = parseFloat(getComputedStyle(el).fontSize);
    total += t.length; if (f < 16) u16 += t.length; if (f < 18) u18 += t.length;
  }
  return [total, u16 / Math.max(total, 1), u18 / Math.max(total, 1)]; }"""


def _panel(page, name: str):
    return page.locator(f".planning-{name}").first


def test_a_trainee_on_a_phone_adds_an_actor_a_link_and_a_tower_and_the_projector_reads(
    voila_server, browser_session, demo_file, tmp_path
):
    """On a 390 px phone: is nothing cut or off screen, and are an actor, a link and a tower
    stored from the page? On a 1280x720 projector: is the panel text at least 18 px and the map
    drawn? No outside request, no error."""
    path = tmp_path / "workshop.sqlite"
    shutil.copy(demo_file, path)
    server = voila_server(NOTEBOOK, env={"PLANNING_WORKSHOP": str(path)})
    page = browser_session.page

    page.set_viewport_size({"width": 390, "height": 844})
    open_voila(page, server)
    wait_for_widgets(page, ".planning-suggestionspanel")
    expect(_panel(page, "stakeholdermap").locator("img")).to_be_visible()
    assert page.evaluate(OUTSIDE) == []

    form = _panel(page, "stakeholderform")
    form.locator("input[type=text]").first.fill("Bank Sampah Berseri")
    form.locator("select").nth(1).select_option(label="kelompok masyarakat")
    form.locator("button", has_text="pendanaan").click()
    form.locator("button", has_text="Tambah").click()
    expect(form).to_contain_text("Ditambahkan: Bank Sampah Berseri.")

    links = _panel(page, "linkform")  # first the facilitator's choice of a link to change
    expect(links.locator("select").nth(1)).to_contain_text("Bank Sampah Berseri")
    links.locator("select").nth(1).select_option(label="Pemerintah Desa")
    links.locator("select").nth(2).select_option(label="pendanaan")
    links.locator("select").nth(3).select_option(label="Bank Sampah Berseri")
    links.locator("button", has_text="Tambah").first.click()
    expect(links).to_contain_text("Hubungan ditambahkan: Pemerintah Desa → Bank Sampah Berseri")

    towers = _panel(page, "influencetowers")
    row = towers.locator(".planning-row", has_text="Bank Sampah Berseri")
    row.locator(".planning-tally-plus").click()
    expect(towers).to_contain_text("Tersimpan: menara Bank Sampah Berseri sekarang 1.")
    assert page.evaluate(OUTSIDE) == []
    for name in PANELS:
        _panel(page, name).scroll_into_view_if_needed()
    save_screenshot(page, "stakeholders_phone_390x844")

    ws = open_workshop(path)
    actor = ws.find("stakeholders", "Bank Sampah Berseri")
    assert actor.sector == "community_group" and actor.resources == "funding"
    assert any(x.target == actor.id and x.type == "funding" for x in ws.records("links"))
    assert [t.height for t in ws.records("influence") if t.stakeholder == actor.id] == [1]
    assert any(p.stakeholder == actor.id for p in ws.records("positions"))

    page.set_viewport_size({"width": 1280, "height": 720})
    page.reload()
    wait_for_widgets(page, ".planning-suggestionspanel")
    expect(_panel(page, "stakeholdermap").locator("img")).to_be_visible()
    assert page.evaluate(OUTSIDE) == []
    total, under16, under18 = page.evaluate(SMALL_TEXT)
    assert total > 2000 and under16 == 0 and under18 <= 0.05, (under16, under18)
    width = _panel(page, "stakeholdermap").locator("img").bounding_box()["width"]
    assert width >= 1100  # the map fills the projector's width: labels about 17 px
    _panel(page, "stakeholdermap").scroll_into_view_if_needed()
    save_screenshot(page, "stakeholders_projector_1280x720")

    # The map arranged by hand: drag an actor; it is stored there and nobody else moves.
    before = {p.stakeholder: (p.x, p.y) for p in ws.records("positions")}
    dragged = _panel(page, "dragmap")
    dragged.scroll_into_view_if_needed()
    # Two scatters draw dots: the actors', then the goal flags' (bqplot's marks in order).
    per_mark = """el => { const marks = new Map();
        for (const d of el.querySelectorAll('.dot')) {
            const mark = d.closest('.object_grp').parentElement;
            marks.set(mark, (marks.get(mark) || 0) + 1); }
        return [...marks.values()]; }"""
    page.wait_for_function(
        f"([el, n]) => ({per_mark})(el)[0] === n", arg=[dragged.element_handle(), len(before)]
    )
    dot = dragged.locator(".dot").first.bounding_box()
    x, y = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=8)
    page.mouse.up()
    expect(dragged).to_contain_text("Dipindahkan:")
    after = {p.stakeholder: (p.x, p.y) for p in ws.records("positions")}
    moved = [k for k in after if after[k] != before[k]]
    assert len(moved) == 1, moved
    assert after[moved[0]][0] > before[moved[0]][0] and after[moved[0]][1] > before[moved[0]][1]
    save_screenshot(page, "stakeholders_dragmap_1280x720", full_page=False)

    assert not browser_session.page_errors
    assert browser_session.unexpected_outside_requests(VOILA_LAB_CDN_URLS) == []
    assert "widgets.StakeholderForm(ws)" not in page.content()  # Voila shows no code
