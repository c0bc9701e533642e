"""Sweeps through the CLI: results table, resume, launchers, report (issue 3).

A small experiment (three strategies x two replications of 300 actors for a year) runs in a
temporary folder with the joblib launcher (two workers) and, at the same time, two of its runs
with submitit's local launcher (skipped with a reason without `uv sync --extra slurm`). Then
one run's outputs are deleted and the sweep is run again (only that run is redone, in one
process) while the report is made. Most of the time is Python starting and importing.
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from sim.output.results import FRAMES, atomic_write
from sim.seeds import derive_seed
from sim.sweeps.progress import progress_line
from sim.sweeps.resume import clean_partial, is_complete

STRATEGIES = ("onbeheerst", "opschalen", "downscalen")
EXPERIMENT = """# @package _global_
defaults:
  - _sweep
run:
  years: 1
population:
  n_actors: 300
hydra:
  sweeper:
    params:
      strategy: {strategies}
      +replication: {replications}
"""
HAS_SUBMITIT = importlib.util.find_spec("hydra_plugins.hydra_submitit_launcher") is not None
HAS_RAY = importlib.util.find_spec("hydra_plugins.hydra_ray_launcher") is not None


def start(cwd: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "HYDRA_FULL_ERROR": "1"}
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(proc: subprocess.Popen, timeout: float = 240) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    return out + err


def sweep(cwd: Path, name: str, *extra: str) -> subprocess.Popen:
    return start(
        cwd,
        "-m",
        "sim",
        "-m",
        f"+experiment={name}",
        f"hydra.searchpath=[file://{cwd / 'conf'}]",
        *extra,
    )


def summaries(folder: Path) -> dict[str, pl.DataFrame]:
    return {p.parent.name: pl.read_parquet(p) for p in sorted(folder.glob("*/summary.parquet"))}


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """The sweep with joblib and (four runs) with submitit_local, run at the same time."""
    cwd = tmp_path_factory.mktemp("sweeps")
    (cwd / "conf" / "experiment").mkdir(parents=True)
    (cwd / "conf" / "experiment" / "sweeptest.yaml").write_text(
        EXPERIMENT.format(strategies=",".join(STRATEGIES), replications="range(0,2)")
    )
    (cwd / "conf" / "experiment" / "sweeptest2.yaml").write_text(
        EXPERIMENT.format(strategies="opschalen,downscalen", replications="0")
    )
    jobs = {"joblib": sweep(cwd, "sweeptest", "hydra.launcher.n_jobs=2")}
    if HAS_SUBMITIT:
        jobs["submitit"] = sweep(cwd, "sweeptest2", "hydra/launcher=submitit_here")
    logs = {name: finish(proc) for name, proc in jobs.items()}
    return cwd, logs


def test_sweep_writes_results_table(swept):
    cwd, logs = swept
    folder = cwd / "multirun" / "sweeptest"
    table = pl.read_parquet(folder / "results.parquet")
    assert table.shape[0] == 2 * len(STRATEGIES)
    assert table.columns[:3] == ["run", "strategy", "replication"]
    assert {"realised_cases", "base_seed", "seed", "mkba_npv_eur"} <= set(table.columns)
    assert sorted(table["strategy"].unique()) == sorted(STRATEGIES)
    # Replications: seeds derived from the base seed and the replication index.
    for row in table.iter_rows(named=True):
        assert row["seed"] == derive_seed(row["base_seed"], row["replication"])
    assert "6/6 done" in logs["joblib"]  # the progress line


@pytest.mark.skipif(not HAS_SUBMITIT, reason="no submitit launcher: uv sync --extra slurm")
def test_submitit_local_gives_the_joblib_summaries(swept):
    cwd, _ = swept
    joblib = summaries(cwd / "multirun" / "sweeptest")
    submitit = summaries(cwd / "multirun" / "sweeptest2")
    assert len(submitit) == 2
    for name, frame in submitit.items():
        assert frame.equals(joblib[name]), name


@pytest.fixture(scope="module")
def resumed(swept):
    """Delete one run's outputs, run the sweep again, then make the report of all six runs."""
    cwd, _ = swept
    folder = cwd / "multirun" / "sweeptest"
    victim = sorted(folder.glob("*/summary.parquet"))[0].parent
    before = pl.read_parquet(victim / "summary.parquet")
    mtimes = {
        p: p.stat().st_mtime_ns for p in folder.glob("*/summary.parquet") if p.parent != victim
    }
    for name in FRAMES:
        (victim / f"{name}.parquet").unlink()
    (victim / ".summary.parquet.x.tmp").write_text("left by a killed run")
    log = finish(sweep(cwd, "sweeptest", "hydra.launcher.n_jobs=1"))
    from sim.report.cli import main

    main([str(folder), "report.lang=en"])
    return cwd, victim, before, mtimes, log


