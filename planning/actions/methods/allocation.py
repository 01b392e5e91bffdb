"""Vote-based allocations of a budget, computed by pabutools (the rules are not written here).

Ballots are per voter: approvals (a collection of activity ids) or dot votes (activity id ->
dots). Two rules are run on the same ballots and budget and shown side by side:

* the Method of Equal Shares with completion: pabutools' ``method_of_equal_shares`` with
  ``voter_budget_increment`` (each voter's share raised in steps of 1% of the first share, at
  least Rp1, until the outcome would no longer fit the budget, the "Add1" completion of
  equalshares.net), then ``greedy_utilitarian_welfare`` on what is left, chained by
  ``completion_by_rule_combination``;
* the greedy utilitarian rule: ``greedy_utilitarian_welfare``, fund by most support per Rupiah
  of satisfaction while it fits.

Satisfaction: with approvals, a voter's satisfaction from a funded activity is its cost
(``Cost_Sat``, as equalshares.net does), so greedy funds the most approved first; with dots it is
the dots given (``Additive_Cardinal_Sat``), so greedy funds the most dots per Rupiah first.
Costs and the budget are whole Rupiah and pabutools keeps its fractions exact (gmpy2). Ties go
to the smaller activity id (pabutools' lexicographic tie-breaking). An activity nobody voted for
is not put to the rules (pabutools' greedy would fund it with money left over).

Examples
--------
>>> from datetime import date
>>> from planning.actions.methods.model import Activity
>>> def act(id, cost):
...     return Activity(id, id.upper(), "", "n1", "support", "2", "2.3", "tpk", (), "", 1, "unit",
...                     0, 0, 0, 0, date(2026, 1, 1), date(2026, 2, 28), cost, "dana_desa",
...                     "swakelola", "village_budget", "agreed")
>>> acts = [act("a1", 50), act("a2", 50), act("c", 50)]
>>> ballots = {f"v{i}": ["a1", "a2"] for i in range(6)} | {f"w{i}": ["c"] for i in range(4)}
>>> cmp = compare_allocations(acts, ballots, 100)
>>> cmp.equal_shares.funded, cmp.greedy.funded
(('a1', 'c'), ('a1', 'a2'))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planning.errors import Msg, ValidationError

from .model import Activity

RULES = ("equal_shares", "greedy")


@dataclass(frozen=True)
class Allocation:
    """What one rule funds: activity ids in the order the activities were given, what they
    cost together, and the budget."""

    rule: str
    funded: tuple[str, ...]
    spent: int
    budget: int

    @property
    def left(self) -> int:
        """Rupiah of the budget not spent."""
        return self.budget - self.spent


@dataclass(frozen=True)
class ComparisonRow:
    """One activity in the side-by-side comparison: its support (approvals or dots) and
    whether each rule funds it."""

    activity: str
    title: str
    cost: int
    support: int
    voters: int
    by_equal_shares: bool
    by_greedy: bool


@dataclass(frozen=True)
class AllocationComparison:
    """The two rules side by side on the same ballots and budget."""

    budget: int
    dots: bool
    equal_shares: Allocation
    greedy: Allocation
    rows: tuple[ComparisonRow, ...]

    @property
    def only_equal_shares(self) -> tuple[str, ...]:
        """Activities only the Method of Equal Shares funds."""
        return tuple(r.activity for r in self.rows if r.by_equal_shares and not r.by_greedy)

    @property
    def only_greedy(self) -> tuple[str, ...]:
        """Activities only the greedy rule funds."""
        return tuple(r.activity for r in self.rows if r.by_greedy and not r.by_equal_shares)


Ballots = Mapping[str, Collection[str]] | Mapping[str, Mapping[str, int]]


def _is_dots(ballots: Mapping[str, Any]) -> bool:
    kinds = {isinstance(b, Mapping) for b in ballots.values()}
    if len(kinds) > 1:
        raise ValidationError(
            field=Msg("field.actions.ballots"),
            value="approvals + dots",
            allowed=Msg("actions.allowed.one_ballot_kind"),
        )
    return kinds == {True}


def _clean(
    activities: Iterable[Activity], ballots: Mapping[str, Any], budget: int
) -> tuple[list[Activity], dict[str, dict[str, int]], bool]:
    """Check the inputs and give ballots as voter -> {activity id: weight}."""
    acts = list(activities)
    ids = {a.id for a in acts}
    if len(ids) != len(acts):
        counts = Counter(a.id for a in acts)
        twice = next(a.id for a in acts if counts[a.id] > 1)
        raise ValidationError(
            field=Msg("field.actions.activity"),
            value=twice,
            allowed=Msg("actions.allowed.unique_id"),
        )
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 0:
        raise ValidationError(
            field=Msg("field.actions.budget"),
            value=budget,
            allowed=Msg("allowed.whole_number_from", low=0),
        )
    for a in acts:
        if isinstance(a.cost, bool) or not isinstance(a.cost, int) or a.cost < 0:
            raise ValidationError(
                field=Msg("field.actions.cost"),
                value=a.cost,
                allowed=Msg("allowed.whole_number_from", low=0),
            )
    dots = _is_dots(ballots)
    clean: dict[str, dict[str, int]] = {}
    for voter, ballot in ballots.items():
        items = ballot.items() if dots else ((a, 1) for a in ballot)
        weights: dict[str, int] = {}
        for activity, weight in items:
            if activity not in ids:
                raise ValidationError(
                    "error.unknown_ref",
                    field=Msg("field.actions.ballot", voter=voter),
                    value=activity,
                    allowed=sorted(ids),
                )
            if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
                raise ValidationError(
                    field=Msg("field.actions.ballot", voter=voter),
                    value=weight,
                    allowed=Msg("allowed.whole_number_from", low=0),
                )
            if weight:
                weights[activity] = weights.get(activity, 0) + weight
        clean[voter] = weights
    return acts, clean, dots


def _election(
    acts: list[Activity], ballots: dict[str, dict[str, int]], budget: int, dots: bool
) -> tuple[Any, Any, Any]:
    from pabutools.election import (
        Additive_Cardinal_Sat,
        ApprovalBallot,
        ApprovalProfile,
        Cost_Sat,
        CumulativeBallot,
        CumulativeProfile,
        Instance,
        Project,
    )

    supported = {a for b in ballots.values() for a in b}
    projects = {a.id: Project(a.id, a.cost) for a in acts if a.id in supported}
    instance = Instance(projects.values(), budget_limit=budget)
    if dots:
        profile: Any = CumulativeProfile(
            [
                CumulativeBallot({projects[a]: w for a, w in b.items()}, name=voter)
                for voter, b in ballots.items()
            ],
            instance=instance,
        )
        return instance, profile, Additive_Cardinal_Sat
    profile = ApprovalProfile(
        [ApprovalBallot((projects[a] for a in b), name=voter) for voter, b in ballots.items()],
        instance=instance,
    )
    return instance, profile, Cost_Sat


def _allocation(rule: str, outcome: Iterable[Any], acts: list[Activity], budget: int) -> Allocation:
    chosen = {p.name for p in outcome}
    funded = tuple(a.id for a in acts if a.id in chosen)
    return Allocation(rule, funded, sum(a.cost for a in acts if a.id in chosen), budget)


def _elect(
    rule: str, acts: list[Activity], ballots: dict[str, dict[str, int]], dots: bool, budget: int
) -> Allocation:
    """Give what ``rule`` funds of the election the ballots make: nothing without a ballot or
    an activity to fund."""
    if not ballots:
        return Allocation(rule, (), 0, budget)
    instance, profile, sat = _election(acts, ballots, budget, dots)
    if not instance:
        return Allocation(rule, (), 0, budget)
    outcome = _RULES[rule](instance, profile, sat, budget, len(ballots))
    return _allocation(rule, outcome, acts, budget)


def _run_equal_shares(instance: Any, profile: Any, sat: Any, budget: int, voters: int) -> Any:
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    if budget == 0:
        return ()  # nothing to share out
    step = max(1, budget // (100 * voters))
    return completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": sat, "voter_budget_increment": step}, {"sat_class": sat}],
    )


def _run_greedy(instance: Any, profile: Any, sat: Any, budget: int, voters: int) -> Any:
    from pabutools.rules import greedy_utilitarian_welfare

    return greedy_utilitarian_welfare(instance, profile, sat_class=sat)


_RULES: dict[str, Callable[[Any, Any, Any, int, int], Any]] = {
    "equal_shares": _run_equal_shares,
    "greedy": _run_greedy,
}


def equal_shares(activities: Iterable[Activity], ballots: Ballots, budget: int) -> Allocation:
    """Fund activities by the Method of Equal Shares with completion (see the module)."""
    return _elect("equal_shares", *_clean(activities, ballots, budget), budget)


def greedy(activities: Iterable[Activity], ballots: Ballots, budget: int) -> Allocation:
    """Fund activities by pabutools' greedy utilitarian rule (see the module)."""
    return _elect("greedy", *_clean(activities, ballots, budget), budget)


def compare_allocations(
    activities: Iterable[Activity], ballots: Ballots, budget: int
) -> AllocationComparison:
    """Run the Method of Equal Shares with completion and the greedy utilitarian rule on the
    same ballots and budget, and give which activities each funds, side by side (rows in the
    order the activities were given)."""
    acts, clean, dots = _clean(activities, ballots, budget)
    mes = _elect("equal_shares", acts, clean, dots, budget)
    gre = _elect("greedy", acts, clean, dots, budget)
    support: dict[str, int] = {}
    voters: dict[str, int] = {}
    for ballot in clean.values():
        for a, w in ballot.items():
            support[a] = support.get(a, 0) + w
            voters[a] = voters.get(a, 0) + 1
    in_mes, in_greedy = set(mes.funded), set(gre.funded)
    rows = tuple(
        ComparisonRow(
            a.id,
            a.title,
            a.cost,
            support.get(a.id, 0),
            voters.get(a.id, 0),
            a.id in in_mes,
            a.id in in_greedy,
        )
        for a in acts
    )
    return AllocationComparison(budget, dots, mes, gre, rows)
