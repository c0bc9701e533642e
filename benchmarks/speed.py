"""Time a default run and a 20,000-actor run; print weeks per second.

    uv run python benchmarks/speed.py [--weeks 104] [--sizes 2000 20000]

Building (places, population, network, Mesa space) and stepping are timed apart; the
table is also written to benchmarks/speed.csv.
"""

import argparse
import time
from pathlib import Path

import polars as pl

from sim.api import compose_config, to_config
from sim.model import WaardenModel


def time_run(n_actors: int, weeks: int, strategy: str, seed: int) -> dict:
    wijken = max(1, round(n_actors / 2000))  # a wijk of about 2,000 actors, as the default
    overrides = [
        f"population.n_actors={n_actors}",
        f"environment.n_wijken={wijken}",
        f"environment.n_buurten={5 * wijken}",
        f"run.years={weeks / 52}",
        f"strategy={strategy}",
        f"seed={seed}",
    ]
    config = to_config(compose_config(overrides))
    start = time.perf_counter()
    model = WaardenModel(config)
    built = time.perf_counter() - start
    start = time.perf_counter()
    model.run()
    stepped = time.perf_counter() - start
    return {
        "actors": n_actors,
        "wijken": wijken,
        "strategy": strategy,
        "weeks": model.week,
        "build_s": round(built, 3),
        "run_s": round(stepped, 3),
        "weeks_per_s": round(model.week / stepped, 1),
        "cases": model.chains.n_cases,
        "memberships": model.chains.n_members,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = [
        time_run(n, args.weeks, strategy, args.seed)
        for n in args.sizes
        for strategy in ("onbeheerst", "opschalen", "downscalen")
    ]
    table = pl.DataFrame(rows)
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=140):
        print(table)
    table.write_csv(Path(__file__).with_name("speed.csv"))


if __name__ == "__main__":
    main()
