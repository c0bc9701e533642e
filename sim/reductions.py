"""Reductions of the engine to classic models: the set-ups, never the rules.

Each helper puts a classic situation on a `WaardenModel` built from a `configs/reduction/`
config — a graph into `model.adjacency`, thresholds into `model.actors.threshold`, seed cases
into the ChainBook, binary propensities into `model.actors.propensity` — and then runs the
production functions: `sim.chains.joining.mobilise` for the threshold models (Granovetter
1978, Watts 2002) and `sim.chains.pledging.public_goods_payoffs` with
`sim.chains.pledging.fermi_imitation` for the public goods game (Santos, Santos & Pacheco
2008). Nothing here decides who joins or whom to imitate. The limits of the full model
(`limit_*` configs) run `WaardenModel.step` itself; `stall_probe` only watches it.

Independent replicas run side by side in one model as disjoint blocks of the network: an
invitation or an imitation never crosses a block, so each block is its own experiment.

docs/validation.md shows the results; experiments/validation/ has the full-size scripts.
"""

import copy
import functools
from collections.abc import Sequence
from contextlib import contextmanager

import networkx as nx
import numpy as np
import scipy.sparse as sp

from sim.api import compose_config, to_config
from sim.chains import coordination, decision, joining, pledging
from sim.chains.book import MOBILISEREN, ChainBook
from sim.config import KINDS, Config
from sim.environment.network import ring_edges
from sim.model import WaardenModel
from sim.vocabulary import Origin, Role
from sim.week import Worked

# ---------------------------------------------------------------- configs and models


def reduction_config(name: str, overrides: Sequence[str] = ()) -> Config:
    """The validated config of `+reduction=<name>` plus further Hydra overrides."""
    return copy.deepcopy(_composed(name, tuple(overrides)))


@functools.lru_cache(maxsize=64)
def _composed(name: str, overrides: tuple[str, ...]) -> Config:
    return to_config(compose_config([f"+reduction={name}", *overrides]))


def build(cfg: Config) -> WaardenModel:
    """A model of the arrays only (no Mesa agents: the reductions need none)."""
    return WaardenModel(cfg, mesa_space=False)


def without_kind(kind: str) -> list[str]:
    """Overrides that remove one actor kind, the others keeping their proportions."""
    shares = {k: getattr(Config().population, k).share for k in KINDS}
    rest = sum(v for k, v in shares.items() if k != kind)
    return [f"population.{k}.share={0.0 if k == kind else v / rest!r}" for k, v in shares.items()]


# ---------------------------------------------------------------- graphs


def _symmetric(rows: np.ndarray, cols: np.ndarray, n: int) -> sp.csr_matrix:
    """0/1 symmetric adjacency without self-ties, as the engine stores it."""
    keep = rows != cols
    r, c = np.r_[rows[keep], cols[keep]], np.r_[cols[keep], rows[keep]]
    adj = sp.csr_matrix((np.ones(len(r), np.float32), (r, c)), shape=(n, n))
    adj.data[:] = 1.0
    adj.sort_indices()
    return adj


def complete_graph(n: int) -> sp.csr_matrix:
    """Everyone knows everyone (Granovetter's crowd)."""
    a, b = np.triu_indices(n, 1)
    return _symmetric(a, b, n)


