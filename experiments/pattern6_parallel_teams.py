"""Pattern 6: parallel case teams that help each other get faster over time.

    uv run waardenmakerij -m +experiment=pattern6_parallel_teams
    uv run python experiments/pattern6_parallel_teams.py [multirun/pattern6_parallel_teams]

From each run's case log: the slope of weeks_to_decision on the year a case started (least
squares), over the cases that started at least `chains.max_mobilising_weeks` (104) weeks before
the end, so that every one of them had its full chance to be decided (no censoring bias) and
were decided. Per spillover level and strategy:
- getting faster: slope < 0 (weeks a year);
- because teams help each other: slope at this spillover − slope without spillover < 0,
  paired by replication.
The claim holds where both lie below 0.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from _common import (
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

NAME = "pattern6_parallel_teams"
S = "feedback.team_spillover"
WINDOW = 104  # chains.max_mobilising_weeks (default)
CLAIM = "Parallel case teams that help each other get faster over time."


def slopes(folder, table: pl.DataFrame) -> pl.DataFrame:
    weeks = int(table["weeks"].max())
    cases = (
        scan_runs(folder, "cases")
        .filter((pl.col("week_started") <= weeks - WINDOW) & pl.col("week_decided").is_not_null())
        .select("run", "week_started", "weeks_to_decision")
        .collect()
    )
    out = []
    for (run,), part in cases.group_by("run"):
        x = part["week_started"].to_numpy() / 52
        y = part["weeks_to_decision"].to_numpy().astype(float)
        slope = float(np.polyfit(x, y, 1)[0]) if len(x) >= 3 and np.ptp(x) > 0 else math.nan
        out.append({"run": run, "slope": slope, "decided": len(x)})
    return pl.DataFrame(out)


if __name__ == "__main__":
    folder = sweep_dir(NAME)
    table = load(folder, NAME)
    table = table.join(slopes(folder, table), on="run", how="left")
    rows = []
    base = min(table[S].unique())
    for strategy in sorted(table["strategy"].unique()):
        part = table.filter(pl.col("strategy") == strategy)
        for s in sorted(part[S].unique()):
            sub = part.filter(pl.col(S) == s)
            label = f"spillover={s}, strategy={strategy}"
            m, lo, hi, n = mean_ci(sub["slope"].to_numpy())
            vs = verdict(lo, hi, -1)
            rows.append(
                verdict_row(label, "slope of weeks_to_decision (weeks/year)", m, lo, hi, n, vs)
            )
            if s == base:
                continue
            c = paired(part, S, s, base, "slope", [])[0]
            vc = verdict(c["lo"], c["hi"], -1)
            rows.append(
                verdict_row(
                    label,
                    f"slope − slope at spillover {base}",
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
                    "faster over time because teams help (both)",
                    math.nan,
                    math.nan,
                    math.nan,
                    n,
                    both(vs, vc),
                )
            )
    weeks = int(table["weeks"].max())
    cases = (
        scan_runs(folder, "cases")
        .filter(pl.col("week_decided").is_not_null() & (pl.col("week_started") <= weeks - WINDOW))
        .select("run", (pl.col("week_started") // 52).alias("year"), "weeks_to_decision")
        .collect()
        .join(table.select("run", S, "strategy"), on="run")
    )
    fig, axes = plt.subplots(1, 2, figsize=(13, 4), sharey=True)
    for ax, strategy in zip(axes, sorted(table["strategy"].unique()), strict=False):
        d = (
            cases.filter(pl.col("strategy") == strategy)
            .group_by(S, "year")
            .agg(pl.col("weeks_to_decision").mean())
            .sort(S, "year")
        )
        for s in sorted(d[S].unique()):
            e = d.filter(pl.col(S) == s)
            ax.plot(e["year"] + 0.5, e["weeks_to_decision"], marker="o", label=f"spillover {s}")
        ax.set(title=f"weeks to the investment decision ({strategy})", xlabel="year started")
    axes[0].legend()
    savefig(fig, NAME, "weeks_to_decision.png")
    write_verdict(
        NAME,
        CLAIM,
        rows,
        [
            f"Cases started in the first {weeks - WINDOW} weeks and decided; {weeks // 52} years.",
            "n = replications.",
        ],
    )
