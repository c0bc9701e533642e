"""The MKBA of the three strategies against the nulalternatief on the default wijk (issue 16).

Each run is measured against its own wijk without cases (sim.output.nulalternatief); the
table gives the mean over seeds with its 95 % t-interval (sim.report.stats.mean_ci).

    uv run python experiments/mkba_nulalternatief.py [seeds] [years]
"""

import sys
from pathlib import Path

import polars as pl

import sim
from sim.report.stats import mean_ci

OUT = Path(__file__).with_name("results") / "nulalternatief"
COLUMNS = (
    "realised_cases",
    "mkba_benefits_eur",
    "mkba_costs_eur",
    "mkba_npv_eur",
    "mkba_bcr",
    "mkba_transfer_eur",
    "mkba_npv_replacement_eur",
    "mkba_npv_pessimistic_eur",
    "mkba_npv_optimistic_eur",
    "imbalance_years",
    "net_later_economic",
    "net_later_natural",
    "net_later_human",
    "net_later_social",
)
BOUNDS = {"realised_cases": (0, float("inf")), "mkba_benefits_eur": (0, float("inf")),
          "mkba_costs_eur": (0, float("inf")), "mkba_bcr": (0, float("inf")),
          "imbalance_years": (0, float("inf")), "mkba_transfer_eur": (0, float("inf")),
          "net_later_human": (-1, 1), "net_later_social": (-1, 1)}  # fmt: skip


def main(seeds: int = 5, years: float = 10) -> None:
    rows = []
    for strategy in ("onbeheerst", "opschalen", "downscalen"):
        for seed in range(1, seeds + 1):
            run = sim.run([f"strategy={strategy}", f"seed={seed}", f"run.years={years}"])
            rows.append(run.summary.select("strategy", "seed", *COLUMNS))
    table = pl.concat(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    table.write_parquet(OUT / "summaries.parquet")
    lines = [
        f"# MKBA of the strategies against the nulalternatief ({seeds} seeds, {years:g} years, "
        "default wijk)",
        "",
        "Mean over seeds [95 % t-interval]; every run against its own wijk without cases.",
        "",
        "| outcome | " + " | ".join(table["strategy"].unique(maintain_order=True)) + " |",
        "|---|---|---|---|",
    ]
    for col in COLUMNS:
        cells = []
        for strategy in table["strategy"].unique(maintain_order=True):
            x = table.filter(pl.col("strategy") == strategy)[col].drop_nulls().to_numpy()
            m, lo, hi, _ = mean_ci(x, bounds=BOUNDS.get(col))
            fmt = (lambda v: f"{v:,.0f}") if abs(m) >= 100 else (lambda v: f"{v:.3g}")
            cells.append(f"{fmt(m)} [{fmt(lo)}, {fmt(hi)}]")
        lines.append(f"| `{col}` | " + " | ".join(cells) + " |")
    (OUT / "mkba.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(*(float(a) if i else int(a) for i, a in enumerate(sys.argv[1:])))
