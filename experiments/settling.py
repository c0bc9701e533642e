"""A neighbourhood that settles: no trend in the last ten years of a 30-year run.

    uv run waardenmakerij -m +experiment=settling
    uv run python experiments/settling.py [multirun/settling]

From each run's weekly time series: the yearly means of the members in chains
(`members_active`, participation), `mean_trust`, `felt_mean` and `mean_skill` over years
21-30, and their least-squares slope a year relative to their mean over those years. Over
the runs: the mean relative slope with its 95 % t-interval, and an equivalence test (two
one-sided t-tests, TOST) of "the trend lies within +-MARGIN a year". A quantity settles when
the TOST rejects at 5 %: its trend is shown to be smaller than the margin, not merely not
significant. The margin, 1 % of the level a year, is a stated judgement: over the ten years
it allows a drift of a tenth.
"""

import numpy as np
import polars as pl
from _common import mean_ci, scan_runs, sweep_dir, verdict_row, write_verdict

from sim.report.stats import tost

NAME = "settling"
MARGIN = 0.01  # relative change a year that still counts as no trend
MEASURES = ("members_active", "mean_trust", "felt_mean", "mean_skill")
CLAIM = "A default 30-year run settles: participation of the last ten years has no trend."


def relative_slopes(folder) -> pl.DataFrame:
    """Per run and measure: slope a year over years 21-30, over the mean of those years."""
    weekly = scan_runs(folder, "timeseries").select("run", "week", *MEASURES).collect()
    yearly = (
        weekly.with_columns(((pl.col("week") - 1) // 52 + 1).alias("year"))
        .filter(pl.col("year").is_between(21, 30))
        .group_by("run", "year")
        .agg(pl.col(MEASURES).mean())
        .sort("run", "year")
    )
    rows = []
    for (run,), part in yearly.group_by("run", maintain_order=True):
        year = part["year"].to_numpy().astype(float)
        row = {"run": run}
        for name in MEASURES:
            y = part[name].to_numpy()
            level = y.mean()
            row[name] = np.polyfit(year, y, 1)[0] / level if level else np.nan
        rows.append(row)
    return pl.DataFrame(rows)


if __name__ == "__main__":
    folder = sweep_dir(NAME)
    slopes = relative_slopes(folder)
    rows = []
    for name in MEASURES:
        x = slopes[name].drop_nans().to_numpy()
        m, lo, hi, n = mean_ci(x)
        p = tost(x, MARGIN) if n > 1 else float("nan")
        v = "holds" if p < 0.05 else "fails" if lo > MARGIN or hi < -MARGIN else "unclear"
        effect = f"{name}: trend a year / level (TOST p = {p:.3f})"
        rows.append(verdict_row("default, years 21-30", effect, m, lo, hi, n, v, p=p))
    write_verdict(
        NAME,
        CLAIM,
        rows,
        [
            f"Equivalence margin: +-{MARGIN:.0%} of the level a year (a stated judgement).",
            "n = runs (seeds); slope by least squares over the ten yearly means.",
            "holds: the TOST shows the trend within the margin; fails: the interval lies "
            "beyond it; unclear: neither.",
        ],
    )
