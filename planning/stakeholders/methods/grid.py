"""The power-interest grid: each actor's quadrant from its influence tower and its interest.

Power is the height of the actor's tower for the chosen influence question (0-5), interest the
0-5 score given in the workshop. Each is *high* from the scale's midpoint, :data:`HIGH_AT` = 2.5,
up: since both are whole numbers, 3, 4 and 5 are high, 0, 1 and 2 are low.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from planning.stakeholders.methods.views import tower

__all__ = ["HIGH_AT", "QUADRANTS", "GridPlace", "power_interest_grid", "quadrant"]

HIGH_AT = 2.5  # midpoint of the 0-5 scales: a value >= HIGH_AT is high
# (high power, high interest), (high, low), (low, high), (low, low)
QUADRANTS: tuple[str, ...] = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")


@dataclass(frozen=True)
class GridPlace:
    """Where one actor sits on the grid."""

    actor: str
    power: int
    interest: int
    quadrant: str


def quadrant(power: float, interest: float) -> str:
    """Give the quadrant of a power and an interest on 0-5 scales (high from :data:`HIGH_AT`).

    Examples
    --------
    >>> quadrant(3, 3), quadrant(3, 2), quadrant(2, 3), quadrant(2, 2)
    ('manage_closely', 'keep_satisfied', 'keep_informed', 'monitor')
    >>> quadrant(2.5, 0), quadrant(5, 5), quadrant(0, 0)
    ('keep_satisfied', 'manage_closely', 'monitor')
    """
    high_power, high_interest = power >= HIGH_AT, interest >= HIGH_AT
    if high_power:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "keep_informed" if high_interest else "monitor"


def power_interest_grid(G: nx.MultiDiGraph, question: str | None = None) -> dict[str, GridPlace]:
    """Give every actor's place on the power-interest grid, in id order.

    Power is the tower for ``question`` (0 for an actor without one); with no question, the
    actor's highest tower.

    Examples
    --------
    >>> from planning.stakeholders.methods.graph import build_graph
    >>> G = build_graph(
    ...     [{"id": "camat", "sector": "government", "interest": 2, "towers": {"air": 3}},
    ...      {"id": "kwt", "sector": "community_group", "interest": 5, "towers": {"air": 2}},
    ...      {"id": "desa", "sector": "village_government", "interest": 3, "towers": {"air": 5}},
    ...      {"id": "radio", "sector": "media", "interest": 1}], [])
    >>> for a, place in power_interest_grid(G, "air").items():
    ...     print(a, place.quadrant)
    camat keep_satisfied
    desa manage_closely
    kwt keep_informed
    radio monitor
    >>> power_interest_grid(G, "air")["radio"]
    GridPlace(actor='radio', power=0, interest=1, quadrant='monitor')
    """
    grid = {}
    for a in sorted(G):
        power, interest = tower(G, a, question), G.nodes[a]["interest"]
        grid[a] = GridPlace(a, power, interest, quadrant(power, interest))
    return grid
