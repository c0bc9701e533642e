"""Motives: what actors value and what they see (the first two 'moments' of the article).

Understanding area qualities: an actor perceives the gap between its aspiration and its
place, weighted by the themes it values. Engagement with each other and a place: a case
aligns with an actor as far as its capitals match the actor's values, more so where the
actor is attached to the place the case improves.
"""

import numpy as np

from sim.environment.places import THEME_LOADINGS
from sim.vocabulary import Scale


def theme_preference(values: np.ndarray) -> np.ndarray:
    """How much each actor cares about each theme, (N, T), from its capital weights."""
    pref = np.clip(values @ THEME_LOADINGS.T, 0, None)
    return pref / np.maximum(pref.sum(axis=1, keepdims=True), 1e-12)


def perceived_gap(world, actors: np.ndarray) -> np.ndarray:
    """Gap per theme between aspiration and the actor's home perceel, weighted by its values."""
    quality = world.places.quality[world.actors.parcel[actors]]
    gap = np.clip(world.cfg.environment.aspiration - quality, 0, None)
    return world.theme_preference[actors] * gap


def alignment(world, actors, profile, case_ids, rows=None) -> np.ndarray:
    """How well each case matches each actor's values, 0-1, stronger for its own place.

    `profile` holds the cases' capital profiles, one row per actor; or, with `rows`, one row
    per distinct case and `rows[i]` is actor i's.
    """
    st, book = world.actors, world.chains
    p0, p1, p2 = profile[:, 0], profile[:, 1], profile[:, 2]
    top = np.maximum(np.maximum(p0, p1), p2).clip(1e-12)  # = np.max(profile, axis=1)
    if rows is not None:
        p0, p1, p2, top = p0[rows], p1[rows], p2[rows], top[rows]
    # Column by column: the same sums, in the same order, as (values * profile).sum(axis=1).
    values = st.values
    dot = values[actors, 0] * p0 + values[actors, 1] * p1 + values[actors, 2] * p2
    match = dot / top
    scale = book.c_scale[case_ids]
    buurt, case_buurt = st.buurt[actors], book.c_buurt[case_ids]
    here = np.where(
        scale == Scale.WIJK,
        world.places.buurt_wijk[buurt] == world.places.buurt_wijk[case_buurt],
        buurt == case_buurt,
    )
    return np.clip(match, 0, 1) * (0.5 + 0.5 * st.attachment[actors] * here)
