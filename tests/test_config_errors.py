"""Every refusal of a bad config is one line naming key, value and what is allowed.

Regression tests for the defects a fuzz of the config found (issue 17): -0.0 crashing numpy,
unbounded keys running into inf/NaN, switches taking 1/-1/yes, deleted groups, resolved
interpolations, type errors without what is allowed, unknown keys without a suggestion,
sizes beyond the machine's memory, three error types from the Python API.
"""

import math

import numpy as np
import pytest
from helpers import make_model
from test_fuzz import run_cli

import sim
from sim import config as schema
from sim.api import compose_config, to_config
from sim.config import PARAMS, Config, memory_needed
from sim.errors import InvariantError

TINY = ["run.years=0.2", "population.n_actors=60", "environment.n_buurten=1"]


def refusal(overrides: list[str]) -> str:
    """The message `sim.run` refuses these overrides with (before any run)."""
    with pytest.raises(sim.ConfigError) as error:
        sim.run([*TINY, *overrides])
    message = str(error.value)
    assert "\n" not in message
    return message


# ------------------------------------------------------------------ -0.0


@pytest.mark.parametrize(
    "key",
    [
        "chains.threshold_sd",
        "environment.quality_sd",
        "population.bewoner.hours_week",
        "population.unwilling_hours_week",
    ],
)
def test_negative_zero_runs_as_zero(key):
    results = sim.run([*TINY, f"{key}=-0.0"])  # numpy raised "scale < 0" here
    assert results.timeseries.height == 10


def test_negative_zero_is_stored_as_zero():
    cfg = Config()
    cfg.chains.threshold_sd = -0.0
    cfg.population.bewoner.values = [-0.0, 0.5, 0.5]
    model = sim.WaardenModel(cfg, mesa_space=False)
    assert math.copysign(1, model.cfg.chains.threshold_sd) == 1
    assert math.copysign(1, model.cfg.population.bewoner.values[0]) == 1


# ------------------------------------------------------------------ finite ranges


def test_every_number_has_a_finite_range_around_its_default():
    for key, (default, meta) in PARAMS.items():
        if isinstance(default, bool | str):
            continue
        lo, hi = meta["lo"], meta["hi"]
        assert lo is not None and hi is not None, key
        assert math.isfinite(lo) and math.isfinite(hi) and lo < hi, key
        for value in default if isinstance(default, list) else [default]:
            assert lo <= value <= hi, key


@pytest.mark.parametrize(
    "key",
    [
        "population.bewoner.money_eur",
        "population.organisatie.income_eur_week",
        "chains.threshold_sd",
        "chains.wijk.money_eur",
        "mkba.shadow_wage_eur_hour",
        "mkba.staff_wage_eur_hour",
        *(k for k in PARAMS if k.startswith("mkba.price_")),
    ],
)
def test_huge_values_are_refused(key):
    message = refusal([f"{key}=1e308"])  # the run exited 0 with inf/NaN outputs
    assert message.startswith(f"{key}=1e+308 is out of range: use a number from 0 to ")


# ------------------------------------------------------------------ invariants in every run


def break_in_week(monkeypatch, week: int, array: str, value: float) -> None:
    """Make the model's weekly learning phase set actor 0's `array` to `value` in `week`."""
    from sim.chains import small_wins

    learn = small_wins.learn

    def broken(world, hours):
        learned = learn(world, hours)
        if world.week == week:
            getattr(world.actors, array)[0] = value
        return learned

    monkeypatch.setattr(small_wins, "learn", broken)


def test_a_broken_state_stops_the_run_in_its_week(monkeypatch):
    break_in_week(monkeypatch, 3, "trust", np.nan)
    with pytest.raises(sim.ConfigError) as error:
        sim.run(TINY)
    assert isinstance(error.value, InvariantError)
    assert str(error.value).startswith(
        "week 3: timeseries.mean_trust reached nan to nan (allowed: finite): the run stopped"
    )


