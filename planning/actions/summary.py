"""The action plan as plain data (``planning summary --json``) and as readable lines.

Activities, objectives, indicators and risks are named by their title and their short reference
(``A01``...); needs and actors by name; codes (strategies, sources, modes) as codes; amounts in
whole Rupiah; days as ``YYYY-MM-DD``. Findings and reasons are written in the workshop's
language. No pandas here: the summary stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planning.actions.assessment import Review, review
from planning.actions.methods.vocab import STRATEGIES
from planning.actions.reports import report_counts, report_lines
from planning.actions.words import say
from planning.i18n import fmt_rupiah, t
from planning.store import Workshop

if TYPE_CHECKING:
    from planning.actions.methods.allocation import Allocation


def _names(r: Review, ids: Any) -> list[str]:
    return [r.view.title(i) for i in ids]


def _allocation(r: Review, a: Allocation) -> dict[str, Any]:
    return {
        "funded": _names(r, a.funded),
        "refs": list(a.funded),
        "spent": a.spent,
        "left": a.left,
    }


def actions_part(ws: Workshop, r: Review | None = None) -> dict[str, Any]:
    """Give the action plan as plain data: the settings, activities with their need, strategy,
    bidang, lead, partners and budget, objectives, indicators and risks, the totals, every
    finding, the year's rules, the ceiling selection and the vote-based allocations."""
    r = r or review(ws)
    v = r.view
    lang = ws.lang
    p = v.plan
    rules = v.rules
    out: dict[str, Any] = {
        "year": v.config.year,
        "rules_file": v.config.rules_file,
        "rules_year": rules.year if rules else None,
        "rules_checked": bool(rules) and not rules.check_before_use,  # type: ignore[union-attr]
        "top_n": v.config.top_n,
        "priority_needs": [v.title(n) for n in v.top],
        "objectives": [
            {"ref": o.id, "text": o.text, "need": v.title(o.need), "level": o.level}
            for o in p.objectives
        ],
        "activities": [
            {
                "ref": a.id,
                "title": a.title,
                "need": v.title(a.need) if a.need else None,
                "objective": v.title(a.objective) if a.objective else None,
                "strategy": a.strategy,
                "bidang": a.bidang,
                "sub_bidang": a.sub_bidang,
                "dd_focus": a.dd_focus or None,
                "lead": v.title(a.lead) if a.lead else None,
                "partners": _names(r, a.partners),
                "dusun": a.dusun,
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
                "cost": a.cost,
                "source": a.source,
                "mode": a.mode,
                "destination": a.destination,
                "status": a.status,
                "votes": a.votes,
                "wage": a.wage,
                "implementer": a.implementer or None,
                "authority": a.authority or None,
                "budget_part": a.budget_part,
                "paid_from_outside": bool(a.paid_outside),
                "beneficiaries": {
                    "men": a.men,
                    "women": a.women,
                    "poor_households": a.poor_households,
                    "pkh_families": a.pkh_families,
                },
            }
            for a in p.activities
        ],
        "indicators": [
            {
                "ref": i.id,
                "name": i.name,
                "measures": v.title(i.measures_id),
                "unit": i.unit,
                "baseline": i.baseline,
                "target": i.target,
                "target_date": i.target_date.isoformat() if i.target_date else None,
                "verification": i.verification,
                "outcome": i.outcome or None,
            }
            for i in p.indicators
        ],
        "risks": [
            {
                "ref": k.id,
                "text": k.text,
                "on": v.title(k.on_id),
                "likelihood": k.likelihood,
                "impact": k.impact,
                "mitigation": k.mitigation,
            }
            for k in p.risks
        ],
        "village_reports": report_counts(ws),
        "totals": {
            "total": r.totals.total,
            "village_budget": r.village.total,
            "village_by_source": r.village.by_source,
            "paid_from_outside": sum(a.cost for a in p.activities if a.paid_outside),
            "musrenbang": r.totals.by_destination.get("musrenbang", 0),
            "by_source": r.totals.by_source,
            "by_bidang": r.totals.by_bidang,
            "by_strategy": r.totals.by_strategy,
            "by_need": {v.title(n) if n else "": c for n, c in r.totals.by_need.items()},
            "by_month": r.totals.by_month,
        },
        "ceilings": {
            source: {
                "ceiling": amount,
                "village_part": v.village_ceilings.get(source, amount),
                "planned": r.village.by_source.get(source, 0),
                "left_after_selection": r.selection.remaining.get(source, amount),
            }
            for source, amount in v.ceilings.items()
        },
        "rules": [
            {
                "rule": rep.rule.code,
                "kind": rep.rule.kind,
                "source": rep.rule.of,
                "ok": rep.ok,
                "base": rep.base,
                "spent": rep.spent,
                "limit": rep.limit,
                "activities": _names(r, rep.applies),
                "verified": rep.rule.verified,
            }
            for rep in r.reports
        ],
        "findings": [
            {
                "check": f.check,
                "severity": f.severity,
                "where": f.where_kind,
                "about": v.title(f.where_id) if f.where_id in v.titles else f.where_id,
                "what": say(f.what, lang),
                "fix": say(f.fix, lang),
                "options": _names(r, f.options),
            }
            for f in r.findings
        ],
        "selection": {
            "funded": [a.title for a in r.funded],
            "funded_total": sum(a.cost for a in r.funded),
            "left_out": [
                {"activity": o.activity.title, "why": say(o.why, lang)}
                for o in r.selection.left_out
            ],
            "remaining": r.selection.remaining,
        },
        "votes": {
            "ballot": v.config.ballot,
            "voters": v.voters,
            "budget": r.vote_budget,
            "note": say(r.allocation_note, lang) if r.allocation_note else None,
        },
        "raci": {
            "accountable": v.title(v.accountable) if v.accountable else None,
            "rows": [
                {"activity": row.title, "roles": {v.title(a): x for a, x in row.roles.items()}}
                for row in r.raci.rows
            ],
        },
    }
    if r.allocation is not None:
        c = r.allocation
        out["votes"] |= {
            "equal_shares": _allocation(r, c.equal_shares),
            "greedy": _allocation(r, c.greedy),
            "only_equal_shares": _names(r, c.only_equal_shares),
            "only_greedy": _names(r, c.only_greedy),
            "rows": [
                {
                    "activity": row.title,
                    "cost": row.cost,
                    "support": row.support,
                    "voters": row.voters,
                    "equal_shares": row.by_equal_shares,
                    "greedy": row.by_greedy,
                }
                for row in c.rows
                if row.support
            ],
        }
    return out


