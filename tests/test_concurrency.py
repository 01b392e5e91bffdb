"""Many writers at once, and a writer killed mid-stream: nothing confirmed is lost, on SQLite
and on PostgreSQL (the ``location`` fixture)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest

import planning.store.workshop as workshop_module
from planning import create_workshop, open_workshop
from planning.errors import DuplicateError, StoreBusyError
from planning.store import database
from planning.store.database import write_attempts

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
    """Do 20 processes writing 100 records one write each, while two trainee kernels poll the
    file as an open panel does, all finish with every record stored, each in its own change,
    and no "database is locked"? (Their single-write times are measured by
    benchmarks/bench_concurrency.py, not here: no timed assertions in tests.)"""
    path = tmp_path / "busy.sqlite"
    create_workshop(path, title="Busy").close()
    pollers = [
        subprocess.Popen([sys.executable, "-c", POLLER, str(path)], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    try:
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(path), f"w{n}", "100"],
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
        names = [p.name for p in ws.records("participants")]
        adds = [c for c in ws.history() if c.action == "add"]
    assert sorted(names) == sorted(f"w{n}-{i}" for n in range(20) for i in range(100))
    assert len(adds) == 2000 and all(c.count == 1 for c in adds)


def _hold_the_lock(path) -> sqlite3.Connection:
    """Take SQLite's write lock of a workshop as another program would (outside the turns)."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_write_waits_for_another_program_holding_the_lock_and_is_stored(ws):
    """When a program outside the writers' turns holds SQLite's lock for longer than SQLite's
    own short wait, is the write retried and stored once the lock is let go?"""
    other = _hold_the_lock(ws.url.removeprefix("sqlite:///"))
    release = threading.Timer(1.0, other.commit)
    release.start()
    try:
        ws.add("participants", name="Sari")
    finally:
        release.join()
        other.close()
    assert [p.name for p in ws.records("participants")] == ["Sari"]


def test_a_write_kept_from_the_lock_past_the_limit_says_busy_and_writes_nothing(ws, monkeypatch):
    """Does a write that never gets the lock end (the retries are bounded), saying in words
    that the workshop is busy, with nothing written?"""
    monkeypatch.setattr(workshop_module, "write_attempts", partial(write_attempts, give_up=0.5))
    other = _hold_the_lock(ws.url.removeprefix("sqlite:///"))
    try:
        with pytest.raises(StoreBusyError) as err:
            ws.add("participants", name="Sari")
    finally:
        other.rollback()
        other.close()
    assert str(err.value) == "The workshop is busy (other people are saving). Please try again."
    assert ws.records("participants") == []


def test_a_writer_sees_what_another_wrote_changed_removed_and_brought_back(ws):
    """Does a workshop kept open while another writes (the records it read brought up to date
    with only the rows written since) read exactly what a fresh reader reads, and check names
    against them: a renamed record's old name free, its new name taken?"""
    other = open_workshop(ws.url.removeprefix("sqlite:///"), by="other")
    ws.add("participants", name="Ani")
    ws.add("participants", name="Budi")
    ws.add("participants", name="Citra")
    budi = other.find("participants", "Budi")
    other.edit("participants", budi.id, name="Bagus")
    other.remove("participants", other.find("participants", "Citra").id)
    assert [p.name for p in ws.records("participants")] == ["Ani", "Bagus"]
    with pytest.raises(DuplicateError):
        ws.add("participants", name="Bagus")
    other.undo()  # Citra comes back, in her first place
    ws.add("participants", name="Budi")  # the old name is free again
    fresh = open_workshop(ws.url.removeprefix("sqlite:///"))
    assert [p.name for p in ws.records("participants")] == ["Ani", "Bagus", "Citra", "Budi"]
    assert ws.records("participants") == fresh.records("participants")
    with pytest.raises(DuplicateError):
        ws.add("participants", name="citra")
    other.close()
    fresh.close()


def test_the_log_is_copied_back_beside_the_writers_turn(ws, tmp_path):
    """Does every 50th change start a checkpoint of its own (the writer that commits copies
    nothing back itself), after which the workshop file alone holds the records?"""
    path = Path(ws.url.removeprefix("sqlite:///"))
    for i in range(database.CHECKPOINT_EVERY - 2):  # change 1 made the workshop
        ws.add("participants", name=f"p{i}")
    assert path not in database._checkpointing
    ws.add("participants", name="last")
    database._checkpointing.pop(path).join()
    alone = tmp_path / "alone.sqlite"
    alone.write_bytes(path.read_bytes())  # the file without its -wal
    conn = sqlite3.connect(alone)
    try:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 50
    finally:
        conn.close()
