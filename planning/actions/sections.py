"""The action plan's part of the participants' handout, built from the stored workshop.

``templates/handout/notebooks/04_actions.ipynb`` (the plan) and ``05_board.ipynb`` (the public
information board, a page of its own that prints on A4 or A3) call these, one line a cell.
Every text is escaped through ``planning.render.html``. What a handout never shows: a contact
person, and anyone's poor-household or PKH status (activities give counts only).
"""

from __future__ import annotations

from typing import Any

from planning.actions.assessment import Review, review
from planning.actions.charts import bidang_figure, gantt_figure, sources_figure
from planning.actions.exports import tables
from planning.actions.layout import compact_board, compact_rkp, furnish, lay_out
from planning.actions.reports import report_counts, report_lines
from planning.actions.views import (
    activities_html,
    allocation_html,
    ceilings_html,
    findings_by_area,
    findings_summary,
    laid_out_html,
    raci_html,
    rules_html,
    selection_html,
)
from planning.actions.words import say
from planning.i18n import fmt_rupiah, t
from planning.render.html import Html, card, esc, figure, heading, items, note, paragraph
from planning.store import Workshop

__all__ = [
    "information_board",
    "next_steps",
    "plan_budget",
    "plan_checks",
    "plan_logframe",
    "plan_overview",
    "plan_tables",
    "plan_timeline",
]


def plan_overview(ws: Workshop, lang: str) -> Html:
    """Give the plan at a glance: its year, what it costs and where the money comes from, and
    every activity with its need, way of empowering, lead and partners."""
    r = review(ws)
    v = r.view
    parts = [heading(t("handout.actions.title", lang, year=v.config.year), 1)]
    if not v.plan.activities:
        return Html(*parts, note(t("actions.summary.none", lang)))
    parts.append(paragraph(t("handout.actions.intro", lang)))
    parts.append(
        paragraph(
            t(
                "actions.summary.totals",
                lang,
                count=len(v.plan.activities),
                total=fmt_rupiah(r.totals.total, lang),
                village=fmt_rupiah(r.village.total, lang),
                musrenbang=fmt_rupiah(r.totals.by_destination.get("musrenbang", 0), lang),
            )
        )
    )
    parts.append(activities_html(v, lang, caption=t("kind.activities", lang)))
    reports = report_lines(report_counts(ws), lang)  # what the plan feeds of the village's reports
    if reports:
        parts.append(card(t("actions.report.title", lang), items(reports)))
    return Html(*parts)


def plan_logframe(ws: Workshop, lang: str) -> Html:
    """Give the logframe: goal, purpose, outputs and activities with their indicators, means of
    verification and assumptions."""
    laid = tables(ws, lang)["logframe"]
    if not any(rows for _, rows, _ in laid.groups):
        return Html()
    return Html(
        heading(t("actions.table.logframe", lang), 2),
        paragraph(t("handout.actions.logframe_help", lang)),
        laid_out_html(laid, lang, caption=""),
    )


def plan_tables(ws: Workshop, lang: str) -> Html:
    """Give the RKP Desa (what fits, then "Belum terdanai" with why) and the DU-RKPDesa
    proposals by priority, with their forms' header and signature blocks, in six columns that
    fit an A4 page (the forms' full columns are in the exports)."""
    from planning.actions.exports import furniture
    from planning.actions.exports import plan_tables as official

    made = official(ws, lang)
    parts = []
    for name, bpd in (("rkp_desa", False), ("du_rkp_desa", True)):
        laid = furnish(compact_rkp(made[name], lang), furniture(ws, lang, bpd=bpd))
        if any(rows for _, rows, _ in laid.groups):
            parts.append(heading(laid.title, 2))
            parts.append(laid_out_html(laid, lang, caption=""))
    if parts:
        parts.append(note(t("handout.actions.full_form", lang)))
    return Html(*parts)


def plan_timeline(ws: Workshop, lang: str) -> Html:
    """Give the timeline of the year as a chart, and who does what (RACI)."""
    r = review(ws)
    if not r.view.plan.activities:
        return Html()
    fig = gantt_figure(r.view, lang)
    return Html(
        heading(t("handout.actions.when", lang), 2),
        figure(
            fig,
            alt=t("actions.gantt.caption", lang, year=r.view.config.year),
            dpi=96,
            scroll=True,  # on a phone: at its own size, scrolling sideways
        ),
        raci_html(r, lang, grid=False),
    )


