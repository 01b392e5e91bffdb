"""Safe HTML pieces for handouts and widgets: every text passed in is escaped.

Arguments whose name ends in ``_html`` are trusted HTML made by these same helpers; every other
argument is text and goes through :func:`esc`. Only the standard library is imported here;
:func:`figure` works on a matplotlib figure it is given and never imports pyplot itself.

A notebook cell shows a piece with :class:`Html`::

    from planning.render import Html, table
    Html(table(["Kebutuhan", "Suara"], [["Air bersih", 12]], numeric=[1]))
"""

from __future__ import annotations

import base64
import html as _html
import io
import math
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "Html",
    "bars",
    "card",
    "esc",
    "figure",
    "frame_table",
    "heading",
    "items",
    "note",
    "page_setup",
    "paragraph",
    "table",
]


def esc(text: object) -> str:
    """Give ``text`` escaped for HTML content and attribute values (``None`` gives "").

    Examples
    --------
    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> esc(None), esc(12)
    ('', '12')
    """
    if text is None:
        return ""
    return _html.escape(str(text), quote=True)


Row = Sequence[object]
# A group of rows: its title, its rows, and its subtotal row (or None).
Group = tuple[str, Sequence[Row], Row | None]
# A table's box: it scrolls sideways on a phone, and tabindex lets a keyboard scroll it too.
TABLE_BOX = '<div class="planning-table-wrap" tabindex="0">'
_CLASS_NAME = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")


