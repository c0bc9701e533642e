"""Limits of the full model (`+reduction=limit_*`), run with `WaardenModel.step` itself.

    uv run python experiments/validation/limits.py

1. Zero coordination overhead and no friction (`limit_frictionless`): every case with enough
   pledges is realised. `sim.reductions.stall_probe` records why each stalled case stalled;
   in the limit no case stalls with all its pledges in place and work left to do, under
   the strategy where coordination eats most ("onbeheerst") and under the default one.
2. No passion (`limit_no_passion`): no case starts bottom-up; with `chains.top_down_rate=0`
   too, no case starts at all. No resources (`limit_no_resources`): no case starts.
3. One actor kind removed (`limit_without_<kind>`): its ownership share is zero.

The default wijk (10,000 actors, ten years), seeds 1-5 for every scenario.
Writes results/limits_runs.csv and limits.png (copied to docs/figures/); `--replot`
redraws the figure from the CSV.
"""

import sys

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from _common import RESULTS, Timer, save

from sim import reductions as R
from sim.api import compose_config, to_config
from sim.chains.book import GEREALISEERD, GESTAGNEERD, REALISEREN
from sim.config import KINDS

SEEDS = range(1, 6)
SCENARIOS = {
    "default": [],
    "frictionless": ["+reduction=limit_frictionless"],
    "onbeheerst": ["strategy=onbeheerst"],
    "onbeheerst, frictionless": ["strategy=onbeheerst", "+reduction=limit_frictionless"],
    "no passion": ["+reduction=limit_no_passion"],
    "no passion, no top-down": ["+reduction=limit_no_passion", "chains.top_down_rate=0"],
    "no resources": ["+reduction=limit_no_resources"],
    **{f"without {k}": [f"+reduction=limit_without_{k}"] for k in KINDS},
}
ORIGINS = ("bottom_up", "top_down", "outsourced")


def run(overrides: list[str], seed: int) -> dict:
    model = R.build(to_config(compose_config([*overrides, f"seed={seed}"])))
    with R.stall_probe(model) as stalls:
        model.run()
    model.check_invariants()
    book, st = model.chains, model.actors
    status = book.c_status[: book.n_cases]
    reasons = np.concatenate([R.stall_reason(s) for s in stalls]) if stalls else np.array([])
    owned = np.bincount(st.kind, st.ownership, minlength=len(KINDS))
    row = {
        "cases": int(book.n_cases),
        "realised": int(np.sum(status == GEREALISEERD)),
        "realising": int(np.sum(status == REALISEREN)),
        "stalled": int(np.sum(status == GESTAGNEERD)),
    }
    origin = np.bincount(book.c_origin[: book.n_cases], minlength=3)
    row |= {f"started_{o}": int(origin[i]) for i, o in enumerate(ORIGINS)}
    row |= {f"stall_{r}": int(np.sum(reasons == r)) for r in R.STALL_REASONS}
    row |= {f"ownership_{k}": float(owned[i]) for i, k in enumerate(KINDS)}
    row |= {
        f"ownership_share_{k}": float(owned[i] / max(owned.sum(), 1e-12))
        for i, k in enumerate(KINDS)
    }
    row["ownership_total"] = float(owned.sum())
    return row


def main() -> None:
    timer = Timer()
    if "--replot" in sys.argv:  # redraw from the numbers of the last run
        table = pl.read_csv(RESULTS / "limits_runs.csv")
    else:
        rows = []
        for name, overrides in SCENARIOS.items():
            for seed in SEEDS:
                rows.append({"scenario": name, "seed": seed, **run(overrides, seed)})
            print(f"{name}: done ({timer})")
        table = pl.DataFrame(rows)
    mean = table.drop("seed").group_by("scenario", maintain_order=True).mean()
    total = table.drop("seed").group_by("scenario", maintain_order=True).sum()
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=250, float_precision=3):
        print(
            total.select(
                "scenario", "cases", "realised", "stalled", *[f"stall_{r}" for r in R.STALL_REASONS]
            )
        )
        print(total.select("scenario", *[f"started_{o}" for o in ORIGINS]))
        print(mean.select("scenario", *[f"ownership_share_{k}" for k in KINDS]))

    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(16, 4.6))
    part = mean.filter(
        pl.col("scenario").is_in(
            ["default", "frictionless", "onbeheerst", "onbeheerst, frictionless"]
        )
    )
    labels = [s.replace(", ", ",\n") for s in part["scenario"].to_list()]
    bottom = np.zeros(len(labels))
    parts = [("realised", "realised", "C2")] + [
        (f"stall_{r}", f"stalled: {t}", c)
        for r, t, c in (
            ("money", "money short", "C1"),
            ("members", "too few members", "C4"),
            ("direction", "no shared direction", "C5"),
            ("hours", "too few hours", "C7"),
            ("ready", "ready the week it stalled", "C8"),
            ("none", "all pledges in, progress eaten", "C3"),
        )
    ]
    for col, text, c in parts:
        ax1.bar(labels, part[col], bottom=bottom, label=text, color=c)
        bottom += part[col].to_numpy()
    ax1.set(
        ylabel="cases per run (mean of 5 seeds)",
        title="Zero overhead and friction: no case stalls\nwith its pledges in place",
    )
    ax1.tick_params(axis="x", labelrotation=20)
    ax1.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2)

    part = mean.filter(
        pl.col("scenario").is_in(
            ["default", "no passion", "no passion, no top-down", "no resources"]
        )
    )
    x = np.arange(len(part))
    for i, o in enumerate(ORIGINS):
        ax2.bar(x + (i - 1) * 0.27, part[f"started_{o}"], 0.27, label=o.replace("_", "-"))
    ax2.set_xticks(x, [s.replace(", ", ",\n") for s in part["scenario"]], rotation=20)
    ax2.set(
        ylabel="cases started per run (mean of 5 seeds)",
        title="No passion: nothing starts bottom-up;\nno resources: nothing starts",
    )
    ax2.legend(fontsize=8)

    part = mean.filter(pl.col("scenario").is_in(["default", *[f"without {k}" for k in KINDS]]))
    bottom = np.zeros(len(part))
    for i, k in enumerate(KINDS):
        share = part[f"ownership_share_{k}"].to_numpy()
        ax3.bar(part["scenario"].to_list(), share, bottom=bottom, label=k, color=f"C{i}")
        bottom += share
    ax3.set(
        ylabel="share of ownership (mean of 5 seeds)",
        title="One kind removed: its ownership share is zero",
    )
    ax3.tick_params(axis="x", labelrotation=20)
    ax3.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    save(fig, {"runs": table}, "limits")
    print(f"wall time {timer}")


if __name__ == "__main__":
    main()
