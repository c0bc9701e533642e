"""Shared helpers of the benchmarks: configs by size, load, timing, tables.

Not a benchmark itself. Every benchmark prints its table and writes it as CSV next to the
script (the CSVs are git-ignored, see benchmarks/.gitignore); docs/performance.md holds the
latest tables.

The machine is shared (2 cores), so timings are noisy: each benchmark repeats its timings,
keeps the minimum (the least disturbed run) and records the 1-minute load average (`uptime`)
beside every figure.
"""

import os
import platform
import resource
import sys
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # `uv run python benchmarks/x.py` puts benchmarks/ first
    sys.path.insert(0, str(ROOT))

#: environment=amsterdam: 1,093,567 actors in 518 buurten, 110 wijken and 8 stadsdelen.
CITY_ACTORS = 1_093_567
CITY_BUURTEN, CITY_WIJKEN, CITY_STADSDELEN = 518, 110, 8


def city_overrides(n_actors: int) -> list[str]:
    """Overrides for `n_actors` actors at the city's density (environment=amsterdam scaled).

    About 2,100 actors a buurt and 4.7 buurten a wijk, 60 percelen a buurt, as in
    configs/environment/amsterdam.yaml; at 1,093,567 actors this is that config exactly.
    """
    if n_actors == CITY_ACTORS:
        return ["environment=amsterdam"]
    buurten = max(1, round(n_actors * CITY_BUURTEN / CITY_ACTORS))
    wijken = max(1, round(buurten * CITY_WIJKEN / CITY_BUURTEN))
    stadsdelen = max(1, min(CITY_STADSDELEN, round(wijken * CITY_STADSDELEN / CITY_WIJKEN)))
    return [
        "environment=amsterdam",
        f"population.n_actors={n_actors}",
        f"environment.n_buurten={buurten}",
        f"environment.n_wijken={wijken}",
        f"environment.n_stadsdelen={stadsdelen}",
    ]


def config(overrides: list[str]):
    """A validated Config from Hydra-style overrides (as `sim.run` composes it)."""
    from sim.api import compose_config, to_config

    return to_config(compose_config(overrides))


def load() -> float:
    """The 1-minute load average (2 cores: above 2 means we shared the CPU)."""
    return round(os.getloadavg()[0], 2)


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def best_of(fn, repeats: int):
    """Run `fn()` `repeats` times; return (minimum seconds, load during it, last result)."""
    best, best_load, result = float("inf"), 0.0, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        took = time.perf_counter() - start
        if took < best:
            best, best_load = took, load()
    return best, best_load, result


def machine() -> str:
    """One line about the machine and software, for the tables' headers."""
    import numpy
    import scipy

    return (
        f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {numpy.__version__}, scipy {scipy.__version__}"
    )


def emit(rows: list[dict], name: str, note: str = "") -> pl.DataFrame:
    """Print the table (and a note) and write it to benchmarks/<name>.csv."""
    table = pl.DataFrame(rows)
    print(f"\n# {name}  ({machine()})")
    if note:
        print(note)
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200, fmt_str_lengths=80):
        print(table)
    path = HERE / f"{name}.csv"
    table.write_csv(path)
    print(f"wrote {path.relative_to(ROOT)}")
    return table


#: The phases of `WaardenModel.step`, as (module, function) called through the module.
PHASES = (
    ("sim.chains.initiation", "initiate"),
    ("sim.chains.joining", "leave"),
    ("sim.chains.feedback", "dissolve_empty"),
    ("sim.chains.joining", "mobilise"),
    ("sim.chains.pledging", "pledge"),
    ("sim.chains.coordination", "coordinate"),
    ("sim.chains.feedback", "end_cases"),
    ("sim.chains.realisation", "decide"),
    ("sim.chains.realisation", "realise"),
    ("sim.chains.feedback", "small_wins"),
    ("sim.chains.feedback", "learn"),
    ("sim.output.records", "Recorder.record"),
    ("sim.chains.book", "ChainBook.compact"),
)


class PhaseTimer:
    """Seconds spent in each phase of the step, by wrapping the phase functions.

    Only the outermost timed call counts (`dissolve_empty` calls `end_cases`, for example),
    so the phases add up to at most the step time. Use as a context manager; the wrappers
    are removed on exit.
    """

    def __init__(self):
        self.seconds = {name.split(".")[-1]: 0.0 for _, name in PHASES}
        self._saved = []
        self._depth = 0

    def _wrap(self, fn, label):
        def timed(*args, **kwargs):
            self._depth += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.seconds[label] += time.perf_counter() - start

        return timed

    def __enter__(self):
        import importlib

        for module, name in PHASES:
            owner = importlib.import_module(module)
            parts = name.split(".")
            for part in parts[:-1]:
                owner = getattr(owner, part)
            fn = getattr(owner, parts[-1])
            self._saved.append((owner, parts[-1], fn))
            setattr(owner, parts[-1], self._wrap(fn, parts[-1]))
        return self

    def __exit__(self, *exc):
        for owner, attr, fn in reversed(self._saved):
            setattr(owner, attr, fn)
        self._saved.clear()
