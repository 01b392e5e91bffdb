"""Money: totals of a plan, the year's Dana Desa rules applied, and the ceiling (pagu indikatif).

All amounts are whole Rupiah (``int``); shares are compared exactly (``fractions.Fraction``).

Month totals spread an activity's cost evenly over the calendar months it touches (see
:func:`planning.actions.methods.model.spread_cost`): an activity from 20 January to 3 March
counts a third of its cost in each of January, February and March, the odd Rupiah going to the
earliest months.

Examples
--------
>>> from datetime import date
>>> from planning.actions.methods.model import Activity
>>> def act(id, cost, source, rank_need, votes=0):
...     return Activity(id, id, "", rank_need, "support", "2", "2.3", "tpk", (), "", 1, "unit",
...                     0, 0, 0, 0, date(2026, 1, 1), date(2026, 2, 28), cost, source,
...                     "swakelola", "village_budget", "agreed", votes)
>>> plan = [act("road", 60, "dana_desa", "n1"), act("well", 50, "dana_desa", "n2"),
...         act("bank", 30, "add", "n3")]
>>> budget_totals(plan).by_month
{'2026-01': 70, '2026-02': 70}
>>> sel = select_within_ceiling(plan, {"dana_desa": 100}, [Need("n1", "Road", 1),
...                              Need("n2", "Water", 2), Need("n3", "Savings", 3)])
>>> [a.id for a in sel.funded], [(o.activity.id, o.why.key) for o in sel.left_out]
(['road'], [('well', 'actions.left_out.over_ceiling'), ('bank', 'actions.left_out.no_ceiling')])
>>> sel.left_out[0].why.fields["over"]
10
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from planning.errors import Msg

from .model import Activity, Need, months_spanned, spread_cost
from .reference import Rule, YearRules
from .vocab import label_key


@dataclass(frozen=True)
class BudgetTotals:
    """Totals of a plan's costs; every mapping is ordered by its key."""

    total: int
    by_source: dict[str, int]
    by_bidang: dict[str, int]
    by_sub_bidang: dict[str, int]
    by_strategy: dict[str, int]
    by_need: dict[str, int]
    by_focus: dict[str, int]
    by_destination: dict[str, int]
    by_month: dict[str, int]


def _sorted(sums: Mapping[str, int]) -> dict[str, int]:
    return {k: sums[k] for k in sorted(sums)}


def budget_totals(
    activities: Iterable[Activity], *, destination: str | None = None
) -> BudgetTotals:
    """Add up costs by funding source, bidang, sub-bidang, strategy, need, Dana Desa focus
    (``""`` for none), destination and month (costs spread over the months spanned).
    ``destination`` keeps only the activities going there (``village_budget``, less those paid
    from outside it, or ``musrenbang``)."""
    sums: dict[str, dict[str, int]] = {
        k: defaultdict(int)
        for k in ("source", "bidang", "sub_bidang", "strategy", "need", "focus", "destination")
    }
    months: dict[str, int] = defaultdict(int)
    total = 0
    for a in activities:
        if destination is not None and a.destination != destination:
            continue
        if destination == "village_budget" and a.paid_outside:
            continue
        total += a.cost
        sums["source"][a.source] += a.cost
        sums["bidang"][a.bidang] += a.cost
        sums["sub_bidang"][a.sub_bidang] += a.cost
        sums["strategy"][a.strategy] += a.cost
        sums["need"][a.need] += a.cost
        sums["focus"][a.dd_focus] += a.cost
        sums["destination"][a.destination] += a.cost
        for month, part in spread_cost(a.cost, a.start, a.end).items():
            months[month] += part
    return BudgetTotals(
        total,
        _sorted(sums["source"]),
        _sorted(sums["bidang"]),
        _sorted(sums["sub_bidang"]),
        _sorted(sums["strategy"]),
        _sorted(sums["need"]),
        _sorted(sums["focus"]),
        _sorted(sums["destination"]),
        _sorted(months),
    )


