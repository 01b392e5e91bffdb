"""The vote-based allocations of the stored plan: the Method of Equal Shares with completion
and the greedy rule, side by side (:mod:`planning.actions.methods.allocation`, through
pabutools)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from planning.actions.methods.allocation import AllocationComparison, compare_allocations
from planning.actions.methods.model import Activity


def compare(
    activities: Sequence[Activity], ballots: Mapping[str, Any], budget: int
) -> AllocationComparison:
    """Give which activities each rule funds with ``budget`` on these ballots."""
    return compare_allocations(activities, ballots, budget)