def test_resume_redoes_only_the_missing_run(resumed):
    cwd, victim, before, mtimes, log = resumed
    folder = victim.parent
    states = {
        p.parent.name: json.loads(p.read_text())["state"] for p in folder.glob("*/status.json")
    }
    assert states.pop(victim.name) == "done"
    assert set(states.values()) == {"skipped"}
    assert all(p.stat().st_mtime_ns == t for p, t in mtimes.items())
    assert pl.read_parquet(victim / "summary.parquet").equals(before)
    assert not list(victim.glob(".*.tmp"))
    assert "6/6 done (5 already complete)" in log


def test_report_names_every_strategy(resumed):
    cwd, *_ = resumed
    folder = cwd / "multirun" / "sweeptest"
    md = (folder / "report.md").read_text()
    html = (folder / "report.html").read_text()
    assert "Waardenmakerij strategy report" in md and "MKBA" in md
    assert "MKBA table" in md and "Who pays and who benefits, per actor group" in md
    assert "MKBA per procurement route" not in md  # one route: the MKBA table says it all
    assert "data:image/png;base64," in html and "<img" in html
    for strategy in STRATEGIES:
        assert strategy in md and strategy in html
    for figure in ("distributions", "first_win", "heatmap", "timeseries", "mkba"):
        assert (folder / "report_files" / f"{figure}.png").is_file()
    assert "Time to the first small win" in md and "censored" in md
    assert "Log-rank test of equal curves over the groups: p = " in md or (
        "No run had a win: there is no log-rank test." in md
    )
    assert "corrected for all comparisons of this table together (Holm)" in md


def test_report_in_dutch(tmp_path):
    from sim.report.i18n import TEXT

    assert TEXT["nl"].keys() == TEXT["en"].keys()
    assert TEXT["nl"]["title"] == "Strategierapport waardenmakerij"


@pytest.mark.skipif(
    not HAS_RAY or not os.environ.get("WAARDENMAKERIJ_TEST_RAY"),
    reason="Ray: uv sync --extra ray and WAARDENMAKERIJ_TEST_RAY=1 (slow start)",
)
def test_ray_local_gives_the_joblib_summaries(swept):
    cwd, _ = swept
    finish(
        sweep(
            cwd, "sweeptest2", "hydra/launcher=ray_local", "hydra.sweep.dir=multirun/sweeptest2_ray"
        ),
        timeout=400,
    )
    joblib = summaries(cwd / "multirun" / "sweeptest")
    ray = summaries(cwd / "multirun" / "sweeptest2_ray")
    assert len(ray) == 2
    for name, frame in ray.items():
        assert frame.equals(joblib[name]), name


# ------------------------------------------------------------------ units (fast)


def test_derived_seeds_are_stable_and_independent():
    seeds = [derive_seed(42, r) for r in range(5)]
    assert seeds == [derive_seed(42, r) for r in range(5)]  # more replications: same first ones
    assert len(set(seeds)) == 5 and derive_seed(43, 0) != seeds[0]
    spawned = np.random.SeedSequence(42).spawn(5)
    assert seeds == [int(s.generate_state(1, np.uint64)[0]) & (2**63 - 1) for s in spawned]
    assert all(0 <= s < 2**63 for s in seeds)


def test_interrupted_write_leaves_no_parquet(tmp_path):
    frame = pl.DataFrame({"a": [1, 2]})

    def killed(path):
        Path(path).write_bytes(b"PAR1 half a file")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "summary.parquet", killed)
    assert list(tmp_path.iterdir()) == []
    # A hard kill (SIGKILL) can leave the temporary file: never a *.parquet, cleaned on resume.
    (tmp_path / ".summary.parquet.abc.tmp").write_bytes(b"PAR1")
    assert not is_complete(tmp_path)
    assert clean_partial(tmp_path) and list(tmp_path.iterdir()) == []
    for name in FRAMES:
        frame.write_parquet(tmp_path / f"{name}.parquet")
    (tmp_path / "provenance.json").write_text(json.dumps({"config": {"seed": 1}}))
    assert not is_complete(tmp_path)  # a summary must have one row
    pl.DataFrame({"a": [1]}).write_parquet(tmp_path / "summary.parquet")
    assert is_complete(tmp_path) and is_complete(tmp_path, {"seed": 1})
    assert not is_complete(tmp_path, {"seed": 2})  # another config: run again


