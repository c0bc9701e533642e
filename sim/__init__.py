"""waardenmakerij: an agent-based model of collective ownership in Dutch area development.

import sim
results = sim.run(["strategy=downscalen", "seed=3"])   # polars frames, nothing written
model = sim.WaardenModel()                              # the Mesa model, step by step
"""

from sim.api import run
from sim.config import Config

__all__ = ["Config", "WaardenModel", "run"]


def __getattr__(name: str):
    """`sim.WaardenModel` is imported on first use (Mesa takes seconds to import)."""
    if name == "WaardenModel":
        from sim.model import WaardenModel

        return WaardenModel
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
