"""Where the validation scripts write: numbers and figures in results/ (git-ignored), and a
copy of each figure in docs/figures/ for docs/validation.md."""

import shutil
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
FIGURES = HERE.parent.parent / "docs" / "figures"


def save(fig: plt.Figure, tables: dict[str, pl.DataFrame], name: str) -> None:
    """Write `<name>.png` and one `<name>[_<part>].csv` per table; copy the figure to docs."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    FIGURES.mkdir(parents=True, exist_ok=True)
    png = RESULTS / f"{name}.png"
    fig.savefig(png, dpi=130, bbox_inches="tight")
    plt.close(fig)
    shutil.copyfile(png, FIGURES / f"validation_{name}.png")
    for part, frame in tables.items():
        frame.write_csv(RESULTS / (f"{name}_{part}.csv" if part else f"{name}.csv"))
    print(f"wrote {png} (and docs/figures/validation_{name}.png)")


class Timer:
    """Wall time since creation, for the scripts' last line."""

    def __init__(self):
        self.start = time.perf_counter()

    def __str__(self) -> str:
        return f"{time.perf_counter() - self.start:.0f} s"
