"""A run's results, their provenance, and writing them atomically as Parquet."""

import functools
import hashlib
import json
import os
import platform
import shutil
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


def collect(model) -> "Results":
    """The results of a model (`sim.model.WaardenModel`) as it stands now."""
    import dataclasses

    from sim.business import mkba
    from sim.output.tables import case_log, membership_log, summary

    plain = dataclasses.asdict(model.cfg)  # as OmegaConf.to_container would give, 100x faster
    return Results(
        timeseries=model.recorder.frame(),
        cases=case_log(model),
        memberships=membership_log(model),
        distribution=mkba.distribution(model),
        tornado=mkba.tornado(model),
        summary=summary(model),
        provenance=provenance(plain, model.cfg.seed),
    )


def sha256(path: str | Path) -> str:
    """The SHA-256 of a file, in hex (read in blocks of a megabyte)."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def checksum_error(path: str | Path) -> str | None:
    """Why a run's file does not match the SHA-256 its run recorded in `provenance.json`
    (None when it matches, or when there is no record to check it against).

    Parquet keeps no checksum of its pages, so a file damaged in the middle reads back as
    other numbers without an error; the record catches that.
    """
    path = Path(path)
    try:
        recorded = json.loads((path.parent / "provenance.json").read_text())["sha256"][path.name]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if sha256(path) != recorded:
        return "its SHA-256 differs from the one recorded in provenance.json: damaged since written"
    return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Permissions of a new file: what the user's umask gives (0644 by default), not mkstemp's 0600.
FILE_MODE = 0o666 & ~_umask()

#: The prefix of the hidden folder a run's files are written into before they are moved out.
PARTIAL = ".partial-"


def atomic_write(path: Path, write) -> None:
    """Write a file through a temporary file in the same folder, then rename it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        os.chmod(tmp, FILE_MODE)
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_together(folder: Path, writers: dict[str, object], last: str) -> Path:
    """Write the files `writers` names ({file name: write(path)}) into `folder` as one step.

    Each file is written into a hidden folder inside `folder` (`.partial-<random>`); once all
    are written they are moved out, `last` at the end, and the hidden folder is removed. A
    process killed while writing leaves only that hidden folder (removed by the next run:
    `sim.sweeps.resume.clean_partial`); one that fails removes it itself.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=PARTIAL, dir=folder))
    try:
        for name, write in writers.items():
            write(stage / name)
        for name in sorted(writers, key=lambda n: n == last):
            os.replace(stage / name, folder / name)
        stage.rmdir()
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return folder


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

    def write(self, folder: str | Path, figures: dict[str, object] | None = None) -> Path:
        """Write `<frame>.parquet` for each frame, `provenance.json` and any `figures`
        ({file name: draw(path)}) into `folder`, all in one step (`write_together`).

        `provenance.json` records each Parquet file's SHA-256 (`checksum_error` checks it);
        `summary.parquet` is moved into place last: its presence marks a complete run.
        """
        frames = {f"{name}.parquet": getattr(self, name).write_parquet for name in FRAMES}

        def write_provenance(path: Path) -> None:  # after the frames, in the same hidden folder
            sums = {name: sha256(Path(path).parent / name) for name in frames}
            record = {**self.provenance, "sha256": sums}
            Path(path).write_text(json.dumps(record, indent=2, default=str))

        writers = {**frames, "provenance.json": write_provenance, **(figures or {})}
        return write_together(folder, writers, last="summary.parquet")
