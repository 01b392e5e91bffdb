"""Tables in and out: CSV (comma or semicolon, UTF-8 with or without BOM) and XLSX.

A file holds one kind of record (CSV) or one sheet per kind (XLSX, the sheet named after the
kind in English or Indonesian). Column names may be English or Indonesian. References to
other records (a score's need, a vote's participant) are written as names, so a facilitator
can fill a template in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from planning import stages
from planning.errors import Msg, ValidationError
from planning.i18n import LANGUAGES, t
from planning.records import normalise_name
from planning.store import Workshop

FORMATS = ("csv", "xlsx")
# Indonesian names of the core's kinds, for sheet and file names; stages declare theirs.
KIND_ALIASES = {"lokakarya": "workshop", "peserta": "participants"}


def _norm(header: str) -> str:
    return normalise_name(str(header)).replace(" ", "_").replace("-", "_").strip("_")


def kind_named(name: str) -> str | None:
    """Give the kind a sheet or file name stands for (English or Indonesian), or None."""
    key = _norm(Path(name).stem if "." in name else name)
    if key in stages.kinds():
        return key
    aliases = {**KIND_ALIASES, **stages.kind_aliases()}
    if key in aliases:
        return aliases[key]
    for kind in stages.kinds():
        if any(_norm(t(f"kind.{kind}", lang)) == key for lang in LANGUAGES):
            return kind
    return None


def column_map(kind: str) -> dict[str, str]:
    """Map every accepted column name of a kind (normalised) to its field."""
    cls = stages.kinds()[kind]
    names: dict[str, str] = {"id": "id"}
    for field, spec in cls.specs().items():
        for spelled in (
            field,
            *spec.aliases,
            *(t(f"field.{kind}.{field}", lang) for lang in LANGUAGES),
        ):
            names.setdefault(_norm(spelled), field)
    return names


def guess_kind(headers: Sequence[str]) -> str | None:
    """Give the kind whose columns the headers match (all required ones present), or None."""
    wanted = {_norm(h) for h in headers if str(h).strip()}
    best, best_hits = None, 0
    for kind, cls in stages.kinds().items():
        names = column_map(kind)
        fields = {names[h] for h in wanted if h in names}
        required = {f for f, s in cls.specs().items() if s.required}
        if not required <= fields or len(fields) < len(wanted) - 1:
            continue
        hits = len(fields)
        if hits > best_hits:
            best, best_hits = kind, hits
    return best


def _rows_from(
    kind: str,
    headers: Sequence[str],
    body: Iterable[tuple[int, Sequence[Any]]],
    file: str,
) -> list[tuple[int, dict[str, Any]]]:
    names = column_map(kind)
    fields: list[str | None] = []
    for header in headers:
        key = _norm(header) if header is not None else ""
        if not key:
            fields.append(None)
            continue
        if key not in names:
            allowed = ", ".join(["id", *stages.kinds()[kind].specs()])
            raise ValidationError(
                "error.unknown_column", field=file, value=str(header), allowed=allowed
            )
        fields.append(names[key])
    rows = []
    for line, cells in body:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        raw = {f: (c if c is not None else "") for f, c in zip(fields, cells, strict=False) if f}
        rows.append((line, raw))
    return rows


def read_csv(
    path: str | os.PathLike[str], kind: str | None = None
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Read one CSV file into {kind: [(line, row)]}; comma or semicolon, BOM or not."""
    file = os.fspath(path)
    try:
        with open(file, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as err:
        raise ValidationError(
            "error.file_format", field=Msg("field.file"), value=file, allowed="CSV (UTF-8), XLSX"
        ) from err
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        headers = []
    kind = kind or kind_named(Path(file).name) or guess_kind(headers)
    if kind is None:
        raise ValidationError(
            "error.unknown_kind",
            field=Msg("field.file"),
            value=file,
            allowed=", ".join(k for k in stages.kinds()),
        )
    body = ((i, row) for i, row in enumerate(reader, start=2))
    return {kind: _rows_from(kind, headers, body, file)}


def read_xlsx(
    path: str | os.PathLike[str], kind: str | None = None
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Read every sheet of an XLSX workbook into {kind: [(line, row)]}, kinds in store order."""
    from openpyxl import load_workbook

    file = os.fspath(path)
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a file it cannot read
        raise ValidationError(
            "error.file_format", field=Msg("field.file"), value=file, allowed="CSV (UTF-8), XLSX"
        ) from err
    found: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            headers = [str(h) if h is not None else "" for h in next(rows, ())]
            if not any(headers):
                continue
            sheet_kind = kind if kind and len(book.worksheets) == 1 else None
            sheet_kind = sheet_kind or kind_named(sheet.title) or guess_kind(headers)
            if sheet_kind is None:
                raise ValidationError(
                    "error.unknown_kind",
                    field=Msg("field.sheet"),
                    value=sheet.title,
                    allowed=", ".join(stages.kinds()),
                )
            body = ((i, row) for i, row in enumerate(rows, start=2))
            found.setdefault(sheet_kind, []).extend(
                _rows_from(sheet_kind, headers, body, f"{Path(file).name}:{sheet.title}")
            )
    finally:
        book.close()
    return {k: found[k] for k in stages.kinds() if k in found}


def read_file(
    path: str | os.PathLike[str], kind: str | None = None
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Read a CSV or XLSX file into {kind: [(line, row)]}."""
    if kind is not None and kind not in stages.kinds():
        kind = kind_named(kind) or kind
        if kind not in stages.kinds():
            raise ValidationError(field="--kind", value=kind, allowed=", ".join(stages.kinds()))
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, kind)
    if suffix in (".csv", ".txt", ""):
        return read_csv(path, kind)
    raise ValidationError(
        "error.file_format", field=Msg("field.file"), value=os.fspath(path), allowed=".csv, .xlsx"
    )


def import_file(
    ws: Workshop, path: str | os.PathLike[str], kind: str | None = None, *, by: str | None = None
) -> dict[str, dict[str, int]]:
    """Import a CSV or XLSX file into the workshop: every row, or none of them."""
    batches = read_file(path, kind)
    ordered = {k: batches[k] for k in stages.kinds() if k in batches}
    return ws.import_records(ordered, source=Path(path).name, by=by)


def table_rows(ws: Workshop, kind: str) -> tuple[list[str], list[list[Any]]]:
    """Give the headers and rows of a kind as exported: ids, and references as names."""
    cls = stages.kinds()[kind]
    specs = cls.specs()
    names: dict[str, dict[str, str]] = {}
    for spec in specs.values():
        if spec.type == "ref" and spec.ref not in names:
            names[spec.ref] = {r.id: r.display_name() for r in ws.records(stages.kinds()[spec.ref])}
    headers = ["id", *specs]
    rows = []
    for record in ws.records(cls):
        row: list[Any] = [record.id]
        for field, spec in specs.items():
            value = getattr(record, field)
            if spec.type == "ref":
                value = names[spec.ref].get(value, value)
            elif spec.type == "bool":
                value = "yes" if value else "no"
            row.append(value)
        rows.append(row)
    return headers, rows


def export_tables(ws: Workshop, out_dir: str | os.PathLike[str], fmt: str = "csv") -> list[Path]:
    """Write every kind to ``out_dir``: one CSV per kind, or one XLSX with a sheet per kind;
    then the tables each stage writes beside its records (an action plan's RKP Desa...)."""
    if fmt not in FORMATS:
        raise ValidationError(field="--format", value=fmt, allowed=", ".join(FORMATS))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = {kind: table_rows(ws, kind) for kind in stages.kinds()}
    written = []
    if fmt == "csv":
        for kind, (headers, rows) in tables.items():
            path = out / f"{kind}.csv"
            write_csv(path, headers, rows)
            written.append(path)
    else:
        path = out / "workshop.xlsx"
        write_xlsx(path, tables)
        written.append(path)
    for stage in stages.stages():
        writer = stage.resolve("tables")
        if writer is not None:
            written += writer(ws, out, fmt)
    return written


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a UTF-8 CSV with a BOM, so spreadsheet programs show Indonesian text right."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)


def write_xlsx(
    path: Path, tables: Mapping[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]
) -> None:
    """Write one sheet per kind, named after the kind."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for kind, (headers, rows) in tables.items():
        sheet = book.create_sheet(kind)
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                # Text a person typed that starts with "=" must stay text, never a formula.
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    book.save(path)


def write_templates(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write one empty CSV template per kind with its column names (English)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, cls in stages.kinds().items():
        path = out / f"{kind}.csv"
        write_csv(path, list(cls.specs()), [])
        written.append(path)
    return written
