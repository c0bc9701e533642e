"""MKBA of cases and runs (article theme 3, *duurzame businesscase*).

A maatschappelijke kosten-batenanalyse weighs a plan's benefits — leefbaarheid, veiligheid,
gezondheid, natuur, bereikbaarheid and the local economy — against its costs over the life
cycle. Here a realised case's quality gain per theme becomes a gain per effect
(`sim.environment.places.THEME_EFFECTS`), valued for every person at home on the affected
percelen at the effect's shadow price (`mkba.price_<effect>`, euro per resident per effect
unit per year) over the investment's lifetime. Costs: the investment (the contract price),
maintenance every year and one renewal at half the lifetime (less `procurement.service_saving`
when maintenance is sold as a service), and the hours given: officials' and institutions'
staff at `mkba.staff_wage_eur_hour`, volunteers' at their opportunity cost, the leisure they
give up (`mkba.leisure_eur_hour`), or, with `mkba.volunteer_time=replacement`, at what hiring
the work would cost (`mkba.shadow_wage_eur_hour`, also the euro the actors put on an hour).
Everything is discounted at `mkba.discount_rate` (2.25 %, Werkgroep discontovoet 2020):
over the lifetime to the week of realisation, then from that week to the run start.

`distribution` says who pays and who benefits, by actor kind and by buurt; its net column
sums to the run's net present value. `tornado` revalues a finished run at other discount
rates, shadow prices and wages one at a time, `variants` at coherent other sets of them (the
run's outcomes held fixed).
"""

import dataclasses

import numpy as np
import polars as pl

from sim.config import KINDS, MkbaConfig
from sim.environment.places import EFFECT_CAPITAL, THEME_EFFECTS
from sim.vocabulary import EFFECTS, WEEKS_PER_YEAR, Kind, Status

GEREALISEERD, GESTAGNEERD, ONTBONDEN = Status.GEREALISEERD, Status.GESTAGNEERD, Status.ONTBONDEN

#: Actor kinds whose hours are paid working time (valued at the staff wage): ambtenaar and
#: organisatie. Residents' and entrepreneurs' hours are volunteer hours (shadow wage).
STAFF_KINDS = (Kind.AMBTENAAR, Kind.ORGANISATIE)
#: Whether an actor kind is paid staff, by kind (a lookup instead of `np.isin` per call).
IS_STAFF = np.isin(np.arange(len(Kind)), STAFF_KINDS)
ECONOMY = EFFECTS.index("lokale_economie")
#: The distribution's group outside the wijk: it loses the spending the wijk gains.
ELSEWHERE = "elders"


def volunteer_eur_hour(cfg: MkbaConfig) -> float:
    """What the MKBA puts on an hour of volunteer time (`mkba.volunteer_time`).

    >>> replacement = MkbaConfig(volunteer_time="replacement")
    >>> volunteer_eur_hour(MkbaConfig()), volunteer_eur_hour(replacement)
    (9.0, 20.0)
    """
    return cfg.leisure_eur_hour if cfg.volunteer_time == "leisure" else cfg.shadow_wage_eur_hour


def prices(cfg: MkbaConfig) -> np.ndarray:
    """The shadow price of each effect (EFFECTS order), euro per resident per unit a year."""
    return np.array([getattr(cfg, f"price_{e}") for e in EFFECTS], float)


def annuity(rate: float, years) -> np.ndarray:
    """Present value of 1 euro a year for `years` years at `rate`."""
    years = np.asarray(years, float)
    return years if rate == 0 else (1 - (1 + rate) ** -years) / rate


