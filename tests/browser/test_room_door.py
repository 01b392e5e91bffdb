"""`planning serve` as a hostile visitor and a slow phone meet it, on loopback (issue 19).

- A scripted attacker, bounded in count and time: 300 wrong codes at once over the code page,
  ``?token=`` and the ``Authorization`` header, from ten loopback addresses: at most 30 are
  compared in the first minute, the rest are told to wait (429, Indonesian, Retry-After); the
  QR code's link still opens the room; nothing of the workshop leaks, no code reaches the log.
- After the code the browser goes only to a path of this server (``?next=`` to another host,
  ``//host``, ``/\\host`` and encoded forms).
- No route the app registers answers 500 (each registered pattern is crawled, with and without
  a login, GET, HEAD and POST).
- The trainee's page on the wire (DevTools ``Network.loadingFinished`` ``encodedDataLength``):
  under 1.5 MB, a second load under 100 KB.
- axe-core (bundled by axe-playwright-python) on the trainee's page, the facilitator's view and
  the handout at 360 px: no serious or critical violation.
"""

from __future__ import annotations

import http.client
import re
import secrets
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from browser_helpers import TIMEOUT_MS, is_local_url
from playwright.sync_api import expect
from serve_helpers import (
    FACILITATOR,
    Room,
    axe_problems,
    devices,
    run_planning_serve,
    wait_for_pool,
)

from planning import open_workshop
from planning.demo import build_demo
from planning.records import Participant
from planning.room import state

pytestmark = pytest.mark.slow

CODE = "507318"
HOST = "127.0.0.2"
ATTACKERS = [f"127.0.0.{20 + i}" for i in range(10)]
PHONE = (360, 800)
MB = 1_000_000


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("door") / "demo.sqlite"
    build_demo(path).close()
    return path


@pytest.fixture(scope="module")
def room(demo, tmp_path_factory) -> Iterator[Room]:
    with run_planning_serve(
        str(demo), tmp_path_factory.mktemp("serve"), host=HOST, code=CODE
    ) as running:
        wait_for_pool(running)
        yield running
    with open_workshop(demo) as ws:
        # Served no more: neither the code nor the QR code's key is kept in the file.
        assert state.join(ws)[1] == "" and state.join_key(ws) == ""


def _key(demo: Path) -> str:
    with open_workshop(demo) as ws:
        key = state.join_key(ws)
    assert len(key) >= 20
    return key


class Answer:
    def __init__(self, status: int, headers: Mapping[str, str], body: str) -> None:
        self.status, self.headers, self.body = status, headers, body


def ask(
    room: Room,
    method: str,
    path: str,
    *,
    source: str = "127.0.0.1",
    headers: Mapping[str, str] | None = None,
    body: str | None = None,
) -> Answer:
    """One request from ``source`` (a loopback address), redirects not followed."""
    conn = http.client.HTTPConnection(
        room.host, room.handle.port, timeout=60, source_address=(source, 0)
    )
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        res = conn.getresponse()
        text = res.read().decode("utf-8", "replace")
        return Answer(res.status, {k.lower(): v for k, v in res.getheaders()}, text)
    finally:
        conn.close()


def _cookies(answer: Answer, raw: list[str] | None = None) -> str:
    return "; ".join(c.split(";", 1)[0] for c in (raw or [answer.headers.get("set-cookie", "")]))


