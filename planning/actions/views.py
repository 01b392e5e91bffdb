"""HTML views of the action plan for panels and handouts: the official tables, the findings with
their fixes, the budget against the ceilings, the year's rules, the vote-based allocations side
by side, the timeline and the RACI matrix.

Every text is escaped (through ``planning.render.html``); amounts are written the way the
language writes them. Nothing here stores or imports a widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planning.actions.assessment import PlanView, Review
from planning.actions.layout import LaidOut
from planning.actions.methods.checks import Finding
from planning.actions.methods.reference import YearRules
from planning.actions.methods.vocab import FUNDING_SOURCES, STRATEGIES
from planning.actions.words import say
from planning.i18n import fmt_number, fmt_rupiah, label, t
from planning.render.html import TABLE_BOX, bars, card, esc, items, note, paragraph, table

# One colour per way of empowering, on the projector and on paper (ColorBrewer Dark2, which
# stays apart for the common kinds of colour blindness); the stylesheet's planning-s-<code>
# classes use the same colours.
STRATEGY_COLOURS = {
    "participatory": "#1b9e77",
    "training": "#d95f02",
    "partnership": "#7570b3",
    "support": "#e7298a",
}
# The checks, in the areas the checks panel shows them in.
AREAS: dict[str, tuple[str, ...]] = {
    "traceability": (
        "need_without_activity",
        "activity_without_need",
        "activity_without_indicator",
        "activity_without_lead",
        "actor_not_on_map",
        "lead_without_community_path",
        "strategy_without_activity",
    ),
    "indicators": (
        "indicator_missing",
        "indicator_no_change",
        "indicator_percent_over_100",
        "outcome_without_indicator",
    ),
    "dates": ("end_before_start", "outside_plan_year"),
    "budget": (
        "ceiling_overspent",
        "wage_under_share",
        "blt_over_cap",
        "blt_no_households",
        "rule_over_share",
        "rule_under_share",
        "rules_file_problem",
        "rules_other_year",
        "year_rules_unverified",
    ),
    "codes": (
        "to_complete",
        "unknown_code",
        "unknown_reference",
        "negative_number",
        "sub_bidang_mismatch",
    ),
}
SEVERITY_MARK = {"error": "✗", "warning": "!", "info": "i"}


def strategy_words(code: str, lang: str) -> str:
    """Give the name of a way of empowering ("to complete" when none is chosen yet)."""
    return t(f"actions.strategy.{code}" if code else "actions.to_complete", lang)


def source_words(code: str, lang: str) -> str:
    """Give the name of a funding source ("to complete" when none is chosen yet)."""
    return t(f"actions.source.{code}" if code else "actions.to_complete", lang)


def amount(value: int, lang: str) -> str:
    """Give an amount under a "(Rp)" header: ``185.000.000`` in Indonesian."""
    return fmt_number(value, lang)


def laid_out_html(laid: LaidOut, lang: str, *, caption: str | None = None) -> str:
    """Give an official table (RKP Desa, DU-RKPDesa, logframe, information board) as HTML:
    its header in one or two rows, a row per group with its subtotal, and the total."""

    def shown(row: Sequence[Any]) -> list[Any]:
        return [
            amount(v, lang) if i == laid.amount and isinstance(v, int) else v
            for i, v in enumerate(row)
        ]

    groups = [
        (title, [shown(r) for r in rows], shown(sub) if sub is not None else None)
        for title, rows, sub in laid.groups
    ]
    html = table(
        laid.headers,
        [],
        caption=laid.title if caption is None else caption,
        numeric=[laid.amount] if laid.amount is not None else [],
        groups=groups,
        total=shown(laid.total) if laid.total is not None else None,
        header_groups=laid.header_groups,
    )
    form = laid.furniture
    if form is None:
        return f'<div class="planning-lines">{html}</div>'
    head = "".join(
        f"<dt>{esc(label)}</dt><dd>{esc(value) or '&nbsp;'}</dd>" for label, value in form.header
    )
    signs = "".join(
        f'<div class="planning-form-sign"><div>{esc(role)}</div>'
        f'<div class="planning-form-name">{esc(name)}</div></div>'
        for role, name in form.signatures
    )
    return (
        f'<div class="planning-lines"><dl class="planning-form-head">{head}</dl>{html}'
        f'<div class="planning-form-foot"><p>{esc(form.place_date)}</p>'
        f'<div class="planning-form-signs">{signs}</div></div></div>'
    )


def finding_html(f: Finding, view: PlanView, lang: str) -> str:
    """Give one finding: what is missing and where, then how to fix it."""
    mark = SEVERITY_MARK.get(f.severity, "")
    sev = t(f"actions.severity.{f.severity}", lang)
    return (
        f'<div class="planning-finding planning-finding-{esc(f.severity)}">'
        f'<div class="planning-finding-what"><span class="planning-finding-mark" '
        f'title="{esc(sev)}">{esc(mark)}</span> {esc(say(f.what, lang))}</div>'
        f'<div class="planning-finding-fix">{esc(t("actions.checks.fix", lang))} '
        f"{esc(say(f.fix, lang))}</div></div>"
    )


def area_of(check: str) -> str:
    """Give the area a check belongs to (``codes`` for one not listed)."""
    return next((area for area, checks in AREAS.items() if check in checks), "codes")


def findings_by_area(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Give the findings per area, errors first within an area."""
    order = {"error": 0, "warning": 1, "info": 2}
    out: dict[str, list[Finding]] = {area: [] for area in AREAS}
    for f in findings:
        out[area_of(f.check)].append(f)
    return {a: sorted(fs, key=lambda f: order.get(f.severity, 3)) for a, fs in out.items()}


