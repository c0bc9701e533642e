"""Property-based tests of the config: any value for any key ends in a clean refusal or a sound run.

A key is drawn among every parameter of the schema (`sim.config.iter_params`, so a new key is
covered without a change here) and a value for it: inside, on and just outside its range,
special floats (nan, inf, -0.0, 1e308, the smallest subnormal), wrong types (text, lists,
null, switches for numbers, numbers for switches), interpolations. Either the config is
refused with a `sim.ConfigError` whose message is one line naming the key, or the run's
outputs are all finite and keep the invariants of tests/test_invariants.py.

Once through `sim.run`, once through the command line's code path (`sim.cli.main`
in-process, in an empty folder: a refusal is exit 2, one line on stderr, nothing left
behind), and a few real `uv run waardenmakerij` processes. The runs are tiny (`BASE`, unless
the drawn key is one of its keys). Hypothesis runs the derandomized profile `ci` unless
HYPOTHESIS_PROFILE names another (`explore`: random examples, more of them).
"""

import contextlib
import io
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_invariants import check_frames

import sim
import sim.cli
from sim.api import compose_config, to_config
from sim.config import KINDS, PARAMS, memory_needed
from sim.output.results import FRAMES

ROOT = Path(__file__).resolve().parent.parent
KEYS = list(PARAMS)

#: The base of every fuzzed run: small and quick, with cases started and realised.
BASE = {
    "run.years": 1,
    "population.n_actors": 60,
    "environment.n_buurten": 1,
    "chains.bottom_up_rate": 0.02,
}
SPECIAL_FLOATS = [math.nan, math.inf, -math.inf, -0.0, 1e308, -1e308, 5e-324, 1e-300]
WRONG_TYPES = ["abc", "", "0.5", None, [1, 2], {"a": 1}, "${oc.env:HOME}"]

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None, database=None, max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def spelled(value) -> str:
    """A value in Hydra's override syntax (text quoted, interpolations as they are)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, list):
        return "[" + ",".join(spelled(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{spelled(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return value if value.startswith("${") else f"'{value}'"
    return repr(value)


def edge_values(key: str) -> list:
    """Values for `key` inside, on and just outside what it allows, specials, wrong types."""
    default, meta = PARAMS[key]
    if meta["choices"]:
        choices = list(meta["choices"])
        return [*choices, choices[0].upper(), "nope", True, 1, *WRONG_TYPES]
    if isinstance(default, bool):
        return [True, False, 0, 1, -1, 2, 0.5, "yes", "no", "on", "true", *WRONG_TYPES]
    if isinstance(default, str):
        return ["x", "label 2", 2024, "tab\there", True, *WRONG_TYPES]
    lo, hi = meta["lo"], meta["hi"]
    if isinstance(default, list):
        n = len(default)
        return [
            default, [lo] * n, [hi] * n, [lo] * (n - 1), [hi] * (n + 1), [],
            [hi * 2 + 1] * n, [lo - 1] * n, [math.nan] * n, [-0.0] * n, [1e308] * n,
            ["abc"] * n, [True] * n, lo, *WRONG_TYPES,
        ]  # fmt: skip
    if isinstance(default, int):
        middle = (lo + hi) // 2
        return [lo, hi, middle, lo - 1, hi + 1, -1, 0, float(lo) + 0.5, float(middle),
                True, 10**30, *WRONG_TYPES]  # fmt: skip
    return [
        lo, hi, (lo + hi) / 2, lo + (hi - lo) * 1e-9, hi * (1 + 1e-12) + 1e-300,
        lo - max(abs(lo) * 1e-12, 1e-300), -1.0, hi * 10 + 1, int(hi), True, False,
        *SPECIAL_FLOATS, *WRONG_TYPES,
    ]  # fmt: skip


def values(key: str):
    """A hypothesis strategy: an edge value of `key`, or any number of its kind."""
    default, meta = PARAMS[key]
    edges = st.sampled_from(edge_values(key))
    if isinstance(default, bool) or isinstance(default, str) or meta["lo"] is None:
        return edges
    if isinstance(default, list):
        numbers = st.floats(meta["lo"], meta["hi"])
        return st.one_of(edges, st.lists(numbers, min_size=len(default), max_size=len(default)))
    if isinstance(default, int):
        return st.one_of(edges, st.integers(meta["lo"] - 5, meta["hi"] + 5))
    return st.one_of(edges, st.floats(meta["lo"], meta["hi"]), st.floats())


@st.composite
def key_and_value(draw):
    key = draw(st.sampled_from(KEYS))
    return key, draw(values(key))


def overrides_for(key: str, value) -> list[str]:
    """The base overrides with the drawn key's value in place of (or beside) them."""
    base = [f"{k}={spelled(v)}" for k, v in BASE.items() if k != key]
    return [*base, f"{key}={spelled(value)}"]


