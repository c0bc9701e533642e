"""Runs per minute of a sweep of the defaults, and its parallel efficiency.

    uv run python experiments/benchmark_sweep.py [--runs 200] [--workers 2]

1. The sweep: `waardenmakerij -m +experiment=defaults` (the defaults: one wijk of about 2,000
   actors, 10 years, downscalen; replications 0..runs-1) with the joblib launcher on
   `--workers` processes, timed end to end from the command (Python start, Hydra, workers).
2. The same runs one after another in this process: the same work per run as the command
   (derive the seed, simulate, write the figure and the Parquet files), without Hydra.
Parallel efficiency = sequential time / (workers x sweep time). The summaries of the two are
checked to be equal. Writes experiments/results/benchmark_sweep/benchmark.md.
"""

import argparse
import dataclasses
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sequential(runs: int, folder: Path) -> float:
    from sim.api import compose_config, simulate, to_config
    from sim.output.figure import run_figure
    from sim.seeds import derive_seed

    base = to_config(compose_config(["seed=20240611"]))
    start = time.perf_counter()
    for r in range(runs):
        config = dataclasses.replace(base, seed=derive_seed(base.seed, r))
        results = simulate(config)
        out = folder / f"+replication={r}"
        out.mkdir(parents=True, exist_ok=True)
        run_figure(results.timeseries, out / "figure.png", title="")
        results.write(out)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    par_dir = ROOT / "multirun" / "benchmark_parallel"
    seq_dir = ROOT / "multirun" / "benchmark_sequential"
    for d in (par_dir, seq_dir):
        shutil.rmtree(d, ignore_errors=True)
    load0 = os.getloadavg()
    cmd = [
        sys.executable,
        "-m",
        "sim",
        "-m",
        "+experiment=defaults",
        f"hydra.sweep.dir={par_dir}",
        f"hydra.launcher.n_jobs={args.workers}",
        f'hydra.sweeper.params={{+replication:"range(0,{args.runs})"}}',
    ]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    t_par = time.perf_counter() - start
    load1 = os.getloadavg()
    t_seq = sequential(args.runs, seq_dir)
    load2 = os.getloadavg()

    import polars as pl

    par = {
        p.parent.name: pl.read_parquet(p).drop("base_seed", "replication")
        for p in par_dir.glob("*/summary.parquet")
    }
    seq = {p.parent.name: pl.read_parquet(p) for p in seq_dir.glob("*/summary.parquet")}
    same = len(par) == len(seq) == args.runs and all(par[k].equals(seq[k]) for k in seq)
    efficiency = t_seq / (args.workers * t_par)
    lines = [
        "# benchmark_sweep",
        "",
        f"{args.runs} runs of the defaults (2,000 actors, 10 years, downscalen), "
        f"{args.workers} workers on {os.cpu_count()} cores.",
        "",
        "| way | wall time (s) | runs per minute |",
        "|---|---|---|",
        f"| sweep: `waardenmakerij -m +experiment=defaults` (joblib, {args.workers} workers) "
        f"| {t_par:.1f} | {args.runs / t_par * 60:.1f} |",
        f"| the same runs one after another in one process | {t_seq:.1f} | "
        f"{args.runs / t_seq * 60:.1f} |",
        "",
        f"Parallel efficiency: {efficiency:.0%} (sequential / (workers x sweep)).",
        f"Summaries identical: {same}.",
        f"Load average (1 min) before / after the sweep / after the sequential runs: "
        f"{load0[0]:.2f} / {load1[0]:.2f} / {load2[0]:.2f}.",
    ]
    out = ROOT / "experiments" / "results" / "benchmark_sweep"
    out.mkdir(parents=True, exist_ok=True)
    (out / "benchmark.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
