"""Santos, Santos & Pacheco (2008), public goods on networks, on the engine's own pledging
functions (`pledging.public_goods_payoffs`, `pledging.fermi_imitation`).

    uv run python experiments/validation/santos.py

Every actor plays k + 1 public goods games (the one centred on itself and one centred on each
neighbour), contributes 1 (propensity 1) or nothing (0), and each generation all actors at
once compare themselves with one random neighbour (Fermi rule, `+reduction=santos`). The
fraction of contributors against eta = r / (z + 1), z = 4, on the engine's ring lattice and on
Barabasi-Albert graphs (N = 1,000 each), for a fixed cost per game and a fixed cost per
individual. Ten ring and ten BA graphs run side by side in one model (disjoint blocks), half
of each block starting as contributors; 3,000 generations, the fraction averaged over the
last 500 (or taken where every block is absorbed). A second panel repeats the ring at a
larger Fermi noise, where the two cost schemes part (see docs/validation.md).

Writes results/santos.csv and santos.png (copied to docs/figures/).
"""

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from _common import Timer, save

from sim import reductions as R

N, Z, BLOCKS = 1000, 4, 10
ETAS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.1, 1.2)
NOISY_ETAS = (0.8, 0.85, 0.9, 0.95, 1.0, 1.05)
SCHEMES = ("per_game", "per_individual")
GENERATIONS, AVERAGE = 3000, 500
NOISY_K = 0.1
SEED = 2008


def run(graphs, eta, scheme, rng, extra=()) -> np.ndarray:
    """Fraction of contributors in each graph (block) after the run."""
    n_actors = N * len(graphs)
    overrides = [
        f"population.n_actors={n_actors}",
        f"pledge.synergy={eta * (Z + 1)!r}",
        f"pledge.cost_scheme={scheme}",
        *extra,
    ]
    model = R.build(R.reduction_config("santos", overrides))
    R.set_network(model, R.blocks(graphs))
    return R.santos(model, N, GENERATIONS, AVERAGE, rng)


def main() -> None:
    timer = Timer()
    rng = np.random.default_rng(SEED)
    noise = R.reduction_config("santos").pledge.selection_noise
    rows = []
    for scheme in SCHEMES:
        for eta in ETAS:
            graphs = [R.ring_lattice(N, Z)] * BLOCKS + [
                R.barabasi_albert(N, Z // 2, rng) for _ in range(BLOCKS)
            ]
            frac = run(graphs, eta, scheme, rng)
            for b, f in enumerate(frac):
                graph = "ring" if b < BLOCKS else "barabasi_albert"
                rows.append(
                    {
                        "graph": graph,
                        "scheme": scheme,
                        "eta": eta,
                        "noise": noise,
                        "block": b % BLOCKS,
                        "contributors": f,
                    }
                )
            print(
                f"{scheme:15s} eta {eta:4.2f}: ring {frac[:BLOCKS].mean():.3f}, "
                f"BA {frac[BLOCKS:].mean():.3f}  ({timer})"
            )
    for scheme in SCHEMES:
        for eta in NOISY_ETAS:
            frac = run(
                [R.ring_lattice(N, Z)] * BLOCKS,
                eta,
                scheme,
                rng,
                [f"pledge.selection_noise={NOISY_K}"],
            )
            for b, f in enumerate(frac):
                rows.append(
                    {
                        "graph": "ring",
                        "scheme": scheme,
                        "eta": eta,
                        "noise": NOISY_K,
                        "block": b,
                        "contributors": f,
                    }
                )
            print(f"{scheme:15s} eta {eta:4.2f}: ring at K = {NOISY_K}: {frac.mean():.3f}")
    raw = pl.DataFrame(rows).with_columns(
        pl.lit(N).alias("n"),
        pl.lit(GENERATIONS).alias("generations"),
        pl.lit(AVERAGE).alias("averaged_over"),
        pl.lit(SEED).alias("seed"),
    )
    mean = (
        raw.group_by("graph", "scheme", "noise", "eta")
        .agg(
            pl.col("contributors").mean().alias("mean"),
            pl.col("contributors").std().alias("sd"),
            pl.len().alias("blocks"),
        )
        .sort("noise", "graph", "scheme", "eta")
    )
    with pl.Config(tbl_rows=-1, float_precision=3):
        print(mean)

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    style = {
        "per_game": ("-", "o", "cost per game"),
        "per_individual": ("--", "s", "cost per individual"),
    }
    colour = {"ring": "C0", "barabasi_albert": "C3"}
    name = {"ring": "ring lattice", "barabasi_albert": "Barabasi-Albert"}
    for (graph, scheme), part in mean.filter(pl.col("noise") == noise).group_by(
        "graph", "scheme", maintain_order=True
    ):
        ls, marker, label = style[scheme]
        ax1.plot(
            part["eta"],
            part["mean"],
            ls=ls,
            marker=marker,
            ms=4,
            color=colour[graph],
            mfc="none" if scheme == "per_individual" else colour[graph],
            label=f"{name[graph]}, {label}",
        )
    ax1.axvline(1.0, color="grey", ls=":", lw=1)
    ax1.text(1.01, 0.5, "well mixed", color="grey", rotation=90)
    ax1.set(
        xlabel="eta = r / (z + 1)",
        ylabel="fraction of contributors",
        title=f"Public goods, z = 4, N = 1,000, Fermi K = {noise}",
        ylim=(-0.02, 1.02),
    )
    ax1.legend(fontsize=8, loc="upper left")
    for scheme, part in mean.filter(pl.col("noise") == NOISY_K).group_by(
        "scheme", maintain_order=True
    ):
        ls, marker, label = style[scheme[0]]
        ax2.plot(part["eta"], part["mean"], ls=ls, marker=marker, ms=4, color="C0", label=label)
    ax2.set(
        xlabel="eta = r / (z + 1)",
        ylabel="fraction of contributors",
        title=f"Ring lattice at Fermi K = {NOISY_K}",
        ylim=(-0.02, 1.02),
    )
    ax2.legend(fontsize=8)
    fig.tight_layout()
    save(fig, {"": raw, "mean": mean}, "santos")
    print(f"wall time {timer}")


if __name__ == "__main__":
    main()
