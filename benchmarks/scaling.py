"""Scaling curve and the cost of data collection, from 1,000 actors to the whole city.

    uv run python benchmarks/scaling.py [--sizes 1000 3000 ... 1093567] [--weeks 520]

For each size (at the city's density, benchmarks/_common.py; 1,093,567 is
environment=amsterdam itself) a model steps `--weeks` weeks (ten years by default); seconds
per week is the mean over the run, the minimum over the repeats. The exponent is the slope
of log(seconds/week) against log(actors), fitted over all sizes and over 100,000 actors and
up (goal: at most 1.1). The log-log plot goes to docs/figures/performance_scaling.png.

Data collection is the `Recorder.record` call at the end of every step (timed inside the
run; it includes handing the row to Mesa's DataCollector, `model.datacollector`, whose
share is also given alone) plus the final `sim.api.collect` (the four frames and the
provenance); goal: at most 10 % of the step time at every size.
"""

import argparse
import time

import numpy as np
from _common import ROOT, city_overrides, config, emit, load

from sim.api import collect
from sim.mesa_native import WeeklyCollector
from sim.model import WaardenModel
from sim.output.records import Recorder

SIZES = [1000, 3000, 10_000, 30_000, 100_000, 300_000, 1_093_567]
FIGURE = ROOT / "docs" / "figures" / "performance_scaling.png"


def timed_run(n_actors: int, weeks: int, seed: int) -> dict:
    """One run: step seconds, seconds inside Recorder.record, and the collect seconds."""
    cfg = config([*city_overrides(n_actors), f"run.years={weeks / 52}", f"seed={seed}"])
    model = WaardenModel(cfg, mesa_space=False)
    record, datacollect = Recorder.record, WeeklyCollector.collect
    spent = [0.0, 0.0]

    def timed_record(self, *args):
        start = time.perf_counter()
        record(self, *args)
        spent[0] += time.perf_counter() - start

    def timed_datacollect(self, m):
        start = time.perf_counter()
        datacollect(self, m)
        spent[1] += time.perf_counter() - start

    Recorder.record, WeeklyCollector.collect = timed_record, timed_datacollect
    try:
        start = time.perf_counter()
        model.run()
        step_s = time.perf_counter() - start
    finally:
        Recorder.record, WeeklyCollector.collect = record, datacollect
    step_load = load()
    start = time.perf_counter()
    collect(model)
    collect_s = time.perf_counter() - start
    return {
        "weeks": model.week,
        "step_s": step_s,
        "record_s": spent[0],
        "datacollector_s": spent[1],
        "collect_s": collect_s,
        "load": step_load,
        "cases": int(model.chains.n_cases),
    }


def fit(actors, seconds) -> float:
    return float(np.polyfit(np.log(actors), np.log(seconds), 1)[0])


def plot(table, exponent: float, exponent_large: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = table["actors"].to_numpy()
    s = table["s_per_week"].to_numpy()
    fig, ax = plt.subplots(figsize=(6, 4.2))
    ax.loglog(n, s, "o-", label="engine, seconds per week (mean over the run)")
    slope, icept = np.polyfit(np.log(n), np.log(s), 1)
    ax.loglog(
        n, np.exp(icept) * n**slope, "--", color="grey", label=f"fit, exponent {exponent:.2f}"
    )
    ref = s[-1] * n / n[-1]
    ax.loglog(n, ref, ":", color="black", label="linear (exponent 1) through the city")
    ax.set_xlabel("actors")
    ax.set_ylabel("seconds per week")
    ax.set_title(f"Scaling: exponent {exponent:.2f} (all), {exponent_large:.2f} (>= 100,000)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    FIGURE.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(FIGURE, dpi=120)
    print(f"wrote {FIGURE.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--repeats", type=int, default=3, help="below 300,000 actors")
    parser.add_argument("--large-repeats", type=int, default=1, help="from 300,000 actors")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        runs = [
            timed_run(n, args.weeks, args.seed)
            for _ in range(args.repeats if n < 300_000 else args.large_repeats)
        ]
        best = min(runs, key=lambda r: r["step_s"])
        record_s = min(r["record_s"] for r in runs)
        datacollector_s = min(r["datacollector_s"] for r in runs)
        collect_s = min(r["collect_s"] for r in runs)
        share = (record_s + collect_s) / best["step_s"]
        rows.append(
            {
                "actors": n,
                "weeks": best["weeks"],
                "cases": best["cases"],
                "s_per_week": best["step_s"] / best["weeks"],
                "ms_per_week": round(1000 * best["step_s"] / best["weeks"], 3),
                "record_ms_per_week": round(1000 * record_s / best["weeks"], 3),
                "collect_s": round(collect_s, 3),
                "record_pct": round(100 * record_s / best["step_s"], 2),
                "datacollector_pct": round(100 * datacollector_s / best["step_s"], 2),
                "collect_pct": round(100 * collect_s / best["step_s"], 2),
                "collection_pct": round(100 * share, 2),
                "collection_met": bool(share <= 0.10),
                "repeats": len(runs),
                "load": best["load"],
            }
        )
        print(rows[-1], flush=True)
    import polars as pl

    table = pl.DataFrame(rows)
    n, s = table["actors"].to_numpy(), table["s_per_week"].to_numpy()
    exponent = fit(n, s)
    large = n >= 100_000
    exponent_large = fit(n[large], s[large]) if large.sum() >= 2 else float("nan")
    table = table.drop("s_per_week")
    emit(
        table.to_dicts(),
        "scaling",
        f"fitted exponent {exponent:.3f} over all sizes, {exponent_large:.3f} from 100,000 "
        f"actors (goal <= 1.1); record/collect as % of the step time (goal <= 10 %)",
    )
    emit(
        [
            {"fit": "all sizes", "exponent": round(exponent, 3), "met": exponent <= 1.1},
            {
                "fit": ">= 100,000 actors",
                "exponent": round(exponent_large, 3),
                "met": bool(exponent_large <= 1.1),
            },
        ],
        "scaling_fit",
    )
    plot(pl.DataFrame(rows), exponent, exponent_large)


if __name__ == "__main__":
    main()
