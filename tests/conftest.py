"""Shared fixtures: small runs reused across tests, one default-size run, and the CLI jobs.

The CLI jobs (`python -m sim ...`, each in an empty temporary folder) spend most of their
time importing, so when test_cli.py is selected they start in the background at the start
of the session, on the core a serial pytest leaves idle: one as a fresh process, the others
forked one after another from a single process that imported `sim.cli` once
(tests/cli_server.py). Under xdist they start when a test first asks for one.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import SMALL, STRATEGIES, make_model, step_checked

import sim
from sim.api import collect


@pytest.fixture(scope="session")
def small_runs():
    """Results of one small run per strategy (seed 1), keyed by strategy."""
    return {s: sim.run([*SMALL, f"strategy={s}", "seed=1"]) for s in STRATEGIES}


@dataclass
class DefaultRun:
    model: sim.WaardenModel
    results: object
    max_chains_seen: int = 0


@pytest.fixture(scope="session")
def default_run() -> DefaultRun:
    """The one run at the default size (defaults of configs/), invariants checked weekly."""
    run = DefaultRun(model=make_model([], mesa_space=True), results=None)

    def busy(model):
        busiest = int(model.chains.per_actor(model.actors.n).max())
        run.max_chains_seen = max(run.max_chains_seen, busiest)

    step_checked(run.model, busy)
    run.results = collect(run.model)
    return run


# ------------------------------------------------------------------ the CLI jobs

ERROR_JOBS = {
    "negative_count": ["population.n_actors=-5"],
    "share_out_of_range": ["tussenruimte.friction=1.5"],
    "unknown_strategy": ["strategy=foo"],
    "wrong_type": ["seed=abc"],
    "missing_config_file": ["--config-name", "nope"],
    "multirun_wrong_type": ["-m", "seed=1,abc", "run.years=0.5", "population.n_actors=200"],
}
RUN_JOBS = {
    "default": ["run.years=1", "population.n_actors=400"],
    "opschalen": ["run.years=1", "population.n_actors=400", "strategy=opschalen", "seed=7"],
    "multirun": ["-m", "seed=1,2", "run.years=0.5", "population.n_actors=200"],
}
CLI_JOBS = {**ERROR_JOBS, **RUN_JOBS}


#: Jobs run as a fresh `python -m sim` process; the others share one import (cli_server.py).
FRESH_JOBS = ("default",)
SERVER = Path(__file__).with_name("cli_server.py")


@dataclass
class CliJob:
    name: str
    args: list[str]
    cwd: Path
    logs: Path
    process: subprocess.Popen | None = None
    result: tuple[int, str, str] | None = field(default=None)

    @property
    def stdout(self) -> Path:
        return self.logs / f"{self.name}.stdout"

    @property
    def stderr(self) -> Path:
        return self.logs / f"{self.name}.stderr"

    @property
    def code(self) -> Path:
        return self.logs / f"{self.name}.code"


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("HYDRA_")}


def _background(command: list[str]) -> list[str]:
    """The command at a lower priority, so it uses what the foreground tests leave idle."""
    nice = shutil.which("nice")
    return [nice, "-n", "10", *command] if nice else command


class CliJobs:
    """The CLI jobs of the session, each in its own empty folder (logs kept elsewhere)."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="waardenmakerij-cli-"))
        (self.root / "logs").mkdir()
        self.jobs = {}
        for name, args in CLI_JOBS.items():
            (self.root / name).mkdir()
            self.jobs[name] = CliJob(name, args, self.root / name, self.root / "logs")
        self.server = None
        self.server_err = None

    def start(self) -> None:
        """Start the fresh processes and the server that forks the others."""
        if self.server is not None:
            return
        for name in FRESH_JOBS:
            job = self.jobs[name]
            with job.stdout.open("w") as out, job.stderr.open("w") as err:
                job.process = subprocess.Popen(
                    _background([sys.executable, "-m", "sim", *job.args]),
                    cwd=job.cwd,
                    env=_env(),
                    stdout=out,
                    stderr=err,
                )
        spec = [
            {
                "cwd": str(job.cwd),
                "args": job.args,
                "stdout": str(job.stdout),
                "stderr": str(job.stderr),
                "code": str(job.code),
            }
            for name, job in self.jobs.items()
            if name not in FRESH_JOBS
        ]
        (self.root / "jobs.json").write_text(json.dumps(spec))
        self.server_err = (self.root / "logs" / "server.stderr").open("w")
        self.server = subprocess.Popen(
            _background([sys.executable, str(SERVER), str(self.root / "jobs.json")]),
            cwd=self.root / "logs",
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=self.server_err,
        )

    def __getitem__(self, name: str) -> CliJob:
        return self.jobs[name]

    def wait(self, name: str, timeout: float = 600) -> tuple[int, str, str]:
        """(exit code, stdout, stderr) of the finished command."""
        self.start()
        job = self.jobs[name]
        if job.result is None:
            if job.process is not None:
                code = job.process.wait(timeout=timeout)
            else:
                deadline = time.monotonic() + timeout
                while not job.code.exists():
                    if self.server.poll() is not None and not job.code.exists():
                        log = (self.root / "logs" / "server.stderr").read_text()
                        raise RuntimeError(f"the CLI job server ended early:\n{log}")
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"CLI job {name} did not finish")
                    time.sleep(0.1)
                code = int(job.code.read_text())
            job.result = (code, job.stdout.read_text(), job.stderr.read_text())
        return job.result

    def close(self) -> None:
        for process in [self.server, *(job.process for job in self.jobs.values())]:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        if self.server_err is not None:
            self.server_err.close()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _cli_jobs(request):
    """Start the CLI jobs in the background when test_cli.py runs in a serial session."""
    jobs = None
    wanted = any(item.path.name == "test_cli.py" for item in request.session.items)
    if wanted:
        jobs = CliJobs()
        if "PYTEST_XDIST_WORKER" not in os.environ:
            jobs.start()
    yield jobs
    if jobs is not None:
        jobs.close()


@pytest.fixture(scope="session")
def cli_jobs(_cli_jobs) -> CliJobs:
    return _cli_jobs
