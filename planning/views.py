"""HTML views of a workshop for panels and handouts: bars, tables, the needs results.

Every text is escaped (through ``planning.render``); the bars are plain HTML and CSS so a
panel redraws in milliseconds and stays sharp on a projector.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from planning.assessment import METHODS, Assessment
from planning.i18n import fmt_number, label, t
from planning.model import normalise_name
from planning.render import card, esc, note, paragraph, table

BAR_COLOURS = {
    "dots": "#d95f02",
    "matrix": "#1b9e77",
    "pairwise": "#7570b3",
    "borda": "#e7298a",
    "copeland": "#66a61e",
    "plurality": "#a6761d",
}


def bars(
    rows: Sequence[tuple[str, float, str]], *, colour: str = "#1b9e77", caption: str = ""
) -> str:
    """Give a horizontal bar chart as HTML: (label, value, value as shown) per row.

    Examples
    --------
    >>> html = bars([("Air <bersih>", 6, "6"), ("Jalan", 3, "3")])
    >>> "Air &lt;bersih&gt;" in html and "width:100.0%" in html and "width:50.0%" in html
    True
    """
    top = max((v for _, v, _ in rows), default=0) or 1
    out = ['<div class="planning-bars" style="font-size:1.05em;margin:.3em 0 1em 0">']
    if caption:
        out.append(f'<div style="font-weight:600;margin-bottom:.3em">{esc(caption)}</div>')
    for name, value, shown in rows:
        width = max(0.0, round(100 * value / top, 1))
        out.append(
            '<div style="display:flex;align-items:center;margin:.15em 0">'
            f'<div style="flex:0 0 45%;padding-right:.5em;overflow-wrap:anywhere">{esc(name)}</div>'
            '<div style="flex:1 1 auto;background:#eee;border-radius:3px">'
            f'<div style="width:{width}%;background:{colour};color:#fff;padding:.1em .3em;'
            f'border-radius:3px;min-width:1.5em;box-sizing:border-box">{esc(shown)}</div>'
            "</div></div>"
        )
    out.append("</div>")
    return "".join(out)


def method_bars(a: Assessment, method: str, lang: str) -> str:
    """Give one method's ranking as bars, best first."""
    result = a.results[method]
    digits = 0 if all(float(r.score).is_integer() for r in result.ranking) else 2
    rows = [
        (f"{r.rank}. {a.title(r.need)}", r.score, fmt_number(r.score, lang, digits))
        for r in result.ranking
    ]
    return bars(
        rows, colour=BAR_COLOURS.get(method, "#1b9e77"), caption=t(f"method.{method}", lang)
    )


def agreement_text(w: float | None, lang: str) -> str:
    """Give Kendall's W in words: how much the participants agree."""
    if w is None:
        return t("needs.no_rankings", lang)
    level = "strong" if w >= 0.7 else "moderate" if w >= 0.4 else "weak"
    return t("needs.agreement", lang, w=fmt_number(w, lang, 2), level=t(f"agreement.{level}", lang))


def combined_table(a: Assessment, lang: str) -> str:
    """Give every method's rank of each need side by side, with the combined rank."""
    methods = [m for m in METHODS if m in a.results]
    headers = [
        t("needs.rank", lang),
        t("field.needs.title", lang),
        *(t(f"method_short.{m}", lang) for m in methods),
    ]
    rows = [[r.rank, a.title(r.need), *(r.ranks[m] for m in methods)] for r in a.combined.rows]
    return table(
        headers,
        rows,
        numeric=[0, *range(2, 2 + len(methods))],
        caption=t("needs.combined_caption", lang),
    )


def disagreements_html(a: Assessment, lang: str) -> str:
    """Give the needs the methods rank 2 or more places apart, or a line saying they agree."""
    if not a.combined.disagreements:
        return paragraph(t("needs.methods_agree", lang))
    methods = [m for m in METHODS if m in a.results]
    rows = [
        [a.title(d.need), *(d.ranks[m] for m in methods), d.spread]
        for d in a.combined.disagreements
    ]
    headers = [
        t("field.needs.title", lang),
        *(t(f"method_short.{m}", lang) for m in methods),
        t("needs.spread", lang),
    ]
    return table(
        headers, rows, numeric=list(range(1, len(methods) + 2)), caption=t("needs.disagree", lang)
    )


def results_html(a: Assessment, lang: str) -> str:
    """Give the results panel: bars per method, agreement, Condorcet winner, disagreements."""
    if not a.results:
        return note(t("needs.no_results", lang))
    parts = [method_bars(a, m, lang) for m in METHODS if m in a.results]
    grid = (
        '<div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(22em,1fr));'
        'gap:0 2em">' + "".join(f"<div>{p}</div>" for p in parts) + "</div>"
    )
    facts = [agreement_text(a.kendall_w, lang)]
    if a.rankers:
        facts.append(
            t("needs.condorcet", lang, need=a.title(a.condorcet))
            if a.condorcet
            else t("needs.no_condorcet", lang)
        )
    if a.pairwise is not None and not a.pairwise.complete:
        facts.append(
            t("needs.pairwise_progress", lang, done=a.pairwise.done, expected=a.pairwise.expected)
        )
    if a.combined.top_differs:
        facts.append(t("needs.tops_differ", lang))
    body = grid + "".join(paragraph(f) for f in facts)
    return (
        card(t("needs.results", lang), body) + combined_table(a, lang) + disagreements_html(a, lang)
    )


def needs_table(
    a: Assessment, lang: str, *, unnamed: Collection[str] = (), caption: str = ""
) -> str:
    """Give the needs on the board: title, category, dusun, households, who proposed it.

    A proposer whose normalised name is in ``unnamed`` (did not consent to be named) is left
    blank.
    """
    headers = [
        t(f"field.needs.{f}", lang)
        for f in ("title", "category", "dusun", "households", "proposed_by")
    ]
    rows = [
        [
            n.title,
            label("category", n.category, lang),
            n.dusun,
            n.households,
            "" if normalise_name(n.proposed_by) in unnamed else n.proposed_by,
        ]
        for n in a.needs
    ]
    return table(headers, rows, numeric=[3], caption=caption)
