"""Summarise a sweep: mean and 95 % t-interval over runs of the main outcomes per strategy.

    uv run waardenmakerij -m strategy=onbeheerst,opschalen,downscalen 'seed=range(1,11)'
    uv run python experiments/summarise.py multirun/<date>/<time>

Reads every complete run's summary.parquet lazily (`sim.report.results.scan_runs`: a file
that cannot be read is named and skipped with a warning).
"""

import sys
from pathlib import Path

import polars as pl
from _common import mean_ci, scan_runs

OUTCOMES = (
    "realised_cases",
    "ownership_share",
    "felt_mean",
    "capital_balance",
    "coordination_hours_share",
    "stalled_cases",
    "participation_rate",
    "mkba_npv_eur",
)


def summarise(folder: Path, by: str = "strategy") -> pl.DataFrame:
    """Per group: number of runs, and mean with a 95 % t-interval of each outcome."""
    runs = scan_runs(folder)
    if runs is None:
        sys.exit(f"summarise: error: no complete runs in {folder}")
    table = runs.select(by, *OUTCOMES).collect()
    rows = []
    for (group,), part in table.group_by(by, maintain_order=True):
        row = {by: group, "runs": part.height}
        for name in OUTCOMES:
            m, lo, hi, _ = mean_ci(part[name].to_list())
            row |= {name: m, f"{name}_ci95_low": lo, f"{name}_ci95_high": hi}
        rows.append(row)
    return pl.DataFrame(rows).sort(by)


if __name__ == "__main__":
    table = summarise(Path(sys.argv[1]))
    with pl.Config(tbl_cols=-1, tbl_width_chars=200, float_precision=3):
        print(table.transpose(include_header=True, column_names=table["strategy"].to_list()))
