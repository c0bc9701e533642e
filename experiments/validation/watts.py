"""Watts (2002), global cascades, on the engine's own joining rule (`joining.mobilise`).

    uv run python experiments/validation/watts.py

Fractional threshold phi = 0.18 for everyone (`+reduction=watts`), Erdos-Renyi graphs of
N = 10,000 actors and mean degree z, one random seed actor: the frequency of global cascades
(at least 1 % of the actors) against z, next to the analytic cascade window where
sum_k k(k-1) rho_k p_k > z (rho_k = 1 for k <= 1/phi); and the distribution of cascade
sizes just inside the upper edge of the window (bimodal) and near the lower edge.
100 independent cascades run side by side in one model of 1,000,000 actors (disjoint
graphs); a fresh graph and seed for every cascade.

Writes results/watts_*.csv and watts.png (copied to docs/figures/).
"""

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from _common import Timer, save

from sim import reductions as R

N = 10_000
TRIALS = 100  # cascades per z (one model holds them all)
ZS = np.unique(np.r_[np.arange(0.5, 10.01, 0.5), 1.25, 5.25, 5.75, 6.25, 6.75])
GLOBAL = 0.01  # a cascade is global when it reaches this share of the actors
UPPER_Z, LOWER_Z, DIST_TRIALS = 5.75, 1.0, 1000
SEED = 2002


def main() -> None:
    timer = Timer()
    rng = np.random.default_rng(SEED)
    model = R.build(R.reduction_config("watts", [f"population.n_actors={N * TRIALS}"]))
    phi = model.cfg.chains.threshold
    lo, hi = R.watts_window(phi)
    print(f"analytic cascade window for phi = {phi}: {lo:.3f} < z < {hi:.3f}")

    raw, rows = [], []
    for z in ZS:
        sizes, degree = R.watts(model, N, z, rng)
        share = sizes / N
        big = share >= GLOBAL
        freq = big.mean()
        rows.append(
            {
                "z": z,
                "trials": TRIALS,
                "frequency_global": freq,
                "frequency_ci95": 1.96 * np.sqrt(freq * (1 - freq) / TRIALS),
                "mean_size_global": share[big].mean() if big.any() else 0.0,
                "mean_size_all": share.mean(),
                "analytic_condition": R.watts_condition(z, phi)[0],
                "inside_window": lo < z < hi,
            }
        )
        raw.append(pl.DataFrame({"z": z, "size": sizes, "seed_degree": degree}))
        print(
            f"z = {z:5.2f}: global {freq:.2f}, mean global size {rows[-1]['mean_size_global']:.3f}"
        )
    table = pl.DataFrame(rows)

    dist = []
    for z in (LOWER_Z, UPPER_Z):
        for _ in range(DIST_TRIALS // TRIALS):
            sizes, degree = R.watts(model, N, z, rng)
            dist.append(pl.DataFrame({"z": z, "size": sizes, "seed_degree": degree}))
    dist = pl.concat(dist)
    for z in (LOWER_Z, UPPER_Z):
        s = dist.filter(pl.col("z") == z)["size"].to_numpy() / N
        print(
            f"z = {z}: {len(s)} cascades; share < 1 %: {np.mean(s < 0.01):.3f}, "
            f"1-50 %: {np.mean((s >= 0.01) & (s < 0.5)):.3f}, >= 50 %: {np.mean(s >= 0.5):.3f}"
        )

    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(15, 4.2))
    ax1.axvspan(lo, hi, color="grey", alpha=0.15, label=f"analytic window {lo:.2f}-{hi:.2f}")
    ax1.errorbar(
        table["z"],
        table["frequency_global"],
        yerr=table["frequency_ci95"],
        fmt="o-",
        ms=4,
        label="frequency of global cascades",
    )
    ax1.plot(
        table["z"],
        table["mean_size_global"],
        "s--",
        ms=4,
        mfc="none",
        label="mean size of global cascades",
    )
    ax1.set(
        xlabel="mean degree z",
        ylabel="frequency / share of actors",
        ylim=(-0.02, 1.05),
        title=f"Watts: phi = {phi}, N = {N:,}, {TRIALS} seeds per z",
    )
    ax1.legend(loc="upper right", fontsize=8)
    upper = dist.filter(pl.col("z") == UPPER_Z)["size"].to_numpy() / N
    ax2.hist(upper, bins=np.linspace(0, 1, 51), color="C3", alpha=0.7)
    ax2.set(
        xlabel="cascade size (share of actors)",
        ylabel="number of cascades",
        title=f"Upper edge, z = {UPPER_Z}: bimodal ({len(upper)} seeds)",
    )
    lower = np.sort(dist.filter(pl.col("z") == LOWER_Z)["size"].to_numpy())
    ccdf = 1.0 - np.arange(len(lower)) / len(lower)
    ax3.loglog(lower, ccdf, ".", ms=3, color="C0", label="engine")
    ref = np.array([1.0, lower.max()])
    ax3.loglog(ref, ref**-0.5, "k:", lw=1, label="slope -1/2 (P(s) ~ s^-3/2)")
    ax3.set(
        xlabel="cascade size (actors)",
        ylabel="share of cascades at least this size",
        title=f"Lower edge, z = {LOWER_Z}: heavy tail ({len(lower)} seeds)",
    )
    ax3.legend()
    fig.tight_layout()
    table = table.with_columns(
        pl.lit(N).alias("n"),
        pl.lit(phi).alias("phi"),
        pl.lit(SEED).alias("seed"),
        pl.lit(lo).alias("window_lo"),
        pl.lit(hi).alias("window_hi"),
    )
    save(fig, {"frequency": table, "cascades": pl.concat(raw), "distribution": dist}, "watts")
    print(f"wall time {timer}")


if __name__ == "__main__":
    main()
