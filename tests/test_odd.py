"""docs/ODD.md must not drift from the code.

Fails when a config parameter is missing from the ODD's parameter table or its default there
is stale, when a `sim.…` name the ODD mentions no longer exists, when a config key in the
prose is unknown, when the ODD+D headings are missing or out of order, when an output
column is undocumented, or when the sensitivity ranges no longer fit the config.

Fix a stale table with `uv run python docs/parameters.py`.
"""

import importlib
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest

from sim.business.brede_welvaart import LATER
from sim.config import FIRMS, KINDS, Config, iter_params
from sim.vocabulary import CAPITALS, EFFECTS

ROOT = Path(__file__).resolve().parent.parent
ODD = ROOT / "docs" / "ODD.md"

ODD_D_HEADINGS = (
    "Purpose",
    "Entities, state variables and scales",
    "Process overview and scheduling",
    "Theoretical and empirical background",
    "Individual decision making",
    "Learning",
    "Individual sensing",
    "Individual prediction",
    "Interaction",
    "Collectives",
    "Heterogeneity",
    "Stochasticity",
    "Observation",
    "Implementation details",
    "Initialization",
    "Input data",
    "Submodels",
)
PARTS = {"I": ("Overview", 1), "II": ("Design concepts", 4), "III": ("Details", 14)}


@cache
def parameters():
    """docs/parameters.py as a module (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location("odd_parameters", ROOT / "docs" / "parameters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def text() -> str:
    return ODD.read_text(encoding="utf-8")


def prose() -> str:
    """The ODD without its fenced code blocks."""
    return re.sub(r"^```.*?^```", "", text(), flags=re.S | re.M)


def inline_code() -> list[str]:
    return re.findall(r"`([^`\n]+)`", prose())


def config_params() -> dict:
    return {key: (value, meta) for key, value, meta in iter_params(Config())}


def table_rows() -> dict[str, list[str]]:
    """{key: cells} of the parameter table (D.1) in ODD.md."""
    p = parameters()
    block = p.current_block(text())
    header = p._row(p.HEADER)
    lines = block[block.index(header) :].splitlines()
    rows = {}
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = p.split_row(line)
        rows[cells[0].strip("`")] = cells
    return rows


# ------------------------------------------------------------------ (a) the parameter table


def test_every_parameter_is_in_the_table_with_its_current_default():
    rows = table_rows()
    fmt = parameters().format_value
    missing = [key for key in config_params() if key not in rows]
    assert not missing, f"not in ODD.md's parameter table: {missing}; run docs/parameters.py"
    stale = {
        key: (rows[key][1], fmt(value))
        for key, (value, _) in config_params().items()
        if rows[key][1] != fmt(value)
    }
    assert not stale, f"stale defaults (table, config): {stale}; run docs/parameters.py"
    extra = sorted(set(rows) - set(config_params()))
    assert not extra, f"in the table but not in sim.config: {extra}; run docs/parameters.py"


def test_generated_block_is_current():
    p = parameters()
    assert p.current_block(text()) == p.block(), (
        "docs/ODD.md's generated block is stale: run `uv run python docs/parameters.py`"
    )
    assert p.current_uncertain(text()) == p.uncertain_block(), (
        "Appendix B is not sim.config.uncertain's table: run `uv run python docs/parameters.py`"
    )


# ------------------------------------------------------------------ (b) names of the code


def resolve(name: str):
    """Import the longest module prefix of a dotted name and getattr the rest."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(name)


def sim_names() -> set[str]:
    """Every dotted `sim.…` name in the ODD, in backticks, tables or equations."""
    return set(re.findall(r"(?<![\w./])sim(?:\.[A-Za-z_]\w*)+", text()))


def test_the_odd_names_many_functions():
    backticked = {c.removesuffix("()") for c in inline_code() if c.startswith("sim.")}
    assert len(backticked) >= 50, "the ODD should name the functions that implement it"
    assert backticked <= sim_names()


