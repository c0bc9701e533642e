"""Engine against the model's readable Mesa form: the weekly join, pledge and coordination rules.

    uv run python benchmarks/mesa_reference.py                       # timing + 30-seed check
    uv run python benchmarks/mesa_reference.py --sizes 1000 10000 --seeds 0   # timing only

The benchmark scenario, run by both:

- the same built model: `WaardenModel` at the city's density (benchmarks/_common.py), with
  initiation off (`chains.bottom_up_rate=0 chains.top_down_rate=0`) and the default strategy
  (downscalen: network invitation, value-added filter, team-size cap 30, scope cap 4);
- the same seeded cases: one per 100 actors, opened with `model.chains.open_cases` at the
  initiator's perceel, themes by its perceived gap (`initiation.choose_scope`), the initiator
  added with `add_members` (and its money pledge) -- identical in both for a seed;
- then, each week, joining by the threshold rule, pledging (hours split over the chains,
  public-goods payoffs, Fermi imitation) and coordination overhead and progress.

The engine side calls the production functions (`sim.chains.joining.mobilise`,
`sim.chains.pledging.pledge`, `sim.chains.coordination.coordinate`) on the `WaardenModel`.
The reference side is the model's own readable form of the same rules: one of the model's
Mesa agents (`sim.agents`: `Bewoner`, `Ondernemer`, ...) per actor on a
`mesa.discrete_space.Network(graph, layout=None)` of the same adjacency, each deciding for
itself with its rule methods (`Actor.best_invitation`, `money_pledge`, `hours_pledged`,
`role_in_chain`, `pot_contribution`, `payoff`, `imitation_probability`) and reading its
neighbours from its cell, activated with `model.agents.shuffle_do(...)`; cases are the
agents' plain Python `sim.agents.Case` with their member lists, working their week with
`Case.week_of_work` (coordination overhead first). The agents are views on the reference
model's own copy of the actor arrays, as in the model. This file keeps only the staging:
to keep the engine's order within a week (everyone decides on last week's memberships,
then joins, then pledges, then coordinates), the reference week is `shuffle_do` of
`consider_invitations` (the threshold decision), cases admit, `shuffle_do(pledge)`, each
member's payoff from the pots, `shuffle_do(imitate)`, cases coordinate. Stalling, churn,
decisions and feedback are not part of the scenario (cases stay open).
tests/test_agent_rules.py checks the rule methods against the engine's functions.

Outputs: weeks per second of both at each size (the reference at large sizes over its first
`--ref-weeks` weeks only, extrapolated: its cost per week hardly grows with the weeks, the
engine's does), and a two-sample Kolmogorov-Smirnov test per outcome over `--seeds` seeds
at `--ks-actors` actors: the two must give indistinguishable outcome distributions for the
speed comparison to be fair.
"""

import argparse
import copy
import gc
import time
from dataclasses import fields
from types import SimpleNamespace

import mesa
import numpy as np
from _common import city_overrides, config, emit, load
from mesa.discrete_space import Network

from sim.agents import ACTOR_CLASSES, ActorState, Case, Member
from sim.chains import coordination, joining, pledging
from sim.chains.initiation import choose_scale, choose_scope
from sim.chains.motives import alignment, perceived_gap
from sim.chains.needs import money_needed
from sim.chains.pledging import money_pledge
from sim.environment import as_graph
from sim.environment.places import capital_profile
from sim.model import WaardenModel
from sim.vocabulary import Origin, Role

COPRODUCENT, ONDERSTEUNER = Role.COPRODUCENT, Role.ONDERSTEUNER

SCENARIO = ["chains.bottom_up_rate=0", "chains.top_down_rate=0"]
ACTORS_PER_CASE = 100
OUTCOMES = (
    "members_per_case",
    "hours_given",
    "progress_hours_per_case",
    "participants",
    "integrality",
    "mean_propensity",
)


