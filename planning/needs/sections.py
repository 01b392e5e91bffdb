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
    agreement_text,
    combined_table,
    condorcet_text,
    disagreements_html,
    needs_table,
    pairwise_text,
    score_digits,
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
    """Give one bar chart per method used, best need on top."""

    a = a or assess(ws)
    parts = []
    for method in METHODS:
        if method not in a.results:
            continue
        result = a.results[method]
        digits = score_digits(result)
        name = t(f"method.{method}", lang)
        fig = bar_chart(
            [a.title(r.need) for r in result.ranking],
            [r.score for r in result.ranking],
            title=name,
            lang=lang,
            colour=METHOD_COLOURS[method],
            digits=digits,
        )
        parts.append(
            figure(
                fig,
                alt=t("handout.chart_alt", lang, method=name),
                caption=t(f"handout.method_help.{method}", lang),
                dpi=96,
            )
        )
    return Html(heading(t("handout.by_method", lang), 2), *parts) if parts else Html()


def needs_agreement(ws: Workshop, lang: str, a: Assessment | None = None) -> Html:
    """Give how much the group agrees, the Condorcet winner, and where the methods disagree."""
    a = a or assess(ws)
    if not a.results:
        return Html()
    parts = [heading(t("handout.agreement", lang), 2), paragraph(agreement_text(a.kendall_w, lang))]
    if a.rankers:
        parts.append(paragraph(condorcet_text(a, lang)))
    if a.matrix is not None:
        moving = [s for s in a.sensitivity if s.change is not None]
        if moving:
            s = min(moving, key=lambda s: abs(s.change or 0))
            crit = {c.id: c.name for c in a.criteria}.get(s.criterion, s.criterion)
            parts.append(
                paragraph(
                    t(
                        "handout.sensitivity",
                        lang,
                        criterion=crit,
                        weight=fmt_number(s.weight, lang, 1),
                        new=fmt_number(s.new_weight or 0, lang, 2),
                        leader=a.title(s.leader),
                        runner=a.title(s.runner_up),
                    )
                )
            )
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
                tree_figure(graph, lang=lang), alt=t("handout.tree_alt", lang, need=title), dpi=90
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
