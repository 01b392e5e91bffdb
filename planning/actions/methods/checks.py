"""Checks of an action plan: each gives findings that say what is missing, where, and the fix.

A :class:`Finding` names its check, a severity (``error``: the plan is wrong or breaks a rule;
``warning``: a gap to close; ``info``: something to know), the kind and id of the record it is
about (``where_kind``: need, activity, strategy, indicator, outcome, objective, risk, rule, or
rules for the year file as a whole), and two :class:`planning.errors.Msg`: ``what`` (catalogue
key ``actions.finding.<check>``) and ``fix`` (``actions.fix.<check>``), holding raw values
only. The stage's catalogues (``planning/actions/locales``) hold every key's words in English
and Indonesian; ``planning.actions.words.say`` writes Rupiah and dates for the language.

Examples
--------
>>> from datetime import date
>>> from planning.actions.methods.model import Activity
>>> a = Activity("a1", "Posyandu class", "", "n1", "training", "2", "2.2", "bidan", (), "Dusun I",
...              1, "class", 0, 20, 5, 3, date(2026, 5, 1), date(2026, 4, 1), 1_000_000,
...              "dana_desa", "swakelola", "village_budget", "agreed")
>>> [f.check for f in check_dates([a], 2026)]
['end_before_start']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planning.errors import Msg

from .budget import RuleReport, apply_year_rules
from .model import Activity, Indicator, MapInfo, Need, Plan
from .reference import BidangRef, YearRules
from .vocab import (
    BUDGET_PARTS,
    DESTINATIONS,
    FUNDING_SOURCES,
    LEVELS,
    LIKELIHOOD_IMPACT,
    MEASURES_KINDS,
    MODES,
    OUTCOMES,
    PERCENT_UNITS,
    STATUSES,
    STRATEGIES,
    label_key,
)


@dataclass(frozen=True)
class Finding:
    """One thing a check found. ``options`` lists ids a person may pick to fix it (the map's
    suggested actors for a lead without a path to the community)."""

    check: str
    severity: str
    where_kind: str
    where_id: str
    what: Msg
    fix: Msg
    options: tuple[str, ...] = ()


def _finding(
    check: str,
    where_kind: str,
    where_id: str,
    what: Mapping[str, object],
    fix: Mapping[str, object] | None = None,
    *,
    severity: str = "warning",
    fix_key: str | None = None,
    options: tuple[str, ...] = (),
) -> Finding:
    """Give a finding of ``check`` on one record; its fix's words take ``what`` unless told."""
    return Finding(
        check,
        severity,
        where_kind,
        where_id,
        Msg(f"actions.finding.{check}", **what),
        Msg(fix_key or f"actions.fix.{check}", **(what if fix is None else fix)),
        options,
    )


def _about(check: str, where_kind: str, where_id: str, name: object, **what: object) -> Finding:
    """Give a warning of ``check`` on one record, named in its words and its fix's as
    ``where_kind`` (the need, the activity...); ``what`` says the rest of what was found."""
    return _finding(check, where_kind, where_id, {where_kind: name, **what}, {where_kind: name})


def _label(group: str, code: str) -> Msg:
    return Msg(label_key(group, code))


# -- traceability ---------------------------------------------------------------------------


def check_needs_covered(
    needs: Iterable[Need], activities: Iterable[Activity], *, top_n: int | None = None
) -> list[Finding]:
    """Every priority need (the ``top_n`` best ranked, or all) has at least one activity."""
    covered = {a.need for a in activities}
    ranked = sorted(needs, key=lambda n: (n.rank, n.id))
    if top_n is not None:
        ranked = ranked[:top_n]
    return [
        _about("need_without_activity", "need", n.id, n.title, rank=n.rank)
        for n in ranked
        if n.id not in covered
    ]


def check_activity_links(
    activities: Iterable[Activity],
    needs: Iterable[Need],
    indicators: Iterable[Indicator],
) -> list[Finding]:
    """Every activity traces to a known need and to at least one indicator, on the activity
    itself or on its objective."""
    need_ids = {n.id for n in needs}
    measured = {(i.measures_kind, i.measures_id) for i in indicators}
    found: list[Finding] = []
    for a in activities:
        if a.need not in need_ids:
            found.append(_about("activity_without_need", "activity", a.id, a.title, need=a.need))
        if ("activity", a.id) not in measured and (
            not a.objective or ("objective", a.objective) not in measured
        ):
            found.append(_about("activity_without_indicator", "activity", a.id, a.title))
    return found


