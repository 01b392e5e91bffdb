"""Smoke test of the browser-test infrastructure: Voila + ipywidgets + matplotlib."""

from __future__ import annotations

import shutil
import time
import urllib.error
import urllib.request

import pytest
from browser_helpers import (
    VOILA_LAB_CDN_URLS,
    lab_run_all_cells,
    open_voila,
    save_screenshot,
    wait_for_widgets,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MARKER = "SMOKE-SOURCE-MARKER"  # a comment in the notebook's code cell
CHART_IMG = ".smoke-chart img"


def _wait_for_new_chart(page, old_src: str) -> str:
    page.wait_for_function(
        """([sel, old]) => {
            const img = document.querySelector(sel);
            return !!img && !!img.src && img.src !== old;
        }""",
        arg=[CHART_IMG, old_src],
    )
    return page.locator(CHART_IMG).get_attribute("src")


def _click_and_check(page, expected_clicks: int, old_src: str) -> str:
    page.locator(".smoke-button").click()
    expect(page.locator(".smoke-count")).to_have_text(f"Clicks: {expected_clicks}")
    return _wait_for_new_chart(page, old_src)


def test_voila_widgets_click_and_redraw(voila_server, browser_session, fixtures_dir):
    t0 = time.monotonic()
    server = voila_server(
        fixtures_dir / "smoke_widgets.ipynb",
        env={"SMOKE_ENV_VALUE": "hello-from-test"},
    )
    t_server = time.monotonic()
    page = browser_session.page
    open_voila(page, server)
    t_page = time.monotonic()
    wait_for_widgets(page, ".smoke-button")
    t_widgets = time.monotonic()

    # the environment given to the server reached the kernel
    expect(page.locator(".smoke-env")).to_have_text("env: hello-from-test")
    expect(page.locator(".smoke-count")).to_have_text("Clicks: 0")
    expect(page.locator(CHART_IMG)).to_be_visible()
    src0 = page.locator(CHART_IMG).get_attribute("src")
    assert src0.startswith("data:image/png;base64,")

    src1 = _click_and_check(page, 1, src0)
    src2 = _click_and_check(page, 2, src1)
    t_clicks = time.monotonic()
    assert len({src0, src1, src2}) == 3, "chart image did not change on each click"
    expect(page.locator(".smoke-count")).to_have_text("Clicks: 2")

    # --strip_sources (Voila's default, True): the exporter runs with
    # exclude_input / exclude_input_prompt / exclude_output_prompt, so the
    # code never reaches the browser; markdown cells and outputs stay.
    html = page.content()
    assert MARKER not in html
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0  # markdown cells have one too
    expect(page.get_by_text("Browser smoke test")).to_be_visible()  # markdown kept
    # and the raw notebook is not downloadable (file_denylist .ipynb/.py)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(server.base_url + "voila/files/smoke_widgets.ipynb", timeout=10)
    assert err.value.code in (403, 404)

    shot = save_screenshot(page, "smoke-voila")

    # The stock "lab" template links FontAwesome CSS on jsDelivr; the same CSS
    # and fonts are bundled in voila.js, so these two (aborted) requests are
    # the only outside traffic we tolerate here.  See the offline test below.
    print(f"\n[smoke] outside requests seen (aborted): {browser_session.outside_requests}")
    assert browser_session.unexpected_outside_requests(VOILA_LAB_CDN_URLS) == []
    assert browser_session.page_errors == []
    assert browser_session.unexpected_console_errors() == []
    print(
        f"[smoke] server ready {t_server - t0:.1f}s, page loaded {t_page - t_server:.1f}s, "
        f"widgets {t_widgets - t_page:.1f}s, two clicks {t_clicks - t_widgets:.1f}s; "
        f"screenshot {shot}"
    )


def test_voila_offline_template_makes_no_outside_request(
    voila_server, browser_session, fixtures_dir
):
    """The offline-lab fixture template drops the CDN links: zero outside
    requests.  strip_sources=False here, so the code is shown."""
    server = voila_server(
        fixtures_dir / "smoke_widgets.ipynb",
        template="offline-lab",
        strip_sources=False,
    )
    page = browser_session.page
    open_voila(page, server)
    wait_for_widgets(page, ".smoke-button")
    src0 = page.locator(CHART_IMG).get_attribute("src")
    _click_and_check(page, 1, src0)  # label updates before the chart: wait for both

    assert MARKER in page.content()  # sources visible without strip_sources
    assert page.locator(".jp-CodeCell .jp-InputArea").count() >= 1
    save_screenshot(page, "smoke-voila-offline-sources")

    print(f"\n[smoke-offline] outside requests seen: {browser_session.outside_requests}")
    assert browser_session.outside_requests == []
    assert browser_session.page_errors == []
    assert browser_session.console_errors == []


@pytest.mark.slow
def test_jupyterlab_runs_widget_notebook(
    jupyterlab_server, browser_session, fixtures_dir, tmp_path
):
    """The optional JupyterLab fixture: same notebook, run by hand in Lab."""
    # Lab marks the notebook dirty and may autosave outputs: work on a copy.
    shutil.copy(fixtures_dir / "smoke_widgets.ipynb", tmp_path)
    server = jupyterlab_server(tmp_path, env={"SMOKE_ENV_VALUE": "lab"})
    page = browser_session.page
    page.goto(server.lab_url("smoke_widgets.ipynb"))
    lab_run_all_cells(page)
    wait_for_widgets(page, ".smoke-button")
    expect(page.locator(".smoke-env")).to_have_text("env: lab")
    src0 = page.locator(CHART_IMG).get_attribute("src")
    _click_and_check(page, 1, src0)
    save_screenshot(page, "smoke-jupyterlab")

    print(f"\n[smoke-lab] outside requests seen: {browser_session.outside_requests}")
    assert browser_session.outside_requests == []
    assert browser_session.page_errors == []
    assert browser_session.console_errors == []
