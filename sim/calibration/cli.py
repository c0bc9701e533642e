"""`uv run waardenmakerij-calibrate [KEY=VALUE ...] [options]`: ABC-SMC of the model against
the Dutch figures (docs/calibration.md).

    uv run waardenmakerij-calibrate                           # the laptop run (2 cores)
    uv run waardenmakerij-calibrate --population-size 50 --generations 3 run.years=2
    uv run waardenmakerij-calibrate --sampler dask --address tcp://scheduler:8786
    uv run waardenmakerij-calibrate --sampler redis --address redis-host:6379

KEY=VALUE are model overrides as for `waardenmakerij`. Each simulation is a run of the
model (the default wijk, ten years); the targets are measured over its years after
`--burn-in-years` (5), when the neighbourhood has settled.
Everything goes into a new folder (`--out`, default `outputs/calibration/<date>_<time>`),
made whole at the end: a run that fails or is stopped leaves nothing behind. `--install`
then copies `nl.yaml` and `draws.parquet` into `configs/calibration/` (the config group
`calibration=nl` and the draws of `+posterior=draws`). A mistake ends with one line and
exit code 2 before anything is written.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path

from sim.calibration.abc_smc import SAMPLERS, Settings

PROG = "waardenmakerij-calibrate"


class Parser(argparse.ArgumentParser):
    """argparse with its errors in one line, without the usage."""

    def error(self, message: str) -> None:
        fail(message)


def fail(message: str) -> None:
    print(f"{PROG}: error: {message}".replace("\n", "\\n"), file=sys.stderr)
    sys.exit(2)


def parse(argv: list[str]) -> tuple[Settings, Path, bool]:
    d = Settings()
    p = Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    p.add_argument("overrides", nargs="*", metavar="KEY=VALUE", help="model overrides")
    p.add_argument("--population-size", type=int, default=d.population_size)
    p.add_argument("--generations", type=int, default=d.generations, help="at most")
    p.add_argument("--min-epsilon", type=float, default=d.min_epsilon, help="stop below")
    p.add_argument("--min-acceptance-rate", type=float, default=d.min_acceptance_rate)
    p.add_argument("--draws", type=int, default=d.draws, help="posterior draws written")
    p.add_argument("--predictive", type=int, default=d.predictive, help="draws checked")
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--burn-in-years", type=int, default=d.burn_in_years, help="years not measured")
    p.add_argument("--sampler", default=d.sampler, help="|".join(SAMPLERS))
    p.add_argument("--n-procs", type=int, default=d.n_procs)
    p.add_argument("--address", default="", help="dask scheduler or redis host:port")
    p.add_argument("--out", default=None, help="a new folder for the outputs")
    p.add_argument("--install", action="store_true", help="copy into configs/calibration")
    a = p.parse_args(argv)
    for flag, value, low in (
        ("--population-size", a.population_size, 2),
        ("--generations", a.generations, 1),
        ("--draws", a.draws, 1),
        ("--predictive", a.predictive, 1),
        ("--n-procs", a.n_procs, 1),
        ("--burn-in-years", a.burn_in_years, 0),
    ):
        if value < low:
            fail(f"{flag}={value} is not allowed: use a whole number from {low}")
    if a.predictive > a.draws:
        fail(f"--predictive={a.predictive} is not allowed: use at most --draws={a.draws}")
    if not (a.min_epsilon >= 0 and 0 <= a.min_acceptance_rate < 1):
        fail(
            f"--min-epsilon={a.min_epsilon} --min-acceptance-rate={a.min_acceptance_rate} are"
            " not allowed: use an epsilon from 0 and a rate from 0 to below 1"
        )
    if a.sampler not in SAMPLERS:
        fail(f"--sampler={a.sampler} is not allowed: use {', '.join(SAMPLERS)}")
    if a.sampler in ("dask", "redis") and not a.address:
        fail(f"--sampler={a.sampler} needs --address=host:port (its scheduler or server)")
    bad = [o for o in a.overrides if "=" not in o]
    if bad:
        fail(f"{bad[0]} is not allowed: give model overrides as KEY=VALUE")
    settings = Settings(
        overrides=(*d.overrides, *a.overrides),
        population_size=a.population_size,
        generations=a.generations,
        min_epsilon=a.min_epsilon,
        min_acceptance_rate=a.min_acceptance_rate,
        draws=a.draws,
        predictive=a.predictive,
        seed=a.seed,
        burn_in_years=a.burn_in_years,
        sampler=a.sampler,
        n_procs=a.n_procs,
        address=a.address,
    )
    out = Path(a.out or f"outputs/calibration/{time.strftime('%Y-%m-%d_%H-%M-%S')}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        fail(f"--out={out} is not allowed: it exists and is not an empty folder; give a new one")
    return settings, out, a.install


def main(argv: list[str] | None = None) -> None:
    settings, out, install = parse(sys.argv[1:] if argv is None else argv)
    from sim.api import CONFIG_DIR, compose_config, to_config
    from sim.calibration.abc_smc import calibrate
    from sim.config import ConfigError

    try:
        base = to_config(compose_config(list(settings.overrides)))
    except ConfigError as error:
        fail(str(error))
    if settings.burn_in_years >= int(base.run.years):
        fail(
            f"--burn-in-years={settings.burn_in_years} is not allowed: use fewer than the run's"
            f" {int(base.run.years)} full years (run.years={base.run.years:g})"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.parent / f".{out.name}.partial"
    if partial.exists():
        fail(f"{partial} exists: another calibration is writing {out}, or one was stopped")
    partial.mkdir()
    try:
        info = calibrate(settings, base, partial)
        if out.exists():
            out.rmdir()  # checked empty above
        partial.rename(out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    import polars as pl

    if install:
        target = CONFIG_DIR / "calibration"
        shutil.copyfile(out / "nl.yaml", target / "nl.yaml")
        # As text in the configs, like nl.yaml: the run's Parquet files are not tracked.
        pl.read_parquet(out / "draws.parquet").write_csv(target / "nl_draws.csv")
    print(
        f"{info['simulations']} simulations in {info['generations']} generations,"
        f" {info['wall_seconds']:.0f} s: {out}"
        + (f" (installed in {CONFIG_DIR / 'calibration'})" if install else "")
    )
    fit = pl.read_parquet(out / "fit.parquet")
    table = fit.select(
        "target",
        "role",
        pl.format("{} ± {}", pl.col("figure").round(3), pl.col("tolerance").round(3)).alias(
            "figure"
        ),
        pl.format("{} [{}, {}]", *(pl.col(c).round(3) for c in ("median", "p05", "p95"))).alias(
            "posterior draws: median [5 %, 95 %]"
        ),
        (pl.col("within_tolerance") * 100).round(0).alias("% within"),
    )
    with pl.Config(
        tbl_rows=-1,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
        fmt_str_lengths=40,
        tbl_width_chars=120,
    ):
        print(table)


if __name__ == "__main__":
    main()
