"""Trusted circles (principle 6: build on what is already there; pattern 5).

Each tie i-j of the network carries a trust tau_ij, 0-1 (`World.tie_trust`, one value per
entry of the adjacency, so both directions of a tie). A tie starts at trust_i * trust_j (both
must trust), a tie between two members of the kenniskring at
`environment.kenniskring_trust` (they already trust each other). Social influence counts
ties by their trust (`sim.chains.joining.invitation_scores`): the pull of chain c on actor i is

    sum over i's ties j in c of tau_ij / sum over all i's ties of tau_ij      (fractional)
    sum over i's ties j in c of tau_ij                                         (absolute)

so a circle of trusted ties weighs more than as many acquaintances. Working together builds
trust: each week a tie between two members of the same team closes
`feedback.tie_trust_gain` of its distrust, times the share of the team's meetings its pledges
covered; a stall costs the ties inside its team `feedback.trust_loss` of their trust. A shared
history makes coordination cheaper: a team's history is its trust-weighted density,

    h_c = sum over ordered pairs (i, j) of tied members of tau_ij / (n_c (n_c - 1)),   0-1,

and it cuts the team's coordination hours by the factor 1 - `chains.history_saving` * h_c
(team familiarity: Reagans, Argote & Brooks 2005; Huckman, Staats & Upton 2009). With
`chains.trusted_ties=false` every tie weighs 1 in the influence.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sim.environment.network import entry_owners, tie_entries


def initial_tie_trust(adjacency: sp.csr_matrix, trust: np.ndarray, circle: np.ndarray,
                      circle_trust: float) -> np.ndarray:  # fmt: skip
    """Each tie's trust at the start: the product of its ends' trust, `circle_trust` between
    two members of the kenniskring.

    >>> adj = sp.csr_matrix(np.array([[0, 1], [1, 0]], float))
    >>> initial_tie_trust(adj, np.array([0.5, 0.8]), np.zeros(2, bool), 0.9).round(2).tolist()
    [0.4, 0.4]
    """
    owner = entry_owners(adjacency)
    other = adjacency.indices
    tau = trust[owner] * trust[other]
    both = circle[owner] & circle[other]
    tau[both] = np.maximum(tau[both], circle_trust)
    return tau


def weights(world) -> np.ndarray | None:
    """The ties' weights in social influence: their trust, or None (each tie weighs 1)."""
    return world.tie_trust if world.cfg.chains.trusted_ties else None


def weighted_degree(world, actors: np.ndarray) -> np.ndarray:
    """The sum of each actor's tie weights (its number of ties when ties weigh 1)."""
    if not world.cfg.chains.trusted_ties:
        return world.degree[actors].astype(float)
    return world.tie_degree[actors]


@dataclass(frozen=True, slots=True)
class TeamTies:
    """The ties between members of the same team: adjacency entry, the team's position in
    the list of cases, and the member whose row of the adjacency the entry is in."""

    edges: np.ndarray
    local: np.ndarray
    owner: np.ndarray


def team_ties(world, cases: np.ndarray, rows: np.ndarray) -> TeamTies:
    """The ties inside the teams `rows` of `cases` (each tie once from each end)."""
    book, adj = world.chains, world.adjacency
    actor = book.m_actor[rows]
    local = book.local(cases, rows)
    edges, deg = tie_entries(adj, actor)
    where = np.repeat(local, deg)
    n = max(len(cases), 1)
    keys = np.sort(actor * n + local)
    probe = adj.indices[edges].astype(np.int64) * n + where
    at = np.minimum(np.searchsorted(keys, probe), max(len(keys) - 1, 0))
    tied = np.flatnonzero(keys[at] == probe) if len(keys) else np.zeros(0, np.int64)
    return TeamTies(edges[tied], where[tied], np.repeat(actor, deg)[tied])


def history(world, ties: TeamTies, members: np.ndarray) -> np.ndarray:
    """Each team's shared history h, 0-1: its trust-weighted density (`members` per case)."""
    tau = np.bincount(ties.local, world.tie_trust[ties.edges], minlength=len(members))
    pairs = members * (members - 1.0)
    return np.divide(tau, pairs, out=np.zeros(len(members)), where=pairs > 0)


def familiarity(cfg, history: np.ndarray) -> np.ndarray:
    """The factor on a team's coordination hours: 1 - `history_saving` * h."""
    return 1.0 - cfg.history_saving * history


def work_together(world, ties: TeamTies, covered: np.ndarray) -> None:
    """Ties inside teams that met this week close `tie_trust_gain * covered` of their
    distrust (once a week, however many chains the two share)."""
    gain = world.cfg.feedback.tie_trust_gain * covered[ties.local]
    edges, first = np.unique(ties.edges, return_index=True)
    tau = world.tie_trust[edges]
    _set(world, edges, ties.owner[first], tau + gain[first] * (1 - tau))


def after_stall(world, ties: TeamTies) -> None:
    """The ties inside a stalled team lose `feedback.trust_loss` of their trust."""
    edges, first = np.unique(ties.edges, return_index=True)
    keep = 1 - world.cfg.feedback.trust_loss
    _set(world, edges, ties.owner[first], world.tie_trust[edges] * keep)


def _set(world, edges: np.ndarray, owner: np.ndarray, tau: np.ndarray) -> None:
    """New trust for distinct adjacency entries, keeping each owner's weighted degree."""
    change = tau - world.tie_trust[edges]
    world.tie_trust[edges] = tau
    np.add.at(world.tie_degree, owner, change)


def degrees(adjacency: sp.csr_matrix, tie_trust: np.ndarray) -> np.ndarray:
    """Each actor's weighted degree: the sum of its ties' trust."""
    return np.bincount(entry_owners(adjacency), tie_trust, minlength=adjacency.shape[0])
