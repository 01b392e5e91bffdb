"""Needs assessment methods: pure functions from votes, scores and rankings to ranked needs.

Needs, participants and criteria are plain string ids. Every method gives a
:class:`MethodResult`: the needs best first with their score and a standard competition rank
("1224": ties share the best rank, the next rank skips). Ties keep the order of the ``needs``
argument, so a ranking reads in the order the facilitator wrote the needs on the board.

This module sits on the path of the fast command-line summary, so it uses the standard library
only; networkx is imported inside :func:`problem_tree`, the one function that needs it.

Every input that names a need, participant order or criterion is checked; a mistake raises
:class:`~planning.errors.ValidationError` naming the field, the value and what is allowed.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planning.errors import BudgetError, DuplicateError, ValidationError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Combined",
    "CombinedRow",
    "Disagreement",
    "Dissent",
    "MatrixResult",
    "MethodResult",
    "PairwiseResult",
    "Ranked",
    "Sensitivity",
    "borda",
    "check_dot_budget",
    "check_pair",
    "compare_methods",
    "condorcet_winner",
    "copeland",
    "dissent",
    "dot_totals",
    "dots_left",
    "kendalls_w",
    "matrix_scores",
    "pairwise_wins",
    "plurality",
    "problem_tree",
    "rank_scores",
    "weight_sensitivity",
]

# Scores that differ by less than this (relative to their size, at least 1) tie: a weighted
# mean computed in another order must not decide which need a village puts first.
TOLERANCE = 1e-9

SCORE_LOW, SCORE_HIGH = 1, 5

# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """One need in a method's order: its score and its competition rank."""

    need: str
    score: float
    rank: int


@dataclass(frozen=True)
class MethodResult:
    """The needs in one method's order, best first."""

    method: str
    ranking: tuple[Ranked, ...]

    def ranks(self) -> dict[str, int]:
        """Give the rank of each need, in ranking order."""
        return {row.need: row.rank for row in self.ranking}

    def scores(self) -> dict[str, float]:
        """Give the score of each need, in ranking order."""
        return {row.need: row.score for row in self.ranking}

    def top(self) -> tuple[str, ...]:
        """Give the needs ranked first (more than one when they tie)."""
        return tuple(row.need for row in self.ranking if row.rank == 1)


@dataclass(frozen=True)
class MatrixResult:
    """The scoring matrix: raw and weighted rankings and the mean score of each cell."""

    raw: MethodResult  # method "matrix_raw": sum of the criterion means
    weighted: MethodResult  # method "matrix": weights normalised to sum to 1
    cells: dict[tuple[str, str], float]  # (need, criterion) -> mean; only cells someone scored
    weights: dict[str, float]  # criterion -> normalised weight
    missing: tuple[tuple[str, str], ...] = ()  # (need, criterion) nobody scored; count as 0


@dataclass(frozen=True)
class PairwiseResult:
    """Pairwise comparison: wins per need and how far the comparisons have got."""

    result: MethodResult  # method "pairwise"
    wins: dict[str, float]
    done: int
    expected: int
    missing: tuple[tuple[str, str], ...]
    complete: bool


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


# --- checks -----------------------------------------------------------------------------------


def _allowed(key: str, lang: str, fallback: str, **fields: Any) -> str:
    """Give the words for what is allowed, from the catalogue when it is installed."""
    try:
        from planning.i18n import t

        text = t(key, lang, **fields)
    except OSError:  # a checkout without the locale catalogues must still explain its errors
        return fallback
    return fallback if text == key else text


def _known(needs: Sequence[str], lang: str) -> tuple[str, ...]:
    """Give the needs as a tuple, refusing a need listed twice."""
    needs = tuple(needs)
    seen: set[str] = set()
    for need in needs:
        if need in seen:
            raise DuplicateError(
                field="needs", value=need, allowed=", ".join(needs), lang=lang, existing=need
            )
        seen.add(need)
    return needs


def _check_need(need: Any, needs: Sequence[str], lang: str, field: str = "need") -> None:
    if need not in needs:
        raise _unknown(field, need, needs, lang)


def _unknown(field: str, value: Any, known: Iterable[str], lang: str) -> ValidationError:
    return ValidationError(
        "error.unknown_ref", field=field, value=value, allowed=", ".join(known), lang=lang
    )


