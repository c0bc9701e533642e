"""The model as an EMA Workbench model, for exploratory modelling (Kwakkel 2017).

    from sim.ema import MultiprocessingEvaluator, ema_model

    model = ema_model(replications=3, overrides=["run.years=6"])
    with MultiprocessingEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=50, policies=4)

- **Uncertainties**: the uncertain parameters and ranges of `sim.config.uncertain` (ODD,
  Appendix B), integers as `IntegerParameter` (`environment.local_degree` rounded to an even
  number when it runs, as the design sweeper does).
- **Levers**: the strategy knobs (scope cap, team-size cap, the value-added filter,
  invitation, scale of cases) and the procurement route.
- **Outcomes**: the summary outcomes (`SUMMARY`; one value a replication, or their `reduce`,
  e.g. the mean) and weekly series (`SERIES`, one series a replication): the model is a
  `ReplicatorModel`, replication r running with the seed `derive_seed(seed, r)`, the seeds of
  `+replication=r` in a Hydra sweep; an experiment's replications run as one batch
  (`BatchedReplicatorModel`, `sim.batch`), with the numbers each gives alone.
- **Constants**: any further overrides (`overrides=[...]`), the same for every experiment.

Parameter names are the config's keys with `__` for `.` (EMA asks for Python identifiers:
`tussenruimte__friction`); `config_columns(experiments)` gives the table the dotted keys of a
sweep's `results.parquet`. Each experiment is `sim.run(overrides)`: the same config and seed
give the same numbers under EMA's sequential, multiprocessing or MPI evaluator. Use this
module's `MultiprocessingEvaluator` (EMA's, with spawned workers) rather than EMA's own. On a
cluster, `MPIEvaluator(model)` in a script started with `mpiexec -n <workers> python -m
mpi4py.futures script.py` (needs `mpi4py`).
"""

import math
import multiprocessing
from collections.abc import Callable

import ema_workbench
import numpy as np
from ema_workbench import (
    ArrayOutcome,
    BooleanParameter,
    CategoricalParameter,
    Constant,
    IntegerParameter,
    RealParameter,
    ReplicatorModel,
    ScalarOutcome,
)

from sim.config import ROUTES
from sim.config.schema import INTEGER_KEYS, PARAMS, sampled
from sim.config.uncertain import ranges
from sim.seeds import derive_seed

#: The summary columns returned as scalar outcomes (one a replication).
SUMMARY = (
    "realised_cases",
    "stalled_cases",
    "ownership_share",
    "co_owner_share",
    "participation_rate",
    "capital_balance",
    "coordination_hours_share",
    "imbalance_years",
    "mkba_npv_eur",
    "mkba_bcr",
)
#: The weekly series returned as array outcomes (one series a replication).
SERIES = ("cases_realised", "members_active", "mean_trust")

#: The strategy knobs and the procurement route a policy sets (`levers()`).
LEVERS = {
    "strategy.scope_cap": (1, 5),
    "strategy.team_size_cap": [8, 15, 30, 60, 10_000],
    "strategy.value_added_filter": bool,
    "strategy.invitation": ["open", "network"],
    "strategy.case_scale": ["perceel", "buurt", "wijk", "any"],
    "procurement.route": list(ROUTES),
}


def name(key: str) -> str:
    """The EMA name of a config key: a Python identifier (`tussenruimte__friction`)."""
    return key.replace(".", "__")


def key(name: str) -> str:
    """The config key of an EMA name (`tussenruimte.friction`)."""
    return name.replace("__", ".")


def config_columns(experiments):
    """EMA's experiments table with the config's dotted keys as column names, as in a
    sweep's `results.parquet`."""
    return experiments.rename(columns={c: key(c) for c in experiments.columns if "__" in c})


