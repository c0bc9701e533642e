"""A Hydra sweeper that runs a sampled design instead of a grid: Morris, Latin hypercube,
Sobol (Saltelli's scheme) or FAST, each SALib's sampler of that name.

A grid sweeper cannot express a Morris design (trajectories that move one factor at a time)
or a Latin hypercube, so this sweeper makes the design with SALib and hands each point to the
launcher as an ordinary job, with the same run function (`sim.cli`) and resume logic:

    hydra:
      sweeper:
        _target_: hydra_plugins.waardenmakerij_sweeper.design_sweeper.DesignSweeper
        method: morris        # or lhs, sobol, fast
        samples: 4            # Morris: trajectories r (runs = r x (factors + 1)); lhs: points;
                              # sobol: base sample N, a power of 2 (N x (factors + 2) runs,
                              # first and total order); fast: N a factor (N x factors runs)
        factors: odd          # docs/ODD.md Appendix B, some of its keys [key, ...],
                              # or {key: [low, high], ...}
        group_scales: true    # Morris: screen chains.{perceel,buurt,wijk}.x as one factor
        region: prior         # or posterior: a calibrated factor over its central 90 %
                              # of the posterior draws (posterior.draws), the rest as given
        params:               # a grid crossed with every point (Hydra's sweep syntax)
          strategy: opschalen,downscalen
      sweep:
        subdir: point=${point},strategy=${strategy.name}

Each job gets the factor values as overrides and `+point=<i>` (the row of the design). The
sweeper writes `design.json` (the SALib problem, the unrounded design) and `design.parquet`
(one row a point, the values run) into the sweep folder. Integer parameters are rounded,
`environment.local_degree` to an even number.
"""

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.utils import JobReturn
from hydra.plugins.launcher import Launcher
from hydra.plugins.sweeper import Sweeper
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, ListConfig, OmegaConf

from sim.config import ConfigError, posterior, uncertain
from sim.config.schema import sampled
from sim.output.results import atomic_write

log = logging.getLogger(__name__)
SCALES = ("perceel", "buurt", "wijk")
#: The SALib samplers the sweeper takes by name (`hydra.sweeper.method`).
METHODS = ("morris", "lhs", "sobol", "fast")
#: Where the factors are sampled (`hydra.sweeper.region`): their prior ranges (Appendix B),
#: or, for the calibrated ones, the posterior's central 90 % (`sim.config.posterior`).
REGIONS = ("prior", "posterior")


@dataclass
class DesignSweeperConf:
    _target_: str = "hydra_plugins.waardenmakerij_sweeper.design_sweeper.DesignSweeper"
    method: str = "morris"
    samples: int = 4
    levels: int = 4
    seed: int = 1
    factors: Any = "odd"
    exclude: list = field(default_factory=list)
    group_scales: bool = False
    region: str = "prior"
    draws: str = "calibration/nl_draws.csv"
    params: dict = field(default_factory=dict)
    max_batch_size: Any = None


ConfigStore.instance().store(
    group="hydra/sweeper", name="design", node=DesignSweeperConf, provider="waardenmakerij"
)


def odd_ranges() -> dict[str, tuple[float, float]]:
    """The uncertain parameters and their ranges (`sim.config.uncertain`, ODD Appendix B)."""
    return uncertain.ranges()


def factor_ranges(sweeper_cfg) -> dict[str, tuple[float, float]]:
    """The factors and their ranges: all of Appendix B (`odd`), some of them by key (a
    list), or ranges of one's own ({key: [low, high]})."""
    factors = sweeper_cfg.factors
    allowed = "use odd, a list of Appendix B's keys or {key: [low, high]}"
    if isinstance(factors, str):
        if factors != "odd":
            raise ConfigError(f"hydra.sweeper.factors={factors} is not allowed: {allowed}")
        ranges = odd_ranges()
    elif isinstance(factors, ListConfig | list):
        odd = odd_ranges()
        unknown = [k for k in factors if k not in odd]
        if unknown:
            raise ConfigError(
                f"hydra.sweeper.factors: {', '.join(unknown)} is not in docs/ODD.md Appendix B: "
                f"{allowed}"
            )
        ranges = {k: odd[k] for k in factors}
    else:
        ranges = {k: (float(v[0]), float(v[1])) for k, v in dict(factors).items()}
    region = getattr(sweeper_cfg, "region", "prior")
    if region not in REGIONS:
        raise ConfigError(
            f"hydra.sweeper.region={region} is not allowed: use one of {', '.join(REGIONS)}"
        )
    if region == "posterior":  # the calibrated factors within the posterior's plausible region
        plausible = posterior.plausible_ranges(sweeper_cfg.draws)
        ranges = {k: plausible.get(k, v) for k, v in ranges.items()}
    return {k: v for k, v in ranges.items() if k not in set(sweeper_cfg.exclude or [])}


def problem(sweeper_cfg) -> dict:
    """The SALib problem: names, bounds and (Morris, group_scales) groups."""
    ranges = factor_ranges(sweeper_cfg)
    names = list(ranges)
    spec = {"num_vars": len(names), "names": names, "bounds": [list(ranges[k]) for k in names]}
    if sweeper_cfg.method == "morris" and sweeper_cfg.group_scales:
        groups = []
        for key in names:
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "chains" and parts[1] in SCALES:
                groups.append(f"chains.*.{parts[2]}")
            else:
                groups.append(key)
        spec["groups"] = groups
    return spec


