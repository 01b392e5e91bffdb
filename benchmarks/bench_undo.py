"""How long undo of a 50,000-row import takes, against that import, both timed in the same run
(the machines are noisy; the ratio is what counts). Target: at most 1/3.

    python benchmarks/bench_undo.py [--rows 50000] [--url postgresql+psycopg://...]

Without ``--url`` the workshop is a SQLite file in a temporary folder; with ``--url`` (or
``$PLANNING_TEST_POSTGRES``, given ``--postgres``) it is a new database on that server, dropped
at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

TARGET = 1 / 3


def write_participants(path: Path, rows: int) -> None:
    """Write a participants CSV of ``rows`` people, every column filled."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["name", "gender", "age_group", "group", "dusun", "poor_household", "pkh"])
        for i in range(rows):
            out.writerow(
                [f"Warga {i:06d}", ("P", "L")[i % 2], "adult", "warga", f"Dusun {i % 12}", "ya", ""]
            )


def run(location: str, folder: Path, rows: int) -> tuple[float, float]:
    """Import ``rows`` participants into a new workshop at ``location``, then undo; give the
    seconds each took."""
    from planning import create_workshop
    from planning.io import import_file

    ws = create_workshop(location, title="Bench undo", language="en")
    file = folder / "participants.csv"
    write_participants(file, rows)
    start = time.perf_counter()
    counts = import_file(ws, file)
    imported = time.perf_counter() - start
    assert counts["participants"]["added"] == rows, counts
    start = time.perf_counter()
    change = ws.undo()
    undone = time.perf_counter() - start
    assert change is not None and change.count == rows, change
    assert ws.records("participants") == []
    ws.close()
    return imported, undone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--url", default="", help="a PostgreSQL server's URL (any database)")
    parser.add_argument(
        "--postgres", action="store_true", help="use $PLANNING_TEST_POSTGRES as --url"
    )
    args = parser.parse_args()
    server = args.url or (os.environ.get("PLANNING_TEST_POSTGRES", "") if args.postgres else "")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not server:
            imported, undone = run(str(folder / "bench.sqlite"), folder, args.rows)
            where = "SQLite"
        else:
            import sqlalchemy as sa

            admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
            name = f"planning_bench_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            try:
                url = sa.engine.make_url(server).set(database=name)
                imported, undone = run(url.render_as_string(hide_password=False), folder, args.rows)
            finally:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.dispose()
            where = "PostgreSQL"
    ratio = undone / imported
    print(f"{where}: import of {args.rows:,} participants: {imported:.2f} s")
    print(f"{where}: undo of that import:            {undone:.2f} s")
    print(f"ratio: {ratio:.3f} (target <= {TARGET:.3f})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
