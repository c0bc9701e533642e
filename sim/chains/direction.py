"""A shared direction that forms (principle 4: coalition, pledges and direction at once).

Each member brings its own stance on every theme of the case: how much it wants that theme,
relative to the theme it cares most about (`stances`, 0-1). A team agrees when its stances
are close, whatever they are, so the agreement of a case over its themes S and members M,

    agreement = 1 - (1/|S|) * sum over t in S of  2 * mean over m of |x_mt - xbar_t|

is one minus the mean absolute deviation of the stances (scaled to 0-1: 1 is one mind, 0 a
team split in two halves at 0 and 1). It is an average over the case's themes of a
per-theme quantity, so its expected value does not rise (or fall) with the number of themes:
a wider scope is harder to agree on only through what it does to coordination and to who
joins (tests/test_direction.py).

Agreement forms in the team's meetings (deliberation, DeGroot 1974): each week a member
moves its stance towards the team's trust-weighted mean stance by

    x_mt <- x_mt + rate * covered * trust_m * (xtilde_t - x_mt)

where `rate` is `chains.deliberation_rate`, `covered` the share of the week's coordination
hours (meetings and `chains.deliberation_hours` of deliberation per member while the team
disagrees) its pledged hours covered, and xtilde the mean stance weighted by the members'
trust. Deliberation thus costs hours and goes faster with trust; a joiner brings its own
stance, so a growing team has to find its direction again. A team deliberates while the
agreement it reached last week (`ChainBook.c_agreement`, 1 for a new case's lone initiator)
is below what the decision needs: joiners show up as disagreement at the next meeting. The
decision needs agreement of at least `chains.direction` (`sim.chains.decision`).
"""

import numpy as np

from sim.chains.book import MOBILISEREN


def stances(theme_preference: np.ndarray) -> np.ndarray:
    """Each actor's stance on each theme, (N, T), 0-1: its preference for the theme relative
    to its favourite theme (1 for that one).

    >>> stances(np.array([[0.5, 0.25, 0.25]])).tolist()
    [[1.0, 0.5, 0.5]]
    """
    top = theme_preference.max(axis=1, keepdims=True)
    return theme_preference / np.maximum(top, 1e-12)


def agreement(stance: np.ndarray, themes: np.ndarray, case_of: np.ndarray, n_cases: int):
    """The agreement (0-1) of each case's team: stances (rows, T) of its members, the
    cases' themes (n_cases, T) and the case of each row. A case without members agrees.

    >>> x = np.array([[1.0, 0.0], [0.0, 0.0]])
    >>> agreement(x, np.array([[True, True]]), np.array([0, 0]), 1).tolist()
    [0.5]
    """
    if len(case_of) > 1 and (case_of[1:] < case_of[:-1]).any():
        order = np.argsort(case_of, kind="stable")
        stance, case_of = np.take(stance, order, axis=0), case_of[order]
    members = np.bincount(case_of, minlength=n_cases)
    per = np.maximum(members, 1)[:, None]
    mean = _per_case(case_of, stance, n_cases) / per
    deviation = np.abs(stance - np.take(mean, case_of, axis=0))  # (take: 3x fancy indexing)
    spread = _per_case(case_of, deviation, n_cases) / per
    k = np.maximum(themes.sum(axis=1), 1)
    return 1.0 - 2.0 * (spread * themes).sum(axis=1) / k


def _per_case(case_of: np.ndarray, values: np.ndarray, n_cases: int) -> np.ndarray:
    """Column sums of `values` (rows, T) per case, (n_cases, T); `case_of` sorted."""
    out = np.zeros((n_cases, values.shape[1]))
    if len(case_of):
        starts = np.flatnonzero(np.diff(case_of, prepend=-1))
        out[case_of[starts]] = np.add.reduceat(values, starts, axis=0)
    return out


def deliberation_hours(cfg, agreement_now: np.ndarray) -> np.ndarray:
    """Hours a member spends deliberating this week: `deliberation_hours` while its team
    agrees less than the decision needs, none once it agrees."""
    return np.where(agreement_now < cfg.direction, cfg.deliberation_hours, 0.0)


def teams(world, cases: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The team rows of the (mobilising) `cases`, ordered by case, and each row's position
    in `cases`; members new to their team take their stance (`take_stances`)."""
    book = world.chains
    rows = book.team(MOBILISEREN)
    local = book.local(cases, rows)
    inside = np.flatnonzero(local >= 0)
    order = inside[np.argsort(local[inside], kind="stable")]
    rows, local = rows[order], local[order]
    take_stances(world, rows)
    return rows, local


def team_agreement(world, cases: np.ndarray) -> np.ndarray:
    """The agreement of each (mobilising) case's team as it stands."""
    rows, local = teams(world, cases)
    stance = np.take(world.chains.m_stance, rows, axis=0)
    return agreement(stance, world.chains.c_themes[cases], local, len(cases))


def take_stances(world, rows: np.ndarray) -> None:
    """Members new to their team bring their own stance (NaN until their first week)."""
    book = world.chains
    new = rows[np.isnan(book.m_stance[rows, 0])]
    if len(new):
        book.m_stance[new] = stances(world.theme_preference[book.m_actor[new]])


def deliberate(world, cases: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """Move each member's stance towards its team's trust-weighted mean (the week's
    meetings, `covered` the share of their hours the team's pledges covered, per case).
    Returns the cases' agreement after the week."""
    cfg, book = world.cfg.chains, world.chains
    rows, local = teams(world, cases)
    stance = np.take(book.m_stance, rows, axis=0)
    trust = world.actors.trust[book.m_actor[rows]]
    sums = _per_case(local, np.column_stack([trust, trust[:, None] * stance]), len(cases))
    target = sums[:, 1:] / np.maximum(sums[:, :1], 1e-12)
    step = cfg.deliberation_rate * covered[local] * trust
    stance += step[:, None] * (np.take(target, local, axis=0) - stance)
    book.m_stance[rows] = stance
    return agreement(stance, book.c_themes[cases], local, len(cases))
