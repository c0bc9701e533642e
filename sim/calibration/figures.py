"""The calibration's figures: pyabc's diagnostics and the posterior predictive check."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from sim.calibration import targets as tg  # noqa: E402


def diagnostics(history, predictive, folder: Path) -> list[Path]:
    """Write pyabc's epsilon, sample-number, ESS and posterior-matrix plots and the
    predictive check into `folder`; return their paths."""
    import pyabc.visualization as viz

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file, plot in (
        ("epsilons.png", viz.plot_epsilons),
        ("sample_numbers.png", viz.plot_sample_numbers),
        ("effective_sample_sizes.png", viz.plot_effective_sample_sizes),
        ("acceptance_rates.png", viz.plot_acceptance_rates_trajectory),
    ):
        plot(history)
        written.append(_save(folder / file))
    viz.plot_kde_matrix_highlevel(history, numx=40, numy=40)
    written.append(_save(folder / "posterior_matrix.png"))
    written.append(predictive_figure(predictive, folder / "predictive_check.png"))
    return written


def predictive_figure(predictive, path: Path) -> Path:
    """One panel a target: the posterior draws' runs, the figure and its tolerance band."""
    names = list(tg.TARGETS)
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5))
    for ax, n in zip(axes.flat, names, strict=False):
        t = tg.TARGETS[n]
        x = predictive[n].to_numpy()
        x = x[np.isfinite(x)]
        ax.axvspan(t.value - t.tolerance, t.value + t.tolerance, color="tab:green", alpha=0.2)
        ax.axvline(t.value, color="tab:green", lw=2, label="figure ± tolerance")
        if len(x) and np.ptp(x) > 0:
            ax.hist(x, bins=15, color="tab:blue", alpha=0.8, label="posterior draws")
        elif len(x):  # every draw gives the same value: one line, not a bar over the axis
            ax.axvline(x[0], color="tab:blue", lw=3, label="posterior draws")
        span = [t.value - 2 * t.tolerance, t.value + 2 * t.tolerance, *x]
        ax.set_xlim(min(span), max(span))
        ax.set_title(f"{n}{'' if t.fitted else ' (held out)'}", fontsize=10)
        ax.set_xlabel(t.unit)
    axes.flat[0].legend(fontsize=8)
    fig.suptitle("Posterior predictive check: one run a posterior draw")
    fig.tight_layout()
    return _save(path, fig)


def _save(path: Path, fig=None) -> Path:
    fig = fig or plt.gcf()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close("all")
    return path
