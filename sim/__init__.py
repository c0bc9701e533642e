"""waardenmakerij: an agent-based model of collective ownership in Dutch area development.

import sim
results = sim.run(["strategy=downscalen", "seed=3"])   # polars frames, nothing written
both = sim.run_many([["seed=1"], ["seed=2"]])           # several runs on all cores
model = sim.WaardenModel()                              # the Mesa model, step by step
model = sim.WaardenModel(strategy="opschalen", rng=7)   # Mesa-style: keywords, rng

A config the model does not allow raises `sim.ConfigError` (one line: key, value, allowed).
"""

from sim.api import run, run_many
from sim.config import Config
from sim.errors import ConfigError

__all__ = ["Config", "ConfigError", "WaardenModel", "run", "run_many"]


def __getattr__(name: str):
    """`sim.WaardenModel` is imported on first use (Mesa takes seconds to import)."""
    if name == "WaardenModel":
        from sim.model import WaardenModel

        return WaardenModel
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
