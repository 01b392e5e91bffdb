"""The stakeholder map at scale, ratios measured in one run (the machines are noisy; the ratios
are what count), on random maps drawn with a fixed seed:

1. Add one actor and redraw, against a full re-layout, at 300 actors and 1,500 links: the
   median time to give a new actor its place (``layout.place_missing``: nobody else moves) and
   plan the map again (``charts.map_plan``: every circle, line, arrowhead and label placed),
   against a first layout of every actor from scratch (``layout.first_layout``) and the same
   plan. Target: at most a third of it, and under 100 ms. Rendering that plan as a PNG costs
   the same in both and is printed apart (matplotlib's rasteriser, not the map's logic).
2. The whole analysis at 100 actors / ~500 links and at 1,000 actors / ~5,000 links; the
   ratio printed. Target: at most 15 for ten times the actors.

    python benchmarks/bench_stakeholders.py [--runs 7] [--repeat 5]

"The whole analysis" is every per-actor and whole-map function once, the ego network (two
links) and the funding flows up and down for every actor, the paths between 20 pairs, and the
what-if of the 3 top brokers (a what-if recomputes brokerage, so one per actor would be
actors x links by nature; the single points of failure of the whole map are found for every
actor by :func:`single_points_of_failure`).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def random_map(
    n: int, links_per_actor: float = 5.0, seed: int = SEED, *, exact: bool = False
) -> nx.MultiDiGraph:
    """Give a random Net-Map of ``n`` actors and about ``links_per_actor * n`` links (with
    ``exact``, that many different links: a self-link or a repeat is drawn again)."""
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
    seen: set[tuple[str, ...]] = set()
    wanted = int(links_per_actor * n)
    draws = 0
    while (len(seen) if exact else draws) < wanted:
        draws += 1
        u = rng.choice(linked)
        if rng.random() < 0.85:
            start = (linked.index(u) // CLUSTER) * CLUSTER
            v = rng.choice(linked[start : start + CLUSTER])
        else:
            v = rng.choice(linked)
        if u != v:
            kind = rng.choices(LINK_TYPES, type_weights)[0]
            ends = sorted((u, v)) if kind in ("coordination", "conflict") else [u, v]
            key = (*ends, kind)
            if exact and key in seen:
                continue
            seen.add(key)
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


def map_inputs(
    G: nx.MultiDiGraph,
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str, bool]], list[tuple[str, str]]]:
    """Give what the map is drawn from: actors, links (source, target, type, two-way), and
    the pairs the layout keeps together."""
    actors = {
        a: {"name": d["name"], "sector": d["sector"], "stance": d["stance"],
            "tower": d["towers"].get("q1", 0)}
        for a, d in G.nodes(data=True)
    }  # fmt: skip
    links = [(u, v, k, bool(d["two_way"])) for u, v, k, d in G.edges(keys=True, data=True)]
    pairs = [(u, v) for u, v, k in G.edges(keys=True) if k != "conflict"]
    return actors, links, pairs


def add_and_redraw(
    G: nx.MultiDiGraph, placed: dict[str, tuple[float, float]], before: Any
) -> float:
    """Give the CPU seconds to place one new actor (linked to two others) and plan the map
    again from the plan drawn before (every actor that stays keeps its label)."""
    from planning.stakeholders.charts import map_plan
    from planning.stakeholders.layout import place_missing

    actors, links, pairs = map_inputs(G)
    new = "new-actor"
    old = sorted(placed)[:2]
    actors[new] = {"name": "Bank Sampah", "sector": "community_group", "stance": "supportive",
                   "tower": 3}  # fmt: skip
    links = [*links, (old[0], new, "funding", False), (new, old[1], "coordination", True)]
    pairs = [*pairs, (old[0], new), (new, old[1])]
    start = time.process_time()
    places = {**placed, **place_missing(placed, [new], pairs)}
    map_plan(actors, links, places, previous=before)
    return time.process_time() - start


def relayout_and_redraw(
    G: nx.MultiDiGraph,
) -> tuple[float, dict[str, tuple[float, float]], Any]:
    """Give the CPU seconds to lay out every actor from scratch and plan the map, the places
    and the plan."""
    from planning.stakeholders.charts import map_plan
    from planning.stakeholders.layout import first_layout

    actors, links, pairs = map_inputs(G)
    start = time.process_time()
    places = first_layout(actors, pairs)
    plan = map_plan(actors, links, places)
    return time.process_time() - start, places, plan


def png_seconds(G: nx.MultiDiGraph, places: dict[str, tuple[float, float]]) -> float:
    """Give the CPU seconds matplotlib takes to render the planned map as a PNG."""
    from planning.stakeholders.charts import figure_bytes, map_figure, map_plan

    actors, links, _ = map_inputs(G)
    plan = map_plan(actors, links, places)
    start = time.process_time()
    figure_bytes(map_figure(plan, lang="en"), "png", 100, tight=False)
    return time.process_time() - start


def main() -> None:
    """Run both measures and print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repetitions of the map measures")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of the analysis")
    args = parser.parse_args()

    big = random_map(300, links_per_actor=5.0, exact=True)
    relayout_and_redraw(big)  # warm the imports
    adds, fulls = [], []
    placed: dict[str, tuple[float, float]] = {}
    for _ in range(args.runs):  # interleaved, so both see the same noise
        full, placed, plan = relayout_and_redraw(big)
        fulls.append(full)
        adds.append(add_and_redraw(big, placed, plan))
    m_add, m_full = statistics.median(adds), statistics.median(fulls)
    entered = sum(1 for *_, d in big.edges(data=True) if not d["two_way"])
    entered += sum(1 for *_, d in big.edges(data=True) if d["two_way"]) // 2
    print(f"map of 300 actors, {entered} links ({args.runs} runs, CPU time medians):")
    print(f"  add one actor and redraw: {m_add * 1000:.1f} ms (target < 100 ms)")
    print(f"  full re-layout and redraw: {m_full * 1000:.1f} ms")
    print(f"  ratio: {m_add / m_full:.2f} (target <= 0.33)")
    print(f"  rendering that map as a PNG (both cases): {png_seconds(big, placed) * 1000:.0f} ms")

    small, large = random_map(100), random_map(1000)
    best_small = best_large = float("inf")
    for _ in range(args.repeat):
        best_small = min(best_small, timed(small))
        best_large = min(best_large, timed(large))
    print("whole analysis (CPU time, best of each):")
    print(f"  100 actors, {small.number_of_edges()} edges: {best_small:.3f} s")
    print(f"  1000 actors, {large.number_of_edges()} edges: {best_large:.3f} s")
    print(f"  ratio: {best_large / best_small:.1f}x (target <= 15)")


if __name__ == "__main__":
    main()
