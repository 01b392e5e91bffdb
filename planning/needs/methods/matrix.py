"""The scoring matrix: needs scored 1-5 on weighted criteria, and how sensitive its top is."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planning.errors import Msg, ValidationError
from planning.needs.methods.base import (
    SCORE_HIGH,
    SCORE_LOW,
    MethodResult,
    _check_need,
    _known,
    _same,
    _unknown,
    fieldname,
    rank_scores,
)


@dataclass(frozen=True)
class MatrixResult:
    """The scoring matrix: raw and weighted rankings and the mean score of each cell."""

    raw: MethodResult  # method "matrix_raw": sum of the criterion means
    weighted: MethodResult  # method "matrix": weights normalised to sum to 1
    cells: dict[tuple[str, str], float]  # (need, criterion) -> mean; only cells someone scored
    weights: dict[str, float]  # criterion -> normalised weight
    missing: tuple[tuple[str, str], ...] = ()  # (need, criterion) nobody scored; count as 0


@dataclass(frozen=True)
class Sensitivity:
    """How much one criterion's weight must change before the top two needs change places.

    ``change`` is signed and moves the weight to the point where the two tie; any step further
    in the same direction puts the runner-up ahead. ``None``: no weight >= 0 of this criterion
    puts the runner-up ahead.
    """

    criterion: str
    weight: float
    change: float | None
    new_weight: float | None
    leader: str = ""
    runner_up: str = ""


# --- scoring matrix ---------------------------------------------------------------------------


def _normalised(weights: Mapping[str, float]) -> dict[str, float]:
    """Give the weights scaled to sum to 1 (equal weights when every weight is 0)."""
    for criterion, weight in weights.items():
        value = float(weight)
        if not math.isfinite(value) or value < 0:
            allowed = Msg("allowed.number_from", low=0)
            raise ValidationError(
                field=fieldname("weight"), value=weight, criterion=criterion, allowed=allowed
            )
    total = sum(float(w) for w in weights.values())
    if total <= 0:
        # Nobody has weighted yet: treat the criteria as equally important rather than
        # ranking every need 0.
        return {c: 1 / len(weights) for c in weights} if weights else {}
    return {c: float(w) / total for c, w in weights.items()}


def _cell_means(
    scores: Iterable[tuple[str, str, str, int]],
    criteria: Sequence[str],
    needs: Sequence[str],
) -> dict[tuple[str, str], float]:
    latest: dict[tuple[str, str, str], int] = {}
    known_needs, known_criteria = frozenset(needs), frozenset(criteria)
    for rater, need, criterion, value in scores:
        if need not in known_needs:
            _check_need(need, needs)
        if criterion not in known_criteria:
            raise _unknown("criterion", criterion, criteria)
        if isinstance(value, bool) or not (
            isinstance(value, int) and SCORE_LOW <= value <= SCORE_HIGH
        ):
            allowed = Msg(
                "allowed.whole_number_between",
                low=SCORE_LOW,
                high=SCORE_HIGH,
            )
            raise ValidationError(field=fieldname("score"), value=value, allowed=allowed)
        latest[(rater, need, criterion)] = int(value)  # a corrected score replaces the first
    sums: dict[tuple[str, str], list[int]] = {}
    for (_rater, need, criterion), value in latest.items():
        total_count = sums.setdefault((need, criterion), [0, 0])
        total_count[0] += value
        total_count[1] += 1
    order = {(n, c): i for i, (n, c) in enumerate((n, c) for n in needs for c in criteria)}
    return {cell: s / k for cell, (s, k) in sorted(sums.items(), key=lambda kv: order[kv[0]])}


def matrix_scores(
    scores: Iterable[tuple[str, str, str, int]],
    weights: Mapping[str, float],
    needs: Sequence[str],
) -> MatrixResult:
    """Give the scoring matrix: each cell's mean over raters, raw and weighted rankings.

    ``scores`` are (rater, need, criterion, value) with value a whole number 1..5; a rater who
    scores the same cell again replaces their earlier score. A rater may be a whole group. The
    criteria are the keys of ``weights``. A cell nobody scored counts 0 (so a need nobody
    scored ranks last) and is listed in ``missing``.

    Examples
    --------
    Two raters; cost weighs 3 and urgency 1, normalised to 0.75 and 0.25:

    >>> scores = [("A", "well", "cost", 4), ("B", "well", "cost", 2),
    ...           ("A", "well", "urgency", 5), ("A", "road", "cost", 2),
    ...           ("A", "road", "urgency", 5), ("B", "road", "urgency", 4)]
    >>> m = matrix_scores(scores, {"cost": 3, "urgency": 1}, ["well", "road"])
    >>> m.cells[("well", "cost")], m.cells[("road", "urgency")]   # (4+2)/2, (5+4)/2
    (3.0, 4.5)
    >>> [(x.need, x.score) for x in m.raw.ranking]                 # 3+5, 2+4.5
    [('well', 8.0), ('road', 6.5)]
    >>> [(x.need, x.score) for x in m.weighted.ranking]            # .75*3+.25*5, .75*2+.25*4.5
    [('well', 3.5), ('road', 2.625)]
    """
    needs = _known(needs)
    norm = _normalised(weights)
    criteria = tuple(weights)
    cells = _cell_means(scores, criteria, needs)
    raw = {n: sum(cells.get((n, c), 0.0) for c in criteria) for n in needs}
    weighted = {n: sum(norm[c] * cells.get((n, c), 0.0) for c in criteria) for n in needs}
    missing = tuple((n, c) for n in needs for c in criteria if (n, c) not in cells)
    return MatrixResult(
        raw=rank_scores(raw, needs, "matrix_raw"),
        weighted=rank_scores(weighted, needs, "matrix"),
        cells=cells,
        weights=norm,
        missing=missing,
    )


def weight_sensitivity(
    scores: Iterable[tuple[str, str, str, int]],
    weights: Mapping[str, float],
    needs: Sequence[str],
    *,
    matrix: MatrixResult | None = None,
) -> tuple[Sensitivity, ...]:
    """Give, per criterion, the smallest change of its weight that lets the top two swap.

    The top two are the first two needs of the weighted ranking, leader ``A`` and runner-up
    ``B``. With ``d_c`` the difference of their cell means on criterion ``c``, raw weights
    ``w_c`` and ``x`` the weight of criterion ``k``, the weighted difference is

        D(x) = (x * d_k + P) / (x + Q),   P = sum of w_c * d_c over c != k,  Q = sum of w_c, c != k

    so (with Q > 0) it changes sign where ``x * d_k + P = 0``: ``x* = -P / d_k``. The change is
    ``x* - w_k``; at ``x*`` the two tie and any step further puts ``B`` ahead. ``change`` is
    None when ``d_k`` is 0 (this criterion does not separate them), when ``x*`` would be below
    0 or exactly 0 with ``B`` never getting ahead, or when every other weight is 0 (then any
    positive weight ranks by this criterion alone; the jump to equal weights when every
    weight is 0 is not counted as a change). Another need may overtake both before
    they swap; this only compares the two. Fewer than two needs give ``()``.

    Examples
    --------
    well scores cost 4, urgency 2; road scores cost 1, urgency 4; both weights 1, so well
    leads 3 to 2.5. d_cost = 3, d_urgency = -2. For cost: P = 1 * -2, Q = 1, x* = 2/3, so
    lowering cost's weight by 1/3 ties them (well (2/3*4 + 2) / (5/3) = 2.8 = road). For
    urgency: P = 1 * 3, x* = 3/2, a rise of 0.5.

    >>> scores = [("g", "well", "cost", 4), ("g", "well", "urgency", 2),
    ...           ("g", "road", "cost", 1), ("g", "road", "urgency", 4)]
    >>> for s in weight_sensitivity(scores, {"cost": 1, "urgency": 1}, ["well", "road"]):
    ...     print(s.criterion, s.weight, round(s.change, 4), round(s.new_weight, 4))
    cost 1.0 -0.3333 0.6667
    urgency 1.0 0.5 1.5
    """
    needs = _known(needs)
    scores = tuple(scores)
    # A caller that already scored the matrix passes it, so it is not computed twice.
    matrix = matrix or matrix_scores(scores, weights, needs)
    if len(needs) < 2:
        return ()
    leader, runner_up = (row.need for row in matrix.weighted.ranking[:2])
    raw = {c: float(w) for c, w in weights.items()}
    diff = {
        c: matrix.cells.get((leader, c), 0.0) - matrix.cells.get((runner_up, c), 0.0) for c in raw
    }
    out = []
    for k, x0 in raw.items():
        p = sum(raw[c] * diff[c] for c in raw if c != k)
        q = sum(raw[c] for c in raw if c != k)
        d_k = diff[k]
        change: float | None = None
        new: float | None = None
        if q > 0 and not _same(d_k, 0.0):
            tie = -p / d_k
            if _same(tie, 0.0):
                tie = 0.0
            # Below x* the leader gains when d_k > 0, so B gets ahead only if x* > 0; when
            # d_k < 0, B gains as x grows past x* >= current weight, always reachable.
            if tie > 0 or (d_k < 0 and tie >= 0):
                new = tie
                change = tie - x0
                if change == 0:
                    change = 0.0  # no "-0.0" on a form
        out.append(Sensitivity(k, x0, change, new, leader, runner_up))
    return tuple(out)
