"""Threshold models of joining: Granovetter (1978) and Watts (2002), run by the engine's
own joining phase (`sim.chains.joining.mobilise`)."""

from collections.abc import Sequence

import numpy as np

from sim.chains import joining
from sim.chains.book import MOBILISEREN
from sim.model import WaardenModel
from sim.reductions.common import (
    blocks,
    build,
    complete_graph,
    poisson_graph,
    reduction_config,
    reset_chains,
    seed_cases,
    set_network,
)


# ---------------------------------------------------------------- threshold models
def spread(model: WaardenModel, max_weeks: int = 100_000) -> np.ndarray:
    """Run the production joining phase (`joining.mobilise`) week after week until a week
    passes in which nobody joins; return the number of members after each week (the first
    entry before the first week, the last two equal).

    With `chains.attention=1` the decisions of a week depend only on who is already in, so
    a week without joiners is the fixed point of the threshold dynamics.
    """
    sizes = [len(model.chains.active_rows(MOBILISEREN))]
    for _ in range(max_weeks):
        model.world.week += 1
        joining.mobilise(model.world)
        sizes.append(len(model.chains.active_rows(MOBILISEREN)))
        if sizes[-1] == sizes[-2]:
            break
    return np.array(sizes)


def chain_sizes(model: WaardenModel, cases: np.ndarray) -> np.ndarray:
    """Active members of each case."""
    book = model.chains
    rows = book.active_rows(MOBILISEREN)
    return np.bincount(book.m_case[rows], minlength=book.n_cases)[np.asarray(cases)]


def granovetter(thresholds: np.ndarray, overrides: Sequence[str] = ()) -> np.ndarray:
    """Final riot size in each row of `thresholds` (one crowd per row, on a complete graph).

    Each row is a crowd of n actors with those absolute thresholds (the number of others who
    must be in before one joins). The instigator is the actor with the lowest threshold if
    that is at most 0 — otherwise nobody starts and the riot has size 0, as in Granovetter's
    recursion r(t+1) = #{threshold <= r(t)} from r(0) = 0.
    """
    thresholds = np.atleast_2d(np.asarray(thresholds, float))
    crowds, n = thresholds.shape
    size = f"population.n_actors={crowds * n}"
    model = build(reduction_config("granovetter", [size, *overrides]))
    set_network(model, blocks([complete_graph(n)] * crowds))
    model.actors.threshold[:] = thresholds.ravel()
    first = thresholds.argmin(axis=1)
    starts = thresholds[np.arange(crowds), first] <= 0
    sizes = np.zeros(crowds, np.int64)
    if starts.any():
        cases = seed_cases(model, (np.arange(crowds) * n + first)[starts])
        spread(model)
        sizes[starts] = chain_sizes(model, cases)
    return sizes


def granovetter_equilibrium(cdf, n: int, grid: int = 200_001) -> float:
    """Granovetter's equilibrium: where r <- n * F(r), iterated from r = 0, comes to rest.

    The iteration rises monotonically to the smallest root of n F(r) - r on [0, n], found
    on a grid and refined by bisection (iterating near the critical spread converges too
    slowly). `cdf` must accept arrays.
    """
    from scipy.optimize import brentq

    r = np.linspace(0.0, n, grid)
    g = n * cdf(r) - r
    below = np.flatnonzero(g <= 0)
    if len(below) == 0:
        return float(n)
    i = below[0]
    if i == 0:
        return 0.0
    return brentq(lambda x: n * cdf(x) - x, r[i - 1], r[i])


def watts(
    model: WaardenModel, n: int, z: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """One cascade per block: a fresh Poisson graph of mean degree z and one random seed.

    `model` holds `blocks * n` actors (config `+reduction=watts`); its ledger is reset.
    Returns the cascade sizes (members of each block's case, seed included) and the
    degree of each seed.
    """
    trials = model.actors.n // n
    reset_chains(model)
    set_network(model, blocks([poisson_graph(n, z, rng) for _ in range(trials)]))
    seeds = np.arange(trials) * n + rng.integers(0, n, trials)
    cases = seed_cases(model, seeds)
    spread(model)
    return chain_sizes(model, cases), model.degree[seeds]


def watts_condition(z: np.ndarray, phi: float) -> np.ndarray:
    """Watts's cascade condition, sum_k k(k-1) rho_k p_k - z, on Poisson graphs of mean z.

    rho_k = 1 for k <= 1/phi (one active neighbour suffices), else 0. Global cascades are
    possible where the value is positive.
    """
    from scipy.stats import poisson

    z = np.atleast_1d(np.asarray(z, float))
    k = np.arange(1, int(np.floor(1 / phi + 1e-12)) + 1)
    pk = poisson.pmf(k[None, :], z[:, None])
    return (k * (k - 1) * pk).sum(axis=1) - z


def watts_window(phi: float) -> tuple[float, float]:
    """The lower and upper mean degree where Watts's cascade condition changes sign."""
    from scipy.optimize import brentq

    z = np.linspace(0.5, 40, 4000)
    f = watts_condition(z, phi)
    change = np.flatnonzero(np.sign(f[1:]) != np.sign(f[:-1]))
    roots = [brentq(lambda x: watts_condition(x, phi)[0], z[i], z[i + 1]) for i in change]
    return roots[0], roots[-1]
