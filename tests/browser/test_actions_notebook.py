"""The action-planning notebook as a room sees it: Voila in headless Chromium, on a projector
(1280x720) and on a phone (390x844), with screenshots of both as test artifacts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser_helpers import VOILA_LAB_CDN_URLS, open_voila, save_screenshot, wait_for_widgets
from playwright.sync_api import expect

from planning import open_workshop

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "03_action_planning.ipynb"

# Buttons whose text is cut, and controls that stick out of the screen (a wide table scrolls in
# its own box, so what is inside one is not counted).
CONTROLS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('button, input, select, textarea')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('.planning-table-wrap')) continue;
    const cut = el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth + 1;
    const outside = r.right > window.innerWidth + 1 || r.left < -1;
    if (cut || outside) out.push(`${(el.innerText || el.value || el.tagName).trim().slice(0, 30)} `
                                  + `${cut ? 'cut' : 'outside'} ${Math.round(r.right)}`);
  }
  return out; }"""
# Characters of visible text by font size: all of it, and inside the stage's panels.
TEXT = """() => {
  let all = 0, under16 = 0, panel = 0, panelUnder18 = 0; const small = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (w.nextNode()) {
    const t = w.currentNode.textContent.trim(); const el = w.currentNode.parentElement;
    if (!t || !el || el.closest('script,style')) continue;
    const r = el.getBoundingClientRect(); if (r.width === 0 || r.height === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    all += t.length; if (size < 16) under16 += t.length;
    if (el.closest('.planning-actions')) {
      panel += t.length;
      if (size < 17.9) { panelUnder18 += t.length; small.push(`${size}px ${t.slice(0, 30)}`); }
    }
  }
  return {all, under16, panel, panelUnder18, small: small.slice(0, 10)}; }"""


def test_action_planning_in_voila_on_a_projector_and_a_phone(
    voila_server, browser_session, demo_file, tmp_path
):
    """In Voila: is every panel readable on a projector (18px text) and usable on a phone
    (nothing cut or off screen), does a vote cast on the page get stored and redraw the budget
    view, and is bad input refused in Indonesian?"""
    path = tmp_path / "workshop.sqlite"
    shutil.copy(demo_file, path)
    before = len(open_workshop(path).records("activity_votes"))
    server = voila_server(NOTEBOOK, env={"PLANNING_WORKSHOP": str(path)})
    page = browser_session.page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_voila(page, server)  # reloads once if Voila stalls (a known Voila flake)
    wait_for_widgets(page, ".planning-plantablespanel")
    for panel in ("plansettingspanel", "logframepanel", "activityform", "indicatoreditor",
                  "activityvotepanel", "checkspanel", "budgetpanel", "ganttpanel"):  # fmt: skip
        expect(page.locator(f".planning-{panel}")).to_be_visible()
    assert "widgets.ActivityForm(ws)" not in page.content()  # Voila hides the code
    assert page.locator("html").get_attribute("lang") in ("id", "en", None)

    projector = page.evaluate(TEXT)
    assert page.evaluate(CONTROLS) == []
    assert projector["under16"] <= 0.10 * projector["all"], projector
    assert projector["panelUnder18"] == 0, projector["small"]
    save_screenshot(page, "actions_voila_1280x720")

    # A participant approves an activity: stored, and the budget view redraws its votes.
    votes = page.locator(".planning-activityvotepanel")
    budget = page.locator(".planning-budgetpanel")
    budget_before = budget.inner_text()
    votes.locator(".planning-votes-who select").select_option(label="Neneng Hasanah")
    expect(votes).to_contain_text("Kegiatan yang Anda setujui")
    votes.locator(".planning-tally-plus").nth(1).click()  # one she has not approved yet
    expect(votes).to_contain_text("Tersimpan")
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel).innerText !== old",
        arg=[".planning-budgetpanel", budget_before],
    )
    assert len(open_workshop(path).records("activity_votes")) == before + 1

    # Bad input in the activity form: a message in the workshop's language, nothing stored.
    form = page.locator(".planning-activityform")
    form.locator("input[type=text]").first.fill("Pelatihan <b>tanpa</b> tanggal")
    form.get_by_role("button", name="Tambah", exact=True).click()
    expect(form.locator(".planning-status-error")).to_contain_text("wajib diisi")
    assert len(open_workshop(path).records("activities")) == 21

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(800)
    assert page.evaluate(CONTROLS) == []
    phone = page.evaluate(TEXT)
    assert phone["panelUnder18"] == 0, phone["small"]
    votes.scroll_into_view_if_needed()
    save_screenshot(page, "actions_voila_390x844")
    print(f"\nprojector: {projector['under16']}/{projector['all']} characters under 16px; "
          f"phone: {phone['under16']}/{phone['all']}")  # fmt: skip
    assert not browser_session.page_errors
    assert browser_session.unexpected_outside_requests(VOILA_LAB_CDN_URLS) == []
