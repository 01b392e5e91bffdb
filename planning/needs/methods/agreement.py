"""How far the group agrees: Kendall's W, each person's distance, every method side by side."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planning.errors import DuplicateError
from planning.needs.methods.base import (
    MethodResult,
    _check_need,
    _known,
    _unknown,
    fieldname,
    rank_scores,
)
from planning.needs.methods.ranking import _positions, borda


@dataclass(frozen=True)
class Dissent:
    """How far one participant's order is from the group's: 0 same order, 1 reversed."""

    participant: str
    distance: float


@dataclass(frozen=True)
class CombinedRow:
    """One need's rank under every method, its mean rank and the rank of that mean."""

    need: str
    ranks: dict[str, int]
    mean_rank: float
    rank: int


@dataclass(frozen=True)
class Disagreement:
    """A need that methods place two or more ranks apart."""

    need: str
    ranks: dict[str, int]
    spread: int


@dataclass(frozen=True)
class Combined:
    """Every method side by side, with where they disagree."""

    rows: tuple[CombinedRow, ...]
    disagreements: tuple[Disagreement, ...]
    top_differs: bool
    tops: dict[str, tuple[str, ...]]


def kendalls_w(rankings: Mapping[str, Sequence[str]], needs: Sequence[str]) -> float:
    """Give Kendall's W, the agreement of the participants' orders: 0 none, 1 complete.

    Unranked needs share their average place (see :func:`borda`), so the tie correction is
    used: W = 12 S / (m^2 (n^3 - n) - m sum T), with S the sum of squared deviations of the
    needs' place totals from their mean and T = sum of (t^3 - t) over each participant's tied
    groups. Edge cases: no participants -> 0.0; fewer than two needs -> 1.0 (there is only one
    order); one participant -> 1.0; every participant left every need unranked -> 0.0 (nobody
    stated an order).

    Examples
    --------
    Three participants, four needs; Budi ranked two, Ani one:

    >>> rankings = {"Sari": ["A", "B", "C", "D"], "Budi": ["B", "A"], "Ani": ["A"]}
    >>> # places: Sari 1 2 3 4; Budi 2 1 3.5 3.5 (T = 2^3-2 = 6); Ani 1 3 3 3 (T = 3^3-3 = 24)
    >>> # totals 4, 6, 9.5, 10.5 around 7.5: S = 12.25 + 2.25 + 4 + 9 = 27.5
    >>> # W = 12 * 27.5 / (9 * 60 - 3 * 30) = 330 / 450
    >>> round(kendalls_w(rankings, ["A", "B", "C", "D"]), 4)
    0.7333
    """
    needs = _known(needs)
    places = _positions(rankings, needs)
    m, n = len(places), len(needs)
    if m == 0:
        return 0.0
    if n < 2:
        return 1.0
    totals = [sum(p[need] for p in places.values()) for need in needs]
    mean = m * (n + 1) / 2
    s = sum((total - mean) ** 2 for total in totals)
    ties = sum(t**3 - t for p in places.values() for t in Counter(p.values()).values())
    denominator = m * m * (n**3 - n) - m * ties
    if denominator <= 0:
        return 0.0
    # Clamped because S and the denominator are sums of floats; the bounds hold exactly.
    return min(1.0, max(0.0, 12 * s / denominator))


def _kendall_distance(
    first: Mapping[str, float], second: Mapping[str, float], needs: Sequence[str]
) -> float:
    """Give the normalised Kendall tau distance of two orders given as places.

    A pair in opposite order counts 1; a pair tied in one order but not the other counts 1/2
    (Fagin et al.'s K with p = 1/2); divided by the number of pairs.
    """
    n = len(needs)
    if n < 2:
        return 0.0
    total = 0.0
    for i, x in enumerate(needs):
        for y in needs[i + 1 :]:
            a = (first[x] > first[y]) - (first[x] < first[y])
            b = (second[x] > second[y]) - (second[x] < second[y])
            if a * b < 0:
                total += 1.0
            elif (a == 0) != (b == 0):
                total += 0.5
    return total / (n * (n - 1) / 2)


