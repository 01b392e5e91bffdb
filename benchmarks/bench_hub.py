"""A course on JupyterHub (docs/jupyterhub/jupyterhub_config.py) and PostgreSQL, in one run:

1. from the hub's login to a trainee's name buttons on screen, median of 10 (9.2 s before,
   when every trainee started a server of their own);
2. a trainee's input to the facilitator's view, median and p90;
3. memory: per trainee (the kernel of their page, unique set size) and per facilitator (the
   facilitator's view's kernel, their JupyterLab server and the kernel of the needs notebook,
   which runs as it opens), and the service's own;
4. twenty trainees logging in over two minutes (each: the hub's login, then the trainee's
   page): how many got in, how many failed, the slowest.

    PLANNING_TEST_POSTGRES=postgresql+psycopg://postgres@127.0.0.1:5433/postgres \\
        python benchmarks/bench_hub.py [--logins 10] [--submits 10] [--crowd 20] [--over 120]

Everything on loopback (127.0.0.1); a database of its own on the server named, dropped after.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

import psutil  # noqa: E402
import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from hub_helpers import COURSE_PASSWORD, run_hub  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from serve_helpers import devices  # noqa: E402

from planning import create_workshop  # noqa: E402
from planning.records import Participant  # noqa: E402

FACILITATORS = {"siti": "fasilitator-siti-2026"}
PEOPLE = [{"name": f"Peserta {i:02d}"} for i in range(40)]
# A page on a busy machine may take minutes: the figures say how long, the run does not stop.
expect.set_options(timeout=300_000)


def _database(server: str) -> tuple[str, sa.Engine, str]:
    name = f"planning_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    with create_workshop(url, title="Uji kursus", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
    return url, admin, name


def _mb(proc: psutil.Process) -> float:
    return float(proc.memory_full_info().uss) / 2**20


def _service(hub_pid: int) -> psutil.Process | None:
    for child in psutil.Process(hub_pid).children(recursive=True):
        if "planning.room.hub" in " ".join(child.cmdline()):
            return child
    return None


def login_to_names(hub, browser, logins: int) -> list[float]:
    times = []
    for i in range(logins):
        page = browser.page(390, 844)
        start = time.perf_counter()
        hub.login(page, f"pendatang-{i}")
        expect(page.locator(".planning-room-names button").first).to_be_visible()
        times.append(time.perf_counter() - start)
        page.context.close()
        time.sleep(3)  # people arrive a few seconds apart; the pool refills
    return times


def input_to_view(hub, browser, submits: int) -> tuple[list[float], float, float]:
    """Seconds from "Tambah" to the projector, per submit; a trainee's and the facilitator's
    view's kernel memory (MB)."""
    service = _service(hub.process.pid)
    before = {p.pid for p in (service.children(recursive=True) if service else [])}
    projector = browser.page(1280, 720)
    hub.login(projector, "siti")
    expect(projector.locator(".planning-needsresults")).to_be_visible()
    now = {p.pid: p for p in (service.children(recursive=True) if service else [])}
    phone = browser.page(390, 844)
    hub.login(phone, "pengukur")
    phone.locator(".planning-room-names button", has_text="Peserta 00").click()
    expect(phone.locator(".planning-needform")).to_be_visible()
    times = []
    for i in range(submits):
        title = f"Kebutuhan nomor {i:02d}"
        phone.locator(".planning-needform input[type=text]").first.fill(title)
        start = time.perf_counter()
        phone.locator(".planning-needform button", has_text="Tambah").click()
        expect(projector.locator(".planning-needsresults")).to_contain_text(title)
        times.append(time.perf_counter() - start)
    kernels = [p for p in (service.children(recursive=True) if service else []) if p.is_running()]
    facilitator = [p for pid, p in now.items() if pid not in before]
    fac = max((_mb(p) for p in facilitator), default=0.0)
    # Every trainee kernel ran the same notebook; the largest is the one with a page open.
    view = {p.pid for p in facilitator if _mb(p) == fac}
    trainee = max((_mb(p) for p in kernels if p.pid not in view), default=0.0)
    return times, trainee, fac


