"""The stage's official tables laid out in a language, once for every writer (HTML, CSV, XLSX).

A :class:`~planning.actions.methods.tables.Table` holds words as catalogue keys and amounts as
whole Rupiah; :func:`lay_out` gives its header (one or two rows), its groups with their title
and subtotal rows, and its total row, every cell text in the language except the amounts, which
stay numbers (a writer formats them: ``1.500.000`` in HTML under a "Jumlah (Rp)" header, a
number in a spreadsheet so it can be added up).

Examples
--------
>>> from planning.actions.methods.tables import information_board
>>> t = lay_out(information_board([]), "id")
>>> t.title, t.headers[:4], t.total
('Rencana Kegiatan Desa (RKP Desa): hasil musyawarah, belum APBDes', ['No', 'Kegiatan', 'Lokasi', 'Volume'], ['', 'Jumlah', '', '', '', 0, '', ''])
"""  # noqa: E501

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from planning.actions.methods.reference import Named
from planning.actions.methods.tables import Table
from planning.actions.words import cell, say
from planning.errors import Msg
from planning.i18n import t


@dataclass(frozen=True)
class LaidOut:
    """A table in one language: ``headers`` are the column labels, ``header_groups`` the row
    above them as ``(title, columns)`` ("" over a column whose label spans both rows), each
    group ``(title, rows, subtotal row)``; ``amount`` is the index of the amount column."""

    title: str
    headers: list[str]
    header_groups: list[tuple[str, int]] | None
    groups: list[tuple[str, list[list[Any]], list[Any] | None]]
    total: list[Any] | None
    amount: int | None
    furniture: Furniture | None = None


@dataclass(frozen=True)
class Furniture:
    """What an official form carries around its table: the header lines (``(label, value)``:
    Tahun, Desa, Kecamatan, Kabupaten/Kota, Provinsi), the place and date it is signed, and
    its signature blocks (``(role, name)``; "(nama dan tanda tangan)" when the name is not
    known)."""

    header: list[tuple[str, str]]
    place_date: str
    signatures: list[tuple[str, str]]


def furnish(laid: LaidOut, furniture: Furniture) -> LaidOut:
    """Give a laid-out table with its form's header and signature blocks."""
    return replace(laid, furniture=furniture)


def form_furniture(
    *,
    year: int,
    desa: str,
    kecamatan: str,
    kabupaten: str,
    provinsi: str,
    day: Any,
    kepala_desa: str,
    ketua_bpd: str | None,
    lang: str,
) -> Furniture:
    """Give the header and signature blocks of an RKP Desa (signed by the Kepala Desa) or a
    DU-RKPDesa (``ketua_bpd`` given: signed by the Kepala Desa and the Ketua BPD).

    Examples
    --------
    >>> from datetime import date
    >>> f = form_furniture(year=2026, desa="Sukamaju", kecamatan="Sukaresmi", kabupaten="Garut",
    ...                    provinsi="", day=date(2026, 11, 20), kepala_desa="", ketua_bpd="",
    ...                    lang="id")
    >>> f.header[0], f.place_date
    (('Tahun', '2026'), 'Sukamaju, 20 November 2026')
    >>> [role for role, _ in f.signatures]
    ['Kepala Desa Sukamaju', 'Ketua BPD Sukamaju']
    """
    from planning.i18n import fmt_date

    header = [
        (t("actions.form.tahun", lang), str(year)),
        (t("actions.form.desa", lang), desa),
        (t("actions.form.kecamatan", lang), kecamatan),
        (t("actions.form.kabupaten", lang), kabupaten),
        (t("actions.form.provinsi", lang), provinsi),
    ]
    blank = t("actions.form.name_line", lang)
    signs = [(t("actions.form.kepala_desa", lang, desa=desa), kepala_desa or blank)]
    if ketua_bpd is not None:
        signs.append((t("actions.form.ketua_bpd", lang, desa=desa), ketua_bpd or blank))
    when = fmt_date(day, lang) if day else ""
    place = t("actions.form.place_date", lang, place=desa, date=when) if when else desa
    return Furniture(header, place, signs)


