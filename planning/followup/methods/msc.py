"""The Most Significant Change selection (Davies and Dart): per domain and round, the story
with the most votes is selected; a tie selects none and lists the tied stories for the group
to decide, and a selection is stored only with the group's reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Choice", "choose"]


@dataclass(frozen=True)
class Choice:
    """What the votes say in one domain and round: the story they select (None on a tie or
    without votes), the tied stories, and the votes per story (most first)."""

    domain: str
    round: int
    selected: str | None
    tied: tuple[str, ...]
    votes: tuple[tuple[str, int], ...]


def choose(
    stories: Mapping[str, str], votes: Iterable[tuple[str, int, int]], rounds: Iterable[int]
) -> tuple[Choice, ...]:
    """Give the choice of every domain in every round.

    ``stories`` maps a story to its domain (in the order told, which breaks no tie but orders
    the lists); ``votes`` are (story, round, votes) rows.

    Examples
    --------
    >>> stories = {"s1": "participation", "s2": "participation", "s3": "kemandirian"}
    >>> votes = [("s1", 1, 1), ("s1", 1, 1), ("s2", 1, 1), ("s3", 1, 1), ("s1", 2, 1),
    ...          ("s2", 2, 1)]
    >>> for c in choose(stories, votes, [1, 2]):
    ...     print(c.domain, c.round, c.selected, c.tied, c.votes)
    participation 1 s1 () (('s1', 2), ('s2', 1))
    kemandirian 1 s3 () (('s3', 1),)
    participation 2 None ('s1', 's2') (('s1', 1), ('s2', 1))
    kemandirian 2 None () ()
    """
    order = {s: i for i, s in enumerate(stories)}
    counted: dict[tuple[int, str], int] = {}
    for story, rnd, n in votes:
        if story in stories and n:
            counted[(rnd, story)] = counted.get((rnd, story), 0) + n
    domains = list(dict.fromkeys(stories.values()))
    out = []
    for rnd in sorted(set(rounds)):
        for domain in domains:
            tally = sorted(
                ((s, n) for (r, s), n in counted.items() if r == rnd and stories[s] == domain),
                key=lambda x: (-x[1], order[x[0]]),
            )
            top = [s for s, n in tally if n == tally[0][1]] if tally else []
            selected = top[0] if len(top) == 1 else None
            tied = tuple(top) if len(top) > 1 else ()
            out.append(Choice(domain, rnd, selected, tied, tuple(tally)))
    return tuple(out)
