"""HTML views of the needs assessment for panels and handouts: bars, tables, the results.

Every text is escaped (through ``planning.render.html``); the bars are plain HTML styled by the
shared stylesheet, so a panel redraws in milliseconds and stays sharp on a projector.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from planning.i18n import fmt_number, label, t
from planning.needs.assessment import METHODS, Assessment
from planning.needs.methods import MethodResult
from planning.needs.records import Criterion
from planning.records import MKP, normalise_name
from planning.render.html import bars, card, esc, items, note, paragraph, table


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


def pair_reasons_html(a: Assessment, lang: str) -> str:
    """Give why the group chose at each pair that has a reason, beside the pair ("" when no
    pair has one)."""
    lines = []
    for need_a, need_b, winner, reason in a.reasons:
        if winner is None:
            lines.append(
                t(
                    "needs.pair.reason_tie",
                    lang,
                    a=a.title(need_a),
                    b=a.title(need_b),
                    reason=reason,
                )
            )
        else:
            loser = need_b if winner == need_a else need_a
            words = {"winner": a.title(winner), "loser": a.title(loser), "reason": reason}
            lines.append(t("needs.pair.reason_line", lang, **words))
    return card(t("needs.pair.reasons", lang), items(lines)) if lines else ""


def method_label(method: str, lang: str) -> str:
    """Give a method's name in plain words (the technical name in brackets, where it has one)."""
    return t(f"method.{method}", lang)


def method_help(method: str, lang: str) -> str:
    """Give the one line that says what a method counts."""
    return t(f"method_help.{method}", lang)


def unscored(a: Assessment) -> frozenset[str]:
    """Give the needs nobody scored on any criterion (they show "not scored yet")."""
    if a.matrix is None:
        return frozenset()
    scored = {need for need, _ in a.matrix.cells}
    return frozenset(n.id for n in a.needs if n.id not in scored)


def method_bars(a: Assessment, method: str, lang: str) -> str:
    """Give one method's ranking as bars, best first, under its plain name and explanation.

    A need nobody scored says so instead of showing a score of 0.
    """
    result = a.results[method]
    digits = score_digits(result)
    blank = unscored(a) if method == "matrix" else frozenset()
    rows = [
        (
            f"{r.rank}. {a.title(r.need)}" if r.need not in blank else a.title(r.need),
            0.0 if r.need in blank else r.score,
            t("needs.not_scored", lang) if r.need in blank else fmt_number(r.score, lang, digits),
        )
        for r in result.ranking
    ]
    return bars(
        rows,
        colour_class=f"planning-c-{method}",
        caption=method_label(method, lang),
        note=method_help(method, lang),
    )


def agreement_level(w: float) -> str:
    """Give how much a group agrees, from Kendall's W: "low", "medium" or "high".

    Examples
    --------
    >>> [agreement_level(w) for w in (0.2, 0.55, 0.8)]
    ['low', 'medium', 'high']
    """
    return "high" if w >= 0.7 else "medium" if w >= 0.4 else "low"


def agreement_html(w: float | None, lang: str) -> str:
    """Give the group's agreement as words (low, moderate, high) with Kendall's W small beside
    it, what it measures, and what to do when it is low."""
    if w is None:
        return paragraph(t("needs.no_rankings", lang))
    level = agreement_level(w)
    words = (
        f'<p class="planning-agreement">{esc(t("needs.agreement_label", lang))}: '
        f'<strong class="planning-agreement-{level}">{esc(t(f"agreement.{level}", lang))}</strong>'
        f' <small class="planning-aside">(W = {esc(fmt_number(w, lang, 2))})</small></p>'
    )
    parts = [words, paragraph(t("needs.agreement_help", lang))]
    if level == "low":
        parts.append(paragraph(t("needs.agreement_advice", lang)))
    return "".join(parts)


def sensitivity_text(a: Assessment, lang: str) -> str:
    """Give, in plain words, which criterion's weight would change the top need by scores
    ("" without scores)."""
    if a.matrix is None or not a.sensitivity:
        return ""
    moving = [s for s in a.sensitivity if s.change is not None and s.new_weight is not None]
    leader = a.title(a.sensitivity[0].leader)
    if not moving:
        return t("needs.sensitivity.none", lang, leader=leader)
    s = min(moving, key=lambda s: abs(s.change or 0))
    crit = {c.id: c.name for c in a.criteria}.get(s.criterion, s.criterion)
    return t(
        "needs.sensitivity.more" if (s.change or 0) > 0 else "needs.sensitivity.less",
        lang,
        criterion=crit,
        weight=fmt_number(s.weight, lang, 1),
        new=fmt_number(s.new_weight or 0, lang, 2),
        leader=leader,
        runner=a.title(s.runner_up),
    )