# -- the year's rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class RuleReport:
    """How a plan stands against one of the year's rules.

    For a share rule: ``base`` is the funding source's ceiling (or planned total when no ceiling
    is given; ``base_from_ceiling`` says which), ``spent`` what the selected activities take from
    that source, ``limit`` the most (``max_share``, rounded down) or least (``min_share``, rounded
    up) allowed in Rupiah, ``ok`` whether it holds (a rule with a zero base holds). For the cap
    per household and month: ``limit`` is the cap and ``breaches`` lists
    ``(activity id, Rupiah per household per month rounded up or None without households,
    households, months, cost)`` for each selected activity over the cap or without households.
    A ``note`` or ``outside_share`` rule is only reported; a ``min_wage_share`` one lists
    ``wage_breaches``. Only rules in force are applied, and only to activities the village
    budget pays.
    """

    rule: Rule
    applies: tuple[str, ...]
    base: int
    base_from_ceiling: bool
    spent: int
    limit: int | None
    ok: bool
    breaches: tuple[tuple[str, int | None, int, int, int], ...] = ()
    wage_breaches: tuple[tuple[str, int, int, int], ...] = ()
    """For a least wage share: ``(activity id, wage, cost, least wage)`` of each selected
    activity whose wages are under the share of its cost."""


def mark_paid_outside(activities: Iterable[Activity], rules: YearRules | None) -> list[Activity]:
    """Mark each activity the year's rules pay from outside the village budget (an
    ``outside_share`` rule in force selecting it, on its funding source) with the rule's code.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from datetime import date
    >>> from planning.actions.methods.reference import load_year_rules, year_rules_path
    >>> from planning.actions.methods.model import Activity
    >>> kop = Activity("k", "Gerai koperasi", "", "n1", "support", "4", "4.5", "", (), "", 1,
    ...                "unit", 0, 0, 0, 0, date(2026, 5, 1), date(2026, 6, 30), 150_000_000,
    ...                "dana_desa", "swakelola", "village_budget", "agreed",
    ...                dd_focus="kopdes_merah_putih")
    >>> [a.paid_outside for a in mark_paid_outside([kop], load_year_rules(year_rules_path(2026)))]
    ['kopdes_outside']
    """
    from dataclasses import replace

    outside = rules.outside() if rules is not None else ()
    out = []
    for a in activities:
        rule = next((r for r in outside if r.of == a.source and r.selects(_selector(a))), None)
        out.append(replace(a, paid_outside=rule.code) if rule is not None else a)
    return out


def _selector(a: Activity) -> dict[str, str]:
    return {"dd_focus": a.dd_focus, "bidang": a.bidang, "sub_bidang": a.sub_bidang}


def apply_year_rules(
    activities: Sequence[Activity], rules: YearRules, ceilings: Mapping[str, int] | None = None
) -> list[RuleReport]:
    """Apply each of the year's rules to the activities funded from the rule's source.

    A BLT activity is one whose ``dd_focus`` the rule selects (``"blt"`` in the shipped file);
    its Rupiah per household per month is ``cost / (poor_households x months spanned)``.

    Examples
    --------
    >>> from datetime import date
    >>> from planning.actions.methods.reference import load_year_rules, year_rules_path
    >>> from planning.actions.methods.model import Activity
    >>> blt = Activity("blt", "BLT Desa", "", "n1", "support", "5", "5.3", "kades", (), "", 12,
    ...                "bulan", 0, 0, 10, 0, date(2026, 1, 1), date(2026, 12, 31), 37_200_000,
    ...                "dana_desa", "swakelola", "village_budget", "agreed", dd_focus="blt")
    >>> rules = load_year_rules(year_rules_path(2026))
    >>> cap = apply_year_rules([blt], rules)[0]
    >>> cap.ok, cap.breaches
    (False, (('blt', 310000, 10, 12, 37200000),))
    """
    ceilings = ceilings or {}
    reports: list[RuleReport] = []
    for rule in rules.in_force():
        funded = [a for a in activities if a.source == rule.of and a.in_village_budget]
        base_from_ceiling = rule.of in ceilings
        base = ceilings[rule.of] if base_from_ceiling else sum(a.cost for a in funded)
        chosen = [a for a in funded if rule.selects(_selector(a))]
        spent = sum(a.cost for a in chosen)
        ids = tuple(a.id for a in chosen)
        if rule.kind in ("note", "outside_share"):
            reports.append(RuleReport(rule, ids, base, base_from_ceiling, spent, None, True))
        elif rule.kind == "min_wage_share":
            assert rule.share is not None
            short = tuple(
                (a.id, a.wage, a.cost, math.ceil(rule.share * a.cost))
                for a in chosen
                if a.wage < rule.share * a.cost
            )
            reports.append(
                RuleReport(
                    rule, ids, base, base_from_ceiling, spent, None, not short, wage_breaches=short
                )
            )
        elif rule.kind == "max_per_household_month":
            breaches: list[tuple[str, int | None, int, int, int]] = []
            for a in chosen:
                months = len(months_spanned(a.start, a.end))
                if a.poor_households <= 0:
                    breaches.append((a.id, None, a.poor_households, months, a.cost))
                    continue
                per = Fraction(a.cost, a.poor_households * months)
                if per > (rule.amount or 0):
                    breaches.append((a.id, math.ceil(per), a.poor_households, months, a.cost))
            reports.append(
                RuleReport(
                    rule,
                    ids,
                    base,
                    base_from_ceiling,
                    spent,
                    rule.amount,
                    not breaches,
                    tuple(breaches),
                )
            )
        else:
            assert rule.share is not None
            exact = rule.share * base
            if rule.kind == "max_share":
                limit = math.floor(exact)
                ok = base == 0 or spent <= exact
            else:
                limit = math.ceil(exact)
                ok = base == 0 or spent >= exact
            reports.append(RuleReport(rule, ids, base, base_from_ceiling, spent, limit, ok))
    return reports