def _whole(value: Any) -> int | None:
    """Give ``value`` as a whole number >= 0, or None when it is not one (bools refused)."""
    if isinstance(value, bool):
        return None
    try:
        number = operator.index(value)  # ints and numpy ints, not 2.0 or "2"
    except TypeError:
        return None
    return number if number >= 0 else None


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def _competition_ranks(values: Sequence[float]) -> list[int]:
    """Give the competition rank of each value, higher first, near-equal values sharing.

    Examples
    --------
    >>> _competition_ranks([3.0, 5.0, 3.0 + 1e-12, 1.0])
    [2, 1, 2, 4]
    """
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0] * len(values)
    lead = math.nan
    rank = 0
    for place, i in enumerate(order, start=1):
        # Compare with the first of the group, not the previous value, so noise cannot chain
        # a long run of slightly different scores into one tie.
        if place == 1 or not _same(values[i], lead):
            lead, rank = values[i], place
        ranks[i] = rank
    return ranks


# --- ranking ----------------------------------------------------------------------------------


def rank_scores(
    scores: Mapping[str, float], needs: Sequence[str], method: str, *, lang: str = "en"
) -> MethodResult:
    """Give the needs ranked by score, higher first, with competition ranks ("1224").

    Needs missing from ``scores`` score 0. Ties keep the order of ``needs``.

    Examples
    --------
    >>> r = rank_scores({"well": 3, "road": 5, "school": 3}, ["well", "road", "school", "clinic"],
    ...                 "dots")
    >>> [(x.need, x.score, x.rank) for x in r.ranking]
    [('road', 5.0, 1), ('well', 3.0, 2), ('school', 3.0, 2), ('clinic', 0.0, 4)]
    """
    needs = _known(needs, lang)
    for need in scores:
        _check_need(need, needs, lang)
    values: list[float] = []
    for need in needs:
        given = scores.get(need, 0.0)
        try:
            value = float(given)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value) or isinstance(given, bool):
            allowed = _allowed("allowed.number", lang, "a finite number")
            raise ValidationError(field="score", value=given, allowed=allowed, lang=lang)
        values.append(value)
    ranks = _competition_ranks(values)
    order = sorted(range(len(needs)), key=lambda i: (ranks[i], i))
    return MethodResult(method, tuple(Ranked(needs[i], values[i], ranks[i]) for i in order))


# --- dot voting -------------------------------------------------------------------------------


def check_dot_budget(
    already_spent: int, adding: int, budget: int, *, participant: str = "", lang: str = "en"
) -> None:
    """Give nothing when ``adding`` dots fit in the budget; raise ``BudgetError`` when not.

    A negative or fractional ``adding`` raises ``ValidationError`` allowing 0 to the dots
    left. ``BudgetError`` carries ``remaining``, ``budget`` and ``participant`` (the name its
    message shows) among its fields.

    Examples
    --------
    >>> check_dot_budget(3, 2, 5)  # 3 + 2 = 5 dots: just fits
    >>> try:
    ...     check_dot_budget(3, 3, 5)
    ... except BudgetError as err:
    ...     print(err.field, err.value, err.allowed, err.fields["remaining"])
    dots 3 2 2
    """
    _check_budget(already_spent, adding, budget, participant, lang)


def _check_budget(already_spent: int, adding: Any, budget: int, participant: str, lang: str) -> int:
    remaining = max(0, budget - already_spent)
    number = _whole(adding)
    if number is None:
        allowed = _allowed(
            "allowed.whole_number_between", lang, f"0-{remaining}", low=0, high=remaining
        )
        raise ValidationError(field="dots", value=adding, allowed=allowed, lang=lang)
    if already_spent + number > budget:
        raise BudgetError(
            field="dots",
            value=number,
            allowed=str(remaining),
            lang=lang,
            remaining=remaining,
            budget=budget,
            participant=participant,
        )
    return number


def dots_left(votes: Iterable[tuple[str, str, int]], participant: str, budget: int) -> int:
    """Give the dots ``participant`` has not yet placed (never below 0).

    Examples
    --------
    >>> votes = [("Sari", "well", 2), ("Budi", "well", 4), ("Sari", "road", 1)]
    >>> dots_left(votes, "Sari", 5)  # 5 - (2 + 1)
    2
    """
    spent = sum(dots for who, _need, dots in votes if who == participant)
    return max(0, budget - spent)


