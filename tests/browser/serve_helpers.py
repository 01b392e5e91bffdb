"""`planning serve` under test: the server on a loopback address of its own, and a Chromium
with one context per device (each its own cookies, so its own device id).

    with run_planning_serve(workshop, home, host="127.0.0.2", code="482913") as room:
        with devices(playwright) as browser:
            phone = browser.page(390, 844)
            phone.goto(room.join_url)
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from browser_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    ServerHandle,
    _python_with_stack_dumps,
    _tail,
    _wait_until_ready,
    is_local_url,
    isolated_env,
    terminate_process_tree,
)
from offline_browser import require_chromium
from playwright.sync_api import expect

FACILITATOR = "voila/render/00_facilitator.ipynb"

# A page here streams while its notebook runs, on two busy cores: wait as long as a page may.
expect.set_options(timeout=TIMEOUT_MS)


def free_port_on(host: str) -> int:
    """Give a port free on ``host`` (a loopback address)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@dataclass
class Room:
    """A running `planning serve`."""

    handle: ServerHandle
    host: str
    code: str
    qr: Path
    output: str = ""

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.handle.port}/"

    @property
    def join_url(self) -> str:
        """What the QR code says: the trainee's page, the code in it."""
        return self.base_url + (f"?token={self.code}" if self.code else "")

    @property
    def facilitator_url(self) -> str:
        return self.base_url + FACILITATOR + (f"?token={self.code}" if self.code else "")

    def kernels(self) -> int:
        """How many kernels the server runs now."""
        return len(self.handle.kernel_processes())

    def log_tail(self, lines: int = 80) -> str:
        return self.handle.log_tail(lines)


@contextlib.contextmanager
def run_planning_serve(
    workshop: str,
    home: Path,
    *,
    host: str = "127.0.0.2",
    code: str = "",
    cull_after: float = 120,
    extra_args: Sequence[str] = (),
    timeout: float = 90,
) -> Iterator[Room]:
    """Run `planning serve` (a new process) on a free port of ``host``; stop it after."""
    home.mkdir(parents=True, exist_ok=True)
    env = isolated_env(home)
    port = free_port_on(host)
    qr = home / "join.svg"
    args = [
        *_python_with_stack_dumps("planning.cli"),
        "serve",
        workshop,
        "--host",
        host,
        "--port",
        str(port),
        "--qr",
        str(qr),
        "--cull-after",
        str(cull_after),
        *(["--code", code] if code else []),
        *extra_args,
    ]
    log_path = home / "serve.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            args,
            cwd=str(home),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    handle = ServerHandle(
        kind="planning-serve",
        port=port,
        base_url=f"http://{host}:{port}/",
        url=f"http://{host}:{port}/",
        process=proc,
        log_path=log_path,
        home=home,
        env=env,
        token=code,
    )
    try:
        _wait_until_ready(proc, f"http://{host}:{port}/voila/static/voila.js", log_path, timeout)
        yield Room(handle, host, code, qr, output=_tail(log_path, 40))
    finally:
        terminate_process_tree(proc)


def wait_for_pool(room: Room, size: int = 2, timeout: float = 90) -> None:
    """Wait until the preheated kernels have run the trainee's notebook."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if f"filled with {size} kernel" in room.log_tail(200):
            return
        time.sleep(0.5)
    raise AssertionError("the kernel pool was not filled:\n" + room.log_tail())


@dataclass
class Devices:
    """One Chromium; each page is its own context (a device with its own cookies)."""

    browser: Any
    outside_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    contexts: list[Any] = field(default_factory=list)

    def page(self, width: int, height: int) -> Any:
        """Give a page on a new device of that screen size."""
        context = self.browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)

        def route(r: Any) -> None:
            if is_local_url(r.request.url):
                r.continue_()
            else:
                self.outside_requests.append(r.request.url)
                r.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        self.contexts.append(context)
        return page


@contextlib.contextmanager
def devices(playwright: Any) -> Iterator[Devices]:
    """Give a headless Chromium for several devices; closed after."""
    require_chromium()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS
    )
    try:
        yield Devices(browser)
    finally:
        with contextlib.suppress(Exception):
            browser.close()


# What a phone must not do: a button whose words are cut, or anything off the screen.
OVERFLOW_JS = """(root) => {
    const width = document.documentElement.clientWidth;
    const bad = [];
    for (const el of document.querySelectorAll(root + ' button, ' + root + ' input, '
                                               + root + ' select, ' + root + ' textarea')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;  // hidden
        if (el.scrollWidth > el.clientWidth + 1) bad.push('cut: ' + (el.innerText || el.value));
        if (box.right > width + 1 || box.left < -1) {
            bad.push('off screen: ' + (el.innerText || el.name));
        }
    }
    return bad;
}"""


def phone_problems(page: Any, root: str = ".planning-room") -> list[str]:
    """Give the controls of ``root`` whose text is cut or that lie off the screen."""
    return list(page.evaluate(OVERFLOW_JS, root))


class Cable:
    """A TCP forwarder between a phone and the server that can be unplugged: every open
    connection is cut and new ones are refused until it is plugged in again."""

    def __init__(self, host: str, target: tuple[str, int]) -> None:
        self.host, self.target = host, target
        self.port = free_port_on(host)
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._listener: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def plug(self) -> None:
        listener = socket.create_server((self.host, self.port), reuse_port=False)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def unplug(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            listener.close()
        with self._lock:
            for conn in self._open:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                near, _ = listener.accept()
            except OSError:
                return
            if self._listener is not listener:
                near.close()
                return
            far = socket.create_connection(self.target)
            with self._lock:
                self._open += [near, far]
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


AXE_JS = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)}));
}"""


def axe_problems(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page; give its serious and critical violations."""
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    return list(page.evaluate(AXE_JS))
