"""Pattern 2: an open invitation brings more deliberation hours and fewer realised cases than
the value-added filter.

    uv run waardenmakerij -m +experiment=pattern2_invitation
    uv run python experiments/pattern2_invitation.py [multirun/pattern2_invitation]

Arms: open invitation without filter (the 'open invitation') against the same with the
value-added filter ('je bent ervan als je waarde toevoegt'), and against the filter with an
invitation through the network (the decompliceren set). Deliberation hours = coordination
hours given in all cases. Paired by replication; per level of generalised trust.
"""

import math

import matplotlib.pyplot as plt
import polars as pl
from _common import (
    both,
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

NAME = "pattern2_invitation"
KEYS = ["population.trust"]
CLAIM = (
    "An open invitation brings more deliberation hours and fewer realised cases than the "
    "value-added filter."
)

if __name__ == "__main__":
    table = load(sweep_dir(NAME), NAME)
    table = table.with_columns(
        (
            pl.col("strategy.invitation")
            + pl.lit("/filter=")
            + pl.col("strategy.value_added_filter").cast(pl.String)
        ).alias("arm")
    )
    rows = []
    for against in ("open/filter=true", "network/filter=true"):
        hours = paired(table, "arm", "open/filter=false", against, "coordination_hours", KEYS)
        cases = paired(table, "arm", "open/filter=false", against, "realised_cases", KEYS)
        shares = paired(
            table, "arm", "open/filter=false", against, "coordination_hours_share", KEYS
        )
        for h, c in zip(hours, cases, strict=True):
            cond = condition_label(h["cond"], KEYS) + f"; filter arm: {against}"
            vh, vc = verdict(h["lo"], h["hi"], +1), verdict(c["lo"], c["hi"], -1)
            rows.append(
                verdict_row(
                    cond,
                    "deliberation hours: open − filter",
                    h["diff"],
                    h["lo"],
                    h["hi"],
                    h["n"],
                    vh,
                )
            )
            rows.append(
                verdict_row(
                    cond, "realised cases: open − filter", c["diff"], c["lo"], c["hi"], c["n"], vc
                )
            )
            rows.append(
                verdict_row(
                    cond,
                    "more hours and fewer cases",
                    math.nan,
                    math.nan,
                    math.nan,
                    h["n"],
                    both(vh, vc),
                )
            )
            sh = next(r for r in shares if r["cond"] == h["cond"])
            rows.append(
                verdict_row(
                    cond,
                    "(other reading) coordination share of hours: open − filter",
                    sh["diff"],
                    sh["lo"],
                    sh["hi"],
                    sh["n"],
                    verdict(sh["lo"], sh["hi"], +1),
                )
            )
    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    arms = ["open/filter=false", "open/filter=true", "network/filter=false", "network/filter=true"]
    trusts = sorted(table["population.trust"].unique().to_list())
    for ax, col in zip(axes, ("coordination_hours", "realised_cases"), strict=True):
        for j, arm in enumerate(arms):
            stats = [
                mean_ci(
                    table.filter((pl.col("arm") == arm) & (pl.col("population.trust") == t))[col]
                    .cast(pl.Float64)
                    .to_numpy()
                )
                for t in trusts
            ]
            xs = [i + (j - 1.5) * 0.15 for i in range(len(trusts))]
            ax.errorbar(
                xs,
                [s[0] for s in stats],
                yerr=[[s[0] - s[1] for s in stats], [s[2] - s[0] for s in stats]],
                fmt="o",
                capsize=3,
                label=arm,
            )
        ax.set_xticks(range(len(trusts)), [f"trust {t}" for t in trusts])
        ax.set(title=col)
    axes[0].legend(fontsize=8)
    savefig(fig, NAME, "invitation.png")
    write_verdict(
        NAME,
        CLAIM,
        rows,
        [
            f"Base strategy onbeheerst (scope cap 5, no team cap, any scale); "
            f"{table['weeks'].max() / 52:.0f} years.",
            "Deliberation hours = coordination_hours_share × hours_given (all cases of the run); "
            "the claim is read in absolute hours, the share of hours is given as another reading.",
        ],
    )
