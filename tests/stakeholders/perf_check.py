"""How the Net-Map analysis scales: the whole analysis at 100 actors / ~500 links and at 1,000
actors / ~5,000 links, on random maps drawn with a fixed seed. Not a test: run it and read the
ratio (the aim is at most about 15).

    python tests/stakeholders/perf_check.py

"The whole analysis" is every per-actor and whole-map function once, the ego network (two
links) and the funding flows up and down for every actor, the paths between 20 pairs, and the
what-if of the 3 top brokers (a what-if recomputes brokerage, so one per actor would be
actors x links by nature; the single points of failure of the whole map are found for every
actor by :func:`single_points_of_failure`).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import networkx as nx

from planning.stakeholders.methods import (
    LINK_TYPES,
    RESOURCES,
    SECTORS,
    actor_metrics,
    build_graph,
    downstream,
    ego_network,
    map_structure,
    mismatches,
    paths_between,
    power_interest_grid,
    reach,
    single_points_of_failure,
    suggestions,
    upstream,
    what_if_removed,
)

SEED = 2024
CLUSTER = 25  # actors per cluster (a village and its partners); most links stay inside one
NEEDS = [
    ("n1", "Stunting", ("funding", "training")),
    ("n2", "Clean water", ("technical", "funding")),
    ("n3", "Farm prices", ("networks",)),
    ("n4", "Youth jobs", ("training",)),
    ("n5", "Flood", ("authority", "technical")),
]


def random_map(n: int, links_per_actor: float = 5.0, seed: int = SEED) -> nx.MultiDiGraph:
    """Give a random Net-Map of ``n`` actors and about ``links_per_actor * n`` links."""
    rng = random.Random(seed)
    sector_weights = [12, 14, 6, 25, 6, 8, 4, 3, 3, 6]
    actors: list[dict[str, Any]] = []
    for i in range(n):
        actors.append(
            {
                "id": f"a{i:04d}",
                "name": f"Actor {i}",
                "sector": rng.choices(SECTORS, sector_weights)[0],
                "level": rng.choice(["dusun", "desa", "kecamatan", "kabupaten"]),
                "stance": rng.choices(["supportive", "neutral", "opposed"], [5, 4, 1])[0],
                "interest": rng.randint(0, 5),
                "resources": tuple(r for r in RESOURCES if rng.random() < 0.2),
                "towers": {"q1": rng.randint(0, 5), "q2": rng.randint(0, 5)},
            }
        )
    ids = [a["id"] for a in actors]
    linked = ids[: int(n * 0.98)]  # the last 2% stay isolated
    type_weights = [3, 5, 2, 2, 4, 2, 1]
    links: list[dict[str, Any]] = []
    for _ in range(int(links_per_actor * n)):
        u = rng.choice(linked)
        if rng.random() < 0.85:
            start = (linked.index(u) // CLUSTER) * CLUSTER
            v = rng.choice(linked[start : start + CLUSTER])
        else:
            v = rng.choice(linked)
        if u != v:
            kind = rng.choices(LINK_TYPES, type_weights)[0]
            links.append({"source": u, "target": v, "type": kind, "strength": rng.randint(1, 3)})
    return build_graph(actors, links)


def whole_analysis(G: nx.MultiDiGraph) -> None:
    """Run every analysis of the map once (see the module's docstring)."""
    rng = random.Random(SEED)
    nodes = sorted(G)
    metrics = actor_metrics(G)
    map_structure(G)
    for a in nodes:
        ego_network(G, a, 2)
        upstream(G, a, "funding")
        downstream(G, a, "funding")
    for _ in range(20):
        paths_between(G, rng.choice(nodes), rng.choice(nodes), limit=3)
    brokers = sorted(metrics, key=lambda a: (-metrics[a].betweenness, a))[:3]
    before = {a: m.betweenness for a, m in metrics.items()}
    for a in brokers:
        what_if_removed(G, a, before=before)
    single_points_of_failure(G)
    power_interest_grid(G, "q1")
    mismatches(G, "q1")
    reach(G)
    suggestions(G, NEEDS, "q1")


def timed(G: nx.MultiDiGraph) -> float:
    """Give the CPU time (``time.process_time``, so other work on the machine weighs less) of
    one whole analysis of ``G``."""
    start = time.process_time()
    whole_analysis(G)
    return time.process_time() - start


def main(repeat: int = 5) -> None:
    """Time the whole analysis at 100 and 1,000 actors, alternating, and keep each best time
    (the least disturbed by other work on the machine)."""
    small, large = random_map(100), random_map(1000)
    best_small = best_large = float("inf")
    for _ in range(repeat):
        best_small = min(best_small, timed(small))
        best_large = min(best_large, timed(large))
    print(f"100 actors, {small.number_of_edges()} edges: {best_small:.3f} s")
    print(f"1000 actors, {large.number_of_edges()} edges: {best_large:.3f} s")
    print(f"ratio: {best_large / best_small:.1f}x")


if __name__ == "__main__":
    main()
