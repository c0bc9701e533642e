"""The three strategies over a grid of trust, friction, resources and network density.

    uv run waardenmakerij -m +experiment=compare_strategies
    uv run waardenmakerij-report multirun/compare_strategies          # the policy report
    uv run python experiments/compare_strategies.py [multirun/compare_strategies]

Verdicts as in pattern 7 (realised value, paired by replication), per cell of the grid.
"""

from _common import CLAIM7, load, strategy_comparison, sweep_dir, write_verdict

NAME = "compare_strategies"
KEYS = [
    "population.trust",
    "tussenruimte.friction",
    "population.bewoner.hours_week",
    "environment.local_degree",
]

if __name__ == "__main__":
    table = load(sweep_dir(NAME), NAME)
    rows = strategy_comparison(NAME, table, KEYS)
    # Each factor alone too, pooled over the other three (paired on them and the
    # replication: 8 cells a level times the replications).
    for key in KEYS:
        others = [k for k in KEYS if k != key]
        marginal = strategy_comparison(NAME, table, [key], pool=others, figure=False)
        for row in marginal:
            row["condition"] = f"{row['condition']} (pooled over the others)"
        rows += marginal
    write_verdict(
        NAME,
        CLAIM7,
        rows,
        [
            "Grid: trust 0.45/0.85, friction 0.2/0.8, residents' hours 1.5/4.5 a week, "
            f"local degree 4/12; {table['replication'].n_unique()} replications a cell.",
            "Realised value = value_social + value_ecological + value_economic of realised cases.",
        ],
    )