def dot_totals(
    votes: Iterable[tuple[str, str, int]],
    needs: Sequence[str],
    *,
    budget: int | None = None,
    lang: str = "en",
) -> MethodResult:
    """Give the needs ranked by the dots they received (method "dots").

    With ``budget``, a participant who placed more dots than that raises ``BudgetError``.

    Examples
    --------
    >>> votes = [("Sari", "well", 2), ("Budi", "well", 1), ("Budi", "road", 3), ("Sari", "road", 0)]
    >>> [(x.need, x.score, x.rank) for x in dot_totals(votes, ["road", "well"]).ranking]
    [('road', 3.0, 1), ('well', 3.0, 1)]
    """
    needs = _known(needs, lang)
    totals = dict.fromkeys(needs, 0)
    spent: dict[str, int] = {}
    for participant, need, dots in votes:
        _check_need(need, needs, lang)
        if budget is None:
            number = _whole(dots)
            if number is None:
                allowed = _allowed("allowed.whole_number_from", lang, ">= 0", low=0)
                raise ValidationError(field="dots", value=dots, allowed=allowed, lang=lang)
            dots = number
        else:
            dots = _check_budget(spent.get(participant, 0), dots, budget, participant, lang)
        spent[participant] = spent.get(participant, 0) + dots
        totals[need] += dots
    return rank_scores(totals, needs, "dots", lang=lang)


# --- scoring matrix ---------------------------------------------------------------------------


def _normalised(weights: Mapping[str, float], lang: str) -> dict[str, float]:
    """Give the weights scaled to sum to 1 (equal weights when every weight is 0)."""
    for criterion, weight in weights.items():
        value = float(weight)
        if not math.isfinite(value) or value < 0:
            allowed = _allowed("allowed.number_from", lang, ">= 0", low=0)
            raise ValidationError(field=criterion, value=weight, allowed=allowed, lang=lang)
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
    lang: str,
) -> dict[tuple[str, str], float]:
    latest: dict[tuple[str, str, str], int] = {}
    known_needs, known_criteria = frozenset(needs), frozenset(criteria)
    for rater, need, criterion, value in scores:
        if need not in known_needs:
            _check_need(need, needs, lang)
        if criterion not in known_criteria:
            raise _unknown("criterion", criterion, criteria, lang)
        if isinstance(value, bool) or not (
            isinstance(value, int) and SCORE_LOW <= value <= SCORE_HIGH
        ):
            allowed = _allowed(
                "allowed.whole_number_between",
                lang,
                f"{SCORE_LOW}-{SCORE_HIGH}",
                low=SCORE_LOW,
                high=SCORE_HIGH,
            )
            raise ValidationError(field="score", value=value, allowed=allowed, lang=lang)
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
    *,
    lang: str = "en",
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
    needs = _known(needs, lang)
    norm = _normalised(weights, lang)
    criteria = tuple(weights)
    cells = _cell_means(scores, criteria, needs, lang)
    raw = {n: sum(cells.get((n, c), 0.0) for c in criteria) for n in needs}
    weighted = {n: sum(norm[c] * cells.get((n, c), 0.0) for c in criteria) for n in needs}
    missing = tuple((n, c) for n in needs for c in criteria if (n, c) not in cells)
    return MatrixResult(
        raw=rank_scores(raw, needs, "matrix_raw", lang=lang),
        weighted=rank_scores(weighted, needs, "matrix", lang=lang),
        cells=cells,
        weights=norm,
        missing=missing,
    )


