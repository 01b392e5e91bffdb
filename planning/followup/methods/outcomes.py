"""The three outcomes of empowerment over the rounds: participation (who contributed in each
round, by gender), kemandirian (the share of the money from the community's own swadaya and
the village's own revenue, planned against realised) and quality of life (the lights of the
indicators tagged with it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["OWN_SOURCES", "OwnShare", "RoundParticipation", "own_share", "participation"]

OWN_SOURCES = ("swadaya", "pad_desa")
"""The community's self-help and the village's own revenue (Pendapatan Asli Desa)."""


@dataclass(frozen=True)
class RoundParticipation:
    """Who contributed in one round: how many people, and how many of each gender."""

    round: int
    people: int
    by_gender: dict[str, int]


@dataclass(frozen=True)
class OwnShare:
    """The share of the money from the village's own sources, planned and realised."""

    planned: float | None
    realised: float | None


def participation(
    contributors: Mapping[int, Iterable[str]], gender: Mapping[str, str]
) -> tuple[RoundParticipation, ...]:
    """Give per round the number of different people who contributed, by gender.

    Examples
    --------
    >>> g = {"p1": "female", "p2": "male", "p3": "female"}
    >>> for x in participation({2: ["p1", "p2", "p1"], 1: ["p1"]}, g):
    ...     print(x.round, x.people, x.by_gender)
    1 1 {'female': 1}
    2 2 {'female': 1, 'male': 1}
    """
    out = []
    for rnd in sorted(contributors):
        people = sorted(set(contributors[rnd]))
        counted = Counter(gender.get(p, "other") for p in people)
        out.append(RoundParticipation(rnd, len(people), dict(sorted(counted.items()))))
    return tuple(out)


def own_share(planned: Mapping[str, int], spent: Mapping[str, int]) -> OwnShare:
    """Give the share of the money from :data:`OWN_SOURCES`, planned and realised (by source).

    Examples
    --------
    >>> own_share({"dana_desa": 80, "swadaya": 20}, {"dana_desa": 30, "swadaya": 10})
    OwnShare(planned=0.2, realised=0.25)
    >>> own_share({}, {})
    OwnShare(planned=None, realised=None)
    """

    def share(by: Mapping[str, int]) -> float | None:
        total = sum(by.values())
        return sum(by.get(s, 0) for s in OWN_SOURCES) / total if total else None

    return OwnShare(share(planned), share(spent))