def sample(sweeper_cfg) -> tuple[dict, np.ndarray]:
    """The problem and the unrounded design (one row a point)."""
    spec = problem(sweeper_cfg)
    method = sweeper_cfg.method
    if method == "morris":
        from SALib.sample import morris

        x = morris.sample(
            spec,
            int(sweeper_cfg.samples),
            num_levels=int(sweeper_cfg.levels),
            seed=int(sweeper_cfg.seed),
        )
    elif method == "lhs":
        from SALib.sample import latin

        x = latin.sample(spec, int(sweeper_cfg.samples), seed=int(sweeper_cfg.seed))
    elif method == "sobol":
        from SALib.sample import sobol

        samples = int(sweeper_cfg.samples)
        if samples < 2 or samples & (samples - 1):
            raise ConfigError(
                f"hydra.sweeper.samples={samples} is not allowed with method=sobol: use a power "
                "of 2 (Saltelli's base sample, N: N x (factors + 2) runs)"
            )
        x = sobol.sample(spec, samples, calc_second_order=False, seed=int(sweeper_cfg.seed))
    elif method == "fast":
        from SALib.sample import fast_sampler

        x = fast_sampler.sample(spec, int(sweeper_cfg.samples), seed=int(sweeper_cfg.seed))
    else:
        raise ConfigError(
            f"hydra.sweeper.method={method} is not allowed: use one of {', '.join(METHODS)}"
        )
    return spec, x


def as_run(names: list[str], x: np.ndarray) -> list[dict[str, float | int]]:
    """The design rows as the values run: integers rounded, local_degree to an even number."""
    rows = []
    for row in x:
        values = {}
        for key, value in zip(names, row, strict=True):
            value = sampled(key, value)
            values[key] = value if isinstance(value, int) else float(f"{value:.6g}")
        rows.append(values)
    return rows


def grid(sweeper_cfg, arguments: list[str]) -> list[list[str]]:
    """The grid of `params` and the command line's overrides, one list a combination."""
    params = [f"{k}={v}" for k, v in (sweeper_cfg.params or {}).items()]
    overrides = OverridesParser.create().parse_overrides(params + list(arguments))
    return BasicSweeper.split_arguments(overrides, None)[0]


def design_jobs(sweeper_cfg, arguments: list[str]) -> list[list[str]]:
    """The overrides of each run of the design: a grid combination, the point's values and
    `+point=<i>` (the row of the design)."""
    spec, x = sample(sweeper_cfg)
    rows = as_run(spec["names"], x)
    combos = grid(sweeper_cfg, arguments)
    return [
        [*combo, *(f"{k}={v}" for k, v in row.items()), f"+point={i}"]
        for i, row in enumerate(rows)
        for combo in combos
    ]


class DesignSweeper(Sweeper):
    def __init__(self, **cfg: Any) -> None:
        self.cfg = OmegaConf.create({k: v for k, v in cfg.items()})
        self.config: DictConfig | None = None
        self.launcher: Launcher | None = None
        self.hydra_context: HydraContext | None = None

    def setup(
        self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig
    ) -> None:
        from hydra.core.plugins import Plugins

        self.config, self.hydra_context = config, hydra_context
        self.launcher = Plugins.instance().instantiate_launcher(
            hydra_context=hydra_context, task_function=task_function, config=config
        )

    def write_design(self) -> None:
        """`design.json` (the SALib problem, the unrounded design) and `design.parquet`."""
        import polars as pl

        spec, x = sample(self.cfg)
        sweep_dir = Path(self.config.hydra.sweep.dir)
        sweep_dir.mkdir(parents=True, exist_ok=True)
        info = {
            "method": self.cfg.method,
            "samples": self.cfg.samples,
            "levels": self.cfg.levels,
            "seed": self.cfg.seed,
            "problem": spec,
            "x": x.tolist(),
        }
        text = json.dumps(info, indent=1)
        atomic_write(sweep_dir / "design.json", lambda p: Path(p).write_text(text))
        rows = [{"point": i, **r} for i, r in enumerate(as_run(spec["names"], x))]
        atomic_write(sweep_dir / "design.parquet", pl.DataFrame(rows).write_parquet)

    def sweep(self, arguments: list[str]) -> list[JobReturn]:
        assert self.config is not None and self.launcher is not None
        jobs = design_jobs(self.cfg, arguments)
        self.write_design()
        OmegaConf.save(self.config, Path(self.config.hydra.sweep.dir) / "multirun.yaml")
        log.info(f"{self.cfg.method} design: {len(jobs)} runs")
        size = self.cfg.max_batch_size or len(jobs)
        returns = []
        for start in range(0, len(jobs), size):
            results = self.launcher.launch(jobs[start : start + size], initial_job_idx=start)
            for r in results:
                _ = r.return_value  # raises if the job failed, as Hydra's basic sweeper does
            returns.extend(results)
        return returns
