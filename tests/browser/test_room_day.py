"""A real day under `planning serve`: the file alone holds the day once the server stops
(SIGINT and SIGTERM), and a phone whose connection is cut for longer than the cull time comes
back by itself, on the open step, with its name, and what it typed stored once."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

import pytest
from browser_helpers import save_screenshot
from playwright.sync_api import expect
from serve_helpers import devices, free_port_on, run_planning_serve

from planning import create_workshop, open_workshop
from planning.cli import main
from planning.needs.records import Need
from planning.records import Participant
from planning.room import state

pytestmark = pytest.mark.slow

PEOPLE = [{"name": "Ani Rahayu"}, {"name": "Budi Santoso"}, {"name": "Citra Lestari"}]


def _summary_json(file: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["summary", str(file), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_does_the_file_alone_hold_the_day_once_serve_stops(tmp_path: Path, sig, capsys):
    file = tmp_path / "pagi.sqlite"
    create_workshop(file, title="Musyawarah pagi", language="id").close()
    with run_planning_serve(str(file), tmp_path / "home", extra_args=["--no-preheat"]) as room:
        # Another kernel of the day, still holding the file: its writes stay in the -wal file.
        ws = open_workshop(file)
        ws.add_many(Participant, PEOPLE)
        ws.add_many(Need, [{"title": "Sumur bor"}, {"title": "Lampu jalan"}])
        state.open_step(ws, "dots")
        proc = room.handle.process
        proc.send_signal(sig)
        assert proc.wait(timeout=60) == 0
        log = room.log_tail(400)
        usb = tmp_path / "usb"
        usb.mkdir()
        alone = Path(shutil.copy(file, usb / file.name))  # the .sqlite file alone
        copied = _summary_json(alone, capsys)
        assert copied == _summary_json(file, capsys)
        assert "Sumur bor" in json.dumps(copied)
        ws.close()
    assert "Traceback" not in log
    assert "Workshop saved in its file" in log


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


def test_does_a_phone_cut_longer_than_the_cull_time_come_back(tmp_path, playwright_instance):
    file = tmp_path / "pagi.sqlite"
    with create_workshop(file, title="Musyawarah pagi", language="id") as ws:
        ws.add_many(Participant, PEOPLE)
        state.open_step(ws, "needs")
    home = tmp_path / "home"
    with run_planning_serve(str(file), home, cull_after=10) as room:
        cable = Cable("127.0.0.3", (room.host, room.handle.port))
        cable.plug()
        with devices(playwright_instance) as browser:
            phone = browser.page(360, 640)
            phone.goto(cable.url)
            phone.locator(".planning-room-names button", has_text="Ani Rahayu").click()
            expect(phone.locator(".planning-needform")).to_be_visible()

            cable.unplug()  # the phone's screen locks
            banner = phone.locator("#planning-offline")
            expect(banner).to_contain_text("Koneksi terputus")
            form = phone.locator(".planning-room-form .planning-needform")
            form.locator("input[type=text]").first.fill("Sumur bor di Cibodas")
            form.locator("button", has_text="Tambah").click()  # held back, kept in the form
            expect(banner).to_contain_text("tetap di formulir")
            with open_workshop(file) as lead:  # the facilitator moves on two steps
                state.move(lead, +2)
            deadline = time.monotonic() + 60
            while room.kernels() > 2 and time.monotonic() < deadline:
                time.sleep(1)  # culled: only the pool's kernels are left
            time.sleep(max(0.0, 30 - 12))
            cable.plug()

            expect(phone.locator(".planning-room-now")).to_contain_text("Voting titik")
            expect(phone.locator(".planning-room-you")).to_contain_text("Ani Rahayu")
            kept = phone.locator(".planning-room-kept-form .planning-needform")
            expect(kept.locator("input[type=text]").first).to_have_value("Sumur bor di Cibodas")
            kept.locator("button", has_text="Tambah").click()
            expect(kept.locator("[role=status]")).to_contain_text("Sumur bor di Cibodas")
            save_screenshot(phone, "room-day-phone-back-360")
        with open_workshop(file) as after:
            titles = [n.title for n in after.snapshot(Need)]
        assert titles == ["Sumur bor di Cibodas"]
    assert "Traceback" not in room.log_tail(2000)