def effect_lives(rate: float, years, cfg: MkbaConfig) -> np.ndarray:
    """(..., effects): present value of the first year's euro of each effect over `years`,
    its price rising by `mkba.price_rise_<effect>` a year relative to other prices (the
    Leidraad's relative price rise, in the cash flow, then discounted at `rate`).

    >>> cfg = MkbaConfig(price_rise_natuur=0.01)
    >>> lives = effect_lives(0.0225, 30.0, cfg)
    >>> bool(np.isclose(lives[0], annuity(0.0225, 30.0)))
    True
    >>> round(float(lives[EFFECTS.index("natuur")] / lives[0]), 3)
    1.152
    """
    rises = np.array([getattr(cfg, f"price_rise_{e}", 0.0) for e in EFFECTS])
    years = np.asarray(years, float)[..., None]
    growth = (1.0 + rate) / (1.0 + rises) - 1.0  # the rate net of the price rise
    safe = np.where(growth == 0, 1.0, growth)
    return np.where(growth == 0, years, (1 - (1 + growth) ** -years) / safe)


def discount(rate: float, years) -> np.ndarray:
    """Present value of 1 euro paid after `years` years at `rate`."""
    return (1.0 + rate) ** -np.asarray(years, float)


def effect_gains(gain: np.ndarray, themes: np.ndarray) -> np.ndarray:
    """(percelen, effects): a case's quality gain per perceel and theme in scope as effects."""
    return gain @ THEME_EFFECTS[themes]


def benefit_year(effects: np.ndarray, people: np.ndarray, cfg: MkbaConfig) -> np.ndarray:
    """(percelen, effects): euro a year of each effect on each perceel, for its people."""
    return effects * people[:, None] * prices(cfg)


