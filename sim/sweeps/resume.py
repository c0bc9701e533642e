"""Resuming a sweep: a run whose outputs are complete is not run again.

A run folder is complete when `summary.parquet` (written last, atomically) reads as one row,
the other frames and `provenance.json` exist, and the provenance's config is the config the
run would have now. A run killed half-way leaves only hidden temporary files
(`.<name>.parquet.<random>.tmp`, never a `*.parquet`), which `clean_partial` removes.
"""

import json
import time
from pathlib import Path

import polars as pl

from sim.output.results import FRAMES, atomic_write

STATUS = "status.json"


def _normal(value) -> object:
    """A value as it reads back from provenance.json (JSON types, str for the rest)."""
    return json.loads(json.dumps(value, default=str))


def is_complete(folder: str | Path, config: dict | None = None) -> bool:
    """Whether the run in `folder` finished, and (given `config`) ran with this config."""
    folder = Path(folder)
    if not all((folder / f"{name}.parquet").is_file() for name in FRAMES):
        return False
    try:
        if pl.read_parquet(folder / "summary.parquet").height != 1:
            return False
        recorded = json.loads((folder / "provenance.json").read_text())
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return False
    return config is None or recorded.get("config") == _normal(config)


def clean_partial(folder: str | Path) -> list[Path]:
    """Remove the temporary files of an interrupted write; return what was removed."""
    removed = []
    for tmp in Path(folder).glob(".*.tmp"):
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
