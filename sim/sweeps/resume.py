"""Resuming a sweep: a run whose outputs are complete is not run again.

A run folder is complete when `summary.parquet` (moved into place last) reads as one row, the
other frames and `provenance.json` exist, each frame has the SHA-256 the provenance recorded,
and the provenance's config is the config the run would have now. A run's files are written
into a hidden folder and moved into place together (`sim.output.results.write_together`), so a
run killed half-way leaves only that hidden folder (`.partial-<random>/`) or hidden temporary
files, which `clean_partial` removes.

One process at a time works in a run folder: `holding` takes `<run folder>/.lock` (the
`filelock` package) while a run checks, cleans and writes it, so two sweeps started in the
same folder share the runs instead of computing them twice or removing each other's files.
"""

import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from filelock import FileLock, Timeout

from sim.output.results import FRAMES, PARTIAL, atomic_write, checksum_error

STATUS = "status.json"
LOCK = ".lock"


def _normal(value) -> object:
    """A value as it reads back from provenance.json (JSON types, str for the rest)."""
    return json.loads(json.dumps(value, default=str))


def is_complete(folder: str | Path, config: dict | None = None) -> bool:
    """Whether the run in `folder` finished, and (given `config`) ran with this config."""
    folder = Path(folder)
    if not all((folder / f"{name}.parquet").is_file() for name in FRAMES):
        return False
    if any(checksum_error(folder / f"{name}.parquet") for name in FRAMES):
        return False  # damaged since it was written: run it again
    try:
        if pl.read_parquet(folder / "summary.parquet").height != 1:
            return False
        recorded = json.loads((folder / "provenance.json").read_text())
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return False
    return config is None or recorded.get("config") == _normal(config)


@contextmanager
def holding(folder: str | Path):
    """Hold the lock of a run folder (`<folder>/.lock`) to check, clean or write the run in it.

    When another process holds it, say so on stderr and wait for it.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"waiting for {folder}: another process is running it", file=sys.stderr, flush=True)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def clean_partial(folder: str | Path) -> list[Path]:
    """Remove what an interrupted write left (hidden temporary files and folders); return it.

    Call it only while `holding(folder)`: another process may be writing them.
    """
    removed = []
    folder = Path(folder)
    for tmp in [*folder.glob(".*.tmp"), *folder.glob(f"{PARTIAL}*")]:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def write_status(folder: str | Path, state: str, **extra) -> None:
    """Record a run's state (running, done, skipped, failed) for the progress display."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"state": state, "time": time.time(), **extra}, default=str)
    atomic_write(folder / STATUS, lambda p: Path(p).write_text(text))


def read_status(folder: str | Path) -> dict | None:
    try:
        return json.loads((Path(folder) / STATUS).read_text())
    except (OSError, ValueError):
        return None


def _alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, TypeError, ValueError) as error:
        return isinstance(error, PermissionError)
    return True


def mark_abandoned(sweep_dir: str | Path) -> list[Path]:
    """Mark as failed each run of a sweep whose status says running but whose process is gone
    (a killed worker); return their folders."""
    marked = []
    for path in Path(sweep_dir).glob(f"*/{STATUS}"):
        status = read_status(path.parent)
        if status and status.get("state") == "running" and not _alive(status.get("pid")):
            write_status(path.parent, "failed", error="the process running it ended (killed?)")
            marked.append(path.parent)
    return marked
