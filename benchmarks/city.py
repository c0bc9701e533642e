"""City scale: environment=amsterdam built, ten years stepped, peak memory.

    uv run python benchmarks/city.py [--repeats 2] [--years 10]

Each repeat runs in a fresh process (so its peak memory is the city run's own): it builds
`WaardenModel` from `environment=amsterdam` (1,093,567 actors in 518 buurten, 110 wijken,
8 stadsdelen; the network straight into sparse form; Mesa agents created without cells, as
`sim.run` would), steps ten years of weeks, and collects the results (`sim.api.collect`).
Peak memory is the child's peak resident set size (`getrusage`, ru_maxrss). The table
keeps the minimum build and step times over the repeats and the largest peak memory.
Goals: built in at most 60 s, ten years in at most 180 s, peak memory at most 4 GiB.
"""

import argparse
import json
import subprocess
import sys
import time

from _common import ROOT, emit, load

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from _common import config, load
years = float(sys.argv[2])
t0 = time.perf_counter()
from sim.api import collect
from sim.model import WaardenModel
cfg = config(["environment=amsterdam", f"run.years={years}", "seed=1"])
t1 = time.perf_counter()
model = WaardenModel(cfg)
t2 = time.perf_counter()
build_load = load()
model.run()
t3 = time.perf_counter()
step_load = load()
results = collect(model)
t4 = time.perf_counter()
print(json.dumps({
    "actors": model.actors.n, "agents": len(model.agents), "ties_nnz": int(model.adjacency.nnz),
    "weeks": model.week, "cases": int(model.chains.n_cases),
    "import_config_s": t1 - t0, "build_s": t2 - t1, "step_s": t3 - t2, "collect_s": t4 - t3,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "build_load": build_load, "step_load": step_load,
}))
"""


def child_run(years: float) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT / "benchmarks"), str(years)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--years", type=float, default=10.0)
    args = parser.parse_args()
    runs = []
    for i in range(args.repeats):
        start_load = load()
        start = time.perf_counter()
        run = child_run(args.years)
        run["wall_s"] = time.perf_counter() - start
        run["start_load"] = start_load
        runs.append(run)
        print(f"repeat {i + 1}: {run}", flush=True)
    build = min(runs, key=lambda r: r["build_s"])
    step = min(runs, key=lambda r: r["step_s"])
    peak = max(r["peak_rss_mib"] for r in runs)
    per_week = 1000 * step["step_s"] / step["weeks"]
    rows = [
        {
            "goal": "build environment=amsterdam",
            "measured": f"{build['build_s']:.1f} s",
            "target": "<= 60 s",
            "met": build["build_s"] <= 60,
            "load": build["build_load"],
        },
        {
            "goal": f"{step['weeks']} weekly steps ({args.years:g} years)",
            "measured": f"{step['step_s']:.1f} s ({per_week:.0f} ms/week)",
            "target": "<= 180 s" if args.years == 10 else "(goal is for 10 years)",
            "met": step["step_s"] <= 180 * args.years / 10,
            "load": step["step_load"],
        },
        {
            "goal": "peak memory (RSS)",
            "measured": f"{peak / 1024:.2f} GiB",
            "target": "<= 4 GiB",
            "met": peak <= 4096,
            "load": "",
        },
        {
            "goal": "collect results (sim.api.collect)",
            "measured": f"{min(r['collect_s'] for r in runs):.1f} s",
            "target": "(part of goal 5)",
            "met": None,
            "load": "",
        },
    ]
    for row in rows:
        row["load"] = str(row["load"])
    info = runs[0]
    emit(
        rows,
        "city",
        f"{info['actors']:,} actors ({info['agents']:,} Mesa agents), {info['ties_nnz']:,} "
        f"directed ties, {info['cases']:,} cases started; min of {args.repeats} fresh "
        "processes for times, max for memory",
    )


if __name__ == "__main__":
    main()