def test_negative_hours_stop_the_run_at_the_full_check(monkeypatch):
    break_in_week(monkeypatch, 3, "hours_given", -5.0)
    with pytest.raises(InvariantError) as error:
        sim.run(TINY)  # ten weeks: the full check at the end of the run
    assert str(error.value).startswith("week 10: actors.hours_given reached -5 to ")
    assert "(allowed: finite, not negative)" in str(error.value)


def test_a_broken_state_ends_the_command_with_exit_2(monkeypatch, tmp_path):
    break_in_week(monkeypatch, 2, "trust", np.nan)
    code, err = run_cli(TINY, tmp_path)
    assert code == 2
    assert err.splitlines()[-1].startswith(
        "waardenmakerij: error: week 2: timeseries.mean_trust reached nan"
    )


def test_a_broken_state_ends_the_command_in_one_line_leaving_nothing(monkeypatch, tmp_path):
    break_in_week(monkeypatch, 2, "trust", np.nan)
    code, err = run_cli(TINY, tmp_path)
    assert code == 2
    assert len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_the_weekly_checks_pass_on_a_default_run():
    model = make_model(["run.years=1"])
    model.run()  # check_state after every week
    model.check_state()
    model.places.quality[0, 0] = 1.5
    with pytest.raises(InvariantError, match="week 52: places.quality reached "):
        model.check_state()


# ------------------------------------------------------------ switches, groups, interpolations


@pytest.mark.parametrize(
    "value, shown",
    [("1", "1"), ("0", "0"), ("-1", "-1"), ("2", "2"), ("yes", "'yes'"), ("on", "'on'"),
     ("0.5", "0.5"), ("null", "null")],
)  # fmt: skip
def test_switches_take_only_true_or_false(value, shown):
    assert refusal([f"environment.kenniskring={value}"]) == (
        f"environment.kenniskring={shown} is not allowed: use true or false"
    )  # OmegaConf made -1, 2 and yes true


def test_switches_take_true_and_false():
    for value in ("true", "false"):
        config = to_config(compose_config([f"environment.kenniskring={value}"]))
        assert config.environment.kenniskring is (value == "true")


def test_a_sweep_refuses_a_switch_of_a_later_job_before_the_first_run(tmp_path):
    code, err = run_cli(["-m", "environment.kenniskring=true,yes", *TINY], tmp_path)
    assert code == 2
    assert err.splitlines()[-1].endswith(
        "environment.kenniskring='yes' is not allowed: use true or false"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "override, message",
    [
        ("~strategy", "~strategy is not allowed: strategy is required, use one of downscalen, "
         "onbeheerst, opschalen"),
        ("~environment", "~environment is not allowed: environment is required, use one of "
         "amsterdam, wijk"),
        ("strategy=null", "strategy=null is not allowed: use one of downscalen, onbeheerst, "
         "opschalen"),
        ("~tussenruimte.friction", "~tussenruimte.friction is not allowed: "
         "tussenruimte.friction is required, set it instead"),
    ],
)  # fmt: skip
def test_required_groups_and_keys_cannot_be_deleted(override, message):
    assert refusal([override]) == message  # ~strategy ran as onbeheerst


@pytest.mark.parametrize(
    "override",
    [
        "environment.name=${oc.env:HOME}",
        "strategy.name=home_${oc.env:HOME}",
        "tussenruimte.friction=${oc.env:FRICTION}",
        "population.bewoner.values=[${x},0.5,0.5]",
    ],
)
def test_interpolations_are_refused(override):
    key = override.split("=")[0]
    assert refusal([override]).startswith(f"{key}=")  # HOME went into the outputs


# ------------------------------------------------------------------ what is allowed


