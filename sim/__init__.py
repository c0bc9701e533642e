"""waardenmakerij: an agent-based model of collective ownership in Dutch area development.

import sim
results = sim.run(["strategy=downscalen", "seed=3"])   # polars frames, nothing written
model = sim.WaardenModel()                              # the Mesa model, step by step
"""

from sim.api import run
from sim.config import Config
from sim.model import WaardenModel

__all__ = ["Config", "WaardenModel", "run"]