def weight_sensitivity(
    scores: Iterable[tuple[str, str, str, int]],
    weights: Mapping[str, float],
    needs: Sequence[str],
    *,
    lang: str = "en",
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
    needs = _known(needs, lang)
    scores = tuple(scores)
    # A caller that already scored the matrix passes it, so it is not computed twice.
    matrix = matrix or matrix_scores(scores, weights, needs, lang=lang)
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


# --- pairwise comparison ----------------------------------------------------------------------


def check_pair(
    a: str, b: str, winner: str | None, needs: Sequence[str], *, lang: str = "en"
) -> None:
    """Give nothing when (a, b, winner) is a valid comparison; raise ``ValidationError`` if not.

    ``a`` and ``b`` must be two different known needs and ``winner`` one of them, or None for
    a tie (the error's ``allowed`` lists the two needs; a tie is always allowed too).

    Examples
    --------
    >>> check_pair("well", "road", None, ["well", "road"])
    >>> try:
    ...     check_pair("well", "well", "well", ["well", "road", "school"])
    ... except ValidationError as err:
    ...     print(err.field, err.value, err.allowed)
    pair well road, school
    """
    _check_need(a, needs, lang)
    _check_need(b, needs, lang)
    if a == b:
        others = ", ".join(n for n in needs if n != a)
        raise ValidationError("error.self_pair", field="pair", value=a, allowed=others, lang=lang)
    if winner is not None and winner not in (a, b):
        raise ValidationError(
            "error.winner", field="winner", value=winner, allowed=f"{a}, {b}", lang=lang
        )


def pairwise_wins(
    comparisons: Iterable[tuple[str, str, str | None]],
    needs: Sequence[str],
    *,
    lang: str = "en",
) -> PairwiseResult:
    """Give each need's wins over the pairs compared so far (a tie is half a win each).

    When the same pair is compared again, in either order, the last comparison counts.

    Examples
    --------
    >>> comps = [("well", "road", "well"), ("road", "school", None), ("well", "school", "school"),
    ...          ("road", "well", "road")]   # the last replaces the first: road beat well
    >>> p = pairwise_wins(comps, ["well", "road", "school"])
    >>> p.wins                               # road 1 + 0.5; school 0.5 + 1
    {'well': 0.0, 'road': 1.5, 'school': 1.5}
    >>> p.done, p.expected, p.complete, p.result.ranks()
    (3, 3, True, {'road': 1, 'school': 1, 'well': 3})
    """
    needs = _known(needs, lang)
    index = {n: i for i, n in enumerate(needs)}
    last: dict[tuple[str, str], str | None] = {}
    for a, b, winner in comparisons:
        check_pair(a, b, winner, needs, lang=lang)
        pair = (a, b) if index[a] < index[b] else (b, a)
        last[pair] = winner
    wins = dict.fromkeys(needs, 0.0)
    for (a, b), winner in last.items():
        if winner is None:
            wins[a] += 0.5
            wins[b] += 0.5
        else:
            wins[winner] += 1.0
    expected = len(needs) * (len(needs) - 1) // 2
    missing = tuple(
        (a, b) for i, a in enumerate(needs) for b in needs[i + 1 :] if (a, b) not in last
    )
    return PairwiseResult(
        result=rank_scores(wins, needs, "pairwise", lang=lang),
        wins=wins,
        done=len(last),
        expected=expected,
        missing=missing,
        complete=not missing,
    )


# --- individual rankings ----------------------------------------------------------------------


def _positions(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str], lang: str
) -> dict[str, dict[str, float]]:
    """Give each participant's place for every need, 1 = first.

    A participant's k listed needs take places 1..k; the needs they left out tie for the
    remaining places k+1..n and each gets their average, (k + 1 + n) / 2.
    """
    n = len(needs)
    known = frozenset(needs)
    out: dict[str, dict[str, float]] = {}
    for participant, order in rankings.items():
        if isinstance(order, str):  # a bare string would be read letter by letter
            raise ValidationError(field="ranking", value=order, allowed=", ".join(needs), lang=lang)
        places: dict[str, float] = {}
        for place, need in enumerate(order, start=1):
            if need not in known:
                _check_need(need, needs, lang)
            if need in places:
                left = ", ".join(x for x in needs if x not in places)
                raise DuplicateError(
                    field="ranking", value=need, allowed=left, lang=lang, existing=need
                )
            places[need] = float(place)
        k = len(places)
        for need in needs:
            places.setdefault(need, (k + 1 + n) / 2)
        out[participant] = places
    return out


def borda(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str], *, lang: str = "en"
) -> MethodResult:
    """Give the Borda count: n-1 points for a first place down to 0 for the last (method "borda").

    Needs a participant left out share that participant's remaining points equally: with k of
    n needs ranked, each unranked need gets (n - k - 1) / 2.

    Examples
    --------
    >>> rankings = {"Sari": ["well", "road", "school"], "Budi": ["road"]}
    >>> # Sari: well 2, road 1, school 0. Budi: road 2, well and school share 1 + 0 -> 0.5 each
    >>> [(x.need, x.score, x.rank) for x in borda(rankings, ["well", "road", "school"]).ranking]
    [('road', 3.0, 1), ('well', 2.5, 2), ('school', 0.5, 3)]
    """
    needs = _known(needs, lang)
    n = len(needs)
    points = dict.fromkeys(needs, 0.0)
    for places in _positions(rankings, needs, lang).values():
        for need, place in places.items():
            points[need] += n - place
    return rank_scores(points, needs, "borda", lang=lang)


