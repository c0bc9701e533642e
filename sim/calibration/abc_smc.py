"""ABC-SMC of the model against the Dutch figures (pyabc), and what it leaves behind.

`calibrate(settings)` runs pyabc's sequential Monte Carlo ABC over `targets.priors()`, each
simulation one run of the model (its seed drawn from the settings' seed and kept with the
simulation), then draws the posterior, runs the posterior predictive check and writes:

- ``posterior.parquet``: every generation's particles (generation, weight, distance, one
  column a parameter by its dotted key); the last generation is the posterior;
- ``draws.parquet``: `settings.draws` equally weighted draws of the posterior (``draw``, one
  column a parameter), what ``+posterior=draws`` runs;
- ``predictive.parquet``: one run a draw with a fresh seed, every target measured;
- ``fit.parquet``: per target its figure, tolerance, the predictive median and 90 % range,
  the share of draws within tolerance, and whether it was fitted or held out;
- ``nl.yaml``: the posterior medians as the config group ``calibration=nl``;
- ``calibration.json``: settings, priors, targets, epsilons, simulations, wall time,
  provenance; ``abc.db``: pyabc's History; ``figures/``: pyabc's diagnostics and the check.
"""

import dataclasses
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from sim.calibration import targets as tg
from sim.config import Config, validate
from sim.config.checks import assign
from sim.config.schema import INTEGER_KEYS, sampled

SAMPLERS = ("multicore", "single", "dask", "redis")


@dataclass
class Settings:
    """How the calibration runs (the command's options, `sim.calibration.cli`)."""

    overrides: tuple[str, ...] = ()
    burn_in_years: int = 5  # years not measured: the neighbourhood settles first
    population_size: int = 200
    generations: int = 8
    min_epsilon: float = 0.5
    min_acceptance_rate: float = 0.02
    draws: int = 100
    predictive: int = 50
    seed: int = 1
    sampler: str = "multicore"
    n_procs: int = 2
    address: str = ""  # dask scheduler (host:port) or redis (host:port)


def name(key: str) -> str:
    """A pyabc parameter name for a dotted config key (pyabc keeps names as columns)."""
    return key.replace(".", "__")


def key(name_: str) -> str:
    return name_.replace("__", ".")


def with_values(base: Config, values: dict[str, float], seed: int) -> Config:
    """`base` with these parameter values (dotted keys) and this seed, checked."""
    cfg = _copy(base)
    for k, v in values.items():
        assign(cfg, k, sampled(k, v) if k in INTEGER_KEYS else float(v))
    cfg.seed = int(seed)
    return validate(cfg)


def _copy(cfg: Config) -> Config:
    import copy

    return copy.deepcopy(cfg)


def measure(cfg: Config, burn_in_years: int) -> dict[str, float]:
    """Run `cfg` and measure the targets over its years after `burn_in_years` (NaN where it
    could not: no such year, or no volunteer of a group)."""
    from sim.model import WaardenModel
    from sim.output import survey

    row = survey.summary(WaardenModel(cfg).run(), first_year=burn_in_years)
    return {n: float("nan") if row[n] is None else float(row[n]) for n in tg.TARGETS}


class Simulator:
    """pyabc's model: parameters in, the run's measured targets (and its seed) out."""

    def __init__(self, base: Config, burn_in_years: int):
        self.base, self.burn_in_years = base, burn_in_years

    def __call__(self, parameters) -> dict:
        # pyabc draws with numpy's global generator and seeds it in each worker
        seed = int(np.random.randint(0, 2**31 - 1))  # noqa: NPY002
        values = {key(n): v for n, v in parameters.items()}
        out = measure(with_values(self.base, values, seed), self.burn_in_years)
        return {**out, "seed": seed}


def abc_distance(x: dict, x0: dict) -> float:
    return tg.distance(x, x0)


def sampler_of(settings: Settings):
    import pyabc

    if settings.sampler == "single":
        return pyabc.sampler.SingleCoreSampler()
    if settings.sampler == "multicore":
        return pyabc.sampler.MulticoreEvalParallelSampler(n_procs=settings.n_procs)
    host, _, port = settings.address.partition(":")
    if settings.sampler == "dask":
        from distributed import Client

        return pyabc.sampler.DaskDistributedSampler(dask_client=Client(settings.address))
    return pyabc.sampler.RedisEvalParallelSampler(host=host, port=int(port or 6379))


