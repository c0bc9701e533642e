"""Sweeps: runs per minute of a default sweep, and what batching replications gains.

    uv run python benchmarks/sweeps.py [--runs 20] [--workers 2]

A default sweep is `--runs` default runs (one wijk of about 2,000 actors, ten years of
weeks, strategy downscalen) with seeds 0, 1, ..., each through `sim.run` (compose the config
with Hydra, build the model with its Mesa agents and Network space, step, collect the four
frames). Ways to run it, each timed end to end:

- `process per run`: a fresh `python -c "import sim; sim.run(...)"` for each run, one after
  the other (what a shell loop does); timed over `--process-runs` runs and extrapolated;
- `one process`: `sim.run` for each seed in a loop;
- `pool of N`: `sim.run` in a `ProcessPoolExecutor` of `--workers` processes;
- `batched`: several replications in one process with the work that is the same for all of
  them done once: the config composed once (Hydra's compose is slow) and only the seed
  replaced, then build, step and collect (`sim.api.simulate`); its summaries are checked to
  be identical to `sim.run`'s;
- `batched, pool of N`: the batches split over the pool.

Reusing one built environment across replications is not possible without changing the
results: the places, population and network are drawn from the seed (streams 1-3 of
`SeedSequence(seed)`), so each replication has its own. The table of a run's parts shows what
the build costs and so what reusing it could gain at most.
"""

import argparse
import dataclasses
import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from _common import ROOT, emit, load

PROCESS_CHILD = "import sim; sim.run(['seed={seed}'])"
#: Fresh worker processes: forking after polars has started its threads can deadlock.
SPAWN = multiprocessing.get_context("spawn")


def one_run(seed: int):
    import sim

    return sim.run([f"seed={seed}"]).summary


def batch(seeds: list[int]):
    """Replications in one process: compose once, replace the seed, simulate each."""
    from sim.api import compose_config, simulate, to_config

    base = to_config(compose_config([]))
    return [simulate(dataclasses.replace(base, seed=s)).summary for s in seeds]


def warm():
    import sim  # noqa: F401  (import once per worker, outside the timing of the runs)


def parts(seed: int) -> dict:
    """Seconds of each part of one default run, in this (warm) process."""
    from sim.api import collect, compose_config, to_config
    from sim.model import WaardenModel

    t0 = time.perf_counter()
    cfg = to_config(compose_config([f"seed={seed}"]))
    t1 = time.perf_counter()
    arrays_only = WaardenModel(cfg, mesa_space=False)
    t2 = time.perf_counter()
    model = WaardenModel(cfg)
    t3 = time.perf_counter()
    model.run()
    t4 = time.perf_counter()
    collect(model)
    t5 = time.perf_counter()
    del arrays_only
    return {
        "compose_config_s": t1 - t0,
        "build_arrays_s": t2 - t1,
        "build_with_mesa_s": t3 - t2,
        "step_s": t4 - t3,
        "collect_s": t5 - t4,
    }


def import_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sim"], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--process-runs", type=int, default=3)
    args = parser.parse_args()
    seeds = list(range(args.runs))
    warm()
    rows, results = [], {}

    def record(mode, runs, seconds, note=""):
        rows.append(
            {
                "mode": mode,
                "runs": runs,
                "seconds": round(seconds, 1),
                "runs_per_min": round(60 * runs / seconds, 1),
                "load": load(),
                "note": note,
            }
        )
        print(rows[-1], flush=True)

    start = time.perf_counter()
    for seed in seeds[: args.process_runs]:
        subprocess.run(
            [sys.executable, "-c", PROCESS_CHILD.format(seed=seed)], check=True, cwd=ROOT
        )
    record(
        "process per run",
        args.process_runs,
        time.perf_counter() - start,
        f"timed over {args.process_runs} runs",
    )

    start = time.perf_counter()
    results["one"] = [one_run(s) for s in seeds]
    record("one process", args.runs, time.perf_counter() - start)

    with ProcessPoolExecutor(args.workers, SPAWN, initializer=warm) as pool:
        list(pool.map(warm_noop, range(args.workers)))  # workers up before the clock
        start = time.perf_counter()
        results["pool"] = list(pool.map(one_run, seeds))
        record(f"pool of {args.workers}", args.runs, time.perf_counter() - start)

    start = time.perf_counter()
    results["batched"] = batch(seeds)
    record("batched", args.runs, time.perf_counter() - start, "config composed once")

    chunks = [seeds[i :: args.workers] for i in range(args.workers)]
    with ProcessPoolExecutor(args.workers, SPAWN, initializer=warm) as pool:
        list(pool.map(warm_noop, range(args.workers)))
        start = time.perf_counter()
        out = list(pool.map(batch, chunks))
        record(f"batched, pool of {args.workers}", args.runs, time.perf_counter() - start)
    by_seed = {
        s: summary
        for chunk, res in zip(chunks, out, strict=True)
        for s, summary in zip(chunk, res, strict=True)
    }
    results["batched_pool"] = [by_seed[s] for s in seeds]

    same = all(
        all(results[k][i].equals(results["one"][i]) for i in range(args.runs))
        for k in ("pool", "batched", "batched_pool")
    )
    sequential = next(r for r in rows if r["mode"] == "one process")["runs_per_min"]
    for row in rows:
        row["vs_one_process"] = round(row["runs_per_min"] / sequential, 2)
    emit(
        rows,
        "sweeps",
        f"default runs (seeds 0-{args.runs - 1}); summaries of pool and batched modes "
        f"identical to sequential sim.run: {same}; {os.cpu_count()} cores shared",
    )
    split = [parts(s) for s in range(3)]
    best = {k: min(p[k] for p in split) for k in split[0]}
    total = best["compose_config_s"] + best["build_with_mesa_s"] + best["step_s"]
    total += best["collect_s"]
    part_rows = [
        {"part": "python + import sim (fresh process)", "seconds": round(import_seconds(), 3)},
        *(
            {
                "part": k.removesuffix("_s"),
                "seconds": round(v, 3),
                "share_of_run_pct": round(100 * v / total, 1),
            }
            for k, v in best.items()
        ),
    ]
    emit(part_rows, "sweeps_parts", "one default run in a warm process, minimum of 3 seeds")
    if not same:
        sys.exit("batched or pooled results differ from sequential sim.run")


def warm_noop(_):
    return os.getpid()


if __name__ == "__main__":
    main()
