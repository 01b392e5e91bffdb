"""The trainee's page on a village hotspot: its code asked for at once, in a few requests (see
planning.room.chunks), and the kernel's messages compressed. The page's speed itself is
measured by benchmarks/bench_serve.py (hotspot) and benchmarks/hotspot_waterfall.py."""

from __future__ import annotations

import re
import urllib.request

import pytest
from browser_helpers import save_screenshot
from playwright.sync_api import expect
from serve_helpers import devices, run_planning_serve, wait_for_pool

from planning import create_workshop
from planning.records import Participant
from planning.room import chunks

pytestmark = pytest.mark.slow

PEOPLE = [{"name": f"Peserta {i:02d}"} for i in range(12)]


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hotspot")
    path = folder / "hotspot.sqlite"
    with create_workshop(path, title="Uji hotspot", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
    with run_planning_serve(str(path), folder / "serve") as served:
        wait_for_pool(served)
        yield served


def test_does_the_page_ask_for_its_code_at_once(room, playwright_instance):
    """No chunk of Voila's or the widget manager's is fetched on its own: they came joined,
    asked for from the page's head, each once; the page works, names and a form."""
    with devices(playwright_instance) as browser:
        page = browser.page(390, 844)
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url))
        sockets: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(room.join_url)
        expect(page.locator(".planning-room-names button").first).to_be_visible()
        page.locator(".planning-room-names button", has_text="Peserta 03").click()
        expect(page.locator(".planning-room-form button").first).to_be_visible()
        save_screenshot(page, "hotspot-trainee")
        alone = [u for u in asked if (chunks.sort_out(u) or ("",))[0] in ("voila", "widgets")]
        assert alone == [], "fetched one by one (run benchmarks/hotspot_waterfall.py --record)"
        joined = [u for u in asked if "/voila/planning/chunks/" in u]
        assert len(joined) == len(set(joined)) == 2, joined
        head = page.evaluate(
            "() => [...document.head.querySelectorAll('link[rel=preload]')].map(l => l.href)"
        )
        assert set(joined) <= set(head)
        assert any(u.endswith("/voila/static/voila.js") for u in head)
        assert browser.page_errors == [] and browser.outside_requests == []
        assert any("/channels" in u for u in sockets)


def test_are_the_joined_chunks_kept_and_compressed(room):
    """A joined script comes gzipped to a browser that takes gzip, whole to one that does
    not, kept a year (its name is its content's hash); an unknown name is a 404. The kernel's
    websocket is compressed when the browser offers it."""
    from websockets.sync.client import connect

    with urllib.request.urlopen(room.base_url + "voila/render/trainee.ipynb", timeout=60) as r:
        html = r.read().decode()
    kernel = re.search(r'"kernelId": "([^"]+)"', html)
    assert kernel is not None
    channels = f"ws://{room.host}:{room.handle.port}/api/kernels/{kernel[1]}/channels"
    with connect(channels, compression="deflate", open_timeout=60) as socket:
        assert "permessage-deflate" in socket.response.headers["Sec-WebSocket-Extensions"]
    names = re.findall(r'src="/(voila/planning/chunks/[^"]+)"', html)
    assert len(names) == 2
    for accept in ("gzip, deflate", "identity"):
        ask = urllib.request.Request(room.base_url + names[0], headers={"Accept-Encoding": accept})
        with urllib.request.urlopen(ask, timeout=60) as r:
            body = r.read()
            assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert r.headers.get("Content-Encoding", "") == ("gzip" if "gzip" in accept else "")
            assert body[:2] == b"\x1f\x8b" if "gzip" in accept else b"Chunk" in body[:400]
    for bad in ("nothere.js", "..%2F..%2Fvoila.js", names[0].rsplit("/", 1)[1] + "x"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(room.base_url + "voila/planning/chunks/" + bad, timeout=60)
        assert refused.value.code == 404
