"""The set-ups the reductions share: their configs and models, classic graphs, seed cases."""

import copy
import functools
from collections.abc import Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp

from sim.api import compose_config, to_config
from sim.chains.book import ChainBook
from sim.config import KINDS, Config
from sim.environment.network import ring_edges
from sim.model import WaardenModel
from sim.vocabulary import Origin, Role

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