def table(
    headers: Sequence[str],
    rows: Sequence[Row],
    *,
    caption: str = "",
    numeric: Sequence[int] = (),
    groups: Sequence[Group] | None = None,
    total: Row | None = None,
    header_groups: Sequence[tuple[str, int]] | None = None,
) -> str:
    """Give a ``<table class="planning-table">`` with escaped cells, in a box that scrolls sideways.

    Columns listed in ``numeric`` (0-based, negative from the right) are right-aligned. A short
    row is padded with empty cells; a row longer than ``headers`` is an error.

    ``groups`` adds, after ``rows``, one ``<tbody>`` per group ``(title, rows, subtotal)``: a
    header row with the title across the table, the group's rows, and its subtotal row (class
    ``planning-subtotal``) unless that is None. ``total`` is the grand total row, in
    ``<tfoot>``. ``header_groups`` adds a first header row over ``headers``: ``(title, columns)``
    from left to right, covering every column; a group of one column whose title is "" or the
    column's own header gives that header both rows.

    Examples
    --------
    >>> print(table(["Need", "Votes"], [["Clean water", 12]], numeric=[1]))
    <div class="planning-table-wrap" tabindex="0"><table class="planning-table">
    <thead>
    <tr><th scope="col">Need</th><th scope="col" class="num">Votes</th></tr>
    </thead>
    <tbody>
    <tr><td>Clean water</td><td class="num">12</td></tr>
    </tbody>
    </table></div>

    Groups with subtotals, a grand total and a two-level header (as in an RKP Desa):

    >>> print(table(
    ...     ["No", "Kegiatan", "Jumlah (Rp)", "Sumber"],
    ...     [],
    ...     numeric=[2],
    ...     groups=[("Bidang <Pembangunan>", [[1, "Sumur bor", "15.000.000", "DD"]],
    ...              ["", "Jumlah bidang", "15.000.000", ""])],
    ...     total=["", "Jumlah", "15.000.000", ""],
    ...     header_groups=[("", 1), ("", 1), ("Perkiraan Biaya dan Sumber Pembiayaan", 2)],
    ... ))
    <div class="planning-table-wrap" tabindex="0"><table class="planning-table">
    <thead>
    <tr><th scope="col" rowspan="2">No</th><th scope="col" rowspan="2">Kegiatan</th><th scope="colgroup" colspan="2">Perkiraan Biaya dan Sumber Pembiayaan</th></tr>
    <tr><th scope="col" class="num">Jumlah (Rp)</th><th scope="col">Sumber</th></tr>
    </thead>
    <tbody>
    <tr class="planning-group"><th scope="rowgroup" colspan="4">Bidang &lt;Pembangunan&gt;</th></tr>
    <tr><td>1</td><td>Sumur bor</td><td class="num">15.000.000</td><td>DD</td></tr>
    <tr class="planning-subtotal"><td></td><td>Jumlah bidang</td><td class="num">15.000.000</td><td></td></tr>
    </tbody>
    <tfoot>
    <tr class="planning-total"><td></td><td>Jumlah</td><td class="num">15.000.000</td><td></td></tr>
    </tfoot>
    </table></div>
    """  # noqa: E501
    width = len(headers)
    right = {i if i >= 0 else width + i for i in numeric}
    bad = sorted(i for i in right if not 0 <= i < width)
    if bad:
        raise ValueError(
            f"numeric column {bad[0]} is not one of the {width} columns (0..{width - 1})"
        )

    def cls(i: int) -> str:
        return ' class="num"' if i in right else ""

    count = 0  # the rows and group rows so far, for the error message

    def row_html(row: Row, what: str = "", css: str = "") -> str:
        nonlocal count
        count += 0 if what else 1
        cells = list(row)
        if len(cells) > width:
            name = what or f"row {count}"
            raise ValueError(f"{name} has {len(cells)} cells but the table has {width} columns")
        cells += [""] * (width - len(cells))
        tr = f'<tr class="{css}">' if css else "<tr>"
        return tr + "".join(f"<td{cls(i)}>{esc(c)}</td>" for i, c in enumerate(cells)) + "</tr>"

    out = [f'{TABLE_BOX}<table class="planning-table">']
    if caption:
        # The words sit in a span the stylesheet keeps inside the visible part of the box, so a
        # table that scrolls sideways on a phone does not cut its caption.
        out.append(f'<caption><span class="planning-caption">{esc(caption)}</span></caption>')

    def th_text(h: Any) -> str:
        # A header such as "Bidang/Jenis Kegiatan" may break after its slash, so a narrow
        # column (A4 at 11 pt, a phone) does not widen the table to fit one long word.
        return esc(h).replace("/", "/<wbr>")

    out.append("<thead>")
    both: set[int] = set()  # columns whose header spans both header rows
    if header_groups:
        spans = [int(n) for _, n in header_groups]
        if any(n < 1 for n in spans) or sum(spans) != width:
            raise ValueError(
                f"header groups cover {sum(spans)} columns (spans {spans}) but the table has"
                f" {width} columns"
            )
        top, col = [], 0
        for title, n in header_groups:
            if n == 1 and str(title) in ("", str(headers[col])):
                both.add(col)
                top.append(f'<th scope="col" rowspan="2"{cls(col)}>{th_text(headers[col])}</th>')
            else:
                top.append(f'<th scope="colgroup" colspan="{int(n)}">{th_text(title)}</th>')
            col += int(n)
        out.append("<tr>" + "".join(top) + "</tr>")
    head = "".join(
        f'<th scope="col"{cls(i)}>{th_text(h)}</th>' for i, h in enumerate(headers) if i not in both
    )
    out.append(f"<tr>{head}</tr>")
    out.append("</thead>")
    if rows or not groups:
        out.append("<tbody>")
        out.extend(row_html(row) for row in rows)
        out.append("</tbody>")
    for title, group_rows, subtotal in groups or ():
        out.append("<tbody>")
        out.append(
            f'<tr class="planning-group"><th scope="rowgroup" colspan="{width}">{esc(title)}</th>'
            "</tr>"
        )
        out.extend(row_html(row) for row in group_rows)
        if subtotal is not None:
            out.append(row_html(subtotal, f"subtotal of {title!r}", "planning-subtotal"))
        out.append("</tbody>")
    if total is not None:
        out.append("<tfoot>")
        out.append(row_html(total, "total", "planning-total"))
        out.append("</tfoot>")
    out.append("</table></div>")
    return "\n".join(out)