@pytest.mark.parametrize("name", sorted(sim_names()))
def test_named_function_exists(name):
    try:
        resolve(name)
    except (ImportError, AttributeError) as error:
        pytest.fail(f"docs/ODD.md names `{name}`, which does not exist: {error}")


def test_config_keys_in_the_text_exist():
    params = config_params()
    groups = {key.split(".")[0] for key in params if "." in key}
    pattern = rf"(?<![\w./])(?:{'|'.join(sorted(groups))})\.[A-Za-z_][\w.]*"
    unknown = set()
    for token in re.findall(pattern, text()):
        token = token.rstrip(".")
        if re.search(r"\.(png|parquet|json|csv|md)$", token):
            continue  # a file name such as mkba.png
        # a group (prefix + "."), or a family with a placeholder (`mkba.price_<effect>`)
        family = token.endswith("_") and any(k.startswith(token) for k in params)
        if (
            token not in params
            and not family
            and not any(k.startswith(token + ".") for k in params)
        ):
            unknown.add(token)
    assert not unknown, f"docs/ODD.md names config keys that do not exist: {sorted(unknown)}"


# ------------------------------------------------------------------ (c) the ODD+D headings


def test_odd_d_headings_in_order():
    sequence = re.findall(r"^#{1,6}\s+([IVX]+|\d+)\.\s+(.+?)\s*$", prose(), flags=re.M)
    expected = []
    for n, title in enumerate(ODD_D_HEADINGS, 1):
        expected += [(p, t) for p, (t, first) in PARTS.items() if first == n]
        expected.append((str(n), title))
    assert sequence == expected


# ------------------------------------------------------------------ outputs and ranges


@cache
def output_columns() -> dict[str, list[str]]:
    from sim.model import WaardenModel
    from sim.output.tables import case_log, membership_log, summary

    cfg = Config()
    cfg.population.n_actors = 200
    cfg.run.years = 0.2
    model = WaardenModel(cfg, mesa_space=False).run()
    return {
        "timeseries": model.recorder.frame().columns,
        "cases": case_log(model).columns,
        "memberships": membership_log(model).columns,
        "summary": summary(model).columns,
    }


def documented_names() -> set[str]:
    names = set()
    for token in inline_code():
        variants = [token]
        if "<kind>" in token:
            variants = [v.replace("<kind>", k) for v in variants for k in KINDS]
        for placeholder, words in (
            ("<capital>", CAPITALS),
            ("<effect>", EFFECTS),
            ("<later>", LATER),
            ("<firm>", FIRMS),
        ):
            if placeholder in token:
                variants = [v.replace(placeholder, w) for v in variants for w in words]
        names.update(variants)
    return names


@pytest.mark.parametrize("frame", ["timeseries", "cases", "memberships", "summary"])
def test_every_output_column_is_documented(frame):
    missing = [c for c in output_columns()[frame] if c not in documented_names()]
    assert not missing, f"{frame} columns not described in ODD.md's Observation: {missing}"


def test_uncertain_ranges_fit_the_config():
    ranges = parameters().uncertain_ranges()
    params = config_params()
    assert len(ranges) >= 20
    problems = []
    for key, (low, high) in ranges.items():
        if key not in params:
            problems.append(f"{key}: not a config key")
            continue
        value, meta = params[key]
        lo, hi = meta.get("lo"), meta.get("hi")
        if not meta["source"].startswith(("assumption", "calibrated")):
            problems.append(f"{key}: source is {meta['source']!r}, not an assumption or fit")
        if not low < high:
            problems.append(f"{key}: low {low} not below high {high}")
        if (lo is not None and low < lo) or (hi is not None and high > hi):
            problems.append(f"{key}: {low}..{high} outside what the config allows ({lo}..{hi})")
        if not low <= value <= high:
            problems.append(f"{key}: default {value} outside {low}..{high}")
    assert not problems, "Appendix B of docs/ODD.md: " + "; ".join(problems)
