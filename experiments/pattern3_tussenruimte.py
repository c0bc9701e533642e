"""Pattern 3: without tussenruimte (high procedural friction) bottom-up initiative dies out.

    uv run waardenmakerij -m +experiment=pattern3_tussenruimte
    uv run python experiments/pattern3_tussenruimte.py [multirun/pattern3_tussenruimte]

From each run's case log: bottom-up cases started per year. Per friction level and strategy:
- decline: starts a year in the last two years − in the first two (below 0: initiative fades);
- against low friction (0.1): starts a year in the last two years at this friction − at 0.1,
  paired by replication (below 0: friction is what makes it fade).
"Dies out" holds where both lie below 0; the late rate itself is shown too.
"""

import math

import matplotlib.pyplot as plt
import polars as pl
from _common import (
    DEFAULT_ACTORS,
    both,
    load,
    mean_ci,
    paired,
    savefig,
    scan_runs,
    sweep_dir,
    verdict,
    verdict_row,
    write_verdict,
)

NAME = "pattern3_tussenruimte"
F = "tussenruimte.friction"
CLAIM = "Without tussenruimte (high procedural friction) bottom-up initiative dies out."

if __name__ == "__main__":
    folder = sweep_dir(NAME)
    table = load(folder, NAME)
    years = int(table["weeks"].max() // 52)
    starts = (
        scan_runs(folder, "cases")
        .filter(pl.col("origin") == "bottom_up")
        .with_columns((pl.col("week_started") // 52).alias("year"))
        .group_by("run", "year")
        .agg(pl.len().alias("starts"), (pl.col("status") == "gerealiseerd").sum().alias("won"))
        .collect()
    )
    grid = table.select("run").join(pl.DataFrame({"year": list(range(years))}), how="cross")
    per_year = grid.join(starts, on=["run", "year"], how="left").fill_null(0)
    early = (
        per_year.filter(pl.col("year") < 2)
        .group_by("run")
        .agg(pl.col("starts").mean().alias("early"))
    )
    late = (
        per_year.filter(pl.col("year") >= years - 2)
        .group_by("run")
        .agg(pl.col("starts").mean().alias("late"), pl.col("won").mean().alias("late_won"))
    )
    table = (
        table.join(early, on="run")
        .join(late, on="run")
        .with_columns((pl.col("late") - pl.col("early")).alias("decline"))
    )
    rows = []
    for strategy in sorted(table["strategy"].unique()):
        part = table.filter(pl.col("strategy") == strategy)
        for f in sorted(part[F].unique()):
            sub = part.filter(pl.col(F) == f)
            label = f"friction={f}, strategy={strategy}"
            m, lo, hi, n = mean_ci(sub["decline"].to_numpy())
            vd = verdict(lo, hi, -1)
            reference = f == min(part[F].unique())  # low friction: the claim's contrast
            rows.append(
                verdict_row(
                    label,
                    "bottom-up starts/yr: last 2 yrs − first 2 yrs",
                    *(m, lo, hi, n),
                    f"reference ({'declines' if vd == 'holds' else 'no decline'})"
                    if reference
                    else vd,
                )
            )
            lm, llo, lhi, ln = mean_ci(sub["late"].to_numpy())
            rows.append(
                verdict_row(label, "bottom-up starts/yr in the last 2 yrs", lm, llo, lhi, ln, "–")
            )
            if f == min(part[F].unique()):
                continue
            c = paired(part, F, f, min(part[F].unique()), "late", [])[0]
            vc = verdict(c["lo"], c["hi"], -1)
            rows.append(
                verdict_row(
                    label,
                    f"late starts/yr − at friction {min(part[F])}",
                    c["diff"],
                    c["lo"],
                    c["hi"],
                    c["n"],
                    vc,
                )
            )
            rows.append(
                verdict_row(
                    label,
                    "initiative dies out (both)",
                    math.nan,
                    math.nan,
                    math.nan,
                    n,
                    both(vd, vc),
                )
            )
    fig, axes = plt.subplots(1, 2, figsize=(13, 4), sharey=True)
    for ax, strategy in zip(axes, sorted(table["strategy"].unique()), strict=False):
        runs = table.filter(pl.col("strategy") == strategy).select("run", F)
        data = (
            per_year.join(runs, on="run")
            .group_by(F, "year")
            .agg(pl.col("starts").mean())
            .sort(F, "year")
        )
        for f in sorted(data[F].unique()):
            d = data.filter(pl.col(F) == f)
            ax.plot(d["year"] + 0.5, d["starts"], marker="o", label=f"friction {f}")
        ax.set(title=f"bottom-up cases started a year ({strategy})", xlabel="year")
    axes[0].legend()
    savefig(fig, NAME, "bottom_up.png")
    write_verdict(
        NAME,
        CLAIM,
        rows,
        [
            f"{years} years, {DEFAULT_ACTORS} actors; 'dies out' is read as a significant "
            "decline that low friction does not show (the late rate is given to judge how far "
            "it falls).",
            "n = replications.",
        ],
    )
