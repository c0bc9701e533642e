"""The strategy report of a sweep: what a policy team reads.

    uv run waardenmakerij-report multirun/compare_strategies            # Dutch
    uv run waardenmakerij-report multirun/compare_strategies report.lang=en

Writes into the sweep folder: `results.parquet` (one row a run), `report.md` (figures in
`report_files/`) and `report.html` (self-contained, figures embedded).
"""

import json
import tempfile
from pathlib import Path

import polars as pl

from sim.report.accounts import MKBA_KEYS
from sim.report.document import Document
from sim.report.i18n import text
from sim.report.policy import Policy
from sim.report.results import (
    ReportError,
    read_overrides,
    reason,
    results_table,
    sweep_info,
    sweep_state,
    write_results,
)
from sim.report.sections import Sections
from sim.report.stats import numbers_in

STRATEGY_ORDER = ("onbeheerst", "opschalen", "downscalen")


def with_value_total(table: pl.DataFrame) -> pl.DataFrame:
    """Add `value_total`: the realised value summed over the three capitals."""
    if "value_social" not in table.columns:
        return table
    return table.with_columns(
        (pl.col("value_social") + pl.col("value_ecological") + pl.col("value_economic")).alias(
            "value_total"
        )
    )


def config_values(sweep_dir: Path, table: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Add columns with config values each run recorded in provenance.json (e.g. the
    strategy's scope_cap when only `strategy=` was swept)."""
    values = {k: [] for k in keys}
    for run in table["run"]:
        try:
            config = json.loads((sweep_dir / run / "provenance.json").read_text())["config"]
        except (OSError, ValueError, KeyError, TypeError):  # none, or not a run's record
            config = {}
        for key in keys:
            node = config
            for part in key.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            values[key].append(node)
    return table.with_columns(pl.Series(f"cfg.{k}", v, strict=False) for k, v in values.items())


def override_columns(sweep_dir: Path, table: pl.DataFrame) -> list[str]:
    """The override columns of the results table (those of its first run)."""
    keys = [k for k in read_overrides(sweep_dir / table["run"][0]) or {} if k != "experiment"]
    names = [k if k in table.columns else f"{k}_override" for k in keys]
    return [n for n in names if n in table.columns]


def group_columns(sweep_dir: Path, table: pl.DataFrame) -> list[str]:
    """The columns runs can be grouped by: the sweep's overrides, the seed and the text
    columns (strategy, procurement_route), each with a value in some run; not the outcomes."""
    text = [c for c, kind in table.schema.items() if kind in (pl.String, pl.Boolean)]
    names = dict.fromkeys(["strategy", *override_columns(sweep_dir, table), "seed", *text])
    return [
        c
        for c in names
        if c in table.columns and c not in ("run", "experiment") and table[c].count() > 0
    ]


def grouped(table: pl.DataFrame, by: str) -> tuple[pl.DataFrame, list[str]]:
    """The table with the `by` column as text, and its groups: the strategies in their
    order, other values sorted (numbers as numbers)."""
    values = table[by].drop_nulls().unique().sort().cast(pl.String).to_list()
    groups = [s for s in STRATEGY_ORDER if s in values] + [
        s for s in values if s not in STRATEGY_ORDER
    ]
    return table.with_columns(pl.col(by).cast(pl.String)), groups


def override_keys(sweep_dir: Path, table: pl.DataFrame) -> list[str]:
    """The override columns that vary: the sweep's factors."""
    return [n for n in override_columns(sweep_dir, table) if table[n].n_unique() > 1]


def no_runs(sweep_dir: Path, state: dict) -> str:
    """Why a folder has nothing to report, and what to give instead."""
    found = [f"{state['complete']} unreadable"] if state["complete"] else []
    found += [f"{len(state['failed'])} failed"] if state["failed"] else []
    why = ", ".join(found) or "no run folder with a summary.parquet"
    return f"{sweep_dir} has no complete runs ({why}): use a sweep folder, e.g. multirun/<name>"


def unwritable(where: str | Path, error: OSError) -> str:
    """The error of a report file, or the folder, that cannot be written."""
    why = error.strerror or reason(error)
    return (
        f"{where} cannot be written ({why}): the sweep folder and its report files must be writable"
    )


def build_report(
    sweep_dir: str | Path, lang: str = "nl", by: str = "strategy", reference: str | None = None
) -> dict:
    """Write results.parquet, report.md and report.html into the sweep folder.

    Raises ReportError, with nothing written, if no run can be read, `by` is not a column
    to group runs by, `reference` is not one of its groups, or the folder is not writable.
    """
    sweep_dir = Path(sweep_dir)
    t = text(lang)
    info = sweep_info(sweep_dir)
    results = results_table(sweep_dir, info)
    state = sweep_state(sweep_dir, info)
    if results.height == 0:
        raise ReportError(no_runs(sweep_dir, state))
    table = with_value_total(results)
    allowed = group_columns(sweep_dir, table)
    if by not in allowed:
        raise ReportError(f"report.by={by} is not allowed: use one of {', '.join(allowed)}")
    table, strategies = grouped(table, by)
    reference = strategies[0] if reference is None else reference
    if reference not in strategies:
        raise ReportError(
            f"report.reference={reference} is not allowed: use one of {', '.join(strategies)}"
        )
    try:  # a read-only folder: say so before drawing the figures
        tempfile.TemporaryFile(dir=sweep_dir).close()
    except OSError as error:
        raise ReportError(unwritable(sweep_dir, error)) from error
    doc = Document(t["title"])
    keys = ["strategy.scope_cap", "strategy.team_size_cap", "run.years", "population.n_actors"]
    table = config_values(sweep_dir, table, [*keys, *MKBA_KEYS])
    report = Sections(
        doc, t, sweep_dir, table, by, strategies, reference, override_keys(sweep_dir, table)
    )
    with numbers_in(t["locale"]):
        policy = Policy(report)
        policy.samenvatting()
        doc.p(t["intro"])
        doc.h(t["sweep"])
        expected = f", {t['expected']} {state['expected']}" if state["expected"] else ""
        skipped = state["complete"] - results.height
        doc.p(
            f"{sweep_dir.resolve().name}: {results.height} {t['runs']}{expected}, "
            f"{t['failed']} {len(state['failed'])}"
            + (f", {t['unreadable']} {skipped}." if skipped else ".")
        )
        policy.uitgangspunten()
        report.strategies_table()
        report.outcomes_table()
        report.differences()
        report.distributions()
        report.first_win()
        report.heatmap()
        report.timeseries()
        report.mkba()
        policy.mkba_table()
        policy.woordenlijst()
        policy.herkomst()
    try:
        write_results(sweep_dir, results)
        md, html = doc.write(sweep_dir, "report", lang)
    except OSError as error:
        raise ReportError(unwritable(error.filename2 or sweep_dir, error)) from error
    return {"markdown": md, "html": html, "runs": table.height, "strategies": strategies}
