"""Pattern 5: an existing trusted network shortens the time to the first small win.

    uv run waardenmakerij -m +experiment=pattern5_trusted_network
    uv run python experiments/pattern5_trusted_network.py [multirun/pattern5_trusted_network]

Effect: week of the first realised case with the kenniskring − without, paired by replication
(the same seeds), per level of trust and friction. A run without any win counts as the run's
length (censored; the share of such runs is given).
"""

import math

import matplotlib.pyplot as plt
import polars as pl
from _common import (
    condition_label,
    load,
    mean_ci,
    paired,
    savefig,
    sweep_dir,
    verdict,
    verdict_row,
    write_verdict,
)

NAME = "pattern5_trusted_network"
ARM = "environment.kenniskring"
KEYS = ["strategy", "population.trust"]
CLAIM = "An existing trusted network shortens the time to the first small win."

if __name__ == "__main__":
    table = load(sweep_dir(NAME), NAME).with_columns(
        pl.col("first_win_week").fill_null(pl.col("weeks")).alias("first_win"),
        pl.col("first_win_week").is_null().alias("no_win"),
    )
    rows = []
    for r in paired(table, ARM, True, False, "first_win", KEYS):
        label = condition_label(r["cond"], KEYS)
        rows.append(
            verdict_row(
                label,
                "first win (weeks): kenniskring − none",
                r["diff"],
                r["lo"],
                r["hi"],
                r["n"],
                verdict(r["lo"], r["hi"], -1),
            )
        )
        part = table
        for k, v in r["cond"].items():
            part = part.filter(pl.col(k) == v)
        for arm in (False, True):
            share = part.filter(pl.col(ARM) == arm)["no_win"].mean()
            rows.append(
                verdict_row(
                    label,
                    f"share of runs without a win (kenniskring={arm})",
                    share,
                    math.nan,
                    math.nan,
                    part.filter(pl.col(ARM) == arm).height,
                    "–",
                )
            )
    conds = list(table.select(KEYS).unique().sort(KEYS).iter_rows(named=True))
    fig, ax = plt.subplots(figsize=(9, 4))
    for j, arm in enumerate((False, True)):
        for i, cond in enumerate(conds):
            part = table.filter(pl.col(ARM) == arm)
            for k, v in cond.items():
                part = part.filter(pl.col(k) == v)
            m, lo, hi, _ = mean_ci(part["first_win"].cast(pl.Float64).to_numpy())
            ax.errorbar(
                [i + (j - 0.5) * 0.2],
                [m],
                yerr=[[m - lo], [hi - m]],
                fmt="o",
                capsize=3,
                color="#1a7f37" if arm else "#888",
                label=f"kenniskring={arm}" if i == 0 else None,
            )
    ax.set_xticks(range(len(conds)), [condition_label(c, KEYS) for c in conds], fontsize=8)
    ax.set(ylabel="week of the first small win")
    ax.legend()
    savefig(fig, NAME, "first_win.png")
    write_verdict(
        NAME,
        CLAIM,
        rows,
        [
            "Friction 0.5 (default); 4 years. n = replications (paired).",
        ],
    )
