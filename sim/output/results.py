"""A run's results, their provenance, and writing them atomically as Parquet."""

import functools
import json
import os
import platform
import subprocess
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import polars as pl

PACKAGES = ("waardenmakerij", "mesa", "numpy", "scipy", "networkx", "polars", "hydra-core")
FRAMES = ("timeseries", "cases", "memberships", "distribution", "tornado", "summary")


@functools.cache
def git_commit() -> str:
    """The commit of the code that ran ('+dirty' if it had uncommitted changes).

    Worked out once per process: a sweep's worker asks for it at every run.
    """
    here = Path(__file__).resolve().parent
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + ("+dirty" if dirty else "")


@functools.cache
def _package_versions() -> tuple[tuple[str, str], ...]:
    """Python's and the main packages' versions, looked up once per process."""
    versions = [("python", platform.python_version())]
    for name in PACKAGES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, "not installed"))
    return tuple(versions)


def provenance(config: dict, seed: int) -> dict:
    """Seed, config, package versions and git commit of a run."""
    versions = dict(_package_versions())
    return {"seed": seed, "git_commit": git_commit(), "versions": versions, "config": config}


def atomic_write(path: Path, write) -> None:
    """Write a file through a temporary file in the same folder, then rename it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Results:
    """The frames of a run, with its provenance: time series, case log, membership log, the
    MKBA distribution table and tornado (sim.business.mkba), and the summary."""

    timeseries: pl.DataFrame
    cases: pl.DataFrame
    memberships: pl.DataFrame
    distribution: pl.DataFrame
    tornado: pl.DataFrame
    summary: pl.DataFrame
    provenance: dict = field(default_factory=dict)

    def write(self, folder: str | Path) -> Path:
        """Write `<frame>.parquet` for each frame and `provenance.json`, each atomically.

        The summary is written last: its presence marks a complete run.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.provenance, indent=2, default=str)
        atomic_write(folder / "provenance.json", lambda p: Path(p).write_text(text))
        for name in FRAMES:
            frame = getattr(self, name)
            atomic_write(folder / f"{name}.parquet", frame.write_parquet)
        return folder