# -- the ceiling (pagu indikatif) -----------------------------------------------------------


@dataclass(frozen=True)
class LeftOut:
    """An activity the ceiling leaves out, and why (``actions.left_out.over_ceiling`` with
    ``over``, ``cost``, ``remaining``, ``ceiling``, ``source``; or
    ``actions.left_out.no_ceiling`` with ``source``)."""

    activity: Activity
    why: Msg


@dataclass(frozen=True)
class CeilingSelection:
    """What fits under the ceilings: ``funded`` and ``left_out`` in priority order,
    ``remaining`` Rupiah per funding source with a ceiling."""

    funded: tuple[Activity, ...]
    left_out: tuple[LeftOut, ...]
    remaining: dict[str, int]


def priority_order(activities: Iterable[Activity], priority: Iterable[Need]) -> list[Activity]:
    """Order activities by their need's rank (unranked needs last), then most votes, then id."""
    rank = {n.id: n.rank for n in priority}
    unranked = max(rank.values(), default=0) + 1
    return sorted(activities, key=lambda a: (rank.get(a.need, unranked), -a.votes, a.id))


def select_within_ceiling(
    activities: Iterable[Activity],
    ceilings: Mapping[str, int],
    priority: Iterable[Need],
    *,
    destination: str | None = "village_budget",
) -> CeilingSelection:
    """Take activities in priority order (need rank, then votes) while each still fits under
    its funding source's ceiling; one that does not fit is left out and the next is tried.

    Every left-out activity says why: over its source's ceiling by how much (what it costs
    minus what is left of the ceiling when its turn came), or no ceiling set for its source.
    The ceiling is the village's own (pagu indikatif; give the part the village plans, see
    :meth:`~planning.actions.methods.reference.YearRules.village_ceilings`), so only activities
    the village budget pays are weighed (``destination=None`` weighs them all); Musrenbang
    proposals and activities paid from outside are neither funded nor left out here.
    """
    remaining = {source: int(amount) for source, amount in ceilings.items()}
    funded: list[Activity] = []
    left: list[LeftOut] = []
    chosen = [
        a
        for a in activities
        if destination is None or (a.destination == destination and not a.paid_outside)
    ]
    for a in priority_order(chosen, priority):
        source = Msg(label_key("source", a.source))
        if a.source not in remaining:
            left.append(LeftOut(a, Msg("actions.left_out.no_ceiling", source=source)))
        elif a.cost <= remaining[a.source]:
            remaining[a.source] -= a.cost
            funded.append(a)
        else:
            why = Msg(
                "actions.left_out.over_ceiling",
                over=a.cost - remaining[a.source],
                cost=a.cost,
                remaining=remaining[a.source],
                ceiling=ceilings[a.source],
                source=source,
            )
            left.append(LeftOut(a, why))
    return CeilingSelection(tuple(funded), tuple(left), remaining)
