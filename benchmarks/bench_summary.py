"""How long `planning summary --json` takes on the demo workshop, against importing
pandas and networkx, both timed in the same run (the machines are noisy; the ratio is what
counts). Target: at most 1.5.

    python benchmarks/bench_summary.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from planning.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.sqlite"
        build_demo(path).close()
        summary = [sys.executable, "-m", "planning.cli", "summary", "--json", str(path)]
        baseline = [sys.executable, "-c", "import pandas, networkx"]
        timed(summary), timed(baseline)  # warm the file cache
        ours, base = [], []
        for _ in range(args.runs):  # interleaved, so both see the same noise
            ours.append(timed(summary))
            base.append(timed(baseline))
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    print(f"planning summary --json (demo): median {m_ours:.3f} s over {args.runs} runs")
    print(f"import pandas, networkx:        median {m_base:.3f} s over {args.runs} runs")
    print(f"ratio: {m_ours / m_base:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
