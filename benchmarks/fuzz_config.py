"""Fuzz every config key through the command line's code path and count the outcomes.

    uv run python benchmarks/fuzz_config.py [--random 600] [--seed 1] [--keys chains. ...]

Every edge value of every key (tests/test_fuzz.py `edge_values`: inside, on and outside
the range, special floats, wrong types), plus `--random` numbers drawn from each range
widened by a tenth on both sides (`random_value`), each given to `waardenmakerij`
(`sim.cli.main` in-process, in an empty folder) on top of the tiny base run of the tests.
Outcomes:

- refused: exit 2, one line on stderr naming the key, nothing left in the folder;
- unclear refusal: exit 2, but more than one line, the key not named or files left;
- stopped: exit 2 from a run-time invariant (`sim.errors.InvariantError`);
- finite: exit 0 and every float of every output frame finite;
- non-finite: exit 0 with NaN or inf in an output;
- traceback: any other exception or exit code;
- not run: accepted, but too large for a fuzz run here (`small` in tests/test_fuzz.py).

The goal is no tracebacks, no unclear refusals and no non-finite outputs. The table and the
cases that missed the goal are printed and written to benchmarks/fuzz_config.csv.
"""

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import numpy as np
from _common import ROOT, emit

sys.path.insert(0, str(ROOT / "tests"))

from test_fuzz import (  # noqa: E402
    KEYS,
    SIZE_KEYS,
    edge_values,
    frames_in,
    overrides_for,
    run_cli,
    small,
)

from sim.api import compose_config, to_config  # noqa: E402
from sim.config import PARAMS, ConfigError  # noqa: E402

GOAL = ("traceback", "unclear refusal", "non-finite")


def finite(frames) -> bool:
    for frame in vars(frames).values():
        for name, dtype in frame.schema.items():
            if dtype.is_float() and not np.isfinite(frame[name].drop_nulls().to_numpy()).all():
                return False
    return True


def random_value(key: str, rng: random.Random):
    """A number of the key's kind from its range widened by a tenth each side, else an edge."""
    default, meta = PARAMS[key]
    if meta["lo"] is None or isinstance(default, bool):
        return rng.choice(edge_values(key))
    lo, hi = meta["lo"], meta["hi"]
    span = hi - lo
    if isinstance(default, list):
        return [rng.uniform(lo, hi) for _ in default]
    if isinstance(default, int):
        return rng.randint(int(lo - span / 10) - 1, int(hi + span / 10) + 1)
    return rng.uniform(lo - span / 10, hi + span / 10)


def outcome(key: str, value) -> tuple[str, str]:
    """(outcome, detail) of one fuzzed value through `waardenmakerij`."""
    overrides = overrides_for(key, value)
    if key in SIZE_KEYS:
        try:
            if not small(to_config(compose_config(overrides))):
                return "not run", ""
        except ConfigError:
            pass
    cwd = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        code, err = run_cli(overrides, cwd)
        left = list(cwd.iterdir())
        if code == 0:
            return ("finite", "") if finite(frames_in(cwd)) else ("non-finite", "")
        line = err.strip()
        if code == 2 and line.startswith("waardenmakerij: error: week "):
            return "stopped", line
        if code == 2 and "\n" not in line and key in line and not left:
            return "refused", line
        if code == 2:
            return "unclear refusal", f"{line} (left: {[p.name for p in left]})"
        return "traceback", f"exit {code}: {line[-300:]}"
    except Exception as error:  # counting them is the point
        return "traceback", "".join(traceback.format_exception(error))[-300:]
    finally:
        shutil.rmtree(cwd, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=600, help="random values on top")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keys", nargs="*", default=[""], help="only keys with these prefixes")
    args = parser.parse_args()
    keys = [k for k in KEYS if any(k.startswith(p) for p in args.keys)]
    cases = [(key, value) for key in keys for value in edge_values(key)]
    rng = random.Random(args.seed)
    for _ in range(args.random):
        key = rng.choice(keys)
        cases.append((key, random_value(key, rng)))
    counts, misses, started = Counter(), [], time.perf_counter()
    for i, (key, value) in enumerate(cases, 1):
        result, detail = outcome(key, value)
        counts[result] += 1
        if result in GOAL or result == "stopped":
            misses.append({"key": key, "value": repr(value), "outcome": result, "detail": detail})
            print(f"{result}: {key}={value!r}: {detail}", flush=True)
        if i % 100 == 0:
            print(f"{i}/{len(cases)} {dict(counts)} {time.perf_counter() - started:.0f} s")
    rows = [{"outcome": name, "count": counts[name]} for name in
            ("refused", "finite", "not run", "stopped", *GOAL)]  # fmt: skip
    rows.append({"outcome": "total", "count": len(cases)})
    emit(rows, "fuzz_config", f"{len(keys)} keys, {len(cases)} values, seed {args.seed}, "
         f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    if misses:
        emit(misses, "fuzz_config_misses")


if __name__ == "__main__":
    main()
