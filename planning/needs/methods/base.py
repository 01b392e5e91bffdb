"""What every needs method shares: a ranked result, competition ranks, checks of the inputs.

Needs, participants and criteria are plain string ids. Every method gives a
:class:`MethodResult`: the needs best first with their score and a standard competition rank
("1224": ties share the best rank, the next rank skips). Ties keep the order of the ``needs``
argument, so a ranking reads in the order the facilitator wrote the needs on the board.

These modules sit on the path of the fast command-line summary, so they use the standard
library only (networkx is imported inside :func:`~planning.needs.methods.tree.problem_tree`).
Every input that names a need, participant order or criterion is checked; a mistake raises
:class:`~planning.errors.ValidationError` naming the field, the value and what is allowed.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planning.errors import DuplicateError, Msg, ValidationError

# Scores that differ by less than this (relative to their size, at least 1) tie: a weighted
# mean computed in another order must not decide which need a village puts first.
TOLERANCE = 1e-9
SCORE_LOW, SCORE_HIGH = 1, 5
# What each method input is called in messages: the field of the record it comes from.
FIELD_KEYS = {
    "need": "field.scores.need",
    "needs": "kind.needs",
    "criterion": "field.scores.criterion",
    "weight": "field.criteria.weight",
    "score": "field.scores.value",
    "dots": "field.dot_votes.dots",
    "participant": "field.rankings.participant",
    "ranking": "field.rankings.rank",
    "pair": "field.pairwise.need_b",
    "winner": "field.pairwise.winner",
    "parent": "field.problem_tree.parent",
    "role": "field.problem_tree.role",
    "text": "field.problem_tree.text",
    "method": "field.method",
}


def fieldname(name: str) -> Msg:
    """Give the words naming a method's input in messages.

    Examples
    --------
    >>> fieldname("dots").text("id")
    'Titik'
    """
    return Msg(FIELD_KEYS[name])


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


# --- checks -----------------------------------------------------------------------------------


def _known(needs: Sequence[str]) -> tuple[str, ...]:
    """Give the needs as a tuple, refusing a need listed twice."""
    needs = tuple(needs)
    seen: set[str] = set()
    for need in needs:
        if need in seen:
            raise DuplicateError(
                field=fieldname("needs"), value=need, allowed=", ".join(needs), existing=need
            )
        seen.add(need)
    return needs


def _check_need(need: Any, needs: Sequence[str], field: str = "need") -> None:
    if need not in needs:
        raise _unknown(field, need, needs)


def _unknown(field: str, value: Any, known: Iterable[str]) -> ValidationError:
    return ValidationError(
        "error.unknown_ref", field=fieldname(field), value=value, allowed=", ".join(known)
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


def rank_scores(scores: Mapping[str, float], needs: Sequence[str], method: str) -> MethodResult:
    """Give the needs ranked by score, higher first, with competition ranks ("1224").

    Needs missing from ``scores`` score 0. Ties keep the order of ``needs``.

    Examples
    --------
    >>> r = rank_scores({"well": 3, "road": 5, "school": 3}, ["well", "road", "school", "clinic"],
    ...                 "dots")
    >>> [(x.need, x.score, x.rank) for x in r.ranking]
    [('road', 5.0, 1), ('well', 3.0, 2), ('school', 3.0, 2), ('clinic', 0.0, 4)]
    """
    needs = _known(needs)
    for need in scores:
        _check_need(need, needs)
    values: list[float] = []
    for need in needs:
        given = scores.get(need, 0.0)
        try:
            value = float(given)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value) or isinstance(given, bool):
            allowed = Msg("allowed.number")
            raise ValidationError(field=fieldname("score"), value=given, allowed=allowed)
        values.append(value)
    ranks = _competition_ranks(values)
    order = sorted(range(len(needs)), key=lambda i: (ranks[i], i))
    return MethodResult(method, tuple(Ranked(needs[i], values[i], ranks[i]) for i in order))