def login_form(room: Room, source: str) -> tuple[str, str]:
    """Give the code page's xsrf value and cookie, as a browser gets them."""
    conn = http.client.HTTPConnection(
        room.host, room.handle.port, timeout=60, source_address=(source, 0)
    )
    conn.request("GET", "/login")
    res = conn.getresponse()
    page = res.read().decode()
    cookie = "; ".join(v.split(";", 1)[0] for k, v in res.getheaders() if k.lower() == "set-cookie")
    conn.close()
    found = re.search(r'name="_xsrf" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1), cookie


def post_code(
    room: Room, code: str, source: str, xsrf: str, cookie: str, next_: str = ""
) -> Answer:
    path = "/login" + (f"?next={quote(next_, safe='')}" if next_ else "")
    return ask(
        room,
        "POST",
        path,
        source=source,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        body=urlencode({"_xsrf": xsrf, "code": code}),
    )


def _wrong_codes(n: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < n:
        guess = f"{secrets.randbelow(10**6):06d}"
        if guess != CODE:
            codes.add(guess)
    return sorted(codes)


def test_guessing_the_code_does_not_pay(room, demo):
    """300 wrong codes at once, over the three ways: at most 30 compared, the rest wait."""
    forms = {source: login_form(room, source) for source in ATTACKERS}
    guesses = _wrong_codes(300)
    kernel = uuid.uuid4()

    def guess(i: int) -> Answer:
        source, code = ATTACKERS[i % len(ATTACKERS)], guesses[i]
        way = i % 3
        if way == 0:
            return post_code(room, code, source, *forms[source])
        if way == 1:
            return ask(room, "GET", f"/voila/render/trainee.ipynb?token={code}", source=source)
        return ask(
            room,
            "GET",
            f"/api/kernels/{kernel}",
            source=source,
            headers={"Authorization": f"token {code}"},
        )

    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(guess, range(len(guesses))))
    waited = [a for a in answers if a.status == 429]
    compared = [a for a in answers if a.status != 429]
    ways = [(i % 3, a.status, a.body[:80]) for i, a in enumerate(answers) if a.status != 429]
    assert len(compared) <= 30, ways[:40]
    assert all(a.status in (302, 403) for a in compared), {a.status for a in compared}
    assert len(waited) >= 270
    for a in waited:
        assert int(a.headers["retry-after"]) > 0
        assert "Terlalu banyak kode akses yang salah" in a.body
    # While the room waits, even the right code typed is not compared: waiting says nothing.
    xsrf, cookie = forms[ATTACKERS[0]]
    assert post_code(room, CODE, ATTACKERS[0], xsrf, cookie).status == 429

    # The facilitator's QR code still lets the room in.
    key = _key(demo)
    door = ask(room, "GET", f"/?token={key}", source="127.0.0.9")
    assert door.status == 302
    page = ask(room, "GET", door.headers["location"], source="127.0.0.9")
    assert page.status == 200 and "jupyter-config-data" in page.body

    # Nothing of the workshop in what the attacker got; no code, key or guess in the log.
    with open_workshop(demo) as ws:
        names = [p.name for p in ws.snapshot(Participant)]
        title = ws.info().title
    for a in answers:
        assert title not in a.body and not any(n in a.body for n in names)
    log = room.handle.log_path.read_text(encoding="utf-8", errors="replace")
    served = log.split("Tekan Ctrl+C untuk berhenti.", 1)[1]  # after what the terminal shows
    assert CODE not in served and key not in served
    assert not [g for g in guesses if g in served]


NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%252F%252Fevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "http:evil.example",
    "evil.example",
]


@pytest.mark.parametrize("wanted", NEXT)
def test_after_the_code_the_browser_stays_on_this_server(room, demo, wanted):
    source = "127.0.0.8"
    xsrf, cookie = login_form(room, source)
    answer = post_code(room, _key(demo), source, xsrf, cookie, next_=wanted)
    assert answer.status == 302
    where = answer.headers["location"]
    assert where.startswith("/") and not where.startswith("//") and "\\" not in where
    assert urlsplit(where).netloc == ""
    assert "evil" not in where.split("?", 1)[0]


# One path (or more) for each route pattern the app registers: a pattern with none fails the
# test, so a route added later is crawled too.
KERNEL = "4f0c1e2a-0000-4000-8000-000000000000"
SAMPLES = [
    "/",
    "/?next=//evil.example",
    "/login",
    "/login?next=%0d%0aSet-Cookie:x",
    "/logout",
    f"/api/kernels/{KERNEL}",
    f"/api/kernels/{KERNEL}/channels",
    "/voila/templates/x",
    "/voila/templates/planning/x/y",
    "/voila/templates/planning/static/index.css",
    "/voila/templates/planning/static/../../../../etc/passwd",
    "/voila/templates/nothere/static/x.js",
    "/voila/static/",
    "/voila/static/voila.js",
    "/voila/static/nothere.js",
    "/voila/api/themes/",
    "/voila/api/themes/x",
    f"/voila/api/shutdown/{KERNEL}",
    "/voila/api/shutdown/x",
    f"/voila/query/x/{KERNEL}",
    "/voila/labextensions/x",
    "/voila/planning/chunks/nothere.js",
    "/voila/planning/chunks/..%2Fvoila.js",
    "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json",
    "/voila/files/x",
    "/voila/files/trainee.ipynb",
    "/voila/tree",
    "/voila/tree/nothere",
    "/voila/render/",
    "/voila/render/nothere.ipynb",
    "/voila/api/contents",
    "/voila/api/contents/nothere",
    f"/voila/execution/{KERNEL}",
]


def _registered_patterns(demo: Path, tmp_path: Path) -> list[str]:
    """The route patterns of the room's Voila app, as `planning serve` registers them."""
    from planning.room.serve import RoomVoila, prepare_folder, voila_config

    with open_workshop(demo) as ws:
        prepare_folder(ws, tmp_path)
    config = voila_config(
        host=HOST,
        port=1,
        code=CODE,
        lang="id",
        cull_after=60,
        pool_size=0,
        preheat=False,
        runtime_dir=str(tmp_path),
    )
    app = RoomVoila(config=config)
    app.initialize([str(tmp_path)])
    app.init_settings()  # as Voila.start does, before its handlers
    return [h[0] for h in app.init_handlers()]