def bars(
    rows: Sequence[tuple[str, float, str]],
    *,
    colour_class: str = "",
    caption: str = "",
    note: str = "",
) -> str:
    """Give a horizontal bar chart as HTML: (label, value, value as shown) per row.

    Each bar's length is its value against the largest (a value below zero or not a number
    gives no bar); the value as shown is written after the bar. The look comes from the
    stylesheet (:func:`planning.render.stylesheet`); ``colour_class`` names a colour class
    such as ``planning-c-dots`` (without it, the default colour). ``note`` is a line under the
    caption saying what the bars count. The only inline style is each bar's width.

    Examples
    --------
    >>> html = bars([("Air <bersih>", 6, "6"), ("Jalan", 3, "3")], colour_class="planning-c-dots")
    >>> "Air &lt;bersih&gt;" in html and 'style="width:100.0%"' in html and "width:50.0%" in html
    True
    >>> print(bars([("Jalan", 3, "3 suara")], caption="Voting <titik>"))
    <div class="planning-bars">
    <div class="planning-bars-caption">Voting &lt;titik&gt;</div>
    <div class="planning-bar-row"><div class="planning-bar-label">Jalan</div><div class="planning-bar-track"><div class="planning-bar" style="width:100.0%"></div></div><div class="planning-bar-value">3 suara</div></div>
    </div>
    """  # noqa: E501
    if colour_class and not _CLASS_NAME.fullmatch(colour_class):
        raise ValueError(f"colour_class {colour_class!r} is not a CSS class name")
    values = [float(v) if _finite(v) else 0.0 for _, v, _ in rows]
    top = max(values, default=0.0)
    top = top if top > 0 else 1.0
    css = f"planning-bars {colour_class}" if colour_class else "planning-bars"
    out = [f'<div class="{esc(css)}">']
    if caption:
        out.append(f'<div class="planning-bars-caption">{esc(caption)}</div>')
    if note:
        out.append(f'<div class="planning-bars-note">{esc(note)}</div>')
    for (name, _, shown), value in zip(rows, values, strict=True):
        width = min(100.0, max(0.0, round(100 * value / top, 1)))
        out.append(
            '<div class="planning-bar-row">'
            f'<div class="planning-bar-label">{esc(name)}</div>'
            '<div class="planning-bar-track">'
            f'<div class="planning-bar" style="width:{width:.1f}%"></div></div>'
            f'<div class="planning-bar-value">{esc(shown)}</div>'
            "</div>"
        )
    out.append("</div>")
    return "\n".join(out)


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def frame_table(df: Any, *, caption: str = "", index: bool = False, digits: int = 2) -> str:
    """Give a pandas DataFrame as :func:`table`: the one path from a DataFrame to escaped HTML.

    Numeric columns are right-aligned and rounded to ``digits``; missing values show empty;
    ``index`` shows the index as the first column. Every cell and header is escaped.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Kebutuhan": ["<b>Air</b>"], "Skor": [3.14159]})
    >>> '<td>&lt;b&gt;Air&lt;/b&gt;</td><td class="num">3.14</td>' in frame_table(df)
    True
    """
    import pandas as pd

    shown = df.reset_index() if index else df
    numeric = [
        i for i, col in enumerate(shown.columns) if pd.api.types.is_numeric_dtype(shown[col])
    ]

    def cell(value: Any, is_number: bool) -> Any:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if is_number and isinstance(value, float):
            return round(value, digits)
        return value

    rows = [
        [cell(v, i in numeric) for i, v in enumerate(row)]
        for row in shown.itertuples(index=False, name=None)
    ]
    return table([str(c) for c in shown.columns], rows, caption=caption, numeric=numeric)


