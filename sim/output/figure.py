"""The run figures: capitals, ownership by actor kind and value chains over time
(`run_figure`); the MKBA tornado and distribution by actor kind (`mkba_figure`)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
import seaborn as sns  # noqa: E402

from sim.config import KINDS  # noqa: E402
from sim.output.results import atomic_write  # noqa: E402
from sim.vocabulary import CAPITALS, WEEKS_PER_YEAR  # noqa: E402


def _lines(ax, ts: pl.DataFrame, columns: dict[str, str], legend: str, scale: float = 1.0):
    """One line a column over the years (column -> label), with a titled legend; plain
    matplotlib lines in seaborn's theme (seaborn's lineplot took most of a sweep run's
    drawing time, aggregating points that are single)."""
    years = ts["week"].to_numpy() / WEEKS_PER_YEAR
    for column, label in columns.items():
        ax.plot(years, ts[column].to_numpy() / scale, label=label)
    ax.legend(title=legend)
    ax.set_xlabel("jaar")


def run_figure(ts: pl.DataFrame, path: str | Path, title: str = "") -> Path:
    """Three panels over the years of a run, saved atomically as PNG."""
    sns.set_theme(style="whitegrid", context="notebook")
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    _lines(axes[0], ts, {f"capital_{c}": c for c in CAPITALS}, "kapitaal")
    axes[0].set(title="Kwaliteit per kapitaal (capital index)", ylabel="index")
    _lines(axes[1], ts, {f"ownership_{k}": k for k in KINDS}, "actor", scale=1e6)
    axes[1].set(title="Waarde in eigendom per soort actor (value owned)", ylabel="mln euro")
    chains = {
        "cases_mobilising": "mobiliseren",
        "cases_realising": "realiseren",
        "cases_realised": "gerealiseerd (cum.)",
        "cases_stalled": "gestagneerd (cum.)",
    }
    _lines(axes[2], ts, chains, "waardenketens")
    axes[2].set(title="Waardenketens (value chains)", ylabel="aantal")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    atomic_write(Path(path), lambda p: fig.savefig(p, dpi=110, format="png"))
    plt.close(fig)
    return Path(path)


def mkba_figure(tornado: pl.DataFrame, distribution: pl.DataFrame, path: str | Path) -> Path:
    """The run's MKBA: net present value when the discount rate and each shadow price and wage
    are 50 % lower or higher (tornado), and who pays and who benefits by actor kind."""
    sns.set_theme(style="whitegrid", context="notebook")
    fig, axes = plt.subplots(1, 2, figsize=(14, 4.6), width_ratios=(1.3, 1))
    ax = axes[0]
    base = tornado["npv_base"][0] / 1e3 if tornado.height else 0.0
    for i, row in enumerate(tornado.iter_rows(named=True)):
        low, high = row["npv_low"] / 1e3, row["npv_high"] / 1e3
        ax.barh(i, low - base, left=base, color="#1f6feb", label="−50 %" if i == 0 else None)
        ax.barh(i, high - base, left=base, color="#b42318", label="+50 %" if i == 0 else None)
    ax.axvline(base, color="k", lw=0.8)
    ax.set_yticks(range(tornado.height), tornado["parameter"].to_list())
    ax.invert_yaxis()
    ax.set(title="MKBA: gevoeligheid van de NCW (tornado)", xlabel="netto contante waarde, k euro")
    ax.legend(loc="lower right")
    kinds = distribution.filter(pl.col("dimension") == "kind")
    x = np.arange(kinds.height)
    ax = axes[1]
    ax.bar(x - 0.27, kinds["benefits_eur"] / 1e3, 0.27, label="baten (benefits)", color="#1a7f37")
    ax.bar(x, -kinds["paid_eur"] / 1e3, 0.27, label="kosten (paid)", color="#b42318")
    ax.bar(x + 0.27, kinds["net_eur"] / 1e3, 0.27, label="saldo (net)", color="#444444")
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xticks(x, kinds["group"].to_list())
    ax.set(title="Wie betaalt, wie baat (by actor kind)", ylabel="k euro, contante waarde")
    ax.legend()
    fig.tight_layout()
    atomic_write(Path(path), lambda p: fig.savefig(p, dpi=110, format="png"))
    plt.close(fig)
    return Path(path)
