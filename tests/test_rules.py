"""The building blocks that reduce to classic models: public goods payoffs, Fermi imitation,
the ring lattice, and the summary's inequality and balance measures."""

import itertools

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from sim.chains.pledging import fermi_imitation, public_goods_payoffs
from sim.environment.network import ring_edges
from sim.output.tables import capital_balance, gini

# ------------------------------------------------------------------ public goods payoffs

# Three players and a bystander: actors 0 and 1 play games 0 and 1, actor 2 plays game 1.
ACTOR = np.array([0, 1, 0, 1, 2])
GROUP = np.array([0, 0, 1, 1, 1])
LEVEL = {0: 1.0, 1: 0.0, 2: 0.5}  # contribution level per actor


def test_public_goods_per_game_by_hand():
    # r = 3; per game each player puts in its full x.
    # game 0: pot 1 + 0 = 1, two players share 3 * 1 / 2 = 1.5 each
    # game 1: pot 1 + 0 + 0.5 = 1.5, three players share 3 * 1.5 / 3 = 1.5 each
    # actor 0: (1.5 - 1) + (1.5 - 1) = 1.0; actor 1: 1.5 + 1.5 = 3.0; actor 2: 1.5 - 0.5 = 1.0
    x = np.array([LEVEL[a] for a in ACTOR])
    got = public_goods_payoffs(ACTOR, GROUP, x, 3.0, "per_game", 4)
    np.testing.assert_allclose(got, [1.0, 3.0, 1.0, 0.0])


def test_public_goods_per_individual_by_hand():
    # r = 3; each player splits its x over its games: actor 0 puts 0.5 in each of two.
    # game 0: pot 0.5, share 3 * 0.5 / 2 = 0.75; game 1: pot 0.5 + 0.5 = 1, share 1.0
    # actor 0: (0.75 - 0.5) + (1.0 - 0.5) = 0.75; actor 1: 0.75 + 1.0 = 1.75; actor 2: 0.5
    x = np.array([LEVEL[a] for a in ACTOR])
    got = public_goods_payoffs(ACTOR, GROUP, x, 3.0, "per_individual", 4)
    np.testing.assert_allclose(got, [0.75, 1.75, 0.5, 0.0])


@pytest.mark.parametrize("scheme", ["per_game", "per_individual"])
def test_public_goods_properties(scheme):
    rng = np.random.default_rng(0)
    n, games = 40, 15
    actor = rng.integers(0, n, 120)
    group = rng.integers(0, games, 120)
    keep = np.unique(actor * games + group, return_index=True)[1]  # one seat per game
    actor, group = actor[keep], group[keep]
    level = rng.random(n)
    x = level[actor]
    r = 2.5
    payoff = public_goods_payoffs(actor, group, x, r, scheme, n)
    games_of = np.bincount(actor, minlength=n)
    given = x if scheme == "per_game" else x / games_of[actor]
    # The pot is multiplied by r and shared out: total payoff is (r - 1) x total given.
    assert payoff.sum() == pytest.approx((r - 1) * given.sum())
    assert (payoff[games_of == 0] == 0).all()
    # Defecting changes a player's payoff by its stake times (1 - r / group size) per game.
    me = actor[0]
    free = public_goods_payoffs(actor, group, np.where(actor == me, 0.0, x), r, scheme, n)
    size = np.bincount(group)
    mine = actor == me
    expected = (given[mine] * (1 - r / size[group[mine]])).sum()
    assert free[me] - payoff[me] == pytest.approx(expected)
    # Full cooperation in one group of size g pays r - 1 per unit.
    one = public_goods_payoffs(np.arange(5), np.zeros(5, int), np.ones(5), r, scheme, 5)
    np.testing.assert_allclose(one, r - 1)


def test_public_goods_empty():
    empty = np.array([], int)
    got = public_goods_payoffs(empty, empty, np.array([]), 3.0, "per_game", 3)
    np.testing.assert_array_equal(got, np.zeros(3))


# ------------------------------------------------------------------ Fermi imitation


def ring(n: int, k: int = 2) -> sp.csr_matrix:
    return nx.to_scipy_sparse_array(nx.watts_strogatz_graph(n, k, 0.0), format="csr")


def test_fermi_rate_zero_changes_nothing():
    rng = np.random.default_rng(1)
    strategy = rng.random(50)
    payoff = rng.normal(0, 100, 50)
    new = fermi_imitation(strategy, payoff, ring(50, 4), 0.0, 0.5, rng)
    np.testing.assert_array_equal(new, strategy)


