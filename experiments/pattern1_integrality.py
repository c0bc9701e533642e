"""Pattern 1: realised value against integrality rises, then falls (too much integrality stalls).

    uv run waardenmakerij -m +experiment=pattern1_integrality
    uv run python experiments/pattern1_integrality.py [multirun/pattern1_integrality]

Per condition (team size cap x integrality appetite): realised value (three capitals summed)
at each integrality cap 1..5. The peak k* is the interior cap (2..4) with the highest mean.
Rise: value(k*) − value(1) > 0; fall: value(k*) − value(5) > 0, each paired by replication
(the same seeds). The claim holds where both intervals lie above 0. Choosing k* by the
highest mean favours the claim a little (selection); a monotone curve still fails one side.
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
    sweep_dir,
    verdict,
    verdict_row,
    write_verdict,
)

NAME = "pattern1_integrality"
CAP = "strategy.scope_cap"
KEYS = ["strategy.team_size_cap", "chains.integrality_appetite"]
CLAIM = "Value realised against integrality rises, then falls: too much integrality stalls."

if __name__ == "__main__":
    table = load(sweep_dir(NAME), NAME)
    rows = []
    conds = list(table.select(KEYS).unique().sort(KEYS).iter_rows(named=True))
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.2))
    for cond in conds:
        part = table
        for k, v in cond.items():
            part = part.filter(pl.col(k) == v)
        label = f"team≤{cond[KEYS[0]]}, appetite {cond[KEYS[1]]}"
        caps = sorted(part[CAP].unique().to_list())
        means = {c: mean_ci(part.filter(pl.col(CAP) == c)["value_total"].to_numpy()) for c in caps}
        interior = [c for c in caps if c not in (min(caps), max(caps))]
        peak = max(interior, key=lambda c: means[c][0])
        top = max(caps, key=lambda c: means[c][0])
        rise = paired(part, CAP, peak, min(caps), "value_total", [])[0]
        fall = paired(part, CAP, peak, max(caps), "value_total", [])[0]
        vr, vf = verdict(rise["lo"], rise["hi"], +1), verdict(fall["lo"], fall["hi"], +1)
        rows.append(
            verdict_row(
                label,
                f"value(cap {peak}) − value(cap {min(caps)}): rise",
                rise["diff"],
                rise["lo"],
                rise["hi"],
                rise["n"],
                vr,
            )
        )
        rows.append(
            verdict_row(
                label,
                f"value(cap {peak}) − value(cap {max(caps)}): fall",
                fall["diff"],
                fall["lo"],
                fall["hi"],
                fall["n"],
                vf,
            )
        )
        rows.append(
            verdict_row(
                label,
                f"rises then falls (highest mean at cap {top})",
                math.nan,
                math.nan,
                math.nan,
                rise["n"],
                both(vr, vf),
            )
        )
        for ax, col in zip(axes, ("value_total", "realised_cases", "stalled_cases"), strict=True):
            stats = [
                mean_ci(part.filter(pl.col(CAP) == c)[col].cast(pl.Float64).to_numpy())
                for c in caps
            ]
            ax.errorbar(
                caps,
                [s[0] for s in stats],
                yerr=[[s[0] - s[1] for s in stats], [s[2] - s[0] for s in stats]],
                marker="o",
                capsize=3,
                label=label,
            )
            ax.set(xlabel="integraliteit: strategy.scope_cap (themes)", title=col)
    axes[0].legend(fontsize=7)
    savefig(fig, NAME, "integrality.png")
    write_verdict(
        NAME,
        CLAIM,
        rows,
        [
            "Base strategy onbeheerst (open invitation, any scale, no filter); "
            f"6 years, {DEFAULT_ACTORS} actors (the default wijk).",
            "n = replications (paired).",
        ],
    )
