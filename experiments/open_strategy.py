"""Can an open strategy win? Onbeheerst against downscalen and opschalen across the range of
the coordination form, in the favourable corner (high trust, low friction, more hours).

    uv run waardenmakerij -m +experiment=open_strategy
    uv run python experiments/open_strategy.py [multirun/open_strategy]

Per cell (communication-path hours, theme load, residents' hours): onbeheerst − each
decompliceren route in realised value (the three capitals, `value_total`) and in realised
cases, paired by replication (the same seed under each strategy). Onbeheerst "wins" in a cell
where the 95 % interval of its advantage over a route lies above 0; the item asks that it can
win somewhere in the range, so the verdict is per cell and the note says where.
"""

import matplotlib.pyplot as plt
import polars as pl
from _common import (
    load,
    paired,
    savefig,
    scan_runs,
    sweep_dir,
    verdict,
    verdict_row,
    write_verdict,
)

NAME = "open_strategy"
KEYS = ["chains.path_hours", "chains.theme_load", "population.bewoner.hours_week"]
ROUTES = ("downscalen", "opschalen")
OUTCOMES = {"value_total": "realised value", "realised_cases": "realised cases"}
CLAIM = (
    "An open strategy (onbeheerst) can beat a decompliceren strategy somewhere in the range "
    "of the coordination form: with high trust, low friction and many hours."
)


def label(cond: dict) -> str:
    return f"path_hours={cond[KEYS[0]]}, theme_load={cond[KEYS[1]]}, resident hours={cond[KEYS[2]]}"


if __name__ == "__main__":
    folder = sweep_dir(NAME)
    table = load(folder, NAME)
    rows, wins = [], []
    for route in ROUTES:
        for outcome, name in OUTCOMES.items():
            for r in paired(table, "strategy", "onbeheerst", route, outcome, KEYS):
                holds = verdict(r["lo"], r["hi"], +1)
                rows.append(
                    verdict_row(
                        label(r["cond"]),
                        f"{name}: onbeheerst − {route}",
                        r["diff"],
                        r["lo"],
                        r["hi"],
                        r["n"],
                        holds,
                    )
                )
                if holds == "holds":
                    wins.append(f"{label(r['cond'])}: {name} over {route}")
    runs = table.filter((pl.col("strategy") == "onbeheerst") & (pl.col(KEYS[0]) == 0.005))
    team = (
        scan_runs(folder, "cases")
        .filter(pl.col("run").is_in(runs["run"].to_list()))
        .select(pl.col("members").median())
        .collect()
        .item()
    )
    share = table.group_by("strategy", *KEYS).agg(pl.col("coordination_hours_share").mean())
    open_share = share.filter(pl.col("strategy") == "onbeheerst")["coordination_hours_share"]
    notes = [
        "Conditions fixed for all cells: population.trust=0.9, tussenruimte.friction=0.1, six "
        "years; 'holds' = onbeheerst's advantage is above 0 at 95 %.",
        "Cells where onbeheerst wins: " + ("; ".join(wins) if wins else "none"),
        f"Onbeheerst's share of hours spent coordinating, mean per cell: {open_share.min():.3f} "
        f"to {open_share.max():.3f}. Under an open invitation without a team-size cap its "
        "teams keep growing while coordination takes nearly all their hours: the joining "
        "rule's cost term (w_cost x cost, at most 2) does not stop people joining a team that "
        f"is choking: at the lowest path hours (0.005) its cases had {team:.0f} members "
        "(median), and such a team spends about what its members pledge on its paths.",
    ]
    write_verdict(NAME, CLAIM, rows, notes)

    means = table.group_by(["strategy", *KEYS]).agg(pl.col("value_total").mean()).sort(KEYS)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, hours in zip(axes, sorted(table[KEYS[2]].unique()), strict=True):
        for strategy in ("onbeheerst", *ROUTES):
            for load_, style in zip(sorted(table[KEYS[1]].unique()), ("-", "--"), strict=True):
                part = means.filter(
                    (pl.col("strategy") == strategy)
                    & (pl.col(KEYS[1]) == load_)
                    & (pl.col(KEYS[2]) == hours)
                ).sort(KEYS[0])
                ax.plot(
                    part[KEYS[0]], part["value_total"], style, marker="o",
                    label=f"{strategy}, theme_load {load_}",
                )  # fmt: skip
        ax.set_xscale("log")
        ax.set_xlabel("hours a week per communication path (chains.path_hours)")
        ax.set_title(f"resident hours {hours} a week")
    axes[0].set_ylabel("realised value (mean over replications)")
    axes[1].legend(fontsize=7)
    savefig(fig, NAME, "value_by_path_hours.png")
