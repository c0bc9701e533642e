"""Progress of a sweep: done / failed / left and an ETA, printed by the launching process.

Each run records its state in `<run folder>/status.json` (running, done, skipped, failed;
see `sim.cli`). The `Progress` callback starts a thread in the process that launches the
sweep (whatever the launcher: joblib workers, submitit jobs or Ray tasks all write into the
sweep folder) and prints a line whenever the counts change, at most every `every_seconds`:

    [pattern1_integrality] 18/40 done (6 already complete), 0 failed, 22 left (2 running),
    7.9 runs/min, ETA 2m47s

When the sweep ends it prints the final line and writes `results.parquet` (one row a run). A
sweep with a failed run ends with Hydra's error before `on_multirun_end`, so the table is also
made on its own: `uv run waardenmakerij-report <sweep folder>`.
"""

import json
import sys
import threading
import time
from pathlib import Path

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from sim.sweeps.check import sweep_jobs
from sim.sweeps.resume import STATUS


def expected_runs(config: DictConfig) -> int | None:
    """How many runs the sweep of this config launches (None when unknown)."""
    jobs = sweep_jobs(config)
    return None if jobs is None else len(jobs)


def count_states(sweep_dir: Path, since: float) -> dict[str, int]:
    """Runs per state among the status files written since `since` (this sweep's)."""
    counts = {"done": 0, "skipped": 0, "failed": 0, "running": 0}
    paths = list(sweep_dir.glob(f"*/{STATUS}")) or sweep_dir.rglob(STATUS)  # one level: cheap
    for path in paths:
        try:
            status = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if status.get("time", 0) >= since and status.get("state") in counts:
            counts[status["state"]] += 1
    return counts


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def progress_line(name: str, counts: dict, total: int | None, elapsed: float) -> str:
    """One line: done (skipped), failed, left (running), rate of this sweep's runs and ETA."""
    finished = counts["done"] + counts["skipped"]
    rate = counts["done"] / elapsed * 60 if elapsed > 0 else 0.0
    done = f"[{name}] {finished}/{total if total is not None else '?'} done"
    if counts["skipped"]:
        done += f" ({counts['skipped']} already complete)"
    parts = [done, f"{counts['failed']} failed"]
    if total is not None:
        left = max(total - finished - counts["failed"], 0)
        parts.append(f"{left} left ({counts['running']} running)")
        if counts["done"] and left:
            parts += [f"{rate:.1f} runs/min", f"ETA {_duration(left / rate * 60)}"]
    else:
        parts.append(f"{counts['running']} running")
    return ", ".join(parts)


class Progress(Callback):
    """Prints the sweep's progress from the launching process; writes results at the end."""

    def __init__(self, every_seconds: float = 15.0, results: bool = True) -> None:
        self.every = float(every_seconds)
        self.results = results
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __getstate__(self) -> dict:
        # Launchers send the callbacks to their workers: leave the thread behind.
        return {k: v for k, v in self.__dict__.items() if k not in ("_stop", "_thread")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._stop, self._thread = threading.Event(), None

    def on_multirun_start(self, config: DictConfig, **kwargs) -> None:
        self.sweep_dir = Path(config.hydra.sweep.dir)
        self.name = self.sweep_dir.name
        self.started = time.time()
        try:
            self.total = expected_runs(config)
        except Exception:  # noqa: BLE001 - progress must never stop a sweep
            self.total = None
        self.sweep_dir.mkdir(parents=True, exist_ok=True)
        info = {"started": self.started, "total": self.total}
        (self.sweep_dir / "sweep.json").write_text(json.dumps(info))
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def line(self) -> str:
        counts = count_states(self.sweep_dir, self.started)
        return progress_line(self.name, counts, self.total, time.time() - self.started)

    def _watch(self) -> None:
        last, last_time = None, 0.0
        while not self._stop.wait(min(self.every, 2.0)):
            text = self.line()
            now = time.time()
            if text != last and now - last_time >= self.every:
                print(text, file=sys.stderr, flush=True)
                last, last_time = text, now

    def on_multirun_end(self, config: DictConfig, **kwargs) -> None:
        self._stop.set()
        print(
            self.line() + f", wall time {_duration(time.time() - self.started)}",
            file=sys.stderr,
            flush=True,
        )
        if self.results:
            from sim.report.results import write_results

            path = write_results(self.sweep_dir)
            print(f"results: {path}", file=sys.stderr)
            print(f"report:  uv run waardenmakerij-report {self.sweep_dir}", file=sys.stderr)
