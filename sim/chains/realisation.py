"""The investment decision and realisation (principle 4; principle 2: you own what you add).

The decision needs all three at once: a coalition (at least `min_members`), pledges (money
pledged covers the need, preparation and procedure done, the procedure's waiting weeks over)
and a shared direction (mean member alignment of at least `direction`). Then the case
procures its executor (uitvoerder; theme 4, sim.business.procurement), the members give the
contract price, and after the realisation weeks the executor delivers: the place's quality
rises on the case's themes in proportion to the delivered quality. The case is valued as an
MKBA (theme 3, sim.business.mkba), and each contributor owns the value in proportion to the
hours (at the shadow wage) and money it gave.
"""

import numpy as np

from sim.agents.roles import UITVOERDER
from sim.business import mkba, procurement
from sim.chains.book import GEREALISEERD, MOBILISEREN, REALISEREN
from sim.chains.needs import money_needed, prep_hours, procedure, scale_table
from sim.config import SCALES
from sim.vocabulary import Kind


def contractors(model, n: int, pool_size: int = 20) -> np.ndarray:
    """Executors from outside the chain: the most skilled of a random pool of entrepreneurs."""
    st = model.actors
    firms = np.flatnonzero(st.kind == Kind.ONDERNEMER)
    if len(firms) == 0:
        firms = np.flatnonzero(st.kind == Kind.ORGANISATIE)
    if len(firms) == 0:
        firms = np.arange(st.n)
    pool = model.rng.choice(firms, (n, min(pool_size, len(firms))))
    return pool[np.arange(n), st.skill[pool].argmax(axis=1)]


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

    # Procure the executor; a case without an admissible offer waits for the next week.
    executor, price = procure(model, decided, pledged[ready], need[ready])
    won = executor >= 0
    decided, executor, price = decided[won], executor[won], price[won]
    if len(decided) == 0:
        return decided
    pledged = pledged[ready][won]

    # Give the money: each member the same share of its pledge; release the rest.
    give_share = np.zeros(n)
    give_share[decided] = np.divide(price, pledged, out=np.zeros_like(price), where=pledged > 0)
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
    book.c_money_given[decided] = price
    model.week_money += gift.sum()

    # The winner executes: a member switches role, an outsider joins as a paid member.
    in_chain = rows[np.isin(book.m_case[rows], decided)]
    key = book.m_case[in_chain] * st.n + book.m_actor[in_chain]
    hit = np.isin(key, decided * st.n + executor)
    book.set_role(in_chain[hit], UITVOERDER)
    inside = np.isin(decided * st.n + executor, key)
    outside = ~inside
    if outside.any():
        book.add_members(
            executor[outside], decided[outside], UITVOERDER, model.week, 0.0, 0.0, paid=True
        )
    weeks = scale_table(cfg.chains, "realisation_weeks")[book.c_scale[decided]]
    book.c_executor[decided] = executor
    book.c_realise_due[decided] = model.week + np.ceil(weeks * (1.5 - st.skill[executor]))
    book.c_week_decided[decided] = model.week
    book.c_status[decided] = REALISEREN
    return decided


def procure(model, cases, pledged, need) -> tuple[np.ndarray, np.ndarray]:
    """Tender each decided case (sim.business.procurement): the winner and its price, -1 and
    0 where no offer fits the money pledged. Records budget, offered quality and target."""
    cfg, book, places = model.cfg, model.chains, model.places
    proc = cfg.procurement
    executor = np.full(len(cases), -1)
    price = np.zeros(len(cases))
    effect = scale_table(cfg.chains, "effect")
    rows = book.active_rows()
    rows = rows[np.isin(book.m_case[rows], cases)]  # only the tendering chains' members
    for i, c in enumerate(cases):  # a few tenders a week, each over a handful of offers
        members = book.m_actor[rows[book.m_case[rows] == c]]
        ids = procurement.bidders(model, members)
        themes = book.c_themes[c]
        bid, offered, _ = procurement.offers(model, ids, themes, need[i])
        parcels = places.affected(SCALES[book.c_scale[c]], book.c_parcel[c])
        gain = effect[book.c_scale[c]] * (1.0 - places.quality[np.ix_(parcels, themes)])
        at_1 = mkba.benefit_year(
            mkba.effect_gains(gain, themes), model.people[parcels], cfg.mkba
        ).sum()
        social = model.actors.firm[ids] == procurement.SOCIAL
        win = procurement.award(
            proc.route, bid, offered, social, at_1, proc.social_bonus, pledged[i]
        )
        if win < 0:
            continue
        executor[i], price[i] = ids[win], bid[win]
        book.c_budget[c] = need[i]
        book.c_offered[c] = offered[win]
        book.c_target[c] = procurement.target(proc.route, offered[win], proc.ambition_stretch)
    return executor, price


def realise(model) -> np.ndarray:
    """Finish the realisations that are due: the executor delivers (learning over the
    contract), quality rises, the case is valued as an MKBA and ownership handed out."""
    cfg, book, places = model.cfg, model.chains, model.places
    due = np.flatnonzero(
        (book.c_status[: book.n_cases] == REALISEREN)
        & (book.c_realise_due[: book.n_cases] <= model.week)
    )
    if len(due) == 0:
        return due
    effect = scale_table(cfg.chains, "effect")
    delivered = procurement.deliver(model, due)
    rows = np.flatnonzero(np.isin(book.m_case[book.members()], due))
    for c, quality in zip(due, delivered, strict=True):  # a few cases a week
        parcels = places.affected(SCALES[book.c_scale[c]], book.c_parcel[c])
        themes = book.c_themes[c]
        before = places.quality[np.ix_(parcels, themes)]
        gain = min(effect[book.c_scale[c]] * quality, 1.0) * (1.0 - before)
        places.quality[np.ix_(parcels, themes)] = before + gain
        mkba.value_case(model, c, parcels, gain, rows[book.m_case[rows] == c])
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
