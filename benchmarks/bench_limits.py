"""How fast hostile spreadsheets are refused: an XLSX of about 310 KB holding a 300 MB cell,
and one of about 5 MB with a million empty rows (issue 9, row 12). Each is imported with
`planning import` in a new process, against `planning history` of the same workshop (the
command's own start-up) and against importing a plain 1,000-row XLSX, all in the same run.
Target: each refusal under 2 s, at most about twice the start-up.

    python benchmarks/bench_limits.py [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

MB = 1024 * 1024
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t>'
    b'</is></c><c r="B1" t="inlineStr"><is><t>gender</t></is></c></row>'
)
TAIL = b"</sheetData></worksheet>"


def huge_cell() -> Iterator[bytes]:
    yield HEAD + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    for _ in range(300):
        yield b"x" * MB
    yield b"</t></is></c></row>" + TAIL


def empty_rows() -> Iterator[bytes]:
    yield HEAD
    for start in range(2, 1_000_002, 20_000):
        yield b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t></t></is></c></row>' % (i, i)
            for i in range(start, start + 20_000)
        )
    yield TAIL


def xlsx(path: Path, chunks: Callable[[], Iterator[bytes]]) -> Path:
    """Write a one-sheet participants workbook whose sheet is streamed from ``chunks()``."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "participants"
    book.active.append(["name", "gender"])
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(buf)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info.filename))
                continue
            entry = zipfile.ZipInfo(info.filename)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with out.open(entry, "w", force_zip64=True) as fh:
                for chunk in chunks():
                    fh.write(chunk)
    return path


def timed(args: list[str], expect: int) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "planning.cli", *args], capture_output=True, text=True
    )
    took = time.perf_counter() - start
    if done.returncode != expect:
        raise SystemExit(f"{args}: exit {done.returncode}, expected {expect}\n{done.stderr}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from openpyxl import Workbook

    from planning import create_workshop

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workshop = folder / "desa.sqlite"
        create_workshop(workshop, title="Bench limits", language="en").close()
        plain = folder / "plain.xlsx"
        book = Workbook()
        book.active.title = "participants"
        book.active.append(["name", "gender"])
        for i in range(1000):
            book.active.append([f"Warga {i}", ("P", "L")[i % 2]])
        book.save(plain)
        files = {
            "300 MB cell": xlsx(folder / "cell.xlsx", huge_cell),
            "1,000,000 empty rows": xlsx(folder / "rows.xlsx", empty_rows),
        }
        w = str(workshop)
        timed(["history", w], 0)  # warm the file cache
        start = [timed(["history", w], 0) for _ in range(args.runs)]
        normal = []
        for _ in range(args.runs):
            normal.append(timed(["import", w, str(plain)], 0))
        refused = {
            name: [timed(["import", w, str(file)], 2) for _ in range(args.runs)]
            for name, file in files.items()
        }
        base = statistics.median(start)
        print(f"planning history (start-up):          median {base:.2f} s")
        print(f"import of a plain 1,000-row XLSX:     median {statistics.median(normal):.2f} s")
        for name, times in refused.items():
            size = files[name].stat().st_size / MB
            took = statistics.median(times)
            print(
                f"refusal of {name} ({size:.1f} MB file): median {took:.2f} s, "
                f"ratio to start-up {took / base:.2f} (target: under 2 s)"
            )


if __name__ == "__main__":
    main()
