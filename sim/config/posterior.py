"""Posterior draws as configs (`+posterior=draws`, docs/calibration.md).

`posterior.draw = i` (0 or more) sets the calibrated parameters to the values of draw `i` of
the calibration's posterior (`posterior.draws`, a CSV file with a ``draw`` column and one
column a parameter by its dotted key, as `uv run waardenmakerij-calibrate --install` writes
it, or the ``draws.parquet`` of a calibration's folder), over any other value given for them;
-1 (the default) leaves the config as it is. So a sweep over ``posterior.draw`` carries the
parameter uncertainty into every answer.
"""

from functools import cache
from pathlib import Path

from sim.errors import ConfigError

#: Hydra's config folder: the copy an installed wheel carries inside the package
#: (`sim/configs`, pyproject's force-include), else `configs/` of the source checkout.
_PACKAGED = Path(__file__).resolve().parents[1] / "configs"
CONFIG_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[2] / "configs"


def draws_path(name: str) -> Path:
    """The draws file: as given when absolute, else inside the config folder."""
    path = Path(name)
    return path if path.is_absolute() else CONFIG_DIR / path


@cache
def _table(path: Path, stamp: float) -> tuple[tuple[str, ...], tuple[tuple[float, ...], ...]]:
    import polars as pl

    read = pl.read_parquet if path.suffix == ".parquet" else pl.read_csv
    frame = read(path).sort("draw")
    keys = tuple(c for c in frame.columns if c != "draw")
    return keys, tuple(frame.select(keys).iter_rows())


def plausible_ranges(name: str, level: float = 0.9) -> dict[str, tuple[float, float]]:
    """{dotted key: (low, high)}: the central `level` interval of each calibrated parameter
    over the draws in `name`, the posterior's plausible region.

    >>> low, high = plausible_ranges("calibration/nl_draws.csv")["population.trust"]
    >>> 0 < low < high < 1
    True
    """
    import numpy as np

    path = draws_path(name)
    if not path.is_file():
        raise ConfigError(f"posterior.draws={name} is not allowed: no such file ({path})")
    keys, rows = _table(path, path.stat().st_mtime)
    values = np.asarray(rows, float)
    tail = (1 - level) / 2
    low, high = np.quantile(values, [tail, 1 - tail], axis=0)
    return {k: (float(lo), float(hi)) for k, lo, hi in zip(keys, low, high, strict=True)}


def draw_values(name: str, draw: int) -> dict[str, float]:
    """{dotted key: value} of posterior draw `draw` in the draws file `name`.

    >>> values = draw_values("calibration/nl_draws.csv", 0)
    >>> "population.trust" in values
    True
    """
    path = draws_path(name)
    if not path.is_file():
        raise ConfigError(
            f"posterior.draws={name} is not allowed: no such file ({path}); give the"
            " draws.parquet of a calibration (uv run waardenmakerij-calibrate) or its --install"
        )
    keys, rows = _table(path, path.stat().st_mtime)
    if not 0 <= draw < len(rows):
        raise ConfigError(
            f"posterior.draw={draw} is out of range: use -1 (none) or 0 to {len(rows) - 1}"
            f" ({name} holds {len(rows)} draws)"
        )
    return dict(zip(keys, rows[draw], strict=True))
