"""The strategy report of a sweep: what a policy team reads.

    uv run waardenmakerij-report multirun/compare_strategies            # Dutch
    uv run waardenmakerij-report multirun/compare_strategies report.lang=en

Writes into the sweep folder: `results.parquet` (one row a run), `report.md` (figures in
`report_files/`) and `report.html` (self-contained, figures embedded).
"""

import json
import math
import tempfile
from pathlib import Path

import numpy as np
import polars as pl

from sim.config import KINDS, ROUTES
from sim.report.document import Document
from sim.report.i18n import text
from sim.report.results import (
    ReportError,
    read_overrides,
    read_runs,
    reason,
    results_table,
    sweep_info,
    sweep_state,
    write_results,
)
from sim.report.stats import diff_ci, fmt, fmt_ci, mean_ci

STRATEGY_ORDER = ("onbeheerst", "opschalen", "downscalen")
OUTCOMES = (
    "realised_cases",
    "value_total",
    "ownership_share",
    "capital_balance",
    "coordination_hours_share",
    "participation_rate",
    "first_win_week",
    "mkba_npv_eur",
    "mkba_bcr",
    "imbalance_years",
)
SERIES = ("value_cum", "cases_realised", "members_active", "hours_coordination")
PALETTE = {"onbeheerst": "#b42318", "opschalen": "#1f6feb", "downscalen": "#1a7f37"}


