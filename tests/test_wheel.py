"""The package installs from its wheel and runs outside the source checkout (issue 18).

`uv build` makes the wheel; a fresh virtual environment gets it with the locked versions of
its dependencies (`uv export` of uv.lock as constraints, from uv's cache when it can); then,
in an empty folder, the three commands and `python -m sim` run as a user would run them.
About a minute, most of it installing.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = shutil.which("uv")
SMALL = ["population.n_actors=300", "run.years=0.2"]

pytestmark = pytest.mark.skipif(UV is None, reason="uv is not on PATH")


def uv(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([UV, *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh virtual environment with the wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = uv("build", "--wheel", "--out-dir", str(tmp / "dist"))
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("waardenmakerij-*.whl")
    constraints = tmp / "constraints.txt"
    exported = uv("export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes",
                  "-o", str(constraints))  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    venv = tmp / "venv"
    assert uv("venv", "-q", str(venv), "--python", sys.executable).returncode == 0
    python = venv / "bin" / "python"
    install = ["pip", "install", "-q", "--python", str(python), "-c", str(constraints), str(wheel)]
    done = uv(*install, "--offline")  # uv sync filled the cache; else download
    if done.returncode != 0:
        done = uv(*install)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def command(bin_: Path, name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_ / name), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_the_installed_commands_run_from_an_empty_folder(installed, tmp_path):
    run = command(installed, "waardenmakerij", *SMALL, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    (out,) = (tmp_path / "outputs").glob("*/*")
    assert pl.read_parquet(out / "summary.parquet").height == 1
    assert (out / "figure.png").is_file()

    module = command(installed, "python", "-m", "sim", *SMALL, "hydra.run.dir=m", cwd=tmp_path)
    assert module.returncode == 0, module.stderr
    assert (tmp_path / "m" / "summary.parquet").is_file()

    sweep = command(installed, "waardenmakerij", "-m", *SMALL, "seed=1,2", "hydra.sweep.dir=sw",
                    cwd=tmp_path)  # fmt: skip
    assert sweep.returncode == 0, sweep.stderr
    report = command(installed, "waardenmakerij-report", "sw", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert pl.read_parquet(tmp_path / "sw" / "results.parquet").height == 2

    refused = command(installed, "waardenmakerij", "seed=-1", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith("waardenmakerij: error: seed=-1")

    app = command(installed, "waardenmakerij-app", "--help", cwd=tmp_path)
    assert app.returncode == 0 and "--port" in app.stdout


def test_the_installed_package_carries_its_configs_and_ranges(installed, tmp_path):
    probe = (
        "from sim.config.compose import CONFIG_DIR; from sim.config.uncertain import ranges; "
        "import sim; print(CONFIG_DIR); print(len(ranges())); print(sim.__file__)"
    )
    done = command(installed, "python", "-c", probe, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    config_dir, n_ranges, module = done.stdout.split()
    venv = installed.parent
    assert Path(config_dir).is_relative_to(venv) and Path(config_dir, "config.yaml").is_file()
    assert Path(module).is_relative_to(venv)  # the wheel's sim, not this checkout's
    assert int(n_ranges) > 50
