"""Helpers shared by the tests (fixtures live in conftest.py)."""

import numpy as np

import sim
from sim.api import compose_config, to_config
from sim.chains.book import MOBILISEREN

STRATEGIES = ("onbeheerst", "opschalen", "downscalen")

#: The values before the calibration (configs/calibration/assumed.yaml): tests of a mechanism
#: that need cases joined, decided and realised in a small world of a few hundred actors
#: within a few years use them; with the calibrated values (more reluctant joiners) such a
#: world forms few teams. The calibrated defaults are tested on the default wijk
#: (tests/test_calibration.py, tests/test_regression.py).
ACTIVE = ["calibration=assumed"]
#: The most weeks a test steps a model while it waits for a precondition (ten years).
LONGEST = 520
#: A small wijk for most tests: a few hundred actors, a few years, active enough.
SMALL = [*ACTIVE, "population.n_actors=300", "run.years=3"]


def make_model(overrides=(), mesa_space: bool = False) -> sim.WaardenModel:
    """A WaardenModel composed from Hydra-style overrides, as the CLI would make it."""
    return sim.WaardenModel(to_config(compose_config(list(overrides))), mesa_space=mesa_space)


def with_teams(overrides=(), teams: int = 3, size: int = 3) -> sim.WaardenModel:
    """A model (made as `make_model` does) stepped until `teams` mobilising cases have teams
    of `size` or more, past the run's end if need be; fails (never hangs) after `LONGEST`."""
    model = make_model([*ACTIVE, *overrides])
    book = model.chains

    def formed() -> bool:
        return (book.per_case(book.team())[book.cases_in(MOBILISEREN)] >= size).sum() >= teams

    while not formed() and model.week < LONGEST:
        model.step()
    assert formed(), f"precondition: {teams} teams of {size} within {LONGEST} weeks ({overrides})"
    return model


def step_checked(model: sim.WaardenModel, on_step=None) -> sim.WaardenModel:
    """Step a model week by week to its end, checking its invariants after every week."""
    while model.week < model.n_weeks:
        week = model.week
        model.step()
        assert model.week == week + 1
        model.check_invariants()
        if on_step is not None:
            on_step(model)
    assert not model.running
    return model


def float_columns(frame) -> list[str]:
    return [name for name, dtype in frame.schema.items() if dtype.is_float()]


def finite(frame) -> bool:
    """No NaN or inf in any float column (nulls, for events that did not happen, are fine)."""
    for name in float_columns(frame):
        values = frame[name].drop_nulls().to_numpy()
        if not np.isfinite(values).all():
            return False
    return True
