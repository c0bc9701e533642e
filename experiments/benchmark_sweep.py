"""Runs per minute of a sweep of the defaults, and its parallel efficiency.

    uv run python experiments/benchmark_sweep.py [--runs 200] [--workers 2]

1. The sweep: `waardenmakerij -m +experiment=defaults` (the defaults: one wijk of about 2,000
   actors, 10 years, downscalen; replications 0..runs-1) with the joblib launcher on
   `--workers` processes, timed end to end from the command (Python start, Hydra, workers).
2. The same runs one after another in one process (`--one-process`, started as a command and
   timed the same way, Python start included): the same work per run as the sweep (derive
   the seed, then `sim.cli.run_to_folder`: simulate, write both figures, the Parquet files
   and the status), without Hydra. Its loop alone (imports and compose excluded) is shown too.
Parallel efficiency = sequential time / (workers x sweep time), both timed as commands.
The summaries of the two are checked to be equal.
Writes experiments/results/benchmark_sweep/benchmark.md.
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
    from sim.api import compose_config, to_config
    from sim.cli import run_to_folder
    from sim.seeds import derive_seed

    base = to_config(compose_config(["seed=20240611"]))
    start = time.perf_counter()
    for r in range(runs):
        config = dataclasses.replace(base, seed=derive_seed(base.seed, r))
        seeds = {"base_seed": base.seed, "replication": r, "seed": config.seed}
        run_to_folder(config, folder / f"+replication={r}", seeds)
    return time.perf_counter() - start


def main() -> None:
    from sim.config import Config

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--one-process", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_process:  # step 2, in a process of its own
        print(f"{sequential(args.runs, args.one_process):.3f}")
        return
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
    start = time.perf_counter()
    one = [sys.executable, __file__, "--runs", str(args.runs), "--one-process", str(seq_dir)]
    loop = float(subprocess.run(one, check=True, capture_output=True, text=True).stdout)
    t_seq = time.perf_counter() - start
    load2 = os.getloadavg()

    import polars as pl

    par = {p.parent.name: pl.read_parquet(p) for p in par_dir.glob("*/summary.parquet")}
    seq = {p.parent.name: pl.read_parquet(p) for p in seq_dir.glob("*/summary.parquet")}
    same = len(par) == len(seq) == args.runs and all(par[k].equals(seq[k]) for k in seq)
    efficiency = t_seq / (args.workers * t_par)
    lines = [
        "# benchmark_sweep",
        "",
        f"{args.runs} runs of the defaults ({Config().population.n_actors:,} actors, 10 years, "
        "downscalen), "
        f"{args.workers} workers on {os.cpu_count()} cores.",
        "",
        "| way | wall time (s) | runs per minute |",
        "|---|---|---|",
        f"| sweep: `waardenmakerij -m +experiment=defaults` (joblib, {args.workers} workers) "
        f"| {t_par:.1f} | {args.runs / t_par * 60:.1f} |",
        f"| the same runs one after another in one process (a command too) | {t_seq:.1f} | "
        f"{args.runs / t_seq * 60:.1f} |",
        f"| ... its loop alone (imports and compose excluded) | {loop:.1f} | "
        f"{args.runs / loop * 60:.1f} |",
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