def _words(label: Any, lang: str) -> str:
    if isinstance(label, Msg):
        return say(label, lang)
    if isinstance(label, Named):
        return label.text(lang)
    return str(label)


def lay_out(table: Table, lang: str) -> LaidOut:
    """Give a table's header, groups, subtotals and total in ``lang`` (amounts as numbers)."""
    ids = table.column_ids()
    amount = ids.index(table.amount_column) if table.amount_column in ids else None
    headers = [_words(c.label, lang) for c in table.columns]
    groups_row: list[tuple[str, int]] | None = None
    if any(c.group is not None for c in table.columns):
        groups_row = []
        for c in table.header_rows()[0]:
            groups_row.append(("" if c.rowspan == 2 else _words(c.label, lang), c.colspan))
    width = len(ids)
    label_at = 1 if width > 2 else 0

    def summary_row(text: str, value: int | None) -> list[Any]:
        row: list[Any] = [""] * width
        row[label_at] = text
        if amount is not None:
            row[amount] = value or 0
        return row

    groups = []
    for g in table.groups:
        title = _words(g.title, lang)
        if isinstance(g.title, Named) and g.code and not title.startswith(g.code):
            title = f"{g.code} {title}"
        rows = [
            [
                value if i == amount and isinstance(value, int) else cell(value, lang)
                for i, value in enumerate(row)
            ]
            for row in g.rows
        ]
        subtotal = (
            summary_row(t("actions.table.subtotal", lang, group=title), g.subtotal)
            if g.subtotal is not None
            else None
        )
        groups.append((title, rows, subtotal))
    total = (
        summary_row(_words(table.total_label or Msg("actions.table.total"), lang), table.total)
        if table.total is not None
        else None
    )
    return LaidOut(_words(table.title, lang), headers, groups_row, groups, total, amount)


def without_column(laid: LaidOut, index: int) -> LaidOut:
    """Give a table without one of its columns (of a one-row header).

    Examples
    --------
    >>> from planning.actions.methods.tables import information_board
    >>> without_column(lay_out(information_board([]), "en"), -2).headers
    ['No', 'What', 'Where', 'Volume', 'When', 'How much (Rp)', 'Carried out by']
    """
    width = len(laid.headers)
    index = index % width

    def cut(row: list[Any] | None) -> list[Any] | None:
        return None if row is None else [c for i, c in enumerate(row) if i != index]

    amount = laid.amount
    if amount is not None:
        amount = None if amount == index else amount - (amount > index)
    groups = [(title, [cut(r) or [] for r in rows], cut(sub)) for title, rows, sub in laid.groups]
    return LaidOut(laid.title, cut(laid.headers) or [], None, groups, cut(laid.total), amount)


def short_period(start: Any, end: Any, lang: str) -> str:
    """Give a period as months: ``Mar–Jul 2026``, or ``Des 2026–Jan 2027`` across years.

    Examples
    --------
    >>> from datetime import date
    >>> short_period(date(2026, 3, 2), date(2026, 7, 31), "id")
    'Mar–Jul 2026'
    >>> short_period(date(2026, 12, 1), date(2027, 1, 29), "en")
    'Dec 2026–Jan 2027'
    """
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", locale="id_ID" if lang == "id" else "en_GB")
    a, b = names[start.month].rstrip("."), names[end.month].rstrip(".")
    if start.year != end.year:
        return f"{a} {start.year}–{b} {end.year}"
    if start.month == end.month:
        return f"{a} {start.year}"
    return f"{a}–{b} {start.year}"


