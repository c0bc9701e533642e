"""Feedback of outcomes into people: trust, skill, motivation (principle 5, small wins).

- A realised case raises its contributors' trust, and its small win lowers the joining
  threshold and raises the passion of everyone who saw it (the contributors' neighbours).
- A stalled case costs its members trust and passion.
- Hours given teach skill; members of parallel case teams learn from the members of other
  teams they know (case teams that help each other, spillover `team_spillover`).
"""

import numpy as np

from sim.chains.book import GESTAGNEERD, MOBILISEREN, ONTBONDEN


def _times(actors: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(actors, minlength=n).astype(float)


def small_wins(model, cases: np.ndarray) -> None:
    """Trust for the contributors of realised cases; motivation for those who saw them."""
    if len(cases) == 0:
        return
    cfg, st, book = model.cfg.feedback, model.actors, model.chains
    m = book.members()
    rows = np.flatnonzero(np.isin(book.m_case[m], cases) & ~book.m_paid[m])
    wins = _times(book.m_actor[rows], st.n)
    st.trust[:] = 1 - (1 - st.trust) * (1 - cfg.trust_gain) ** wins
    seen = model.adjacency @ (wins > 0).astype(float)
    saw = (seen > 0) | (wins > 0)
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
        hit = _times(book.m_actor[rows], st.n)
        st.trust[:] *= (1 - cfg.trust_loss) ** hit
        st.passion[:] *= (1 - cfg.passion_loss) ** hit


def dissolve_empty(model) -> None:
    """Cases that lost all their members dissolve."""
    book = model.chains
    rows = book.active_rows(MOBILISEREN)
    alive = np.bincount(book.m_case[rows], minlength=book.n_cases)
    empty = np.flatnonzero((book.c_status[: book.n_cases] == MOBILISEREN) & (alive == 0))
    end_cases(model, empty, ONTBONDEN)


def learn(model) -> None:
    """Skill from hours given this week, and from members of other case teams one knows."""
    cfg, st, book = model.cfg.feedback, model.actors, model.chains
    hours = model.week_hours_by_actor
    st.skill += cfg.skill_per_100h * np.minimum(hours / 100.0, 1.0) * (1 - st.skill)
    rows = book.active_rows(MOBILISEREN)
    member = np.zeros(st.n)
    member[book.m_actor[rows]] = 1.0
    known = model.adjacency @ member
    known_skill = model.adjacency @ (member * st.skill)
    target = np.divide(known_skill, known, out=st.skill.copy(), where=known > 0)
    lift = (member > 0) & (target > st.skill)
    st.skill[lift] += cfg.team_spillover * (target[lift] - st.skill[lift])
