"""What a case needs: preparation hours, procedure hours and weeks, and money.

Needs grow with scale and with integrality (each extra theme adds `integrality_cost` of the
base need): compliceren makes a case more valuable and more demanding at once (theme 2).
"""

import numpy as np

from sim.config import SCALES
from sim.environment.places import THEME_LOADINGS
from sim.vocabulary import Kind


def scale_table(chains_cfg, attr: str) -> np.ndarray:
    """One ScaleConfig attribute for perceel, buurt and wijk, indexable by scale id."""
    return np.array([getattr(chains_cfg.scale(s), attr) for s in SCALES], float)


def integrality_factor(model, ids: np.ndarray) -> np.ndarray:
    """1 for a single-theme case, +integrality_cost per extra theme."""
    k = model.chains.integrality(ids)
    return 1.0 + model.cfg.chains.integrality_cost * (k - 1)


def prep_hours(model, ids: np.ndarray) -> np.ndarray:
    """Hours of preparation (design, organising, consent) a case needs before the decision."""
    base = scale_table(model.cfg.chains, "prep_hours")[model.chains.c_scale[ids]]
    return base * integrality_factor(model, ids)


def money_needed(model, ids: np.ndarray) -> np.ndarray:
    """Euro of investment a case needs pledged before the decision."""
    base = scale_table(model.cfg.chains, "money_eur")[model.chains.c_scale[ids]]
    return base * integrality_factor(model, ids)


def has_official(model, ids: np.ndarray) -> np.ndarray:
    """Whether an official (ambtenaar) is an active member of each case."""
    book = model.chains
    rows = book.active_rows()
    official = model.actors.kind[book.m_actor[rows]] == Kind.AMBTENAAR
    counts = np.bincount(book.m_case[rows][official], minlength=book.n_cases)
    return counts[ids] > 0


def procedure(model, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Procedure hours and waiting weeks each case meets (tussenruimte)."""
    friction = model.tussenruimte.case_friction(has_official(model, ids))
    scale = model.chains.c_scale[ids]
    return (
        model.tussenruimte.procedural_hours(scale, friction),
        model.tussenruimte.procedural_weeks(scale, friction),
    )


def capital_profile(themes: np.ndarray) -> np.ndarray:
    """Share of each capital a case's themes address, (C, 3), rows sum to 1."""
    load = themes.astype(float) @ np.clip(THEME_LOADINGS, 0, None)
    return load / np.maximum(load.sum(axis=1, keepdims=True), 1e-12)
