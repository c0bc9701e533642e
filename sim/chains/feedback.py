"""Feedback of outcomes into people: trust, skill, motivation (principle 5, small wins).

- A realised case raises its contributors' trust, and its small win lowers the joining
  threshold and raises the passion of everyone who saw it (the contributors' neighbours).
- A stalled case costs its members trust and passion.
- Hours given teach skill; members of parallel case teams learn from the case-team members
  they know, in their own team and in others (case teams that help each other, spillover
  `team_spillover`).
"""

import numpy as np

from sim.chains.book import GESTAGNEERD, MOBILISEREN, ONTBONDEN, sorted_unique


def _neighbours(adjacency, actors: np.ndarray) -> np.ndarray:
    """All network neighbours of the given actors (with repeats)."""
    return adjacency[actors].indices


def small_wins(model, cases: np.ndarray) -> None:
    """Trust for the contributors of realised cases; motivation for those who saw them."""
    if len(cases) == 0:
        return
    cfg, st, book = model.cfg.feedback, model.actors, model.chains
    m = book.members()
    rows = np.flatnonzero(np.isin(book.m_case[m], cases) & ~book.m_paid[m])
    winners, wins = np.unique(book.m_actor[rows], return_counts=True)
    st.trust[winners] = 1 - (1 - st.trust[winners]) * (1 - cfg.trust_gain) ** wins
    saw = np.zeros(st.n, bool)
    saw[winners] = True
    saw[_neighbours(model.adjacency, winners)] = True
    st.threshold[saw] = np.maximum(st.threshold[saw] - cfg.small_win_threshold, 0.0)
    st.passion[saw] += cfg.small_win_passion * (1 - st.passion[saw])
    model.tussenruimte.learn(len(cases))


def end_cases(model, cases: np.ndarray, status: int) -> None:
    """Close stalled or dissolved cases: members leave, pledges are released, trust suffers."""
    if len(cases) == 0:
        return
    cfg, st, book = model.cfg.feedback, model.actors, model.chains
    book.c_status[cases] = status
    book.c_week_ended[cases] = model.week
    rows = book.active_rows()
    rows = rows[np.isin(book.m_case[rows], cases)]
    np.subtract.at(st.reserved, book.m_actor[rows], book.m_money_pledged[rows])
    np.clip(st.reserved, 0.0, None, out=st.reserved)
    book.m_money_pledged[rows] = 0.0
    book.leave(rows, model.week)
    if status == GESTAGNEERD:
        hit, times = np.unique(book.m_actor[rows], return_counts=True)
        st.trust[hit] *= (1 - cfg.trust_loss) ** times
        st.passion[hit] *= (1 - cfg.passion_loss) ** times


def dissolve_empty(model) -> None:
    """Cases that lost all their members dissolve."""
    book = model.chains
    rows = book.active_rows(MOBILISEREN)
    alive = np.bincount(book.m_case[rows], minlength=book.n_cases)
    empty = np.flatnonzero((book.c_status[: book.n_cases] == MOBILISEREN) & (alive == 0))
    end_cases(model, empty, ONTBONDEN)


def learn(model) -> None:
    """Skill from hours given this week, and from the case-team members one knows."""
    cfg, st, book = model.cfg.feedback, model.actors, model.chains
    hours = model.week_hours_by_actor
    gave = np.flatnonzero(hours != 0)  # for the others the gain is exactly 0
    st.skill[gave] += (
        cfg.skill_per_100h * np.minimum(hours[gave] / 100.0, 1.0) * (1 - st.skill[gave])
    )
    rows = book.active_rows(MOBILISEREN)
    members = sorted_unique(book.m_actor[rows])
    is_member = np.zeros(st.n)
    is_member[members] = 1.0
    member_skill = np.zeros(st.n)
    member_skill[members] = st.skill[members]  # = is_member * skill
    ties = model.adjacency[members]  # only the members' rows of the network
    known = ties @ is_member
    known_skill = ties @ member_skill
    own = st.skill[members]
    target = np.divide(known_skill, known, out=own.copy(), where=known > 0)
    lift = target > own
    st.skill[members[lift]] += cfg.team_spillover * (target[lift] - own[lift])
