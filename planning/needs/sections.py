"""The needs assessment's part of the participants' handout, built from the stored workshop.

``templates/handout/notebooks/02_needs.ipynb`` calls these, one line a cell. Every text is
escaped through ``planning.render.html``. What a handout never shows: anyone's poor-household
or PKH status, the name of anyone who did not consent to be named, and who scored or ranked
what.
"""

from __future__ import annotations

from planning.i18n import fmt_number, label, t
from planning.needs.assessment import METHOD_COLOURS, METHODS, Assessment, assess, tree_of, trees
from planning.needs.charts import tree_figure
from planning.needs.records import TREE_ROLES, Need, Score
from planning.needs.views import (
    agreement_html,
    combined_table,
    condorcet_text,
    disagreements_html,
    method_bars,
    method_help,
    method_label,
    needs_table,
    pair_reasons_html,
    pairwise_text,
    score_digits,
    sensitivity_text,
    unscored,
)
from planning.render.charts import bar_chart
from planning.render.html import (
    Html,
    card,
    figure,
    frame_table,
    heading,
    items,
    note,
    paragraph,
    table,
)
from planning.sections import unnamed
from planning.store import Workshop


def needs_priorities(ws: Workshop, lang: str, a: Assessment | None = None) -> Html:
    """Give the priorities: the needs, every method's ranking side by side, the top needs."""
    a = a or assess(ws)
    parts = [heading(t("handout.needs", lang), 1)]
    if not a.needs:
        return Html(*parts, note(t("handout.no_needs", lang)))
    parts.append(needs_table(a, lang, unnamed=unnamed(ws), caption=t("handout.needs_named", lang)))
    if not a.results:
        return Html(*parts, note(t("needs.no_results", lang)))
    parts.append(heading(t("handout.priorities", lang), 2))
    parts.append(paragraph(t("handout.priorities_help", lang)))
    parts.append(combined_table(a, lang))
    top = [a.title(r.need) for r in a.combined.rows if r.rank <= 3]
    parts.append(card(t("handout.top", lang), items(top)))
    return Html(*parts)


def needs_matrix(ws: Workshop, lang: str, a: Assessment | None = None) -> Html:
    """Give the scoring matrix: each need's mean score on each criterion, and its weighted score.

    A cell nobody scored is empty ("not scored yet" in words below the table).
    """
    a = a or assess(ws)
    if a.matrix is None:
        return Html()
    import pandas as pd

    scores = ws.frame(Score)
    needs = [n.title for n in a.needs]
    criteria = [c.name for c in a.criteria]
    means = scores.pivot_table(
        index="need", columns="criterion", values="value", aggfunc="mean", observed=True
    ).reindex(index=needs, columns=criteria)
    weighted = pd.Series({a.title(r.need): r.score for r in a.matrix.weighted.ranking})
    means[t("needs.matrix_weighted", lang)] = weighted.reindex(needs)
    means.index.name = t("field.needs.title", lang)
    means.columns.name = None
    parts = [heading(t("needs.matrix_title", lang), 2), paragraph(t("needs.matrix_help", lang))]
    parts.append(frame_table(means.round(2), index=True))
    if means.isna().to_numpy().any():
        parts.append(note(t("needs.not_scored_note", lang)))
    return Html(*parts)


def needs_charts(ws: Workshop, lang: str, a: Assessment | None = None) -> Html:
    """Give one bar chart per method used, best need on top, under its plain name and what it
    counts.

    On paper and wide screens the chart is a picture; on a phone the same bars are text, so
    their labels stay readable instead of shrinking with the picture.
    """

    a = a or assess(ws)
    parts = []
    blank = unscored(a)
    for method in METHODS:
        if method not in a.results:
            continue
        result = a.results[method]
        digits = score_digits(result)
        name = method_label(method, lang)
        shown = [
            t("needs.not_scored", lang)
            if method == "matrix" and r.need in blank
            else fmt_number(r.score, lang, digits)
            for r in result.ranking
        ]
        fig = bar_chart(
            [a.title(r.need) for r in result.ranking],
            [r.score for r in result.ranking],
            title=name,
            lang=lang,
            colour=METHOD_COLOURS[method],
            digits=digits,
            shown=shown,
        )
        picture = figure(
            fig,
            alt=t("handout.chart_alt", lang, method=name),
            caption=method_help(method, lang),
            dpi=96,
        )
        parts.append(
            f'<div class="planning-chart-wide">{picture}</div>'
            f'<div class="planning-chart-narrow">{method_bars(a, method, lang)}</div>'
        )
        if method == "pairwise":
            parts.append(pair_reasons_html(a, lang))
    return Html(heading(t("handout.by_method", lang), 2), *parts) if parts else Html()


def needs_agreement(ws: Workshop, lang: str, a: Assessment | None = None) -> Html:
    """Give how much the group agrees, the need that beats every other, what would change the
    top need by scores, and where the methods disagree: the words of the results panel."""
    a = a or assess(ws)
    if not a.results:
        return Html()
    parts = [heading(t("handout.agreement", lang), 2), agreement_html(a.kendall_w, lang)]
    if a.rankers:
        parts.append(paragraph(condorcet_text(a, lang)))
    if a.matrix is not None:
        parts.append(paragraph(sensitivity_text(a, lang)))
    parts.append(disagreements_html(a, lang))
    return Html(*parts)


def problem_trees(ws: Workshop, lang: str) -> Html:
    """Give the problem tree of every need that has one."""

    parts = []
    for need_id in trees(ws):
        graph = tree_of(ws, need_id)
        title = ws.get(Need, need_id).title
        parts.append(heading(f"{t('tree.title', lang)}: {title}", 2))
        parts.append(
            figure(
                tree_figure(graph, lang=lang),
                alt=t("handout.tree_alt", lang, need=title),
                dpi=90,
                scroll=True,
            )
        )
        # Each cause or effect with what it leads to, as the arrows of the drawing say.
        rows = []
        for role in TREE_ROLES:
            for node, d in graph.nodes(data=True):
                if d.get("role") != role:
                    continue
                targets = graph.successors(node)
                rows.append(
                    [
                        d["label"],
                        label("tree_role", role, lang),
                        ", ".join(graph.nodes[n]["label"] for n in targets),
                    ]
                )
        parts.append(
            table(
                [
                    t("field.problem_tree.text", lang),
                    t("field.problem_tree.role", lang),
                    t("needs.leads_to", lang),
                ],
                rows,
            )
        )
    return Html(*parts)


def next_steps(ws: Workshop, lang: str, a: Assessment | None = None) -> list[str]:
    """Give the needs assessment's lines of the handout's next steps."""
    a = a or assess(ws)
    steps = []
    top = [a.title(r.need) for r in a.combined.rows if r.rank == 1]
    if top:
        steps.append(t("handout.next.partners", lang, need=", ".join(top)))
    if a.pairwise is not None and not a.pairwise.complete:
        steps.append(pairwise_text(a, lang))
    if a.kendall_w is not None and a.kendall_w < 0.4:
        steps.append(t("handout.next.listen", lang))
    if a.combined.disagreements:
        steps.append(t("handout.next.disagree", lang))
    return steps


__all__ = [
    "needs_agreement",
    "needs_charts",
    "needs_matrix",
    "needs_priorities",
    "next_steps",
    "problem_trees",
]
