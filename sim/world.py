"""The World: everything the week's phases read and change (ODD: entities and state).

The Mesa model (`sim.model.WaardenModel`) owns one World and steps it; each phase in
`sim.chains` is a function of the World (and of what earlier phases of the week returned)
that returns a record of what happened (`sim.week`).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sim.agents.state import ActorState, draw_population
from sim.business import procurement
from sim.chains import joining, pledging, small_wins, trusted_ties, turnover
from sim.chains.book import ChainBook
from sim.chains.motives import theme_preference
from sim.config import Config
from sim.environment import Tussenruimte, build_places, neighbourhood_network
from sim.environment.places import Places
from sim.streams import Streams
from sim.vocabulary import WEEKS_PER_YEAR, Firm, Kind


@dataclass
class Market:
    """The procurement market (theme 4): who can bid, which bidders are social enterprises,
    and the market's own random stream (so tenders do not shift the other draws)."""

    bidders: np.ndarray  # actor ids that can bid
    can_bid: np.ndarray  # (actors,) bool
    social: np.ndarray  # actor ids of the social enterprises
    rng: np.random.Generator


@dataclass
class World:
    """Actors, places, the network, the chain book, tussenruimte and the market.

    A World holds one run, or a batch of runs as consecutive blocks of actors, places and
    wijken (`sim.batch`); `streams` gives each run its own random stream (`sim.streams`)
    and `markets` its own procurement market.
    """

    cfg: Config
    rng: np.random.Generator | None  # the model's stream (None in a batch: see `streams`)
    actors: ActorState
    places: Places
    adjacency: sp.csr_matrix  # who knows whom, symmetric 0/1
    kenniskring: np.ndarray  # (actors,) bool: in the MKB kenniskring (principle 6)
    chains: ChainBook
    tussenruimte: Tussenruimte
    markets: list[Market]  # one a run
    theme_preference: np.ndarray  # (actors, themes), from the values (which do not change)
    people: np.ndarray  # (percelen,) actors at home on each perceel
    ledger_benefit: np.ndarray  # (actors,) MKBA benefits received, euro discounted
    ledger_paid: np.ndarray  # (actors,) MKBA costs borne, euro discounted
    start: dict = None  # trait -> (actors,) starting values, what a newcomer brings (turnover)
    residents: np.ndarray = None  # actor ids of the residents (bewoners)
    tie_trust: np.ndarray = None  # (ties,) trust of each adjacency entry (trusted_ties)
    tie_degree: np.ndarray = None  # (actors,) sum of each actor's tie trust
    streams: Streams = None  # the runs' random streams: initiation, joining, pledging
    # The runs' streams of who moves (turnover), apart from the others: a run without cases
    # moves the same residents as one with them (the nulalternatief's common random numbers).
    moves: Streams = None
    week: int = 0
    # Value of realised cases no community member put anything into (a float, one a run in
    # a batch).
    unowned_eur: float | np.ndarray = 0.0

    @property
    def degree(self) -> np.ndarray:
        """Number of ties of each actor."""
        return self._degree

    @property
    def market(self) -> Market:
        """The procurement market of a World of one run."""
        (market,) = self.markets
        return market

    def __post_init__(self):
        if self.streams is None:
            self.streams = Streams.single(self.rng, self.actors.n)
        self.set_network(self.adjacency)

    def set_network(self, adjacency: sp.csr_matrix) -> None:
        """Put a network in place (the reductions put classic graphs here), its ties at
        their starting trust (`sim.chains.trusted_ties.initial_tie_trust`)."""
        adjacency.sort_indices()  # rows sorted: `sim.agents.turnover.reverse_entries`
        self.adjacency = adjacency
        self._degree = np.diff(adjacency.indptr)
        env = self.cfg.environment
        self.tie_trust = trusted_ties.initial_tie_trust(
            adjacency, self.actors.trust, self.kenniskring, env.kenniskring_trust
        )
        self.tie_degree = trusted_ties.degrees(adjacency, self.tie_trust)


def begin_week(world: World) -> None:
    """A week starts: the clock moves on and incomes come in."""
    world.week += 1
    world.actors.money += world.actors.income_week


def end_week(world: World) -> None:
    """What every week ends with, cases or not: thresholds return and unused skill fades
    (`sim.chains.small_wins.forget`), the tussenruimte returns towards its friction, and the
    places wear."""
    small_wins.forget(world)
    world.tussenruimte.forget()
    world.places.decay(world.cfg.environment.quality_decay_year / WEEKS_PER_YEAR)


def build_world(cfg: Config, rng: np.random.Generator, streams: Sequence) -> World:
    """The World of a validated config: `rng` is the model's stream, `streams` the
    SeedSequences of places, population, network, procurement and moves (in that order)."""
    places_ss, population_ss, network_ss, procurement_ss, moves_ss = streams
    env = cfg.environment
    places = build_places(env, np.random.default_rng(places_ss))
    st = draw_population(
        cfg.population,
        places.n_parcels,
        env.parcels_per_buurt,
        np.random.default_rng(population_ss),
    )
    kinds = cfg.population.kinds()
    cross = np.array([k.cross_ties for k in kinds.values()])[st.kind]
    adjacency, kenniskring = neighbourhood_network(
        st.buurt, st.kind, cross, env, np.random.default_rng(network_ss)
    )
    market_rng = np.random.default_rng(procurement_ss)
    st.firm[:] = procurement.assign_firms(st.kind, cfg.procurement.firm_shares, market_rng)
    bidders = procurement.bidder_pool(st.kind, st.firm)
    can_bid = np.zeros(st.n, bool)
    can_bid[bidders] = True
    market = Market(bidders, can_bid, np.flatnonzero(st.firm == Firm.SOCIAAL), market_rng)
    st.threshold[:] = joining.thresholds(cfg, st.n, rng)
    st.propensity[:] = pledging.propensities(cfg, st.passion, rng)
    st.trust[kenniskring] = np.maximum(st.trust[kenniskring], env.kenniskring_trust)
    world = World(
        cfg=cfg,
        rng=rng,
        actors=st,
        places=places,
        adjacency=adjacency,
        kenniskring=kenniskring,
        chains=ChainBook(),
        tussenruimte=Tussenruimte(cfg.tussenruimte, cfg.chains, len(places.wijk_stadsdeel)),
        markets=[market],
        theme_preference=theme_preference(st.values),
        people=np.bincount(st.parcel, minlength=places.n_parcels),
        ledger_benefit=np.zeros(st.n),
        ledger_paid=np.zeros(st.n),
        start=turnover.starting_traits(st),
        residents=np.flatnonzero(st.kind == Kind.BEWONER),
        moves=Streams.single(np.random.default_rng(moves_ss), st.n),
    )
    return world
