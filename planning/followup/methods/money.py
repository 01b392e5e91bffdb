"""What was done and spent: an activity's light, money ahead of work, and realisation (planned
against spent) by funding source, bidang, strategy and need.

Money runs ahead of work when the share of the activity's cost spent exceeds its physical
progress by more than :data:`AHEAD_POINTS` percentage points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planning.followup.methods.lights import elapsed, light

__all__ = [
    "AHEAD_POINTS",
    "ActivityState",
    "Line",
    "Visit",
    "activity_state",
    "money_ahead",
    "realisation",
]

AHEAD_POINTS = 20


@dataclass(frozen=True)
class Visit:
    """A visit to an activity: day, physical progress (0-100), amount spent so far, status."""

    date: dt.date
    physical: int
    spent: int
    status: str = "on_track"


@dataclass(frozen=True)
class ActivityState:
    """Where an activity stands at its latest visit."""

    light: str
    physical: int | None
    elapsed: float | None
    spent: int
    spent_share: float | None
    ahead: bool
    status: str
    latest: Visit | None


def money_ahead(spent: int, cost: int, physical: int) -> bool:
    """Whether the share spent is more than 20 points ahead of the physical progress.

    Examples
    --------
    >>> money_ahead(6_000_000, 10_000_000, 39), money_ahead(6_000_000, 10_000_000, 40)
    (True, False)
    >>> money_ahead(100, 0, 0)  # money spent on an activity that costs nothing
    True
    """
    if cost <= 0:
        return spent > 0
    return spent * 100 / cost - physical > AHEAD_POINTS


def activity_state(
    visits: Iterable[Visit], start: dt.date, end: dt.date, cost: int
) -> ActivityState:
    """Give an activity's light (physical progress against the share of its own dates passed)
    and whether money runs ahead of work, from its latest visit.

    A dropped activity has no light; a done one is green.

    Examples
    --------
    >>> d = dt.date
    >>> v = [Visit(d(2026, 3, 2), 45, 8_000_000), Visit(d(2026, 2, 15), 20, 2_000_000)]
    >>> s = activity_state(v, d(2026, 2, 1), d(2026, 3, 31), 10_000_000)
    >>> s.light, s.physical, round(s.elapsed, 3), s.spent_share, s.ahead
    ('amber', 45, 0.5, 0.8, True)
    >>> activity_state([], d(2026, 2, 1), d(2026, 3, 31), 1).light
    'none'
    """
    ordered = sorted(visits, key=lambda v: v.date)
    if not ordered:
        return ActivityState("none", None, None, 0, None, False, "", None)
    last = ordered[-1]
    passed = elapsed(last.date, start, end)
    share = last.spent / cost if cost > 0 else None
    if last.status == "dropped":
        shown = "none"
    elif last.status == "done":
        shown = "green"
    else:
        shown = light(last.physical / 100, passed)
    ahead = money_ahead(last.spent, cost, last.physical)
    return ActivityState(shown, last.physical, passed, last.spent, share, ahead, last.status, last)


@dataclass(frozen=True)
class Line:
    """Planned against spent for one source, bidang, strategy or need."""

    key: str
    planned: int
    spent: int

    @property
    def share(self) -> float | None:
        """Give the share of the planned amount spent (None when nothing was planned)."""
        return self.spent / self.planned if self.planned else None


def realisation(
    planned: Mapping[str, int], spent: Mapping[str, int], groups: Mapping[str, str]
) -> tuple[Line, ...]:
    """Give planned against spent per group (each activity's group in ``groups``), in the
    order groups first appear, then the whole.

    Examples
    --------
    >>> r = realisation({"a": 100, "b": 50, "c": 30}, {"a": 40, "c": 30},
    ...                 {"a": "dana_desa", "b": "swadaya", "c": "dana_desa"})
    >>> [(x.key, x.planned, x.spent, round(x.share, 2)) for x in r]
    [('dana_desa', 130, 70, 0.54), ('swadaya', 50, 0, 0.0), ('', 180, 70, 0.39)]
    """
    lines: dict[str, list[int]] = {}
    for activity, group in groups.items():
        line = lines.setdefault(group, [0, 0])
        line[0] += planned.get(activity, 0)
        line[1] += spent.get(activity, 0)
    out = [Line(k, p, s) for k, (p, s) in lines.items()]
    out.append(Line("", sum(x.planned for x in out), sum(x.spent for x in out)))
    return tuple(out)
