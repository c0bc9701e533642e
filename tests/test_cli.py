"""The `waardenmakerij` command (`python -m sim`), end to end in empty temporary folders.

The commands themselves are started by the `cli_jobs` fixture (conftest.py), in the
background, so their slow imports overlap the other tests.
"""

import json
import re
from pathlib import Path

import polars as pl
import pytest

import sim
from sim.output.results import FRAMES

SUMMARY_COLUMNS = (
    "realised_cases",
    "invested_eur",
    "value_social",
    "value_ecological",
    "value_economic",
    "capital_balance",
    "ownership_share",
    "ownership_share_bewoner",
    "ownership_share_ondernemer",
    "ownership_share_ambtenaar",
    "ownership_share_organisatie",
    "participation_rate",
    "participation_gini",
    "coordination_hours_share",
    "stalled_cases",
    "first_win_week",
    "mean_trust",
    "mkba_npv_eur",
)
OUTPUT_FILES = (
    *(f"{name}.parquet" for name in FRAMES),
    "figure.png",
    "mkba.png",
    "provenance.json",
)

# ------------------------------------------------------------------ config errors

ERRORS = {
    # job name: (what the one line must name, key first)
    "negative_count": ("population.n_actors", "-5"),
    "share_out_of_range": ("tussenruimte.friction", "1.5"),
    "unknown_strategy": ("strategy", "foo", "onbeheerst", "opschalen", "downscalen"),
    "wrong_type": ("seed", "abc"),
    "missing_config_file": ("config", "nope"),
}


def assert_one_line_error(cli_jobs, name, names) -> None:
    job = cli_jobs[name]
    code, out, err = cli_jobs.wait(name)
    assert code == 2, (code, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for name in names:
        assert name in lines[0], (name, lines[0])
    assert list(job.cwd.iterdir()) == [], "the failed command left files behind"


@pytest.mark.parametrize("job", list(ERRORS))
def test_config_error_is_one_line_and_exit_2(cli_jobs, job):
    assert_one_line_error(cli_jobs, job, ERRORS[job])


def test_multirun_config_error_leaves_nothing(cli_jobs):
    assert_one_line_error(cli_jobs, "multirun_wrong_type", ("seed", "abc"))


def test_a_failed_run_removes_only_the_folders_it_made(tmp_path, monkeypatch):
    """A run that fails removes its own folder and the empty folders it made above it, but
    not a folder another run made meanwhile in the same outputs/<date>/."""
    from sim.cli import Guard, _undo_run

    ours = tmp_path / "outputs" / "2026-01-01" / "12-00-00"
    other = tmp_path / "outputs" / "2026-01-01" / "12-00-01"
    for folder in (ours, other):
        (folder / ".hydra").mkdir(parents=True)
    monkeypatch.setattr(Guard, "existing", None)
    monkeypatch.setattr(Guard, "made", tmp_path / "outputs")  # outputs/ was not there before
    _undo_run(ours)
    assert not ours.exists() and (other / ".hydra").is_dir()
    _undo_run(other)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ runs


def run_folders(cwd: Path, top: str) -> list[Path]:
    return sorted(p.parent for p in (cwd / top).rglob("summary.parquet"))


def check_run_folder(folder: Path, seed: int) -> dict:
    """The outputs of one run next to Hydra's .hydra/; returns the frames read back."""
    assert (folder / ".hydra").is_dir()
    for name in OUTPUT_FILES:
        assert (folder / name).stat().st_size > 0, name
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert (folder / "figure.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    provenance = json.loads((folder / "provenance.json").read_text())
    assert provenance["seed"] == seed == provenance["config"]["seed"]
    assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?", provenance["git_commit"])
    for package in ("python", "mesa", "numpy", "polars", "hydra-core", "waardenmakerij"):
        assert provenance["versions"][package] not in ("", "not installed"), package
    frames = {name: pl.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
    summary = frames["summary"]
    assert set(SUMMARY_COLUMNS) <= set(summary.columns)
    assert summary.height == 1 and summary["seed"][0] == seed
    assert frames["timeseries"].height == summary["weeks"][0]
    return frames


def test_default_run_end_to_end(cli_jobs):
    job = cli_jobs["default"]
    code, out, err = cli_jobs.wait("default")
    assert code == 0, err
    assert "realised_cases" in out
    assert "mkba_npv_eur" in out
    (folder,) = run_folders(job.cwd, "outputs")
    check_run_folder(folder, seed=sim.Config().seed)
    assert {p.name for p in job.cwd.iterdir()} == {"outputs"}


def test_strategy_and_seed_end_to_end_match_the_api(cli_jobs):
    job = cli_jobs["opschalen"]
    code, out, err = cli_jobs.wait("opschalen")
    assert code == 0, err
    assert "realised_cases" in out
    (folder,) = run_folders(job.cwd, "outputs")
    frames = check_run_folder(folder, seed=7)
    assert frames["summary"]["strategy"][0] == "opschalen"
    # The command and the API give the same run.
    api = sim.run(job.args)
    for name in FRAMES:
        assert frames[name].equals(getattr(api, name)), name


def test_multirun_writes_one_folder_per_job(cli_jobs):
    job = cli_jobs["multirun"]
    code, out, err = cli_jobs.wait("multirun")
    assert code == 0, err
    folders = run_folders(job.cwd, "multirun")
    assert len(folders) == 2
    seeds = set()
    for folder in folders:
        summary = pl.read_parquet(folder / "summary.parquet")
        check_run_folder(folder, seed=summary["seed"][0])
        seeds.add(summary["seed"][0])
    assert seeds == {1, 2}
    assert not (job.cwd / "outputs").exists()
