"""Batched runs against today's Hydra sweep: runs per minute, identical summaries, memory.

    uv run python benchmarks/batch.py [--runs 200] [--actors 2000] [--years 10] [--workers 2]
    uv run python benchmarks/batch.py --curve-only          # the cost per run against batch size

1. **Hydra sweep**: `waardenmakerij -m` over `seed=0..runs-1` with Hydra's joblib launcher
   (`hydra/launcher=joblib`, `--workers`), every run written to its folder (frames,
   provenance, status and both figures), timed as a command from Python's start.
2. **Batched sweep**: the same command with `hydra/launcher=batched` (the default: the jobs
   that differ only in their seed stepped together, `sim.batch`), the same files per run.
3. **Batched runs**: the same runs through `sim.run_many(runs, n_jobs=workers)` (batches of runs
   that differ only in the seed, `sim.batch`), each run's frames and provenance then written
   to its own folder (`Results.write`, no figures), timed as a command the same way.
   `--no-write` leaves the writing out.
Both commands run in child processes; peak memory is the largest resident size of any of
their processes (`getrusage(RUSAGE_CHILDREN)`, read after each). The summaries of the two are
checked to be identical, run by run.

4. **Cost per run against batch size**: in this process, one batch of B runs of
   `--actors` actors over `--curve-years` years for B = 1, 2, 4, ..., 128, milliseconds of
   stepping per run-week (building and collecting included), and the process's peak memory;
   plotted to docs/figures/batch_curve.png.

Writes benchmarks/batch.csv and benchmarks/batch_curve.csv; the tables go in
docs/performance.md by hand.
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import HERE, ROOT, emit, load, peak_rss_mib

CHILD = r"""
import sys, time
from pathlib import Path
import sim
folder, runs, write = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
overrides = sys.argv[4:]
start = time.perf_counter()
results = sim.run_many([[*overrides, f"seed={s}"] for s in range(runs)])
stepped = time.perf_counter() - start
if write:
    for s, result in enumerate(results):
        result.write(folder / f"seed={s}")
