"""PostgreSQL on a par with SQLite: ``planning copy`` both ways with the whole history, and a
merge and an XLSX of several sheets (whose change lists several kinds) on PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa

from planning import open_workshop
from planning.cli import main
from planning.io import import_file
from planning.store.merge import merge_workshops
from planning.store.workshop import create_workshop


def _outputs(capsys, url: str) -> tuple[str, str]:
    capsys.readouterr()
    assert main(["summary", "--json", url]) == 0
    summary = capsys.readouterr().out
    assert main(["history", url]) == 0
    return summary, capsys.readouterr().out


def test_does_a_copy_to_postgresql_and_back_keep_the_summary_and_history(
    demo_file, postgres_url, tmp_path: Path, capsys
):
    """Do ``planning summary --json`` and ``planning history`` of each copy equal the
    original's; is an existing target refused?"""
    original = _outputs(capsys, str(demo_file))
    assert main(["copy", str(demo_file), postgres_url]) == 0
    assert _outputs(capsys, postgres_url) == original
    back = tmp_path / "back.sqlite"
    assert main(["copy", postgres_url, str(back)]) == 0
    assert _outputs(capsys, str(back)) == original
    ws = open_workshop(postgres_url)  # the copy goes on: new changes number after the old
    ws.add("needs", title="Jalan desa")
    assert ws.history()[-1].seq == len(original[1].splitlines())
    ws.close()
    assert main(["copy", str(demo_file), str(back)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["copy", str(demo_file), postgres_url]) == 2


def test_do_a_merge_and_a_multi_sheet_import_work_on_postgresql(postgres_url, tmp_path: Path):
    """A merge and an XLSX with several sheets write one change listing many kinds."""
    from openpyxl import Workbook

    ws = create_workshop(postgres_url, title="Kursus", language="id")
    book = Workbook()
    sheet = book.active
    sheet.title = "Peserta"
    sheet.append(["Nama", "Jenis kelamin"])
    sheet.append(["Siti", "perempuan"])
    sheet = book.create_sheet("Kebutuhan")
    sheet.append(["Judul", "Bidang", "KK terdampak"])
    sheet.append(["Air bersih", "infrastruktur", 85])
    book.save(tmp_path / "data.xlsx")
    counts = import_file(ws, tmp_path / "data.xlsx")
    assert counts["participants"]["added"] == 1 and counts["needs"]["added"] == 1

    laptop = tmp_path / "laptop.sqlite"
    assert main(["copy", postgres_url, str(laptop)]) == 0
    other = open_workshop(laptop)
    for kind, fields in (
        ("participants", {"name": "Budi"}),
        ("needs", {"title": "Jalan"}),
    ):
        other.add(kind, **fields)
    report = merge_workshops(ws, other)
    assert sum(report.written.values()) >= 2
    assert {n.title for n in ws.records("needs")} == {"Air bersih", "Jalan"}
    ws.close()
    other.close()


def test_is_a_schema_2_postgresql_workshop_widened_when_opened(postgres_url, demo_file, tmp_path):
    """A workshop made before ``changes.kind`` was widened takes a merge after opening."""
    assert main(["copy", str(demo_file), postgres_url]) == 0
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE changes ALTER COLUMN kind TYPE VARCHAR(40)")
        conn.exec_driver_sql("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    laptop = tmp_path / "laptop.sqlite"
    shutil.copy(demo_file, laptop)
    other = open_workshop(laptop)
    other.add("needs", title="Jalan")
    other.add("participants", name="Budi")
    ws = open_workshop(postgres_url)
    merge_workshops(ws, other)
    with engine.connect() as conn:
        kind_type = conn.exec_driver_sql(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'changes' AND column_name = 'kind'"
        ).scalar()
    assert kind_type == "text"
    ws.close()
    other.close()
    engine.dispose()
