"""WaardenModel: the Mesa model of an Amsterdam waardenmakerij.

One step is one week. The phases run over numpy arrays for all actors and chains at once:

1. `initiate`   bottom-up and top-down cases start at places (sim/chains/initiation.py)
2. `leave`      members drift away or are filtered out; empty chains dissolve
3. `mobilise`   invitations through the network, joining by threshold (joining.py)
4. `pledge`     hours pledged, roles, public-goods imitation (pledging.py)
5. `coordinate` coordination overhead, procedure, progress, stalling (coordination.py)
6. `decide`     investment decisions, executors named (realisation.py)
7. `realise`    quality raised, value and ownership handed out, small wins (feedback.py)
8. `learn`      skill from hours and from other case teams; wear of the places
"""

import logging

import mesa
import numpy as np
from mesa.discrete_space import Network

from sim.agents.actors import ACTOR_CLASSES
from sim.agents.state import draw_population
from sim.business import procurement
from sim.chains import coordination, feedback, initiation, joining, pledging, realisation
from sim.chains.book import GESTAGNEERD, ChainBook, ValueChain
from sim.chains.motives import theme_preference
from sim.config import Config, validate
from sim.environment import Tussenruimte, as_graph, build_places, neighbourhood_network
from sim.errors import InvariantError
from sim.output.records import Recorder

logging.getLogger("MESA").setLevel(logging.WARNING)

WEEKS_PER_YEAR = 52
#: Actor arrays that stay finite and not negative (euro, hours, thresholds).
BUDGETS = (
    "hours_week", "money", "reserved", "income_week", "ownership", "hours_given", "money_given",
    "threshold",
)  # fmt: skip
#: Actor arrays that stay within 0-1.
SHARES = ("values", "passion", "attachment", "trust", "skill", "propensity")
TOLERANCE = 1e-6  # rounding below zero that budgets may show (as check_invariants allows)
LARGEST = np.finfo(float).max
#: What check_state allows, as (lowest, highest, in words); NaN and inf fall outside all.
BUDGET = (-TOLERANCE, LARGEST, "finite, not negative")
SHARE = (0.0, 1.0, "0 to 1")
FINITE = (-LARGEST, LARGEST, "finite")


