"""Sobol indices of ten factors for the main outcomes, parameter and stochastic variance apart.

    uv run waardenmakerij -m +experiment=sobol
    uv run python experiments/sobol.py [multirun/sobol]

Reads the design the sweeper wrote (`design.json`: the SALib problem and the unrounded
Saltelli sample) and every run's summary. Following ten Broeke, van Voorn & Ligtenberg (2016)
each outcome's variance over all runs is split into the part between design points (the
parameters) and the mean variance between the replicate seeds of a point (stochastic), and the
Sobol indices (SALib `sobol.analyze`, first order S1 and total order ST, bootstrap 95 %
intervals) are computed on the replicate means. An index is a share of variance, so its
estimate and interval are shown within 0-1 (the raw bootstrap values, which can fall outside,
are kept in sobol.csv). The replicate means still carry seed noise, a share of
`stochastic / replicates` of their variance: an index below that share cannot be told from
zero. Writes `sobol.md`, `sobol.csv` and `sobol.png` into experiments/results/sobol/.
"""

import json

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from _common import load, out_dir, savefig, stop, sweep_dir
from SALib.analyze import sobol

NAME = "sobol"
OUTCOMES = (
    "value_total",
    "realised_cases",
    "ownership_share",
    "capital_balance",
    "coordination_hours_share",
    "mkba_npv_eur",
)


def variance_parts(y: np.ndarray) -> dict:
    """(points, replicates) outcomes: total variance, its stochastic share (mean variance
    within a point over the total) and the noise share left in the replicate means."""
    total = float(np.var(y, ddof=1))
    within = float(np.mean(np.var(y, axis=1, ddof=1)))
    means = float(np.var(y.mean(axis=1), ddof=1))
    replicates = y.shape[1]
    return {
        "variance": total,
        "stochastic_share": within / total if total > 0 else float("nan"),
        "noise_in_means": within / replicates / means if means > 0 else float("nan"),
    }


def indices(problem: dict, y: np.ndarray) -> pl.DataFrame:
    """S1 and ST with 95 % intervals of the replicate means, raw and shown within 0-1."""
    res = sobol.analyze(problem, y.mean(axis=1), calc_second_order=False, seed=1)
    frame = pl.DataFrame(
        {
            "factor": problem["names"],
            "S1_raw": res["S1"],
            "S1_ci95_halfwidth": res["S1_conf"],
            "ST_raw": res["ST"],
            "ST_ci95_halfwidth": res["ST_conf"],
        }
    )
    return (
        frame.with_columns(pl.col(f"{s}_raw").clip(0, 1).alias(s) for s in ("S1", "ST"))
        .with_columns(
            (pl.col(f"{s}_raw") - pl.col(f"{s}_ci95_halfwidth")).clip(0, 1).alias(f"{s}_low")
            for s in ("S1", "ST")
        )
        .with_columns(
            (pl.col(f"{s}_raw") + pl.col(f"{s}_ci95_halfwidth")).clip(0, 1).alias(f"{s}_high")
            for s in ("S1", "ST")
        )
    )


if __name__ == "__main__":
    folder = sweep_dir(NAME)
    if not (folder / "design.json").is_file():
        stop(f"{folder} has no design.json: run `uv run waardenmakerij -m +experiment={NAME}`")
    design = json.loads((folder / "design.json").read_text())
    problem, x = design["problem"], np.asarray(design["x"])
    table = load(folder, NAME)
    replicates = table["replication"].n_unique()
    counts = table.group_by("point").len()
    if table.height != len(x) * replicates or counts["len"].min() != replicates:
        stop(
            f"{folder}: {table.height} of {len(x) * replicates} runs complete; finish the "
            "sweep (rerun it: complete runs are skipped)"
        )
    table = table.sort("point", "replication")
    rows, parts = [], {}
    fig, axes = plt.subplots(2, 3, figsize=(18, 10), sharex=True)
    for ax, outcome in zip(np.ravel(axes), OUTCOMES, strict=True):
        y = table[outcome].cast(pl.Float64).fill_null(0.0).to_numpy().reshape(len(x), replicates)
        parts[outcome] = variance_parts(y)
        frame = indices(problem, y).with_columns(pl.lit(outcome).alias("outcome"))
        rows.append(frame)
        order = frame.sort("ST").to_dict(as_series=False)
        at = np.arange(len(order["factor"]))
        for shift, s, colour in ((-0.2, "S1", "#1f6feb"), (0.2, "ST", "#d97706")):
            value = np.asarray(order[s])
            err = [value - np.asarray(order[f"{s}_low"]), np.asarray(order[f"{s}_high"]) - value]
            ax.barh(at + shift, value, height=0.4, xerr=err, color=colour, label=s)
        ax.set_yticks(at, order["factor"], fontsize=8)
        share = parts[outcome]["stochastic_share"]
        ax.set(title=f"{outcome} (seeds: {share:.0%} of the variance)", xlim=(0, 1))
        ax.legend(loc="lower right")
    fig.tight_layout()
    savefig(fig, NAME, "sobol.png")
    full = pl.concat(rows)
    full.write_csv(out_dir(NAME) / "sobol.csv")
    lines = [
        "# sobol (first and total order)",
        "",
        f"{table.height} runs: {len(x)} points of a Saltelli sample (N = {design['samples']}, "
        f"{problem['num_vars']} factors) x {replicates} replicate seeds; the default wijk, "
        f"downscalen, {table['weeks'].max() // 52} years. Ranges: the priors of docs/ODD.md "
        "Appendix B (not yet a posterior). Indices of the replicate means, 95 % bootstrap "
        "intervals shown within 0-1.",
        "",
        "## Variance: parameters and seeds",
        "",
        "| outcome | variance | share from the seeds | noise left in the means |",
        "|---|---|---|---|",
    ]
    for outcome in OUTCOMES:
        p = parts[outcome]
        lines.append(
            f"| {outcome} | {p['variance']:.4g} | {p['stochastic_share']:.1%} | "
            f"{p['noise_in_means']:.1%} |"
        )
    for outcome in OUTCOMES:
        part = full.filter(pl.col("outcome") == outcome).sort("ST", descending=True)
        lines += [
            "",
            f"## {outcome}",
            "",
            "| factor | S1 [95 %] | ST [95 %] |",
            "|---|---|---|",
        ]
        for r in part.iter_rows(named=True):
            lines.append(
                f"| `{r['factor']}` | {r['S1']:.3f} [{r['S1_low']:.3f}, {r['S1_high']:.3f}] | "
                f"{r['ST']:.3f} [{r['ST_low']:.3f}, {r['ST_high']:.3f}] |"
            )
    (out_dir(NAME) / "sobol.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:20]))