def findings_summary(findings: Sequence[Finding], lang: str) -> str:
    """Give one line counting the findings: to correct, gaps to close, to know."""
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    return t("actions.summary.findings", lang, **counts)


def checks_html(r: Review, lang: str) -> str:
    """Give every finding of the plan by area, each with what to do, or a line saying the area
    is in order."""
    parts = [f'<div class="planning-lead">{esc(findings_summary(r.findings, lang))}</div>']
    for area, found in findings_by_area(r.findings).items():
        title = t(f"actions.area.{area}", lang)
        if not found:
            body = f'<p class="planning-ok">✓ {esc(t("actions.checks.area_ok", lang))}</p>'
        else:
            body = "".join(finding_html(f, r.view, lang) for f in found)
        parts.append(card(f"{title} ({len(found)})", body))
    return "".join(parts)


def activities_html(view: PlanView, lang: str, *, caption: str = "") -> str:
    """Give the activities as one table that fits a phone and an A4 page: what, for which
    need, the way of empowering, who leads (and with whom), how much and from where."""
    headers = [
        t("actions.logframe.ref", lang),
        t("field.activities.title", lang),
        t("field.activities.need", lang),
        t("field.activities.strategy", lang),
        t("actions.col.who", lang),
        t("actions.col.cost_source", lang),
    ]
    rows = []
    for a in view.plan.activities:
        who = view.title(a.lead) if a.lead else "-"
        if a.partners:
            partners = ", ".join(view.title(p) for p in a.partners)
            who += "\n" + t("actions.col.with", lang, names=partners)
        rows.append(
            [
                a.id,
                a.title,
                view.title(a.need) if a.need else "-",
                strategy_words(a.strategy, lang),
                who,
                f"{amount(a.cost, lang)}\n{source_words(a.source, lang)}",
            ]
        )
    html = table(headers, rows, numeric=[5], caption=caption)
    return f'<div class="planning-lines">{html}</div>'


def ceilings_html(r: Review, lang: str) -> str:
    """Give, per funding source of the village budget, its ceiling, what the plan asks of it,
    what fits under the ceiling in priority order, and what is left."""
    asked = r.village.by_source
    funded: dict[str, int] = {}
    for a in r.selection.funded:
        funded[a.source] = funded.get(a.source, 0) + a.cost
    sources = [s for s in FUNDING_SOURCES if s in asked or s in r.view.ceilings]
    village = r.view.village_ceilings
    headers = [
        t("field.ceilings.source", lang),
        t("field.ceilings.amount", lang),
        t("actions.budget.village_part", lang),
        t("actions.budget.asked", lang),
        t("actions.budget.fits", lang),
        t("actions.budget.left", lang),
    ]
    rows = []
    for s in sources:
        ceiling = r.view.ceilings.get(s)
        rows.append(
            [
                source_words(s, lang),
                amount(ceiling, lang)
                if ceiling is not None
                else t("actions.budget.no_ceiling", lang),
                amount(village[s], lang) if s in village else "-",
                amount(asked.get(s, 0), lang),
                amount(funded.get(s, 0), lang) if ceiling is not None else "-",
                amount(r.selection.remaining.get(s, 0), lang) if ceiling is not None else "-",
            ]
        )
    over = [
        (source_words(s, lang), asked.get(s, 0), fmt_rupiah(asked.get(s, 0), lang)) for s in sources
    ]
    chart = bars(over, colour_class="planning-c-accent", caption=t("actions.budget.asked", lang))
    return table(headers, rows, numeric=[1, 2, 3, 4, 5]) + chart + outside_html(r, lang)


