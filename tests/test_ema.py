"""`sim.ema`: the model under the EMA Workbench (issue 18).

Two scenarios (of the ODD's uncertain parameters) x two policies (strategy knobs and the
procurement route) x two replications of a tiny wijk, under EMA's sequential and
multiprocessing evaluators: the same numbers under both, and each experiment is `sim.run` of
its values with its replication's seed (its replications run as one batch, `sim.batch`).
"""

import numpy as np
import pytest
from ema_workbench import SequentialEvaluator

import sim
from sim.config.uncertain import ranges
from sim.ema import (
    LEVERS,
    SERIES,
    SUMMARY,
    MultiprocessingEvaluator,
    config_columns,
    ema_model,
    text,
)
from sim.seeds import derive_seed

TINY = ["population.n_actors=300", "run.years=0.2"]
DESIGN = dict(
    scenarios=2,
    policies=2,
    uncertainty_sampling_kwargs={"rng": 3},
    lever_sampling_kwargs={"rng": 4},
)


@pytest.fixture(scope="module")
def sequential():
    with SequentialEvaluator(ema_model(replications=2, overrides=TINY)) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(**DESIGN)
    return config_columns(experiments), outcomes


def test_experiments_have_the_configs_keys_and_outcomes_one_a_replication(sequential):
    experiments, outcomes = sequential
    assert len(experiments) == 4
    assert set(ranges()) | set(LEVERS) <= set(experiments.columns)
    for name in SUMMARY:
        assert outcomes[name].shape == (4, 2), name
        assert np.isfinite(outcomes[name]).all() or name == "mkba_bcr", name
    weeks = round(0.2 * 52)
    for name in SERIES:
        assert outcomes[name].shape == (4, 2, weeks), name


def test_an_experiment_is_sim_run_of_its_values(sequential):
    experiments, outcomes = sequential
    row = experiments.iloc[1]
    values = [f"{k}={text(k, row[k])}" for k in [*ranges(), *LEVERS]]
    for replication in (0, 1):
        seed = derive_seed(20240611, replication)
        summary = sim.run([*values, *TINY, f"seed={seed}"]).summary.row(0, named=True)
        for name in ("realised_cases", "participation_rate", "mkba_npv_eur"):
            assert outcomes[name][1, replication] == pytest.approx(summary[name], abs=0), name


def test_the_multiprocessing_evaluator_gives_the_same_numbers(sequential):
    """Under sim.ema's MultiprocessingEvaluator (spawned workers; EMA's forked ones can hang
    in a process that has run the model, as this one has)."""
    experiments, outcomes = sequential
    model = ema_model(replications=2, overrides=TINY)
    with MultiprocessingEvaluator(model, n_processes=2) as evaluator:
        parallel_experiments, parallel = evaluator.perform_experiments(**DESIGN)
    parallel_experiments = config_columns(parallel_experiments)
    keys = [*ranges(), *LEVERS]
    assert parallel_experiments[keys].equals(experiments[keys])
    for name in (*SUMMARY, *SERIES):
        np.testing.assert_array_equal(parallel[name], outcomes[name], err_msg=name)


def test_a_reduced_model_gives_one_value_an_experiment():
    model = ema_model(replications=2, overrides=TINY, reduce=np.mean)
    with SequentialEvaluator(model) as evaluator:
        _, outcomes = evaluator.perform_experiments(scenarios=1, policies=1)
    assert outcomes["realised_cases_mean"].shape == (1,)


def test_coded_levers_run_the_choices_they_stand_for():
    """For EMA 3.0's optimisation the categorical and switch levers are integer indices."""
    from sim.ema import choices, decode, levers, name, run_experiment

    coded = {p.name: p for p in levers(coded=True)}
    for k, spec in LEVERS.items():
        if (options := choices(spec)) is not None:
            assert (coded[name(k)].lower_bound, coded[name(k)].upper_bound) == (0, len(options) - 1)
    codes = {name("strategy.invitation"): 0, name("strategy.value_added_filter"): 1}
    assert decode(codes) == {
        name("strategy.invitation"): "open",
        name("strategy.value_added_filter"): True,
    }
    tiny = {name(o.split("=")[0]): o.split("=")[1] for o in TINY}
    plain = run_experiment(**tiny, **decode(codes), seed=5, replication=0)
    from_codes = run_experiment(**tiny, **codes, coded_levers=1, seed=5, replication=0)
    for outcome in SUMMARY:
        np.testing.assert_equal(from_codes[outcome], plain[outcome], err_msg=outcome)


def test_robust_optimize_scores_each_policy_on_its_own_scenarios(tmp_path):
    """EMA 3.0.0's robust_optimize scores every policy on the outcomes of all policies of a
    generation: on a toy model whose outcome is the lever, every policy ties. With
    `score_each_policy_on_its_own` the robust set is the best lever."""
    from ema_workbench import (
        IntegerParameter,
        Model,
        RealParameter,
        ScalarOutcome,
        SequentialEvaluator,
    )
    from ema_workbench.em_framework import evaluators
    from ema_workbench.em_framework.samplers import LHSSampler

    from sim.ema import score_each_policy_on_its_own

    def toy(lever=0, noise=0.0):
        return {"y": lever + noise}

    model = Model("toy", function=toy)
    model.levers = [IntegerParameter("lever", 0, 9)]
    model.uncertainties = [RealParameter("noise", 0.0, 0.1)]
    model.outcomes = [ScalarOutcome("y")]
    robustness = [ScalarOutcome("y_min", kind=ScalarOutcome.MAXIMIZE, variable_name="y",
                                function=np.min)]  # fmt: skip
    scenarios = LHSSampler().generate_samples(model.uncertainties, 5, rng=1)
    original = evaluators.evaluate
    try:
        score_each_policy_on_its_own()
        with SequentialEvaluator(model) as evaluator:
            front, _ = evaluator.robust_optimize(
                robustness, scenarios, nfe=100, epsilons=[0.5], rng=3,
                population_size=20, filename="toy.tar.gz", directory=str(tmp_path),
            )  # fmt: skip
    finally:
        evaluators.evaluate = original
    assert front["lever"].tolist() == [9]
    assert front["y_min"].iloc[0] == pytest.approx(9.0, abs=0.1)
