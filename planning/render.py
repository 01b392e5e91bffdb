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
import sys
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["Html", "card", "esc", "figure", "heading", "items", "note", "paragraph", "table"]


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


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str = "",
    numeric: Sequence[int] = (),
) -> str:
    """Give a ``<table class="planning-table">`` with escaped cells.

    Columns listed in ``numeric`` (0-based) are right-aligned. A short row is padded with empty
    cells; a row longer than ``headers`` is an error.

    Examples
    --------
    >>> print(table(["Need", "Votes"], [["Clean water", 12]], numeric=[1]))
    <table class="planning-table">
    <thead><tr><th scope="col">Need</th><th scope="col" class="num">Votes</th></tr></thead>
    <tbody>
    <tr><td>Clean water</td><td class="num">12</td></tr>
    </tbody>
    </table>
    """
    width = len(headers)
    right = {i if i >= 0 else width + i for i in numeric}
    bad = sorted(i for i in right if not 0 <= i < width)
    if bad:
        raise ValueError(
            f"numeric column {bad[0]} is not one of the {width} columns (0..{width - 1})"
        )

    def cls(i: int) -> str:
        return ' class="num"' if i in right else ""

    out = ['<table class="planning-table">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    head = "".join(f'<th scope="col"{cls(i)}>{esc(h)}</th>' for i, h in enumerate(headers))
    out.append(f"<thead><tr>{head}</tr></thead>")
    out.append("<tbody>")
    for n, row in enumerate(rows, start=1):
        cells = list(row)
        if len(cells) > width:
            raise ValueError(f"row {n} has {len(cells)} cells but the table has {width} columns")
        cells += [""] * (width - len(cells))
        out.append(
            "<tr>" + "".join(f"<td{cls(i)}>{esc(c)}</td>" for i, c in enumerate(cells)) + "</tr>"
        )
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def figure(fig: Any, *, alt: str, caption: str = "", dpi: int = 110) -> str:
    """Give a matplotlib figure as ``<figure>`` with an inline PNG, and close the figure.

    The PNG carries no software or time stamp, so the same figure gives the same bytes.
    """
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
    parts = [
        f'<figure class="planning-figure"><img src="data:image/png;base64,{data}" alt="{esc(alt)}">'
    ]
    if caption:
        parts.append(f"<figcaption>{esc(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


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
