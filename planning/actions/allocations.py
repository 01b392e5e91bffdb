"""The vote-based allocations of the stored plan: the Method of Equal Shares with completion
and the greedy rule, side by side (:mod:`planning.actions.methods.allocation`, through
pabutools), remembered between processes.

Importing pabutools (with numpy and pulp) takes longer than everything else ``planning summary``
does, and the result only depends on the activities' ids, titles and costs, the ballots and the
budget. So :func:`compare` keeps each result in a small JSON file named by a hash of exactly
those inputs (and of the pabutools version) in the user's planning folder
(``$PLANNING_HOME/cache``): the same inputs give the same file, any change gives another, and a
file that cannot be read or written is simply computed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from planning.actions.methods.allocation import (
    Allocation,
    AllocationComparison,
    ComparisonRow,
    compare_allocations,
)
from planning.actions.methods.model import Activity

CACHE_FORMAT = 1


def _pabutools_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pabutools")
    except PackageNotFoundError:  # pragma: no cover - a dependency
        return "?"


def cache_key(activities: Sequence[Activity], ballots: Mapping[str, Any], budget: int) -> str:
    """Give the name of the inputs of an allocation: a hash of what the result depends on.

    Examples
    --------
    >>> from datetime import date
    >>> a = Activity("A1", "Sumur", "", "N1", "support", "2", "2.4", "", (), "", 1, "unit",
    ...              0, 0, 0, 0, date(2026, 1, 1), date(2026, 1, 2), 10, "dana_desa",
    ...              "swakelola", "village_budget", "agreed")
    >>> cache_key([a], {"Ani": ["A1"]}, 10) == cache_key([a], {"Ani": ["A1"]}, 10)
    True
    >>> cache_key([a], {"Ani": ["A1"]}, 10) == cache_key([a], {"Ani": ["A1"]}, 11)
    False
    """
    canonical = {
        "format": CACHE_FORMAT,
        "pabutools": _pabutools_version(),
        "activities": [[a.id, a.title, a.cost] for a in activities],
        "ballots": {
            voter: dict(sorted(b.items())) if isinstance(b, Mapping) else list(b)
            for voter, b in sorted(ballots.items())
        },
        "budget": budget,
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _to_json(c: AllocationComparison) -> dict[str, Any]:
    def alloc(a: Allocation) -> dict[str, Any]:
        return {"rule": a.rule, "funded": list(a.funded), "spent": a.spent, "budget": a.budget}

    return {
        "budget": c.budget,
        "dots": c.dots,
        "equal_shares": alloc(c.equal_shares),
        "greedy": alloc(c.greedy),
        "rows": [
            [r.activity, r.title, r.cost, r.support, r.voters, r.by_equal_shares, r.by_greedy]
            for r in c.rows
        ],
    }


def _from_json(data: dict[str, Any]) -> AllocationComparison:
    def alloc(a: dict[str, Any]) -> Allocation:
        return Allocation(a["rule"], tuple(a["funded"]), int(a["spent"]), int(a["budget"]))

    return AllocationComparison(
        int(data["budget"]),
        bool(data["dots"]),
        alloc(data["equal_shares"]),
        alloc(data["greedy"]),
        tuple(ComparisonRow(*row) for row in data["rows"]),
    )


def _cache_dir() -> Path:
    from planning.paths import home_dir

    return home_dir() / "cache"


def compare(
    activities: Sequence[Activity], ballots: Mapping[str, Any], budget: int
) -> AllocationComparison:
    """Give which activities each rule funds with ``budget`` on these ballots (from the cache
    when these exact inputs were allocated before)."""
    try:
        path = _cache_dir() / f"allocation-{cache_key(activities, ballots, budget)}.json"
    except OSError:
        return compare_allocations(activities, ballots, budget)
    try:
        return _from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result = compare_allocations(activities, ballots, budget)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_to_json(result), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return result
