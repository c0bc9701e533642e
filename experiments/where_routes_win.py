"""Scenario discovery: in which box of conditions does opschalen beat downscalen, and the
other way round (PRIM, EMA workbench; CART from scikit-learn as a check).

    uv run waardenmakerij -m +experiment=where_routes_win
    uv run python experiments/where_routes_win.py [multirun/where_routes_win]

Each sampled condition (Latin hypercube over trust, friction, residents' hours and money,
network density, officials' relief) ran under both routes with the same seed. A route wins at
a point when its realised value (three capitals) is higher. PRIM peels the condition space
towards the points where a route wins; the box shown is the densest on the peeling
trajectory that still covers at least half of that route's wins. Coverage: share of the
route's wins inside the box; density: share of the box's points where the route wins.
"""

import json
import warnings

import numpy as np
import polars as pl
from _common import load, out_dir, savefig, sweep_dir

NAME = "where_routes_win"
MIN_COVERAGE = 0.5


def prim_box(x, y: np.ndarray) -> dict:
    from ema_workbench.analysis import prim

    p = prim.Prim(x, y)
    box = p.find_box()
    traj = box.peeling_trajectory
    ok = traj[traj["coverage"] >= MIN_COVERAGE]
    i = int(ok["density"].idxmax()) if len(ok) else 0
    box.select(i)
    lims = box.box_lims[i]
    restricted = {}
    for col in x.columns:
        lo, hi = float(lims[col][0]), float(lims[col][1])
        if lo > float(x[col].min()) + 1e-12 or hi < float(x[col].max()) - 1e-12:
            restricted[col] = (lo, hi)
    return {
        "coverage": float(traj.loc[i, "coverage"]),
        "density": float(traj.loc[i, "density"]),
        "mass": float(traj.loc[i, "mass"]),
        "box": restricted,
        "base_rate": float(y.mean()),
        "trajectory": traj,
    }


def cart_rules(x, y: np.ndarray) -> str:
    from sklearn.tree import DecisionTreeClassifier, export_text

    tree = DecisionTreeClassifier(max_depth=2, min_samples_leaf=8, random_state=0).fit(x, y)
    return export_text(tree, feature_names=list(x.columns), show_weights=True)


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    import matplotlib.pyplot as plt
    import pandas as pd

    folder = sweep_dir(NAME)
    table = load(folder, NAME)
    design = pl.read_parquet(folder / "design.parquet")
    factors = [c for c in design.columns if c != "point"]
    wide = table.pivot(on="strategy", index="point", values="value_total").drop_nulls()
    data = design.join(wide, on="point").with_columns(
        (pl.col("opschalen") - pl.col("downscalen")).alias("advantage")
    )
    x = pd.DataFrame({f.split(".")[-1]: data[f].to_numpy() for f in factors})
    lines = [
        f"# {NAME}",
        "",
        f"{data.height} sampled conditions (of {design.height}), each under opschalen and "
        "downscalen with the same seed; outcome: realised value (three capitals).",
        "",
        "| route wins | points | PRIM box | coverage | density | mass |",
        "|---|---|---|---|---|---|",
    ]
    results = {}
    for route, y in (
        ("opschalen", data["advantage"].to_numpy() > 0),
        ("downscalen", data["advantage"].to_numpy() < 0),
    ):
        if y.sum() < 3:
            lines.append(f"| {route} | {int(y.sum())} | too few wins for PRIM | – | – | – |")
            continue
        r = prim_box(x, y)
        results[route] = r
        box = "; ".join(f"{k} ∈ [{lo:.3g}, {hi:.3g}]" for k, (lo, hi) in r["box"].items())
        lines.append(
            f"| {route} | {int(y.sum())} | {box or 'whole space'} | "
            f"{r['coverage']:.2f} | {r['density']:.2f} | {r['mass']:.2f} |"
        )
    for route, r in results.items():
        wins = int(round(r["base_rate"] * data.height))
        if wins < 10:
            lines.append(
                f"\n{route} wins at only {wins} points: its box rests on too few "
                "points to generalise (more samples would be needed)."
            )
    ties = int((data["advantage"].to_numpy() == 0).sum())
    lines += [
        "",
        f"Ties (equal value): {ties}. Base rates: "
        + ", ".join(f"{k} {v['base_rate']:.2f}" for k, v in results.items()),
        "",
    ]
    lines += [
        "## CART (depth 2) on 'opschalen wins'",
        "",
        "```",
        cart_rules(x, data["advantage"].to_numpy() > 0),
        "```",
    ]
    text = "\n".join(lines) + "\n"
    (out_dir(NAME) / "boxes.md").write_text(text)
    (out_dir(NAME) / "boxes.json").write_text(
        json.dumps(
            {k: {kk: vv for kk, vv in v.items() if kk != "trajectory"} for k, v in results.items()},
            indent=1,
        )
    )
    print(text)
    names = list(x.columns)
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
    pairs = [(names[0], names[1]), (names[2], names[4]), (names[3], names[5])]
    adv = data["advantage"].to_numpy()
    for ax, (a, b) in zip(axes, pairs, strict=True):
        ax.scatter(
            x[a], x[b], c=np.where(adv > 0, "#1f6feb", np.where(adv < 0, "#1a7f37", "#999")), s=18
        )
        for route, color in (("opschalen", "#1f6feb"), ("downscalen", "#1a7f37")):
            box = results.get(route, {}).get("box", {})
            if a in box or b in box:
                xa = box.get(a, (x[a].min(), x[a].max()))
                yb = box.get(b, (x[b].min(), x[b].max()))
                ax.add_patch(
                    plt.Rectangle(
                        (xa[0], yb[0]), xa[1] - xa[0], yb[1] - yb[0], fill=False, color=color, lw=2
                    )
                )
        ax.set(xlabel=a, ylabel=b)
    axes[0].set_title("blue: opschalen wins, green: downscalen wins (boxes: PRIM)")
    savefig(fig, NAME, "boxes.png")
    for route, r in results.items():
        fig, ax = plt.subplots(figsize=(5, 4))
        t = r["trajectory"]
        ax.plot(t["coverage"], t["density"], marker=".")
        ax.set(xlabel="coverage", ylabel="density", title=f"PRIM peeling: {route} wins")
        savefig(fig, NAME, f"prim_{route}.png")