def uncertainties() -> list:
    """EMA parameters for the uncertain parameters of `sim.config.uncertain`."""
    made = []
    for k, (low, high) in ranges().items():
        if k in INTEGER_KEYS:
            made.append(IntegerParameter(name(k), int(math.ceil(low)), int(math.floor(high))))
        else:
            made.append(RealParameter(name(k), float(low), float(high)))
    return made


def choices(spec) -> list | None:
    """The values of a categorical or switch lever (None for an integer range)."""
    if spec is bool:
        return [False, True]
    return None if isinstance(spec, tuple) else list(spec)


def levers(coded: bool = False) -> list:
    """EMA parameters for the strategy knobs and the procurement route (`LEVERS`).

    `coded`: each categorical or switch lever as an integer index into its `choices`, as
    EMA 3.0's optimisation needs (its platypus `Subset` decoding fails beside integers).
    """
    made = []
    for k, spec in LEVERS.items():
        options = choices(spec)
        if options is None:
            made.append(IntegerParameter(name(k), *spec))
        elif coded:
            made.append(IntegerParameter(name(k), 0, len(options) - 1))
        elif spec is bool:
            made.append(BooleanParameter(name(k)))
        else:
            made.append(CategoricalParameter(name(k), options))
    return made


def decode(values: dict) -> dict:
    """Coded lever values (`levers(coded=True)`) as the values they stand for."""
    decoded = dict(values)
    for k, spec in LEVERS.items():
        options = choices(spec)
        if options is not None and name(k) in decoded:
            decoded[name(k)] = options[int(decoded[name(k)])]
    return decoded


def text(key: str, value) -> str:
    """A value as a Hydra override: true/false, whole numbers where the config has them."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, str) or key not in PARAMS:
        return str(value)
    value = sampled(key, value)
    return str(value) if isinstance(value, int) else f"{value:.10g}"


def experiment_overrides(values: dict) -> list[str]:
    """The overrides of one replication of an experiment: `seed` and `replication` (EMA's
    replication entry) give the run's seed; any other name is a config key's (`name`)."""
    values = dict(values)
    seed, replication = int(values.pop("seed")), int(values.pop("replication"))
    if int(values.pop("coded_levers", 0)):
        values = decode(values)
    overrides = [f"{key(n)}={text(key(n), value)}" for n, value in values.items()]
    return [*overrides, f"seed={derive_seed(seed, replication)}"]


def run_experiment(**values) -> dict:
    """One replication of an experiment: `sim.run` of its overrides (`experiment_overrides`)."""
    from sim.api import run

    return outcomes_of(run(experiment_overrides(values)))


def outcomes_of(results) -> dict:
    """The outcomes of a run's results: the `SUMMARY` values and the `SERIES`."""
    row = results.summary.row(0, named=True)
    out = {name: np.nan if row[name] is None else float(row[name]) for name in SUMMARY}
    for name in SERIES:
        out[name] = results.timeseries[name].to_numpy().astype(float)
    return out


class BatchedReplicatorModel(ReplicatorModel):
    """EMA's `ReplicatorModel` with an experiment's replications, which differ only in their
    seed, run as one batch (`sim.run_many`, `sim.batch`): the same outcomes, faster."""

    def run_model(self, scenario, policy, constants) -> None:
        from ema_workbench.em_framework.model import AbstractModel
        from ema_workbench.em_framework.util import combine

        from sim.api import run_many

        AbstractModel.run_model(self, scenario, policy, constants)
        constants = {c.name: c.value for c in self.constants}
        runs = []
        for i, rep in enumerate(self.replications):
            rep.id = i
            runs.append(experiment_overrides(combine(scenario, self.policy, constants, rep)))
        outputs = {name: [] for name in self.output_variables}
        for results in run_many(runs, n_jobs=1):
            for name, value in outcomes_of(results).items():
                if name in outputs:
                    outputs[name].append(value)
        self.outcomes_output = outputs
        self.constraints_output = (combine(scenario, self.policy, constants), outputs)


