"""Morris screening of the uncertain parameters (docs/ODD.md, Appendix B) for the main outcomes.

    uv run waardenmakerij -m +experiment=sensitivity
    uv run python experiments/sensitivity.py [multirun/sensitivity]

Reads the design the sweeper wrote (`design.json`: SALib problem and the unrounded design) and
each point's summaries (the mean over its replicate seeds), and ranks the factors (groups of
per-scale needs count as one) by mu* (the mean absolute elementary effect, in the outcome's
units over the factor's range) with SALib's bootstrap 95 % interval; sigma shows interaction
or non-linearity. Writes
`ranking.md`, `ranking.csv` and `morris.png` into experiments/results/sensitivity/.
"""

import json

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from _common import load, out_dir, savefig, sweep_dir
from SALib.analyze import morris

NAME = "sensitivity"
OUTCOMES = (
    "value_total",
    "realised_cases",
    "ownership_share",
    "capital_balance",
    "coordination_hours_share",
    "mkba_npv_eur",
)
TOP = 12

if __name__ == "__main__":
    folder = sweep_dir(NAME)
    design = json.loads((folder / "design.json").read_text())
    problem, x = design["problem"], np.asarray(design["x"])
    runs = load(folder, NAME)
    reps = runs["replication"].n_unique() if "replication" in runs.columns else 1
    numeric = [c for c in (*OUTCOMES, "weeks") if c in runs.columns]
    table = (
        runs.group_by("point")
        .agg(*(pl.col(c).cast(pl.Float64).mean() for c in numeric), pl.len().alias("n"))
        .sort("point")
    )
    if table["point"].to_list() != list(range(len(x))) or (table["n"] < reps).any():
        raise SystemExit(
            f"{folder}: {runs.height} of {len(x) * reps} runs complete; "
            "finish the sweep (rerun it: complete runs are skipped)"
        )
    seed_share = {}
    for outcome in OUTCOMES:
        y = runs.select("point", pl.col(outcome).cast(pl.Float64).fill_null(0.0))
        within = y.group_by("point").agg(pl.col(outcome).var()).get_column(outcome).mean()
        total = y[outcome].var()
        seed_share[outcome] = float(within / total) if total and reps > 1 else float("nan")
    rows, ranks = [], {}
    fig, axes = plt.subplots(2, 3, figsize=(18, 10))
    for ax, outcome in zip(np.ravel(axes), OUTCOMES, strict=True):
        y = table[outcome].cast(pl.Float64).fill_null(0.0).to_numpy()
        res = morris.analyze(problem, x, y, num_levels=design["levels"], seed=1)
        frame = (
            pl.DataFrame(
                {
                    "factor": [str(n) for n in res["names"]],
                    "mu_star": np.asarray(res["mu_star"], float),
                    "mu_star_ci95": np.asarray(res["mu_star_conf"], float),
                    "sigma": np.asarray(res["sigma"], float),
                }
            )
            .sort("mu_star", descending=True)
            .with_row_index("rank", offset=1)
        )
        scale = frame["mu_star"].max() or 1.0
        frame = frame.with_columns((pl.col("mu_star") / scale).alias("mu_star_rel"))
        ranks[outcome] = dict(zip(frame["factor"], frame["rank"], strict=True))
        rows.append(frame.with_columns(pl.lit(outcome).alias("outcome")))
        top = frame.head(TOP).reverse()
        ax.barh(top["factor"], top["mu_star"], xerr=top["mu_star_ci95"], color="#1f6feb")
        ax.set(title=f"{outcome}: mu* (top {TOP})")
        ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    savefig(fig, NAME, "morris.png")
    full = pl.concat(rows)
    full.write_csv(out_dir(NAME) / "ranking.csv")
    factors = list(ranks[OUTCOMES[0]])
    mean_rank = {f: float(np.mean([ranks[o][f] for o in OUTCOMES])) for f in factors}
    order = sorted(factors, key=mean_rank.get)
    lines = [
        "# sensitivity (Morris screening)",
        "",
        f"{len(x)} runs: {design['samples']} trajectories, {design['levels']} levels, "
        f"{len(set(problem.get('groups', problem['names'])))} factors "
        f"({problem['num_vars']} parameters; per-scale needs grouped). Ranges: docs/ODD.md "
        f"Appendix B. Runs: the default wijk, downscalen, {int(table['weeks'].max()) // 52} "
        f"years, {reps} replicate seeds a point (the same at every point); mu* is of the mean "
        "over them.",
        "",
        "Share of each outcome's variance over all runs that lies between the seeds of a point "
        "(the stochastic part): " + ", ".join(f"{o} {seed_share[o]:.1%}" for o in OUTCOMES) + ".",
        "",
        "## Rank of each factor per outcome (1 = largest mu*), the 20 with the best mean rank",
        "",
        "| factor | " + " | ".join(OUTCOMES) + " | mean rank |",
        "|---|" + "---|" * (len(OUTCOMES) + 1),
    ]
    for f in order[:20]:
        lines.append(
            f"| `{f}` | "
            + " | ".join(str(ranks[o][f]) for o in OUTCOMES)
            + f" | {mean_rank[f]:.1f} |"
        )
    for outcome in OUTCOMES:
        part = full.filter(pl.col("outcome") == outcome).head(8)
        lines += [
            "",
            f"## {outcome}: top 8",
            "",
            "| rank | factor | mu* [± 95 %] | sigma |",
            "|---|---|---|---|",
        ]
        for r in part.iter_rows(named=True):
            lines.append(
                f"| {r['rank']} | `{r['factor']}` | {r['mu_star']:.4g} "
                f"[± {r['mu_star_ci95']:.2g}] | {r['sigma']:.4g} |"
            )
    (out_dir(NAME) / "ranking.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:28]))
    print(json.dumps({o: order[:5] for o in ("mean rank",)}))
