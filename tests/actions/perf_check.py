"""Timing of the action-plan methods (a script, not a test).

    python tests/actions/perf_check.py

Times every check and table on plans of 20 and of 200 activities built from the demo plan
(printing the 200/20 ratio: about 10 means linear), then the Method of Equal Shares with
completion against the greedy rule on 200 activities and 100 voters (printing MES/greedy).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import demo_plan

from planning.actions.methods.allocation import equal_shares, greedy
from planning.actions.methods.budget import (
    apply_year_rules,
    budget_totals,
    select_within_ceiling,
)
from planning.actions.methods.checks import check_plan
from planning.actions.methods.model import Activity, Indicator, Plan, Risk
from planning.actions.methods.raci import raci_matrix
from planning.actions.methods.reference import load_bidang, load_year_rules, year_rules_path
from planning.actions.methods.tables import (
    du_rkp_desa_table,
    gantt_rows,
    information_board,
    logframe_table,
    rkp_desa_table,
)


def scaled_plan(n: int) -> Plan:
    """A plan of ``n`` activities: the demo's activities repeated with new ids and shifted
    dates, each copy with its indicator and risk."""
    base = demo_plan.ACTIVITIES
    acts: list[Activity] = []
    inds: list[Indicator] = list(demo_plan.INDICATORS)
    risks: list[Risk] = list(demo_plan.RISKS)
    for i in range(n):
        a = base[i % len(base)]
        shift = timedelta(days=(i * 7) % 60)
        new = replace(
            a,
            id=f"x{i:04d}",
            start=min(a.start + shift, date(2026, 12, 31)),
            end=min(a.end + shift, date(2026, 12, 31)),
            votes=(i * 37) % 50,
        )
        acts.append(new)
        inds.append(
            Indicator(
                f"xi{i}",
                "activity",
                new.id,
                "Peserta",
                "orang",
                0,
                20,
                date(2026, 12, 31),
                "Daftar hadir",
                "participation",
            )
        )
        risks.append(Risk(f"xr{i}", "activity", new.id, "Cuaca buruk", 2, 2, "Jadwal ulang"))
    return replace(
        demo_plan.PLAN, activities=tuple(acts), indicators=tuple(inds), risks=tuple(risks)
    )


def best_of(fn: Callable[[], Any], repeat: int = 7) -> float:
    """Median wall time of ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    rules = load_year_rules(year_rules_path(2026))
    bidang = load_bidang()
    ceilings = {k: v * 10 for k, v in demo_plan.CEILINGS.items()}
    jobs: dict[str, Callable[[Plan], Any]] = {
        "check_plan (all checks + rules)": lambda p: check_plan(
            p, bidang=bidang, rules=rules, ceilings=ceilings
        ),
        "budget_totals": lambda p: budget_totals(p.activities),
        "apply_year_rules": lambda p: apply_year_rules(p.activities, rules, ceilings),
        "select_within_ceiling": lambda p: select_within_ceiling(p.activities, ceilings, p.needs),
        "raci_matrix": lambda p: raci_matrix(p.activities, p.map_info, accountable="kades"),
        "logframe_table": lambda p: logframe_table(
            p.objectives, p.activities, p.indicators, p.risks, p.needs
        ),
        "rkp_desa_table": lambda p: rkp_desa_table(
            p.activities, bidang=bidang, map_info=p.map_info
        ),
        "du_rkp_desa_table": lambda p: du_rkp_desa_table(p.activities, bidang=bidang),
        "information_board": lambda p: information_board(p.activities),
        "gantt_rows": lambda p: gantt_rows(p.activities),
    }
    small, large = scaled_plan(20), scaled_plan(200)
    print(f"{'method':34} {'20 (ms)':>9} {'200 (ms)':>9} {'ratio':>7}")
    total_small = total_large = 0.0
    for name, job in jobs.items():
        t_small = best_of(lambda job=job: job(small))
        t_large = best_of(lambda job=job: job(large))
        total_small += t_small
        total_large += t_large
        print(f"{name:34} {t_small:9.2f} {t_large:9.2f} {t_large / t_small:7.1f}")
    print(
        f"{'all of them':34} {total_small:9.2f} {total_large:9.2f} {total_large / total_small:7.1f}"
    )

    rng = random.Random(2026)
    acts = [replace(a, cost=rng.randrange(5, 250) * 1_000_000) for a in large.activities]
    ballots = {
        f"v{i:03d}": rng.sample([a.id for a in acts], rng.randrange(3, 12)) for i in range(100)
    }
    budget = sum(a.cost for a in acts) // 4
    t_mes = best_of(lambda: equal_shares(acts, ballots, budget), repeat=3)
    t_greedy = best_of(lambda: greedy(acts, ballots, budget), repeat=3)
    mes = equal_shares(acts, ballots, budget)
    gre = greedy(acts, ballots, budget)
    print()
    print(f"200 activities, 100 voters, budget Rp{budget:,}")
    for name, ms, alloc in (("equal shares + completion", t_mes, mes), ("greedy", t_greedy, gre)):
        print(f"  {name:26} {ms:9.1f} ms, funds {len(alloc.funded)}, spends Rp{alloc.spent:,}")
    print(f"  ratio MES/greedy: {t_mes / t_greedy:.1f}")


if __name__ == "__main__":
    main()