def dissent(rankings: Mapping[str, Sequence[str]], needs: Sequence[str]) -> tuple[Dissent, ...]:
    """Give each participant's distance from the group's Borda order, most dissenting first.

    The distance is the normalised Kendall tau distance, 0 (same order) to 1 (reversed): the
    share of pairs of needs the two orders put the other way round. A pair tied in one order
    and not in the other (unranked needs, or needs tied in the Borda count) counts half.
    Equal distances keep the order of ``rankings``.

    Examples
    --------
    >>> rankings = {"Sari": ["well", "road", "school"], "Budi": ["well", "road", "school"],
    ...             "Ani": ["school", "road", "well"]}
    >>> # Borda: well 2+2+0 = 4, road 3, school 2, so the group order is Sari's; Ani reverses it
    >>> [(d.participant, d.distance) for d in dissent(rankings, ["well", "road", "school"])]
    [('Ani', 1.0), ('Sari', 0.0), ('Budi', 0.0)]
    """
    needs = _known(needs)
    group = {need: float(rank) for need, rank in borda(rankings, needs).ranks().items()}
    places = _positions(rankings, needs)
    out = [Dissent(who, _kendall_distance(p, group, needs)) for who, p in places.items()]
    return tuple(sorted(out, key=lambda d: -d.distance))


# --- all methods together ---------------------------------------------------------------------


def compare_methods(results: Sequence[MethodResult], needs: Sequence[str]) -> Combined:
    """Give every method's rank of each need side by side, with the needs they disagree on.

    Rows are ordered by mean rank (lower is better) and ranked by it with competition ranks.
    A need is a disagreement when its best and worst rank are 2 or more places apart; those
    are listed widest spread first. ``top_differs`` is True when the methods do not all put
    the same need(s) first. Each result must rank exactly ``needs``; no results give no rows.

    Examples
    --------
    >>> dots = rank_scores({"well": 9, "road": 7, "school": 2}, ["well", "road", "school"], "dots")
    >>> borda_ = rank_scores({"well": 1, "road": 4, "school": 4}, ["well", "road", "school"],
    ...                      "borda")
    >>> c = compare_methods([dots, borda_], ["well", "road", "school"])
    >>> [(r.need, r.ranks, r.mean_rank, r.rank) for r in c.rows]   # road (2+1)/2, well (1+3)/2
    [('road', {'dots': 2, 'borda': 1}, 1.5, 1), ('well', {'dots': 1, 'borda': 3}, 2.0, 2), \
('school', {'dots': 3, 'borda': 1}, 2.0, 2)]
    >>> [(d.need, d.spread) for d in c.disagreements], c.top_differs
    ([('well', 2), ('school', 2)], True)
    """
    needs = _known(needs)
    ranks: dict[str, dict[str, int]] = {need: {} for need in needs}
    tops: dict[str, tuple[str, ...]] = {}
    for result in results:
        if result.method in tops:
            raise DuplicateError(
                field=fieldname("method"),
                value=result.method,
                allowed=", ".join(tops),
                existing=result.method,
            )
        got = result.ranks()
        for need in got:
            _check_need(need, needs)
        for need in needs:
            if need not in got:
                raise _unknown(result.method, need, got)
            ranks[need][result.method] = got[need]
        tops[result.method] = result.top()
    if not results:
        return Combined(rows=(), disagreements=(), top_differs=False, tops={})
    means = {need: sum(r.values()) / len(r) for need, r in ranks.items()}
    by_mean = rank_scores({need: -mean for need, mean in means.items()}, needs, "mean")
    rows = tuple(
        CombinedRow(row.need, ranks[row.need], means[row.need], row.rank) for row in by_mean.ranking
    )
    spreads = {need: max(r.values()) - min(r.values()) for need, r in ranks.items()}
    disagreements = tuple(
        Disagreement(need, ranks[need], spreads[need])
        for need in sorted(needs, key=lambda need: -spreads[need])
        if spreads[need] >= 2
    )
    top_sets = {frozenset(top) for top in tops.values()}
    return Combined(rows, disagreements, len(top_sets) > 1, tops)
