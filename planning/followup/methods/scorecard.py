"""The community score card (CARE): per criterion and group, the score in each round and the
change from the previous round; the gap between two groups (women and men, users and
providers) in a round.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Gap", "ScoreLine", "gaps", "score_lines"]


@dataclass(frozen=True)
class ScoreLine:
    """One criterion and group: its score per round (in round order) and the change from the
    previous round the group scored (None in its first)."""

    criterion: str
    group: str
    scores: tuple[tuple[int, int], ...]
    changes: tuple[tuple[int, int | None], ...]

    @property
    def latest_change(self) -> int | None:
        """Give the change at the latest round (None when scored once)."""
        return self.changes[-1][1] if self.changes else None


@dataclass(frozen=True)
class Gap:
    """The gap between two groups on a criterion in a round: ``first`` minus ``second``."""

    criterion: str
    round: int
    first: str
    second: str
    gap: int


def score_lines(scores: Iterable[tuple[str, str, int, int]]) -> tuple[ScoreLine, ...]:
    """Give the score lines from (criterion, group, round, score) rows, in the order criteria
    and groups first appear.

    Examples
    --------
    >>> rows = [("air", "women", 1, 2), ("air", "men", 1, 4), ("air", "women", 2, 4),
    ...         ("air", "men", 2, 3)]
    >>> for x in score_lines(rows):
    ...     print(x.criterion, x.group, x.scores, x.changes, x.latest_change)
    air women ((1, 2), (2, 4)) ((1, None), (2, 2)) 2
    air men ((1, 4), (2, 3)) ((1, None), (2, -1)) -1
    """
    found: dict[tuple[str, str], dict[int, int]] = {}
    for criterion, group, rnd, score in scores:
        found.setdefault((criterion, group), {})[rnd] = score
    out = []
    for (criterion, group), by_round in found.items():
        ordered = tuple(sorted(by_round.items()))
        changes = tuple(
            (rnd, None if i == 0 else score - ordered[i - 1][1])
            for i, (rnd, score) in enumerate(ordered)
        )
        out.append(ScoreLine(criterion, group, ordered, changes))
    return tuple(out)


def gaps(lines: Iterable[ScoreLine], first: str, second: str) -> tuple[Gap, ...]:
    """Give the gap between two groups per criterion and round both scored.

    Examples
    --------
    >>> lines = score_lines([("air", "women", 1, 2), ("air", "men", 1, 4),
    ...                      ("air", "women", 2, 4), ("air", "men", 2, 3)])
    >>> [(g.round, g.gap) for g in gaps(lines, "women", "men")]
    [(1, -2), (2, 1)]
    """
    by: dict[tuple[str, str], dict[int, int]] = {}
    for x in lines:
        by[(x.criterion, x.group)] = dict(x.scores)
    criteria = list(dict.fromkeys(c for c, _ in by))
    out = []
    for c in criteria:
        a, b = by.get((c, first), {}), by.get((c, second), {})
        out += [Gap(c, r, first, second, a[r] - b[r]) for r in sorted(set(a) & set(b))]
    return tuple(out)
