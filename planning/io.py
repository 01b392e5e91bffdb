"""Tables in and out: CSV (comma or semicolon, UTF-8 with or without BOM) and XLSX.

A file holds one kind of record (CSV) or one sheet per kind (XLSX, the sheet named after the
kind in English or Indonesian). Column names may be English or Indonesian. References to
other records (a score's need, a vote's participant) are written as names, so a facilitator
can fill a template in a spreadsheet.

Reading refuses, with one message naming the file, the line or cell and what is allowed: a
file that is not there, not UTF-8 or not a table; a file, sheet, row count or cell over the
limits in :mod:`planning.limits` (checked before the file is loaded); a quote left open; a
column named twice, a required column missing, a value under no column name; an XLSX formula
saved without its result; a file with no rows. Exports are formula-safe: text a spreadsheet
would run as a formula is written with a ``'`` in front, which an import takes off again.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from planning import limits, stages
from planning.errors import Msg, ValidationError
from planning.i18n import LANGUAGES, t
from planning.records import WorkshopInfo, is_empty, kind_class, normalise_name
from planning.store import Workshop

FORMATS = ("csv", "xlsx")
# A progress bar is shown from this many rows on: below it the work takes about a second.
PROGRESS_FROM = 2000
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


def _file_error(key: str, file: str, **fields: Any) -> ValidationError:
    """Give the error of a whole file (``value`` is its name)."""
    return ValidationError(key, field=Msg("field.file"), value=file, allowed="", **fields)


def _columns(kind: str, headers: Sequence[str], file: str) -> list[str | None]:
    """Give the field each column holds (None for a column with no name), refusing an unknown
    column, a field given by two columns and a missing required column."""
    names = column_map(kind)
    cls = stages.kinds()[kind]
    fields: list[str | None] = []
    seen: dict[str, int] = {}
    for number, header in enumerate(headers, start=1):
        key = _norm(header) if header is not None else ""
        if not key:
            fields.append(None)
            continue
        if key not in names:
            allowed = ", ".join(["id", *cls.specs()])
            raise ValidationError(
                "error.unknown_column", field=file, value=str(header), allowed=allowed
            )
        field = names[key]
        if field in seen:
            label = "id" if field == "id" else Msg(f"field.{kind}.{field}")
            raise _file_error(
                "error.column_twice", file, column=label, first=seen[field], second=number
            )
        seen[field] = number
        fields.append(field)
    if cls is not WorkshopInfo:
        missing = [f for f, spec in cls.specs().items() if spec.required and f not in seen]
        if missing:
            found = [str(h) for h in headers if h is not None and str(h).strip()]
            raise ValidationError(
                "error.missing_column",
                field=Msg("field.file"),
                value=file,
                allowed=", ".join(found) or "-",
                column=Msg(f"field.{kind}.{missing[0]}"),
            )
    return fields


def _rows_from(
    kind: str,
    headers: Sequence[str],
    body: Iterable[tuple[int, Sequence[Any]]],
    file: str,
    *,
    place: Callable[[int, int], str] | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """Give the rows of one table as (line, {field: value}), refusing a value in a column that
    has no name. ``place(line, column)`` names a cell in messages (an XLSX cell reference)."""
    fields = _columns(kind, headers, file)
    decided = {name for name, spec in kind_class(kind).specs().items() if spec.tie}
    width = len(fields)
    rows = []
    for line, cells in body:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        for number, cell in enumerate(cells, start=1):
            named = number <= width and fields[number - 1] is not None
            if not named and cell is not None and str(cell).strip() != "":
                raise _file_error(
                    "error.cell_no_header",
                    file,
                    line=line,
                    column=place(line, number) if place else number,
                )
        # An empty cell is a missing column: a new record gets the field's default, a record
        # already there keeps what it has. An empty winner of a pair is a decision (a tie).
        raw = {
            f: from_formula_safe(c) if c is not None else ""
            for f, c in zip(fields, cells, strict=False)
            if f and (f in decided or not is_empty(c))
        }
        rows.append((line, raw))
    return rows


def _decode(raw: bytes, file: str) -> str:
    """Give a CSV file's text, or refuse one that is not UTF-8, naming what it looks like."""
    head = raw[:4096]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 4:
        raise _file_error("error.not_utf8", file, encoding="UTF-16", line=1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _file_error(
            "error.not_utf8", file, encoding="Latin-1 / Windows-1252", line=line
        ) from None


def _csv_body(
    reader: Any, file: str, multiline: Callable[[int], bool]
) -> Iterator[tuple[int, list[str]]]:
    """Give each row of a CSV reader with the line it starts on, refusing a quote that is
    never closed (or that swallows the rows after it), a cell longer than the limit, and more
    rows than the limit."""
    count = 0  # rows read, the header included
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            if "field larger than field limit" in str(err):
                raise _file_error(
                    "error.cell_too_long", file, line=start, limit=limits.MAX_CELL_CHARS
                ) from None
            raise _file_error("error.bad_quote", file, line=start, end=reader.line_num) from None
        count += 1
        if count > limits.MAX_ROWS:
            raise _file_error("error.too_many_rows", file, limit=limits.MAX_ROWS)
        for number, cell in enumerate(row):
            if len(cell) > limits.MAX_CELL_CHARS:
                raise _file_error(
                    "error.cell_too_long", file, line=start, limit=limits.MAX_CELL_CHARS
                )
            # A quoted cell that runs over lines in a one-line field, taking in what reads as
            # the rows after it (their cells), is a quote left open; a line break alone in a
            # quoted cell is data, as the standard says (RFC 4180), folded to a space.
            if not multiline(number) and _swallowed(cell, reader.dialect.delimiter):
                raise _file_error("error.bad_quote", file, line=start, end=reader.line_num)
        yield start, row


def _swallowed(cell: str, delimiter: str) -> bool:
    """Whether a cell holds a line break followed by what reads as another row's cells.

    Examples
    --------
    >>> _swallowed("\\rAir bersih", ","), _swallowed("Air\\nbersih", ",")
    (False, False)
    >>> _swallowed('Air\\nJalan,10\\nSekolah,3', ",")
    True
    """
    lines = cell.replace("\r\n", "\n").split("\n")
    return len(lines) > 1 and any(delimiter in line for line in lines[1:])


def read_csv(
    path: str | os.PathLike[str], kind: str | None = None
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Read one CSV file into {kind: [(line, row)]}; comma or semicolon, BOM or not."""
    file = os.fspath(path)
    name = Path(file).name
    _check_file(file)
    try:
        with open(file, "rb") as fh:
            raw = fh.read(limits.MAX_FILE_BYTES + 1)
    except OSError as err:
        raise _file_error("error.cannot_read_file", name, reason=err.strerror or "") from None
    text = _decode(raw, name)
    if not text.strip():
        raise _file_error("error.no_rows", name)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    body = _csv_body(reader, name, lambda _n: True)
    header_row = next(body, None)
    headers = header_row[1] if header_row else []
    kind = kind or kind_named(name) or guess_kind(headers)
    if kind is None:
        raise ValidationError(
            "error.unknown_kind",
            field=Msg("field.file"),
            value=file,
            allowed=", ".join(k for k in stages.kinds()),
        )
    specs = stages.kinds()[kind].specs()
    names = column_map(kind)

    def multiline(number: int) -> bool:
        if number >= len(headers):
            return True  # refused as a cell without a column name
        field = names.get(_norm(headers[number]))
        return field is None or field == "id" or specs[field].type == "longtext"

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    body = _csv_body(reader, name, multiline)
    next(body, None)  # the header, read above
    return {kind: _rows_from(kind, headers, body, name)}


def _check_file(file: str) -> None:
    """Refuse a file that is not there, or larger than the limit, before reading it."""
    path = Path(file)
    if not path.exists():
        raise _file_error("error.no_file", file)
    if not path.is_file():
        raise ValidationError(
            "error.file_format", field=Msg("field.file"), value=file, allowed="CSV (UTF-8), XLSX"
        )
    size = path.stat().st_size
    if size > limits.MAX_FILE_BYTES:
        raise _file_error(
            "error.file_too_big",
            path.name,
            size=limits.megabytes(size),
            limit=limits.megabytes(limits.MAX_FILE_BYTES),
        )


_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
# A cell's text holds no "<", and one character takes at most 6 bytes ("&quot;"), so a run
# this long is a cell over the limit whatever it holds. Searched from a "<", so each run is
# read once.
_LONG = 6 * limits.MAX_CELL_CHARS
_LONG_TEXT = re.compile(rb"<[^<]{%d}" % _LONG)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _check_xlsx(file: str) -> bool:
    """Check an XLSX file against the limits before openpyxl loads it; give whether a sheet
    holds a formula.

    Each part's unpacked size is what its zip entry says (the zip module reads no more than
    that), so a huge cell behind a small file is refused here; the sheets are then streamed
    once, unpacked a chunk at a time, to count their rows.
    """
    name = Path(file).name
    try:
        book = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(
            "error.file_format", field=Msg("field.file"), value=file, allowed="CSV (UTF-8), XLSX"
        ) from None
    formulas = False
    with book:
        parts = book.infolist()
        for info in parts:
            if info.file_size > limits.MAX_UNPACKED_BYTES:
                raise _file_error(
                    "error.part_too_big",
                    name,
                    part=info.filename,
                    limit=limits.megabytes(limits.MAX_UNPACKED_BYTES),
                )
        for info in parts:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                formulas |= _scan_sheet(book, info, name)
    return formulas


def _scan_sheet(book: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bool:
    """Count a sheet's rows without parsing it, and look for a cell far over the length limit
    and for formulas; give whether it holds a formula."""
    where = f"{name}:{Path(info.filename).stem}"
    rows, formulas, tail = 0, False, b""
    tags: tuple[bytes, bytes] | None = None

    def counted(text: bytes) -> int:
        return 0 if tags is None else text.count(tags[0]) + text.count(tags[1])

    try:
        with book.open(info) as stream:
            while chunk := stream.read(1 << 20):
                buf = tail + chunk
                if tags is None and (found := _SHEET_DATA.search(buf)) is not None:
                    prefix = found.group(1) or b""
                    tags = (b"<" + prefix + b"row ", b"<" + prefix + b"row>")
                rows += counted(buf)
                if rows > limits.MAX_ROWS:
                    raise _file_error("error.too_many_rows", where, limit=limits.MAX_ROWS)
                last = buf.rfind(b"<")
                if _LONG_TEXT.search(buf) or len(buf) - last > _LONG:
                    raise _file_error(
                        "error.cell_too_long_sheet", where, limit=limits.MAX_CELL_CHARS
                    )
                formulas = formulas or _FORMULA.search(buf) is not None
                # The last tag may go on in the next chunk: keep it, and count it there.
                tail = buf[last:]
                rows -= counted(tail)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise ValidationError(
            "error.file_format", field=Msg("field.file"), value=name, allowed="CSV (UTF-8), XLSX"
        ) from None
    return formulas


class Sheets(dict[str, list[tuple[int, dict[str, Any]]]]):
    """A workbook's rows by kind, and the sheet each kind was read from (messages name it)."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: dict[str, str] = {}


def read_xlsx(
    path: str | os.PathLike[str], kind: str | None = None
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Read every sheet of an XLSX workbook into {kind: [(line, row)]}, kinds in store order.

    The file is checked against the limits first (:func:`_check_xlsx`), then streamed
    (openpyxl's read-only mode). A formula is read as the result the spreadsheet saved with
    it; a formula saved without one is refused, naming its cell.
    """
    file = os.fspath(path)
    _check_file(file)
    formulas = _check_xlsx(file)
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
        source = load_workbook(file, read_only=True, data_only=False) if formulas else None
    except Exception as err:  # openpyxl raises many types for a file it cannot read
        raise ValidationError(
            "error.file_format", field=Msg("field.file"), value=file, allowed="CSV (UTF-8), XLSX"
        ) from err
    found = Sheets()
    try:
        for sheet in book.worksheets:
            where = f"{Path(file).name}:{sheet.title}"
            cells = _sheet_rows(sheet, source[sheet.title] if source else None, where)
            headers = [str(h) if h is not None else "" for h in next(cells, (0, ()))[1]]
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
            found.titles.setdefault(sheet_kind, sheet.title)
            found.setdefault(sheet_kind, []).extend(
                _rows_from(sheet_kind, headers, cells, where, place=_column_letter)
            )
    finally:
        book.close()
        if source is not None:
            source.close()
    ordered = Sheets()
    ordered.update((k, found[k]) for k in stages.kinds() if k in found)
    ordered.titles = found.titles
    return ordered


def _cell_name(line: int, column: int) -> str:
    return f"{_column_letter(line, column)}{line}"


def _column_letter(_line: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _sheet_rows(sheet: Any, source: Any, where: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Give a sheet's rows (numbered from 1) with the values the spreadsheet saved, refusing a
    cell longer than the limit and a formula saved without its result."""
    values = sheet.iter_rows(values_only=True)
    formulas = source.iter_rows() if source is not None else None
    for line, row in enumerate(values, start=1):
        if line > limits.MAX_ROWS:
            raise _file_error("error.too_many_rows", where, limit=limits.MAX_ROWS)
        if formulas is not None:
            for column, (value, cell) in enumerate(
                zip(row, next(formulas, ()), strict=False), start=1
            ):
                if value is None and getattr(cell, "data_type", "") == "f":
                    raise _file_error(
                        "error.formula_no_value",
                        where,
                        cell=_cell_name(line, column),
                        formula=str(cell.value)[:60],
                    )
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > limits.MAX_CELL_CHARS:
                raise _file_error(
                    "error.cell_too_long_at",
                    where,
                    cell=_cell_name(line, column),
                    limit=limits.MAX_CELL_CHARS,
                )
        yield line, row


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
    _check_file(os.fspath(path))
    raise ValidationError(
        "error.file_format", field=Msg("field.file"), value=os.fspath(path), allowed=".csv, .xlsx"
    )


def import_file(
    ws: Workshop, path: str | os.PathLike[str], kind: str | None = None, *, by: str | None = None
) -> dict[str, dict[str, int]]:
    """Import a CSV or XLSX file into the workshop: every row, or none of them."""
    batches = read_file(path, kind)
    ordered = {k: batches[k] for k in stages.kinds() if k in batches}
    if not any(ordered.values()):
        raise _file_error("error.no_rows", Path(path).name)
    total = sum(len(rows) for rows in ordered.values())
    with _progress(total, Path(path).name) as bar:
        titles = batches.titles if isinstance(batches, Sheets) else {}

        def place(kind: str, line: int) -> int | Msg:
            sheet = titles.get(kind)
            return line if sheet is None else Msg("error.sheet_line", sheet=sheet, line=line)

        return ws.import_records(
            ordered, source=Path(path).name, by=by, progress=bar.update, place=place
        )


@contextmanager
def _progress(total: int, what: str) -> Iterator[Any]:
    """Give a progress bar (tqdm.auto: a widget in a notebook, text on the command line) for
    long work only: a bar for a few hundred rows would only flicker."""
    from tqdm.auto import tqdm

    # None: tqdm shows the bar only on a terminal, so a piped or logged command's stderr keeps
    # its one message.
    quiet = True if total < PROGRESS_FROM else None
    with tqdm(total=total, desc=what, unit="row", disable=quiet, leave=False) as bar:
        yield bar


# --- formula-safe cells -----------------------------------------------------------------------

# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# injection"); an apostrophe in front makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """Give a cell as exported: text a spreadsheet would run as a formula gets a ``'`` in front
    (so does text that already starts with ``'`` and one of those, so it reads back the same).

    Examples
    --------
    >>> print(formula_safe('=HYPERLINK("http://x", "klik")'))
    '=HYPERLINK("http://x", "klik")
    >>> formula_safe("-"), formula_safe("Siti"), formula_safe(-3)
    ("'-", 'Siti', -3)
    >>> all(from_formula_safe(formula_safe(v)) == v for v in ["=1", "'=1", "''", "'a", "@x"])
    True
    """
    if isinstance(value, str) and value and _escaped(value):
        return "'" + value
    return value


def from_formula_safe(value: Any) -> Any:
    """Give a cell as it was before :func:`formula_safe`."""
    if isinstance(value, str) and value[:1] == "'" and _escaped(value[1:]):
        return value[1:]
    return value


def _escaped(text: str) -> bool:
    return text[:1] in FORMULA_START or (
        text[:1] == "'" and len(text) > 1 and (text[1] in FORMULA_START or text[1] == "'")
    )


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
    kinds = list(stages.kinds())
    total = sum(len(ws.snapshot(kind)) for kind in kinds)
    with _progress(total, out.name) as bar:
        tables: dict[str, tuple[list[str], list[list[Any]]]] = {}
        for kind in kinds:
            tables[kind] = table_rows(ws, kind)
            bar.update(len(tables[kind][1]))
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
        writer.writerows([formula_safe(v) for v in row] for row in rows)


def write_xlsx(
    path: Path, tables: Mapping[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]
) -> None:
    """Write one sheet per kind, named after the kind, through pandas and openpyxl; every typed
    text stays text."""
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for kind, (headers, rows) in tables.items():
            safe = [[formula_safe(v) for v in row] for row in rows]
            pd.DataFrame(safe, columns=list(headers)).to_excel(writer, sheet_name=kind, index=False)
            for row in writer.sheets[kind].iter_rows(min_row=2):
                for cell in row:
                    # Never a formula, whatever the text (the "'" in front already says so).
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
