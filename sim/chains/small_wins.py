"""Small wins and learning: outcomes feed back into people (principle 5, small wins).

- A realised case raises its contributors' trust, and its small win lowers the joining
  threshold and raises the passion of everyone who saw it (the contributors' neighbours);
  each win also teaches its wijk a way through the procedures of its scale
  (`Tussenruimte.learn`, forgotten without use: `Tussenruimte.forget`).
- Hours given teach skill; members of parallel case teams learn from the case-team members
  they know, in their own team and in others (case teams that help each other, spillover
  `team_spillover`).

- What is not kept up fades (`forget`): each joining threshold returns towards the actor's
  starting one, `threshold_recovery_year` of the distance a year, and the skill of an actor
  in no chain falls towards its starting skill, `skill_forgetting_year` of the gain a year.
  Wins lower thresholds and stalls raise them (disappointment), so thresholds and skill can
  move both ways and settle.

A stall's cost in trust, passion and threshold is in `sim.chains.lifecycle.end_cases`.
"""

import numpy as np

from sim.chains.book import sorted_unique
from sim.vocabulary import WEEKS_PER_YEAR, Status
from sim.week import Learned, Wins


def small_wins(world, cases: np.ndarray) -> Wins:
    """Trust for the contributors of realised cases; motivation for those who saw them."""
    if len(cases) == 0:
        return Wins(cases, 0, 0)
    cfg, st, book = world.cfg.feedback, world.actors, world.chains
    rows = book.rows_of(cases)
    rows = rows[~book.m_paid[rows]]
    winners, wins = np.unique(book.m_actor[rows], return_counts=True)
    st.trust[winners] = 1 - (1 - st.trust[winners]) * (1 - cfg.trust_gain) ** wins
    saw = np.zeros(st.n, bool)
    saw[winners] = True
    saw[world.adjacency[winners].indices] = True  # their network neighbours
    st.threshold[saw] = np.maximum(st.threshold[saw] - cfg.small_win_threshold, 0.0)
    st.passion[saw] += cfg.small_win_passion * (1 - st.passion[saw])
    world.tussenruimte.learn(world.places.buurt_wijk[book.c_buurt[cases]], book.c_scale[cases])
    count = world.streams.count
    return Wins(cases, count(winners >= 0, winners), count(saw, None))


def learn(world, hours_by_actor: np.ndarray) -> Learned:
    """Skill from the hours each actor gave this week, and from the case-team members one
    knows (towards their mean skill, when higher)."""
    cfg, st, book = world.cfg.feedback, world.actors, world.chains
    gave = np.flatnonzero(hours_by_actor != 0)  # for the others the gain is exactly 0
    by_doing = (
        cfg.skill_per_100h * np.minimum(hours_by_actor[gave] / 100.0, 1.0) * (1 - st.skill[gave])
    )
    st.skill[gave] += by_doing
    members = sorted_unique(book.m_actor[book.active_rows(Status.MOBILISEREN)])
    is_member = np.zeros(st.n)
    is_member[members] = 1.0
    member_skill = np.zeros(st.n)
    member_skill[members] = st.skill[members]  # = is_member * skill
    ties = world.adjacency[members]  # only the members' rows of the network
    known = ties @ is_member
    known_skill = ties @ member_skill
    own = st.skill[members]
    target = np.divide(known_skill, known, out=own.copy(), where=known > 0)
    lift = target > own
    from_teams = cfg.team_spillover * (target[lift] - own[lift])
    st.skill[members[lift]] += from_teams
    total = world.streams.total
    return Learned(total(by_doing, gave), total(from_teams, members[lift]))


def forget(world) -> None:
    """Thresholds return towards their starting values; unused skill fades towards its
    starting level (actors in no chain)."""
    cfg, st, start = world.cfg.feedback, world.actors, world.start
    back = cfg.threshold_recovery_year / WEEKS_PER_YEAR
    st.threshold += back * (start["threshold"] - st.threshold)
    idle = world.chains.per_actor(st.n) == 0
    fade = cfg.skill_forgetting_year / WEEKS_PER_YEAR
    gained = np.maximum(st.skill[idle] - start["skill"][idle], 0.0)
    st.skill[idle] -= fade * gained