def poisson_graph(n: int, z: float, rng: np.random.Generator) -> sp.csr_matrix:
    """An Erdos-Renyi G(n, p) graph with p = z / (n - 1): Poisson degrees of mean z.

    The number of ties is drawn from its binomial; that many distinct pairs are then
    taken uniformly at random (sampling pairs with replacement, dropping repeats and
    self-pairs, and keeping a random subset of the right size).
    """
    pairs = n * (n - 1) // 2
    m = rng.binomial(pairs, min(z / max(n - 1, 1), 1.0))
    while True:
        k = int(m * 1.2) + 16
        i, j = rng.integers(0, n, k), rng.integers(0, n, k)
        ok = i != j
        key = np.unique(np.minimum(i, j)[ok].astype(np.int64) * n + np.maximum(i, j)[ok])
        if len(key) >= m:
            key = rng.permutation(key)[:m]
            return _symmetric(key // n, key % n, n)


def ring_lattice(n: int, k: int) -> sp.csr_matrix:
    """The engine's ring lattice (`sim.environment.network.ring_edges`), k ties each."""
    src, dst = ring_edges(np.zeros(n, np.int64), k)
    return _symmetric(src, dst, n)


def barabasi_albert(n: int, m: int, rng: np.random.Generator) -> sp.csr_matrix:
    """A Barabasi-Albert scale-free graph (networkx), mean degree about 2m."""
    g = nx.barabasi_albert_graph(n, m, seed=int(rng.integers(2**31)))
    return sp.csr_matrix(nx.to_scipy_sparse_array(g, nodelist=range(n), dtype=np.float32))


def blocks(graphs: Sequence[sp.spmatrix]) -> sp.csr_matrix:
    """Disjoint union of graphs: block i holds actors sum(sizes[:i]) onwards."""
    adj = sp.block_diag(graphs, format="csr").astype(np.float32)
    adj.sort_indices()
    return adj


def set_network(model: WaardenModel, adjacency: sp.spmatrix) -> None:
    """Put a graph into the model in place of the neighbourhood network."""
    adj = sp.csr_matrix(adjacency, dtype=np.float32)
    if adj.shape != (model.actors.n, model.actors.n):
        raise ValueError(f"graph of shape {adj.shape} for {model.actors.n} actors")
    model.world.set_network(adj)


# ---------------------------------------------------------------- threshold models


def reset_chains(model: WaardenModel) -> None:
    """An empty ledger: no cases, no memberships, no money reserved."""
    model.world.chains = ChainBook()
    model.actors.reserved[:] = 0.0


def seed_cases(model: WaardenModel, instigators: np.ndarray) -> np.ndarray:
    """One case per instigator, at its home perceel, with the instigator as initiator."""
    st, book = model.actors, model.chains
    instigators = np.asarray(instigators, np.int64)
    k = len(instigators)
    themes = np.zeros((k, 5), bool)
    themes[:, 0] = True
    parcel = st.parcel[instigators]
    ids = book.open_cases(
        np.full(k, Origin.BOTTOM_UP, np.int8),
        instigators,
        parcel,
        model.places.parcel_buurt[parcel],
        np.zeros(k, np.int8),
        themes,
        model.week,
    )
    book.add_members(instigators, ids, Role.INITIATIEFNEMER, model.week, np.zeros(k), np.zeros(k))
    return ids


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


# ---------------------------------------------------------------- limits of the full model

STALL_REASONS = ("money", "members", "direction", "hours", "ready", "none")


def pledge_state(world, cases: np.ndarray) -> dict[str, np.ndarray]:
    """What each (mobilising) case has in place against what its decision needs: the
    decision's own totals (`sim.chains.decision.readiness`) and the team's productive hours
    and work left (`sim.chains.coordination.effort`, `work_left`)."""
    cfg, book = world.cfg.chains, world.chains
    state = decision.readiness(world, cases)
    team = coordination.effort(world, cases)
    todo_proc, todo_prep, _ = coordination.work_left(world, cases)
    return {
        "case": np.asarray(cases),
        "week": np.full(len(cases), world.week),
        "members": state.members,
        "money_pledged": state.pledged,
        "money_needed": state.need,
        "direction": state.direction,
        "productive_hours_week": team.pledged * team.productivity,
        "hours_todo": todo_prep + todo_proc,
        "age": world.week - book.c_week_started[cases],
        "_min_members": np.full(len(cases), cfg.min_members),
        "_direction": np.full(len(cases), cfg.direction),
        "_min_progress": np.full(len(cases), cfg.min_progress_hours),
        "_max_weeks": np.full(len(cases), cfg.max_mobilising_weeks),
    }


def stall_reason(state: dict[str, np.ndarray]) -> np.ndarray:
    """Why each case stalled: the first pledge it lacked, else 'ready' or 'none'.

    The pledges are the decision's: money, members, a shared direction (mean alignment),
    and hours — short when the hours pledged a week, at the case's productivity, are under
    the minimum progress, or when preparation and procedure were unfinished at the
    mobilising limit. 'ready': every pledge in place and nothing left to do, so the case
    became ready in the very week it stalled (the stall check in `coordinate` runs before
    `decide`; a case ready a week earlier would have been decided then). 'none': every
    pledge in place and work left: coordination or procedure ate its progress.
    """
    s = state
    short = {
        "money": s["money_pledged"] < s["money_needed"] - 1e-6,
        "members": s["members"] < s["_min_members"],
        "direction": s["direction"] < s["_direction"],
        "hours": (s["productive_hours_week"] < s["_min_progress"])
        | ((s["age"] >= s["_max_weeks"]) & (s["hours_todo"] > 1e-9)),
        "ready": s["hours_todo"] <= 1e-9,
    }
    reason = np.full(len(s["case"]), "none", dtype=object)
    for name in reversed(STALL_REASONS[:-1]):
        reason[short[name]] = name
    return reason


@contextmanager
def stall_probe(model: WaardenModel):
    """Record the pledge state of every case of `model` at the moment it stalls.

    A probe on the model (`WaardenModel.probes`) that reads the `coordinate` phase's record
    (`sim.week.Worked.stalled`), before the stalled cases' memberships and pledges are
    released; changes nothing. Yields a list that fills with one `pledge_state` dict per
    week with stalls.
    """
    records: list[dict[str, np.ndarray]] = []

    def watching(world, record):
        if isinstance(record, Worked) and len(record.stalled):
            records.append(pledge_state(world, record.stalled))

    model.probes.append(watching)
    try:
        yield records
    finally:
        model.probes.remove(watching)
