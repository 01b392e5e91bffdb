"""Many writers at once, and a writer killed mid-stream: nothing confirmed is lost, on SQLite
and on PostgreSQL (the ``location`` fixture)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from planning import create_workshop, open_workshop

WRITER = """
import sys
from planning import open_workshop
ws = open_workshop(sys.argv[1], by=sys.argv[2])
for i in range(int(sys.argv[3])):
    ws.add("participants", name=f"{sys.argv[2]}-{i}")
    print(i, flush=True)
"""


def test_eight_processes_writing_at_once_lose_nothing(location: str):
    """Are all 8 x 100 records there after 8 processes wrote them at the same time?"""
    path = location
    create_workshop(path, title="Busy").close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), f"w{n}", "100"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(8)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    ws = open_workshop(path)
    names = {p.name for p in ws.records("participants")}
    assert names == {f"w{n}-{i}" for n in range(8) for i in range(100)}
    assert sum(c.count for c in ws.history() if c.action == "add") == 800


def test_a_writer_killed_mid_stream_loses_nothing_it_committed(location: str):
    """After SIGKILL, does the file open with every record the writer confirmed?"""
    path = location
    create_workshop(path, title="Killed").close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "k", "100000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    confirmed = -1
    deadline = time.monotonic() + 120
    while confirmed < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        confirmed = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert confirmed >= 150, proc.stderr.read()
    ws = open_workshop(path)
    names = {p.name for p in ws.records("participants")}
    assert {f"k-{i}" for i in range(confirmed + 1)} <= names
    ws.add("participants", name="after the crash")  # and the file still takes writes


POLLER = """
import sys, time
from planning import open_workshop
ws = open_workshop(sys.argv[1], role="trainee", by="")
seen = None
end = time.monotonic() + 300
while time.monotonic() < end:
    version = ws.data_version()
    if version != seen:
        seen = version
        ws.snapshot("participants")  # what a trainee's open panel reads on a change
    time.sleep(0.05)
"""


def test_twenty_writers_while_two_kernels_poll_lose_nothing_and_are_never_refused(tmp_path):
    """Do 20 processes writing one record a write, while two trainee kernels poll the file as
    an open panel does, all finish with every record stored and no "database is locked"?
    (Their single-write times are measured by benchmarks/bench_concurrency.py, not here.)"""
    path = tmp_path / "busy.sqlite"
    create_workshop(path, title="Busy").close()
    pollers = [
        subprocess.Popen([sys.executable, "-c", POLLER, str(path)], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    try:
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(path), f"w{n}", "20"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for n in range(20)
        ]
        for proc in writers:
            _, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err.decode()
        assert all(p.poll() is None for p in pollers), [p.stderr.read() for p in pollers]
    finally:
        for proc in pollers:
            proc.kill()
            proc.wait()
    with open_workshop(path) as ws:
        names = {p.name for p in ws.records("participants")}
    assert names == {f"w{n}-{i}" for n in range(20) for i in range(20)}
