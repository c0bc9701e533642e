"""WaardenModel: the Mesa model of an Amsterdam waardenmakerij.

One step is one week. The model owns a `World` (sim/world.py) and runs the week's phases
over it, each vectorised over all actors and chains and each returning a record of what
happened (sim/week.py); `step` below lists them in the order docs/ODD.md describes.
"""

import logging
from collections.abc import Callable

import mesa
import numpy as np
from mesa.discrete_space import Network

from sim.agents.actors import ACTOR_CLASSES
from sim.chains import (
    coordination,
    decision,
    eigenaarschap,
    initiation,
    joining,
    lifecycle,
    ownership,
    pledging,
    realisation,
    small_wins,
    turnover,
)
from sim.chains.book import ValueChain
from sim.config import Config, validate
from sim.environment import as_graph
from sim.errors import InvariantError
from sim.mesa_native import UNSET, WeeklyCollector, configure
from sim.output.records import Recorder
from sim.seeds import run_streams
from sim.vocabulary import WEEKS_PER_YEAR
from sim.week import Week
from sim.world import World, begin_week, build_world, end_week

logging.getLogger("MESA").setLevel(logging.WARNING)

#: Actor arrays that stay finite and not negative (euro, hours, thresholds).
BUDGETS = (
    "hours_week", "money", "reserved", "income_week", "ownership", "hours_given", "money_given",
    "threshold",
)  # fmt: skip
#: Actor arrays that stay within 0-1.
SHARES = ("values", "passion", "attachment", "trust", "skill", "propensity", "felt")
TOLERANCE = 1e-6  # rounding below zero that budgets may show (as check_invariants allows)
LARGEST = np.finfo(float).max
#: What check_state allows, as (lowest, highest, in words); NaN and inf fall outside all.
BUDGET = (-TOLERANCE, LARGEST, "finite, not negative")
SHARE = (0.0, 1.0, "0 to 1")
FINITE = (-LARGEST, LARGEST, "finite")

#: A probe sees each phase's record as it is returned: probe(world, record).
Probe = Callable[[World, object], None]


def run_week(world: World, phase: Callable | None = None) -> Week:
    """One week of the waardenmakerij: the phases in the order of docs/ODD.md, each
    `phase(function, *inputs)` (default: `function(world, *inputs)`)."""
    w = world
    if phase is None:

        def phase(function, *inputs):
            return function(w, *inputs)

    begin_week(w)
    moved = phase(turnover.move)
    started = phase(initiation.initiate)
    left = phase(joining.leave)
    dissolved = phase(lifecycle.dissolve_empty)
    joined = phase(joining.mobilise)
    pledged = phase(pledging.pledge)
    worked = phase(coordination.coordinate)
    stalled = phase(lifecycle.stall, worked.stalled)
    decided = phase(decision.decide)
    realised = phase(realisation.realise)
    owned = phase(ownership.own, realised.cases)
    felt = phase(eigenaarschap.feel, worked.rows, worked.hours, realised.cases)
    wins = phase(small_wins.small_wins, realised.cases)
    learned = phase(small_wins.learn, worked.hours_by_actor)
    end_week(w)
    return Week(
        w.week, moved, started, left, dissolved, joined, pledged, worked, stalled, decided,
        realised, owned, felt, wins, learned,
    )  # fmt: skip


def _of_world(name: str, doc: str) -> property:
    """A model attribute that is the World's."""
    return property(lambda self: getattr(self.world, name), doc=doc)


class WaardenModel(mesa.Model):
    """Actors, places and value chains of one wijk (or more), stepped a week at a time.

    Args:
        config: a `sim.config.Config` (defaults if None: the run default, as
            `uv run waardenmakerij`); validated before anything is built.
        mesa_space: create the Mesa agents (and, if `environment.network_space`, the Mesa
            `Network` space they sit on); off when only the arrays are needed.
        rng, seed: Mesa's seed argument (either): the run's `cfg.seed`; omitted, the
            config's; None, a fresh one (`sim.mesa_native.seed_of`).
        **params: a group option (`strategy="opschalen"`), a parameter by dotted key
            (`**{"tussenruimte.friction": 0.2}`) or a Mesa `scenario`
            (`sim.mesa_native.configure`), as `mesa.batch_run` and SolaraViz pass them.

    `datacollector` holds the weekly indicators (Mesa's DataCollector, `WeeklyCollector`).
    """

    cfg = _of_world("cfg", "The validated config.")
    week = _of_world("week", "Weeks stepped so far.")
    actors = _of_world("actors", "The actors' state arrays (sim.agents.state).")
    chains = _of_world("chains", "The ChainBook of cases and memberships.")
    places = _of_world("places", "Percelen, buurten, wijken and their qualities.")
    tussenruimte = _of_world("tussenruimte", "The area's friction (principle 3).")
    adjacency = _of_world("adjacency", "Who knows whom (sparse, symmetric).")
    degree = _of_world("degree", "Number of ties of each actor.")
    kenniskring = _of_world("kenniskring", "Who is in the MKB kenniskring (principle 6).")
    people = _of_world("people", "Actors at home on each perceel.")
    theme_preference = _of_world("theme_preference", "How much each actor cares for each theme.")
    ledger_benefit = _of_world("ledger_benefit", "MKBA benefits each actor received.")
    ledger_paid = _of_world("ledger_paid", "MKBA costs each actor bore.")

    def __init__(
        self,
        config: Config | None = None,
        *,
        mesa_space: bool = True,
        rng=UNSET,
        seed=UNSET,
        **params,
    ):
        cfg = validate(configure(config, rng, seed, params))
        streams = run_streams(cfg.seed)
        super().__init__(rng=np.random.default_rng(streams[0]))
        self.datacollector = WeeklyCollector(self)
        self.world = build_world(cfg, self.rng, streams[1:])
        self.n_weeks = int(round(cfg.run.years * WEEKS_PER_YEAR))
        self.probes: list[Probe] = []
        self.last_week: Week | None = None
        self.recorder = Recorder(self)
        self.space = None
        if mesa_space:
            self._create_agents(cfg.environment.network_space)
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

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week of the waardenmakerij (`run_week`), recorded and checked."""
        self.last_week = run_week(self.world, self._phase)
        self.recorder.record(self, self.last_week)
        self.check_state(full=self.week % WEEKS_PER_YEAR == 0 or self.week >= self.n_weeks)
        self.world.chains.compact()
        if self.week >= self.n_weeks:
            self.running = False

    def _phase(self, phase, *inputs):
        """Run one phase on the World and show its record to the probes."""
        record = phase(self.world, *inputs)
        for probe in self.probes:
            probe(self.world, record)
        return record

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
            bad = ~np.isfinite(row) & ~self.recorder.may_be_nan
            if bad.any():
                name = list(self.recorder.data)[np.flatnonzero(bad)[0]]
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
        owned = self.actors.ownership.sum() + self.world.unowned_eur
        added = np.clip(book.c_value[: book.n_cases].sum(axis=1), 0, None).sum()
        assert abs(owned - added) <= 1e-6 * max(1.0, added), "ownership not from value added"
        assert ((0.0 <= self.tussenruimte.level) & (self.tussenruimte.level <= 1.0)).all()