def pyplot():
    """matplotlib's pyplot on the Agg backend, imported only once there is a report to draw
    (a bad option is reported without waiting for matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


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


def paired_frames(table: pl.DataFrame, by: str, a: str, b: str, keys: list[str], col: str):
    """The outcome of a and b matched on every other factor, or None if they do not pair."""
    others = [k for k in keys if k != by]
    if not others:
        return None
    left = table.filter(pl.col(by) == a).select(*others, pl.col(col).alias("a"))
    right = table.filter(pl.col(by) == b).select(*others, pl.col(col).alias("b"))
    if left.select(others).is_duplicated().any():
        return None
    joined = left.join(right, on=others, how="inner", nulls_equal=True)
    if joined.height != left.height or joined.height != right.height:
        return None
    return joined["a"].to_numpy().astype(float), joined["b"].to_numpy().astype(float)


def _numeric(table: pl.DataFrame, col: str, s: str, by: str) -> np.ndarray:
    return table.filter(pl.col(by) == s)[col].cast(pl.Float64).to_numpy()


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
    labels = t["labels"]
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
    plt = pyplot()
    doc = Document(t["title"])
    doc.p(t["intro"])
    doc.h(t["sweep"])
    expected = state["expected"] if state["expected"] is not None else "?"
    skipped = state["complete"] - results.height
    doc.p(
        f"{sweep_dir.resolve().name}: {results.height} {t['runs']}, {t['expected']} "
        f"{expected}, {t['failed']} {len(state['failed'])}"
        + (f", {t['unreadable']} {skipped}." if skipped else ".")
    )
    table = config_values(sweep_dir, table, ["strategy.scope_cap", "strategy.team_size_cap"])
    keys = override_keys(sweep_dir, table)
    outcomes = [o for o in OUTCOMES if o in table.columns]
    group = t["strategy"] if by == "strategy" else by

    doc.h(t["strategies"])
    doc.table(
        [group, t["runs_n"]],
        [[s, table.filter(pl.col(by) == s).height] for s in strategies],
    )

    doc.h(t["outcomes"])
    rows = []
    for col in outcomes:
        cells = [labels.get(col, col)]
        for s in strategies:
            m, lo, hi, _ = mean_ci(_numeric(table, col, s, by))
            cells.append(fmt_ci(m, lo, hi))
        rows.append(cells)
    doc.table([t["outcome"], *strategies], rows)

    others = [s for s in strategies if s != reference]
    if others:
        doc.h(t["differences"].format(ref=reference))
        rows, kinds = [], set()
        for col in outcomes:
            cells = [labels.get(col, col)]
            for s in others:
                pair = paired_frames(table, by, s, reference, keys, col)
                if pair is not None:
                    r = diff_ci(*pair, paired=True)
                    kinds.add("paired")
                else:
                    r = diff_ci(_numeric(table, col, s, by), _numeric(table, col, reference, by))
                    kinds.add("unpaired")
                cells.append(f"{fmt_ci(r['diff'], r['lo'], r['hi'])}, d = {fmt(r['d'], 2)}")
            rows.append(cells)
        doc.table([t["outcome"], *(f"{s} − {reference}" for s in others)], rows)
        doc.p("; ".join(t[k] for k in sorted(kinds)) + ".")

    palette = {s: PALETTE.get(s, None) for s in strategies}
    palette = {s: c for s, c in palette.items() if c} if all(palette.values()) else None
    doc.h(t["distributions"])
    n = len(outcomes)
    cols = 4
    fig, axes = plt.subplots(math.ceil(n / cols), cols, figsize=(16, 3.6 * math.ceil(n / cols)))
    rng = np.random.default_rng(0)
    for ax, col in zip(np.ravel(axes), outcomes, strict=False):
        data = [_numeric(table, col, s, by) for s in strategies]
        data = [d[~np.isnan(d)] for d in data]
        ax.boxplot(data, tick_labels=strategies, showfliers=False, widths=0.5)
        for i, (s, d) in enumerate(zip(strategies, data, strict=True)):
            x = i + 1 + rng.uniform(-0.15, 0.15, len(d))
            ax.scatter(x, d, s=8, alpha=0.6, color=PALETTE.get(s, "k"))
        ax.set(title=labels.get(col, col))
    for ax in np.ravel(axes)[n:]:
        ax.axis("off")
    fig.tight_layout()
    doc.figure("distributions", fig, t["distributions"])

    cells = table.drop_nulls(["cfg.strategy.scope_cap", "cfg.strategy.team_size_cap"])
    if cells.height and "value_total" in cells.columns:  # caps come from provenance.json
        doc.h(t["heatmap"])
        heatmap(doc, cells, labels, t)

    bands = time_bands(sweep_dir, table, by)
    if bands is not None:
        doc.h(t["timeseries"])
        fig, axes = plt.subplots(1, len(SERIES), figsize=(4.2 * len(SERIES), 3.6))
        for ax, col in zip(axes, SERIES, strict=True):
            for s in strategies:
                part = bands.filter(pl.col(by) == s).sort("week")
                years = part["week"].to_numpy() / 52
                color = PALETTE.get(s)
                ax.plot(years, part[f"{col}_q50"], label=s, color=color)
                ax.fill_between(
                    years, part[f"{col}_q10"], part[f"{col}_q90"], alpha=0.2, color=color
                )
            ax.set(title=labels.get(col, col), xlabel=t["year"])
        axes[0].legend()
        fig.tight_layout()
        doc.figure("timeseries", fig, t["timeseries"])

    if "mkba_npv_eur" in table.columns:
        doc.h(t["mkba"])
        doc.p(t["mkba_note"])
        fig, ax = plt.subplots(figsize=(7, 0.7 + 0.6 * len(strategies)))
        lines = []
        for i, s in enumerate(strategies):
            m, lo, hi, _ = mean_ci(_numeric(table, "mkba_npv_eur", s, by))
            lines.append(t["mkba_line"].format(s=s, v=fmt(m), lo=fmt(lo), hi=fmt(hi)))
            err = [[m - lo], [hi - m]] if not math.isnan(lo) else None
            ax.errorbar([m], [i], xerr=err, fmt="o", color=PALETTE.get(s, "k"), capsize=4)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set(yticks=range(len(strategies)), yticklabels=strategies, xlabel=labels["mkba_npv_eur"])
        ax.invert_yaxis()
        fig.tight_layout()
        doc.figure("mkba", fig, t["mkba"])
        for line in lines:
            doc.p(line)
        mkba_by_route(doc, sweep_dir, table, by, strategies, t)

    try:
        write_results(sweep_dir, results)
        md, html = doc.write(sweep_dir, "report", lang)
    except OSError as error:
        raise ReportError(unwritable(error.filename2 or sweep_dir, error)) from error
    return {"markdown": md, "html": html, "runs": table.height, "strategies": strategies}


def heatmap(doc: Document, cells: pl.DataFrame, labels: dict, t: dict) -> None:
    """Mean realised value by scope_cap and team_size_cap, over runs that record both."""
    import seaborn as sns

    plt = pyplot()
    heat = (
        cells.group_by("cfg.strategy.scope_cap", "cfg.strategy.team_size_cap")
        .agg(pl.col("value_total").mean())
        .sort("cfg.strategy.scope_cap", "cfg.strategy.team_size_cap")
    )
    pivot = heat.pivot(
        on="cfg.strategy.team_size_cap",
        index="cfg.strategy.scope_cap",
        values="value_total",
        sort_columns=True,
    ).sort("cfg.strategy.scope_cap")
    teams = sorted(int(c) for c in pivot.columns[1:])
    matrix = pivot.select([str(c) for c in teams]).to_numpy().astype(float)
    fig, ax = plt.subplots(figsize=(1.6 + 1.3 * len(teams), 1.2 + 0.8 * pivot.height))
    annot = np.vectorize(lambda v: "" if math.isnan(v) else fmt(v))(matrix)
    sns.heatmap(
        matrix,
        annot=annot,
        fmt="",
        cmap="viridis",
        ax=ax,
        xticklabels=[str(c) for c in teams],
        yticklabels=pivot["cfg.strategy.scope_cap"].to_list(),
        cbar_kws={"label": labels["value_total"]},
    )
    ax.set(xlabel="strategy.team_size_cap", ylabel="strategy.scope_cap")
    doc.figure("heatmap", fig, t["heatmap"])
    doc.p(t["heatmap_note"])


def mkba_by_route(
    doc: Document, sweep_dir: Path, table: pl.DataFrame, by: str, strategies: list[str], t: dict
) -> None:
    """The MKBA per procurement route (theme 4): NPV and benefit–cost ratio, pooled and per
    strategy, and the distribution table (who pays, who benefits), with 95 % intervals."""
    if "procurement_route" not in table.columns:
        return
    present = table["procurement_route"].unique().to_list()
    routes = [r for r in ROUTES if r in present]
    doc.h(t["mkba_routes"])
    doc.p(t["mkba_routes_note"])
    rows = []
    for col in ("mkba_npv_eur", "mkba_bcr", "mkba_benefits_eur", "mkba_costs_eur"):
        for s in ("all", *strategies):
            part = table if s == "all" else table.filter(pl.col(by) == s)
            cells = [t["labels"][col], t["all"] if s == "all" else s]
            for route in routes:
                values = part.filter(pl.col("procurement_route") == route)[col]
                cells.append(fmt_ci(*mean_ci(values.cast(pl.Float64).drop_nulls().to_numpy())[:3]))
            rows.append(cells)
    doc.table([t["outcome"], t["strategy"] if by == "strategy" else by, *routes], rows)

    dist = read_runs(sweep_dir, table["run"].to_list(), "distribution")
    if dist is None:
        return
    runs = table.select("run", "procurement_route")
    dist = dist.filter(pl.col("dimension") == "kind").join(runs, on="run")
    doc.h(t["mkba_distribution"])
    doc.p(t["mkba_distribution_note"])
    rows = []
    for route in routes:
        part = dist.filter(pl.col("procurement_route") == route)
        for kind in [k for k in KINDS if k in part["group"].to_list()]:
            cells = [route, kind]
            for col in ("paid_eur", "benefits_eur", "net_eur"):
                values = part.filter(pl.col("group") == kind)[col].to_numpy()
                cells.append(fmt_ci(*mean_ci(values)[:3]))
            rows.append(cells)
    doc.table([t["route"], t["kind"], t["paid"], t["benefits"], t["net"]], rows)


def time_bands(sweep_dir: Path, table: pl.DataFrame, by: str) -> pl.DataFrame | None:
    """Per strategy and week: the 10th, 50th and 90th percentile over runs of each series."""
    capitals = ["value_social", "value_ecological", "value_economic"]
    columns = ["week", *capitals, *(c for c in SERIES if c != "value_cum")]
    series = read_runs(sweep_dir, table["run"].to_list(), "timeseries", columns)
    if series is None:
        return None
    value = pl.col("value_social") + pl.col("value_ecological") + pl.col("value_economic")
    groups = table.select("run", by)
    aggs = []
    for col in SERIES:
        expr = value if col == "value_cum" else pl.col(col)
        aggs += [
            expr.quantile(q, "linear").alias(f"{col}_q{int(q * 100)}") for q in (0.1, 0.5, 0.9)
        ]
    return series.join(groups, on="run").group_by(by, "week").agg(aggs)