def test_progress_line():
    counts = {"done": 3, "skipped": 2, "failed": 1, "running": 2}
    line = progress_line("x", counts, 10, elapsed=60.0)
    assert line.startswith("[x] 5/10 done (2 already complete), 1 failed, 4 left (2 running)")
    assert "3.0 runs/min" in line and "ETA 1m20s" in line


def test_a_plain_sweep_runs_as_an_experiment_does(tmp_path):
    """`-m` without an experiment: joblib, folders named from the overrides, the progress
    line, results.parquet, resume; an analysis script given it names what it lacks."""
    folder = tmp_path / "plain"
    args = ["-m", "sim", "-m", "population.n_actors=300", "run.years=0.2",
            "strategy=opschalen,downscalen", f"hydra.sweep.dir={folder}"]  # fmt: skip
    log = finish(start(tmp_path, *args))
    assert "Joblib.Parallel" in log
    assert "2/2 done" in log
    names = sorted(p.parent.name for p in folder.glob("*/summary.parquet"))
    assert names == [
        "population.n_actors=300,run.years=0.2,strategy=downscalen",
        "population.n_actors=300,run.years=0.2,strategy=opschalen",
    ]
    table = pl.read_parquet(folder / "results.parquet")
    assert sorted(table["strategy"]) == ["downscalen", "opschalen"]
    assert "2 already complete" in finish(start(tmp_path, *args))  # resume
    script = Path(__file__).resolve().parent.parent / "experiments" / "compare_strategies.py"
    done = subprocess.run([sys.executable, str(script), str(folder)], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("compare_strategies.py: error: ") and "population.trust" in line


def test_a_batched_sweep_gives_each_run_the_files_and_numbers_of_a_joblib_sweep(tmp_path):
    """The default launcher (`hydra/launcher=batched`) steps the runs that differ only in
    their seed together (sim.batch): each run folder holds the files and frames a joblib
    sweep's holds, and a second run of the command finds them complete."""
    args = ["-m", "sim", "-m", "population.n_actors=300", "run.years=0.3", "seed=1,2,3",
            "strategy=opschalen,downscalen", "hydra.launcher.n_jobs=1"]  # fmt: skip
    batched = finish(start(tmp_path, *args, f"hydra.sweep.dir={tmp_path / 'b'}"))
    assert "is launching 6 jobs in 2 batches" in batched and "6/6 done" in batched
    finish(start(tmp_path, *args, "hydra/launcher=joblib", f"hydra.sweep.dir={tmp_path / 'j'}"))
    runs = sorted(p.name for p in (tmp_path / "j").iterdir() if p.is_dir())
    assert len(runs) == 6
    assert runs == sorted(p.name for p in (tmp_path / "b").iterdir() if p.is_dir())
    for run in runs:
        b, j = tmp_path / "b" / run, tmp_path / "j" / run
        assert sorted(p.name for p in b.iterdir()) == sorted(p.name for p in j.iterdir())
        assert (b / ".hydra" / "overrides.yaml").read_text() == (
            j / ".hydra" / "overrides.yaml"
        ).read_text()
        for name in FRAMES:
            assert pl.read_parquet(b / f"{name}.parquet").equals(
                pl.read_parquet(j / f"{name}.parquet")
            ), (run, name)
        status = json.loads((b / "status.json").read_text())
        assert status["state"] == "done" and status["batch"] == 3
    again = finish(start(tmp_path, *args, f"hydra.sweep.dir={tmp_path / 'b'}"))
    assert "6 already complete" in again


def test_a_bad_batch_size_ends_with_one_line_before_anything_is_written(tmp_path):
    args = ["-m", "sim", "-m", "population.n_actors=300", "run.years=0.1", "seed=1,2",
            "hydra.launcher.batch=0", f"hydra.sweep.dir={tmp_path / 's'}"]  # fmt: skip
    proc = start(tmp_path, *args)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    (line,) = err.strip().splitlines()
    assert line.startswith("waardenmakerij: error: hydra.launcher.batch=0 is not allowed")
    assert not (tmp_path / "s").exists()
