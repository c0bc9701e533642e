"""The command never loses a user's files, and ends a fault with one line.

Each test runs `python -m sim` as a user would, in its own temporary folder. The fault tests
kill processes (the launcher, a worker, the command while it writes) and fill or lock a
folder (small tmpfs mounts: skipped where mounting is not allowed).
"""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.api import compose_config, to_config
from sim.cli import run_to_folder
from sim.sweeps.resume import holding, is_complete

TINY = ["run.years=0.1", "population.n_actors=60"]
LONG = ["run.years=40", "population.n_actors=1000"]  # a minute a run: long enough to kill
JOBLIB = ["hydra/launcher=joblib", "hydra.launcher.n_jobs=2"]


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("HYDRA_")}


def command(args: list[str], cwd: Path, **kw) -> subprocess.Popen:
    """Start `python -m sim <args>` in `cwd`."""
    return subprocess.Popen(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def run(args: list[str], cwd: Path, timeout: float = 300) -> tuple[int, str, str]:
    process = command(args, cwd)
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def files(root: Path) -> dict[str, str]:
    """Every file under `root` with a hash of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its parent counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def running_pids(sweep: Path, wanted: int, timeout: float = 240) -> list[int]:
    """The pids of the sweep's runs in flight, once `wanted` of them are running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = []
        for path in sweep.glob("*/status.json"):
            try:
                status = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
            if status.get("state") == "running":
                pids.append(status["pid"])
        if len(pids) >= wanted:
            return pids
        time.sleep(0.2)
    raise TimeoutError(f"fewer than {wanted} runs started in {sweep}")


# ------------------------------------------------------------------ data loss


@pytest.mark.parametrize("run_dir", ["x", "."])
def test_a_bad_value_keeps_every_file_of_an_existing_folder(tmp_path, run_dir):
    (tmp_path / "keep").write_text("mine")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep").write_text("mine too")
    before = files(tmp_path)
    code, _, err = run(["seed=-1", f"hydra.run.dir={run_dir}"], tmp_path)
    assert code == 2
    assert "seed=-1" in one_line(err)
    assert files(tmp_path) == before


#: Run folders numbered by job (Hydra's own default), so a rerun's first job is run 0 again.
NUMBERED = "hydra.sweep.subdir=${hydra.job.num}"


@pytest.fixture(scope="module")
def plain_sweep(tmp_path_factory) -> Path:
    """A finished plain `-m` sweep of two runs in folders 0 and 1."""
    cwd = tmp_path_factory.mktemp("plain_sweep")
    code, _, err = run(["-m", "seed=1,2", *TINY, "hydra.sweep.dir=sw", NUMBERED], cwd)
    assert code == 0, err
    assert is_complete(cwd / "sw" / "0") and is_complete(cwd / "sw" / "1")
    return cwd


@pytest.mark.parametrize("launcher", [["hydra/launcher=basic"], JOBLIB], ids=["basic", "joblib"])
def test_rerunning_a_sweep_with_a_bad_value_keeps_its_runs(plain_sweep, launcher):
    """The bad value comes first, so its job would be run 0, whose folder holds a run."""
    before = files(plain_sweep)
    args = ["-m", "seed=-3,1,2", *TINY, "hydra.sweep.dir=sw", NUMBERED, *launcher]
    code, _, err = run(args, plain_sweep)
    assert code == 2
    assert "seed=-3" in one_line(err)
    assert files(plain_sweep) == before


_KILL_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
import polars as pl
from sim.api import compose_config, to_config
from sim.cli import run_to_folder

write, calls = pl.DataFrame.write_parquet, []

def write_then_die(self, *args, **kwargs):
    calls.append(1)
    if len(calls) == 3:  # the third frame: some are written, the summary is not
        os.kill(os.getpid(), signal.SIGKILL)
    return write(self, *args, **kwargs)

pl.DataFrame.write_parquet = write_then_die
run_to_folder(to_config(compose_config(sys.argv[2:])), Path(sys.argv[1]), {})
"""


def test_a_run_killed_while_writing_leaves_only_hidden_files(tmp_path):
    out = tmp_path / "run"
    script = [sys.executable, "-c", _KILL_WHILE_WRITING, str(out), *TINY]
    killed = subprocess.run(script, env=_env(), capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert visible == {"status.json"}, visible  # no frame, figure or provenance
    assert any(p.name.startswith(".partial-") for p in out.iterdir())

    config = to_config(compose_config(TINY))
    assert run_to_folder(config, out, {}) is not None  # the rerun runs it, and cleans up
    assert is_complete(out, None)
    assert not [p for p in out.iterdir() if p.name.startswith(".partial-")]


def test_a_second_process_waits_for_a_run_in_flight(tmp_path):
    """While one process holds a run folder, another neither cleans nor writes it."""
    out = tmp_path / "run"
    with holding(out):
        in_flight = out / ".summary.parquet.abc.tmp"  # the first process's file being written
        in_flight.write_text("")
        process = command([*TINY, f"hydra.run.dir={out}"], tmp_path)
        seen = ""
        while "waiting for" not in seen:
            line = process.stderr.readline()
            assert line, "the second process ended without waiting"
            seen += line
        time.sleep(1)
        assert in_flight.exists() and not (out / "summary.parquet").exists()
    out_text, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert is_complete(out) and not in_flight.exists()


def test_two_sweeps_in_one_folder_run_each_run_once(tmp_path):
    args = ["-m", "seed=1,2,3", *TINY, "hydra.sweep.dir=sw"]
    first, second = command(args, tmp_path), command(args, tmp_path)
    outputs = [p.communicate(timeout=600) for p in (first, second)]
    for process, (_, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    text = "".join(out for out, _ in outputs)
    assert text.count("done in") == 3, text
    assert text.count("complete, skipped") == 3, text


# ------------------------------------------------------------------ faults


def test_workers_end_when_the_launcher_is_killed(tmp_path):
    launcher = command(["-m", "seed=1,2", *LONG, "hydra.sweep.dir=sw", *JOBLIB], tmp_path)
    try:
        workers = running_pids(tmp_path / "sw", 1)
        launcher.kill()
        launcher.wait()
        deadline = time.monotonic() + 15
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(map(_alive, workers)), "a worker runs on without its launcher"
    finally:
        launcher.kill()
        for pid in workers if "workers" in locals() else []:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_killed_worker_ends_the_sweep_with_one_line(tmp_path):
    sweep = command(["-m", "seed=1,2,3", *LONG, "hydra.sweep.dir=sw", *JOBLIB], tmp_path)
    try:
        workers = running_pids(tmp_path / "sw", 2)
        os.kill(workers[0], signal.SIGKILL)
        _, err = sweep.communicate(timeout=120)
    finally:
        sweep.kill()
    assert sweep.returncode == 1
    line = [x for x in err.splitlines() if x.startswith("waardenmakerij:")]
    assert len(line) == 1 and "Traceback" not in err, err
    assert "worker process ended" in line[0] and "run the same command again" in line[0]
    states = [json.loads(p.read_text())["state"] for p in (tmp_path / "sw").glob("*/status.json")]
    assert "running" not in states and "failed" in states
    assert not any(map(_alive, workers)), "a worker was left running"


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a small tmpfs: `tmpfs(name, size, read_only)` gives its folder."""
    mounted = []

    def mount(name: str, size: str, read_only: bool = False) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        options = f"size={size}" + (",ro" if read_only else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)])
        if done.returncode != 0:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_ends_with_one_line_and_leaves_nothing(tmp_path, tmpfs):
    full = tmpfs("full", "400k")
    (full / "filler").write_bytes(b"\0" * 250_000)  # room for Hydra's files, not the run's
    code, _, err = run([*TINY, f"hydra.run.dir={full}/run"], tmp_path)
    assert code == 1
    line = one_line(err)
    assert "No space left on device" in line and "run the same command again" in line
    assert [p.name for p in full.iterdir()] == ["filler"]


