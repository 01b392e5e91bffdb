"""Fixtures for browser tests (Voila / JupyterLab + headless chromium).

Fixtures
--------
voila_server(notebook, *, env=None, template="lab", strip_sources=True,
             extra_args=(), timeout=60) -> ServerHandle          [function scope]
    Factory.  Serves `notebook` with Voila on a free 127.0.0.1 port, jupyter
    dirs in a tmp folder, `env` added to the server's (and so the kernel's)
    environment, returns once the server answers.  Stopped (process group and
    kernels) at teardown, also when the test fails.
jupyterlab_server(root_dir, *, env=None, extra_args=(), timeout=60) -> ServerHandle
    Same for JupyterLab (token auth); open handle.lab_url("x.ipynb").
browser_session -> BrowserSession                               [function scope]
    Fresh headless chromium (own user-data dir).  .page, .context,
    .outside_requests (all aborted), .console_errors, .page_errors,
    .unexpected_console_errors(), .unexpected_outside_requests(allowed).
    On test failure a screenshot goes to tests/artifacts/<test>-failure.png.
playwright_instance                                              [module scope]
fixtures_dir -> Path of tests/browser/fixtures

Helpers (import from browser_helpers): wait_for_widgets(page, selector=...),
save_screenshot(page, name), VOILA_LAB_CDN_URLS, run_voila/run_jupyterlab/
open_browser context managers for custom-scoped fixtures.

Every test in this folder gets the `browser` marker.  Browser tests are
skipped only when chromium is missing *and* CI is unset (tests/conftest.py,
offline_browser.py); in CI they run (and fail loudly if the browser is missing).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:  # also works under --import-mode=importlib
    sys.path.insert(0, str(_HERE))

from browser_helpers import (  # noqa: E402
    FIXTURES_DIR,
    TIMEOUT_MS,
    open_browser,
    run_jupyterlab,
    run_voila,
    save_screenshot,
)

# Fixture notebooks are served to the browser, not tests themselves: keep
# nbval (--nbval-lax in addopts) and --doctest-modules away from them.
collect_ignore_glob = ["fixtures/*"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: drives a real headless chromium against Voila/JupyterLab (slow; "
        "skipped when /usr/bin/chromium is missing and CI is unset)",
    )


def pytest_collection_modifyitems(config, items):
    # The skip without Chromium (outside CI) is tests/conftest.py's, for every browser test.
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_browser_rep_{report.when}", report)
    return report


def _failed(request) -> bool:
    rep = getattr(request.node, "_browser_rep_call", None)
    return rep is not None and rep.failed


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES_DIR


# Module scope: a Playwright sync instance left running would make every later
# sync_playwright() (the handout tests) fail with "Sync API inside the asyncio loop".
@pytest.fixture(scope="module")
def playwright_instance():
    from playwright.sync_api import expect, sync_playwright

    # On a loaded 2-core machine a chart can take more than expect()'s 5 s to come; a test
    # that needs something sooner says so itself.
    expect.set_options(timeout=TIMEOUT_MS)
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture
def browser_session(playwright_instance, tmp_path_factory, request):
    with open_browser(playwright_instance, tmp_path_factory.mktemp("chromium-profile")) as session:
        yield session
        if _failed(request):
            name = f"{request.node.name}-failure"
            try:
                path = save_screenshot(session.page, name)
                html = path.with_suffix(".html")
                html.write_text(session.page.content())
                print(f"\n[browser] failure screenshot: {path} (DOM: {html.name})")
            except Exception as exc:  # page may be gone
                print(f"\n[browser] no failure screenshot: {exc}")
            print("[browser] " + session.report())


def _server_factory(runner, tmp_path_factory, request, prefix):
    import contextlib

    stack = contextlib.ExitStack()
    handles = []

    def start(*args, **kwargs):
        handle = stack.enter_context(
            runner(*args[:1], tmp_path_factory.mktemp(prefix), *args[1:], **kwargs)
        )
        handles.append(handle)
        return handle

    try:
        yield start
    finally:
        if _failed(request):
            for h in handles:
                h.dump_stacks()  # a hung server/kernel says where it hangs
                print(f"\n[browser] last lines of {h.log_path}:\n{h.log_tail(80)}")
        stack.close()  # terminates every server (and its kernels)


@pytest.fixture
def voila_server(tmp_path_factory, request):
    """Factory: voila_server(notebook, *, env=None, template="lab",
    strip_sources=True, extra_args=(), timeout=60) -> ServerHandle."""
    yield from _server_factory(run_voila, tmp_path_factory, request, "voila")


@pytest.fixture
def jupyterlab_server(tmp_path_factory, request):
    """Factory: jupyterlab_server(root_dir, *, env=None, extra_args=(),
    timeout=60) -> ServerHandle (use handle.lab_url("nb.ipynb"))."""
    yield from _server_factory(run_jupyterlab, tmp_path_factory, request, "jupyterlab")