def outside_html(r: Review, lang: str) -> str:
    """Give what the year's rules pay from outside the village budget: the share of each
    ceiling, what it is for, and the activities marked so (left out of the village budget)."""
    rules = r.view.rules
    if rules is None:
        return ""
    focus = {p.code: p.name for p in rules.priorities}
    lines = []
    for rule in rules.outside():
        ceiling = r.view.ceilings.get(rule.of)
        share = rule.share * 100 if rule.share is not None else 0
        pct = fmt_number(float(share), lang, 2 if share.denominator != 1 else 0)
        codes = rule.applies_to.get("dd_focus", ())
        what = ", ".join(focus[c].text(lang) for c in codes if c in focus)
        paid = [a.title for a in r.view.plan.activities if a.paid_outside == rule.code]
        lines.append(
            t(
                "actions.budget.outside",
                lang,
                share=pct,
                source=source_words(rule.of, lang),
                what=what or "-",
                outside=fmt_rupiah(ceiling - village_part(r, rule.of), lang) if ceiling else "-",
            )
            + (" " + t("actions.budget.outside_paid", lang, names=", ".join(paid)) if paid else "")
        )
    return "".join(paragraph(line) for line in lines)


def village_part(r: Review, source: str) -> int:
    """Give the part of a source's ceiling the village plans (the ceiling itself when no rule
    pays part of it from outside)."""
    return r.view.village_ceilings.get(source, r.view.ceilings.get(source, 0))


def selection_html(r: Review, lang: str) -> str:
    """Give what fits under the ceilings in priority order, and what is left out and why."""
    funded = [f"{a.title} ({fmt_rupiah(a.cost, lang)})" for a in r.selection.funded]
    parts = [paragraph(t("actions.budget.selection_help", lang))]
    parts.append(
        card(t("actions.budget.funded", lang, n=len(funded)), items(funded) if funded else "")
    )
    if r.selection.left_out:
        left = [f"{o.activity.title}: {say(o.why, lang)}" for o in r.selection.left_out]
        parts.append(card(t("actions.budget.left_out", lang, n=len(left)), items(left)))
    return "".join(parts)


def rules_html(r: Review, lang: str) -> str:
    """Give the year's Dana Desa rules as applied: what each asks, what the plan does, ✓/✗."""
    rules = r.view.rules
    if rules is None:
        return note(t("actions.rules.none", lang))
    headers = [
        t("actions.rules.rule", lang),
        t("actions.rules.asks", lang),
        t("actions.rules.plan", lang),
        t("actions.rules.ok", lang),
    ]
    rows = []
    for rep in r.reports:
        rule = rep.rule
        if rule.kind == "note":
            rows.append([rule.title(lang), rule.said(lang), "", ""])
            continue
        if rule.kind == "max_per_household_month":
            asks = t("actions.rules.asks_cap", lang, amount=fmt_rupiah(rule.amount or 0, lang))
            plan = t("actions.rules.breaches", lang, n=len(rep.breaches))
        else:
            share = fmt_number(float((rule.share or 0) * 100), lang, 0)
            key = "actions.rules.asks_max" if rule.kind == "max_share" else "actions.rules.asks_min"
            asks = t(key, lang, share=share, source=source_words(rule.of, lang),
                     amount=fmt_rupiah(rep.limit or 0, lang))  # fmt: skip
            plan = fmt_rupiah(rep.spent, lang)
        rows.append([rule.title(lang), asks, plan, "✓" if rep.ok else "✗"])
    caption = t("actions.rules.caption", lang, year=rules.year)
    parts = [table(headers, rows, caption=caption)]
    if rules.check_before_use or not all(x.verified for x in rules.rules):
        parts.append(note(t("actions.rules.unverified", lang, source=rules.cited(lang))))
    return "".join(parts)


