"""The trainee's page on an emulated village hotspot, request by request.

Runs only bench_serve's hotspot load (4 Mbit/s down, 1 Mbit/s up, 100 ms, a fresh browser
context with an empty cache) ``--loads`` times against one ``planning serve``, and prints for
each load the seconds to ready, the bytes on the wire and, with ``--waterfall``, every request
(start, response, end, bytes) and the kernel websocket's frames.

    python benchmarks/hotspot_waterfall.py [--loads 3] [--waterfall] [--loopback]
    python benchmarks/hotspot_waterfall.py --record [--fresh]

``--record`` writes the scripts the page fetched one by one (after an upgrade of Voila or
ipywidgets) into the list of chunks ``planning serve`` joins (see planning.room.chunks).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [
    str(ROOT),
    str(ROOT / "tests"),
    str(ROOT / "tests" / "browser"),
    str(ROOT / "benchmarks"),
]

from bench_serve import CODE, HOTSPOT, _key, _workshop, new_device  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from serve_helpers import devices, run_planning_serve, wait_for_pool  # noqa: E402


def _describe(data: str, opcode: int | None) -> str:
    """Give a kernel message's channel, type and (for comms) target or method."""
    try:
        if opcode == 2:  # binary: Jupyter's v1 websocket protocol
            raw = base64.b64decode(data)
            n = int.from_bytes(raw[:8], "little")
            offs = [int.from_bytes(raw[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(n)]
            parts = [raw[offs[i] : offs[i + 1]] for i in range(len(offs) - 1)]
            channel = parts[0].decode()
            header = json.loads(parts[1])
            content = json.loads(parts[4]) if len(parts) > 4 else {}
        else:
            msg = json.loads(data)
            channel, header, content = msg.get("channel"), msg["header"], msg.get("content", {})
    except Exception:
        return data[:80]
    extra = content.get("target_name") or content.get("execution_state") or ""
    if header.get("msg_type") == "stream":
        extra = repr(content.get("text", ""))[:100]
    inner = content.get("data", {}) if isinstance(content.get("data"), dict) else {}
    if "method" in inner:
        extra += inner["method"]
        state = inner.get("state", {})
        extra += " " + str(state.get("_model_name", ""))
    return f"{channel} {header.get('msg_type')} {extra} {str(header.get('date', ''))[11:23]}"


# The moment (ms since the navigation began) the first name button is on screen, seen in the page
# itself: Playwright's expect polls every 0.5 s after its first tries.
SEEN_JS = """
window.__namesSeen = null;
new MutationObserver((_, watcher) => {
  const b = document.querySelector('.planning-room-names button');
  if (b && b.getClientRects().length && window.__namesSeen === null) {
    window.__namesSeen = performance.now();
    watcher.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def one_load(
    browser, url: str, waterfall: bool, network: dict | None = HOTSPOT
) -> tuple[float, float, int, list[str]]:
    page, cdp = new_device(browser, network)
    context = page.context
    reqs: dict[str, dict] = {}
    frames: list[tuple[float, str, int, str]] = []
    t0 = [0.0]

    def now() -> float:
        return time.perf_counter() - t0[0]

    def sent(e):
        reqs[e["requestId"]] = {"url": e["request"]["url"], "start": now()}

    def received(e):
        r = reqs.setdefault(e["requestId"], {"url": e["response"]["url"], "start": now()})
        r["resp"] = now()
        r["status"] = e["response"]["status"]
        r["enc"] = e["response"].get("headers", {}).get("Content-Encoding", "") or e[
            "response"
        ].get("headers", {}).get("content-encoding", "")

    def finished(e):
        r = reqs.setdefault(e["requestId"], {"url": "?", "start": now()})
        r["end"] = now()
        r["bytes"] = e["encodedDataLength"]

    def frame(kind):
        def f(e):
            data = e["response"].get("payloadData", "")
            frames.append((now(), kind, len(data), _describe(data, e["response"].get("opcode"))))

        return f

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketCreated", lambda e: frames.append((now(), "open", 0, e["url"])))
    cdp.on(
        "Network.webSocketHandshakeResponseReceived",
        lambda e: frames.append((now(), "hand", 0, str(e["response"]["headers"]))),
    )
    cdp.on("Network.webSocketFrameSent", frame("sent"))
    cdp.on("Network.webSocketFrameReceived", frame("recv"))
    page.add_init_script(SEEN_JS)
    t0[0] = time.perf_counter()
    page.goto(url)
    expect(page.locator(".planning-room-names button").first).to_be_visible(timeout=180_000)
    took = now()
    page.wait_for_load_state("networkidle")
    seen = page.evaluate("window.__namesSeen") / 1000
    total = sum(r.get("bytes", 0) for r in reqs.values())
    if waterfall:
        for r in sorted(reqs.values(), key=lambda r: r["start"]):
            name = r["url"].replace(url.split("?")[0].rsplit("/", 1)[0], "")
            resp, end = r.get("resp", float("nan")), r.get("end", float("nan"))
            print(
                f"{r['start']:6.2f} {resp:6.2f} {end:6.2f} {r.get('bytes', 0):8d}"
                f" {r.get('status', '')} {r.get('enc', ''):4s} {name[-90:]}"
            )
        for t, kind, n, head in frames:
            print(f"  ws {t:6.2f} {kind:4s} {n:7d} {head if kind == 'hand' else head[:150]}")
    print(
        f"ready {took:.2f} s (in the page {seen:.2f} s), {total / 1e6:.3f} MB"
        f" in {len(reqs)} requests",
        flush=True,
    )
    context.close()
    return took, seen, total, [r["url"] for r in reqs.values()]


@contextlib.contextmanager
def served_room() -> Iterator[tuple[object, str]]:
    """Serve a new workshop of 40 names on loopback with a full pool; give a browser and the
    trainee's address with the room key."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        folder = Path(tmp)
        workshop = _workshop(folder)
        with (
            run_planning_serve(workshop, folder / "serve", code=CODE) as room,
            devices(pw) as browser,
        ):
            wait_for_pool(room)
            yield browser, f"{room.base_url}?token={_key(workshop)}"


def record(fresh: bool) -> None:
    """Load the trainee's page once on loopback; write what it fetched one by one into
    planning's list (templates/voila/templates/planning/trainee-chunks.json)."""
    from planning.room import chunks

    if fresh:  # the page then fetches everything one by one
        chunks.record([], fresh=True)
    with served_room() as (browser, url):
        *_, urls = one_load(browser, url, False, None)
    found = chunks.record(urls)
    print(f"{chunks.list_path()}: " + ", ".join(f"{k} {len(v)}" for k, v in found.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--waterfall", action="store_true")
    parser.add_argument("--loopback", action="store_true", help="no network emulation")
    parser.add_argument(
        "--record",
        action="store_true",
        help="add the scripts the page fetched one by one to the joined chunks' list",
    )
    parser.add_argument("--fresh", action="store_true", help="with --record: start the list anew")
    args = parser.parse_args()
    if args.record:
        record(args.fresh)
        return
    times, seens = [], []
    with served_room() as (browser, url):
        for _ in range(args.loads):
            took, seen, _total, _urls = one_load(
                browser, url, args.waterfall, None if args.loopback else HOTSPOT
            )
            times.append(took)
            seens.append(seen)
            time.sleep(8)  # the pool refills: each load takes a full pool's kernel
    for label, found in (("expect", times), ("in the page", seens)):
        print(
            f"hotspot ready ({label}):",
            " ".join(f"{t:.2f}" for t in found),
            f"median {statistics.median(found):.2f} s",
        )


if __name__ == "__main__":
    main()
