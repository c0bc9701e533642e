"""Mesa's DataCollector (`model.datacollector`) as a share of the step time.

    uv run python benchmarks/datacollector.py [--sizes 1000 2000 10000] [--weeks 520] [--repeats 3]

For each size, a run of the defaults (downscalen, a wijk of about 2,000 actors per 2,000)
steps with `model.run_for(weeks)`, Mesa's own loop. Timed inside the run: `Recorder.record`
(the indicators, at the end of the step; it hands the row to the DataCollector, so its time
includes the next) and `WeeklyCollector.collect` (the DataCollector storing the row); once at
the end, `sim.api.collect` (the frames a run returns). `collection_pct` is record plus the
final collect as a share of the stepping time, the goal of issue 12 and goal 5 of
docs/performance.md (<= 10 %). The DataCollector is called from inside `Recorder.record`
(no event of its own), so the time inside it is all it costs a week. Each figure is from the
fastest of `--repeats` runs (the final collect: the fastest of them, the first imports).
"""

import argparse
import time

from _common import emit, load

from sim.api import collect as results_of
from sim.api import compose_config, to_config
from sim.model import WaardenModel

GOAL_PCT = 10.0


def overrides(n_actors: int, weeks: int, seed: int) -> list[str]:
    wijken = max(1, round(n_actors / 2000))  # a wijk of about 2,000 actors, as the default
    return [
        f"population.n_actors={n_actors}",
        f"environment.n_wijken={wijken}",
        f"environment.n_buurten={5 * wijken}",
        f"run.years={weeks / 52}",
        f"seed={seed}",
    ]


def timed(cfg, weeks: int) -> dict:
    """Step one model `weeks` weeks; seconds in all, in Recorder.record and in collect."""
    model = WaardenModel(cfg)
    spent = {"record": 0.0, "collect": 0.0}
    record, collect = model.recorder.record, model.datacollector.collect

    def timed_record(*args):
        start = time.perf_counter()
        record(*args)
        spent["record"] += time.perf_counter() - start

    def timed_collect(*args):
        start = time.perf_counter()
        collect(*args)
        spent["collect"] += time.perf_counter() - start

    model.recorder.record = timed_record
    model.datacollector.collect = timed_collect
    start = time.perf_counter()
    model.run_for(weeks)
    spent["step"] = time.perf_counter() - start
    assert model.steps == model.week == weeks
    assert len(model.datacollector.get_model_vars_dataframe()) == weeks
    start = time.perf_counter()
    results_of(model)
    spent["results"] = time.perf_counter() - start
    return spent


def measure(n_actors: int, weeks: int, seed: int, repeats: int) -> dict:
    cfg = to_config(compose_config(overrides(n_actors, weeks, seed)))
    runs = [timed(cfg, weeks) for _ in range(repeats)]
    best = min(runs, key=lambda r: r["step"])
    step, record, collect = best["step"], best["record"], best["collect"]
    results = min(r["results"] for r in runs)  # the first also imports the output modules
    total = 100 * (record + results) / step  # record includes the DataCollector's collect
    return {
        "actors": n_actors,
        "weeks": weeks,
        "ms_per_week": round(1000 * step / weeks, 3),
        "record_us_per_week": round(1e6 * record / weeks, 1),
        "datacollector_us_per_week": round(1e6 * collect / weeks, 1),
        "record_pct": round(100 * record / step, 2),
        "datacollector_pct": round(100 * collect / step, 2),
        "results_pct": round(100 * results / step, 2),
        "collection_pct": round(total, 2),
        "collection_met": total <= GOAL_PCT,
        "load": load(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 10000])
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = [measure(n, args.weeks, args.seed, args.repeats) for n in args.sizes]
    emit(
        rows,
        "datacollector",
        f"goal: record (with the DataCollector) + sim.api.collect <= {GOAL_PCT:g} % of stepping",
    )


if __name__ == "__main__":
    main()
