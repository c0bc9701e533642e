"""The four actor kinds as Mesa agents (CONCEPTS.md: actors), with their rules in plain Python.

Each agent is a view on one row of the model's `ActorState`: reading `agent.trust` reads the
array, so a notebook or the app can follow one actor while the weekly dynamics update all of
them at once. Agents sit on the cells of a `mesa.discrete_space.Network`.

The agents' methods state each decision rule once for one actor, in a few lines of ordinary
Python: joining as a threshold decision, pledging as a public goods contribution and
imitation, the coordination cost of joining, ownership of the value added, the effect of a
small win. They are the reference meaning of the rules. The week's phases (`sim.chains`)
compute the same for all actors at once; tests/test_agent_rules.py checks that both agree
(relative tolerance 1e-9) on random states, and benchmarks/mesa_reference.py runs the
readable form against the engine. The rules that belong to a case rather than to one of its
members (its needs, its coordination overhead, its week of work) are in `sim.agents.case`.
"""

import math

import numpy as np
from mesa.discrete_space import FixedAgent

from sim.agents.roles import COPRODUCER_HOURS, ROLES
from sim.config import FIRMS
from sim.vocabulary import WEEKS_PER_YEAR, Role


class Actor(FixedAgent):
    """An actor in the waardenmakerij; its state lives in `model.actors` at `self.index`."""

    kind = ""
    #: Whether this kind opens tussenruimte: lowers the friction of a case it is a member of.
    opens_tussenruimte = False

    def __init__(self, model, index: int, cell):
        super().__init__(model)
        self.index = index
        if cell is not None:
            self.cell = cell

    def _get(self, name):
        return getattr(self.model.actors, name)[self.index]

    values = property(lambda self: self._get("values"), doc="Weights over the three capitals.")
    hours_week = property(lambda self: self._get("hours_week"), doc="Hours a week available.")
    money = property(lambda self: self._get("money"), doc="Euro free to invest.")
    passion = property(lambda self: self._get("passion"), doc="Bezieling, 0-1.")
    attachment = property(lambda self: self._get("attachment"), doc="Place attachment, 0-1.")
    trust = property(lambda self: self._get("trust"), doc="Trust in people one knows, 0-1.")
    skill = property(lambda self: self._get("skill"), doc="Vaardigheid, 0-1.")
    ownership = property(lambda self: self._get("ownership"), doc="Euro of value added owned.")
    felt = property(lambda self: self._get("felt"), doc="Felt ownership, 0-1.")
    parcel = property(lambda self: int(self._get("parcel")), doc="Home perceel.")
    buurt = property(lambda self: int(self._get("buurt")), doc="Home buurt.")
    threshold = property(lambda self: self._get("threshold"), doc="Joining threshold.")
    propensity = property(lambda self: self._get("propensity"), doc="Share of hours pledged.")
    reserved = property(lambda self: self._get("reserved"), doc="Euro pledged, not yet given.")
    hours_given = property(lambda self: self._get("hours_given"), doc="Hours given so far.")
    employed = property(lambda self: bool(self._get("employed")), doc="Has a paid job.")

    @property
    def wijk(self) -> int:
        """Home wijk."""
        return int(self.model.places.buurt_wijk[self.buurt])

    @property
    def degree(self) -> int:
        """Number of ties: the people I know."""
        return int(self.model.degree[self.index])

    @property
    def neighbours(self) -> list:
        """The agents I know: my cell's neighbours in the Mesa Network."""
        return list(self.cell.neighborhood.agents)

    @property
    def roles(self) -> dict[int, str]:
        """The roles this actor now holds, by case id (several chains at once)."""
        book = self.model.chains
        rows = np.flatnonzero(
            book.m_active[: book.n_members] & (book.m_actor[: book.n_members] == self.index)
        )
        return {int(book.m_case[r]): ROLES[book.m_role[r]] for r in rows}

    # ------------------------------------------------------------------ joining
    def tie_trust(self, other: int) -> float:
        """Vertrouwde kring: the trust of my tie with actor `other` (0: we are not tied);
        every tie weighs 1 when `chains.trusted_ties` is off."""
        adj = self.model.adjacency
        lo, hi = adj.indptr[self.index], adj.indptr[self.index + 1]
        at = np.flatnonzero(adj.indices[lo:hi] == other)
        if len(at) == 0:
            return 0.0
        return float(self.model.world.tie_trust[lo + at[0]]) if self._trusted() else 1.0

    def _trusted(self) -> bool:
        return self.model.cfg.chains.trusted_ties

    def ties_weight(self) -> float:
        """All my ties, each counted by its trust (my number of ties when ties weigh 1)."""
        if not self._trusted():
            return float(self.degree)
        adj = self.model.adjacency
        lo, hi = adj.indptr[self.index], adj.indptr[self.index + 1]
        return float(sum(self.model.world.tie_trust[lo:hi]))

    def in_chain(self, members: set[int]) -> float:
        """My ties to the chain's `members` (actor ids), each counted by its trust."""
        return sum(self.tie_trust(n.index) for n in self.neighbours if n.index in members)

    def influence(self, in_chain: float) -> float:
        """Sociale invloed: the pull of a chain on me, my ties in it counted by their trust
        (`in_chain`), as a share of all my ties counted so (`chains.threshold_kind=
        fractional`) or as they are (`absolute`)."""
        if self.model.cfg.chains.threshold_kind == "fractional":
            total = self.ties_weight()
            return in_chain / total if total > 0 else 0.0
        return in_chain

    def alignment(self, case) -> float:
        """How well a case matches my values, 0-1: my weights over the three capitals
        against the capitals its themes address (relative to its main one), half as much
        where I am not attached to the place it works in (engagement with a place)."""
        v, p = self.values, case.profile
        match = (v[0] * p[0] + v[1] * p[1] + v[2] * p[2]) / max(max(p), 1e-12)
        here = case.is_here(self.buurt, self.wijk)
        return min(max(match, 0.0), 1.0) * (0.5 + 0.5 * self.attachment * here)

    def coordination_cost(self, case) -> float:
        """What joining would cost me: the coordination hours each member attends once I am
        in (`Case.coordination_hours`), as a share of my hours a week."""
        return case.coordination_hours(len(case.members) + 1) / max(self.hours_week, 0.1)

    def procedural_burden(self, case) -> float:
        """Tussenruimte: what the case's procedure still to come would ask of me, times
        `deterrence`: my equal share (with the team) of its procedure hours still to do as a
        share of a year of my hours, plus the years its permits still take."""
        hours_year = max(self.hours_week, 0.1) * WEEKS_PER_YEAR
        todo = max(case.procedure()[0] - case.proc_done, 0.0) / (len(case.members) + 1)
        wait = case.waiting_left(self.model.week)
        return self.model.cfg.tussenruimte.deterrence * (todo / hours_year + wait / WEEKS_PER_YEAR)

    def start_probability(self, gap: float, scale: int) -> float:
        """The chance a week that I start a case from below at home, whose perceived gaps sum
        to `gap`, at `scale`: `bottom_up_rate` x passion x attachment x gap, divided by 1 +
        the burden of the procedure I would meet alone (tussenruimte)."""
        cfg, level = self.model.cfg, self.model.tussenruimte.level
        friction = level[self.wijk, scale] * (
            1.0 - cfg.tussenruimte.official_relief * self.opens_tussenruimte
        )
        hours = cfg.chains.per_scale("friction_hours")[scale] * friction
        weeks = cfg.chains.per_scale("friction_weeks")[scale] * friction
        hours_year = max(self.hours_week, 0.1) * WEEKS_PER_YEAR
        burden = cfg.tussenruimte.deterrence * (hours / hours_year + weeks / WEEKS_PER_YEAR)
        rate = cfg.chains.bottom_up_rate
        return rate * self.passion * self.attachment * gap / (1.0 + burden)

    def join_score(self, case, in_chain: int) -> float:
        """Joining as a threshold decision (sociale invloed): the influence of the
        `in_chain` neighbours of mine in the case's chain, weighted by my trust, plus my
        alignment with the case, minus its coordination cost and its procedural burden to
        me (each counted up to 2). With trust 1 and no alignment, cost or burden weight this
        is Granovetter's threshold model."""
        cfg = self.model.cfg.chains
        return (
            cfg.w_influence * self.trust * self.influence(in_chain)
            + cfg.w_alignment * self.alignment(case)
            - cfg.w_cost * min(self.coordination_cost(case), 2.0)
            - min(self.procedural_burden(case), 2.0)
        )

    def co_owner_share(self) -> float:
        """The share of my buurt's actors who feel co-owner (felt ownership at least
        `ownership.co_owner_level`): the local norm of eigenaarschap."""
        st, level = self.model.actors, self.model.cfg.ownership.co_owner_level
        home = st.buurt == self.buurt
        return float((st.felt[home] >= level).sum() / max(home.sum(), 1))

    def threshold_now(self) -> float:
        """My joining threshold under the local norm: lower by `ownership.effect` times
        the co-owner share at home (where many feel co-owner, joining is what one does)."""
        return self.threshold * (1 - self.model.cfg.ownership.effect * self.co_owner_share())

    def joins(self, case, in_chain: int) -> bool:
        """Whether the case's pull reaches my joining threshold."""
        return self.join_score(case, in_chain) >= self.threshold_now()

    # ------------------------------------------------------------------ direction
    def stance(self) -> list[float]:
        """Gedeelde richting (principle 4): my stance on each theme, 0-1, how much I want it
        relative to the theme I care most about (1 for that one)."""
        preference = [float(p) for p in self.model.theme_preference[self.index]]
        top = max(max(preference), 1e-12)
        return [p / top for p in preference]

    def deliberate(self, stance: list[float], team_stance: list[float], covered: float):
        """My stance after a week's meetings: `deliberation_rate * covered * trust` of the
        way towards my team's trust-weighted stance (DeGroot averaging: the more I trust, the
        more I move; `covered`, the share of the meeting hours the team's pledges covered)."""
        step = self.model.cfg.chains.deliberation_rate * covered * self.trust
        return [x + step * (t - x) for x, t in zip(stance, team_stance, strict=True)]

    def value_added(self, busy: int) -> float:
        """Euro a week I would add to one more chain, being in `busy` already ("je bent
        ervan als je waarde toevoegt"): my hours split over one chain more, at the shadow
        wage, plus my money pledge spread over a year."""
        cfg, share = self.model.cfg, self.pledge_share()
        hours = share * self.hours_week / (busy + 1)
        money = share * cfg.pledge.money_share * (self.money - self.reserved)
        return hours * cfg.mkba.shadow_wage_eur_hour + money / WEEKS_PER_YEAR

    def best_invitation(self, invitations, busy: int):
        """The invitation I take this week, of the `invitations` [(case, my neighbours in
        its chain)] I considered, being in `busy` chains: none if I have no room (at
        `max_chains`, or no hours) or, under the value-added filter, would add too little;
        else the one with the highest join score among those that reach my threshold.

        Returns (case, the priority its admission ranks me by: my value added under the
        filter, else my score, my alignment with it), or None.
        """
        cfg = self.model.cfg
        if busy >= cfg.chains.max_chains or self.hours_week <= 0:
            return None
        value, by_value = self.value_added(busy), cfg.strategy.value_added_filter
        if by_value and value < cfg.chains.min_value_added_eur_week:
            return None
        best, best_score, threshold = None, -math.inf, self.threshold_now()
        for case, in_chain in invitations:
            score = self.join_score(case, in_chain)
            if score >= threshold and score > best_score:
                best, best_score = case, score
        if best is None:
            return None
        return best, (value if by_value else best_score), self.alignment(best)

    # ------------------------------------------------------------------ pledging
    def pledge_share(self) -> float:
        """The share of my hours and free money I pledge: my propensity, raised by my felt
        ownership, `propensity * (1 + ownership.effect * felt)`, at most all of it."""
        return min(self.propensity * (1 + self.model.cfg.ownership.effect * self.felt), 1.0)

    def money_pledge(self, still_needed: float) -> float:
        """Euro I pledge on joining a chain (collectief eigenaarschap): my pledge share
        times `pledge.money_share` of my free money, at most what the case still needs."""
        free = self.money - self.reserved
        amount = self.pledge_share() * self.model.cfg.pledge.money_share * free
        return max(min(amount, still_needed), 0.0)

    def hours_i_could_give(self, n_chains: int) -> float:
        """Hours a week I could give each of my `n_chains` chains: my pledge share of my
        hours, split evenly."""
        return self.pledge_share() * self.hours_week / n_chains

    def hours_pledged(self, n_chains: int, role: int = Role.COPRODUCENT) -> float:
        """Hours a week I pledge to each of my chains in `role`: what I could give, of which
        a supporter gives `chains.supporter_hours` (mostly money or voice)."""
        factor = self.model.cfg.chains.supporter_hours if role == Role.ONDERSTEUNER else 1.0
        return self.hours_i_could_give(n_chains) * factor

    def can_lead(self, leading: int) -> bool:
        """Whether I can lead one more chain, leading `leading` now (`chains.lead_capacity`:
        a leader is a bottleneck)."""
        return leading < self.model.cfg.chains.lead_capacity

    def role_in_chain(self, hours_week: float, money_pledged: float) -> Role:
        """Roles are not types (principle 1), I step up or back: a worker who could give
        `COPRODUCER_HOURS` a week (`hours_week`), or has pledged money worth a year of them
        at the shadow wage, co-produces; the others support."""
        a_year_of_hours = (
            COPRODUCER_HOURS * WEEKS_PER_YEAR * self.model.cfg.mkba.shadow_wage_eur_hour
        )
        if hours_week >= COPRODUCER_HOURS or money_pledged >= a_year_of_hours:
            return Role.COPRODUCENT
        return Role.ONDERSTEUNER

    def pot_contribution(self, n_chains: int) -> float:
        """What I put into each chain's pot in the public goods game: my propensity x in
        each chain (`pledge.cost_scheme=per_game`) or x split over my chains
        (`per_individual`)."""
        x = self.propensity
        return x if self.model.cfg.pledge.cost_scheme == "per_game" else x / n_chains

    def payoff(self, games) -> float:
        """My payoff this week: in each of my chains, `games` [(its pot, its players, my
        alignment with it)], the public goods game's share `synergy * pot / players` less
        what I put in, plus the warm glow `w_glow * passion * alignment * x` of giving
        (pledging as a public goods contribution, Santos, Santos & Pacheco 2008)."""
        cfg = self.model.cfg.pledge
        total = 0.0
        for pot, players, alignment in games:
            total += cfg.synergy * pot / players - self.pot_contribution(len(games))
            total += cfg.w_glow * self.passion * alignment * self.propensity
        return total

    def imitation_probability(self, payoff: float, other_payoff: float) -> float:
        """The Fermi rule: the probability that I copy a neighbour's propensity, given my
        payoff and its, `1 / (1 + exp((payoff - other_payoff) / K))`, K the selection noise."""
        z = (payoff - other_payoff) / self.model.cfg.pledge.selection_noise
        return 1.0 / (1.0 + math.exp(min(max(z, -50.0), 50.0)))

    # ------------------------------------------------------------------ outcomes
    def value_put_in(self, hours_given: float, money_given: float) -> float:
        """Euro I put into a chain: the hours I gave at the shadow wage, plus my money."""
        return hours_given * self.model.cfg.mkba.shadow_wage_eur_hour + money_given

    def ownership_share(self, put_in: float, team: list[float], value: float) -> float:
        """Eigenaarschap, "you own what you add value to" (principle 2): of a realised
        case's value added (its MKBA benefits; nothing if they are negative) I own the part
        that what I put in is of what its team put in (`team`, euro per unpaid member, me
        included; the paid executor owns nothing)."""
        return max(value, 0.0) * put_in / max(sum(team), 1e-12)

    def tie_trust_after_week(self, tau: float, covered: float) -> float:
        """A tie of mine to a member of my team after a week of working together: it closes
        `feedback.tie_trust_gain` of its distrust, times the share of the meetings held."""
        return tau + self.model.cfg.feedback.tie_trust_gain * covered * (1 - tau)

    def threshold_after_week(self) -> float:
        """My joining threshold after a week: `threshold_recovery_year / 52` of the way
        back to the one I started with (what a win or a stall did to it fades)."""
        back = self.model.cfg.feedback.threshold_recovery_year / WEEKS_PER_YEAR
        start = self.model.world.start["threshold"][self.index]
        return self.threshold + back * (start - self.threshold)

    def skill_after_week(self, in_a_chain: bool) -> float:
        """My skill after a week: unused (in no chain), `skill_forgetting_year / 52` of what
        I gained above my starting skill fades."""
        if in_a_chain:
            return self.skill
        fade = self.model.cfg.feedback.skill_forgetting_year / WEEKS_PER_YEAR
        start = self.model.world.start["skill"][self.index]
        return self.skill - fade * max(self.skill - start, 0.0)

    def churn_probability(self) -> float:
        """The weekly probability that I drift out of a chain: `chains.churn_week`, lower
        the more I feel owner (`1 - ownership.effect * felt`)."""
        return self.model.cfg.chains.churn_week * (1 - self.model.cfg.ownership.effect * self.felt)

    def say_in(self, put_in: float, team: list[float]) -> float:
        """Zeggenschap: the say that what I `put_in` a chain gives me in its decisions,
        against its `team` (euro per community member, me included): 1 for an equal share
        or more, less as others pay more (1 while nobody put anything in)."""
        total = sum(team)
        return 1.0 if total <= 0 else min(len(team) * put_in / total, 1.0)

    def felt_after_week(self, worked: list[tuple[float, float]], realised: list[float],
                        idle: bool) -> float:  # fmt: skip
        """Eigenaarschap that drives: my felt ownership after a week in which I gave each
        chain I `worked` in [(share of my hours I gave it, my say in it)] and saw the cases
        I put something into `realised` [my say in each]. The work closes
        `growth_week * sum((invest + say) / 2)` of the gap to 1, then the realised cases
        `realised_gain * sum(say)` of what is left (each at most all of it); in no chain
        (`idle`) I lose `decay_week` of it. (Pierce, Kostova & Dirks 2001: investing the
        self and control.)"""
        cfg, felt = self.model.cfg.ownership, self.felt
        routes = sum((invest + say) / 2 for invest, say in worked)
        felt += (1 - felt) * min(cfg.growth_week * routes, 1.0)
        felt += (1 - felt) * min(cfg.realised_gain * sum(realised), 1.0)
        return felt * (1 - cfg.decay_week) if idle else felt

    def attachment_now(self) -> float:
        """My place attachment: the one I came with, raised by my felt ownership,
        `home + ownership.effect * felt * (1 - home)`."""
        home = self.model.actors.home_attachment[self.index]
        return home + self.model.cfg.ownership.effect * self.felt * (1 - home)

    def small_win_effect(self, wins: int, saw_a_win: bool) -> tuple[float, float, float]:
        """Kleine successen (principle 5): my trust, joining threshold and passion after
        this week's realised cases. Each of the `wins` cases I helped realise removes
        `feedback.trust_gain` of my distrust; having seen a win (mine or a neighbour's)
        lowers my threshold by `small_win_threshold` (not below 0) and closes
        `small_win_passion` of the gap to full passion."""
        fb = self.model.cfg.feedback
        trust = self.trust
        if wins:
            trust = 1 - (1 - trust) * (1 - fb.trust_gain) ** wins
        if not saw_a_win:
            return trust, self.threshold, self.passion
        threshold = max(self.threshold - fb.small_win_threshold, 0.0)
        return trust, threshold, self.passion + fb.small_win_passion * (1 - self.passion)


class Bewoner(Actor):
    """Resident: time, little money, place attachment, passion."""

    kind = "bewoner"


class Ondernemer(Actor):
    """Entrepreneur, from zzp and local MKB to larger firms: money, expertise, economic motive.
    Bids for the execution of cases from its own cost, skill and values (theme 4)."""

    kind = "ondernemer"

    @property
    def firm(self) -> str:
        """Firm type: zzp, mkb, groot or sociaal (social enterprise)."""
        return FIRMS[self._get("firm")]


class Ambtenaar(Actor):
    """Official or administrator: procedures and permits, can open tussenruimte."""

    kind = "ambtenaar"
    opens_tussenruimte = True


class Organisatie(Actor):
    """Institution (housing corporation, school, care, water board): budgets, slower decisions."""

    kind = "organisatie"


ACTOR_CLASSES = (Bewoner, Ondernemer, Ambtenaar, Organisatie)