# ---------------------------------------------------------------- the shared scenario
def scenario_model(n_actors: int, seed: int) -> WaardenModel:
    """The built model with its seeded cases (week 0), identical for a given seed."""
    model = WaardenModel(
        config([*city_overrides(n_actors), *SCENARIO, f"seed={seed}"]), mesa_space=False
    )
    world = model.world
    cfg, st, book = world.cfg, world.actors, world.chains
    rng = np.random.default_rng([seed, 2024])  # the scenario's own stream
    able = np.flatnonzero(st.hours_week > 0)
    k = max(1, n_actors // ACTORS_PER_CASE)
    starters = np.sort(rng.choice(able, k, replace=False))
    themes = choose_scope(
        perceived_gap(world, starters), cfg.chains.integrality_appetite, cfg.strategy.scope_cap, rng
    )
    scale = choose_scale(cfg.strategy.case_scale, k, rng)
    parcel = st.parcel[starters]
    ids = book.open_cases(
        np.full(k, Origin.BOTTOM_UP, np.int8),
        starters,
        parcel,
        st.buurt[starters],
        scale,
        themes,
        0,
    )
    align = alignment(world, starters, capital_profile(themes), ids)
    pledged = money_pledge(world, starters, money_needed(world, ids))
    book.add_members(starters, ids, Role.INITIATIEFNEMER, 0, align, pledged)
    return model


def engine_week(model: WaardenModel) -> None:
    """One scenario week of the engine: the production functions."""
    world = model.world
    world.week += 1
    joining.mobilise(world)
    pledging.pledge(world)
    coordination.coordinate(world)


def engine_outcomes(model: WaardenModel) -> dict:
    book, st = model.chains, model.actors
    c = book.cases()
    rows = book.active_rows()
    members = np.bincount(book.m_case[rows], minlength=book.n_cases)
    return {
        "members_per_case": float(members.mean()),
        "hours_given": float(book.c_hours_given[c].sum()),
        "progress_hours_per_case": float((book.c_prep_done[c] + book.c_proc_done[c]).mean()),
        "participants": int(len(np.unique(book.m_actor[rows]))),
        "integrality": float(book.integrality().mean()),
        "mean_propensity": float(st.propensity.mean()),
    }


# ---------------------------------------------------------------- the Mesa reference
# The staging of the reference week: who is asked, in what order, and where the results go.
# The rules themselves are the model's agents' methods (sim/agents/actors.py) and its
# cases' (sim/agents/case.py).


class ReferenceCase(Case):
    """A case of the reference run: the agents' `Case`, with this week's applicants, its
    public goods pot and its stall count."""

    def __init__(self, model, case_id, buurt, scale, themes):
        super().__init__(model, case_id, buurt, scale, themes)
        self.applicants: list[tuple] = []  # (agent, priority, alignment)
        self.pot = self.hours_given = 0.0
        self.stall = 0

    def join(self, agent, align: float, money: float, role=COPRODUCENT) -> None:
        member = Member(agent, role, align, self, money_pledged=money)
        self.members.append(member)
        agent.memberships.append(member)

    def admit(self) -> None:
        """Admit this week's applicants up to the team-size cap, in the order of their
        priority; each pledges money (`Actor.money_pledge`) and may widen the scope."""
        if not self.applicants:
            return
        cfg, model = self.model.cfg, self.model
        self.applicants.sort(key=lambda a: -a[1])
        joiners = self.applicants[: max(cfg.strategy.team_size_cap - len(self.members), 0)]
        self.applicants = []
        still = self.still_needed()  # before this week's joiners, as the engine
        for agent, _, align in joiners:
            money = agent.money_pledge(still)
            model.actors.reserved[agent.index] += money
            self.join(agent, align, money)
        for agent, _, _ in joiners:  # scope creep: a joiner may add its own first theme
            if model.random.random() < cfg.chains.scope_creep:
                theme = model.first_theme[agent.index]
                if not self.themes[theme] and self.integrality < cfg.strategy.scope_cap:
                    self.add_theme(theme)

    def coordinate(self, week: int) -> None:
        """The team's week of work (`Case.week_of_work`), booked on the case and members."""
        work = self.week_of_work(week)
        self.proc_done += work.procedure
        self.prep_done += work.preparation
        self.filed = work.filed
        self.hours_given += work.given
        for m in self.members:
            given = work.given_by(m.hours_week)
            m.hours_given += given
            self.model.actors.hours_given[m.actor.index] += given
        self.stall = self.stall + 1 if work.stuck else 0
        # Working together builds the trust of the ties inside the team (once a week a tie).
        adj, trust, done = self.model.adjacency, self.model.world.tie_trust, self.model.ties_done
        ids = {m.actor.index for m in self.members}
        for m in self.members:
            i = m.actor.index
            for e in range(adj.indptr[i], adj.indptr[i + 1]):
                if adj.indices[e] in ids and e not in done:
                    done.add(e)
                    trust[e] = m.actor.tie_trust_after_week(trust[e], work.covered)


def consider_invitations(agent) -> None:
    """Invitations from my neighbours' chains, each considered with the attention rate; I
    apply to the one I take (`Actor.best_invitation`)."""
    counts = {}  # my ties in each chain, counted by their trust (`Actor.tie_trust`)
    for neighbour in agent.cell.neighborhood.agents:  # (`agent.neighbours`, without the list)
        if neighbour.memberships:
            tau = agent.tie_trust(neighbour.index)
            for m in neighbour.memberships:
                counts[m.case] = counts.get(m.case, 0) + tau
    if not counts:
        return
    mine = {m.case for m in agent.memberships}
    attention, rnd = agent.model.cfg.chains.attention, agent.random
    considered = [
        (case, count)
        for case, count in counts.items()
        if case not in mine and rnd.random() < attention
    ]
    choice = agent.best_invitation(considered, len(agent.memberships))
    if choice is not None:
        case, priority, align = choice
        case.applicants.append((agent, priority, align))


def pledge(agent) -> None:
    """My role in each of my chains (`Actor.role_in_chain`, from the hours I could give),
    my hours by that role (`hours_pledged`), my contribution to each chain's pot
    (`pot_contribution`)."""
    n = len(agent.memberships)
    if n == 0:
        return
    could, given = agent.hours_i_could_give(n), agent.pot_contribution(n)
    for m in agent.memberships:
        if m.role in (COPRODUCENT, ONDERSTEUNER):
            m.role = agent.role_in_chain(could, m.money_pledged)
        m.hours_week = agent.hours_pledged(n, m.role)
        m.hours_pledged += m.hours_week
        m.case.pot += given


def imitate(agent, payoffs: dict) -> None:
    """With the imitation rate, compare with a random neighbour; copy its propensity with
    the Fermi probability (`Actor.imitation_probability`)."""
    cfg, rnd = agent.model.cfg.pledge, agent.random
    if rnd.random() >= cfg.imitation_rate or agent.degree == 0:
        return
    other = rnd.choice(agent.neighbours)
    chance = agent.imitation_probability(payoffs.get(agent, 0.0), payoffs.get(other, 0.0))
    if rnd.random() < chance:
        agent.model.actors.propensity[agent.index] = other.propensity


class ReferenceModel(mesa.Model):
    """The scenario with the model's own agents (`sim.agents`), each deciding for itself with
    its readable rules, on a Mesa Network; built from a seeded scenario model."""

    def __init__(self, source: WaardenModel, seed: int):
        super().__init__(rng=seed)
        self.week = 0
        self.cfg, self.places, self.degree = source.cfg, source.places, source.degree
        self.tussenruimte = copy.deepcopy(source.tussenruimte)
        self.actors = ActorState(
            **{f.name: getattr(source.actors, f.name).copy() for f in fields(ActorState)}
        )
        self.theme_preference = source.theme_preference
        self.adjacency = source.adjacency
        # The tie trust and starting traits the rules read (`Actor.tie_trust`, ...).
        self.world = SimpleNamespace(
            tie_trust=source.world.tie_trust.copy(), start=source.world.start
        )
        self.ties_done = set()
        self.first_theme = source.theme_preference.argmax(axis=1).tolist()
        self.grid = Network(as_graph(source.adjacency), capacity=1, random=self.random, layout=None)
        by_index = {}
        for k, cls in enumerate(ACTOR_CLASSES):
            idx = np.flatnonzero(self.actors.kind == k).tolist()
            for agent in cls.create_agents(self, len(idx), idx, [self.grid[i] for i in idx]):
                agent.memberships = []
                by_index[agent.index] = agent
        book = source.chains
        self.cases = [
            ReferenceCase(
                self, c, int(book.c_buurt[c]), int(book.c_scale[c]), book.c_themes[c].tolist()
            )
            for c in range(book.n_cases)
        ]
        for r in book.active_rows():
            self.cases[book.m_case[r]].join(
                by_index[int(book.m_actor[r])],
                float(book.m_alignment[r]),
                float(book.m_money_pledged[r]),
                int(book.m_role[r]),
            )

    def step(self):
        self.week += 1
        self.ties_done = set()
        self.agents.shuffle_do(consider_invitations)  # invitations, the threshold decision
        for case in self.cases:
            case.admit()
        self.agents.shuffle_do(pledge)
        payoffs = {}  # the public goods games, once every pot is in
        for agent in self.agents:
            if agent.memberships:
                games = [(m.case.pot, len(m.case.members), m.alignment) for m in agent.memberships]
                payoffs[agent] = agent.payoff(games)
        for case in self.cases:
            case.pot = 0.0
        self.agents.shuffle_do(imitate, payoffs)
        for case in self.cases:
            case.coordinate(self.week)

    def outcomes(self) -> dict:
        members = [len(c.members) for c in self.cases]
        return {
            "members_per_case": float(np.mean(members)),
            "hours_given": float(sum(c.hours_given for c in self.cases)),
            "progress_hours_per_case": float(
                np.mean([c.prep_done + c.proc_done for c in self.cases])
            ),
            "participants": len({m.actor for c in self.cases for m in c.members}),
            "integrality": float(np.mean([c.integrality for c in self.cases])),
            "mean_propensity": float(self.actors.propensity.mean()),
        }


# ---------------------------------------------------------------- benchmarks
def time_engine(n, seed, weeks, repeats):
    """Minimum over repeats of the engine's wall and CPU seconds for `weeks` weeks."""
    best, best_cpu, best_load, model = float("inf"), float("inf"), 0.0, None
    for _ in range(repeats):
        model = scenario_model(n, seed)
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(weeks):
            engine_week(model)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        best_cpu = min(best_cpu, cpu)
        if took < best:
            best, best_load = took, load()
    return best, best_cpu, best_load, model


def time_reference(n, seed, weeks, repeats):
    """Minimum over repeats of the reference's wall and CPU seconds for `weeks` weeks."""
    best, best_cpu, best_load, built = float("inf"), float("inf"), 0.0, 0.0
    for _ in range(repeats):
        source = scenario_model(n, seed)
        start = time.perf_counter()
        ref = ReferenceModel(source, seed)
        built = time.perf_counter() - start
        del source
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(weeks):
            ref.step()
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        best_cpu = min(best_cpu, cpu)
        if took < best:
            best, best_load = took, load()
    return best, best_cpu, best_load, built, ref


def timing(sizes, weeks, ref_weeks_large, large, repeats, seed):
    rows = []
    for n in sizes:
        # The engine is cheap to repeat below `large`: more repeats, a steadier minimum.
        e_s, e_cpu, e_load, e_model = time_engine(n, seed, weeks, repeats * (3 if n < large else 1))
        ref_weeks = weeks if n < large else ref_weeks_large
        ref_repeats = repeats if n < large else 1
        r_s, r_cpu, r_load, r_built, ref = time_reference(n, seed, ref_weeks, ref_repeats)
        r_wps, e_wps = ref_weeks / r_s, weeks / e_s
        rows.append(
            {
                "actors": n,
                "cases": e_model.chains.n_cases,
                "weeks": weeks,
                "engine_weeks_per_s": round(e_wps, 1),
                "engine_ms_per_week": round(1000 * e_s / weeks, 3),
                "engine_cpu_ms_per_week": round(1000 * e_cpu / weeks, 3),
                "engine_load": e_load,
                "ref_weeks_timed": ref_weeks,
                "ref_extrapolated": ref_weeks < weeks,
                "ref_weeks_per_s": round(r_wps, 3),
                "ref_ms_per_week": round(1000 * r_s / ref_weeks, 1),
                "ref_cpu_ms_per_week": round(1000 * r_cpu / ref_weeks, 1),
                "ref_build_s": round(r_built, 2),
                "ref_load": r_load,
                "speedup": round(e_wps / r_wps, 1),
                "speedup_cpu": round((r_cpu / ref_weeks) / (e_cpu / weeks), 1),
                "engine_members_end": int(len(e_model.chains.active_rows())),
                "ref_members_end": sum(len(c.members) for c in ref.cases),
            }
        )
        print(rows[-1], flush=True)
        del ref, e_model
    return rows


def ks_check(n, seeds, weeks):
    """Outcomes of both over `seeds` seeds; a two-sample KS test per outcome."""
    from scipy.stats import ks_2samp

    eng, ref = [], []
    for seed in range(seeds):
        model = scenario_model(n, seed)
        reference = ReferenceModel(model, 10_000 + seed)  # built before the engine moves
        for _ in range(weeks):
            engine_week(model)
            reference.step()
        eng.append(engine_outcomes(model))
        ref.append(reference.outcomes())
    rows = []
    for name in OUTCOMES:
        a = np.array([r[name] for r in eng], float)
        b = np.array([r[name] for r in ref], float)
        test = ks_2samp(a, b)
        rows.append(
            {
                "outcome": name,
                "actors": n,
                "seeds": seeds,
                "weeks": weeks,
                "engine_mean": round(a.mean(), 4),
                "engine_sd": round(a.std(ddof=1), 4),
                "reference_mean": round(b.mean(), 4),
                "reference_sd": round(b.std(ddof=1), 4),
                "ks_statistic": round(test.statistic, 3),
                "p_value": round(test.pvalue, 3),
                "indistinguishable_at_5pct": bool(test.pvalue >= 0.05),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--weeks", type=int, default=26, help="scenario weeks timed")
    parser.add_argument(
        "--large", type=int, default=100_000, help="extrapolate the reference from here"
    )
    parser.add_argument("--ref-weeks", type=int, default=3, help="reference weeks timed when large")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=30, help="seeds of the KS check (0: skip)")
    parser.add_argument("--ks-actors", type=int, default=1000)
    parser.add_argument("--ks-weeks", type=int, default=52)
    args = parser.parse_args()
    rows = timing(args.sizes, args.weeks, args.ref_weeks, args.large, args.repeats, args.seed)
    emit(
        rows,
        "mesa_reference",
        f"weeks/s of the scenario (minimum of {args.repeats} repeats, of the engine "
        f"{3 * args.repeats} below {args.large:,} actors; the reference from {args.large:,} "
        f"actors timed over its first {args.ref_weeks} weeks, once, extrapolated)",
    )
    if args.seeds:
        emit(
            ks_check(args.ks_actors, args.seeds, args.ks_weeks),
            "mesa_reference_ks",
            "two-sample KS test per outcome, engine vs reference, one value per seed",
        )


if __name__ == "__main__":
    main()