def check_actors(
    activities: Iterable[Activity], map_info: MapInfo, needs: Iterable[Need] = ()
) -> list[Finding]:
    """Every activity has a lead; every lead and partner is on the map; a lead with no path to
    any community group is flagged, offering the map's suggestions for the activity's need."""
    titles = {n.id: n.title for n in needs}
    found: list[Finding] = []
    for a in activities:
        if not a.lead:
            found.append(_about("activity_without_lead", "activity", a.id, a.title))
        roles = ([(a.lead, "lead")] if a.lead else []) + [(p, "partner") for p in a.partners]
        for actor, role in roles:
            if actor not in map_info.actors:
                found.append(
                    _finding(
                        "actor_not_on_map",
                        "activity",
                        a.id,
                        {"activity": a.title, "actor": actor, "role": _label("role", role)},
                        {"actor": actor},
                    )
                )
        lead = a.lead
        if not lead or lead not in map_info.actors:
            continue
        if map_info.reaches_community.get(lead, lead in map_info.community_groups):
            continue
        offered = tuple(
            s for s in map_info.suggestions.get(a.need, []) if s != lead and s in map_info.actors
        )
        what = {"activity": a.title, "lead": map_info.name(lead)}
        if offered:
            fix: dict[str, object] = {
                "lead": map_info.name(lead),
                "need": titles.get(a.need, a.need),
                "suggestions": [map_info.name(s) for s in offered],
            }
            found.append(
                _finding(
                    "lead_without_community_path", "activity", a.id, what, fix, options=offered
                )
            )
        else:
            found.append(
                _finding(
                    "lead_without_community_path",
                    "activity",
                    a.id,
                    what,
                    {"lead": map_info.name(lead)},
                    fix_key="actions.fix.lead_without_community_path_none",
                )
            )
    return found


def check_strategies(activities: Iterable[Activity]) -> list[Finding]:
    """Each of the four strategies has at least one activity."""
    used = {a.strategy for a in activities}
    return [
        _about("strategy_without_activity", "strategy", s, _label("strategy", s))
        for s in STRATEGIES
        if s not in used
    ]


def check_traceability(plan: Plan, *, top_n: int | None = None) -> list[Finding]:
    """All traceability checks: needs covered, activity links, actors, strategies."""
    return [
        *check_needs_covered(plan.needs, plan.activities, top_n=top_n),
        *check_activity_links(plan.activities, plan.needs, plan.indicators),
        *check_actors(plan.activities, plan.map_info, plan.needs),
        *check_strategies(plan.activities),
    ]


# -- indicators -----------------------------------------------------------------------------

INDICATOR_PARTS = ("unit", "baseline", "target", "target_date", "verification")
"""What an indicator needs to be SMART enough, in the order findings name them."""


def is_percent(unit: str) -> bool:
    """Tell whether an indicator unit is a percentage."""
    return unit.strip().lower() in PERCENT_UNITS


def check_indicators(indicators: Iterable[Indicator]) -> list[Finding]:
    """Indicators SMART enough: unit, baseline, target, target date and means of verification
    given; target differs from baseline; a percentage target not over 100; every outcome has at
    least one indicator."""
    found: list[Finding] = []
    shown: set[str] = set()
    for ind in indicators:
        if ind.outcome:
            shown.add(ind.outcome)
        missing = {
            "unit": not ind.unit.strip(),
            "baseline": ind.baseline is None,
            "target": ind.target is None,
            "target_date": ind.target_date is None,
            "verification": not ind.verification.strip(),
        }
        for part in INDICATOR_PARTS:
            if missing[part]:
                found.append(
                    _finding(
                        "indicator_missing",
                        "indicator",
                        ind.id,
                        {"indicator": ind.name, "part": _label("indicator_part", part)},
                    )
                )
        if ind.target is not None and ind.baseline is not None and ind.target == ind.baseline:
            found.append(
                _about("indicator_no_change", "indicator", ind.id, ind.name, value=ind.target)
            )
        if ind.target is not None and is_percent(ind.unit) and ind.target > 100:
            found.append(
                _about(
                    "indicator_percent_over_100", "indicator", ind.id, ind.name, target=ind.target
                )
            )
    for outcome in OUTCOMES:
        if outcome not in shown:
            found.append(
                _about("outcome_without_indicator", "outcome", outcome, _label("outcome", outcome))
            )
    return found


