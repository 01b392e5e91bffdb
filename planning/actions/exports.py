"""The plan's official tables as files: RKP Desa, DU-RKPDesa, logframe, information board.

``planning export`` calls :func:`write_tables` beside the records it writes (the stage declares
it as its ``tables``). CSV: one file per table, the title on the first line, the header (two
rows where the form has two), each group's title row, its rows and its subtotal row, then the
total. XLSX: one workbook with a sheet per table, laid out the same way with the grouping and
totals visible: bold title, header and group rows, subtotal and total rows bold with a line
above, merged header cells, amounts as numbers with thousands separators. Beside the forms, the
plain data tables (one header row, one row per activity): a CSV each without a BOM, or a sheet
each after the forms' sheets in the XLSX. Both are
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

from planning.actions.layout import Furniture, LaidOut, form_furniture, furnish, lay_out
from planning.actions.methods.tables import Table
from planning.actions.methods.vocab import SUPRA_SOURCES as SUPRA
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


def plan_tables(ws: Workshop, lang: str | None = None) -> dict[str, Table]:
    """Give the four official tables of the stored plan, keyed by their file name: the RKP
    Desa, the board and the board's totals of what fits under the ceilings (one selection,
    the one the summary and the handout show; the RKP Desa lists what does not fit as "Belum
    terdanai" with why), the DU-RKPDesa and the logframe."""
    from planning.actions.assessment import review
    from planning.actions.methods.tables import (
        board_totals,
        du_rkp_desa_table,
        information_board,
        logframe_table,
        rkp_desa_table,
    )
    from planning.actions.rules import bidang_ref

    r = review(ws)
    p = r.view.plan
    ref = bidang_ref()
    funded = list(r.funded)
    waiting = [(o.activity, o.why) for o in r.selection.left_out] if r.view.ceilings else []
    return {
        "rkp_desa": rkp_desa_table(funded, bidang=ref, left_out=waiting),
        "du_rkp_desa": du_rkp_desa_table(p.activities, bidang=ref, priority=p.needs),
        "logframe": logframe_table(p.objectives, p.activities, p.indicators, p.risks, p.needs),
        "information_board": information_board(funded),
        "board_totals": board_totals(funded, bidang=ref),
    }


def furniture(ws: Workshop, lang: str, *, bpd: bool) -> Furniture:
    """Give the forms' header and signature blocks for the stored workshop (``bpd``: the
    DU-RKPDesa's, signed by the Ketua BPD too)."""
    import datetime as _dt

    from planning.actions.assessment import config_of

    info = ws.info()
    config = config_of(ws)
    return form_furniture(
        year=config.year,
        desa=info.desa or info.title,
        kecamatan=info.kecamatan,
        kabupaten=info.kabupaten,
        provinsi=config.provinsi,
        day=_dt.date.fromisoformat(info.date) if info.date else None,
        kepala_desa=config.kepala_desa,
        ketua_bpd=config.ketua_bpd if bpd else None,
        lang=lang,
    )


def tables(ws: Workshop, lang: str | None = None) -> dict[str, LaidOut]:
    """Give the official tables of the stored plan (see :func:`plan_tables`) laid out in
    ``lang`` (default: the workshop's language), the RKP Desa and the DU-RKPDesa with their
    forms' header and signature blocks."""
    lang = lang or ws.lang
    laid = {name: lay_out(table, lang) for name, table in plan_tables(ws, lang).items()}
    laid["rkp_desa"] = furnish(laid["rkp_desa"], furniture(ws, lang, bpd=False))
    laid["du_rkp_desa"] = furnish(laid["du_rkp_desa"], furniture(ws, lang, bpd=True))
    return laid


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
    """Give every line of a table as (what it is, cells): ``title``, ``form`` (the form's
    header lines, and its place, date and signature blocks at the end), ``header``, ``group``,
    ``row``, ``subtotal``, ``total``."""
    width = len(table.headers)
    out: list[tuple[str, list[Any]]] = [("title", [table.title] + [""] * (width - 1))]
    form = table.furniture
    if form is not None:
        out += [("form", [label, value] + [""] * (width - 2)) for label, value in form.header]
    out += [("header", r) for r in _header_rows(table)]
    for title, rows, subtotal in table.groups:
        out.append(("group", [title] + [""] * (width - 1)))
        out += [("row", list(r)) for r in rows]
        if subtotal is not None:
            out.append(("subtotal", list(subtotal)))
    if table.total is not None:
        out.append(("total", list(table.total)))
    if form is not None:
        out.append(("form", [""] * width))
        out.append(("form", [form.place_date] + [""] * (width - 1)))
        for role, name in form.signatures:
            out.append(("form", [role] + [""] * (width - 1)))
            out.append(("form", [name] + [""] * (width - 1)))
    return out


def write_csv(path: Path, table: LaidOut) -> Path:
    """Write one table as CSV (UTF-8 with a BOM, so spreadsheet programs show it right)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for _, cells in rows_of(table):
            writer.writerow([safe(c) for c in cells])
    return path


def write_xlsx(
    path: Path,
    laid: dict[str, LaidOut],
    sheet_names: Sequence[str],
    data: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """Write the tables into one workbook, a sheet each, grouping and totals visible; then
    each plain data table of ``data`` (see :func:`data_tables`) as a sheet of its own."""
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
    for name, rows in (data or {}).items():
        _data_sheet(book.create_sheet(name[:31]), rows)
    book.save(path)
    return path


def _data_sheet(sheet: Any, rows: list[list[Any]]) -> None:
    """Fill a sheet with a plain data table: the header row bold and frozen, one row per
    activity, no merged cells or group rows; text stays text and starts no formula."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    widths = [10] * (len(rows[0]) if rows else 0)
    for n, row in enumerate(rows):
        cells = [safe(c) for c in row]
        sheet.append(cells)
        r = sheet.max_row
        for i, c in enumerate(cells):
            cell = sheet.cell(row=r, column=i + 1)
            if isinstance(c, str):
                cell.data_type = "s"  # typed text stays text, never a formula
            if n == 0:
                cell.font = Font(bold=True)
            widths[i] = min(45, max(widths[i], len(str(c)) + 2))
    for i, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    sheet.freeze_panes = "A2"