def allocation_html(r: Review, lang: str) -> str:
    """Give the vote-based allocations side by side, with each rule in plain words."""
    v = r.view
    explain = card(
        t("actions.vote.how", lang),
        paragraph(t("actions.vote.equal_shares_help", lang))
        + paragraph(t("actions.vote.greedy_help", lang)),
    )
    if r.allocation is None:
        return explain + note(say(r.allocation_note, lang) if r.allocation_note else "")
    c = r.allocation
    intro = paragraph(
        t(
            "actions.vote.intro",
            lang,
            voters=v.voters,
            budget=fmt_rupiah(r.vote_budget, lang),
            ballot=label("actions.ballot", v.config.ballot, lang),
        )
    )
    headers = [
        t("field.activities.title", lang),
        t("field.activities.cost", lang),
        t("actions.vote.support", lang),
        t("actions.allocation.equal_shares", lang),
        t("actions.allocation.greedy", lang),
    ]
    rows = [
        [
            row.title,
            amount(row.cost, lang),
            row.support,
            "✓" if row.by_equal_shares else "",
            "✓" if row.by_greedy else "",
        ]
        for row in sorted(c.rows, key=lambda x: -x.support)
        if row.support
    ]
    total = [
        t("actions.vote.spent", lang),
        "",
        "",
        amount(c.equal_shares.spent, lang),
        amount(c.greedy.spent, lang),
    ]
    html = table(headers, rows, numeric=[1, 2], total=total)
    diff = []
    if c.only_equal_shares:
        names = ", ".join(v.title(a) for a in c.only_equal_shares)
        diff.append(t("actions.vote.only_equal_shares", lang, names=names))
    if c.only_greedy:
        names = ", ".join(v.title(a) for a in c.only_greedy)
        diff.append(t("actions.vote.only_greedy", lang, names=names))
    if not diff:
        diff.append(t("actions.vote.same", lang))
    return explain + intro + html + "".join(paragraph(d) for d in diff)


def month_names(lang: str) -> list[str]:
    """Give the short month names of the language (Jan ... Des)."""
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", locale="id_ID" if lang == "id" else "en_GB")
    return [names[m] for m in range(1, 13)]


def gantt_html(view: PlanView, lang: str) -> str:
    """Give the timeline as a table: a row per activity grouped by way of empowering, a column
    per month of the plan's year (and of the months beyond it an activity runs into)."""
    from planning.actions.methods.tables import gantt_rows

    bars_ = gantt_rows(view.plan.activities)
    year = view.config.year
    months = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
    extra = sorted({m for b in bars_ for m in b.months if m not in months})
    columns = sorted(set(months) | set(extra))
    names = month_names(lang)

    def head(key: str) -> str:
        y, m = key.split("-")
        return names[int(m) - 1] + ("" if int(y) == year else f" {y[2:]}")

    out = [f'{TABLE_BOX}<table class="planning-table planning-gantt">']
    out.append(f"<caption>{esc(t('actions.gantt.caption', lang, year=year))}</caption>")
    out.append(
        '<thead><tr><th scope="col">'
        + esc(t("field.activities.title", lang))
        + "</th>"
        + "".join(
            f'<th scope="col" class="planning-gantt-month">{esc(head(k))}</th>' for k in columns
        )
        + "</tr></thead>"
    )
    for strategy in [*STRATEGIES, *sorted({b.strategy for b in bars_} - set(STRATEGIES))]:
        chosen = [b for b in bars_ if b.strategy == strategy]
        if not chosen:
            continue
        out.append(
            f'<tbody><tr class="planning-group"><th scope="rowgroup" colspan="{len(columns) + 1}">'
            f'<span class="planning-swatch planning-s-{esc(strategy)}"></span> '
            f"{esc(strategy_words(strategy, lang))}</th></tr>"
        )
        for b in chosen:
            cells = "".join(
                f'<td class="planning-gantt-on planning-s-{esc(strategy)}"></td>'
                if k in b.months
                else "<td></td>"
                for k in columns
            )
            out.append(f"<tr><td>{esc(b.title)}</td>{cells}</tr>")
        out.append("</tbody>")
    out.append("</table></div>")
    return "".join(out)


