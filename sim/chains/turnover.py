"""Residents move out and in (a neighbourhood that settles, CONCEPTS.md: actors).

Each week each resident (bewoner) moves out with probability `population.turnover_year` / 52,
drawn from the run's stream of moves (`World.moves`), so who moves does not depend on the
cases (the same residents move in the nulalternatief, `sim.output.nulalternatief`).
Its chains lose it (its pledges are released; a chain it led gets a new initiator,
`sim.chains.roles.initiator_left`), and a newcomer takes its home: the starting traits of a
resident drawn at random (values, hours, money, income, passion, home attachment, trust,
skill, joining threshold, propensity, paid job; `World.start`), no felt ownership, and the
trust of a stranger in its ties (trust_i * trust_j, `sim.chains.trusted_ties`). The home
keeps its ties (the newcomer gets to know the same neighbours) and its ledgers: the euro of
value owned and the hours and money given so far stay with the home, as the run's history.
"""

import numpy as np

from sim.chains import roles
from sim.chains.book import MOBILISEREN
from sim.environment.network import tie_entries
from sim.vocabulary import WEEKS_PER_YEAR, Role
from sim.week import NONE, Moved

#: The traits a newcomer brings: `World.start` keeps each actor's starting value of these.
TRAITS = (
    "values", "hours_week", "money", "income_week", "passion", "home_attachment", "trust",
    "skill", "threshold", "propensity", "employed",
)  # fmt: skip


def starting_traits(st) -> dict[str, np.ndarray]:
    """A copy of the traits a newcomer may bring, as they are at the start."""
    return {name: getattr(st, name).copy() for name in TRAITS}


def move(world) -> Moved:
    """This week's moves: residents leave their chains and newcomers take their homes."""
    st, streams = world.actors, world.moves
    rate = world.cfg.population.turnover_year / WEEKS_PER_YEAR
    if rate <= 0:
        return Moved(NONE, NONE)
    residents = world.residents
    movers = residents[streams.at(residents).random(len(residents)) < rate]
    if len(movers) == 0:
        return Moved(NONE, NONE)
    rows = leave_chains(world, movers)
    donors = np.empty(len(movers), np.int64)
    for run, at in streams.groups(movers):  # a resident of the mover's own run
        block = streams.actors_of(run)
        lo, hi = np.searchsorted(residents, [block.start, block.stop])
        donors[at] = residents[lo:hi][streams.rngs[run].integers(0, hi - lo, len(donors[at]))]
    for name in TRAITS:
        world.start[name][movers] = world.start[name][donors]
        getattr(st, name)[movers] = world.start[name][donors]
    st.attachment[movers] = st.home_attachment[movers]
    st.felt[movers] = 0.0
    st.reserved[movers] = 0.0
    world.theme_preference[movers] = world.theme_preference[donors]
    meet_as_strangers(world, movers)
    return Moved(movers, rows)


def leave_chains(world, movers: np.ndarray) -> np.ndarray:
    """The movers' memberships end (pledges released); chains they led get a successor."""
    book = world.chains
    rows = book.active_rows()
    rows = rows[np.isin(book.m_actor[rows], movers)]
    book.release_pledges(rows, world.actors.reserved)
    book.leave(rows, world.week)
    led = rows[
        (book.m_role[rows] == Role.INITIATIEFNEMER)
        & (book.c_status[book.m_case[rows]] == MOBILISEREN)
    ]
    roles.initiator_left(world, book.m_case[led])
    return rows


def meet_as_strangers(world, movers: np.ndarray) -> None:
    """The movers' ties, from both ends, start again at trust_i * trust_j."""
    adj, st = world.adjacency, world.actors
    own, deg = tie_entries(adj, movers)
    owner = np.repeat(movers, deg)
    other = adj.indices[own]
    back = reverse_entries(adj, owner, other)
    tau = st.trust[owner] * st.trust[other]
    for entries, rows in ((own, owner), (back, other)):
        np.add.at(world.tie_degree, rows, tau - world.tie_trust[entries])
        world.tie_trust[entries] = tau


def reverse_entries(adj, owner: np.ndarray, other: np.ndarray) -> np.ndarray:
    """For entries (owner -> other) of a symmetric adjacency with sorted rows, the position
    of the entry (other -> owner): a binary search in each `other` row at once."""
    lo, hi = adj.indptr[other].copy(), adj.indptr[other + 1].copy()
    while (hi - lo > 1).any():
        mid = (lo + hi) // 2
        right = adj.indices[np.minimum(mid, len(adj.indices) - 1)] <= owner
        lo = np.where(right & (hi - lo > 1), mid, lo)
        hi = np.where(~right & (hi - lo > 1), mid, hi)
    return lo