def test_no_route_answers_500(room, demo, tmp_path):
    patterns = _registered_patterns(demo, tmp_path)
    uncovered = [
        p for p in patterns if not any(re.fullmatch(p, s.split("?", 1)[0]) for s in SAMPLES)
    ]
    assert not uncovered, f"no sample path for {uncovered}"
    xsrf, cookie = login_form(room, "127.0.0.7")
    logged = post_code(room, _key(demo), "127.0.0.7", xsrf, cookie)
    session = "; ".join(filter(None, [cookie, _cookies(logged)]))
    bad = []
    for path in SAMPLES:
        for method in ("GET", "HEAD", "POST"):
            for cookies in ("", session):
                headers = {"Cookie": cookies} if cookies else {}
                answer = ask(
                    room,
                    method,
                    path,
                    source="127.0.0.7",
                    headers=headers,
                    body="" if method == "POST" else None,
                )
                if answer.status >= 500:
                    bad.append((method, path, bool(cookies), answer.status))
    assert not bad
    tail = room.log_tail(400)
    assert "Traceback" not in tail, tail[tail.find("Traceback") - 300 :][:2500]


# --- the page on the wire, and heard --------------------------------------------------------


def _wire(page: Any) -> tuple[dict[str, int], list[str]]:
    """Count the bytes on the wire of every response the page gets (DevTools' own count)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    urls: list[str] = []
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    cdp.on("Network.requestWillBeSent", lambda e: urls.append(e["request"]["url"]))
    return sizes, urls


def test_the_trainee_page_is_light_and_heard(room, demo, playwright_instance):
    key = _key(demo)
    with devices(playwright_instance) as browser:
        # A context of its own: Playwright's routing (which blocks outside requests on the
        # other pages) turns the browser's cache off, and the second load is about the cache.
        context = browser.browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        phone = context.new_page()
        sizes, urls = _wire(phone)
        phone.goto(f"{room.base_url}?token={key}")
        expect(phone.locator(".planning-room-names button").first).to_be_visible()
        phone.wait_for_load_state("networkidle")
        first = sum(sizes.values())
        sizes.clear()
        phone.goto(f"{room.base_url}?token={key}")
        expect(phone.locator(".planning-room-names button").first).to_be_visible()
        phone.wait_for_load_state("networkidle")
        second = sum(sizes.values())
        assert first < 1.5 * MB, f"{first / MB:.2f} MB"
        assert second < 100_000, f"{second / 1000:.0f} KB"
        assert all(is_local_url(u) for u in urls if not u.startswith("data:")), urls

        assert phone.locator("h1").count() == 1
        assert phone.locator("[aria-live]").count() >= 1
        phone.locator(".planning-room-names button", has_text="Siti Aminah").click()
        now = phone.locator("h2.planning-room-now")
        expect(now).to_be_visible()
        live = phone.locator("#planning-announce")
        expect(live).to_contain_text(now.inner_text())  # the step said aloud
        # The focus went to the new step's first control.
        phone.wait_for_function(
            "() => document.activeElement"
            " && document.activeElement.matches('input, select, textarea, button')"
            " && !!(document.querySelector('.planning-room-now').compareDocumentPosition("
            "document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)"
        )
        assert axe_problems(phone) == []

        projector = browser.page(*PHONE)
        projector.goto(f"{room.base_url}{FACILITATOR}?token={key}")
        # The results come first; the step's guide is folded under its title, one tap away.
        fold = projector.locator(".planning-facilitator details.planning-room-fold").first
        expect(fold.locator("summary")).to_be_visible()
        fold.locator("summary").click()
        expect(projector.locator(".planning-facilitator h2.planning-guide-title")).to_be_visible()
        assert axe_problems(projector) == []
        assert browser.outside_requests == []


def test_the_handout_is_heard_on_a_phone(demo, tmp_path, playwright_instance):
    """The handout of the map's stage (a table and the map, both scrolling sideways)."""
    from planning.handout.build import build_handouts
    from planning.paths import templates_dir

    notebook = templates_dir() / "handout" / "notebooks" / "03_stakeholders.ipynb"
    written = build_handouts(
        str(demo), tmp_path, language="id", notebooks=[notebook], progress=False
    )
    with devices(playwright_instance) as browser:
        # A file of its own: nothing to route (the routed pages block file:// addresses).
        page = browser.browser.new_page(viewport={"width": PHONE[0], "height": PHONE[1]})
        page.goto(written[-1].as_uri())
        assert axe_problems(page) == []


def test_the_kernels_request_socket_wants_the_key(room):
    answer = ask(room, "GET", f"/voila/query/{KERNEL}")
    assert answer.status in (403, 404)
    answer = ask(
        room,
        "GET",
        f"/voila/query/wrong/{KERNEL}",
        headers={
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZQ==",
        },
    )
    assert answer.status == 403