def calibrate(settings: Settings, base: Config, folder: Path) -> dict:
    """Run the calibration and write its outputs into `folder` (which must exist)."""
    import pyabc

    start = time.time()
    np.random.seed(settings.seed)  # noqa: NPY002 (pyabc draws with numpy's global one)
    priors = tg.priors()
    prior = pyabc.Distribution(
        **{name(k): pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in priors.items()}
    )
    abc = pyabc.ABCSMC(
        Simulator(base, settings.burn_in_years),
        prior,
        abc_distance,
        population_size=settings.population_size,
        sampler=sampler_of(settings),
    )
    db = folder / "abc.db"
    abc.new(f"sqlite:///{db}", dict(tg.OBSERVED))
    history = abc.run(
        minimum_epsilon=settings.min_epsilon,
        max_nr_populations=settings.generations,
        min_acceptance_rate=settings.min_acceptance_rate,
    )
    fit_seconds = time.time() - start
    posterior = posterior_frame(history)
    posterior.write_parquet(folder / "posterior.parquet")
    rng = np.random.default_rng(np.random.SeedSequence(settings.seed).spawn(2)[0])
    draws = draw(posterior, settings.draws, rng)
    draws.write_parquet(folder / "draws.parquet")
    medians = point_estimate(posterior)
    (folder / "nl.yaml").write_text(config_group(medians, history))
    predictive = predictive_check(base, draws.head(settings.predictive), settings)
    predictive.write_parquet(folder / "predictive.parquet")
    fit = fit_table(predictive)
    fit.write_parquet(folder / "fit.parquet")
    from sim.calibration.figures import diagnostics

    diagnostics(history, predictive, folder / "figures")
    pops = history.get_all_populations()
    info = {
        "settings": dataclasses.asdict(settings),
        "priors": {k: list(v) for k, v in priors.items()},
        "targets": {n: dataclasses.asdict(t) for n, t in tg.TARGETS.items()},
        "generations": int(history.max_t + 1),
        "epsilons": [float(e) for e in pops["epsilon"].iloc[1:]],
        "simulations": int(history.total_nr_simulations),
        "predictive_runs": predictive.height,
        "fit_seconds": round(fit_seconds, 1),
        "wall_seconds": round(time.time() - start, 1),
        "posterior_medians": medians,
        "provenance": _provenance(base),
    }
    (folder / "calibration.json").write_text(json.dumps(info, indent=2, default=str))
    return info


def _provenance(base: Config) -> dict:
    from sim.output.results import provenance

    return provenance(dataclasses.asdict(base), base.seed)


def posterior_frame(history) -> pl.DataFrame:
    """Every generation's particles: generation, weight, distance and the parameters."""
    frames = []
    for t in range(history.max_t + 1):
        df, w = history.get_distribution(m=0, t=t)
        d = history.get_weighted_distances(t=t)
        frame = pl.DataFrame({key(c): df[c].to_numpy(float) for c in df.columns})
        frames.append(
            frame.with_columns(
                pl.lit(t, pl.Int64).alias("generation"),
                pl.Series("weight", np.asarray(w, float)),
                pl.Series("distance", d["distance"].to_numpy(float)),
            )
        )
    out = pl.concat(frames)
    return out.select("generation", "weight", "distance", *tg.PRIOR_KEYS)


def last(posterior: pl.DataFrame) -> pl.DataFrame:
    return posterior.filter(pl.col("generation") == posterior["generation"].max())


def draw(posterior: pl.DataFrame, n: int, rng) -> pl.DataFrame:
    """`n` equally weighted draws of the last generation (resampled by weight)."""
    final = last(posterior)
    w = final["weight"].to_numpy()
    pick = rng.choice(final.height, size=n, replace=True, p=w / w.sum())
    return final[pick].select(tg.PRIOR_KEYS).with_row_index("draw").cast({"draw": pl.Int64})


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    """The `q` quantile of `x` under weights `w` (the inverse of the weighted CDF)."""
    order = np.argsort(x)
    cdf = np.cumsum(w[order]) / w.sum()
    return float(x[order][min(np.searchsorted(cdf, q), len(x) - 1)])