def _preferences(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str], lang: str
) -> dict[tuple[str, str], int]:
    """Give, for each ordered pair (x, y), how many participants put x above y."""
    prefer = {(x, y): 0 for x in needs for y in needs if x != y}
    for places in _positions(rankings, needs, lang).values():
        for x, y in prefer:
            if places[x] < places[y]:
                prefer[(x, y)] += 1
    return prefer


def condorcet_winner(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str], *, lang: str = "en"
) -> str | None:
    """Give the need that beats every other head to head, or None when no need does.

    x beats y when more participants put x above y than y above x; participants who tie the
    two (both unranked) do not count. A single need wins unopposed.

    Examples
    --------
    >>> rankings = {"Sari": ["well", "road", "school"], "Budi": ["road", "well", "school"],
    ...             "Ani": ["well", "school", "road"]}
    >>> condorcet_winner(rankings, ["well", "road", "school"])   # well beats road 2-1, school 3-0
    'well'
    >>> condorcet_winner({"Sari": ["well", "road"], "Budi": ["road", "well"]}, ["well", "road"])
    """
    needs = _known(needs, lang)
    prefer = _preferences(rankings, needs, lang)
    for x in needs:
        if all(prefer[(x, y)] > prefer[(y, x)] for y in needs if y != x):
            return x
    return None


def copeland(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str], *, lang: str = "en"
) -> MethodResult:
    """Give the Copeland score: head-to-head majority wins, half for a tie (method "copeland").

    The Condorcet winner, when there is one, is the only need with n - 1 points.

    Examples
    --------
    >>> rankings = {"Sari": ["well", "road", "school"], "Budi": ["road", "school", "well"],
    ...             "Ani": ["school", "well", "road"]}
    >>> # a cycle: well beats road 2-1, road beats school 2-1, school beats well 2-1
    >>> [(x.need, x.score) for x in copeland(rankings, ["well", "road", "school"]).ranking]
    [('well', 1.0), ('road', 1.0), ('school', 1.0)]
    """
    needs = _known(needs, lang)
    prefer = _preferences(rankings, needs, lang)
    points = dict.fromkeys(needs, 0.0)
    for i, x in enumerate(needs):
        for y in needs[i + 1 :]:
            if prefer[(x, y)] > prefer[(y, x)]:
                points[x] += 1.0
            elif prefer[(x, y)] < prefer[(y, x)]:
                points[y] += 1.0
            else:
                points[x] += 0.5
                points[y] += 0.5
    return rank_scores(points, needs, "copeland", lang=lang)


def plurality(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str], *, lang: str = "en"
) -> MethodResult:
    """Give the number of participants who put each need first (method "plurality").

    A participant who ranked nothing counts for no need.

    Examples
    --------
    >>> rankings = {"Sari": ["well", "road"], "Budi": ["road"], "Ani": ["well"], "Dewi": []}
    >>> plurality(rankings, ["road", "well"]).scores()
    {'well': 2.0, 'road': 1.0}
    """
    needs = _known(needs, lang)
    _positions(rankings, needs, lang)  # the same checks as every other ranking method
    firsts = dict.fromkeys(needs, 0.0)
    for order in rankings.values():
        if len(order):
            firsts[order[0]] += 1.0
    return rank_scores(firsts, needs, "plurality", lang=lang)


def kendalls_w(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str], *, lang: str = "en"
) -> float:
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
    needs = _known(needs, lang)
    places = _positions(rankings, needs, lang)
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


def dissent(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str], *, lang: str = "en"
) -> tuple[Dissent, ...]:
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
    needs = _known(needs, lang)
    group = {need: float(rank) for need, rank in borda(rankings, needs, lang=lang).ranks().items()}
    places = _positions(rankings, needs, lang)
    out = [Dissent(who, _kendall_distance(p, group, needs)) for who, p in places.items()]
    return tuple(sorted(out, key=lambda d: -d.distance))