#: Keys whose value decides how large a run is (see `small`).
SIZE_KEYS = {
    "run.years",
    "population.n_actors",
    "environment.n_buurten",
    "environment.parcels_per_buurt",
    "environment.local_degree",
    "environment.kenniskring_size",
    *(f"population.{kind}.cross_ties" for kind in KINDS),
}


def small(config) -> bool:
    """Whether a run of `config` is quick enough to fuzz (big sizes are refused or skipped)."""
    counts = {term: count for term, (_, count, _) in memory_needed(config).items()}
    return (
        counts["actors"] <= 2000
        and counts["percelen"] <= 20_000
        and counts["ties"] <= 200_000
        and config.run.years <= 5
    )


def assert_clean_refusal(message: str, key: str) -> None:
    assert "\n" not in message.strip(), message
    assert "Traceback" not in message, message
    assert key in message, (key, message)


def frames_in(folder: Path) -> SimpleNamespace:
    (summary,) = folder.rglob("summary.parquet")
    return SimpleNamespace(
        **{name: pl.read_parquet(summary.parent / f"{name}.parquet") for name in FRAMES}
    )


def run_cli(args: list[str], cwd: Path) -> tuple[int, str]:
    """`waardenmakerij ARGS` in-process in `cwd`: (exit code, stderr)."""
    err, argv, here = io.StringIO(), sys.argv, Path.cwd()
    sys.argv = ["waardenmakerij", *args]
    os.chdir(cwd)
    code = 0
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            sim.cli.main()
    except SystemExit as stop:
        code = stop.code
    finally:
        sys.argv = argv
        os.chdir(here)
    return code, err.getvalue()


# ------------------------------------------------------------------ the properties


# The unit suite draws a fixed sample (derandomised, 30 + 8 values); the full count over every
# key's edge values and thousands of random ones is benchmarks/fuzz_config.py.
@settings(max_examples=30)
@given(key_and_value())
def test_api_refuses_cleanly_or_runs_soundly(drawn):
    key, value = drawn
    overrides = overrides_for(key, value)
    try:
        config = to_config(compose_config(overrides))
    except sim.ConfigError as error:
        assert_clean_refusal(str(error), key)
        return
    if not small(config):
        return  # accepted, too large to run here: its refusal paths were checked above
    try:
        results = sim.run(overrides)
    except sim.ConfigError as error:  # the run left what the model can compute
        pytest.fail(f"{overrides}: {error}")
    check_frames(results, config)


@settings(max_examples=8)
@given(key_and_value())
def test_command_refuses_cleanly_or_runs_soundly(tmp_path_factory, drawn):
    key, value = drawn
    overrides = overrides_for(key, value)
    try:
        config = to_config(compose_config(overrides))
    except sim.ConfigError:
        config = None
    if config is not None and not small(config):
        return
    cwd = tmp_path_factory.mktemp("run")
    code, err = run_cli(overrides, cwd)
    if config is None:
        assert code == 2, (code, err)
        assert err.startswith("waardenmakerij: error: ")
        assert_clean_refusal(err, key)
        assert list(cwd.iterdir()) == [], "a refused command left files behind"
    else:
        assert code == 0, (code, err)
        check_frames(frames_in(cwd), config)
    shutil.rmtree(cwd)


#: Real commands (`uv run waardenmakerij ...`): (arguments, what the one line names).
COMMANDS = {
    "typo": (["tussenruimte.fricton=0.1"], ["tussenruimte.fricton", "tussenruimte.friction"]),
    "switch": (["environment.kenniskring=yes"], ["environment.kenniskring", "true or false"]),
    "sweep": (["-m", "seed=1,abc", "run.years=0.1"], ["seed", "'abc'"]),
}


@pytest.fixture(scope="module")
def commands(tmp_path_factory):
    """The real commands, run at the same time, each in an empty folder: {name: (process,
    folder)} once all have ended."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYDRA_")}
    started = {}
    for name, (args, _) in COMMANDS.items():
        cwd = tmp_path_factory.mktemp(name)
        command = ["uv", "run", "--project", str(ROOT), "waardenmakerij", *args]
        started[name] = (
            subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True),
            cwd,
        )
    for process, _ in started.values():
        process.wait(timeout=300)
    return started


@pytest.mark.parametrize("name", list(COMMANDS))
def test_real_command_refuses_in_one_line(commands, name):
    process, cwd = commands[name]
    stderr = process.stderr.read()
    assert process.returncode == 2, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    for part in COMMANDS[name][1]:
        assert part in lines[0]
    assert list(cwd.iterdir()) == []
