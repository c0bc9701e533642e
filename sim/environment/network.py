"""The neighbourhood network: who knows whom (CONCEPTS.md: environment).

Mostly local: within each buurt, actors sorted by perceel sit on a ring lattice with
`local_degree` ties each, a share `rewiring` of them redrawn within the buurt (a small world
per buurt). Business and organisational ties cross buurten: each actor of a kind draws
`cross_ties` partners anywhere. The optional MKB kenniskring (principle 6, build on what is
already there) is a clique of officials and entrepreneurs.

Built straight into a scipy sparse matrix with numpy, so the same code serves a wijk and a
city; `as_graph` gives the networkx view for the Mesa `Network` space.
"""

import networkx as nx
import numpy as np
import scipy.sparse as sp

from sim.config import EnvironmentConfig
from sim.vocabulary import Kind


def ring_edges(groups: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Ring-lattice edges with k/2 ties each side, within each group of consecutive ids."""
    n = len(groups)
    if n == 0 or k == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, n])
    first = np.repeat(starts, sizes)
    size = np.repeat(sizes, sizes)
    pos = np.arange(n) - first
    src, dst = [], []
    for offset in range(1, k // 2 + 1):
        ok = size > offset
        src.append(np.flatnonzero(ok))
        dst.append((first + (pos + offset) % size)[ok])
    return np.concatenate(src), np.concatenate(dst)


def neighbourhood_network(
    buurt: np.ndarray,
    kind: np.ndarray,
    cross_ties: np.ndarray,
    cfg: EnvironmentConfig,
    rng: np.random.Generator,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Symmetric 0/1 adjacency (CSR) and the kenniskring membership mask.

    `buurt` must be sorted (actors are numbered by buurt and perceel), `cross_ties[i]` is how
    many ties actor i draws across the whole area.
    """
    n = len(buurt)
    src, dst = ring_edges(buurt, cfg.local_degree)
    # Rewire a share of local ties to a random actor of the same buurt.
    rewire = rng.random(len(dst)) < cfg.rewiring
    starts = np.searchsorted(buurt, buurt[src[rewire]], side="left")
    ends = np.searchsorted(buurt, buurt[src[rewire]], side="right")
    dst = dst.copy()
    dst[rewire] = starts + (rng.random(rewire.sum()) * (ends - starts)).astype(np.int64)
    # Business and organisational ties across buurten.
    cross_src = np.repeat(np.arange(n), cross_ties)
    cross_dst = rng.integers(0, n, len(cross_src))
    # The kenniskring: officials and entrepreneurs who already trust each other.
    circle = np.zeros(n, bool)
    if cfg.kenniskring:
        pool = np.flatnonzero((kind == Kind.ONDERNEMER) | (kind == Kind.AMBTENAAR))
        size = min(cfg.kenniskring_size, len(pool))
        members = np.sort(rng.choice(pool, size, replace=False))
        circle[members] = True
        a, b = np.triu_indices(size, 1)
        cross_src = np.r_[cross_src, members[a]]
        cross_dst = np.r_[cross_dst, members[b]]
    rows = np.r_[src, dst, cross_src, cross_dst]
    cols = np.r_[dst, src, cross_dst, cross_src]
    keep = rows != cols
    adj = sp.csr_matrix((np.ones(keep.sum(), np.float32), (rows[keep], cols[keep])), shape=(n, n))
    adj.data[:] = 1.0  # duplicates summed to >1: a tie is a tie
    return adj, circle


def tie_entries(adjacency: sp.csr_matrix, actors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The adjacency entries of the `actors`' rows, row after row, and each actor's degree:
    a walk over these actors' ties only.

    >>> adj = sp.csr_matrix(np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], float))
    >>> [a.tolist() for a in tie_entries(adj, np.array([2, 0]))]
    [[3, 0, 1], [1, 2]]
    """
    start = adjacency.indptr[actors]
    deg = adjacency.indptr[actors + 1] - start
    return np.repeat(start - np.cumsum(deg) + deg, deg) + np.arange(deg.sum()), deg


def entry_owners(adjacency: sp.csr_matrix) -> np.ndarray:
    """The row (actor) of every adjacency entry."""
    return np.repeat(np.arange(adjacency.shape[0]), np.diff(adjacency.indptr))


def neighbour_counts(
    adjacency: sp.csr_matrix,
    actors: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How many neighbours each actor has in each group, from the groups' members.

    `actors[m]` is in group `groups[m]`. Returns (actor, group, count) for every pair with a
    count above zero, sorted by actor and group; with `weights` (one per adjacency entry) the
    count is the sum of the weights of those ties instead. Walks only the members' ties, not
    the whole network: the cost grows with the members' degrees.
    """
    entries, deg = tie_entries(adjacency, actors)
    neighbours = adjacency.indices[entries]
    # One key per (neighbour, group) tie, sorted; 32-bit keys sort about twice as fast as
    # 64-bit ones, so use them when every key fits.
    dtype = np.int32 if adjacency.shape[0] * max(n_groups, 1) < 2**31 else np.int64
    key = neighbours.astype(dtype) * dtype(n_groups) + np.repeat(groups.astype(dtype), deg)
    unsorted = key if weights is None else key.copy()
    key.sort()
    if len(key) == 0:
        return key.astype(np.int64), key.astype(np.int64), np.zeros(0, np.int64)
    new = np.empty(len(key), bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    at = np.flatnonzero(new)
    if weights is None:
        count = np.diff(np.append(at, len(key)))
    else:  # each tie's weight to its (neighbour, group) pair, summed in walking order
        pair = np.searchsorted(key[at], unsorted)
        count = np.bincount(pair, weights[entries], minlength=len(at))
    key = key[at]
    actor = key // n_groups
    return actor.astype(np.int64), (key - actor * n_groups).astype(np.int64), count


def as_graph(adjacency: sp.csr_matrix) -> nx.Graph:
    """The networkx graph of an adjacency matrix (nodes are actor indices)."""
    return nx.from_scipy_sparse_array(adjacency)
