"""Granovetter (1978), the riot, on the engine's own joining rule (`joining.mobilise`).

    uv run python experiments/validation/granovetter.py

1. 100 actors on a complete graph (the engine's own network from `+reduction=granovetter`)
   with thresholds 0, 1, ..., 99: everyone joins, one a week. Raise the threshold-1 actor
   to 2: only the instigator is in.
2. Thresholds drawn from a normal distribution with mean 25 and standard deviation sd (both
   in actors, of a crowd of 100): the riot size against sd, for 100 random crowds a value,
   next to Granovetter's equilibrium of r <- 100 F(r) with the normal CDF F, and to the crowd whose
   thresholds are the normal quantiles (25 + sd * Phi^-1((i + 0.5) / 100)).

Writes results/granovetter_*.csv and granovetter.png (copied to docs/figures/).
"""

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from _common import Timer, save
from scipy.stats import norm

from sim import reductions as R

N = 100
MEAN = 25.0
SDS = np.round(np.arange(0.0, 30.01, 0.25), 2)  # actors (0 to 0.30 of the crowd)
CROWDS = 200  # random crowds per sd
SEED = 1978


def own_network_riot(thresholds: np.ndarray) -> np.ndarray:
    """Riot trajectory on the config's own network (one buurt, local_degree 100: complete)."""
    model = R.build(R.reduction_config("granovetter"))
    assert (model.degree == N - 1).all(), "the config's network is not complete"
    model.actors.threshold[:] = thresholds
    R.seed_cases(model, [int(np.argmin(thresholds))])
    return R.spread(model)


def analytic(sd: float) -> float:
    if sd == 0:
        return 0.0  # everyone at 25: nobody starts
    return R.granovetter_equilibrium(lambda r: norm.cdf(r, MEAN, sd), N)


def critical_sd(lo: float = 5.0, hi: float = 20.0) -> float:
    """The sd at which the equilibrium jumps to (nearly) everyone."""
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if analytic(mid) < N / 2 else (lo, mid)
    return (lo + hi) / 2


def main() -> None:
    timer = Timer()
    rng = np.random.default_rng(SEED)

    uniform = np.arange(N, dtype=float)
    modified = uniform.copy()
    modified[1] = 2.0
    a, b = own_network_riot(uniform), own_network_riot(modified)
    weeks = max(len(a), len(b))
    traj = pl.DataFrame(
        {
            "week": np.arange(weeks),
            "uniform_0_to_99": np.pad(a, (0, weeks - len(a)), mode="edge"),
            "threshold_1_raised_to_2": np.pad(b, (0, weeks - len(b)), mode="edge"),
        }
    )
    print(f"uniform thresholds: {a[-1]} of {N} join; threshold-1 actor raised to 2: {b[-1]}")

    rows = []
    z = norm.ppf((np.arange(N) + 0.5) / N)
    quantile = R.granovetter(MEAN + SDS[:, None] * z[None, :])
    for i, sd in enumerate(SDS):
        sizes = R.granovetter(rng.normal(MEAN, sd, (CROWDS, N)))
        rows.append(
            {
                "sd_actors": sd,
                "sd_share": sd / N,
                "mean": sizes.mean() / N,
                "p10": np.percentile(sizes, 10) / N,
                "median": np.median(sizes) / N,
                "p90": np.percentile(sizes, 90) / N,
                "share_nearly_all": np.mean(sizes >= 0.9 * N),
                "quantile_crowd": quantile[i] / N,
                "analytic": analytic(sd) / N,
            }
        )
    table = pl.DataFrame(rows)
    sd_c = critical_sd()
    fine = np.linspace(0, 30, 601)
    curve = np.array([analytic(s) for s in fine]) / N
    below, above = analytic(sd_c - 0.05), analytic(sd_c + 0.05)
    print(
        f"critical sd = {sd_c:.2f} actors ({sd_c / N:.4f} of the crowd); "
        f"equilibrium {below:.1f} just below, {above:.1f} just above"
    )
    with pl.Config(tbl_rows=-1, float_precision=3):
        print(
            table.filter(
                pl.col("sd_actors").is_in([5.0, 10.0, 11.0, 12.0, 12.5, 13.0, 15.0, 20.0, 30.0])
            )
        )

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    ax1.step(traj["week"], traj["uniform_0_to_99"], where="post", label="thresholds 0, 1, ..., 99")
    ax1.step(
        traj["week"],
        traj["threshold_1_raised_to_2"],
        where="post",
        label="threshold-1 actor raised to 2",
    )
    ax1.set(
        xlabel="week (one mobilise call)",
        ylabel="members of the case (of 100)",
        title="Granovetter's riot on a complete graph",
    )
    ax1.legend(loc="upper left")
    ax2.fill_between(
        table["sd_share"],
        table["p10"],
        table["p90"],
        alpha=0.25,
        label="engine, random crowds: 10-90 %",
    )
    ax2.plot(table["sd_share"], table["mean"], "o", ms=3.5, label="engine, random crowds: mean")
    ax2.plot(
        table["sd_share"],
        table["quantile_crowd"],
        "s",
        ms=3,
        mfc="none",
        label="engine, quantile crowd",
    )
    ax2.plot(fine / N, curve, "k-", lw=1, label="equilibrium of r <- 100 F(r)")
    ax2.axvline(sd_c / N, color="grey", ls=":", lw=1)
    ax2.text(sd_c / N + 0.004, 0.12, f"sd* = {sd_c / N:.3f}", color="grey")
    ax2.set(
        xlabel="threshold sd (share of the crowd; mean 0.25)",
        ylabel="share that joins",
        title="Normal thresholds, N = 100, mean 25",
    )
    ax2.legend(loc="center right", fontsize=8)
    fig.tight_layout()
    table = table.with_columns(
        pl.lit(sd_c).alias("critical_sd_actors_analytic"),
        pl.lit(CROWDS).alias("crowds"),
        pl.lit(SEED).alias("seed"),
    )
    save(fig, {"uniform": traj, "normal": table}, "granovetter")
    print(f"wall time {timer}")


if __name__ == "__main__":
    main()
