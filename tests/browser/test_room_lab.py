"""`planning lab`: JupyterLab with the workshop chosen, large fonts and the simple interface,
opening on the facilitator's view, which runs there too as soon as it opens (the workbook's
extension planning-run-on-open, for notebooks whose metadata asks): nobody presses Run All."""

from __future__ import annotations

import re
import subprocess
import time

import pytest
from browser_helpers import (
    _python_with_stack_dumps,
    _tail,
    free_port,
    isolated_env,
    save_screenshot,
    terminate_process_tree,
)
from playwright.sync_api import expect
from serve_helpers import devices

from planning import create_workshop
from planning.records import Participant

pytestmark = pytest.mark.slow


def test_lab_opens_the_facilitators_view_for_a_projector(tmp_path, playwright_instance):
    """Is the facilitator's view open in JupyterLab, in large type, one document at a time,
    its widgets drawn without anyone pressing Run All; and a stage's notebook too?"""
    path = tmp_path / "lab.sqlite"
    with create_workshop(path, title="Musyawarah Lab", language="id") as ws:
        ws.add_many(Participant, [{"name": "Ani"}, {"name": "Budi"}])
    home = tmp_path / "home"
    log_path = tmp_path / "lab.log"
    port = free_port()
    args = [*_python_with_stack_dumps("planning.cli"), "lab", str(path), "--port", str(port)]
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [*args, "--no-browser"],
            env=isolated_env(home),
            cwd=str(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            found = re.search(r"(http://127\.0\.0\.1:\d+/lab/tree/\S+\?token=\w+)", _tail(log_path))
            url = found.group(1) if found else None
            time.sleep(0.5)
        assert url, _tail(log_path)
        with devices(playwright_instance) as browser:
            page = browser.page(1280, 720)
            for _ in range(60):  # the server answers a moment after it prints its address
                try:
                    page.goto(url)
                    break
                except Exception:
                    time.sleep(1)
            # Nobody presses Run All: the notebook runs as it opens.
            expect(page.locator(".planning-facilitator")).to_be_visible(timeout=120_000)
            expect(page.locator(".planning-room-steps")).to_contain_text("Voting titik")
            style = page.evaluate(
                "() => getComputedStyle(document.documentElement)"
                ".getPropertyValue('--jp-content-font-size1').trim()"
            )
            assert style == "22px"
            mode = "() => document.querySelector('.jp-LabShell').dataset.shellMode"
            assert page.evaluate(mode) == "single-document"
            save_screenshot(page, "room-lab-facilitator-1280", full_page=False)
            # A stage's notebook, opened from the same JupyterLab, runs as it opens too.
            page.goto(url.replace("00_facilitator.ipynb", "01_needs_assessment.ipynb"))
            expect(page.locator(".planning-needsboard")).to_be_visible(timeout=120_000)
            expect(page.locator(".planning-scoringgrid")).to_be_attached()
            assert browser.outside_requests == []
    finally:
        terminate_process_tree(proc)
