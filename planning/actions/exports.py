"""The plan's official tables as files: RKP Desa, DU-RKPDesa, logframe, information board.

``planning export`` calls :func:`write_tables` beside the records it writes (the stage declares
it as its ``tables``). CSV: one file per table, the title on the first line, the header (two
rows where the form has two), each group's title row, its rows and its subtotal row, then the
total. XLSX: one workbook with a sheet per table, laid out the same way with the grouping and
totals visible: bold title, header and group rows, subtotal and total rows bold with a line
above, merged header cells, amounts as numbers with thousands separators. Both are
formula-safe: in a CSV, a text a person typed that starts with ``=``, ``+``, ``-``, ``@`` or a
tab is written with a leading apostrophe (OWASP's advice); in an XLSX every text is stored as
text, so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planning.actions.layout import LaidOut, lay_out
from planning.store import Workshop

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """Give a cell as written to a spreadsheet: text that could start a formula gets a leading
    apostrophe; numbers stay numbers.

    Examples
    --------
    >>> safe("=HYPERLINK(1)"), safe("-5 KK"), safe(1500000), safe("Air")
    ("'=HYPERLINK(1)", "'-5 KK", 1500000, 'Air')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def tables(ws: Workshop, lang: str | None = None) -> dict[str, LaidOut]:
    """Give the four official tables of the stored plan, laid out in ``lang`` (default: the
    workshop's language), keyed by their file name."""
    from planning.actions.assessment import plan_view
    from planning.actions.methods.tables import (
        du_rkp_desa_table,
        information_board,
        logframe_table,
        rkp_desa_table,
    )
    from planning.actions.rules import bidang_ref

    lang = lang or ws.lang
    view = plan_view(ws)
    p = view.plan
    ref = bidang_ref()
    return {
        "rkp_desa": lay_out(rkp_desa_table(p.activities, bidang=ref, map_info=p.map_info), lang),
        "du_rkp_desa": lay_out(
            du_rkp_desa_table(p.activities, bidang=ref, map_info=p.map_info), lang
        ),
        "logframe": lay_out(
            logframe_table(p.objectives, p.activities, p.indicators, p.risks, p.needs), lang
        ),
        "information_board": lay_out(information_board(p.activities), lang),
    }


def _header_rows(table: LaidOut) -> list[list[str]]:
    if table.header_groups is None:
        return [table.headers]
    top: list[str] = []
    bottom: list[str] = []
    col = 0
    for title, span in table.header_groups:
        if span == 1 and not title:
            top.append(table.headers[col])
            bottom.append("")
        else:
            top += [title] + [""] * (span - 1)
            bottom += table.headers[col : col + span]
        col += span
    return [top, bottom]


def rows_of(table: LaidOut) -> list[tuple[str, list[Any]]]:
    """Give every line of a table as (what it is, cells): ``title``, ``header``, ``group``,
    ``row``, ``subtotal``, ``total``."""
    width = len(table.headers)
    out: list[tuple[str, list[Any]]] = [("title", [table.title] + [""] * (width - 1))]
    out += [("header", r) for r in _header_rows(table)]
    for title, rows, subtotal in table.groups:
        out.append(("group", [title] + [""] * (width - 1)))
        out += [("row", list(r)) for r in rows]
        if subtotal is not None:
            out.append(("subtotal", list(subtotal)))
    if table.total is not None:
        out.append(("total", list(table.total)))
    return out


def write_csv(path: Path, table: LaidOut) -> Path:
    """Write one table as CSV (UTF-8 with a BOM, so spreadsheet programs show it right)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for _, cells in rows_of(table):
            writer.writerow([safe(c) for c in cells])
    return path


def write_xlsx(path: Path, laid: dict[str, LaidOut], sheet_names: Sequence[str]) -> Path:
    """Write the tables into one workbook, a sheet each, grouping and totals visible."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    line = Border(top=Side(style="thin"))
    band = PatternFill("solid", fgColor="E8EEF4")
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, table in zip(sheet_names, laid.values(), strict=True):
        sheet = book.create_sheet(name[:31])
        width = len(table.headers)
        widths = [10] * width
        header_rows: list[int] = []
        for kind, row in rows_of(table):
            cells = [safe(c) for c in row]  # the apostrophe every export puts before a formula
            sheet.append(cells)
            r = sheet.max_row
            for i, c in enumerate(cells):
                cell = sheet.cell(row=r, column=i + 1)
                cell.alignment = wrap
                if isinstance(c, str):
                    cell.data_type = "s"  # typed text stays text, never a formula
                if isinstance(c, int) and not isinstance(c, bool) and i == table.amount:
                    cell.number_format = "#,##0"
                text = str(c)
                if kind in ("row", "header"):
                    widths[i] = min(45, max(widths[i], max(len(x) for x in text.split("\n")) + 2))
            if kind == "title":
                sheet.cell(row=r, column=1).font = Font(bold=True, size=13)
            elif kind == "header":
                header_rows.append(r)
                for i in range(width):
                    sheet.cell(row=r, column=i + 1).font = bold
                    sheet.cell(row=r, column=i + 1).fill = band
            elif kind == "group":
                sheet.cell(row=r, column=1).font = bold
                sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            elif kind in ("subtotal", "total"):
                for i in range(width):
                    sheet.cell(row=r, column=i + 1).font = bold
                    sheet.cell(row=r, column=i + 1).border = line
        if table.header_groups is not None and len(header_rows) == 2:
            top, bottom = header_rows
            col = 1
            for title, span in table.header_groups:
                if span == 1 and not title:
                    sheet.merge_cells(
                        start_row=top, start_column=col, end_row=bottom, end_column=col
                    )
                elif span > 1:
                    sheet.merge_cells(
                        start_row=top, start_column=col, end_row=top, end_column=col + span - 1
                    )
                col += span
        for i, w in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = w
        sheet.freeze_panes = sheet.cell(row=(header_rows[-1] + 1) if header_rows else 2, column=1)
    book.save(path)
    return path


def write_tables(ws: Workshop, out_dir: str | os.PathLike[str], fmt: str = "csv") -> list[Path]:
    """Write the RKP Desa, DU-RKPDesa, logframe and information-board tables into ``out_dir``:
    a CSV each, or one XLSX (``plan_tables.xlsx``) with a sheet each; give the paths (none
    while the plan has no activity)."""
    from planning.actions.records import Activity

    if not ws.snapshot(Activity):
        return []
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    laid = tables(ws)
    if fmt == "xlsx":
        return [write_xlsx(out / "plan_tables.xlsx", laid, list(laid))]
    return [write_csv(out / f"{name}.csv", table) for name, table in laid.items()]