# -- dates ----------------------------------------------------------------------------------


def check_dates(activities: Iterable[Activity], year: int) -> list[Finding]:
    """An activity does not end before it starts, and runs within the plan's year: an error
    for what the village budget pays (an APBDes holds one fiscal year), a warning for a
    proposal upwards."""
    found: list[Finding] = []
    for a in activities:
        if a.end < a.start:
            found.append(
                _finding(
                    "end_before_start",
                    "activity",
                    a.id,
                    {"activity": a.title, "start": a.start, "end": a.end},
                    {"activity": a.title},
                    severity="error",
                )
            )
        if a.start.year != year or a.end.year != year:
            found.append(
                _finding(
                    "outside_plan_year",
                    "activity",
                    a.id,
                    {"activity": a.title, "start": a.start, "end": a.end, "year": year},
                    {"activity": a.title, "year": year},
                    severity="error" if a.in_village_budget else "warning",
                )
            )
    return found


# -- codes and references -------------------------------------------------------------------


def _code(
    kind: str, item_id: str, item: str, part: str, value: object, allowed: Sequence[object]
) -> Finding | None:
    if value in allowed:
        return None
    if value == "" and part in ("strategy", "source", "bidang", "sub_bidang"):
        return _finding(  # left for the facilitator (a trainee's form does not ask it)
            "to_complete", kind, item_id, {"item": item, "part": _label("part", part)},
            {"item": item, "part": _label("part", part)}, severity="warning",
        )  # fmt: skip
    return _finding(
        "unknown_code",
        kind,
        item_id,
        {"item": item, "part": _label("part", part), "value": value},
        {"part": _label("part", part), "allowed": [str(v) for v in allowed]},
        severity="error",
    )


def _reference(kind: str, item_id: str, item: str, part: str, value: str) -> Finding:
    return _finding(
        "unknown_reference",
        kind,
        item_id,
        {"item": item, "part": _label("part", part), "value": value},
        {"part": _label("part", part)},
        severity="error",
    )


def check_codes(plan: Plan, bidang: BidangRef, focus_codes: Sequence[str] = ()) -> list[Finding]:
    """Every code is one the stage knows (strategy, source, mode, destination, status, bidang,
    sub-bidang within its bidang, Dana Desa focus when ``focus_codes`` is given, levels,
    outcomes, risk scores), every reference points at a record, and no count or cost is
    negative."""
    found: list[Finding | None] = []
    objective_ids = {o.id for o in plan.objectives}
    activity_ids = {a.id for a in plan.activities}
    need_ids = {n.id for n in plan.needs}
    for a in plan.activities:
        for part, value, allowed in (
            ("strategy", a.strategy, STRATEGIES),
            ("source", a.source, FUNDING_SOURCES),
            ("mode", a.mode, MODES),
            ("destination", a.destination, DESTINATIONS),
            ("budget_part", a.budget_part, BUDGET_PARTS),
            ("status", a.status, STATUSES),
            ("bidang", a.bidang, list(bidang.bidang)),
            ("sub_bidang", a.sub_bidang, list(bidang.sub_bidang)),
        ):
            found.append(_code("activity", a.id, a.title, part, value, allowed))
        if focus_codes and a.dd_focus:
            found.append(_code("activity", a.id, a.title, "dd_focus", a.dd_focus, focus_codes))
        sub = bidang.sub_bidang.get(a.sub_bidang)
        if sub is not None and a.bidang in bidang.bidang and sub[0] != a.bidang:
            found.append(
                _finding(
                    "sub_bidang_mismatch",
                    "activity",
                    a.id,
                    {"activity": a.title, "bidang": a.bidang, "sub_bidang": a.sub_bidang},
                    {"activity": a.title, "bidang": sub[0]},
                    severity="error",
                )
            )
        if a.objective and a.objective not in objective_ids:
            found.append(_reference("activity", a.id, a.title, "objective", a.objective))
        for part, number in (
            ("cost", a.cost),
            ("volume", a.volume),
            ("men", a.men),
            ("women", a.women),
            ("poor_households", a.poor_households),
            ("pkh_families", a.pkh_families),
            ("wage", a.wage),
            ("votes", a.votes),
        ):
            if number < 0:
                found.append(
                    _finding(
                        "negative_number",
                        "activity",
                        a.id,
                        {"item": a.title, "part": _label("part", part), "value": number},
                        {"part": _label("part", part)},
                        severity="error",
                    )
                )
    for o in plan.objectives:
        found.append(_code("objective", o.id, o.text, "level", o.level, LEVELS))
        if o.need not in need_ids:
            found.append(_reference("objective", o.id, o.text, "need", o.need))
    targets = {"activity": activity_ids, "objective": objective_ids}
    for i in plan.indicators:
        found.append(
            _code("indicator", i.id, i.name, "measures_kind", i.measures_kind, MEASURES_KINDS)
        )
        if i.outcome:
            found.append(_code("indicator", i.id, i.name, "outcome", i.outcome, OUTCOMES))
        if i.measures_kind in targets and i.measures_id not in targets[i.measures_kind]:
            found.append(_reference("indicator", i.id, i.name, "measures_id", i.measures_id))
    for r in plan.risks:
        found.append(_code("risk", r.id, r.text, "on_kind", r.on_kind, MEASURES_KINDS))
        found.append(_code("risk", r.id, r.text, "likelihood", r.likelihood, LIKELIHOOD_IMPACT))
        found.append(_code("risk", r.id, r.text, "impact", r.impact, LIKELIHOOD_IMPACT))
        if r.on_kind in targets and r.on_id not in targets[r.on_kind]:
            found.append(_reference("risk", r.id, r.text, "on_id", r.on_id))
    return [f for f in found if f is not None]


