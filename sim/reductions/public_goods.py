"""The public goods game on a network (Santos, Santos & Pacheco 2008), played by the
engine's own pledging functions (`sim.chains.pledging`)."""

import numpy as np
import scipy.sparse as sp

from sim.chains import pledging
from sim.model import WaardenModel
from sim.reductions.common import (
    reset_chains,
    seed_cases,
)

# ---------------------------------------------------------------- public goods game


def neighbourhood_games(adjacency: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """(actor, group) pairs of Santos et al.'s games: group g is actor g's closed
    neighbourhood, so each actor plays k + 1 games (its own and each neighbour's)."""
    n = adjacency.shape[0]
    deg = np.diff(adjacency.indptr)
    actor = np.r_[np.arange(n), adjacency.indices].astype(np.int64)
    group = np.r_[np.arange(n), np.repeat(np.arange(n), deg)].astype(np.int64)
    return actor, group


def neighbourhood_chains(model: WaardenModel) -> np.ndarray:
    """The same games as value chains in the ledger (one case per actor, its members the
    actor and its neighbours), so that `pledging.pledge(model.world)` plays them itself."""
    reset_chains(model)
    n = model.actors.n
    ids = seed_cases(model, np.arange(n))
    deg = model.degree
    others = model.adjacency.indices.astype(np.int64)
    book = model.chains
    book.add_members(
        others, ids[np.repeat(np.arange(n), deg)], 1, model.week, np.zeros(len(others)), 0.0
    )
    return ids


def start_binary(model: WaardenModel, share: float, rng: np.random.Generator) -> None:
    """Propensities 1 (contributor) with probability `share`, else 0 (free rider)."""
    model.actors.propensity[:] = (rng.random(model.actors.n) < share).astype(float)


def pgg_generation(model: WaardenModel, actor: np.ndarray, group: np.ndarray) -> None:
    """One synchronous generation: payoffs of all games, then imitation, on the model's own
    arrays and random stream. `pledging.pledge(model.world)` makes exactly the same step when the
    games are value chains in its ledger (`neighbourhood_chains`; tests/test_reductions.py)."""
    cfg, st = model.cfg.pledge, model.actors
    payoff = pledging.public_goods_payoffs(
        actor, group, st.propensity[actor], cfg.synergy, cfg.cost_scheme, st.n
    )
    st.propensity[:] = pledging.fermi_imitation(
        st.propensity, payoff, model.adjacency, cfg.imitation_rate, cfg.selection_noise, model.rng
    )


def santos(
    model: WaardenModel,
    n: int,
    generations: int,
    average: int,
    rng: np.random.Generator,
    start: float = 0.5,
) -> np.ndarray:
    """Fraction of contributors per block, averaged over the last `average` generations.

    `model` must already hold its graph (`n` actors a block). Stops early once every block
    is absorbed (all contributors or none): imitation only copies, so nothing changes after.
    """
    start_binary(model, start, rng)
    actor, group = neighbourhood_games(model.adjacency)
    trials = model.actors.n // n
    total = np.zeros(trials)
    counted = 0
    for t in range(generations):
        pgg_generation(model, actor, group)
        frac = model.actors.propensity.reshape(trials, n).mean(axis=1)
        if t >= generations - average:
            total += frac
            counted += 1
        if ((frac == 0) | (frac == 1)).all():
            left = generations - max(t + 1, generations - average)
            return (total + left * frac) / (counted + left)
    return total / counted