def data_tables(ws: Workshop, lang: str | None = None) -> dict[str, list[list[Any]]]:
    """Give the RKP Desa, the DU-RKPDesa and the board as plain data beside the forms: one
    header row, one row per activity, one column per value (codes and their names apart, men,
    women and poor households apart, dates as YYYY-MM-DD, amounts as whole Rupiah), so a
    spreadsheet or another system reads them. The RKP Desa's rows say whether each activity is
    funded and, if not, why, and where it was proposed (the whole room, or a women's
    deliberation); the board holds what is funded."""
    from planning.actions.assessment import review
    from planning.actions.methods.budget import priority_order
    from planning.actions.rules import bidang_ref
    from planning.actions.words import say
    from planning.i18n import t

    lang = lang or ws.lang
    r = review(ws)
    ref = bidang_ref()
    why = {o.activity.id: say(o.why, lang) for o in r.selection.left_out} if r.view.ceilings else {}
    funded = {a.id for a in r.funded}

    def field(name: str) -> str:
        return t(f"field.activities.{name}", lang)

    def words(group: str, code: str) -> str:
        return t(f"actions.{group}.{code}", lang) if code else ""

    common = [
        (t("actions.data.bidang_code", lang), lambda a: a.bidang),
        (field("bidang"), lambda a: ref.name(a.bidang).text(lang)),
        (t("actions.data.sub_bidang_code", lang), lambda a: a.sub_bidang),
        (field("sub_bidang"), lambda a: ref.name(a.sub_bidang).text(lang)),
        (field("title"), lambda a: a.title),
        (field("dusun"), lambda a: a.dusun),
        (field("volume"), lambda a: a.volume),
        (field("unit"), lambda a: a.unit),
        (field("men"), lambda a: a.men),
        (field("women"), lambda a: a.women),
        (field("poor_households"), lambda a: a.poor_households),
        (field("start"), lambda a: a.start.isoformat()),
        (field("end"), lambda a: a.end.isoformat()),
        (field("cost"), lambda a: a.cost),
    ]
    rkp = [
        *common,
        (field("wage"), lambda a: a.wage),
        (field("source"), lambda a: words("source", a.source)),
        (field("mode"), lambda a: words("mode", a.mode)),
        (field("implementer"), lambda a: a.implementer),
        (field("budget_part"), lambda a: words("budget_part", a.budget_part)),
        (
            t("actions.data.funded", lang),
            lambda a: t("common.yes" if a.id in funded else "common.no", lang),
        ),
        (t("actions.data.why", lang), lambda a: why.get(a.id, "")),
        # Where it was proposed: the official form marks a women's deliberation's proposal in
        # its activity cell; the data keeps it in a column of its own, to sort and count by.
        (field("origin"), lambda a: t(f"origin.{a.origin}", lang)),
    ]
    du = [
        (t("actions.du.priority", lang), None),
        *common,
        (field("source"), lambda a: words("supra", a.source) if a.source in SUPRA else ""),
        (field("authority"), lambda a: a.authority),
        (field("origin"), lambda a: t(f"origin.{a.origin}", lang)),
    ]
    board = [
        *common[4:],
        (field("source"), lambda a: words("source", a.source)),
        (field("implementer"), lambda a: a.implementer),
    ]
    acts = r.view.plan.activities
    village = [a for a in acts if a.in_village_budget]
    proposals = priority_order(
        (a for a in acts if a.destination == "musrenbang"), r.view.plan.needs
    )

    def table(columns: list[Any], chosen: list[Any]) -> list[list[Any]]:
        rows: list[list[Any]] = [[label for label, _ in columns]]
        for n, a in enumerate(chosen, start=1):
            rows.append([n if get is None else get(a) for _, get in columns])
        return rows

    return {
        "rkp_desa_data": table(rkp, village),
        "du_rkp_desa_data": table(du, proposals),
        "information_board_data": table(board, list(r.funded)),
    }


def write_data_csv(path: Path, rows: list[list[Any]]) -> Path:
    """Write a plain data table as CSV: UTF-8 without a BOM, one header row, formula-safe."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow([safe(c) for c in row])
    return path


def write_tables(ws: Workshop, out_dir: str | os.PathLike[str], fmt: str = "csv") -> list[Path]:
    """Write the RKP Desa, DU-RKPDesa, logframe and information-board tables into ``out_dir``:
    a CSV each, or one XLSX (``plan_tables.xlsx``) with a sheet each; beside them the plain
    data tables (``rkp_desa_data``...), a CSV or a sheet each; give the paths (none while the
    plan has no activity)."""
    from planning.actions.records import Activity

    if not ws.snapshot(Activity):
        return []
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    laid = tables(ws)
    data = data_tables(ws)
    if fmt == "xlsx":
        return [write_xlsx(out / "plan_tables.xlsx", laid, list(laid), data)]
    forms = [write_csv(out / f"{name}.csv", table) for name, table in laid.items()]
    return forms + [write_data_csv(out / f"{name}.csv", rows) for name, rows in data.items()]
