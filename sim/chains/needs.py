"""What a case needs: preparation hours and money (its procedure: sim.environment.tussenruimte).

Needs grow with scale and with integrality (each extra theme adds `integrality_cost` of the
base need): compliceren makes a case more valuable and more demanding at once (theme 2).
"""

import numpy as np


def integrality_factor(world, ids: np.ndarray) -> np.ndarray:
    """1 for a single-theme case, +integrality_cost per extra theme."""
    k = world.chains.integrality(ids)
    return 1.0 + world.cfg.chains.integrality_cost * (k - 1)


def prep_hours(world, ids: np.ndarray) -> np.ndarray:
    """Hours of preparation (design, organising, consent) a case needs before the decision."""
    base = world.cfg.chains.per_scale("prep_hours")[world.chains.c_scale[ids]]
    return base * integrality_factor(world, ids)


def money_needed(world, ids: np.ndarray) -> np.ndarray:
    """Euro of investment a case needs pledged before the decision."""
    base = world.cfg.chains.per_scale("money_eur")[world.chains.c_scale[ids]]
    return base * integrality_factor(world, ids)
