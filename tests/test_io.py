"""CSV and XLSX in and out: kinds from names or headers, templates, formula-safe cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from planning.errors import ImportRowsError, ValidationError
from planning.io import export_tables, guess_kind, import_file, kind_named, read_file
from planning.paths import templates_dir
from planning.stages import kinds


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("peserta.csv", "participants"),
        ("participants", "participants"),
        ("Kebutuhan", "needs"),
        ("voting titik", "dot_votes"),
        ("skor.xlsx", "scores"),
    ],
)
def test_kind_from_a_name(name, kind):
    """Is the kind found from an English or Indonesian file or sheet name?"""
    assert kind_named(name) == kind


def test_kind_from_the_header():
    """Is the kind guessed from the columns when the name says nothing?"""
    assert guess_kind(["Penilai", "Kebutuhan", "Kriteria", "Nilai"]) == "scores"
    assert guess_kind(["participant", "need", "dots"]) == "dot_votes"


def test_every_kind_has_an_empty_template():
    """Does templates/data hold one CSV template per kind that reads back as that kind?"""
    folder = templates_dir() / "data"
    for kind, cls in kinds().items():
        file = folder / f"{kind}.csv"
        assert file.exists(), file
        assert read_file(file) == {kind: []}
        header = file.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert header == list(cls.specs())


def test_xlsx_with_a_sheet_per_kind(ws, tmp_path: Path):
    """Does one XLSX file import participants and needs from sheets named in Indonesian?"""
    from openpyxl import Workbook

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
    assert ws.records("needs")[0].households == 85


def test_formula_text_stays_text_in_xlsx(ws, tmp_path: Path):
    """Is text that starts with '=' written as text with a "'" in front, never a formula?"""
    ws.add("participants", name="=1+1 Siti")
    (path,) = export_tables(ws, tmp_path, "xlsx")
    from openpyxl import load_workbook

    cell = load_workbook(path)["participants"]["B2"]
    assert cell.value == "'=1+1 Siti" and cell.data_type == "s"


def test_import_reports_every_bad_row(ws, tmp_path: Path):
    """Does the error list every bad row with its line number, and import nothing?"""
    ws.add("needs", title="Air bersih")
    file = tmp_path / "dots.csv"
    file.write_text("participant,need,dots\nSiti,Air bersih,1\n", encoding="utf-8")
    with pytest.raises(ImportRowsError) as info:
        import_file(ws, file, "dot_votes")
    assert [line for line, _ in info.value.rows] == [2]
    assert "Siti" in str(info.value)


def test_duplicate_rows_in_one_file_are_refused(ws, tmp_path: Path):
    """Are two rows with the same name in one file a bad row, not two records?"""
    file = tmp_path / "p.csv"
    file.write_text("name\nSiti\n siti \n", encoding="utf-8")
    with pytest.raises(ImportRowsError) as info:
        import_file(ws, file, "participants")
    assert [line for line, _ in info.value.rows] == [3]


def test_unknown_column_is_refused(ws, tmp_path: Path):
    """Is a column that belongs to no field refused with the allowed columns?"""
    file = tmp_path / "p.csv"
    file.write_text("name,shoe size\nSiti,38\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="shoe size"):
        import_file(ws, file, "participants")


def test_not_a_table_is_refused(ws, tmp_path: Path):
    """Is a file that is not CSV or XLSX refused with what is allowed?"""
    file = tmp_path / "p.xlsx"
    file.write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match="XLSX"):
        import_file(ws, file)


def test_a_carriage_return_inside_a_quoted_cell_is_data(ws, tmp_path: Path):
    """Is a CR (and a CRLF) inside a quoted cell kept as part of the cell, as RFC 4180 says,
    not taken for the end of a row?"""
    file = tmp_path / "needs.csv"
    file.write_bytes(b'title,description\r\nAir bersih,"kemarau\rpanjang\r\nsumur kering"\r\n')
    import_file(ws, file, "needs")
    [need] = ws.records("needs")
    assert need.title == "Air bersih"
    assert "kemarau" in need.description and "sumur kering" in need.description


def test_a_file_of_many_bad_rows_lists_twenty_then_says_how_many_more(ws, tmp_path: Path):
    """Does a file of 25 bad rows list 20 of them and then "dan 5 lagi", importing nothing?"""
    file = tmp_path / "dots.csv"
    rows = "".join(f"Orang {i},Tidak ada,1\n" for i in range(25))
    file.write_text("participant,need,dots\n" + rows, encoding="utf-8")
    with pytest.raises(ImportRowsError) as info:
        import_file(ws, file, "dot_votes")
    said = info.value.message("id")
    assert said.count("\n  ") == 21 and said.rstrip().endswith("dan 5 lagi")
    assert ws.records("dot_votes") == []
