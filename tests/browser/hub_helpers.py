"""A real JupyterHub under test, started with the project's configuration
(docs/jupyterhub/jupyterhub_config.py) on loopback ports of its own, and the hub's login in
Chromium.

    with run_hub(workshop_url, home, facilitators={"siti": "..."}) as hub:
        page = browser.page(390, 844)
        hub.login(page, "ani")
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from browser_helpers import REPO_ROOT, _tail, isolated_env, terminate_process_tree
from playwright.sync_api import expect
from serve_helpers import free_port_on

CONFIG = REPO_ROOT / "docs" / "jupyterhub" / "jupyterhub_config.py"
COURSE_PASSWORD = "kursus-desa-2026"
HOST = "127.0.0.1"


def missing_hub() -> str:
    """Give why a hub cannot start here ("" when JupyterHub and the proxy are there)."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "JupyterHub is not installed (pip install jupyterhub)"
    if shutil.which("configurable-http-proxy") is None:
        return "configurable-http-proxy is missing (npm install -g configurable-http-proxy)"
    return ""


@dataclass
class Hub:
    """A running hub: its public address, its log, and how to log in."""

    url: str
    log_path: Path
    facilitators: Mapping[str, str]
    process: subprocess.Popen[bytes]

    @property
    def service(self) -> str:
        return self.url + "services/planning/"

    def log_tail(self, lines: int = 80) -> str:
        return _tail(self.log_path, lines)

    def login(self, page: Any, name: str, password: str | None = None) -> None:
        """Log in on the hub's login page as a person would, and land where the hub sends."""
        page.goto(self.url + "hub/login")
        page.fill("#username_input", name)
        page.fill("#password_input", password or self.facilitators.get(name, COURSE_PASSWORD))
        page.click("#login_submit")
        expect(page).not_to_have_url(self.url + "hub/login")


def _answers(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except (urllib.error.URLError, OSError):
        return 0


@contextlib.contextmanager
def run_hub(
    workshop_url: str,
    home: Path,
    *,
    facilitators: Mapping[str, str],
    timeout: float = 300,
) -> Iterator[Hub]:
    """Run ``jupyterhub -f docs/jupyterhub/jupyterhub_config.py`` in ``home``; stop it after
    (the hub, its proxy, the service and their kernels: the process group we started)."""
    home.mkdir(parents=True, exist_ok=True)
    port, hub_port, api_port, service_port = (free_port_on(HOST) for _ in range(4))
    env = isolated_env(
        home,
        {
            "PLANNING_WORKSHOP": workshop_url,
            "PLANNING_HUB_PASSWORD": COURSE_PASSWORD,
            "PLANNING_FACILITATOR_PASSWORDS": " ".join(f"{k}={v}" for k, v in facilitators.items()),
            "PLANNING_HUB_URL": f"http://{HOST}:{port}",
            "PLANNING_HUB_PUBLIC_URL": f"http://{HOST}:{port}",
            "PLANNING_HUB_INTERNAL": f"http://{HOST}:{hub_port}",
            "PLANNING_PROXY_API": f"http://{HOST}:{api_port}",
            "PLANNING_SERVICE_PORT": str(service_port),
            "PLANNING_HUB_HOME": str(home / "homes"),
        },
    )
    env.pop("JUPYTERHUB_API_TOKEN", None)
    log_path = home / "hub.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            ["jupyterhub", "-f", str(CONFIG)],
            cwd=str(home),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(f"http://{HOST}:{port}/", log_path, facilitators, proc)
    try:
        deadline = time.monotonic() + timeout
        # Up when the proxy sends the service's pages to the service (it asks for a login).
        while _answers(hub.service + "voila/static/voila.js") not in (200, 302):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the hub did not start:\n" + hub.log_tail())
            time.sleep(0.5)
        yield hub
    finally:
        terminate_process_tree(proc, timeout=60)
