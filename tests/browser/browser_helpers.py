"""Plain helpers behind the browser-test fixtures (see conftest.py).

Everything here works without pytest, so a test can also build its own
module- or session-scoped fixture from the context managers:

    with run_voila(notebook, tmp_dir, env={...}) as server:
        ...

Design notes (checked with voila 0.5.13, jupyterlab 4.6.6, ipywidgets 8.1.9,
playwright 1.65 and Debian chromium 156 on a slow 2-core machine):

* Servers run in their own process group (start_new_session=True).  Kernels
  are started by jupyter_client in *their own* session as well, so killing the
  server's group is not enough: the kernel pids are collected with psutil
  before the server is stopped and stopped afterwards.
* JUPYTER_CONFIG_DIR / JUPYTER_DATA_DIR / JUPYTER_RUNTIME_DIR (and IPYTHONDIR)
  point into a temporary folder.  Nothing breaks: jupyter still searches
  sys.prefix/share/jupyter (the venv) first, which holds the python3
  kernelspec, the voila templates and the widget labextensions.  The
  kernelspec's argv starts with "python", which jupyter_client replaces with
  the server's sys.executable, i.e. the venv python.
* The readiness probe for Voila fetches /voila/static/voila.js: in
  single-notebook mode every other unknown path renders the notebook (and
  starts a kernel).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from offline_browser import BROWSER_ARGS, require_chromium
from offline_browser import CHROMIUM as _CHROMIUM

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
FIXTURES_DIR = HERE / "fixtures"
VOILA_TEMPLATES_DIR = FIXTURES_DIR / "voila_templates"
ARTIFACTS_DIR = REPO_ROOT / "tests" / "artifacts"

CHROMIUM = str(_CHROMIUM)  # BROWSER_TEST_CHROMIUM or /usr/bin/chromium
CHROMIUM_ARGS = BROWSER_ARGS  # one list of flags for every browser test

# Generous on purpose: 2 slow cores, Voila first page ~4 s, widgets ~6 s.
TIMEOUT_S = 60
TIMEOUT_MS = TIMEOUT_S * 1000

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# URL schemes that never touch the network.
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "chrome", "chrome-extension", "devtools"})

# The stock Voila "lab" template links FontAwesome 5 CSS from jsDelivr
# (voila/templates/lab/index.html.j2).  The same CSS and fonts are bundled in
# voila.js, so aborting these two requests changes nothing visible.  Tests
# that use the stock template may allow exactly these; the "offline-lab"
# template in fixtures/voila_templates drops them.
VOILA_LAB_CDN_URLS = frozenset(
    {
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/all.min.css",
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/v4-shims.min.css",
    }
)


# --------------------------------------------------------------------------
# servers
# --------------------------------------------------------------------------


class ServerStartError(RuntimeError):
    pass


@dataclass
class ServerHandle:
    """A running Voila or JupyterLab server."""

    kind: str  # "voila" or "jupyterlab"
    port: int
    base_url: str  # "http://127.0.0.1:<port>/"
    url: str  # page to open: the notebook (voila) or /lab/tree/<nb>?reset&token= (lab)
    process: subprocess.Popen
    log_path: Path
    home: Path  # temporary folder holding config/data/runtime dirs
    env: dict = field(repr=False, default_factory=dict)
    token: str = ""

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "<no log>"
        return "\n".join(text.splitlines()[-lines:])

    def kernel_processes(self) -> list:
        """psutil.Process objects of the kernels this server started."""
        import psutil

        try:
            kids = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        out = []
        for p in kids:
            try:
                if "ipykernel_launcher" in " ".join(p.cmdline()):
                    out.append(p)
            except psutil.Error:
                pass
        return out

    def dump_stacks(self, wait: float = 1.5) -> None:
        """Debug aid for hangs, used at teardown of a failed test: the server
        gets SIGUSR1 (faulthandler: all thread stacks into the log, keeps
        running); every kernel gets SIGABRT (PYTHONFAULTHANDLER=1: stacks
        into the same log, then it dies)."""
        if self.process.poll() is not None:
            return
        procs = self.kernel_processes()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGUSR1)
        for p in procs:
            with contextlib.suppress(Exception):
                p.send_signal(signal.SIGABRT)
        time.sleep(wait)

    def lab_url(self, path: str) -> str:
        """JupyterLab only: URL opening `path` (relative to root_dir), fresh workspace."""
        return f"{self.base_url}lab/tree/{path}?reset&token={self.token}"


def _python_with_stack_dumps(module: str) -> list[str]:
    """`python -m <app>` equivalent that dumps all thread stacks to its log on
    SIGUSR1 (faulthandler), see ServerHandle.dump_stacks()."""
    code = (
        "import faulthandler, signal, sys; "
        "faulthandler.register(signal.SIGUSR1, all_threads=True); "
        f"from {module} import main; sys.argv[0] = {module.split('.')[0]!r}; sys.exit(main())"
    )
    return [sys.executable, "-c", code]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(home: Path, extra: Mapping[str, str] | None = None) -> dict:
    """os.environ plus jupyter/ipython dirs moved into `home`; `extra` wins.

    The kernel inherits this environment from the server, so `extra` is how a
    test passes e.g. PLANNING_WORKSHOP=<sqlite path> to the notebook.
    """
    env = dict(os.environ)
    for var in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_TOKEN", "JUPYTER_PLATFORM_DIRS"):
        env.pop(var, None)
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "IPYTHONDIR": home / "ipython",
    }
    for var, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    # kernels import `planning` from this checkout even if the venv has another copy
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    env["PYTHONUNBUFFERED"] = "1"
    # lets ServerHandle.dump_stacks() get a traceback out of a hung kernel
    env.setdefault("PYTHONFAULTHANDLER", "1")
    # ipykernel on 3.11 warns about frozen modules for the debugger otherwise
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
    if extra:
        env.update({k: str(v) for k, v in extra.items()})
    return env


def _install_test_templates(home: Path) -> None:
    """Copy fixtures/voila_templates/* into <home>/data/voila/templates/."""
    if not VOILA_TEMPLATES_DIR.is_dir():
        return
    target = home / "data" / "voila" / "templates"
    target.mkdir(parents=True, exist_ok=True)
    for tpl in VOILA_TEMPLATES_DIR.iterdir():
        if tpl.is_dir():
            shutil.copytree(tpl, target / tpl.name, dirs_exist_ok=True)


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return 200 <= resp.status < 400
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def _wait_until_ready(
    proc: subprocess.Popen, probe_url: str, log_path: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerStartError(
                f"server exited with code {proc.returncode} before answering {probe_url}\n"
                + _tail(log_path)
            )
        if _http_ok(probe_url):
            return
        time.sleep(0.2)
    raise ServerStartError(
        f"server did not answer {probe_url} within {timeout:.0f} s\n" + _tail(log_path)
    )


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "<no log>"


def terminate_process_tree(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Stop the server, its process group, and the kernels it started.

    Only processes descending from `proc` (which we started) are touched.
    """
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        psutil = None

    descendants = []
    if psutil is not None and proc.poll() is None:
        with contextlib.suppress(psutil.NoSuchProcess):
            descendants = psutil.Process(proc.pid).children(recursive=True)

    if proc.poll() is None:
        # SIGTERM lets Voila / Jupyter shut their kernels down cleanly.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout)
    else:
        # the leader is gone but members of its group may survive
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    if psutil is not None and descendants:
        # kernels live in their own session (jupyter_client start_new_session=True)
        alive = [p for p in descendants if p.is_running()]
        for p in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.terminate()
        _, still = psutil.wait_procs(alive, timeout=5)
        for p in still:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
        psutil.wait_procs(still, timeout=5)


@contextlib.contextmanager
def _run_server(
    kind, cmd_for_port, home, env, cwd, probe_for_port, url_for_port, token, timeout, retries=3
):
    log_path = home / f"{kind}.log"
    last_error: Exception | None = None
    for _attempt in range(retries):
        port = free_port()
        with open(log_path, "ab") as log:  # the child keeps its own copy of the fd
            proc = subprocess.Popen(
                cmd_for_port(port),
                cwd=str(cwd),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_until_ready(proc, probe_for_port(port), log_path, timeout)
        except ServerStartError as exc:
            terminate_process_tree(proc)
            last_error = exc
            if "address already in use" in _tail(log_path).lower():
                continue  # lost the race for the port: try another one
            raise
        handle = ServerHandle(
            kind=kind,
            port=port,
            base_url=f"http://127.0.0.1:{port}/",
            url=url_for_port(port),
            process=proc,
            log_path=log_path,
            home=home,
            env=env,
            token=token,
        )
        try:
            yield handle
        finally:
            terminate_process_tree(proc)
        return
    raise last_error  # type: ignore[misc]


@contextlib.contextmanager
def run_voila(
    notebook: str | os.PathLike,
    home: str | os.PathLike,
    *,
    env: Mapping[str, str] | None = None,
    template: str = "lab",
    strip_sources: bool = True,
    extra_args: Sequence[str] = (),
    timeout: float = TIMEOUT_S,
) -> Iterator[ServerHandle]:
    """Serve one notebook with Voila on a free 127.0.0.1 port.

    `home` is an (empty) temporary folder for jupyter's dirs and the log.
    `template`: "lab" (stock, requests FontAwesome CSS from jsDelivr) or
    "offline-lab" (tests/browser/fixtures/voila_templates, no outside request).
    """
    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise FileNotFoundError(notebook)
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    full_env = isolated_env(home, env)
    _install_test_templates(home)

    def cmd(port: int) -> list[str]:
        return [
            *_python_with_stack_dumps("voila.app"),
            str(notebook),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--Voila.port={port}",
            "--Voila.port_retries=0",  # fail instead of silently moving port
            f"--Voila.root_dir={notebook.parent}",
            # connection files in the tmp home instead of /tmp/voila_*
            f"--Voila.connection_dir_root={home / 'runtime'}",
            f"--template={template}",
            f"--strip_sources={strip_sources}",
            # Never an endless wait for a kernel's reply (the stalled page): see open_voila().
            "--KernelManager.client_factory=planning.room.kernels.SlicedKernelClient",
            *extra_args,
        ]

    with _run_server(
        "voila",
        cmd,
        home,
        full_env,
        notebook.parent,
        lambda port: f"http://127.0.0.1:{port}/voila/static/voila.js",
        lambda port: f"http://127.0.0.1:{port}/",
        "",
        timeout,
    ) as handle:
        yield handle


@contextlib.contextmanager
def run_jupyterlab(
    root_dir: str | os.PathLike,
    home: str | os.PathLike,
    *,
    env: Mapping[str, str] | None = None,
    extra_args: Sequence[str] = (),
    timeout: float = TIMEOUT_S,
) -> Iterator[ServerHandle]:
    """Run JupyterLab on a free port, token auth, rooted at `root_dir`.

    handle.url is the Lab start page; use handle.lab_url("nb.ipynb") to open a
    notebook with a fresh workspace (?reset).
    """
    root_dir = Path(root_dir).resolve()
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    full_env = isolated_env(home, env)
    token = uuid.uuid4().hex
    # Silence the "get notified about Jupyter news?" toast (it covers the
    # lower right corner) and never fetch news/updates.  news_url=None alone
    # does not stop the toast; the user setting does.
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}\n'
    )

    def cmd(port: int) -> list[str]:
        args = [
            *_python_with_stack_dumps("jupyterlab.labapp"),
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root_dir}",
            f"--IdentityProvider.token={token}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=None",  # no "get notified about Jupyter news?" toast
            *extra_args,
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--allow-root")
        return args

    with _run_server(
        "jupyterlab",
        cmd,
        home,
        full_env,
        root_dir,
        lambda port: f"http://127.0.0.1:{port}/api/status?token={token}",
        lambda port: f"http://127.0.0.1:{port}/lab?reset&token={token}",
        token,
        timeout,
    ) as handle:
        yield handle


# --------------------------------------------------------------------------
# browser
# --------------------------------------------------------------------------


def is_local_url(url: str) -> bool:
    """Whether ``url`` stays on this machine: a local scheme, or any loopback address
    (127.0.0.0/8, where ``planning serve`` is tested on 127.0.0.2)."""
    import ipaddress

    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    host = (parts.hostname or "").lower()
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class BrowserSession:
    """A fresh headless chromium (own user-data dir) plus what it recorded.

    outside_requests: URLs of every request to a host other than
        127.0.0.1/localhost; all of them were aborted.
    console_errors: text of console messages of type "error".
    page_errors: uncaught exceptions in pages (str).
    """

    context: object  # playwright BrowserContext
    page: object  # playwright Page (the first tab)
    user_data_dir: Path
    outside_requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    _console_urls: list = field(default_factory=list, repr=False)

    def new_page(self):
        return self.context.new_page()

    def unexpected_outside_requests(self, allowed: frozenset | set = frozenset()) -> list:
        """Outside requests not in `allowed` (compared percent-decoded:
        chromium sends "fontawesome-free@^5" as "fontawesome-free@%5E5")."""
        allowed_decoded = {unquote(a) for a in allowed}
        return [u for u in self.outside_requests if unquote(u) not in allowed_decoded]

    def unexpected_console_errors(self) -> list:
        """Console errors minus the "Failed to load resource" noise that the
        aborted outside requests cause themselves."""
        blocked = set(self.outside_requests)
        return [
            text
            for text, url in zip(self.console_errors, self._console_urls, strict=True)
            if not (url in blocked and "Failed to load resource" in text)
        ]

    def report(self) -> str:
        return (
            f"outside requests (aborted): {self.outside_requests}\n"
            f"console errors: {self.console_errors}\n"
            f"page errors: {self.page_errors}"
        )


def _attach_recorders(session: BrowserSession, page) -> None:
    def on_console(msg):
        if msg.type == "error":
            session.console_errors.append(msg.text)
            try:
                session._console_urls.append((msg.location or {}).get("url", ""))
            except Exception:  # pragma: no cover
                session._console_urls.append("")

    def on_websocket(ws):
        if not is_local_url(ws.url):
            session.outside_requests.append(ws.url)  # cannot be aborted via route

    page.on("console", on_console)
    page.on("pageerror", lambda exc: session.page_errors.append(str(exc)))
    page.on("websocket", on_websocket)


@contextlib.contextmanager
def open_browser(
    playwright, user_data_dir: str | os.PathLike, *, viewport=(1280, 900)
) -> Iterator[BrowserSession]:
    """Launch chromium with a fresh profile; abort and record outside requests."""
    require_chromium()
    user_data_dir = Path(user_data_dir)
    user_data_dir.mkdir(parents=True, exist_ok=True)
    context = playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": viewport[0], "height": viewport[1]},
        timeout=TIMEOUT_MS,
    )
    try:
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        page = context.pages[0] if context.pages else context.new_page()
        session = BrowserSession(context=context, page=page, user_data_dir=user_data_dir)

        def route_handler(route):
            url = route.request.url
            if is_local_url(url):
                route.continue_()
            else:
                session.outside_requests.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", route_handler)
        for p in context.pages:
            _attach_recorders(session, p)
        context.on("page", lambda p: _attach_recorders(session, p))
        yield session
    finally:
        with contextlib.suppress(Exception):
            context.close()


def wait_for_widgets(page, selector: str = ".jupyter-widgets", timeout: float = TIMEOUT_MS):
    """Wait until ipywidgets have rendered and return the first match.

    Waits for Voila's loading spinner to go away (if present) and then for the
    first element matching `selector` to be visible.  Pass a more specific
    selector (e.g. ".smoke-button", a class added with widget.add_class())
    when a test needs one particular widget.
    """
    from playwright.sync_api import expect  # local import: keeps collection cheap

    start = time.monotonic()
    # Voila shows #loading until the notebook has executed, then #rendered_cells.
    if page.locator("#rendered_cells").count():
        page.locator("#rendered_cells").wait_for(state="visible", timeout=timeout)
    remaining = max(1000.0, timeout - (time.monotonic() - start) * 1000)
    first = page.locator(selector).first
    expect(first).to_be_visible(timeout=remaining)
    return first


def open_voila(page, server: ServerHandle, *, timeout: float = TIMEOUT_MS):
    """Open server.url and wait until Voila has executed the notebook.

    Voila 0.5.13 used to leave about one page load in 15-30 on "Executing 1 of n" for ever:
    the kernel had replied and gone idle, but nbclient's one endless poll for the reply was
    never woken. The servers here run Voila's executor with
    ``planning.room.kernels.SlicedKernelClient`` (as ``planning serve`` does), which waits in
    slices and so reads a reply that is there; no reload is needed.
    """
    page.goto(server.url, timeout=timeout)
    return page


def lab_run_all_cells(page, timeout: float = TIMEOUT_MS) -> None:
    """JupyterLab: wait for the notebook and an idle kernel, then Run > Run All Cells.

    The notebook must have focus, or the run-all command silently does
    nothing (no current notebook), hence the click on the first cell.
    """
    page.locator(".jp-Notebook").first.wait_for(state="visible", timeout=timeout)
    # status bar: "Python 3 (ipykernel) | Idle"
    page.get_by_text("| Idle").first.wait_for(timeout=timeout)
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator('li[data-command="runmenu:run-all"]').click()


def save_screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save tests/artifacts/<name>.png (folder created on demand)."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    path = ARTIFACTS_DIR / f"{safe}.png"
    viewport = page.viewport_size
    needed = 0
    if full_page and viewport:
        # Voila's lab template scrolls inside div#rendered_cells (body is
        # overflow:auto at 100% height), so playwright's full_page sees only
        # the viewport.  Grow the viewport to the inner scroll height instead.
        needed = page.evaluate(
            """() => {
                let h = document.documentElement.scrollHeight;
                for (const el of document.querySelectorAll('#rendered_cells')) {
                    const r = el.getBoundingClientRect();
                    h = Math.max(h, Math.ceil(r.top + el.scrollHeight));
                }
                return h;
            }"""
        )
        needed = min(int(needed), 16000)  # chromium's texture limit is ~16k px
    if viewport and needed > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": needed})
        try:
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            page.screenshot(path=str(path), full_page=True, timeout=TIMEOUT_MS)
        finally:
            page.set_viewport_size(viewport)
    else:
        page.screenshot(path=str(path), full_page=full_page, timeout=TIMEOUT_MS)
    return path