def figure(fig: Any, *, alt: str, caption: str = "", dpi: int = 110, scroll: bool = False) -> str:
    """Give a matplotlib figure as ``<figure>`` with an inline PNG, and close the figure.

    The PNG carries no software or time stamp, so the same figure gives the same bytes. The
    image says how tall its smallest text is at its own size (``data-text-px``), so a page can
    check the text is readable at the size shown. With ``scroll``, a narrow screen shows the
    image at its own size in a box that scrolls sideways instead of shrinking its text (a
    problem tree with many boxes).
    """
    smallest = smallest_text_points(fig)
    buf = io.BytesIO()
    try:
        fig.savefig(
            buf,
            format="png",
            dpi=dpi,
            bbox_inches="tight",
            facecolor="white",
            metadata={"Software": None},
        )
    finally:
        # Closing stops the inline backend from showing the figure a second time; pyplot is only
        # touched if the caller already imported it.
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    text_px = text_px_attribute(smallest, dpi)
    image = f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}"{text_px}>'
    if scroll:
        image = f'<div class="planning-figure-scroll" tabindex="0">{image}</div>'
    parts = [f'<figure class="planning-figure">{image}']
    if caption:
        parts.append(f"<figcaption>{esc(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def smallest_text_points(fig: Any) -> float | None:
    """Give the size in points of the smallest text a matplotlib figure shows (None: no text)."""
    sizes = [
        float(artist.get_fontsize())
        for artist in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
        if artist.get_visible() and str(artist.get_text()).strip()
    ]
    return min(sizes, default=None)


def text_px_attribute(points: float | None, dpi: float) -> str:
    """Give an ``<img>``'s ``data-text-px`` attribute: its smallest text in pixels of the image
    itself, which a page scales by the width shown to check it stays readable ("" for none)."""
    return f' data-text-px="{points * dpi / 72:.1f}"' if points else ""


def page_setup(lang: str, title: str) -> str:
    """Give a script that gives a Voila page the workshop's language and a title.

    A notebook's page says ``lang="en"`` and shows the file name as its title until told
    otherwise; this tells it, once the notebook runs. It does nothing outside Voila (JupyterLab
    keeps its own language and title). The title is typed text, so it is written as a JSON
    string with ``<``, ``>`` and ``&`` escaped: nothing in it can end the script.

    Examples
    --------
    >>> html = page_setup("id", "Kajian </script><b>")
    >>> "</script><b>" in html, html.count("</script>")
    (False, 1)
    """
    import json

    def js(text: str) -> str:
        quoted = json.dumps(str(text), ensure_ascii=True)
        return quoted.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    return (
        '<script>(function(){if(!document.getElementById("rendered_cells"))return;'
        f"document.documentElement.lang={js(lang)};document.title={js(title)};}})();</script>"
    )


def heading(text: str, level: int = 2) -> str:
    """Give an ``<h1>``..``<h6>`` heading.

    Examples
    --------
    >>> heading("Kebutuhan <utama>", 3)
    '<h3>Kebutuhan &lt;utama&gt;</h3>'
    """
    if not 1 <= int(level) <= 6:
        raise ValueError(f"heading level {level!r} is not allowed; use 1 to 6")
    return f"<h{int(level)}>{esc(text)}</h{int(level)}>"


def paragraph(text: str) -> str:
    """Give a ``<p>``; line breaks in the text are kept.

    Examples
    --------
    >>> paragraph("baris satu\\nbaris <dua>")
    '<p>baris satu<br>\\nbaris &lt;dua&gt;</p>'
    """
    return "<p>" + "<br>\n".join(esc(line) for line in str(text).split("\n")) + "</p>"


def items(texts: Iterable[object]) -> str:
    """Give a bulleted ``<ul>`` list.

    Examples
    --------
    >>> items(["Air", "Jalan & jembatan"])
    '<ul class="planning-items"><li>Air</li><li>Jalan &amp; jembatan</li></ul>'
    """
    return '<ul class="planning-items">' + "".join(f"<li>{esc(t)}</li>" for t in texts) + "</ul>"


def lead(text: str) -> str:
    """Give the line a panel leads with (what is left to give, how far the group is).

    Examples
    --------
    >>> lead("Sisa 3 <titik>")
    '<div class="planning-lead">Sisa 3 &lt;titik&gt;</div>'
    """
    return f'<div class="planning-lead">{esc(text)}</div>'


def note(text: str) -> str:
    """Give a highlighted remark.

    Examples
    --------
    >>> note("Draf <sementara>")
    '<p class="planning-note">Draf &lt;sementara&gt;</p>'
    """
    return f'<p class="planning-note">{esc(text)}</p>'


def card(title: str, body_html: str) -> str:
    """Give a bordered section with a title; ``body_html`` must come from these helpers.

    Examples
    --------
    >>> card("Air <bersih>", paragraph("12 suara"))
    '<section class="planning-card"><h3>Air &lt;bersih&gt;</h3><p>12 suara</p></section>'
    """
    return f'<section class="planning-card"><h3>{esc(title)}</h3>{body_html}</section>'


class Html:
    """HTML made by these helpers, shown as HTML when it is the value of a notebook cell.

    Several pieces may be given; they are joined in order.

    Examples
    --------
    >>> Html(heading("Ringkasan"), paragraph("Dua <kebutuhan>"))._repr_html_()
    '<h2>Ringkasan</h2><p>Dua &lt;kebutuhan&gt;</p>'
    """

    __slots__ = ("html",)

    def __init__(self, *parts_html: str) -> None:
        self.html = "".join(str(p) for p in parts_html)

    def _repr_html_(self) -> str:
        return self.html

    def __html__(self) -> str:  # markupsafe / Jinja protocol
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        # Stable (no memory address) so an executed notebook's text/plain does not change.
        return f"Html({len(self.html)} characters)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Html) and other.html == self.html

    def __hash__(self) -> int:
        return hash(self.html)
