"""WaardenModel as Mesa's own tools expect it (issue 12, parts 6 and 7).

Mesa's conventions: `rng`/`seed`, scenario parameters as keyword arguments, `batch_run`,
a `datacollector`, `steps` and `run_for`, a SolaraViz page with `make_plot_component`. And one
source of defaults: `Config()`, `WaardenModel()`, `sim.run([])`, the command and the app run
the same scenario.
"""

import multiprocessing
import pickle
import subprocess
import sys

import mesa
import numpy as np
import pandas as pd
import polars as pl
import pytest
import solara
from polars.testing import assert_frame_equal

import sim
from sim.api import GROUPS, collect, compose_config, to_config
from sim.config import Config, iter_params
from sim.mesa_native import configure
from sim.model import WaardenModel
from sim.output.records import COLUMNS
from sim.seeds import derive_seed

SMALL = {"population.n_actors": 300, "run.years": 1}


def composed(overrides=()) -> Config:
    return to_config(compose_config(list(overrides)))


def weeks_of(model: WaardenModel, weeks: int) -> pl.DataFrame:
    model.run_for(weeks)
    return model.recorder.frame()


# ------------------------------------------------------------------ one source of defaults


def test_config_defaults_are_the_composed_defaults():
    schema = {key: value for key, value, _ in iter_params(Config())}
    run = {key: value for key, value, _ in iter_params(composed())}
    differ = {k: (schema[k], run[k]) for k in schema if schema[k] != run[k]}
    assert not differ, f"Config() differs from configs/config.yaml: {differ}"
    kinds = {k: (schema[k], run[k]) for k in schema if type(schema[k]) is not type(run[k])}
    assert not kinds, f"of another type: {kinds}"
    assert Config() == composed() == WaardenModel(mesa_space=False).cfg
    assert Config().strategy.name == "downscalen" and Config().environment.name == "wijk"


def test_model_api_command_line_and_app_run_the_same_default_scenario(tmp_path):
    overrides = ["run.years=0.5", "population.n_actors=300"]
    out = tmp_path / "run"
    command = [sys.executable, "-m", "sim", *overrides, f"hydra.run.dir={out}"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    from_command = pl.read_parquet(out / "summary.parquet")
    from_api = sim.run(overrides).summary
    model = WaardenModel(**{"run.years": 0.5, "population.n_actors": 300})
    from_model = collect(model.run()).summary
    assert from_model.columns == from_api.columns == from_command.columns
    assert_frame_equal(from_api, from_command)
    assert_frame_equal(from_model, from_api)
    assert from_api["seed"][0] == 42 and from_api["weeks"][0] == 26


def test_the_app_model_is_the_default_model():
    from sim.app.model import AppModel

    app, model = AppModel(), WaardenModel()
    assert app.cfg == model.cfg == Config()
    assert_frame_equal(weeks_of(app, 26), weeks_of(model, 26))
    assert_frame_equal(collect(app).summary, collect(model).summary)


# ------------------------------------------------------------------ keyword arguments


@pytest.mark.parametrize(
    "group, option",
    [(g, o) for g in ("strategy", "environment") for o in GROUPS[g]]
    + [("reduction", o) for o in ("watts", "limit_frictionless")],
)
def test_a_group_option_as_a_keyword_is_the_command_lines(group, option):
    line = f"{group}={option}" if group != "reduction" else f"+reduction={option}"
    assert configure(params={group: option}) == composed([line])


def test_parameters_as_keywords_are_the_command_lines():
    kwargs = {
        "strategy": "opschalen",
        "tussenruimte.friction": np.float64(0.2),  # as a numpy parameter grid gives it
        "population.n_actors": np.int64(300),
        "chains.w_cost": 1,  # an int for a float, as on the command line
        "population.bewoner": {"hours_week": 4},
        "environment.kenniskring": np.True_,
    }
    cfg = WaardenModel(**kwargs, mesa_space=False).cfg
    expected = composed(
        [
            "strategy=opschalen",
            "tussenruimte.friction=0.2",
            "population.n_actors=300",
            "chains.w_cost=1",
            "population.bewoner.hours_week=4",
            "environment.kenniskring=true",
        ]
    )
    assert cfg == expected
    assert type(cfg.chains.w_cost) is float and type(cfg.population.n_actors) is int


def test_a_config_still_runs_as_given():
    cfg = composed(["population.n_actors=300", "seed=5"])
    model = WaardenModel(cfg, mesa_space=False)
    assert model.cfg is cfg  # as before: nothing to change, nothing copied
    changed = WaardenModel(cfg, mesa_space=False, seed=6, **{"tussenruimte.friction": 0.3})
    assert changed.cfg.seed == 6 and changed.cfg.tussenruimte.friction == 0.3
    assert cfg.seed == 5 and cfg.tussenruimte.friction == 0.5  # the caller's config untouched


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"tussenruimte.friction": 1.5},
         "tussenruimte.friction=1.5 is out of range: use a number from 0 to 1"),
        ({"tussenruimte.friktion": 0.2},
         "tussenruimte.friktion=0.2 is not allowed: no such key, did you mean "
         "tussenruimte.friction?"),
        ({"tussenruimte.friction": "veel"},
         "tussenruimte.friction='veel' is not allowed: use a number from 0 to 1"),
        ({"environment.kenniskring": 1},
         "environment.kenniskring=1 is not allowed: use true or false"),
        ({"strategy": "foo"},
         "strategy='foo' is not allowed: use one of downscalen, onbeheerst, opschalen"),
        ({"strategy.invitation": "all"},
         "strategy.invitation='all' is not allowed: use one of open, network"),
        ({"experiment": "defaults"},
         "experiment='defaults' is not allowed: an experiment is a sweep, run it with "
         "`uv run waardenmakerij -m +experiment=<name>` (or sweep with mesa.batch_run)"),
        ({"seed": -1},
         "seed=-1 is out of range: use a whole number from 0 to 9223372036854775807"),
        ({"rng": "abc"},
         "rng='abc' is not allowed: use a whole number from 0 to 9223372036854775807, a "
         "numpy SeedSequence or Generator, or None for a fresh seed"),
        ({"rng": 1, "seed": 2},
         "rng=1 and seed=2 are not allowed together: pass one of them"),
    ],
)  # fmt: skip
def test_a_bad_keyword_raises_one_line(kwargs, message):
    with pytest.raises(sim.ConfigError) as error:
        WaardenModel(mesa_space=False, **kwargs)
    assert str(error.value) == message


