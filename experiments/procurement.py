"""Theme 4: the four procurement routes crossed with the three strategies.

    uv run waardenmakerij -m +experiment=procurement
    uv run python experiments/procurement.py [multirun/procurement]

Reads the runs' summaries and MKBA distribution tables lazily (`polars.scan_parquet` through
`sim.report.results.scan_runs`; award shares only of runs with awards) and writes
`verdict.md` / `verdict.csv` (each route against lowest_price, paired by strategy and
replication; 95 % intervals), `routes.csv` (means with 95 % intervals per route and
strategy), `distribution.csv` (who pays and who benefits per route) and `procurement.png`
into experiments/results/procurement/.
"""

import math

import polars as pl
from _common import (
    ROOT,
    diff_ci,
    fmt,
    mean_ci,
    out_dir,
    savefig,
    scan_runs,
    sweep_dir,
    verdict,
    verdict_row,
    write_verdict,
)

from sim.config import FIRMS, ROUTES
from sim.report.report import STRATEGY_ORDER

NAME = "procurement"
CLAIM = (
    "Buying on price gets yesterday's result (article, theme 4): procuring on value — best "
    "value, social enterprises with requirements from market consultation, or a contract on "
    "an ambition — gives a higher MKBA net present value and benefit–cost ratio than buying "
    "on the lowest price."
)
OUTCOMES = (
    "mkba_npv_eur",
    "mkba_bcr",
    "mkba_benefits_eur",
    "mkba_costs_eur",
    "realised_cases",
    "price_to_budget",
    "delivered_quality",
    "targets_met_share",
    "mean_skill",
    *(f"awards_{f}" for f in FIRMS),
    "imbalance_years",
    "imbalanced_cases",
)
KEYS = ["strategy", "replication"]


def summaries(folder) -> pl.DataFrame:
    scan = scan_runs(folder, "summary")
    if scan is None:
        raise SystemExit(f"{folder}: no complete runs")
    awarded = pl.sum_horizontal(pl.col(f"awards_{f}").fill_null(0) for f in FIRMS) > 0
    return (
        scan.select("run", "procurement_route", *KEYS, *OUTCOMES)
        .with_columns(pl.when(awarded).then(pl.col(f"awards_{f}")) for f in FIRMS)
        .collect()
    )


def route_means(table: pl.DataFrame) -> pl.DataFrame:
    rows = []
    for route in ROUTES:
        for strategy in ("all", *STRATEGY_ORDER):
            part = table.filter(pl.col("procurement_route") == route)
            if strategy != "all":
                part = part.filter(pl.col("strategy") == strategy)
            for col in OUTCOMES:
                m, lo, hi, n = mean_ci(part[col].cast(pl.Float64).drop_nulls().to_numpy())
                rows.append((route, strategy, col, m, lo, hi, n))
    return pl.DataFrame(
        rows,
        schema=["route", "strategy", "outcome", "mean", "ci95_low", "ci95_high", "n"],
        orient="row",
    )


def paired_rows(table: pl.DataFrame) -> list[dict]:
    """Each route minus lowest_price on NPV and BCR, paired by strategy and replication."""
    rows = []
    for strategy in ("all", *STRATEGY_ORDER):
        part = table if strategy == "all" else table.filter(pl.col("strategy") == strategy)
        base = part.filter(pl.col("procurement_route") == "lowest_price")
        for route in ROUTES[1:]:
            other = part.filter(pl.col("procurement_route") == route)
            for col in ("mkba_npv_eur", "mkba_bcr"):
                joined = other.select(*KEYS, pl.col(col).alias("a")).join(
                    base.select(*KEYS, pl.col(col).alias("b")), on=KEYS
                )
                joined = joined.drop_nulls()
                r = diff_ci(
                    joined["a"].cast(pl.Float64).to_numpy(),
                    joined["b"].cast(pl.Float64).to_numpy(),
                    paired=True,
                )
                rows.append(
                    verdict_row(
                        f"strategy={strategy}",
                        f"{route} − lowest_price ({col})",
                        r["diff"],
                        r["lo"],
                        r["hi"],
                        r["n"],
                        verdict(r["lo"], r["hi"], +1),
                    )
                )
    return rows