@pytest.mark.parametrize(
    "override, message",
    [
        ("tussenruimte.friction=abc", "tussenruimte.friction='abc' is not allowed: use a number "
         "from 0 to 1"),
        ("tussenruimte.friction=null", "tussenruimte.friction=null is not allowed: use a number "
         "from 0 to 1"),
        ("tussenruimte.friction=true", "tussenruimte.friction=true is not allowed: use a number "
         "from 0 to 1"),
        ("tussenruimte.friction=1.5", "tussenruimte.friction=1.5 is out of range: use a number "
         "from 0 to 1"),
        ("population.n_actors=1e3", "population.n_actors=1000.0 is not allowed: use a whole "
         "number from 10 to 5000000"),
        ("population.bewoner.values=[1,2]", "population.bewoner.values=[1, 2] is not allowed: "
         "use a list of 3 numbers, each from 0 to 1"),
        ("population.bewoner.values=[0.5,2,0]", "population.bewoner.values=[0.5, 2.0, 0.0] is "
         "out of range: use a list of 3 numbers, each from 0 to 1"),
        ("procurement.route=cheapest", "procurement.route='cheapest' is not allowed: use one of "
         "lowest_price, best_value, social_enterprise, ambition_contract"),
        ("strategy=foo", "strategy=foo is not allowed: use one of downscalen, onbeheerst, "
         "opschalen"),
        ("tussenruimte.fricton=0.1", "tussenruimte.fricton=0.1 is not allowed: no such key, did "
         "you mean tussenruimte.friction?"),
        ("nope=1", "nope=1 is not allowed: no such key (every key: docs/ODD.md, table D.1)"),
        ("+seed=3", "+seed=3 is not allowed: seed exists, set it without +: use a whole number "
         "from 0 to 9223372036854775807"),
        ("tussenruimte=3", "tussenruimte=3 is not allowed: tussenruimte holds keys, set one of "
         "them (tussenruimte.friction, tussenruimte.official_relief, tussenruimte.learning, ...)"),
        ("population.bewoner.share=0.5", "population.bewoner.share=0.5, "
         "population.ondernemer.share=0.12, population.ambtenaar.share=0.015, "
         "population.organisatie.share=0.01 add up to 0.645: use four shares that add up to 1"),
        ("environment.n_stadsdelen=3", "environment.n_stadsdelen=3, environment.n_wijken=1, "
         "environment.n_buurten=1 are not allowed: use n_stadsdelen <= n_wijken <= n_buurten"),
    ],
)  # fmt: skip
def test_refusals_name_key_value_and_what_is_allowed(override, message):
    assert refusal([override]) == message


# ------------------------------------------------------------------ memory


def test_sizes_beyond_the_machine_are_refused_with_the_estimate():
    message = refusal(["environment.n_buurten=1000000", "environment.parcels_per_buurt=10000"])
    assert message.startswith(
        "environment.n_buurten=1000000, environment.parcels_per_buurt=10000 need an estimated "
        "2384.6 GiB of memory, more than the "
    )  # a 74.5 GiB allocation crashed here
    assert message.endswith(" fit)") and "GiB available: use fewer percelen (about " in message


def test_many_actors_are_refused_when_memory_is_short(monkeypatch):
    monkeypatch.setattr(schema.memory, "available_memory", lambda: 8 * schema.GIB)
    message = refusal(["population.n_actors=5000000"])  # MemoryError here
    assert message.startswith("population.n_actors=5000000, environment.local_degree=8 need an ")
    assert "more than the 8.0 GiB available: use fewer ties (about " in message


def test_the_estimate_bounds_the_measured_city_run():
    """environment=amsterdam peaked at 1.5-1.9 GiB over ten years (docs/performance.md and
    this change's measurement under load)."""
    city = to_config(compose_config(["environment=amsterdam"]))
    estimate = sum(size for size, _, _ in memory_needed(city).values()) / schema.GIB
    assert 1.9 < estimate < 3 * 1.9


# ------------------------------------------------------------------ one error type


@pytest.mark.parametrize(
    "override", ["tussenruimte.friction=abc", "nope=1", "strategy=foo", "seed=[1]"]
)
def test_the_api_raises_config_error_with_the_commands_line(override, tmp_path):
    with pytest.raises(sim.ConfigError) as error:
        sim.run([override])
    assert error.value.__cause__ is not None  # Hydra's or OmegaConf's error, kept
    code, err = run_cli([override], tmp_path)
    assert code == 2
    assert err == f"waardenmakerij: error: {error.value}\n"