def facilitator_lab(hub, browser) -> tuple[float, float]:
    """Memory (MB) of a facilitator's JupyterLab server, opened from the hub, and of the
    kernel of the needs notebook it runs as it opens."""
    page = browser.page(1280, 720)
    hub.login(page, "siti")
    page.goto(hub.url + "hub/spawn")
    expect(page.locator("#jp-main-dock-panel, .jp-LabShell").first).to_be_visible(timeout=180000)
    page.goto(hub.url + "user/siti/lab/tree/01_needs_assessment.ipynb")
    expect(page.locator(".planning-needsboard")).to_be_visible(timeout=300000)
    for child in psutil.Process(hub.process.pid).children(recursive=True):
        if "jupyterhub.singleuser" in " ".join(child.cmdline()):
            kernels = [_mb(k) for k in child.children(recursive=True)]
            return _mb(child), max(kernels, default=0.0)
    return 0.0, 0.0


def crowd(hub, people: int, over: float) -> tuple[int, list[str], float]:
    """``people`` trainees log in spread over ``over`` seconds; give how many got their page,
    the failures, and the slowest (s)."""
    done: list[float] = []
    failed: list[str] = []

    def one(i: int) -> None:
        time.sleep(i * over / people)
        start = time.perf_counter()
        try:
            s = requests.Session()
            r = s.get(hub.url + "hub/login", timeout=600)
            xsrf = re.search(r'name="_xsrf" value="([^"]+)"', r.text)
            data = {"username": f"kerumunan-{i}", "password": COURSE_PASSWORD}
            data["_xsrf"] = xsrf.group(1) if xsrf else ""
            r = s.post(hub.url + "hub/login", data=data, timeout=600)
            if r.status_code != 200 or not r.url.endswith("trainee.ipynb"):
                failed.append(f"{i}: {r.status_code} {r.url}")
                return
            done.append(time.perf_counter() - start)
        except requests.RequestException as err:
            failed.append(f"{i}: {type(err).__name__}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(done), failed, max(done, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=10)
    parser.add_argument("--submits", type=int, default=10)
    parser.add_argument("--crowd", type=int, default=20)
    parser.add_argument("--over", type=float, default=120)
    args = parser.parse_args()
    server = os.environ.get("PLANNING_TEST_POSTGRES", "")
    if not server:
        raise SystemExit("PLANNING_TEST_POSTGRES names no PostgreSQL server (see .ci/postgres.sh)")
    url, admin, name = _database(server)
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            sync_playwright() as pw,
            run_hub(url, Path(tmp) / "hub", facilitators=FACILITATORS) as hub,
        ):
            with devices(pw) as browser:
                logins = login_to_names(hub, browser, args.logins)
                print(
                    f"login to a trainee's names: median {statistics.median(logins):.1f} s over "
                    f"{len(logins)} (9.2 s before, a server per trainee)",
                    flush=True,
                )
                submits, trainee_mb, view_mb = input_to_view(hub, browser, args.submits)
                submits.sort()
                p90 = submits[int(0.9 * (len(submits) - 1))]
                print(
                    "a trainee's input to the facilitator's view: median "
                    f"{statistics.median(submits):.2f} s, p90 {p90:.2f} s over {len(submits)}",
                    flush=True,
                )
                print(f"memory per trainee (their page's kernel, USS): {trainee_mb:.0f} MB")
                print(f"memory of the facilitator's view's kernel: {view_mb:.0f} MB", flush=True)
                service = _service(hub.process.pid)
                service_mb = _mb(service) if service else 0.0
                hub_mb = _mb(psutil.Process(hub.process.pid))
                print(f"the service itself {service_mb:.0f} MB, the hub {hub_mb:.0f} MB")
                try:
                    lab_mb, notebook_mb = facilitator_lab(hub, browser)
                    print(
                        f"a facilitator's JupyterLab server: {lab_mb:.0f} MB, and the kernel "
                        f"of the needs notebook it ran as it opened: {notebook_mb:.0f} MB",
                        flush=True,
                    )
                except AssertionError as err:
                    print(f"a facilitator's JupyterLab did not open: {str(err)[:200]}")
            got, failed, slowest = crowd(hub, args.crowd, args.over)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
    why = f" ({'; '.join(failed)})" if failed else ""
    print(
        f"{args.crowd} trainees logging in over {args.over:.0f} s: {got} in, "
        f"{len(failed)} failed, slowest {slowest:.1f} s{why}"
    )


if __name__ == "__main__":
    main()