def dots_left_text(name: str, left: int, lang: str) -> str:
    """Give the line saying how many dots a participant has left.

    Examples
    --------
    >>> dots_left_text("Ani", 3, "en"), dots_left_text("Ani", 0, "id")
    ('Ani has 3 dots left.', 'Ani sudah memakai semua titiknya.')
    """
    if left <= 0:
        return t("needs.dots.left_none", lang, name=name)
    if left == 1:
        return t("needs.dots.left_one", lang, name=name)
    return t("needs.dots.left", lang, name=name, left=left)


def combined_table(a: Assessment, lang: str) -> str:
    """Give every method's rank of each need side by side, with the combined rank."""
    methods = [m for m in METHODS if m in a.results]
    headers = [
        t("needs.rank", lang),
        t("field.needs.title", lang),
        *(t(f"method_short.{m}", lang) for m in methods),
    ]
    blank = unscored(a)  # a need nobody scored has no place by the scores
    mkp = {n.id for n in a.needs if n.origin == MKP}  # a women's deliberation's stays seen
    rows = [
        [
            r.rank,
            f"{a.title(r.need)} ({t('origin.mkp', lang)})" if r.need in mkp else a.title(r.need),
            *("–" if m == "matrix" and r.need in blank else r.ranks[m] for m in methods),
        ]
        for r in a.combined.rows
    ]
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
    """Give the results panel: bars per method with what each counts, the group's agreement,
    the need that beats every other, what would change the top need, and disagreements."""
    if not a.results:
        return note(t("needs.no_results", lang))
    parts = [method_bars(a, m, lang) for m in METHODS if m in a.results]
    grid = '<div class="planning-grid">' + "".join(f"<div>{p}</div>" for p in parts) + "</div>"
    facts = [agreement_html(a.kendall_w, lang)]
    if a.rankers:
        facts.append(paragraph(condorcet_text(a, lang)))
    if a.matrix is not None:
        facts.append(paragraph(sensitivity_text(a, lang)))
    if a.pairwise is not None and not a.pairwise.complete:
        facts.append(paragraph(pairwise_text(a, lang)))
    if a.combined.top_differs:
        facts.append(paragraph(t("needs.tops_differ", lang)))
    body = grid + "".join(facts)
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


def criteria_table(criteria: Sequence[Criterion], lang: str) -> str:
    """Give the criteria with their weights and what each asks."""
    rows = [[c.name, fmt_number(c.weight, lang, 1), c.description] for c in criteria]
    heads = [t(f"field.criteria.{f}", lang) for f in ("name", "weight", "description")]
    return table(heads, rows, numeric=[1])


def criterion_head(c: Criterion, lang: str) -> str:
    """Give the head of a criterion's column in the scoring grid: its name and weight.

    Examples
    --------
    >>> criterion_head(Criterion(id="c1", name="Parah <sekali>", weight=1.5), "en")
    '<b>Parah &lt;sekali&gt;</b><br>weight 1.5'
    """
    weight = t("needs.grid.weight", lang, weight=fmt_number(c.weight, lang, 1))
    return f"<b>{esc(c.name)}</b><br>{esc(weight)}"


def score_card_title(title: str, at: int, count: int, lang: str) -> str:
    """Give the heading of the scoring card of one need: which of how many, its title, the scale.

    Examples
    --------
    >>> print(score_card_title("Air <bersih>", 0, 2, "en"))  # doctest: +ELLIPSIS
    <div class="planning-card-count">Need 1 of 2</div><div>Air &lt;bersih&gt;</div><div ...
    """
    where = t("needs.grid.which", lang, n=at + 1, count=count)
    return (
        f'<div class="planning-card-count">{esc(where)}</div><div>{esc(title)}</div>'
        f'<div class="planning-card-help">{esc(t("needs.grid.scale", lang))}</div>'
    )