def valuation(
    benefit: np.ndarray,
    years: np.ndarray,
    invest: np.ndarray,
    hours_volunteer: np.ndarray,
    hours_staff: np.ndarray,
    service: np.ndarray,
    cfg: MkbaConfig,
    service_saving: float,
    rate: float | None = None,
    factors: dict | None = None,
    margin: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Present values at realisation, per case (rows): benefits per effect, costs and NPV.

    `benefits` are what the wijk gains per effect; `transfer`, the part of the local economy
    effect that is spending moved from elsewhere (`mkba.local_economy_transfer`), is no gain
    for the country and is left out of `welfare` (the benefits the NPV counts); `margin`,
    the executor's profit in the contract price (`sim.business.procurement`), is paid by the
    members but received by the executor, so `welfare` adds it back (a transfer between the
    two, not a cost to the country).
    benefit: (C, effects) euro a year at the configured prices; years: lifetimes.
    `rate` and `factors` ({config key: multiplier} for `price_<effect>`, `volunteer_eur_hour`
    (the volunteer hour as `volunteer_eur_hour` values it) and `staff_wage_eur_hour`)
    revalue at other settings.
    """
    rate = cfg.discount_rate if rate is None else rate
    factors = factors or {}
    scale = np.array([factors.get(f"price_{e}", 1.0) for e in EFFECTS])
    life = annuity(rate, years)
    benefits = benefit * scale * effect_lives(rate, years, cfg)
    upkeep = invest * (
        cfg.maintenance_share_year * life + cfg.renewal_share * discount(rate, years / 2)
    )
    upkeep = upkeep * np.where(service, 1.0 - service_saving, 1.0)
    hours = hours_volunteer * volunteer_eur_hour(cfg) * factors.get(
        "volunteer_eur_hour", 1.0
    ) + hours_staff * cfg.staff_wage_eur_hour * factors.get("staff_wage_eur_hour", 1.0)
    costs = invest + upkeep + hours
    transfer = benefits[:, ECONOMY] * cfg.local_economy_transfer
    margin = np.zeros(len(benefits)) if margin is None else np.asarray(margin, float)
    welfare = benefits.sum(axis=1) - transfer + margin
    return {
        "benefits": benefits,
        "transfer": transfer,
        "margin": margin,
        "welfare": welfare,
        "upkeep": upkeep,
        "hours": hours,
        "costs": costs,
        "npv": welfare - costs,
    }


def bcr(benefits: float, costs: float) -> float | None:
    """Benefit-cost ratio; None when there are no costs."""
    return bcrs([benefits], [costs])[0]


def bcrs(benefits: np.ndarray, costs: np.ndarray) -> pl.Series:
    """Benefit-cost ratio per element; null where there are no costs."""
    costs = np.asarray(costs, dtype=float)
    ok = costs > 0
    ratio = np.divide(benefits, costs, out=np.zeros_like(costs), where=ok)
    return pl.Series(ratio, dtype=pl.Float64).set(pl.Series(~ok), None)


def hours_split(world, members: dict, n_cases: int) -> tuple[np.ndarray, np.ndarray]:
    """Volunteer and staff hours given to each case (unpaid memberships only)."""
    unpaid = ~members["paid"]
    staff = IS_STAFF[world.actors.kind[members["actor"]]]
    case, hours = members["case"], members["hours_given"]
    volunteer = np.bincount(case[unpaid & ~staff], hours[unpaid & ~staff], minlength=n_cases)
    paid_time = np.bincount(case[unpaid & staff], hours[unpaid & staff], minlength=n_cases)
    return volunteer, paid_time


def hour_wages(world, actors: np.ndarray) -> np.ndarray:
    """Euro an hour of the given actors in the MKBA: the staff wage for officials and
    institutions, else a volunteer hour's value (`volunteer_eur_hour`)."""
    cfg = world.cfg.mkba
    staff = IS_STAFF[world.actors.kind[actors]]
    return np.where(staff, cfg.staff_wage_eur_hour, volunteer_eur_hour(cfg))


def value_case(world, case: int, parcels: np.ndarray, gain: np.ndarray, rows: np.ndarray) -> None:
    """Value one realised case, record it in the book and its people's ledger.

    parcels: the affected percelen; gain: their quality gain per theme in scope; rows: the
    case's membership rows (open book). Benefits go to the people at home on the affected
    percelen, each effect on a perceel shared equally by its people, the local economy
    shared by the entrepreneurs of the affected percelen (by all their people when there are
    none). Costs go to the members: each its hours at its wage, and the investment and its
    upkeep in proportion to the money it gave.
    """
    cfg, book, st = world.cfg, world.chains, world.actors
    people = world.people[parcels]
    yearly = benefit_year(effect_gains(gain, book.c_themes[case]), people, cfg.mkba)
    book.c_benefit_year[case] = yearly.sum(axis=0)
    years = cfg.chains.per_scale("lifetime_years")[book.c_scale[case]]
    members = {n: getattr(book, f"m_{n}")[rows] for n in ("actor", "paid", "hours_given")}
    members["case"] = np.zeros(len(rows), dtype=np.int64)  # this case only: index 0
    volunteer, staff = hours_split(world, members, 1)
    service = world.cfg.procurement.route == "ambition_contract"
    v = valuation(
        book.c_benefit_year[case][None],
        np.array([years]),
        book.c_money_given[case : case + 1],
        volunteer,
        staff,
        np.array([service]),
        cfg.mkba,
        cfg.procurement.service_saving,
        margin=book.c_margin[case : case + 1],
    )
    book.c_value[case] = v["benefits"][0] @ EFFECT_CAPITAL
    book.c_npv_eur[case] = v["npv"][0]

    # The ledger of who benefits and who pays, discounted to the run start.
    now = discount(cfg.mkba.discount_rate, world.week / WEEKS_PER_YEAR)
    life = effect_lives(cfg.mkba.discount_rate, years, cfg.mkba) * now  # (effects,)
    lo = np.searchsorted(st.parcel, parcels[0], side="left")  # actors sorted by perceel
    hi = np.searchsorted(st.parcel, parcels[-1], side="right")
    home = st.parcel[lo:hi] - parcels[0]
    here = people[:, None]
    per_person = np.divide(yearly, here, out=np.zeros_like(yearly), where=here > 0)
    own = np.delete(per_person * life, ECONOMY, axis=1).sum(axis=1)
    world.ledger_benefit[lo:hi] += own[home]
    firms = np.flatnonzero(st.kind[lo:hi] == Kind.ONDERNEMER)
    takers = lo + (firms if len(firms) else np.arange(hi - lo))
    if len(takers):
        world.ledger_benefit[takers] += yearly[:, ECONOMY].sum() / len(takers) * life[ECONOMY]
    if book.c_executor[case] >= 0:  # the executor receives its margin
        world.ledger_benefit[book.c_executor[case]] += book.c_margin[case] * now
    unpaid = ~members["paid"]
    actor = members["actor"][unpaid]
    money = book.m_money_given[rows][unpaid]
    invest = book.c_money_given[case]
    upkeep_share = v["upkeep"][0] / invest if invest > 0 else 0.0
    paid = money * (1.0 + upkeep_share) + members["hours_given"][unpaid] * hour_wages(world, actor)
    np.add.at(world.ledger_paid, actor, paid * now)


def case_values(
    model, rate: float | None = None, factors: dict | None = None, prices: MkbaConfig | None = None
) -> dict:
    """Every case valued at realisation (`valuation`) plus, per case, its weight to the run
    start, whether it counts (realised: in full; stalled or dissolved: its hours only) and
    the run totals: benefits, costs, npv, bcr. `prices` values at other MKBA settings than
    the run's (the run's outcomes held fixed)."""
    cfg, book = model.cfg, model.chains
    prices = cfg.mkba if prices is None else prices
    c = book.cases()
    m = book.all_members()
    volunteer, staff = hours_split(model, m, book.n_cases)
    years = cfg.chains.per_scale("lifetime_years")[book.c_scale[c]]
    service = np.full(book.n_cases, cfg.procurement.route == "ambition_contract")
    v = valuation(
        book.c_benefit_year[c],
        years,
        book.c_money_given[c],
        volunteer,
        staff,
        service,
        prices,
        cfg.procurement.service_saving,
        rate,
        factors,
        margin=book.c_margin[c],
    )
    rate = prices.discount_rate if rate is None else rate
    status = book.c_status[c]
    realised = status == GEREALISEERD
    failed = (status == GESTAGNEERD) | (status == ONTBONDEN)
    weight = discount(
        rate, np.where(book.c_week_ended[c] >= 0, book.c_week_ended[c], 0) / WEEKS_PER_YEAR
    )
    benefits = (v["welfare"] * weight)[realised].sum()
    costs = (v["costs"] * weight)[realised].sum() + (v["hours"] * weight)[failed].sum()
    return {
        **v,
        "volunteer": volunteer,
        "staff": staff,
        "realised": realised,
        "transfer_total": float((v["transfer"] * weight)[realised].sum()),
        "margin_total": float((v["margin"] * weight)[realised].sum()),
        "benefits_total": float(benefits),
        "costs_total": float(costs),
        "npv_total": float(benefits - costs),
        "bcr_total": bcr(benefits, costs),
    }


def distribution(model) -> pl.DataFrame:
    """Who pays and who benefits (discounted to the run start), by actor kind and by buurt.

    Rows: `dimension` (kind or buurt), `group`, `paid_eur`, `benefits_eur`, `net_eur`; each
    dimension ends with the group `elders` (elsewhere), whose benefit is minus the transfer:
    the local spending the wijk gains and elsewhere loses (`valuation`). Each dimension's
    `net_eur` sums to the run's `mkba_npv_eur`.
    """
    cfg, book, st = model.cfg, model.chains, model.actors
    paid = model.ledger_paid.copy()
    m = book.all_members()
    status = book.c_status[m["case"]]
    failed = ((status == GESTAGNEERD) | (status == ONTBONDEN)) & ~m["paid"]
    weeks = book.c_week_ended[m["case"]][failed]
    lost = m["hours_given"][failed] * hour_wages(model, m["actor"][failed])
    np.add.at(
        paid, m["actor"][failed], lost * discount(cfg.mkba.discount_rate, weeks / WEEKS_PER_YEAR)
    )
    transfer = case_values(model)["transfer_total"]
    frames = []
    for dimension, group, labels in (
        ("kind", st.kind, np.array(KINDS)),
        ("buurt", st.buurt, np.arange(len(model.places.buurt_wijk)).astype(str)),
    ):
        n = len(labels)
        p = np.append(np.bincount(group, paid, minlength=n), 0.0)
        b = np.append(np.bincount(group, model.ledger_benefit, minlength=n), -transfer)
        frames.append(
            pl.DataFrame(
                {
                    "dimension": [dimension] * (n + 1),
                    "group": [*labels, ELSEWHERE],
                    "paid_eur": p,
                    "benefits_eur": b,
                    "net_eur": b - p,
                }
            )
        )
    return pl.concat(frames)


#: The settings the tornado varies (each ±50 %), besides the discount rate.
TORNADO_KEYS = (
    *(f"price_{e}" for e in EFFECTS),
    "volunteer_eur_hour",
    "staff_wage_eur_hour",
)


#: The valuation variants of a run besides its own (Algemene leidraad MKBA: show how the answer
#: moves under coherent other assumptions, not only one price at a time): volunteer hours at
#: the leisure they give up or at the replacement wage (the Werkwijzer's sensitivity), and
#: every price, wage and the discount rate at once at the side that lowers the NPV
#: (pessimistic: prices x0.5, wages and rate x1.5) or raises it (optimistic: the reverse).
VARIANTS = ("leisure", "replacement", "pessimistic", "optimistic")


def variants(model, spread: float = 0.5) -> dict[str, float]:
    """The run's NPV under each of `VARIANTS`, its outcomes held fixed: `{variant: euro}`.

    The variant that is the run's own valuation of volunteer time (`mkba.volunteer_time`)
    equals its `mkba_npv_eur`.
    """
    cfg = model.cfg.mkba
    out = {}
    for time in ("leisure", "replacement"):
        other = dataclasses.replace(cfg, volunteer_time=time)
        out[time] = case_values(model, prices=other)["npv_total"]
    for name, price, cost in (
        ("pessimistic", 1 - spread, 1 + spread),
        ("optimistic", 1 + spread, 1 - spread),
    ):
        factors = {f"price_{e}": price for e in EFFECTS}
        factors |= {"volunteer_eur_hour": cost, "staff_wage_eur_hour": cost}
        rate = cfg.discount_rate * cost
        out[name] = case_values(model, rate=rate, factors=factors)["npv_total"]
    return out


def tornado(model, spread: float = 0.5) -> pl.DataFrame:
    """The run's NPV with the discount rate and each shadow price and wage at (1 ± spread)
    times its value, the run's outcomes held fixed. Rows: parameter, npv_low, npv_high
    (at the low and high setting), npv_base; sorted by swing, largest first."""
    base = case_values(model)["npv_total"]
    rate = model.cfg.mkba.discount_rate
    rows = [
        (
            "discount_rate",
            case_values(model, rate=rate * (1 - spread))["npv_total"],
            case_values(model, rate=rate * (1 + spread))["npv_total"],
        )
    ]
    for key in TORNADO_KEYS:
        low = case_values(model, factors={key: 1 - spread})["npv_total"]
        high = case_values(model, factors={key: 1 + spread})["npv_total"]
        rows.append((key, low, high))
    frame = pl.DataFrame(rows, schema=["parameter", "npv_low", "npv_high"], orient="row")
    return (
        frame.with_columns(pl.lit(base).alias("npv_base"))
        .with_columns((pl.col("npv_high") - pl.col("npv_low")).abs().alias("swing"))
        .sort("swing", descending=True)
        .drop("swing")
    )
