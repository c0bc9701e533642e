"""The Python API: `sim.run` returns polars frames, writes only when asked, and atomically."""

import json
from pathlib import Path

import polars as pl
import pytest

import sim
from sim.output.results import FRAMES, atomic_write

OVERRIDES = ["population.n_actors=300", "run.years=1", "seed=11"]


def all_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_run_returns_frames_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    results = sim.run(OVERRIDES)
    for name in FRAMES:
        assert isinstance(getattr(results, name), pl.DataFrame), name
    assert results.timeseries.height == 52
    assert results.summary.height == 1
    assert results.summary["seed"][0] == 11
    assert {"case_id", "status"} <= set(results.cases.columns)
    assert {"actor_id", "case_id", "role"} <= set(results.memberships.columns)
    assert all_files(tmp_path) == []


def test_run_with_output_dir_writes_the_frames(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "nested" / "run"
    results = sim.run(OVERRIDES, output_dir=out)
    expected = sorted([*(f"{name}.parquet" for name in FRAMES), "provenance.json"])
    assert sorted(p.name for p in out.iterdir()) == expected  # no *.tmp left, no hidden file
    assert all_files(tmp_path) == ["nested", "nested/run", *(f"nested/run/{f}" for f in expected)]
    for name in FRAMES:
        assert pl.read_parquet(out / f"{name}.parquet").equals(getattr(results, name)), name
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["seed"] == 11
    assert provenance["config"]["population"]["n_actors"] == 300
    assert provenance["versions"]["mesa"].startswith("3.")


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "summary.parquet"
    target.write_text("old")

    def broken(path):
        Path(path).write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.parquet"]


def test_writing_twice_replaces_the_files(tmp_path):
    results = sim.run(OVERRIDES)
    results.write(tmp_path)
    other = sim.run([*OVERRIDES[:-1], "seed=12"])
    other.write(tmp_path)
    assert pl.read_parquet(tmp_path / "summary.parquet")["seed"][0] == 12
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_bad_override_raises_config_error():
    with pytest.raises(sim.config.ConfigError, match="tussenruimte.friction"):
        sim.run(["tussenruimte.friction=1.5"])


def test_run_many_gives_each_runs_own_results_in_order_whatever_the_workers():
    runs = [[*OVERRIDES[:2], f"seed={s}", "strategy=opschalen"] for s in (3, 1, 2)]
    alone = [sim.run(overrides).summary for overrides in runs]
    for n_jobs in (1, 2):
        together = [r.summary for r in sim.run_many(runs, n_jobs=n_jobs)]
        assert [s["seed"].item() for s in together] == [3, 1, 2]
        for a, b in zip(alone, together, strict=True):
            assert a.equals(b)


def test_run_many_refuses_a_bad_config_before_any_run(monkeypatch):
    ran = []
    monkeypatch.setattr(sim.api, "simulate", lambda config: ran.append(config))
    with pytest.raises(sim.ConfigError, match="tussenruimte.friction"):
        sim.run_many([OVERRIDES, [*OVERRIDES, "tussenruimte.friction=1.5"]], n_jobs=1)
    assert ran == []


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_outputs_get_the_permissions_the_umask_gives(tmp_path, umask):
    """Shareable outputs: a colleague can read a run's files (0644 under the usual umask),
    not the 0600 of a temporary file."""
    import subprocess
    import sys

    out = tmp_path / "run"
    run = f"sim.run({OVERRIDES!r}, output_dir={str(out)!r})"
    code = f"import os; os.umask({umask}); import sim; {run}"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert modes and set(modes.values()) == {0o666 & ~umask}, modes


def test_runs_that_differ_only_in_the_seed_are_composed_once(monkeypatch):
    calls = []
    compose = sim.api.compose_config
    monkeypatch.setattr(sim.api, "compose_config", lambda o: calls.append(o) or compose(o))
    composed = {}
    for seed in (3, 4, 5):
        overrides = ["strategy=opschalen", f"seed={seed}"]
        cfg = sim.api._config(overrides, composed)
        assert cfg == sim.api.to_config(compose(overrides))
    assert calls == [["strategy=opschalen"]]
    with pytest.raises(sim.ConfigError, match="seed"):
        sim.api._config(["strategy=opschalen", "seed=-1"], composed)  # composed as it is