def actions_text(data: dict[str, Any], lang: str) -> list[str]:
    """Give the action plan part of the summary as readable lines."""
    lines = [t("actions.summary.title", lang, year=data["year"])]
    if not data["activities"]:
        return [*lines, "  " + t("actions.summary.none", lang)]
    totals = data["totals"]
    lines.append(
        "  "
        + t(
            "actions.summary.totals",
            lang,
            count=len(data["activities"]),
            total=fmt_rupiah(totals["total"], lang),
            village=fmt_rupiah(totals["village_budget"], lang),
            musrenbang=fmt_rupiah(totals["musrenbang"], lang),
        )
    )
    lines.append("  " + t("actions.budget.by_strategy", lang) + ":")
    for strategy in STRATEGIES:
        amount = totals["by_strategy"].get(strategy, 0)
        lines.append(f"    {t('actions.strategy.' + strategy, lang)}: {fmt_rupiah(amount, lang)}")
    lines.append("  " + t("actions.summary.by_source", lang))
    for source, amount in totals["village_by_source"].items():
        ceiling = data["ceilings"].get(source)
        shown = fmt_rupiah(amount, lang)
        if ceiling:
            shown += " / " + t(
                "actions.summary.ceiling", lang, amount=fmt_rupiah(ceiling["ceiling"], lang)
            )
            if ceiling["village_part"] != ceiling["ceiling"]:
                part = fmt_rupiah(ceiling["village_part"], lang)
                shown += " " + t("actions.summary.village_part", lang, amount=part)
        named = t(f"actions.source.{source}" if source else "actions.to_complete", lang)
        lines.append(f"    {named}: {shown}")
    lines += ["  " + x for x in report_lines(data.get("village_reports", {}), lang)]
    counts = {
        s: sum(f["severity"] == s for f in data["findings"]) for s in ("error", "warning", "info")
    }
    lines.append("  " + t("actions.summary.findings", lang, **counts))
    for f in data["findings"]:
        if f["severity"] == "error":
            lines.append(f"    - {f['what']}")
    funded = fmt_rupiah(data["selection"]["funded_total"], lang)
    lines.append("  " + t("actions.summary.funded", lang, total=funded))
    if data["selection"]["left_out"]:
        lines.append("  " + t("actions.summary.left_out", lang))
        for o in data["selection"]["left_out"]:
            lines.append(f"    - {o['activity']}: {o['why']}")
    votes = data["votes"]
    if "equal_shares" in votes:
        for rule in ("equal_shares", "greedy"):
            funded = ", ".join(votes[rule]["funded"]) or "-"
            lines.append(f"  {t('actions.allocation.' + rule, lang)}: {funded}")
    elif votes["note"]:
        lines.append("  " + votes["note"])
    return lines