print(stepped, time.perf_counter() - start)
"""


def children_peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def sized(actors: int, years: int) -> list[str]:
    """Overrides for runs of `actors` actors in one wijk at the default density."""
    buurten = max(1, round(actors / 2000))  # 2,000 actors a buurt, as the default wijk
    return [f"population.n_actors={actors}", f"environment.n_buurten={buurten}",
            f"run.years={years}"]  # fmt: skip


def hydra_sweep(
    folder: Path, runs: int, workers: int, overrides: list[str], launcher=("hydra/launcher=joblib",)
) -> float:
    shutil.rmtree(folder, ignore_errors=True)
    cmd = [
        sys.executable, "-m", "sim", "-m", *overrides, f"seed=range(0,{runs})",
        f"hydra.sweep.dir={folder}", "hydra.sweep.subdir='seed=${seed}'",
        f"hydra.launcher.n_jobs={workers}", *launcher,
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def batched(folder: Path, runs: int, write: bool, overrides: list[str]) -> tuple[float, ...]:
    shutil.rmtree(folder, ignore_errors=True)
    cmd = [sys.executable, "-c", CHILD, str(folder), str(runs), "1" if write else "0", *overrides]
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    stepped, inside = (float(x) for x in out.split())
    return time.perf_counter() - start, stepped, inside


def same_summaries(sweep: Path, batch: Path, runs: int) -> bool:
    import polars as pl

    for s in range(runs):
        a = pl.read_parquet(sweep / f"seed={s}" / "summary.parquet")
        b = pl.read_parquet(batch / f"seed={s}" / "summary.parquet")
        if not a.select(b.columns).equals(b):
            print(f"seed {s}: summaries differ", flush=True)
            return False
    return True


def compare(label: str, runs: int, actors: int, years: int, workers: int, write: bool) -> dict:
    overrides = sized(actors, years)
    sweep_dir = ROOT / "multirun" / f"benchmark_batch_sweep_{actors}_{years}y"
    batch_dir = ROOT / "multirun" / f"benchmark_batch_batched_{actors}_{years}y"
    launched_dir = ROOT / "multirun" / f"benchmark_batch_launcher_{actors}_{years}y"
    load0 = load()
    t_sweep = hydra_sweep(sweep_dir, runs, workers, overrides)
    peak_sweep = children_peak_mib()
    t_launched = hydra_sweep(launched_dir, runs, workers, overrides, ("hydra/launcher=batched",))
    t_batch, stepped, inside = batched(batch_dir, runs, write, overrides)
    peak_both = children_peak_mib()
    same = same_summaries(sweep_dir, launched_dir, runs)
    same = same and (same_summaries(sweep_dir, batch_dir, runs) if write else True)
    row = {
        "case": label,
        "runs": runs,
        "actors": actors,
        "years": years,
        "sweep_s": round(t_sweep, 1),
        "sweep_runs_min": round(60 * runs / t_sweep, 1),
        "batched_sweep_s": round(t_launched, 1),
        "batched_sweep_runs_min": round(60 * runs / t_launched, 1),
        "speedup_sweep": round(t_sweep / t_launched, 2),
        "batched_s": round(t_batch, 1),
        "batched_runs_min": round(60 * runs / t_batch, 1),
        "batched_stepping_s": round(stepped, 1),
        "speedup": round(t_sweep / t_batch, 2),
        "speedup_stepping": round(t_sweep / stepped, 2),
        "summaries_identical": same,
        "peak_mib_sweep": peak_sweep,
        "peak_mib_max_both": peak_both,
        "load": f"{load0}-{load()}",
    }
    print(json.dumps(row), flush=True)
    return row


def curve(actors: int, years: int, sizes: list[int]) -> list[dict]:
    from sim.api import compose_config, to_config
    from sim.batch import run_batch

    base = sized(actors, years)
    rows = []
    for size in sizes:
        configs = [to_config(compose_config([*base, f"seed={s}"])) for s in range(size)]
        start = time.perf_counter()
        run_batch(configs)
        took = time.perf_counter() - start
        weeks = round(years * 52.1775)
        rows.append(
            {
                "batch": size,
                "seconds": round(took, 2),
                "ms_per_run": round(1e3 * took / size, 1),
                "ms_per_run_week": round(1e3 * took / size / weeks, 3),
                "peak_mib": peak_rss_mib(),
                "load": load(),
            }
        )
        print(rows[-1], flush=True)
    return rows


def plot(rows: list[dict], path: Path, actors: int, years: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([r["batch"] for r in rows], [r["ms_per_run_week"] for r in rows], "o-")
    ax.set(xscale="log", yscale="log", xlabel="runs in a batch",
           ylabel="ms per run-week (build, step, collect)",
           title=f"Cost per run, {actors:,} actors, {years} years")  # fmt: skip
    ax.set_xticks([r["batch"] for r in rows], [str(r["batch"]) for r in rows])
    ticks = [0.5, 1, 2, 4]
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--wijk-runs", type=int, default=40, help="runs at the default wijk")
    parser.add_argument("--short-years", type=int, default=2, help="a calibration's length")
    parser.add_argument("--curve-years", type=int, default=2)
    parser.add_argument("--curve-only", action="store_true")
    parser.add_argument("--plot-only", action="store_true", help="redraw from batch_curve.csv")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--cases", default="goal,wijk,short", help="which comparisons")
    args = parser.parse_args()
    write = not args.no_write
    if args.plot_only:
        import polars as pl

        rows = pl.read_csv(HERE / "batch_curve.csv").to_dicts()
        plot(rows, ROOT / "docs" / "figures" / "batch_curve.png", args.actors, args.curve_years)
        return
    cases = {
        "goal": ("issue 14 goal", args.runs, args.actors, args.years),
        "wijk": ("default wijk", args.wijk_runs, 10_000, args.years),
        "short": ("short runs", args.runs, args.actors, args.short_years),
    }
    if not args.curve_only:
        rows = [compare(*cases[name], args.workers, write) for name in args.cases.split(",")]
        emit(rows, "batch", "Hydra joblib sweep against sim.run_many in batches (sim.batch)")
    sizes = [1, 2, 4, 8, 16, 32, 64, 128]
    rows = curve(args.actors, args.curve_years, sizes)
    emit(rows, "batch_curve", f"{args.actors} actors, {args.curve_years} years, one process")
    plot(rows, ROOT / "docs" / "figures" / "batch_curve.png", args.actors, args.curve_years)


if __name__ == "__main__":
    main()