@pytest.mark.parametrize("mode", ["run", "sweep", "experiment"])
def test_a_read_only_folder_is_refused_before_anything_runs(tmp_path, tmpfs, mode):
    locked = tmpfs("locked", "100k", read_only=True)
    args = {
        "run": [*TINY, f"hydra.run.dir={locked}/run"],
        "sweep": ["-m", "seed=1,2", *TINY, f"hydra.sweep.dir={locked}/sw"],
        "experiment": ["-m", "+experiment=pattern2_invitation", f"hydra.sweep.dir={locked}/sw"],
    }[mode]
    code, _, err = run(args, tmp_path)
    assert code == 2
    assert "Read-only file system" in one_line(err)
    assert list(tmp_path.iterdir()) == [locked]


# ------------------------------------------------------------------ the check before a sweep


@pytest.mark.parametrize("experiment", ["compare_strategies", "where_routes_win"])
def test_checking_a_job_gives_the_config_hydra_composes_for_it(experiment):
    """The cheap check of every sweep job (`check_job`) sees the config the run will get."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from sim.api import CONFIG_DIR
    from sim.cli import _sweep_keys
    from sim.sweeps.check import check_job, sweep_jobs

    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("config", [f"+experiment={experiment}"], return_hydra_config=True)
        loader = GlobalHydra.instance().config_loader()
        jobs = sweep_jobs(cfg)
        bases = {}
        for job in [jobs[0], jobs[len(jobs) // 2], jobs[-1], jobs[0]]:  # the base is restored
            hydra_made = to_config(_sweep_keys(loader.load_sweep_config(cfg, job))[0])
            assert check_job(cfg, job, bases) == hydra_made, job


@pytest.mark.parametrize(
    "bad, named",
    [
        ("tussenruimte.friction=1.5", "tussenruimte.friction=1.5"),
        ("tussenruimte.friction=abc", "tussenruimte.friction"),
        ("+replication=-1", "replication=-1"),
        ("replication=1", "replication"),
    ],
)
def test_a_bad_value_in_any_job_stops_the_sweep_before_it_writes(tmp_path, bad, named):
    key = bad.split("=")[0]
    args = ["-m", "seed=1,2,3", f"{key}=0.5,{bad.split('=')[1]}" if "friction" in key else bad]
    code, _, err = run([*args, *TINY, "hydra.sweep.dir=sw"], tmp_path)
    assert code == 2
    assert named in one_line(err)
    assert list(tmp_path.iterdir()) == []


def test_a_run_that_breaks_in_a_batch_fails_alone_and_the_others_complete(tmp_path, monkeypatch):
    """`sim.cli.run_jobs` (the batched launcher's worker): when a run of a batch breaks
    (InvariantError), the batch's jobs run one by one, so only that run is marked failed."""
    import dataclasses
    import json

    import sim.batch
    import sim.cli
    from sim.errors import InvariantError

    def broken_batch(configs):
        raise InvariantError("week 3: run 1 (seed 2): actors.money reached nan")

    simulate = sim.cli.simulate

    def one(config):
        if config.seed == 2:
            raise InvariantError("week 3: actors.money reached nan")
        return simulate(config)

    monkeypatch.setattr(sim.batch, "run_part", broken_batch)
    monkeypatch.setattr(sim.cli, "simulate", one)
    base = ["population.n_actors=300", "run.years=0.1"]
    jobs = [
        sim.cli.Job(to_config(compose_config([*base, f"seed={s}"])), tmp_path / f"s{s}", {})
        for s in (1, 2, 3)
    ]
    with pytest.raises(InvariantError, match="actors.money"):
        sim.cli.run_jobs(jobs)
    states = {
        p.name: json.loads((p / "status.json").read_text())["state"] for p in tmp_path.iterdir()
    }
    assert states == {"s1": "done", "s2": "failed", "s3": "done"}
    assert is_complete(tmp_path / "s1", dataclasses.asdict(jobs[0].config))
    assert not (tmp_path / "s2" / "summary.parquet").exists()
