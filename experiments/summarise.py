"""Summarise a sweep: mean and 95 % interval of the main outcomes per strategy.

    uv run waardenmakerij -m strategy=onbeheerst,opschalen,downscalen 'seed=range(1,11)'
    uv run python experiments/summarise.py multirun/<date>/<time>

Reads every run's summary.parquet lazily (polars scan_parquet).
"""

import sys
from pathlib import Path

import polars as pl

OUTCOMES = (
    "realised_cases",
    "ownership_share",
    "capital_balance",
    "coordination_hours_share",
    "stalled_cases",
    "participation_rate",
    "mkba_npv_eur",
)


def summarise(folder: Path, by: str = "strategy") -> pl.DataFrame:
    """Per group: number of runs, and mean with a normal 95 % interval of each outcome."""
    runs = pl.scan_parquet(folder / "**" / "summary.parquet")
    stats = []
    for name in OUTCOMES:
        col = pl.col(name)
        half = 1.96 * col.std() / pl.len().sqrt()
        stats += [col.mean().alias(name), half.alias(f"{name}_ci95")]
    return runs.group_by(by).agg(pl.len().alias("runs"), *stats).sort(by).collect()


if __name__ == "__main__":
    table = summarise(Path(sys.argv[1]))
    with pl.Config(tbl_cols=-1, tbl_width_chars=200, float_precision=3):
        print(table.transpose(include_header=True, column_names=table["strategy"].to_list()))
