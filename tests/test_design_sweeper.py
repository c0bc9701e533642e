"""The design sweeper: SALib's samplers by name, their run counts and bounds, and refusals."""

import subprocess
import sys

import pytest
from omegaconf import OmegaConf

from hydra_plugins.waardenmakerij_sweeper.design_sweeper import METHODS, design_jobs
from sim.config import ConfigError

FACTORS = {"chains.attention": [0.1, 0.6], "environment.local_degree": [4, 16],
           "pledge.synergy": [1.5, 5.0]}  # fmt: skip


def sweeper(method: str, samples: int, **extra):
    return OmegaConf.create(
        {
            "method": method,
            "samples": samples,
            "levels": 4,
            "seed": 1,
            "factors": FACTORS,
            "exclude": [],
            "group_scales": False,
            "params": {},
            **extra,
        }  # fmt: skip
    )


@pytest.mark.parametrize(
    "method,samples,runs",
    [("morris", 3, 3 * (3 + 1)), ("lhs", 10, 10), ("sobol", 8, 8 * (3 + 2)), ("fast", 65, 65 * 3)],
)
def test_each_sampler_gives_its_number_of_runs_within_the_bounds(method, samples, runs):
    jobs = design_jobs(sweeper(method, samples), [])
    assert len(jobs) == runs
    assert [job[-1] for job in jobs] == [f"+point={i}" for i in range(runs)]
    for job in jobs:
        values = dict(o.split("=") for o in job[:-1])
        for key, (low, high) in FACTORS.items():
            assert low <= float(values[key]) <= high
        assert int(values["environment.local_degree"]) % 2 == 0  # rounded to an even number


def test_a_grid_is_crossed_with_every_point():
    jobs = design_jobs(sweeper("sobol", 2, params={"+replication": "range(0,3)"}), [])
    assert len(jobs) == 2 * 5 * 3
    assert {j[0] for j in jobs} == {"+replication=0", "+replication=1", "+replication=2"}


def test_sobol_needs_a_power_of_two():
    with pytest.raises(ConfigError, match="samples=6 is not allowed with method=sobol"):
        design_jobs(sweeper("sobol", 6), [])


def test_an_unknown_method_ends_with_one_line_before_anything_is_written(tmp_path):
    folder = tmp_path / "sweep"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "-m",
            "+experiment=sensitivity",
            "hydra.sweeper.method=saltelli",
            f"hydra.sweep.dir={folder}",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line == (
        "waardenmakerij: error: hydra.sweeper.method=saltelli is not allowed: use one of "
        + ", ".join(METHODS)
    )
    assert not folder.exists()


def test_factors_by_key_take_their_ranges_from_appendix_b():
    from sim.config import uncertain

    keys = ["chains.path_hours", "pledge.propensity"]
    jobs = design_jobs(sweeper("lhs", 20, factors=keys), [])
    odd = uncertain.ranges()
    for job in jobs:
        values = dict(o.split("=") for o in job[:-1])
        assert sorted(values) == sorted(keys)
        for key in keys:
            assert odd[key][0] <= float(values[key]) <= odd[key][1]
    with pytest.raises(ConfigError, match="chains.nonsense is not in docs/ODD.md Appendix B"):
        design_jobs(sweeper("lhs", 2, factors=["chains.nonsense"]), [])


def test_the_posterior_region_narrows_the_calibrated_factors_only():
    """Issue 15: `region=posterior` samples a calibrated factor within the central 90 % of the
    posterior draws; a factor the calibration did not fit keeps its Appendix B range."""
    from hydra_plugins.waardenmakerij_sweeper.design_sweeper import factor_ranges
    from sim.config import posterior, uncertain

    keys = ["pledge.propensity", "chains.path_hours"]
    cfg = sweeper("lhs", 40, factors=keys, region="posterior", draws="calibration/nl_draws.csv")
    ranges, odd = factor_ranges(cfg), uncertain.ranges()
    plausible = posterior.plausible_ranges("calibration/nl_draws.csv")
    assert ranges["pledge.propensity"] == plausible["pledge.propensity"]
    low, high = ranges["pledge.propensity"]
    assert odd["pledge.propensity"][0] <= low < high <= odd["pledge.propensity"][1]
    assert high - low < odd["pledge.propensity"][1] - odd["pledge.propensity"][0]
    assert ranges["chains.path_hours"] == odd["chains.path_hours"]
    for job in design_jobs(cfg, []):
        value = float(dict(o.split("=") for o in job[:-1])["pledge.propensity"])
        assert low <= value <= high
    with pytest.raises(ConfigError, match="hydra.sweeper.region=likely is not allowed"):
        factor_ranges(sweeper("lhs", 2, factors=keys, region="likely"))