def compact_rkp(table: Table, lang: str) -> LaidOut:
    """Give an RKP Desa (or DU-RKPDesa) table in six columns that fit an A4 page and a phone:
    the activity with its location and volume, its beneficiaries, its months, its amount, and
    its source with the mode and the village's implementer (for a DU-RKPDesa: the source, the
    authority asked and "usulan MKP" for a women's deliberation's proposal). The headers keep
    the form's words; the full form is in the exports and the panel.

    Examples
    --------
    >>> from planning.actions.methods.tables import rkp_desa_table
    >>> compact_rkp(rkp_desa_table([]), "id").headers[:2]
    ['No', 'Bidang/Jenis Kegiatan · Lokasi · Volume']
    """
    from planning.actions.methods.tables import Period
    from planning.actions.methods.vocab import MODES

    full = lay_out(table, lang)
    h = full.headers
    rkp = len(h) > 10  # the RKP Desa has the modes and the implementer, the DU-RKPDesa not
    last = (
        f"{h[7]} · {t('actions.rkp.group_mode', lang)} · {h[11]}"
        if rkp
        else f"{h[7]} · {h[8]} · {h[9]}"
    )
    headers = [h[0], f"{h[1]} · {h[2]} · {h[3]}", h[4], h[5], h[6], last]

    def summary(row: list[Any] | None) -> list[Any] | None:
        return None if row is None else [row[0], row[1], "", "", row[6], ""]

    groups = []
    for (title, _, subtotal), group in zip(full.groups, table.groups, strict=True):
        rows = []
        for raw in group.rows:
            no, activity, where, volume, people, period, amount, source = raw[:8]
            if rkp:
                modes = [m for m, on in zip(MODES, raw[8:11], strict=True) if on]
                how = ", ".join(t(f"actions.mode.{m}", lang) for m in modes)
                lines = [cell(source, lang), how, cell(raw[11], lang)]
            else:
                lines = [cell(source, lang), cell(raw[8], lang), cell(raw[9], lang)]
            rows.append(
                [
                    no,
                    f"{cell(activity, lang)}\n{cell(where, lang)} · {cell(volume, lang)}",
                    say(Msg("actions.cell.beneficiaries_short", **people.fields), lang)
                    if isinstance(people, Msg)
                    else cell(people, lang),
                    short_period(period.start, period.end, lang)
                    if isinstance(period, Period)
                    else cell(period, lang),
                    amount,
                    "\n".join(x for x in lines if x),
                ]
            )
        groups.append((title, rows, summary(subtotal)))
    return LaidOut(full.title, headers, None, groups, summary(full.total), 4)


def compact_board(
    table: Table, lang: str
) -> tuple[list[str], list[tuple[str, list[list[Any]], None]], list[Any]]:
    """Give the board as rows that print on one A4 sheet, numbered from 1 and grouped by
    source: the activity with where, how much of it, its months and who carries it out on a
    second line, and its amount; then the total row (the board's totals block gives the totals
    by source, so the groups have no subtotal rows).

    Examples
    --------
    >>> from planning.actions.methods.tables import information_board
    >>> compact_board(information_board([]), "id")[0]
    ['No', 'Kegiatan · Lokasi · Volume · Waktu · Pelaksana', 'Jumlah (Rp)']
    """
    from planning.actions.methods.tables import Period

    full = lay_out(table, lang)
    h = full.headers
    headers = [h[0], " · ".join(h[i] for i in (1, 2, 3, 4, 7)), h[5]]
    groups: list[tuple[str, list[list[Any]], None]] = []
    no = 0
    for (title, _, _), group in zip(full.groups, table.groups, strict=True):
        rows: list[list[Any]] = []
        for _, what, where, volume, period, amount, _, implementer in group.rows:
            no += 1
            when = (
                short_period(period.start, period.end, lang)
                if isinstance(period, Period)
                else cell(period, lang)
            )
            details = (cell(where, lang), cell(volume, lang), when, cell(implementer, lang))
            rows.append([no, f"{cell(what, lang)}\n" + " · ".join(x for x in details if x), amount])
        groups.append((title, rows, None))
    total = ["", full.total[1] if full.total else "", full.total[5] if full.total else 0]
    return headers, groups, total
