"""Pairwise comparison: the group decides between two needs at a time; wins rank them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planning.errors import ValidationError
from planning.needs.methods.base import MethodResult, _check_need, _known, fieldname, rank_scores


@dataclass(frozen=True)
class PairwiseResult:
    """Pairwise comparison: wins per need and how far the comparisons have got."""

    result: MethodResult  # method "pairwise"
    wins: dict[str, float]
    done: int
    expected: int
    missing: tuple[tuple[str, str], ...]
    complete: bool


# --- pairwise comparison ----------------------------------------------------------------------


def check_pair(a: str, b: str, winner: str | None, needs: Sequence[str]) -> None:
    """Give nothing when (a, b, winner) is a valid comparison; raise ``ValidationError`` if not.

    ``a`` and ``b`` must be two different known needs and ``winner`` one of them, or None for
    a tie (the error's ``allowed`` lists the two needs; a tie is always allowed too).

    Examples
    --------
    >>> check_pair("well", "road", None, ["well", "road"])
    >>> try:
    ...     check_pair("well", "well", "well", ["well", "road", "school"])
    ... except ValidationError as err:
    ...     print(err.field.text("en"), err.value, err.allowed)
    Need B well road, school
    """
    _check_need(a, needs)
    _check_need(b, needs)
    if a == b:
        others = ", ".join(n for n in needs if n != a)
        raise ValidationError("error.self_pair", field=fieldname("pair"), value=a, allowed=others)
    if winner is not None and winner not in (a, b):
        raise ValidationError(
            "error.winner", field=fieldname("winner"), value=winner, allowed=f"{a}, {b}"
        )


def pairwise_wins(
    comparisons: Iterable[tuple[str, str, str | None]],
    needs: Sequence[str],
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
    needs = _known(needs)
    index = {n: i for i, n in enumerate(needs)}
    last: dict[tuple[str, str], str | None] = {}
    for a, b, winner in comparisons:
        check_pair(a, b, winner, needs)
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
        result=rank_scores(wins, needs, "pairwise"),
        wins=wins,
        done=len(last),
        expected=expected,
        missing=missing,
        complete=not missing,
    )


# --- the reasons given at each pair ------------------------------------------------------------


def reason_candidates(reasons: Iterable[str], known: Iterable[str] = ()) -> list[tuple[str, int]]:
    """Give the reasons the group gave at its pairs as candidate criteria: each distinct
    reason (the same words in any case or spacing are one, spelled as first given) with how
    many pairs gave it, most given first (ties in the order first given); empty reasons and
    those already among ``known`` (the criteria's names) left out.

    Examples
    --------
    >>> reason_candidates(["Dirasakan banyak warga", "mendesak", "dirasakan  banyak warga",
    ...                    "", "Biaya"], known=["biaya"])
    [('Dirasakan banyak warga', 2), ('mendesak', 1)]
    """
    have = {" ".join(k.split()).casefold() for k in known}
    counts: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for reason in reasons:
        words = " ".join(str(reason).split())
        key = words.casefold()
        if not key or key in have:
            continue
        spelled.setdefault(key, words)
        counts[key] = counts.get(key, 0) + 1
    order = list(counts)
    ranked = sorted(order, key=lambda k: (-counts[k], order.index(k)))
    return [(spelled[k], counts[k]) for k in ranked]
