"""Individual rankings combined: Borda count, Condorcet winner, Copeland and plurality."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planning.errors import DuplicateError, ValidationError
from planning.needs.methods.base import MethodResult, _check_need, _known, fieldname, rank_scores

# --- individual rankings ----------------------------------------------------------------------


def _positions(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str]
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
            raise ValidationError(field=fieldname("ranking"), value=order, allowed=", ".join(needs))
        places: dict[str, float] = {}
        for place, need in enumerate(order, start=1):
            if need not in known:
                _check_need(need, needs)
            if need in places:
                left = ", ".join(x for x in needs if x not in places)
                raise DuplicateError(
                    field=fieldname("ranking"), value=need, allowed=left, existing=need
                )
            places[need] = float(place)
        k = len(places)
        for need in needs:
            places.setdefault(need, (k + 1 + n) / 2)
        out[participant] = places
    return out


def borda(rankings: Mapping[str, Sequence[str]], needs: Sequence[str]) -> MethodResult:
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
    needs = _known(needs)
    n = len(needs)
    points = dict.fromkeys(needs, 0.0)
    for places in _positions(rankings, needs).values():
        for need, place in places.items():
            points[need] += n - place
    return rank_scores(points, needs, "borda")


def _preferences(
    rankings: Mapping[str, Sequence[str]], needs: Sequence[str]
) -> dict[tuple[str, str], int]:
    """Give, for each ordered pair (x, y), how many participants put x above y."""
    prefer = {(x, y): 0 for x in needs for y in needs if x != y}
    for places in _positions(rankings, needs).values():
        for x, y in prefer:
            if places[x] < places[y]:
                prefer[(x, y)] += 1
    return prefer


def condorcet_winner(rankings: Mapping[str, Sequence[str]], needs: Sequence[str]) -> str | None:
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
    needs = _known(needs)
    prefer = _preferences(rankings, needs)
    for x in needs:
        if all(prefer[(x, y)] > prefer[(y, x)] for y in needs if y != x):
            return x
    return None


def copeland(rankings: Mapping[str, Sequence[str]], needs: Sequence[str]) -> MethodResult:
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
    needs = _known(needs)
    prefer = _preferences(rankings, needs)
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
    return rank_scores(points, needs, "copeland")


def plurality(rankings: Mapping[str, Sequence[str]], needs: Sequence[str]) -> MethodResult:
    """Give the number of participants who put each need first (method "plurality").

    A participant who ranked nothing counts for no need.

    Examples
    --------
    >>> rankings = {"Sari": ["well", "road"], "Budi": ["road"], "Ani": ["well"], "Dewi": []}
    >>> plurality(rankings, ["road", "well"]).scores()
    {'well': 2.0, 'road': 1.0}
    """
    needs = _known(needs)
    _positions(rankings, needs)  # the same checks as every other ranking method
    firsts = dict.fromkeys(needs, 0.0)
    for order in rankings.values():
        if len(order):
            firsts[order[0]] += 1.0
    return rank_scores(firsts, needs, "plurality")