# -- the year's Dana Desa rules -------------------------------------------------------------


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _share_pct(report: RuleReport) -> float | int:
    assert report.rule.share is not None
    pct = report.rule.share * 100
    return int(pct) if pct.denominator == 1 else float(pct)


def _unverified(found: Finding) -> Finding:
    """Give a finding of a rule not checked against its regulation's text as a warning that
    says so."""
    what = Msg("actions.finding.unverified_rule", finding=found.what)
    return Finding(found.check, "warning", found.where_kind, found.where_id, what, found.fix)


def findings_from_rules(reports: Iterable[RuleReport], titles: Mapping[str, str]) -> list[Finding]:
    """Turn the rule reports of :func:`planning.actions.methods.budget.apply_year_rules` into
    findings (one per broken share rule, one per BLT activity over the cap or without
    households, one per padat karya activity whose wages are under the least share): an error
    for a verified rule, a warning saying so for an unverified one."""
    found: list[Finding] = []
    for rep in reports:
        mine = _rule_findings(rep, titles)
        found += mine if rep.rule.verified else [_unverified(f) for f in mine]
    return found


def _rule_findings(rep: RuleReport, titles: Mapping[str, str]) -> list[Finding]:
    found: list[Finding] = []
    rule = rep.rule
    if rule.kind == "min_wage_share":
        assert rule.share is not None
        for activity, wage, cost, least in rep.wage_breaches:
            title = titles.get(activity, activity)
            found.append(
                _finding(
                    "wage_under_share",
                    "activity",
                    activity,
                    {
                        "activity": title,
                        "wage": wage,
                        "cost": cost,
                        "share": int(rule.share * 100),
                        "least": least,
                    },
                    {"activity": title, "least": least},
                    severity="error",
                )
            )
        return found
    if rule.kind == "max_per_household_month":
        for activity, per_month, households, months, cost in rep.breaches:
            title = titles.get(activity, activity)
            if per_month is None:
                found.append(
                    _finding(
                        "blt_no_households",
                        "activity",
                        activity,
                        {"activity": title, "rule": rule.named()},
                        {"activity": title},
                        severity="error",
                    )
                )
                continue
            found.append(
                _finding(
                    "blt_over_cap",
                    "activity",
                    activity,
                    {
                        "activity": title,
                        "rule": rule.named(),
                        "per_month": per_month,
                        "cap": rule.amount,
                        "households": households,
                        "months": months,
                        "cost": cost,
                    },
                    {
                        "activity": title,
                        "cost_at_cap": (rule.amount or 0) * households * months,
                        "cap": rule.amount,
                    },
                    severity="error",
                )
            )
        return found
    if rep.ok or rep.limit is None or rule.kind not in ("max_share", "min_share"):
        return found
    check = "rule_over_share" if rule.kind == "max_share" else "rule_under_share"
    gap = rep.spent - rep.limit if rule.kind == "max_share" else rep.limit - rep.spent
    found.append(
        _finding(
            check,
            "rule",
            rule.code,
            {
                "rule": rule.named(),
                "source": _label("source", rule.of),
                "spent": rep.spent,
                "percent": _percent(rep.spent, rep.base),
                "share": _share_pct(rep),
                "base": rep.base,
                "limit": rep.limit,
            },
            {"rule": rule.named(), "gap": gap, "source": _label("source", rule.of)},
            severity="error",
        )
    )
    return found


