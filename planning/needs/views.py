"""HTML views of the needs assessment for panels and handouts: bars, tables, the results.

Every text is escaped (through ``planning.render.html``); the bars are plain HTML styled by the
shared stylesheet, so a panel redraws in milliseconds and stays sharp on a projector.
"""

from __future__ import annotations

from collections.abc import Collection

from planning.i18n import fmt_number, label, t
from planning.needs.assessment import METHODS, Assessment
from planning.needs.methods import MethodResult
from planning.records import normalise_name
from planning.render.html import bars, card, note, paragraph, table


def score_digits(result: MethodResult) -> int:
    """Give how many decimals a method's scores are shown with: none when all are whole.

    Examples
    --------
    >>> from planning.needs.methods import Ranked
    >>> score_digits(MethodResult("dots", (Ranked("a", 3.0, 1), Ranked("b", 2.5, 2))))
    2
    """
    return 0 if all(float(r.score).is_integer() for r in result.ranking) else 2


def condorcet_text(a: Assessment, lang: str) -> str:
    """Give the sentence naming the need that beats every other head to head, or saying none."""
    if a.condorcet:
        return t("needs.condorcet", lang, need=a.title(a.condorcet))
    return t("needs.no_condorcet", lang)


def pairwise_text(a: Assessment, lang: str) -> str:
    """Give how many of the pairs the group has compared."""
    n = len(a.needs)
    done, expected = (a.pairwise.done, a.pairwise.expected) if a.pairwise else (0, n * (n - 1) // 2)
    return t("needs.pairwise_progress", lang, done=done, expected=expected)


def method_bars(a: Assessment, method: str, lang: str) -> str:
    """Give one method's ranking as bars, best first."""
    result = a.results[method]
    digits = score_digits(result)
    rows = [
        (f"{r.rank}. {a.title(r.need)}", r.score, fmt_number(r.score, lang, digits))
        for r in result.ranking
    ]
    return bars(rows, colour_class=f"planning-c-{method}", caption=t(f"method.{method}", lang))


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
    grid = '<div class="planning-grid">' + "".join(f"<div>{p}</div>" for p in parts) + "</div>"
    facts = [agreement_text(a.kendall_w, lang)]
    if a.rankers:
        facts.append(condorcet_text(a, lang))
    if a.pairwise is not None and not a.pairwise.complete:
        facts.append(pairwise_text(a, lang))
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
