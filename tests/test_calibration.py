"""Calibration to Dutch figures (issue 15): the employment status, the survey measures the
targets are compared with, the ABC distance, `waardenmakerij-calibrate` end to end and its
mistakes, the calibrated defaults and the posterior draws as configs."""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import polars as pl
import pytest
from omegaconf import OmegaConf

from sim.api import CONFIG_DIR, compose_config, to_config
from sim.calibration import targets as tg
from sim.config import Config, ConfigError
from sim.config.schema import PARAMS
from sim.model import WaardenModel
from sim.output.survey import TRUST_CUTOFF, Survey, member_weeks
from sim.vocabulary import WEEKS_PER_YEAR, Kind

COMMAND = Path(sys.executable).with_name("waardenmakerij-calibrate")
PREFIX = "waardenmakerij-calibrate: error: "
TINY = ["run.years=1", "population.n_actors=300", "environment.n_buurten=1"]


def actors_of(overrides: list[str]):
    return WaardenModel(to_config(compose_config(overrides))).actors


# ---------------------------------------------------------------- employment (lever checks)


def test_employment_rate_sets_the_share_of_residents_with_a_paid_job():
    for rate in (0.0, 0.3, 1.0):
        st = actors_of(["population.n_actors=4000", f"population.employment_rate={rate}"])
        resident = st.kind == Kind.BEWONER
        assert abs(st.employed[resident].mean() - rate) < 0.03
        assert st.employed[~resident].all()  # entrepreneurs, officials, institutions work


def test_a_paid_job_scales_a_willing_residents_hours_by_employed_hours_share():
    base = ["population.n_actors=20000", "population.willing_share=1"]
    for share in (0.25, 1.0):
        st = actors_of([*base, f"population.employed_hours_share={share}"])
        r = st.kind == Kind.BEWONER
        ratio = st.hours_week[r & st.employed].mean() / st.hours_week[r & ~st.employed].mean()
        assert abs(ratio - share) < 0.05 * share + 0.02


# ---------------------------------------------------------------- the survey's definitions


def test_the_survey_counts_volunteers_their_hours_and_trust_as_defined():
    kind = np.array([Kind.BEWONER] * 4 + [Kind.ONDERNEMER])
    actors = SimpleNamespace(
        kind=kind,
        hours_given=np.zeros(5),
        trust=np.array([0.2, TRUST_CUTOFF, 0.9, 0.4, 0.9]),
        employed=np.array([True, False, True, False, True]),
    )
    survey = Survey(actors)
    actors.hours_given = np.array([10.0, 0.0, 52.0, 0.0, 99.0])  # the entrepreneur is no resident
    survey.year_end(actors)
    actors.hours_given = actors.hours_given + np.array([0.0, 5.0, 0.0, 0.0, 0.0])
    survey.year_end(actors)
    first, second = survey.years
    assert first.volunteers.tolist() == [0, 2] and first.hours.tolist() == [10.0, 52.0]
    assert second.volunteers.tolist() == [1] and second.employed.tolist() == [False]
    assert first.trust_share == 0.5  # 0.5 and 0.9 of the four residents


def test_member_weeks_count_a_residents_weeks_in_teams_within_each_year():
    book = SimpleNamespace(
        all_members=lambda: {
            "actor": np.array([0, 0, 1, 2]),
            "paid": np.array([False, False, False, False]),
            "week_joined": np.array([1, 40, 50, 60]),
            "week_left": np.array([10, -1, 54, 61]),
        }
    )
    kind = np.array([Kind.BEWONER, Kind.BEWONER, Kind.ONDERNEMER])
    years = member_weeks(book, kind, 2)
    assert years[0] == {0: 10 + 13, 1: 3}  # weeks 1-10 and 40-52; actor 1 weeks 50-52
    assert years[1] == {0: WEEKS_PER_YEAR, 1: 2}  # still a member; 53-54; 2 is no resident


def test_the_summary_carries_every_survey_answer_within_its_bounds():
    s = __import__("sim").run(TINY).summary.row(0, named=True)
    for name in ("volunteer_share", "trust_share", "active_share"):
        assert 0 <= s[name] <= 1
    assert s["volunteer_share"] <= s["active_share"]  # a volunteer was in a team
    assert s["entrepreneurs_per_resident"] == pytest.approx(0.12 / 0.855, abs=0.01)


def test_trust_lever_moves_the_trust_share():
    low, high = (
        __import__("sim").run([*TINY, f"population.trust={t}"]).summary["trust_share"].item()
        for t in (0.35, 0.8)
    )
    assert low < 0.35 < 0.75 < high


# ---------------------------------------------------------------- the ABC distance


def test_distance_is_zero_at_the_figures_and_counts_errors_in_tolerances():
    obs = dict(tg.OBSERVED)
    assert tg.distance(obs, obs) == 0.0
    n = len(tg.fitted())
    step = tg.TARGETS["volunteer_share"].tolerance
    one = dict(obs, volunteer_share=obs["volunteer_share"] + step)
    assert tg.distance(one, obs) == pytest.approx(np.sqrt(1 / n))
    assert tg.distance(dict(obs, active_share=0.9), obs) == 0.0  # held out: not in the fit
    assert tg.distance(dict(obs, trust_share=float("nan")), obs) == float("inf")