def test_a_group_option_with_a_config_is_refused():
    with pytest.raises(sim.ConfigError, match="strategy='opschalen' is not allowed with a config"):
        WaardenModel(Config(), strategy="opschalen")


# ------------------------------------------------------------------ seeds


def test_seed_and_rng_set_the_runs_one_seed():
    def seed(**kwargs) -> int:
        return configure(params=SMALL, **kwargs).seed

    assert seed() == 42  # omitted: the config's
    assert seed(seed=7) == seed(rng=7) == seed(rng=np.int64(7)) == 7
    assert seed(rng=np.random.SeedSequence(7)) == 7  # what the model spreads seed 7 from
    assert seed(rng=np.random.SeedSequence(7, spawn_key=(3,))) == derive_seed(7, 3)
    assert seed(rng=[7, 3]) == seed(rng=np.random.SeedSequence([7, 3]))
    drawn = seed(rng=np.random.default_rng(5))
    assert drawn == seed(rng=np.random.default_rng(5)) == seed(rng=np.random.PCG64(5))
    fresh = {seed(rng=None) for _ in range(3)} | {seed(seed=None)}
    assert len(fresh) == 4  # Mesa's None: fresh entropy each time


def test_a_drawn_seed_is_recorded_and_repeats_the_run():
    model = WaardenModel(rng=np.random.default_rng(5), mesa_space=False, **SMALL)
    again = WaardenModel(seed=model.cfg.seed, mesa_space=False, **SMALL)
    assert_frame_equal(weeks_of(model, 10), weeks_of(again, 10))
    other = WaardenModel(rng=None, mesa_space=False, **SMALL)
    assert other.cfg.seed != model.cfg.seed
    assert collect(other).summary["seed"][0] == other.cfg.seed


# ------------------------------------------------------------------ steps and data


def test_steps_count_the_weeks_and_run_for_runs_them():
    model = WaardenModel(mesa_space=False, **SMALL)
    assert model.steps == model.week == 0
    model.run_for(3)
    assert model.steps == model.week == model.time == 3
    model.step()
    assert model.steps == model.week == 4 and model.running
    model.run_model()  # Mesa's loop: until running goes False at the end of run.years
    assert not model.running
    assert model.steps == model.week == model.n_weeks == 52


def test_the_datacollector_holds_the_recorders_weekly_indicators():
    model = WaardenModel(mesa_space=False, **SMALL)
    model.run_for(20)
    frame = model.datacollector.get_model_vars_dataframe()
    assert isinstance(model.datacollector, mesa.DataCollector)
    assert list(frame.columns) == [*COLUMNS, "seed"]
    assert list(frame.index) == list(range(1, 21)) and frame.index.name == "Step"
    series = model.recorder.frame()
    recorded = pd.DataFrame(
        {name: series[name].to_numpy() for name in COLUMNS},
        index=pd.Index(series["week"].to_list(), name="Step"),
    )
    pd.testing.assert_frame_equal(frame.drop(columns="seed"), recorded)
    assert (frame["seed"] == model.cfg.seed).all()
    # Stored at once, the row is what Mesa's own collect gets from the reporters.
    reference = mesa.DataCollector(model_reporters=model.datacollector.model_reporters)
    reference.collect(model)
    assert {k: v[-1] for k, v in model.datacollector.model_vars.items()} == {
        k: v[0] for k, v in reference.model_vars.items()
    }


