"""The parts of the participants' handout, built from the stored workshop.

The handout notebooks in ``templates/handout/notebooks`` call these, one or two lines a cell.
Every text is escaped through ``planning.render``. What a handout never shows: anyone's
poor-household or PKH status, the name of anyone who did not consent to be named, and who
scored or ranked what.
"""

from __future__ import annotations

import os

from planning.assessment import METHODS, Assessment, assess, tree_of, trees
from planning.i18n import fmt_date, fmt_number, label, t
from planning.model import Participant, normalise_name
from planning.render import Html, card, esc, figure, heading, items, note, paragraph, table
from planning.store import Workshop, open_workshop
from planning.summary import participants_part
from planning.views import (
    BAR_COLOURS,
    agreement_text,
    combined_table,
    disagreements_html,
    needs_table,
)


def open_for_handout() -> tuple[Workshop, str]:
    """Give the workshop and language the handout builder passed in the environment."""
    ws = open_workshop(os.environ.get("PLANNING_WORKSHOP") or None)
    lang = os.environ.get("PLANNING_LANGUAGE") or ws.lang
    return ws, lang if lang in ("id", "en") else ws.lang


def _unnamed(ws: Workshop) -> set[str]:
    """Give the normalised names of participants who did not consent to be named."""
    return {normalise_name(p.name) for p in ws.records(Participant) if not p.consent}


def cover(ws: Workshop, lang: str) -> Html:
    """Give the cover: title, place, date, facilitator, who took part (counted), names."""
    info = ws.info()
    who = participants_part(ws)
    place = ", ".join(
        x
        for x in (
            f"{t('field.workshop.desa', lang)} {info.desa}" if info.desa else "",
            f"{t('field.workshop.kecamatan', lang)} {info.kecamatan}" if info.kecamatan else "",
            f"{t('field.workshop.kabupaten', lang)} {info.kabupaten}" if info.kabupaten else "",
        )
        if x
    )
    facts = [
        x
        for x in (
            place,
            fmt_date(info.date, lang) if info.date else "",
            f"{t('field.workshop.facilitator', lang)}: {info.facilitator}"
            if info.facilitator
            else "",
        )
        if x
    ]
    parts = [heading(info.title, 1), paragraph("\n".join(facts))]
    parts.append(heading(t("handout.who", lang, n=who["total"]), 2))
    for key, group in (
        ("by_gender", "gender"),
        ("by_group", "group"),
        ("by_dusun", ""),
        ("by_age_group", "age_group"),
    ):
        rows = [[label(group, k, lang) if group else (k or "-"), n] for k, n in who[key].items()]
        parts.append(table([t(f"summary.{key}", lang), t("common.count", lang)], rows, numeric=[1]))
    if who["named"]:
        parts.append(heading(t("handout.names", lang), 3))
        parts.append(paragraph(", ".join(who["named"])))
    if who["not_named"]:
        parts.append(note(t("handout.not_named", lang, n=who["not_named"])))
    return Html(*parts)


def needs_priorities(ws: Workshop, lang: str, a: Assessment | None = None) -> Html:
    """Give the priorities: the needs, every method's ranking side by side, the top needs."""
    a = a or assess(ws)
    parts = [heading(t("handout.needs", lang), 1)]
    if not a.needs:
        return Html(*parts, note(t("handout.no_needs", lang)))
    parts.append(needs_table(a, lang, unnamed=_unnamed(ws), caption=t("handout.needs_named", lang)))
    if not a.results:
        return Html(*parts, note(t("needs.no_results", lang)))
    parts.append(heading(t("handout.priorities", lang), 2))
    parts.append(paragraph(t("handout.priorities_help", lang)))
    parts.append(combined_table(a, lang))
    top = [a.title(r.need) for r in a.combined.rows if r.rank <= 3]
    parts.append(card(t("handout.top", lang), items(top)))
    return Html(*parts)


def needs_charts(ws: Workshop, lang: str, a: Assessment | None = None) -> Html:
    """Give one bar chart per method used, best need on top."""
    from planning.charts import method_chart

    a = a or assess(ws)
    parts = []
    for method in METHODS:
        if method not in a.results:
            continue
        result = a.results[method]
        digits = 0 if all(float(r.score).is_integer() for r in result.ranking) else 2
        name = t(f"method.{method}", lang)
        fig = method_chart(
            [a.title(r.need) for r in result.ranking],
            [r.score for r in result.ranking],
            title=name,
            lang=lang,
            colour=BAR_COLOURS.get(method, "#1b9e77"),
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
        parts.append(
            paragraph(
                t("needs.condorcet", lang, need=a.title(a.condorcet))
                if a.condorcet
                else t("needs.no_condorcet", lang)
            )
        )
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
    from planning.charts import tree_figure

    parts = []
    for need_id in trees(ws):
        graph = tree_of(ws, need_id)
        title = ws.get("needs", need_id).title  # type: ignore[attr-defined]
        parts.append(heading(f"{t('tree.title', lang)}: {title}", 2))
        parts.append(
            figure(
                tree_figure(graph, lang=lang), alt=t("handout.tree_alt", lang, need=title), dpi=90
            )
        )
        # Each cause or effect with what it leads to, as the arrows of the drawing say.
        rows = []
        for role in ("cause", "effect"):
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


def next_steps(ws: Workshop, lang: str, a: Assessment | None = None) -> Html:
    """Give what the group does next, from what the workshop has decided so far."""
    a = a or assess(ws)
    steps = []
    top = [a.title(r.need) for r in a.combined.rows if r.rank == 1]
    if top:
        steps.append(t("handout.next.partners", lang, need=", ".join(top)))
    if a.pairwise is not None and not a.pairwise.complete:
        steps.append(
            t("needs.pairwise_progress", lang, done=a.pairwise.done, expected=a.pairwise.expected)
        )
    if a.kendall_w is not None and a.kendall_w < 0.4:
        steps.append(t("handout.next.listen", lang))
    if a.combined.disagreements:
        steps.append(t("handout.next.disagree", lang))
    steps.append(t("handout.next.plan", lang))
    steps.append(t("handout.next.musrenbang", lang))
    return Html(heading(t("handout.next", lang), 1), items(steps))


__all__ = [
    "cover",
    "esc",
    "needs_agreement",
    "needs_charts",
    "needs_priorities",
    "next_steps",
    "open_for_handout",
    "problem_trees",
]