class WaardenModel(mesa.Model):
    """Actors, places and value chains of one wijk (or more), stepped a week at a time.

    Args:
        config: a `sim.config.Config` (defaults if None); validated before anything is built.
        mesa_space: create the Mesa agents (and, if `environment.network_space`, the Mesa
            `Network` space they sit on); off when only the arrays are needed.
    """

    def __init__(self, config: Config | None = None, mesa_space: bool = True):
        cfg = validate(config if config is not None else Config())
        # Five streams: model, places, population, network, procurement (spawn(5)'s first
        # four are spawn(4)'s, so adding the procurement stream left the others unchanged).
        streams = np.random.SeedSequence(cfg.seed).spawn(5)
        super().__init__(rng=np.random.default_rng(streams[0]))
        self.cfg = cfg
        self.week = 0
        self.n_weeks = int(round(cfg.run.years * WEEKS_PER_YEAR))
        env = cfg.environment

        self.places = build_places(env, np.random.default_rng(streams[1]))
        self.actors = draw_population(
            cfg.population,
            self.places.n_parcels,
            env.parcels_per_buurt,
            np.random.default_rng(streams[2]),
        )
        st = self.actors
        kinds = cfg.population.kinds()
        cross = np.array([k.cross_ties for k in kinds.values()])[st.kind]
        self.adjacency, self.kenniskring = neighbourhood_network(
            st.buurt, st.kind, cross, env, np.random.default_rng(streams[3])
        )
        self.degree = np.diff(self.adjacency.indptr)
        self.theme_preference = theme_preference(st.values)  # values do not change
        self.procurement_rng = np.random.default_rng(streams[4])
        st.firm[:] = procurement.assign_firms(
            st.kind, cfg.procurement.firm_shares, self.procurement_rng
        )
        self.bidder_ids = procurement.bidder_pool(st.kind, st.firm)
        self.can_bid = np.zeros(st.n, bool)
        self.can_bid[self.bidder_ids] = True
        self.social_ids = np.flatnonzero(st.firm == procurement.SOCIAL)
        self.people = np.bincount(st.parcel, minlength=self.places.n_parcels)
        self.ledger_benefit = np.zeros(st.n)  # MKBA benefits each actor receives (discounted)
        self.ledger_paid = np.zeros(st.n)  # MKBA costs each actor bears (discounted)
        self._init_decisions()

        self.chains = ChainBook()
        self.tussenruimte = Tussenruimte(cfg.tussenruimte, cfg.chains)
        self.recorder = Recorder(self)
        self.week_hours = dict.fromkeys(("coordination", "procedure", "productive"), 0.0)
        self.week_hours_by_actor = np.zeros(st.n)
        self.week_money = 0.0
        self.space = None
        if mesa_space:
            self._create_agents(env.network_space)
        self.check_state()

    def _create_agents(self, network_space: bool) -> None:
        """One Mesa agent per actor, on the cells of a Mesa Network when asked for.

        At city scale the networkx graph behind a Mesa Network is too slow and too large;
        there the agents exist without cells and the network stays a sparse matrix.
        """
        if network_space:
            self.graph = as_graph(self.adjacency)
            self.space = Network(self.graph, capacity=1, random=self.random, layout=None)
        for k, cls in enumerate(ACTOR_CLASSES):
            idx = np.flatnonzero(self.actors.kind == k)
            cells = [self.space._cells[i] for i in idx] if self.space else [None] * len(idx)
            cls.create_agents(self, len(idx), idx.tolist(), cells)

    def _init_decisions(self) -> None:
        """Joining thresholds and pledge propensities (the two decision rules' parameters)."""
        cfg, st = self.cfg, self.actors
        if cfg.population.heterogeneity:
            st.threshold[:] = np.clip(
                self.rng.normal(cfg.chains.threshold, cfg.chains.threshold_sd, st.n), 0, None
            )
            p = cfg.pledge.propensity * (0.5 + st.passion)
            st.propensity[:] = np.clip(
                self.rng.beta(4 * p.clip(0.02, 0.98), 4 * (1 - p).clip(0.02, 0.98)), 0, 1
            )
        else:
            st.threshold[:] = cfg.chains.threshold
            st.propensity[:] = cfg.pledge.propensity
        circle = self.kenniskring
        st.trust[circle] = np.maximum(st.trust[circle], cfg.environment.kenniskring_trust)

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week of the waardenmakerij."""
        self.week += 1
        self.week_hours = dict.fromkeys(self.week_hours, 0.0)
        self.week_hours_by_actor = np.zeros(self.actors.n)
        self.week_money = 0.0
        st = self.actors
        st.money += st.income_week

        initiation.initiate(self)
        joining.leave(self)
        feedback.dissolve_empty(self)
        joining.mobilise(self)
        pledging.pledge(self)
        stalled = coordination.coordinate(self)
        feedback.end_cases(self, stalled, GESTAGNEERD)
        realisation.decide(self)
        wins = realisation.realise(self)
        feedback.small_wins(self, wins)
        feedback.learn(self)
        self.places.decay(self.cfg.environment.quality_decay_year / WEEKS_PER_YEAR)
        self.recorder.record(self)
        self.check_state(full=self.week % WEEKS_PER_YEAR == 0 or self.week >= self.n_weeks)
        self.chains.compact()
        if self.week >= self.n_weeks:
            self.running = False

    def run(self) -> "WaardenModel":
        """Step until the configured number of weeks has passed."""
        while self.week < self.n_weeks:
            self.step()
        return self

    # ------------------------------------------------------------------ views
    def value_chain(self, case: int) -> ValueChain:
        """A view of one case and its value chain."""
        return ValueChain(self.chains, case)

    def check_state(self, full: bool = True) -> None:
        """The cheap invariants of every run: the week's recorded indicators finite; when
        `full` (after building, at the end of each year and of the run) also the actors'
        budgets finite and not negative, shares, qualities and friction within 0-1, case
        values and ledgers finite. Raises InvariantError naming the week and the quantity;
        `check_invariants` (the tests') checks more."""
        checks = []
        if self.week:
            week = self.recorder.weeks - 1
            row = np.array([column[week] for column in self.recorder.data.values()])
            if not np.isfinite(row).all():
                name = next(
                    c for c, v in zip(self.recorder.data, row, strict=True) if not np.isfinite(v)
                )
                checks.append((f"timeseries.{name}", self.recorder.data[name][week], *FINITE))
        if full:
            st, book = self.actors, self.chains
            checks += [(f"actors.{name}", getattr(st, name), *BUDGET) for name in BUDGETS]
            checks += [(f"actors.{name}", getattr(st, name), *SHARE) for name in SHARES]
            checks += [
                ("places.quality", self.places.quality, *SHARE),
                ("tussenruimte.level", self.tussenruimte.level, *SHARE),
                ("cases.value", book.c_value[: book.n_cases], *FINITE),
                ("ledger_benefit", self.ledger_benefit, *FINITE),
                ("ledger_paid", self.ledger_paid, *FINITE),
            ]
        for name, values, lo, hi, allowed in checks:
            if np.size(values) == 0:
                continue
            low, high = np.min(values), np.max(values)  # a NaN makes both NaN
            if not (lo <= low and high <= hi):  # False for NaN and for inf
                raise InvariantError(
                    f"week {self.week}: {name} reached {low:g} to {high:g} (allowed: {allowed}): "
                    "the run stopped, the config takes the model beyond what it can compute"
                )

    def check_invariants(self) -> None:
        """Assert the model's invariants (used by the tests after every step)."""
        self.actors.check()
        book = self.chains
        m = book.all_members()
        rows = book.active_rows()
        weekly = np.bincount(
            book.m_actor[rows],
            book.m_hours_week[rows] * ~book.m_paid[rows],
            minlength=self.actors.n,
        )
        assert (weekly <= self.actors.hours_week + 1e-9).all(), "more hours pledged than available"
        assert (m["hours_given"] <= m["hours_pledged"] + 1e-6).all(), "gave unpledged hours"
        assert np.isfinite(book.c_value[: book.n_cases]).all()
        owned = self.actors.ownership.sum()
        added = np.clip(book.c_value[: book.n_cases].sum(axis=1), 0, None).sum()
        assert abs(owned - added) <= 1e-6 * max(1.0, added), "ownership not from value added"
        assert 0.0 <= self.tussenruimte.level <= 1.0