def check_year_rules(
    activities: Sequence[Activity],
    rules: YearRules,
    ceilings: Mapping[str, int] | None = None,
) -> list[Finding]:
    """Apply the year's Dana Desa rules and give a finding for each broken one, plus one
    ``info`` finding when the rules file still says it must be checked before use."""
    titles = {a.id: a.title for a in activities}
    found = findings_from_rules(apply_year_rules(activities, rules, ceilings), titles)
    if rules.check_before_use or not all(r.verified for r in rules.rules):
        found.append(
            _finding(
                "year_rules_unverified",
                "rules",
                str(rules.year),
                {"year": rules.year, "source": rules.citation()},
                {"year": rules.year},
                severity="info",
            )
        )
    return found


# -- the ceilings ---------------------------------------------------------------------------


def check_ceilings(activities: Iterable[Activity], ceilings: Mapping[str, int]) -> list[Finding]:
    """No funding source's planned village-budget total exceeds the part of its ceiling the
    village plans: an error naming the source, what is planned and the ceiling.

    Examples
    --------
    >>> from datetime import date
    >>> a = Activity("a1", "Jalan", "", "n1", "support", "2", "2.3", "", (), "", 1, "m", 0, 0,
    ...              0, 0, date(2026, 5, 1), date(2026, 6, 1), 120, "dana_desa", "swakelola",
    ...              "village_budget", "agreed")
    >>> found = check_ceilings([a], {"dana_desa": 100})
    >>> [(f.check, f.severity, f.what.fields["over"]) for f in found]
    [('ceiling_overspent', 'error', 20)]
    """
    planned: dict[str, int] = {}
    for a in activities:
        if a.in_village_budget:
            planned[a.source] = planned.get(a.source, 0) + a.cost
    found = []
    for source, ceiling in ceilings.items():
        spent = planned.get(source, 0)
        if spent > ceiling:
            what = {
                "source": _label("source", source),
                "planned": spent,
                "ceiling": ceiling,
                "over": spent - ceiling,
            }
            found.append(
                _finding("ceiling_overspent", "source", source, what, what, severity="error")
            )
    return found


# -- everything -----------------------------------------------------------------------------


def check_plan(
    plan: Plan,
    *,
    bidang: BidangRef | None = None,
    rules: YearRules | None = None,
    ceilings: Mapping[str, int] | None = None,
    top_n: int | None = None,
) -> list[Finding]:
    """Run every check on a plan: traceability, indicators, dates, codes (with ``bidang``,
    default the shipped list), the ceilings (the part the village plans, after what the year's
    rules pay from outside) and, when ``rules`` are given, the year's Dana Desa rules."""
    from .reference import load_bidang

    ref = bidang if bidang is not None else load_bidang()
    focus = [p.code for p in rules.priorities] if rules is not None else []
    found = [
        *check_traceability(plan, top_n=top_n),
        *check_indicators(plan.indicators),
        *check_dates(plan.activities, plan.year),
        *check_codes(plan, ref, focus),
    ]
    ceilings = ceilings or {}
    village = rules.village_ceilings(ceilings) if rules is not None else dict(ceilings)
    found += check_ceilings(plan.activities, village)
    if rules is not None:
        found += check_year_rules(plan.activities, rules, ceilings)
    return found