# --- all methods together ---------------------------------------------------------------------


def compare_methods(
    results: Sequence[MethodResult], needs: Sequence[str], *, lang: str = "en"
) -> Combined:
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
    needs = _known(needs, lang)
    ranks: dict[str, dict[str, int]] = {need: {} for need in needs}
    tops: dict[str, tuple[str, ...]] = {}
    for result in results:
        if result.method in tops:
            raise DuplicateError(
                field="method",
                value=result.method,
                allowed=", ".join(tops),
                lang=lang,
                existing=result.method,
            )
        got = result.ranks()
        for need in got:
            _check_need(need, needs, lang)
        for need in needs:
            if need not in got:
                raise _unknown(result.method, need, got, lang)
            ranks[need][result.method] = got[need]
        tops[result.method] = result.top()
    if not results:
        return Combined(rows=(), disagreements=(), top_differs=False, tops={})
    means = {need: sum(r.values()) / len(r) for need, r in ranks.items()}
    by_mean = rank_scores({need: -mean for need, mean in means.items()}, needs, "mean", lang=lang)
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


# --- problem tree -----------------------------------------------------------------------------

ROLES = ("cause", "effect")


def problem_tree(
    need: str, nodes: Iterable[tuple[str, str, str]], *, lang: str = "en"
) -> nx.DiGraph:
    """Give the problem tree of ``need`` as a directed graph: causes below, effects above.

    ``nodes`` are (text, role, parent): role "cause" or "effect"; parent the text of another
    node of the same role, or "" for the need itself. Edges run the way things happen: a
    cause points to what it causes (cause -> parent), and a problem points to its effects
    (parent -> effect). Node attributes: ``role`` ("core", "cause" or "effect") and ``label``
    (the text). The same text given twice with the same role is one node with two edges.
    Parents may be named before they are defined. A parent that is unknown, of the other
    role, or a loop of causes raises ``ValidationError``.

    Examples
    --------
    >>> g = problem_tree("dirty water", [("no pipes", "cause", ""), ("no budget", "cause",
    ...     "no pipes"), ("diarrhoea", "effect", ""), ("missed school", "effect", "diarrhoea")])
    >>> sorted(g.edges())
    [('diarrhoea', 'missed school'), ('dirty water', 'diarrhoea'), ('no budget', 'no pipes'), \
('no pipes', 'dirty water')]
    >>> g.nodes["dirty water"]["role"], g.number_of_nodes()
    ('core', 5)
    """
    import networkx as nx

    graph = nx.DiGraph(need=need)
    graph.add_node(need, role="core", label=need)
    links: list[tuple[str, str, str]] = []
    for text, role, parent in nodes:
        if role not in ROLES:
            raise ValidationError(field="role", value=role, allowed=", ".join(ROLES), lang=lang)
        if not text:
            allowed = _allowed("allowed.not_empty", lang, "a non-empty text")
            raise ValidationError(
                "error.required", field="text", value=text, allowed=allowed, lang=lang
            )
        if text == need:
            raise DuplicateError(field="text", value=text, allowed="", lang=lang, existing=need)
        if text in graph and graph.nodes[text]["role"] != role:
            raise ValidationError(
                field="role", value=role, allowed=graph.nodes[text]["role"], lang=lang
            )
        graph.add_node(text, role=role, label=text)
        links.append((text, role, parent))
    for text, role, parent in links:
        target = parent or need
        if target not in graph or graph.nodes[target]["role"] not in ("core", role):
            # a cause's parent is the need or a cause, an effect's the need or an effect
            parents = [x for x, r in graph.nodes(data="role") if r in ("core", role) and x != text]
            raise _unknown("parent", parent, parents, lang)
        if role == "cause":
            graph.add_edge(text, target)
        else:
            graph.add_edge(target, text)
    if not nx.is_directed_acyclic_graph(graph):
        # Only causes link to causes and effects to effects, so a loop is all of one role.
        loop = [u for u, _v in nx.find_cycle(graph)]
        role = graph.nodes[loop[0]]["role"]
        outside = [x for x in graph if x not in loop and graph.nodes[x]["role"] in ("core", role)]
        raise ValidationError(
            field="parent",
            value=" -> ".join([*loop, loop[0]]),
            allowed=", ".join(outside),
            lang=lang,
        )
    return graph
