"""The investment decision and realisation (principle 4; principle 2: you own what you add).

The decision needs all three at once: a coalition (at least `min_members`), pledges (money
pledged covers the need, preparation and procedure done, the procedure's waiting weeks over)
and a shared direction (mean member alignment of at least `direction`). Then the money is
given, an executor (uitvoerder) is named — the most skilled entrepreneur or institution in the
chain, or else a contractor from outside — and after the realisation weeks the place's quality
rises on the case's themes. The value added per capital is valued as an MKBA would, and each
contributor owns it in proportion to the hours (at the shadow wage) and money it gave.
"""

import numpy as np

from sim.agents.roles import UITVOERDER
from sim.chains.book import GEREALISEERD, MOBILISEREN, REALISEREN
from sim.chains.needs import money_needed, prep_hours, procedure, scale_table
from sim.environment.places import THEME_LOADINGS


def contractors(model, n: int, pool_size: int = 20) -> np.ndarray:
    """Executors from outside the chain: the most skilled of a random pool of entrepreneurs."""
    st = model.actors
    firms = np.flatnonzero(st.kind == 1)
    if len(firms) == 0:
        firms = np.flatnonzero(st.kind == 3)
    if len(firms) == 0:
        firms = np.arange(st.n)
    pool = model.rng.choice(firms, (n, min(pool_size, len(firms))))
    return pool[np.arange(n), st.skill[pool].argmax(axis=1)]


def annuity(rate: float, years) -> np.ndarray:
    """Present value of 1 euro a year for `years` years at `rate`."""
    years = np.asarray(years, float)
    return years if rate == 0 else (1 - (1 + rate) ** -years) / rate


def decide(model) -> np.ndarray:
    """Take the investment decisions that are ready; return the decided case ids."""
    cfg, st, book = model.cfg, model.actors, model.chains
    cases = np.flatnonzero(book.c_status[: book.n_cases] == MOBILISEREN)
    if len(cases) == 0:
        return cases
    rows = book.active_rows(MOBILISEREN)
    n = book.n_cases
    members = np.bincount(book.m_case[rows], minlength=n)[cases]
    pledged = np.bincount(book.m_case[rows], book.m_money_pledged[rows], minlength=n)[cases]
    direction = np.bincount(book.m_case[rows], book.m_alignment[rows], minlength=n)[cases]
    direction = direction / np.maximum(members, 1)
    proc_hours, proc_weeks = procedure(model, cases)
    need = money_needed(model, cases)
    ready = (
        (members >= cfg.chains.min_members)
        & (pledged >= need)
        & (direction >= cfg.chains.direction)
        & (book.c_prep_done[cases] >= prep_hours(model, cases) - 1e-9)
        & (book.c_proc_done[cases] >= proc_hours - 1e-9)
        & (model.week - book.c_week_started[cases] >= proc_weeks)
    )
    decided = cases[ready]
    if len(decided) == 0:
        return decided

    # Give the money: each member the same share of its pledge; release the rest.
    give_share = np.zeros(n)
    give_share[decided] = need[ready] / pledged[ready]
    in_decided = rows[give_share[book.m_case[rows]] > 0]
    gift = book.m_money_pledged[in_decided] * give_share[book.m_case[in_decided]]
    actor = book.m_actor[in_decided]
    np.subtract.at(st.money, actor, gift)
    np.subtract.at(st.reserved, actor, book.m_money_pledged[in_decided])
    np.add.at(st.money_given, actor, gift)
    np.clip(st.reserved, 0.0, None, out=st.reserved)
    np.clip(st.money, 0.0, None, out=st.money)
    book.m_money_given[in_decided] += gift
    book.m_money_pledged[in_decided] = gift
    book.c_money_given[decided] = need[ready]
    model.week_money += gift.sum()

    # Name the executor and plan the realisation.
    executor = np.full(len(decided), -1)
    able = rows[np.isin(st.kind[book.m_actor[rows]], (1, 3))]
    able = able[np.isin(book.m_case[able], decided)]
    if len(able):
        order = np.lexsort((-st.skill[book.m_actor[able]], book.m_case[able]))
        able = able[order]
        heads = able[np.r_[True, book.m_case[able][1:] != book.m_case[able][:-1]]]
        pos = np.searchsorted(decided, book.m_case[heads])
        executor[pos] = book.m_actor[heads]
        book.set_role(heads, UITVOERDER)
    hire = executor < 0
    if hire.any():
        executor[hire] = contractors(model, hire.sum())
        book.add_members(executor[hire], decided[hire], UITVOERDER, model.week, 0.0, 0.0, paid=True)
    weeks = scale_table(cfg.chains, "realisation_weeks")[book.c_scale[decided]]
    book.c_executor[decided] = executor
    book.c_realise_due[decided] = model.week + np.ceil(weeks * (1.5 - st.skill[executor]))
    book.c_week_decided[decided] = model.week
    book.c_status[decided] = REALISEREN
    return decided


def realise(model) -> np.ndarray:
    """Finish the realisations that are due: raise quality, value it, hand out ownership."""
    cfg, book, places = model.cfg, model.chains, model.places
    due = np.flatnonzero(
        (book.c_status[: book.n_cases] == REALISEREN)
        & (book.c_realise_due[: book.n_cases] <= model.week)
    )
    if len(due) == 0:
        return due
    effect = scale_table(cfg.chains, "effect")
    lifetime = scale_table(cfg.chains, "lifetime_years")
    rate = cfg.mkba.discount_rate
    for c in due:  # a few cases a week, each touching its own percelen
        parcels = places.affected(("perceel", "buurt", "wijk")[book.c_scale[c]], book.c_parcel[c])
        themes = book.c_themes[c]
        before = places.quality[np.ix_(parcels, themes)]
        gain = effect[book.c_scale[c]] * (1.0 - before)
        places.quality[np.ix_(parcels, themes)] = before + gain
        capital_gain = gain.sum(axis=0) @ THEME_LOADINGS[themes]
        years = lifetime[book.c_scale[c]]
        value = capital_gain * cfg.mkba.benefit_eur_quality_year * annuity(rate, years)
        book.c_value[c] = value
        hours_cost = book.c_hours_given[c] * cfg.mkba.shadow_wage_eur_hour
        money = book.c_money_given[c]
        upkeep = money * cfg.mkba.maintenance_share_year * annuity(rate, years)
        book.c_npv_eur[c] = value.sum() - money - upkeep - hours_cost
    book.c_status[due] = GEREALISEERD
    book.c_week_ended[due] = model.week
    _own(model, due)
    return due


def _own(model, cases: np.ndarray) -> None:
    """Principle 2: contributors own the value added, by share of hours and money given."""
    cfg, st, book = model.cfg, model.actors, model.chains
    m = book.members()
    rows = np.flatnonzero(np.isin(book.m_case[m], cases) & ~book.m_paid[m])
    contribution = (
        book.m_hours_given[rows] * cfg.mkba.shadow_wage_eur_hour + book.m_money_given[rows]
    )
    total = np.bincount(book.m_case[rows], contribution, minlength=book.n_cases)
    value = np.clip(book.c_value[: book.n_cases].sum(axis=1), 0, None)
    owned = value[book.m_case[rows]] * contribution / np.maximum(total[book.m_case[rows]], 1e-12)
    book.m_ownership[rows] += owned
    np.add.at(st.ownership, book.m_actor[rows], owned)
    book.leave(rows[book.m_active[rows]], model.week)
    executors = np.flatnonzero(np.isin(book.m_case[m], cases) & book.m_paid[m])
    book.leave(executors[book.m_active[executors]], model.week)
