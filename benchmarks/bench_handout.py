"""How long `planning handout` takes for the demo workshop, against running
`jupyter nbconvert --execute --to html` once per handout notebook, both timed in the same run
(the machines are noisy; the ratio is what counts). Target: at most half of it. Also prints the
size of each handout file (target: under 1.5 MB each).

Each measurement is repeated (interleaved, so both see the same noise) and the medians are
compared. The nbconvert runs get the demo workshop and the language in their environment, as
`planning handout` gives its kernel.

    python benchmarks/bench_handout.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 0.5
MAX_BYTES = 1_500_000


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from planning.demo import build_demo
    from planning.handout import handout_notebooks

    notebooks = handout_notebooks()
    with tempfile.TemporaryDirectory(prefix="bench-handout-") as tmp:
        root = Path(tmp)
        demo = root / "demo.sqlite"
        build_demo(demo).close()
        env = dict(os.environ)
        env["PLANNING_HOME"] = str(root / "home")
        env.pop("PLANNING_WORKSHOP", None)
        env.pop("PLANNING_LANGUAGE", None)
        nb_env = {**env, "PLANNING_WORKSHOP": str(demo), "PLANNING_LANGUAGE": "id"}
        out = root / "out"
        ours_cmd = [sys.executable, "-m", "planning.cli", "handout", str(demo), "-o", str(out)]

        def nbconvert(run: int) -> float:
            target = root / f"nbconvert-{run}"
            total = 0.0
            for nb in notebooks:
                cmd = [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html",
                       str(nb), "--output-dir", str(target)]  # fmt: skip
                total += timed(cmd, nb_env, root)
            return total

        ours: list[float] = []
        base: list[float] = []
        for run in range(args.runs):  # interleaved, so both see the same noise
            ours.append(timed(ours_cmd, env, root))
            base.append(nbconvert(run))
            print(
                f"run {run + 1}/{args.runs}: planning handout {ours[-1]:.2f} s, "
                f"nbconvert x{len(notebooks)} {base[-1]:.2f} s",
                flush=True,
            )
        sizes = {p.name: p.stat().st_size for p in sorted(out.glob("*.html"))}

    m_ours, m_base = statistics.median(ours), statistics.median(base)
    ratio = m_ours / m_base
    names = ", ".join(nb.name for nb in notebooks)
    print(f"planning handout (demo, {len(notebooks)} notebooks, one kernel): "
          f"median {m_ours:.2f} s over {args.runs} runs")  # fmt: skip
    print(f"jupyter nbconvert --execute --to html, once per notebook ({names}): "
          f"median {m_base:.2f} s over {args.runs} runs")  # fmt: skip
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio: {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")
    for name, size in sizes.items():
        mark = "ok" if size < MAX_BYTES else "TOO BIG"
        print(f"  {name:<22} {size / 1024:8.1f} KB  ({mark}, target < {MAX_BYTES / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