def test_fermi_copies_a_much_better_neighbour():
    adjacency = sp.csr_matrix(np.array([[0, 1], [1, 0]], float))
    strategy = np.array([0.1, 0.9])
    payoff = np.array([0.0, 1e6])
    new = fermi_imitation(strategy, payoff, adjacency, 1.0, 0.5, np.random.default_rng(2))
    np.testing.assert_array_equal(new, [0.9, 0.9])  # the poor copies, the rich keeps its own
    np.testing.assert_array_equal(strategy, [0.1, 0.9])  # the input is not changed


def test_fermi_never_copies_a_much_worse_neighbour():
    n = 200
    strategy = np.arange(n) % 2 * 1.0
    payoff = np.where(strategy == 1, 1e6, 0.0)  # on a ring, every neighbour is the other kind
    new = fermi_imitation(strategy, payoff, ring(n), 1.0, 0.5, np.random.default_rng(3))
    np.testing.assert_array_equal(new, np.ones(n))


def test_fermi_equal_payoffs_is_a_coin_flip():
    n = 4000
    strategy = np.arange(n) % 2 * 1.0
    new = fermi_imitation(strategy, np.zeros(n), ring(n), 1.0, 0.5, np.random.default_rng(4))
    changed = (new != strategy).mean()
    assert 0.45 < changed < 0.55


def test_fermi_isolated_actors_keep_their_strategy():
    adjacency = sp.csr_matrix((3, 3))
    strategy = np.array([0.2, 0.5, 0.8])
    payoff = np.array([0.0, 10.0, 1e6])
    new = fermi_imitation(strategy, payoff, adjacency, 1.0, 0.5, np.random.default_rng(5))
    np.testing.assert_array_equal(new, strategy)


# ------------------------------------------------------------------ the ring lattice


@pytest.mark.parametrize("k", [2, 4, 8])
def test_ring_edges_is_a_ring_lattice_per_group(k):
    sizes = [12, 20, 9]
    groups = np.repeat(np.arange(len(sizes)), sizes)
    src, dst = ring_edges(groups, k)
    assert len(src) == len(dst) == len(groups) * k // 2
    assert (groups[src] == groups[dst]).all(), "a tie leaves its group"
    assert (src != dst).all()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(groups)))
    graph.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    assert graph.number_of_edges() == len(src), "duplicate ties"
    assert {d for _, d in graph.degree()} == {k}
    # Each group is exactly networkx's ring lattice (Watts-Strogatz with no rewiring).
    first = 0
    for size in sizes:
        part = nx.convert_node_labels_to_integers(graph.subgraph(range(first, first + size)))
        edges = {frozenset(e) for e in part.edges()}
        assert edges == {frozenset(e) for e in nx.watts_strogatz_graph(size, k, 0.0).edges()}
        first += size


def test_ring_edges_degree_zero_and_empty():
    for groups, k in ((np.zeros(10, int), 0), (np.array([], int), 4)):
        src, dst = ring_edges(groups, k)
        assert len(src) == len(dst) == 0


# ------------------------------------------------------------------ gini and balance


def gini_by_pairs(x) -> float:
    """The textbook definition: mean absolute difference over twice the mean."""
    x = np.asarray(x, float)
    diffs = sum(abs(a - b) for a, b in itertools.product(x, x))
    return diffs / (2 * len(x) ** 2 * x.mean())


def test_gini_known_values():
    assert gini([5, 5, 5, 5]) == pytest.approx(0.0)
    assert gini([0, 0, 0]) == 0.0
    assert gini([]) == 0.0
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75)  # one holds all: (n - 1) / n
    assert gini([1, 2, 3, 4, 5]) == pytest.approx(4 / 15)


def test_gini_matches_the_pairwise_definition():
    rng = np.random.default_rng(6)
    for _ in range(5):
        x = rng.lognormal(0, 1, 30)
        assert gini(x) == pytest.approx(gini_by_pairs(x))
        assert gini(x) == pytest.approx(gini(rng.permutation(x) * 7.0))  # order, scale


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([1.0, 1.0, 1.0], 1.0),  # balanced growth
        ([2.0, 1.0, 1.0], 0.5),  # the weakest grew half as much as the strongest
        ([2.0, -1.0, 1.0], -0.5),  # one capital fell while another grew
        ([1.0, -5.0, 1.0], -1.0),  # clipped at -1
        ([0.0, 0.0, 0.0], 0.0),  # nothing grew
        ([-1.0, -2.0, -3.0], 0.0),  # nothing grew
    ],
)
def test_capital_balance(value, expected):
    assert capital_balance(np.array(value)) == pytest.approx(expected)