def raci_html(r: Review, lang: str, *, grid: bool = True) -> str:
    """Give who does what (RACI): a grid with a column per actor (``grid``), or, where a page
    is narrow, each activity with its roles written out."""
    raci = r.raci
    if not raci.actors:
        return ""
    legend = ", ".join(f"{x} = {t('actions.raci.' + x, lang)}" for x in "RACI")
    caption = t("actions.raci.caption", lang)
    if grid:
        headers = [t("field.activities.title", lang), *(raci.names[a] for a in raci.actors)]
        rows = [[row.title, *(row.roles.get(a, "") for a in raci.actors)] for row in raci.rows]
        return table(headers, rows, caption=caption) + paragraph(legend)
    rows = []
    for row in raci.rows:
        by_letter: dict[str, list[str]] = {}
        for actor, letters in row.roles.items():
            for letter in letters:
                by_letter.setdefault(letter, []).append(raci.names[actor])
        roles = "\n".join(f"{x}: {', '.join(by_letter[x])}" for x in "RACI" if x in by_letter)
        rows.append([row.title, roles])
    headers = [t("field.activities.title", lang), t("actions.raci.roles", lang)]
    return f'<div class="planning-lines">{table(headers, rows, caption=caption)}</div>' + paragraph(
        legend
    )


def totals_html(r: Review, lang: str) -> str:
    """Give the plan's totals by way of empowering, by need and by month."""
    v = r.view
    by_strategy = [
        (
            strategy_words(s, lang),
            r.totals.by_strategy.get(s, 0),
            fmt_rupiah(r.totals.by_strategy.get(s, 0), lang),
        )
        for s in STRATEGIES
    ]
    by_need = [
        (v.title(n) if n else t("actions.budget.no_need", lang), c, fmt_rupiah(c, lang))
        for n, c in sorted(r.totals.by_need.items(), key=lambda x: -x[1])
    ]
    names = month_names(lang)
    by_month = [
        (f"{names[int(k[5:]) - 1]} {k[:4]}", c, fmt_rupiah(c, lang))
        for k, c in r.totals.by_month.items()
    ]
    return (
        bars(
            by_strategy,
            colour_class="planning-c-accent",
            caption=t("actions.budget.by_strategy", lang),
        )
        + bars(by_need, colour_class="planning-c-accent", caption=t("actions.budget.by_need", lang))
        + bars(by_month, colour_class="planning-c-grey", caption=t("actions.budget.by_month", lang))
    )


def bidang_html(r: Review, lang: str) -> str:
    """Give the plan's totals by bidang."""
    from planning.actions.rules import bidang_ref

    ref = bidang_ref()
    rows = [
        (f"{code} {ref.name(code).text(lang)}", c, fmt_rupiah(c, lang))
        for code, c in sorted(r.totals.by_bidang.items(), key=lambda x: ref.order(x[0]))
    ]
    return bars(rows, colour_class="planning-c-accent", caption=t("actions.budget.by_bidang", lang))


def number_text(value: Any) -> str:
    """Give a stored number as a table shows it (no ``.0``).

    Examples
    --------
    >>> number_text(12.0), number_text(2.5), number_text(None)
    ('12', '2.5', '')
    """
    if value is None or value == "":
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def indicators_html(r: Review, lang: str) -> str:
    """Give the plan's indicators: what each measures, the change it expects, by when, and
    what it still lacks to be SMART (a tick when nothing)."""
    view = r.view
    missing: dict[str, list[str]] = {}
    for f in r.findings:
        if f.where_kind == "indicator":
            missing.setdefault(f.where_id, []).append(say(f.what, lang))
    keys = ("actions.logframe.ref", "field.indicators.name", "actions.indicator.measures",
            "actions.indicator.change", "field.indicators.target_date",
            "field.indicators.outcome", "actions.indicator.smart")  # fmt: skip
    rows = [
        [
            i.id,
            i.name,
            view.title(i.measures_id) or "-",
            f"{number_text(i.baseline) or '?'} → {number_text(i.target) or '?'} {i.unit}",
            i.target_date.isoformat() if i.target_date else "-",
            label("actions.outcome", i.outcome or "none", lang),
            "✓" if i.id not in missing else "✗ " + " ".join(missing[i.id]),
        ]
        for i in view.plan.indicators
    ]
    return table([t(k, lang) for k in keys], rows, caption=t("kind.indicators", lang))


def rules_about(rules: YearRules | None, lang: str) -> str:
    """Give the line saying whose Dana Desa rules of which year the plan follows, and whether
    they are still to be checked ("" when the file cannot be read)."""
    if rules is None:
        return ""
    words = t("actions.settings.rules_about", lang, year=rules.year, source=rules.cited(lang))
    if rules.check_before_use:
        words += " " + t("actions.settings.rules_unchecked", lang)
    return paragraph(words)
