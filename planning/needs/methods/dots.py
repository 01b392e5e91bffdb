"""Dot voting: each participant places a budget of dots on the needs they think matter most."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from planning.errors import BudgetError, Msg, ValidationError, whole_between
from planning.needs.methods.base import (
    MethodResult,
    _check_need,
    _known,
    _whole,
    fieldname,
    rank_scores,
)

# --- dot voting -------------------------------------------------------------------------------


def check_dot_budget(
    already_spent: int, adding: int, budget: int, *, participant: str = ""
) -> None:
    """Give nothing when ``adding`` dots fit in the budget; raise ``BudgetError`` when not.

    A negative or fractional ``adding`` raises ``ValidationError`` allowing 0 to the dots
    left. ``BudgetError`` carries ``remaining``, ``budget`` and ``participant`` (the name its
    message shows) among its fields.

    Examples
    --------
    >>> check_dot_budget(3, 2, 5)  # 3 + 2 = 5 dots: just fits
    >>> try:
    ...     check_dot_budget(3, 3, 5, participant="Sari")
    ... except BudgetError as err:
    ...     print(err.message("en"))
    Dots: 3 dots is more than Sari has left (2 of 5). Allowed: a whole number from 0 to 2.
    """
    _check_budget(already_spent, adding, budget, participant)


def _check_budget(already_spent: int, adding: Any, budget: int, participant: str) -> int:
    remaining = max(0, budget - already_spent)
    number = _whole(adding)
    if number is None:
        allowed = whole_between(0, remaining)
        raise ValidationError(field=fieldname("dots"), value=adding, allowed=allowed)
    if already_spent + number > budget:
        raise BudgetError(
            field=fieldname("dots"),
            value=number,
            allowed=whole_between(0, remaining),
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
) -> MethodResult:
    """Give the needs ranked by the dots they received (method "dots").

    With ``budget``, a participant who placed more dots than that raises ``BudgetError``.

    Examples
    --------
    >>> votes = [("Sari", "well", 2), ("Budi", "well", 1), ("Budi", "road", 3), ("Sari", "road", 0)]
    >>> [(x.need, x.score, x.rank) for x in dot_totals(votes, ["road", "well"]).ranking]
    [('road', 3.0, 1), ('well', 3.0, 1)]
    """
    needs = _known(needs)
    totals = dict.fromkeys(needs, 0)
    spent: dict[str, int] = {}
    for participant, need, dots in votes:
        _check_need(need, needs)
        if budget is None:
            number = _whole(dots)
            if number is None:
                allowed = Msg("allowed.whole_number_from", low=0)
                raise ValidationError(field=fieldname("dots"), value=dots, allowed=allowed)
            dots = number
        else:
            dots = _check_budget(spent.get(participant, 0), dots, budget, participant)
        spent[participant] = spent.get(participant, 0) + dots
        totals[need] += dots
    return rank_scores(totals, needs, "dots")
