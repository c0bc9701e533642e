"""Tussenruimte that bites (ODD 17.27): the expected procedure weighs on starting and joining,
permits are a gate that opens weeks after the procedure is filed, officials open room, and
learning is local to a wijk and a scale and is forgotten without use. Each lever moves the
variable it acts on, and off switches it off."""

import numpy as np
import polars as pl
import pytest
from helpers import make_model, with_teams

import sim
from sim.chains import decision, initiation, joining
from sim.chains.book import MOBILISEREN
from sim.config import TussenruimteConfig
from sim.environment.tussenruimte import Tussenruimte, burden, procedure, start_factor
from sim.vocabulary import WEEKS_PER_YEAR, Kind, Role, Scale

BASE = ["population.n_actors=400", "seed=3"]
CALM = ["tussenruimte.learning=0", "tussenruimte.official_relief=0"]


def test_burden_is_a_share_of_a_year_plus_years_of_waiting():
    cfg = TussenruimteConfig(deterrence=2.0)
    assert burden(cfg, 52.0, 0.0, 1.0) == pytest.approx(2.0)  # a year of one's hours
    assert burden(cfg, 0.0, 26.0, 1.0) == pytest.approx(1.0)  # half a year of waiting
    assert start_factor(TussenruimteConfig(deterrence=0.0), 1e6, 1e3, 0.0) == 1.0


@pytest.mark.parametrize("scale", list(Scale))
def test_friction_lowers_the_chance_to_start(scale):
    model = make_model(BASE)
    world, actors = model.world, np.arange(model.actors.n)
    gap, scales = np.full(len(actors), 0.5), np.full(len(actors), scale)
    chance = {}
    for level in (0.1, 1.0):
        world.tussenruimte.level[:] = level
        chance[level] = initiation.start_probability(world, actors, gap, scales)
    able = model.actors.hours_week > 0
    assert (chance[1.0][able] < chance[0.1][able]).all()
    world.cfg.tussenruimte.deterrence = 0.0  # off: the procedure does not weigh
    free = initiation.start_probability(world, actors, gap, scales)
    world.tussenruimte.level[:] = 0.1
    assert np.array_equal(free, initiation.start_probability(world, actors, gap, scales))


def test_friction_lowers_the_score_of_joining():
    model = with_teams([*BASE, *CALM], teams=1)
    world, book = model.world, model.chains
    cases = book.cases_in(MOBILISEREN)
    members = book.per_case(book.active_rows(MOBILISEREN))[cases]
    actor = np.arange(model.actors.n)
    local = actor % len(cases)
    scores = {}
    for level in (0.1, 1.0):
        world.tussenruimte.level[:] = level
        scores[level] = joining.join_burden(world, cases, members, actor, local)
    assert (scores[1.0] > scores[0.1]).all()
    world.cfg.tussenruimte.deterrence = 0.0
    assert (joining.join_burden(world, cases, members, actor, local) == 0).all()


def starts_and_joins(friction: float) -> tuple[int, int]:
    """Cases started from below, and memberships taken up by joining, in a year and a half
    of the default wijk (bottom-up starts only, friction not learnt or relieved)."""
    run = sim.run(
        ["seed=3", "run.years=1.5", "chains.top_down_rate=0", "chains.bottom_up_rate=0.003"]
        + [*CALM, f"tussenruimte.friction={friction}"]
    )
    joined = run.memberships.filter(pl.col("role_first") != "initiatiefnemer").height
    return run.cases.height, joined


def test_friction_moves_starts_and_joins_in_a_run():
    """The manipulation check in a run: at friction 1 fewer cases start and fewer join than
    at friction 0.1 (same seed)."""
    (starts_low, joins_low), (starts_high, joins_high) = map(starts_and_joins, (0.1, 1.0))
    assert starts_high < starts_low and joins_high < joins_low


def ready_case(overrides):
    """A model with one mobilising case that has everything but its permits: members,
    pledges, direction, preparation and procedure done."""
    model = with_teams([*BASE, *CALM, "tussenruimte.friction=1", *overrides], teams=1)
    book = model.chains
    cases = book.cases_in(MOBILISEREN)
    case = cases[book.per_case(book.active_rows(MOBILISEREN))[cases] >= 3][:1]
    rows = book.rows_of(case, book.active_rows(MOBILISEREN))
    book.m_money_pledged[rows] = 1e6
    book.c_agreement[case] = 1.0
    book.c_prep_done[case] = book.c_proc_done[case] = 1e6
    return model, case


def test_permits_open_the_weeks_after_filing():
    model, case = ready_case([])
    world, book = model.world, model.chains
    weeks = world.cfg.chains.per_scale("friction_weeks")[book.c_scale[case]]
    assert weeks[0] > 1
    state = decision.readiness(world, case)
    assert not state.ready(world, case)[0]  # not filed yet
    book.c_filed[case] = world.week
    assert not decision.readiness(world, case).ready(world, case)[0]
    world.week += int(np.ceil(weeks[0]))
    assert decision.readiness(world, case).ready(world, case)[0]


def test_a_longer_wait_at_more_friction():
    model, case = ready_case([])
    world, book = model.world, model.chains
    book.c_filed[case] = world.week
    world.week += 8
    world.tussenruimte.level[:] = 0.1  # 1.3 weeks at perceel scale: through
    assert decision.readiness(world, case).ready(world, case)[0]
    world.tussenruimte.level[:] = 1.0  # 13 weeks: still waiting
    assert not decision.readiness(world, case).ready(world, case)[0]


def test_learning_is_local_to_a_wijk_and_a_scale():
    t = Tussenruimte(TussenruimteConfig(friction=0.5, learning=0.1), make_model(BASE).cfg.chains, 3)
    t.learn(np.array([1, 1]), np.array([Scale.PERCEEL, Scale.PERCEEL]))
    assert t.level[1, Scale.PERCEEL] == pytest.approx(0.5 * 0.9**2)
    others = np.ones_like(t.level, bool)
    others[1, Scale.PERCEEL] = False
    assert (t.level[others] == 0.5).all()


@pytest.mark.parametrize("forgetting", [0.0, 0.5])
def test_unused_relief_is_forgotten(forgetting):
    cfg = TussenruimteConfig(friction=0.6, forgetting_year=forgetting)
    t = Tussenruimte(cfg, make_model(BASE).cfg.chains, 2)
    t.level[:] = 0.2
    for _ in range(WEEKS_PER_YEAR):
        t.forget()
    if forgetting == 0:
        assert (t.level == 0.2).all()
    else:
        gone = 1 - (1 - forgetting / WEEKS_PER_YEAR) ** WEEKS_PER_YEAR
        assert t.level == pytest.approx(0.2 + gone * 0.4)
        assert (t.level < 0.6).all()


@pytest.mark.parametrize("relief", [0.0, 0.5])
def test_an_official_opens_room(relief):
    model, case = ready_case([])
    world, book = model.world, model.chains
    world.cfg.tussenruimte.official_relief = relief
    rows = book.rows_of(case, book.active_rows(MOBILISEREN))
    book.m_active[rows[model.actors.kind[book.m_actor[rows]] == Kind.AMBTENAAR]] = False
    without = procedure(world, case)
    official = np.flatnonzero(model.actors.kind == Kind.AMBTENAAR)[:1]
    book.add_members(official, case, Role.ONDERSTEUNER, world.week, 0.5, 0.0)
    hours, weeks = procedure(world, case)
    assert hours == pytest.approx((1 - relief) * without[0])
    assert weeks == pytest.approx((1 - relief) * without[1])