def point_estimate(posterior: pl.DataFrame) -> dict[str, float]:
    """The posterior median of each parameter (weighted)."""
    final = last(posterior)
    w = final["weight"].to_numpy()
    return {k: weighted_quantile(final[k].to_numpy(), w, 0.5) for k in tg.PRIOR_KEYS}


def intervals(posterior: pl.DataFrame, level: float = 0.9) -> pl.DataFrame:
    """Per parameter the weighted median and central `level` interval of the posterior."""
    final = last(posterior)
    w = final["weight"].to_numpy()
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    rows = []
    for k in tg.PRIOR_KEYS:
        x = final[k].to_numpy()
        p_lo, p_hi = tg.priors()[k]
        rows.append(
            {
                "parameter": k,
                "prior_low": p_lo,
                "prior_high": p_hi,
                "median": weighted_quantile(x, w, 0.5),
                "low": weighted_quantile(x, w, lo),
                "high": weighted_quantile(x, w, hi),
            }
        )
    return pl.DataFrame(rows)


def config_group(medians: dict[str, float], history=None) -> str:
    """The posterior medians as a Hydra config group file (``calibration=nl``)."""
    lines = [
        "# @package _global_",
        "# The calibrated defaults: posterior medians of the ABC-SMC fit to Dutch figures",
        "# (uv run waardenmakerij-calibrate; docs/calibration.md). Written by",
        "# sim.calibration.abc_smc.config_group; the schema's defaults (sim/config) are the same",
        "# values (tests/test_calibration.py).",
    ]
    nested: dict = {}
    for k, v in medians.items():
        *path, leaf = k.split(".")
        node = nested
        for part in path:
            node = node.setdefault(part, {})
        node[leaf] = _rounded(k, v)
    lines += _yaml(nested, 0)
    return "\n".join(lines) + "\n"


def _rounded(k: str, v: float):
    return int(sampled(k, v)) if k in INTEGER_KEYS else float(f"{v:.4g}")


def _yaml(node: dict, depth: int) -> list[str]:
    out = []
    for k, v in node.items():
        if isinstance(v, dict):
            out.append("  " * depth + f"{k}:")
            out += _yaml(v, depth + 1)
        else:
            out.append("  " * depth + f"{k}: {v}")
    return out


def predictive_check(base: Config, draws: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """One run a posterior draw, each with its own fresh seed, every target measured."""
    from joblib import Parallel, delayed

    seeds = np.random.SeedSequence(settings.seed).spawn(2)[1].generate_state(draws.height)
    configs = [
        with_values(base, {k: row[k] for k in tg.PRIOR_KEYS}, int(s) & (2**31 - 1))
        for row, s in zip(draws.iter_rows(named=True), seeds, strict=True)
    ]
    jobs = 1 if settings.sampler == "single" else settings.n_procs
    measured = Parallel(n_jobs=jobs)(delayed(measure)(c, settings.burn_in_years) for c in configs)
    return draws.with_columns(
        pl.Series("seed", [c.seed for c in configs], pl.Int64),
        *(pl.Series(n, [m[n] for m in measured], pl.Float64) for n in tg.TARGETS),
    )


def fit_table(predictive: pl.DataFrame) -> pl.DataFrame:
    """Per target: the figure, its tolerance, the predictive median and 90 % range, and the
    share of posterior draws whose run lies within tolerance."""
    rows = []
    for n, t in tg.TARGETS.items():
        x = predictive[n].to_numpy()
        x = x[np.isfinite(x)]
        rows.append(
            {
                "target": n,
                "role": "fitted" if t.fitted else "held out",
                "figure": t.value,
                "tolerance": t.tolerance,
                "unit": t.unit,
                "median": float(np.median(x)) if len(x) else None,
                "p05": float(np.quantile(x, 0.05)) if len(x) else None,
                "p95": float(np.quantile(x, 0.95)) if len(x) else None,
                "within_tolerance": float((np.abs(x - t.value) <= t.tolerance).mean())
                if len(x)
                else 0.0,
                "runs": len(x),
                "source": t.source,
            }
        )
    return pl.DataFrame(rows)