def test_the_model_class_and_its_keywords_pickle():
    kwargs = {"strategy": "opschalen", "tussenruimte.friction": 0.2, "seed": 3}
    cls, again = pickle.loads(pickle.dumps((WaardenModel, kwargs)))
    assert cls is WaardenModel and again == kwargs
    reporters = WaardenModel(mesa_space=False, **SMALL).datacollector.model_reporters
    assert pickle.loads(pickle.dumps(reporters)).keys() == reporters.keys()


# ------------------------------------------------------------------ batch_run


@pytest.fixture
def keep_start_method():
    """batch_run sets multiprocessing's start method to spawn for the whole process."""
    method = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(method, force=True)


def test_batch_run_of_the_issue(keep_start_method):
    parameters = {
        "strategy": ["opschalen", "downscalen"],
        "tussenruimte.friction": [0.2, 0.8],
        "population.n_actors": 300,  # small, to be quick
    }
    with pytest.warns(DeprecationWarning, match="iterations"):  # Mesa 3.5 prefers rng=[...]
        rows = mesa.batch_run(
            WaardenModel,
            parameters=parameters,
            iterations=3,
            max_steps=52,
            number_processes=2,
            display_progress=False,
        )
    table = pd.DataFrame(rows).sort_values("RunId", ignore_index=True)
    # Tidy: one row a run (the last step, batch_run's default), a column a variable.
    assert len(table) == 2 * 2 * 3 and table["RunId"].tolist() == list(range(12))
    ids = ["RunId", "iteration", "Step", *parameters, "seed"]
    assert list(table.columns) == [*ids, *COLUMNS]
    assert (table["Step"] == 52).all()
    assert sorted(table["iteration"].value_counts()) == [4, 4, 4]
    # Distinct iterations: each run drew its own seed (recorded), and its own outcome.
    assert table["seed"].nunique() == 12
    for _, runs in table.groupby(["strategy", "tussenruimte.friction"]):
        outcomes = {tuple(run) for run in runs[list(COLUMNS)].itertuples(index=False)}
        assert len(outcomes) == 3
    # The recorded seed repeats a run here, in this process.
    row = table.iloc[5]
    kwargs = {key: row[key] for key in parameters}
    model = WaardenModel(seed=int(row["seed"]), **kwargs)
    model.run_for(52)
    assert model.datacollector.get_model_vars_dataframe().iloc[-1][list(COLUMNS)].tolist() == (
        row[list(COLUMNS)].tolist()
    )


def test_batch_run_with_the_same_rng_is_identical():
    def batch():
        rows = mesa.batch_run(
            WaardenModel,
            parameters={"strategy": ["opschalen", "downscalen"], "population.n_actors": 300},
            rng=[1, 2],
            max_steps=26,
            data_collection_period=1,
            display_progress=False,
        )
        return pd.DataFrame(rows)

    first, second = batch(), batch()
    pd.testing.assert_frame_equal(first, second)
    assert len(first) == 4 * 26  # one row a run and step
    assert first.groupby("RunId")["Step"].apply(list).tolist() == [list(range(1, 27))] * 4
    assert sorted(set(first["seed"])) == [1, 2]


# ------------------------------------------------------------------ SolaraViz


def test_a_solaraviz_page_with_make_plot_component():
    from mesa.visualization import Slider, SolaraViz, make_plot_component
    from mesa.visualization.solara_viz import _build_model_init_kwargs

    model = WaardenModel(**SMALL)
    model.run_for(5)
    drawn = []
    plot = make_plot_component("cases_realised", post_process=drawn.append)
    plots = make_plot_component(["mean_trust", "mean_passion"])
    model_params = {
        "strategy": {
            "type": "Select",
            "value": "downscalen",
            "values": list(GROUPS["strategy"]),
            "label": "strategy",
        },
        "tussenruimte.friction": Slider("friction", 0.5, 0.0, 1.0, 0.1),
        "population.n_actors": 300,
    }
    page = SolaraViz(model, components=[plot, plots], model_params=model_params, name="W")
    solara.render(page, handle_error=False)
    component, _ = plot
    solara.render(component(model), handle_error=False)
    (line,) = drawn[-1].get_lines()
    assert list(line.get_xdata()) == [1, 2, 3, 4, 5]  # week 1 at step 1
    assert list(line.get_ydata()) == model.recorder.data["cases_realised"][:5].tolist()
    # Reset makes a new model from the page's parameters (and a Mesa Scenario), as here.
    chosen = {"strategy": "opschalen", "tussenruimte.friction": 0.3, "population.n_actors": 300}
    kwargs = _build_model_init_kwargs(
        model, chosen, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    assert "scenario" in kwargs
    reset = type(model)(**kwargs)
    assert reset.cfg == composed(
        ["strategy=opschalen", "tussenruimte.friction=0.3", "population.n_actors=300"]
    )