class MultiprocessingEvaluator(ema_workbench.MultiprocessingEvaluator):
    """EMA's multiprocessing evaluator with its workers spawned instead of forked.

    EMA's pool forks the calling process; a process that has run the model holds polars' and
    numpy's thread pools, and a forked copy of a held lock is never released, so forked
    workers can wait for ever. Spawned workers import `sim.ema` afresh.
    """

    def initialize(self):
        from ema_workbench.em_framework import futures_multiprocessing as pool_module

        forking = pool_module.multiprocessing
        pool_module.multiprocessing = multiprocessing.get_context("spawn")
        try:
            return super().initialize()
        finally:
            pool_module.multiprocessing = forking


def ema_model(
    replications: int = 3,
    seed: int = 20240611,
    overrides: list[str] | None = None,
    reduce: Callable | None = None,
    coded_levers: bool = False,
) -> ReplicatorModel:
    """The model for `perform_experiments`: uncertainties, levers, outcomes and constants.

    `replications` runs of each experiment (replication r: seed `derive_seed(seed, r)`);
    `overrides` (`"key=value"`) are constants of every experiment. A summary outcome is one
    value a replication (an array of `replications` an experiment), or, given `reduce` (say
    `np.mean`), one scalar an experiment named with the reduction (`realised_cases_mean`),
    as EMA's analyses and optimisation take them. `coded_levers` codes the categorical and
    switch levers as integer indices (for `robust_optimize`; `decode` reads them back).
    """
    model = BatchedReplicatorModel("waardenmakerij", function=run_experiment)
    model.uncertainties = uncertainties()
    model.levers = levers(coded_levers)
    summary = [
        ArrayOutcome(name)
        if reduce is None
        else ScalarOutcome(f"{name}_{reduce.__name__}", variable_name=name, function=reduce)
        for name in SUMMARY
    ]
    model.outcomes = [*summary, *(ArrayOutcome(name) for name in SERIES)]
    constants = [Constant("seed", seed), Constant("coded_levers", int(coded_levers))]
    for override in overrides or []:
        k, value = override.split("=", 1)
        constants.append(Constant(name(k), value))
    model.constants = constants
    model.replications = [{"replication": r} for r in range(replications)]
    return model


def _evaluate_own(jobs_collection, experiments, outcomes, problem) -> None:
    """EMA's `optimization.evaluate` with each policy's robustness scored on its own
    experiments (EMA 3.0.0 scores it on the outcomes of the whole generation)."""
    from ema_workbench.em_framework import optimization

    if problem.searchover != "robust":
        return optimization.evaluate(jobs_collection, experiments, outcomes, problem)
    for sample, job in jobs_collection:
        logical = (experiments["policy"] == sample.name).to_numpy()
        own = {k: np.asarray(v)[logical] for k, v in outcomes.items()}
        scores = {
            obj.name: obj.function(*[own[var] for var in obj.variable_name])
            for obj in problem.objectives
        }
        row = experiments[logical].iloc[0]
        constraints = optimization._evaluate_constraints(row, scores, problem.ema_constraints)
        values = [scores[key] for key in problem.outcome_names]
        if constraints:
            job.solution.problem.function = lambda _, v=values, c=constraints: (v, c)
        else:
            job.solution.problem.function = lambda _, v=values: v
        job.solution.evaluate()
    return None


def score_each_policy_on_its_own() -> None:
    """Make EMA's `robust_optimize` score each policy on its own scenarios.

    EMA Workbench 3.0.0's `optimization.evaluate` computes a robustness function over the
    outcomes of every policy of a generation, so all policies tie and the robust set is one
    arbitrary policy (seen in `experiments/robust_strategy.py`; tests/test_ema.py shows it on
    a toy model). This replaces the evaluator's `evaluate` with `_evaluate_own`.
    """
    from ema_workbench.em_framework import evaluators

    evaluators.evaluate = _evaluate_own
