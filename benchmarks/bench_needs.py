"""The needs scenario at workshop scale: does every ranking grow close to linearly with the
participants, and does a cast dot vote redraw the results panel fast enough to feel instant?

Two workshops are built in a temporary folder with a fixed random seed, through the public
store API in bulk: 10 and 100 participants, each with 40 needs and 5 criteria; every
participant scores every need on every criterion (2,000 and 20,000 scores), places dots
within a budget of 10, and ranks all 40 needs; all 780 pairs of needs are compared.

1. Every ranking computed: ``assess(ws)`` plus ``results_html(...)`` on a freshly opened
   workshop (a new ``open_workshop`` per repetition, so its read cache is empty). Medians at
   10 and at 100 participants, measured interleaved in the same run (the machines are noisy;
   the ratio is what counts). Target: ratio 100/10 at most 12, growth close to linear.
2. Cast vote -> redrawn results panel: a ``ResultsPanel`` and a ``DotVotePanel`` on the
   100-participant workshop; the time from calling ``cast(need, +/-1)`` until the results
   panel has redrawn (it redraws inside the store's change callback). Target: median 100 ms,
   what people perceive as instant.

    python benchmarks/bench_needs.py [--runs 5] [--casts 20] [--seed 20240917]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

N_NEEDS = 40
CRITERIA = (
    "Dirasakan banyak orang",
    "Parah",
    "Menghambat pendapatan",
    "Sering terjadi",
    "Ada potensi lokal",
)
WEIGHTS = (3, 2, 2, 1, 1)
DOT_BUDGET = 10
RATIO_TARGET = 12.0
INSTANT_MS = 100.0


def build(path: Path, participants: int, seed: int) -> tuple[float, dict[str, int]]:
    """Create the workshop at ``path``; give the seconds it took and the record counts."""
    from planning.store import create_workshop

    rng = random.Random(seed)
    start = time.perf_counter()
    ws = create_workshop(path, title=f"Musdus {participants} peserta", language="en")
    try:
        ws.update_info(dot_budget=DOT_BUDGET)
        people = ws.add_many(
            "participants",
            [
                {
                    "name": f"Peserta {i + 1:03d}",
                    "gender": rng.choice(("female", "male")),
                    "dusun": f"Dusun {rng.randint(1, 4)}",
                }
                for i in range(participants)
            ],
        )
        needs = ws.add_many(
            "needs",
            [
                {
                    "title": f"Kebutuhan {j + 1:02d}",
                    "category": "other",
                    "households": rng.randint(5, 300),
                }
                for j in range(N_NEEDS)
            ],
        )
        criteria = ws.add_many(
            "criteria",
            [
                {"name": name, "weight": weight}
                for name, weight in zip(CRITERIA, WEIGHTS, strict=True)
            ],
        )
        # Each need has a latent importance, so the methods mostly (not fully) agree.
        merit = {n.id: rng.gauss(0, 1) for n in needs}
        line = 0
        batches: dict[str, list[tuple[int, dict[str, Any]]]] = {
            "scores": [],
            "dot_votes": [],
            "rankings": [],
            "pairwise": [],
        }

        def row(kind: str, data: dict[str, Any]) -> None:
            nonlocal line
            line += 1
            batches[kind].append((line, data))

        for p in people:
            for n in needs:
                for c in criteria:
                    value = round(3 + merit[n.id] + rng.gauss(0, 1))
                    row(
                        "scores",
                        {
                            "rater": p.name,
                            "need": n.id,
                            "criterion": c.id,  # type: ignore[attr-defined]
                            "value": min(5, max(1, value)),
                        },
                    )
            # Spend 6-10 of the 10 dots over a few needs, so some people have dots left.
            dots: dict[str, int] = {}
            favourites = sorted(needs, key=lambda n: -(merit[n.id] + rng.gauss(0, 1)))[:6]
            for _ in range(rng.randint(6, DOT_BUDGET)):
                need = rng.choice(favourites).id
                dots[need] = dots.get(need, 0) + 1
            for need, count in dots.items():
                row("dot_votes", {"participant": p.id, "need": need, "dots": count})
            order = sorted(needs, key=lambda n: -(merit[n.id] + rng.gauss(0, 1.2)))
            for rank, n in enumerate(order, start=1):
                row("rankings", {"participant": p.id, "need": n.id, "rank": rank})
        for i, a in enumerate(needs):
            for b in needs[i + 1 :]:
                gap = merit[a.id] - merit[b.id] + rng.gauss(0, 0.7)
                winner = "" if abs(gap) < 0.1 else (a.id if gap > 0 else b.id)
                row("pairwise", {"need_a": a.id, "need_b": b.id, "winner": winner})
        ws.import_records(batches, source="bench_needs")
        counts = ws.counts()
    finally:
        ws.close()
    return time.perf_counter() - start, counts


def every_ranking(path: Path) -> float:
    """Give the seconds of assess + results_html on a freshly opened workshop (cold cache)."""
    from planning.needs.assessment import assess
    from planning.needs.views import results_html
    from planning.store import open_workshop

    ws = open_workshop(path)
    try:
        lang = ws.lang
        start = time.perf_counter()
        html = results_html(assess(ws), lang)
        seconds = time.perf_counter() - start
    finally:
        ws.close()
    assert "Kebutuhan" in html, "the results panel shows no needs"
    return seconds


def pct(values: list[float], q: float) -> float:
    """Give the q-quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def cast_to_redraw(path: Path, casts: int) -> dict[str, list[float]]:
    """Give, per cast, the ms until the results panel redrew, the whole cast(), the draw."""
    from planning.needs.panels import DotVotePanel, ResultsPanel
    from planning.store import open_workshop

    ws = open_workshop(path)
    try:
        results = ResultsPanel(ws)
        dots = DotVotePanel(ws)
        redrawn_at: list[float] = []
        # Subscribed after the panel, so it runs once the panel's redraw has finished.
        ws.subscribe(lambda _kind: redrawn_at.append(time.perf_counter()))
        budget = ws.info().dot_budget
        spent: dict[str, int] = {}
        voted: dict[str, str] = {}
        for v in ws.records("dot_votes"):
            spent[v.participant] = spent.get(v.participant, 0) + v.dots  # type: ignore[attr-defined]
            voted.setdefault(v.participant, v.need)  # type: ignore[attr-defined]
        who = next(p for p in spent if spent[p] < budget)
        need = voted[who]
        dots.choose(who)
        out: dict[str, list[float]] = {"redraw": [], "cast": [], "draw": []}
        changed = 0
        for i in range(casts):
            before = results.html
            redrawn_at.clear()
            start = time.perf_counter()
            dots.step(need, +1 if i % 2 == 0 else -1)
            end = time.perf_counter()
            if len(redrawn_at) != 1:
                raise SystemExit(
                    f"cast {i}: the store announced {len(redrawn_at)} changes, "
                    f"not 1 ({dots.status})"
                )
            changed += results.html != before
            out["redraw"].append((redrawn_at[0] - start) * 1000)
            out["cast"].append((end - start) * 1000)
            out["draw"].append(results.last_draw_seconds * 1000)
        if changed != casts:
            raise SystemExit(f"the results panel changed on {changed} of {casts} casts")
        return out
    finally:
        ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="repetitions of every ranking")
    parser.add_argument("--casts", type=int, default=20, help="votes cast on the panel")
    parser.add_argument("--seed", type=int, default=20240917)
    args = parser.parse_args()

    sizes = (10, 100)
    with tempfile.TemporaryDirectory() as tmp:
        paths = {n: Path(tmp) / f"needs-{n}.sqlite" for n in sizes}
        for n in sizes:
            seconds, counts = build(paths[n], n, args.seed + n)
            shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
            print(f"built {n:>3} participants in {seconds:6.2f} s ({shown})")

        every_ranking(paths[10]), every_ranking(paths[100])  # warm imports and file cache
        times: dict[int, list[float]] = {n: [] for n in sizes}
        for _ in range(args.runs):  # interleaved, so both sizes see the same noise
            for n in sizes:
                times[n].append(every_ranking(paths[n]))
        med = {n: statistics.median(times[n]) for n in sizes}
        print()
        print("every ranking computed (assess + results_html, cold workshop object):")
        for n in sizes:
            print(
                f"  {n:>3} participants: median {med[n]:.3f} s over {args.runs} runs "
                f"(min {min(times[n]):.3f}, max {max(times[n]):.3f})"
            )
        ratio = med[100] / med[10]
        verdict = "ok" if ratio <= RATIO_TARGET else "MISSED"
        print(
            f"  ratio 100/10: {ratio:.2f} (target <= {RATIO_TARGET:g}; linear would be 10) "
            f"{verdict}"
        )

        ms = cast_to_redraw(paths[100], args.casts)
        print()
        print(f"cast vote -> redrawn results panel (100 participants, {args.casts} casts):")
        for key, text in (
            ("redraw", "cast() to results panel redrawn"),
            ("draw", "  of which the panel's own redraw"),
            ("cast", "whole cast() incl. the dot panel"),
        ):
            print(
                f"  {text}: median {statistics.median(ms[key]):7.1f} ms, "
                f"p90 {pct(ms[key], 0.9):7.1f} ms"
            )
        median = statistics.median(ms["redraw"])
        verdict = "ok" if median <= INSTANT_MS else "MISSED"
        print(f"  target: median <= {INSTANT_MS:g} ms (perceived as instant) {verdict}")


if __name__ == "__main__":
    main()
