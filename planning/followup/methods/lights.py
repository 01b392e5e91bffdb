"""Green, amber and red: how far an indicator or an activity has come against the time passed.

An indicator with baseline ``b`` at its baseline date and target ``T`` at its target date, read
``v`` on day ``r``: achieved = (v - b) / (T - b), the same for a falling target (stunting
prevalence), and elapsed = the share of the time from the baseline date to the target date
passed at ``r``, clipped to [0, 1]. Green when achieved >= elapsed, amber when achieved >=
elapsed - 0.10, red otherwise; no light without a reading. An activity is read the same way:
its physical progress against the share of its own dates passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "AMBER_BAND",
    "LIGHTS",
    "IndicatorLight",
    "Reading",
    "achieved",
    "elapsed",
    "indicator_light",
    "light",
]

LIGHTS = ("green", "amber", "red", "none")
AMBER_BAND = 0.10
# Compared with a little room, so 0.3 achieved against 0.4 elapsed is amber, as worked by hand,
# not red because 0.4 - 0.1 is 0.30000000000000004 in floating point.
_EPS = 1e-9


@dataclass(frozen=True)
class Reading:
    """One reading of an indicator: its day and value."""

    date: dt.date
    value: float


@dataclass(frozen=True)
class IndicatorLight:
    """An indicator's light from its latest reading, and the trend of all its readings."""

    light: str
    achieved: float | None
    elapsed: float | None
    latest: Reading | None
    trend: tuple[tuple[Reading, float | None], ...]


def achieved(value: float, baseline: float, target: float) -> float | None:
    """Give the share of the way from baseline to target a value has come (None when the
    target is the baseline).

    Examples
    --------
    >>> achieved(60, 40, 80)
    0.5
    >>> achieved(24, 30, 20)  # a falling target: 30% stunting down to 20%
    0.6
    >>> achieved(35, 30, 20)  # worse than the baseline
    -0.5
    >>> achieved(5, 5, 5) is None
    True
    """
    if target == baseline:
        return None
    return (value - baseline) / (target - baseline)


def elapsed(day: dt.date, start: dt.date, end: dt.date) -> float:
    """Give the share of the time from ``start`` to ``end`` passed on ``day``, in [0, 1].

    Examples
    --------
    >>> d = dt.date
    >>> elapsed(d(2026, 7, 2), d(2026, 1, 1), d(2026, 12, 31))
    0.5
    >>> elapsed(d(2027, 3, 1), d(2026, 1, 1), d(2026, 12, 31))  # after the target date
    1.0
    >>> elapsed(d(2025, 12, 1), d(2026, 1, 1), d(2026, 12, 31))
    0.0
    """
    span = (end - start).days
    if span <= 0:
        return 1.0 if day >= end else 0.0
    return min(1.0, max(0.0, (day - start).days / span))


def light(done: float | None, passed: float | None) -> str:
    """Give the light of a share done against the share of time passed.

    Examples
    --------
    >>> light(0.5, 0.5), light(0.4, 0.5), light(0.39, 0.5), light(None, 0.5)
    ('green', 'amber', 'red', 'none')
    >>> light(0.3, 0.4)  # exactly 0.10 below: amber
    'amber'
    """
    if done is None or passed is None:
        return "none"
    if done >= passed - _EPS:
        return "green"
    if done >= passed - AMBER_BAND - _EPS:
        return "amber"
    return "red"


def indicator_light(
    readings: Iterable[Reading],
    baseline: float | None,
    target: float | None,
    baseline_date: dt.date,
    target_date: dt.date,
) -> IndicatorLight:
    """Give an indicator's light from its latest reading (the trend keeps every reading).

    An indicator without a baseline or a target, or whose target is its baseline, has no light.

    Examples
    --------
    >>> d = dt.date
    >>> r = [Reading(d(2026, 7, 2), 58.0), Reading(d(2026, 4, 1), 45.0)]
    >>> x = indicator_light(r, 40, 80, d(2026, 1, 1), d(2026, 12, 31))
    >>> x.light, round(x.achieved, 3), x.elapsed, x.latest.value
    ('amber', 0.45, 0.5, 58.0)
    >>> [round(a, 3) for _, a in x.trend]
    [0.125, 0.45]
    >>> indicator_light([], 40, 80, d(2026, 1, 1), d(2026, 12, 31)).light
    'none'
    """
    ordered: Sequence[Reading] = sorted(readings, key=lambda r: r.date)
    trend: tuple[tuple[Reading, float | None], ...]
    if baseline is None or target is None:
        trend = tuple((r, None) for r in ordered)
        return IndicatorLight("none", None, None, ordered[-1] if ordered else None, trend)
    trend = tuple((r, achieved(r.value, baseline, target)) for r in ordered)
    if not ordered:
        return IndicatorLight("none", None, None, None, ())
    latest = ordered[-1]
    done = trend[-1][1]
    passed = elapsed(latest.date, baseline_date, target_date)
    return IndicatorLight(light(done, passed), done, passed, latest, trend)