def test_priors_are_parameters_with_their_appendix_b_range():
    for key, (low, high) in tg.priors().items():
        assert key in PARAMS and low < high
        assert PARAMS[key][1]["lo"] <= low and high <= PARAMS[key][1]["hi"]


# ---------------------------------------------------------------- the command


def calibrate(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


@pytest.fixture(scope="module")
def fitted_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("calibration") / "nl"
    args = ["--population-size", "6", "--generations", "2", "--draws", "8", "--predictive", "3"]
    args += ["--burn-in-years", "0"]
    done = calibrate(*args, "--out", str(out), *TINY)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "simulations in 2 generations" in done.stdout
    return out


def test_calibrate_writes_the_posterior_draws_fit_and_figures(fitted_run):
    post = pl.read_parquet(fitted_run / "posterior.parquet")
    assert post["generation"].unique().sort().to_list() == [0, 1]
    weights = post.group_by("generation").agg(pl.col("weight").sum())["weight"]
    assert np.allclose(weights.to_numpy(), 1.0)
    for key, (low, high) in tg.priors().items():
        assert post[key].min() >= low and post[key].max() <= high
    draws = pl.read_parquet(fitted_run / "draws.parquet")
    assert draws["draw"].to_list() == list(range(8))
    fit = pl.read_parquet(fitted_run / "fit.parquet")
    assert fit["target"].to_list() == list(tg.TARGETS)
    assert fit.filter(pl.col("role") == "held out")["target"].to_list() == ["active_share"]
    runs = dict(zip(fit["target"], fit["runs"], strict=True))
    assert runs["volunteer_share"] == 3 and max(runs.values()) == 3  # a run without a
    # volunteer of a group has no hours for it: it is left out of that target, not a zero
    for figure in ("epsilons", "posterior_matrix", "predictive_check"):
        assert (fitted_run / "figures" / f"{figure}.png").stat().st_size > 5000
    assert not list(fitted_run.parent.glob(".*partial"))


def test_calibrated_config_group_composes_with_the_posterior_medians(fitted_run):
    medians = pl.read_parquet(fitted_run / "posterior.parquet")
    group = OmegaConf.load(fitted_run / "nl.yaml")
    flat = {k: v for k, v in _flatten(OmegaConf.to_container(group))}
    assert set(flat) == set(tg.PRIOR_KEYS)
    overrides = [f"{k}={v}" for k, v in flat.items()]
    cfg = to_config(compose_config(overrides))
    assert cfg.population.trust == flat["population.trust"]
    last = medians.filter(pl.col("generation") == 1)["population.trust"]
    assert last.min() <= flat["population.trust"] <= last.max()


def _flatten(node, prefix=""):
    for k, v in node.items():
        if isinstance(v, dict):
            yield from _flatten(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", v


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sampler", "gpu"], "--sampler=gpu is not allowed: use multicore, single, dask, redis"),
        (["--sampler", "dask"], "--sampler=dask needs --address=host:port"),
        (["--population-size", "1"], "--population-size=1 is not allowed"),
        (["--predictive", "9", "--draws", "4"], "--predictive=9 is not allowed"),
        (["population.trust=2"], "population.trust=2.0 is out of range"),
        (["trust"], "trust is not allowed: give model overrides as KEY=VALUE"),
        (["run.years=3"], "--burn-in-years=5 is not allowed: use fewer than the run's 3"),
    ],
)
def test_a_mistake_ends_in_one_line_exit_2_and_nothing_written(tmp_path, args, message):
    done = calibrate(*args, "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(PREFIX) and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_refused_and_left_as_it_was(tmp_path):
    keep = tmp_path / "mine.txt"
    keep.write_text("a user's file")
    done = calibrate("--out", str(tmp_path))
    assert done.returncode == 2 and "exists and is not an empty folder" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"] and keep.read_text()


# ---------------------------------------------------------------- defaults and draws


def test_the_defaults_are_the_calibrated_ones():
    group = OmegaConf.to_container(OmegaConf.load(CONFIG_DIR / "calibration" / "nl.yaml"))
    default = Config()
    for key, value in _flatten(group):
        *path, leaf = key.split(".")
        node = default
        for part in path:
            node = getattr(node, part)
        assert getattr(node, leaf) == value, key


def test_a_posterior_draw_sets_its_parameters():
    draws = pl.read_csv(CONFIG_DIR / "calibration" / "nl_draws.csv")
    row = draws.row(3, named=True)
    cfg = to_config(compose_config(["posterior.draw=3", "population.trust=0.2"]))
    assert cfg.population.trust == pytest.approx(row["population.trust"])  # over 0.2
    assert cfg.chains.attention == pytest.approx(row["chains.attention"])


def test_a_draw_beyond_the_file_is_refused_in_one_line():
    n = pl.read_csv(CONFIG_DIR / "calibration" / "nl_draws.csv").height
    with pytest.raises(ConfigError, match=rf"posterior.draw={n} is out of range: use -1"):
        to_config(compose_config([f"posterior.draw={n}"]))


def test_posterior_draws_sweeps_the_draws():
    group = OmegaConf.load(CONFIG_DIR / "posterior" / "draws.yaml")
    assert group.hydra.sweeper.params["posterior.draw"] == "range(0,20)"
    assert to_config(compose_config(["+posterior=draws"])).posterior.draw == 0