def distribution(folder, table: pl.DataFrame) -> pl.DataFrame:
    """Mean paid, benefits and net per actor kind and route (euro, discounted), over runs."""
    scan = scan_runs(folder, "distribution")
    routes = table.select("run", "procurement_route").lazy()
    return (
        scan.filter(pl.col("dimension") == "kind")
        .join(routes, on="run")
        .group_by("procurement_route", "group")
        .agg(pl.col("paid_eur", "benefits_eur", "net_eur").mean())
        .sort("procurement_route", "group")
        .collect()
    )


def figure(means: pl.DataFrame, table: pl.DataFrame) -> None:
    import matplotlib.pyplot as plt

    colors = {"onbeheerst": "#b42318", "opschalen": "#1f6feb", "downscalen": "#1a7f37"}
    panels = ("mkba_npv_eur", "mkba_bcr", "price_to_budget", "delivered_quality")
    fig, axes = plt.subplots(1, len(panels) + 1, figsize=(5 * (len(panels) + 1), 4.2))
    for ax, col in zip(axes, panels, strict=False):
        for j, s in enumerate(STRATEGY_ORDER):
            part = means.filter((pl.col("strategy") == s) & (pl.col("outcome") == col))
            for i, route in enumerate(ROUTES):
                row = part.filter(pl.col("route") == route).row(0, named=True)
                err = None
                if not math.isnan(row["ci95_low"]):
                    err = [[row["mean"] - row["ci95_low"]], [row["ci95_high"] - row["mean"]]]
                ax.errorbar(
                    [i + (j - 1) * 0.2], [row["mean"]], yerr=err, fmt="o", capsize=3,
                    color=colors[s], label=s if i == 0 else None,
                )  # fmt: skip
        ax.set_xticks(range(len(ROUTES)), [r.replace("_", "\n") for r in ROUTES], fontsize=8)
        ax.set(title=f"{col} (mean, 95 % CI)")
    axes[0].axhline(0, color="grey", lw=0.8)
    axes[1].axhline(1, color="grey", lw=0.8)
    axes[0].legend(fontsize=8)
    ax = axes[-1]
    bottom = [0.0] * len(ROUTES)
    for f in FIRMS:
        share = [
            table.filter(pl.col("procurement_route") == r)[f"awards_{f}"].mean() for r in ROUTES
        ]
        ax.bar(range(len(ROUTES)), share, bottom=bottom, label=f)
        bottom = [b + s for b, s in zip(bottom, share, strict=True)]
    ax.set_xticks(range(len(ROUTES)), [r.replace("_", "\n") for r in ROUTES], fontsize=8)
    ax.set(title="share of awards by firm type", ylim=(0, 1))
    ax.legend(fontsize=8)
    fig.tight_layout()
    savefig(fig, NAME, "procurement.png")


if __name__ == "__main__":
    folder = sweep_dir(NAME)
    table = summaries(folder)
    print(f"{folder}: {table.height} complete runs")
    means = route_means(table)
    out = out_dir(NAME)
    means.write_csv(out / "routes.csv")
    dist = distribution(folder, table)
    dist.write_csv(out / "distribution.csv")
    figure(means, table)
    rows = paired_rows(table)
    headline = means.filter(pl.col("strategy") == "all")
    notes = [
        f"{table.height} runs: 4 routes x 3 strategies x replications, default wijk, 6 years.",
        "Each route minus lowest_price, paired by strategy and replication (the same seeds): "
        "holds if the 95 % CI is above 0, fails if below.",
    ]
    for route in ROUTES:
        cells = []
        for col in ("mkba_npv_eur", "mkba_bcr", "price_to_budget", "awards_sociaal", "mean_skill"):
            r = headline.filter((pl.col("route") == route) & (pl.col("outcome") == col)).row(
                0, named=True
            )
            cells.append(f"{col} {fmt(r['mean'])} [{fmt(r['ci95_low'])}, {fmt(r['ci95_high'])}]")
        notes.append(f"{route}: " + "; ".join(cells) + ".")
    notes.append(
        f"Means per route and strategy: {(out / 'routes.csv').relative_to(ROOT)}; who pays "
        f"and who benefits per route: {(out / 'distribution.csv').relative_to(ROOT)}."
    )
    write_verdict(NAME, CLAIM, rows, notes)
