"""The follow-up at scale, ratios measured in one run (the machines are noisy; the ratios are
what count):

1. The map between two rounds at 1,000 actors / ~5,000 links against one whole analysis of
   the map (``bench_stakeholders.whole_analysis``): the diff given both rounds' measures (what
   the stage does: each round's measures are the map's own, kept once computed), and the diff
   that also computes both rounds' measures (``actor_metrics`` twice). Target: at most 1.5x.
   The stage's first look at a round computes that round's whole analysis once (the map as it
   was, ``stages.result(ws.as_of(change), "stakeholders")``), which is printed apart.
2. The lights and the realisation (the stage's whole result, ``assessment.compute``, from the
   store) at 200 activities and 2,000 readings against 20 and 200. Target: ratio at most 12.

    python benchmarks/bench_followup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx
from bench_stakeholders import random_map, whole_analysis

from planning.followup.assessment import compute
from planning.followup.methods.mapdiff import Measures, diff_maps
from planning.stakeholders.methods import actor_metrics
from planning.store import create_workshop

SEED = 2026


def next_round(G: nx.MultiDiGraph, seed: int = SEED) -> nx.MultiDiGraph:
    """Give the map of the next round: 2% of the links lost, as many new, 10 actors added,
    towers moved for a tenth of the actors."""
    rng = random.Random(seed)
    H = G.copy()
    edges = list(H.edges(keys=True))
    for u, v, k in rng.sample(edges, len(edges) // 50):
        if H.has_edge(u, v, k):
            H.remove_edge(u, v, k)
    nodes = sorted(H)
    for i in range(10):
        like = dict(H.nodes[rng.choice(nodes)])  # a new actor of the same kind as another
        H.add_node(f"new{i}", **{**like, "name": f"New {i}", "towers": {}})
        H.add_edge(f"new{i}", rng.choice(nodes), key="information", two_way=False)
    for u in rng.sample(nodes, len(nodes) // 50):
        H.add_edge(u, rng.choice(nodes), key="funding", two_way=False)
    for a in rng.sample(nodes, len(nodes) // 10):
        H.nodes[a]["towers"] = {**H.nodes[a]["towers"], "q1": rng.randint(0, 5)}
    return H


def cpu(work, runs: int) -> float:
    """Give the median CPU seconds of ``work()`` over ``runs``."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _measures(G: nx.MultiDiGraph) -> Measures:
    m = actor_metrics(G)
    return Measures(
        {a: x.betweenness for a, x in m.items()}, {a: x.closeness for a, x in m.items()}
    )


def bench_map(runs: int) -> None:
    before = random_map(1000)
    after = next_round(before)
    whole = cpu(lambda: whole_analysis(after), max(1, runs // 2))
    mb, ma = _measures(before), _measures(after)
    given = cpu(lambda: diff_maps(before, after, before_measures=mb, after_measures=ma), runs)
    both = cpu(
        lambda: diff_maps(
            before, after, before_measures=_measures(before), after_measures=_measures(after)
        ),
        max(1, runs // 2),
    )
    print("1. The map between two rounds, 1,000 actors:")
    print(f"   one whole analysis            {whole * 1000:9.1f} ms")
    for what, took in (("diff, measures given", given), ("diff, both measures computed", both)):
        ratio = took / whole
        print(f"   {what:29s} {took * 1000:9.1f} ms  ratio {ratio:5.2f} (target <= 1.5)")


def workshop(folder: Path, activities: int, readings: int):
    """Give a workshop with a plan of ``activities`` (one indicator each), ``readings`` spread
    over the indicators and a visit per activity."""
    rng = random.Random(SEED)
    ws = create_workshop(folder / f"w{activities}.sqlite", title="Bench", language="en")
    ws.add("plan_settings", setting="year", value="2026")
    ws.add_many("activities", [
        {"title": f"Activity {i}", "strategy": "support", "bidang": str(1 + i % 5),
         "start": "2026-02-01", "end": "2026-11-30", "cost": 1_000_000 * (1 + i % 9),
         "source": rng.choice(["dana_desa", "add", "swadaya", "pad_desa"])}
        for i in range(activities)
    ])  # fmt: skip
    ws.add_many("indicators", [
        {"name": f"Indicator {i}", "activity": f"Activity {i}", "baseline": 0, "target": 100,
         "target_date": "2026-12-31"}
        for i in range(activities)
    ])  # fmt: skip
    ws.add_many("indicator_readings", [
        {"indicator": f"Indicator {i % activities}",
         "date": f"2026-{1 + (i // activities) % 12:02d}-{1 + (i // (activities * 12)) % 28:02d}",
         "value": rng.randint(0, 100)}
        for i in range(readings)
    ])  # fmt: skip
    ws.add_many("progress", [
        {"activity": f"Activity {i}", "date": "2026-06-15", "physical": rng.randint(0, 100),
         "spent": rng.randint(0, 9) * 1_000_000}
        for i in range(activities)
    ])  # fmt: skip
    return ws


def bench_lights(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small = workshop(Path(tmp), 20, 200)
        large = workshop(Path(tmp), 200, 2000)
        for w in (small, large):
            compute(w)  # read every kind once; the store keeps the snapshots
        ts, tl = cpu(lambda: compute(small), runs), cpu(lambda: compute(large), runs)
        small.close()
        large.close()
    print("2. Lights and realisation (the stage's whole result):")
    print(f"   20 activities, 200 readings     {ts * 1000:8.1f} ms")
    ratio = tl / ts
    print(
        f"   200 activities, 2,000 readings  {tl * 1000:8.1f} ms  ratio {ratio:5.2f} (target <= 12)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bench_map(args.runs)
    bench_lights(args.runs)


if __name__ == "__main__":
    main()