def plan_budget(ws: Workshop, lang: str) -> Html:
    """Give the money: each source against its ceiling, what fits in priority order and what is
    left out, the year's Dana Desa rules, the costs by bidang, and what the votes pay for."""
    r = review(ws)
    if not r.view.plan.activities:
        return Html()
    return Html(
        heading(t("handout.actions.money", lang), 2),
        figure(sources_figure(r, lang), alt=t("actions.chart.sources", lang), dpi=96, scroll=True),
        ceilings_html(r, lang),
        selection_html(r, lang),
        heading(t("actions.budget.rules", lang), 3),
        rules_html(r, lang),
        figure(bidang_figure(r, lang), alt=t("actions.chart.bidang", lang), dpi=96, scroll=True),
        heading(t("actions.budget.votes", lang), 3),
        allocation_html(r, lang),
    )


def plan_checks(ws: Workshop, lang: str) -> Html:
    """Give what the plan still lacks, by area, each with what to do."""
    r = review(ws)
    if not r.view.plan.activities:
        return Html()
    parts = [
        heading(t("handout.actions.checks", lang), 2),
        paragraph(findings_summary(r.findings, lang)),
    ]
    for area, found in findings_by_area(r.findings).items():
        if not found:
            continue
        lines = [
            f"{say(f.what, lang)} {t('actions.checks.fix', lang)} {say(f.fix, lang)}" for f in found
        ]
        parts.append(card(t(f"actions.area.{area}", lang), items(lines)))
    return Html(*parts)


def board_activities(r: Review) -> list[Any]:
    """Give the activities the information board shows: those of the village budget that fit
    under the ceilings (all of them while no ceiling is set)."""
    return list(r.funded)


def information_board(ws: Workshop, lang: str) -> Html:
    """Give the public board of the plan on a page of its own: "Rencana Kegiatan Desa (RKP
    Desa) tahun N: hasil musyawarah, belum APBDes", per activity what, where, volume, when, how
    much, source and who carries it out, for the activities that fit under the
    ceilings (the selection the RKP Desa and the exports show), then the totals by source, by
    bidang and the financing; it prints on one A4 and on one A3 sheet."""
    from planning.actions.exports import plan_tables as official

    r = review(ws)
    info = ws.info()
    shown = board_activities(r)
    if not shown:
        return Html()
    made = official(ws, lang)
    headers, groups, end = compact_board(made["information_board"], lang)
    totals = lay_out(made["board_totals"], lang)
    title = t("handout.board.title", lang, desa=info.desa or info.title, year=r.view.config.year)
    total = sum(a.cost for a in shown)
    parts = [
        f'<div class="planning-board"><h1 class="planning-board-title">{esc(title)}</h1>',
        paragraph(t("handout.board.intro", lang)),
        _board_table(headers, groups, end, lang),
        totals_html(totals, lang),
    ]
    said = [t("handout.board.total", lang, total=fmt_rupiah(total, lang))]
    waiting = [o.activity.title for o in r.selection.left_out] if r.view.ceilings else []
    if waiting:
        said.append(t("handout.board.waiting", lang, names=", ".join(waiting)))
    said.append(t("handout.board.foot", lang))
    parts.append(f'<p class="planning-board-foot">{esc(" ".join(said))}</p></div>')
    return Html(*parts)


def _board_table(headers: list[str], groups: list[Any], end: list[Any], lang: str) -> str:
    from planning.actions.views import amount
    from planning.render.html import table

    def shown(row: list[Any]) -> list[Any]:
        return [amount(v, lang) if i == 2 and isinstance(v, int) else v for i, v in enumerate(row)]

    grouped = [(title, [shown(r) for r in rows], None) for title, rows, _ in groups]
    body = table(headers, [], numeric=[2], groups=grouped, total=shown(end))
    return f'<div class="planning-lines">{body}</div>'


def totals_html(totals: Any, lang: str) -> str:
    """Give the board's totals block: by source, by bidang and the financing, a line each."""
    from planning.actions.views import amount

    lines = []
    for title, rows, subtotal in totals.groups:
        parts = [f"{esc(label)} {esc(amount(value, lang))}" for label, value in rows]
        end = amount(subtotal[1] if subtotal else 0, lang)
        parts.append(f"<strong>{esc(t('actions.table.total', lang))} {esc(end)}</strong>")
        lines.append(f"<p><strong>{esc(title)}:</strong> {' · '.join(parts)}</p>")
    return (
        f'<section class="planning-board-totals" aria-label="{esc(totals.title)}">'
        f"{''.join(lines)}</section>"
    )


def next_steps(ws: Workshop, lang: str) -> list[str]:
    """Give the action plan's lines of the handout's next steps."""
    r = review(ws)
    if not r.view.plan.activities:
        return []
    steps = []
    errors = sum(f.severity == "error" for f in r.findings)
    if errors:
        steps.append(t("handout.next.actions_fix", lang, n=errors))
    if r.totals.by_destination.get("musrenbang"):
        steps.append(t("handout.next.actions_musrenbang", lang))
    steps.append(t("handout.next.actions_board", lang))
    return steps
