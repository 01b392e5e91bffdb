"""Single-write times under 20 concurrent writers, each adding 100 records one write at a time,
on SQLite and (given a server) on PostgreSQL, in one run. Target: no write over 2 s.

    python benchmarks/bench_concurrency.py [--writers 20] [--records 100] [--postgres | --url URL]

Every writer starts Python and opens the workshop first; then all write at once. Prints, per
database, the median, p99 and maximum single-write time, the records written per second over
the whole run and the machine's load (the 1-minute average) when it ended. Without ``--url``
(or ``$PLANNING_TEST_POSTGRES`` with ``--postgres``) only SQLite is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TARGET = 2.0

WRITER = """
import json, os, sys, time
from planning import open_workshop
ws = open_workshop(sys.argv[1], by=sys.argv[2])
print("ready", flush=True)
while not os.path.exists(sys.argv[4]):
    time.sleep(0.01)
times = []
for i in range(int(sys.argv[3])):
    start = time.perf_counter()
    ws.add("participants", name=f"{sys.argv[2]}-{i}")
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def run(location: str, writers: int, records: int) -> tuple[list[float], float]:
    """Start ``writers`` processes on a new workshop at ``location``; give every single write's
    seconds and the seconds the whole run took (all stored, checked)."""
    from planning import create_workshop, open_workshop

    create_workshop(location, title="Bench concurrency", language="en").close()
    go = Path(tempfile.mkdtemp()) / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, location, f"w{n}", str(records), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(writers)
    ]
    # Every writer has started Python and opened the workshop (as a trainee's kernel has)
    # before any writes: the writes are measured, not 20 interpreters starting.
    for proc in procs:
        if proc.stdout is None or proc.stdout.readline().strip() != "ready":
            raise SystemExit(proc.communicate()[1])
    start = time.perf_counter()
    go.touch()
    times: list[float] = []
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        if proc.returncode != 0:
            raise SystemExit(err)
        times.extend(json.loads(out))
    elapsed = time.perf_counter() - start
    with open_workshop(location) as ws:
        stored = len(ws.records("participants"))
    assert stored == writers * records, (stored, writers * records)
    return times, elapsed


def report(where: str, times: list[float], elapsed: float) -> bool:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    worst = ordered[-1]
    print(
        f"{where}: {len(times)} writes; median {statistics.median(times) * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms, max {worst:.2f} s (target < {TARGET:.0f} s, "
        f"ratio {worst / TARGET:.2f}); {len(times) / elapsed:.0f} records/s; "
        f"{sum(t > 1 for t in times)} over 1 s; machine load {os.getloadavg()[0]:.1f}"
    )
    return worst < TARGET


def on_postgres(server: str, writers: int, records: int) -> bool:
    import sqlalchemy as sa

    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"planning_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
        return report("PostgreSQL", *run(url, writers, records))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--url", default="", help="a PostgreSQL server's URL (any database)")
    parser.add_argument(
        "--postgres", action="store_true", help="also use $PLANNING_TEST_POSTGRES as --url"
    )
    args = parser.parse_args()
    server = args.url or (os.environ.get("PLANNING_TEST_POSTGRES", "") if args.postgres else "")
    with tempfile.TemporaryDirectory() as tmp:
        ok = report("SQLite", *run(str(Path(tmp) / "bench.sqlite"), args.writers, args.records))
    if server:
        ok = on_postgres(server, args.writers, args.records) and ok
    else:
        print("PostgreSQL: not measured (no --url or --postgres)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
