"""Pattern 4: imposed (top-down or outsourced) cases leave less ownership than spontaneous ones
of equal size.

    uv run waardenmakerij -m +experiment=pattern4_imposed
    uv run python experiments/pattern4_imposed.py [multirun/pattern4_imposed]

From the case and membership logs: for each realised case, the felt ownership it brought its
community members (case log `felt`, sim.chains.eigenaarschap: grows with the hours members
gave and the say their contribution bought), that per million euro of value added, the
accounting ownership (euro of value added, principle 2) held by its bewoners and
ondernemers, and its number of owners. The paid executor and a contractor who initiates an
outsourced case on commission are not community: they own nothing, felt or in euro. 'Equal
size': within a run, cases are compared within the same scale (perceel, buurt, wijk); the
run's effect is the mean over scales that have both origins of (mean of imposed − mean of
spontaneous). The interval is over replications.
"""

import math

import matplotlib.pyplot as plt
import polars as pl
from _common import (
    condition_label,
    load,
    mean_ci,
    savefig,
    scan_runs,
    sweep_dir,
    verdict,
    verdict_row,
    write_verdict,
)

NAME = "pattern4_imposed"
KEYS = ["strategy", "chains.outsourced_share", "chains.top_down_rate"]
CLAIM = (
    "Imposed (top-down or outsourced) cases leave less ownership than spontaneous ones of "
    "equal size."
)
MEASURES = (
    ("felt", "felt ownership per case"),
    ("felt_per_meur", "felt ownership per million euro of value"),
    ("community_ownership", "community ownership (euro) per case"),
    ("owners", "owners per case"),
)


def per_case(folder) -> pl.DataFrame:
    owners = (
        scan_runs(folder, "memberships")
        .filter(~pl.col("paid"))
        .group_by("run", "case_id")
        .agg(
            pl.col("ownership_eur")
            .filter(pl.col("actor_kind").is_in(["bewoner", "ondernemer"]))
            .sum()
            .alias("community_ownership"),
            (pl.col("ownership_eur") > 0).sum().alias("owners"),
        )
    )
    return (
        scan_runs(folder, "cases")
        .filter(pl.col("status") == "gerealiseerd")
        .select(
            "run",
            "case_id",
            "origin",
            "scale",
            "felt",
            (pl.col("felt") / (pl.sum_horizontal(pl.col("^value_.*$")) / 1e6)).alias(
                "felt_per_meur"
            ),
        )
        .join(owners, on=["run", "case_id"], how="left")
        .with_columns(
            pl.col("community_ownership", "owners").fill_null(0),
            pl.when(pl.col("origin") == "bottom_up")
            .then(pl.lit("spontaneous"))
            .otherwise(pl.lit("imposed"))
            .alias("kind"),
        )
        .collect()
    )


def run_effects(cases: pl.DataFrame, imposed: list[str], col: str) -> pl.DataFrame:
    """Per run: mean over scales of (mean col of imposed − of bottom-up cases)."""
    sel = cases.filter(pl.col("origin").is_in([*imposed, "bottom_up"]))
    means = sel.group_by("run", "scale", "kind").agg(pl.col(col).cast(pl.Float64).mean())
    wide = means.pivot(on="kind", index=["run", "scale"], values=col)
    if "imposed" not in wide.columns or "spontaneous" not in wide.columns:
        return pl.DataFrame(schema={"run": pl.String, "effect": pl.Float64})
    return (
        wide.drop_nulls()
        .with_columns((pl.col("imposed") - pl.col("spontaneous")).alias("effect"))
        .group_by("run")
        .agg(pl.col("effect").mean())
    )


if __name__ == "__main__":
    folder = sweep_dir(NAME)
    table = load(folder, NAME)
    cases = per_case(folder)
    rows, plot = [], []
    for cond in table.select(KEYS).unique().sort(KEYS).iter_rows(named=True):
        runs = table
        for k, v in cond.items():
            runs = runs.filter(pl.col(k) == v)
        label = condition_label(cond, KEYS)
        sub = cases.join(runs.select("run"), on="run")
        for imposed, name in (
            (["top_down", "outsourced"], "imposed"),
            (["top_down"], "top-down"),
            (["outsourced"], "outsourced"),
        ):
            for col, what in MEASURES:
                eff = run_effects(sub, imposed, col)
                if eff.height == 0:
                    continue
                m, lo, hi, n = mean_ci(eff["effect"].to_numpy())
                v = verdict(lo, hi, -1)
                rows.append(
                    verdict_row(label, f"{what}: {name} − spontaneous, same scale", m, lo, hi, n, v)
                )
                if name == "imposed":
                    plot.append((label, what, m, lo, hi))
    fig, axes = plt.subplots(1, len(MEASURES), figsize=(6 * len(MEASURES), 4))
    for ax, (_, what) in zip(axes, MEASURES, strict=True):
        pts = [p for p in plot if p[1] == what]
        for i, (_, _, m, lo, hi) in enumerate(pts):
            err = None if math.isnan(lo) else [[m - lo], [hi - m]]
            ax.errorbar([m], [i], xerr=err, fmt="o", capsize=3)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_yticks(range(len(pts)), [p[0] for p in pts], fontsize=8)
        ax.set(title=f"imposed − spontaneous: {what}")
    savefig(fig, NAME, "ownership.png")
    write_verdict(
        NAME,
        CLAIM,
        rows,
        [
            "Realised cases only; felt = the felt ownership (0-1 a member) the case brought its "
            "community members, summed; owners = community members with ownership > 0.",
            "outsourced_share=0 has no outsourced cases and 1.0 no plain top-down ones: those rows "
            "are left out.",
            "n = runs in which both origins realised a case at the same scale.",
        ],
    )
