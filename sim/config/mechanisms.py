"""The mechanisms' groups: value chains (joining, coordination, decision, per scale), pledging,
tussenruimte, feedback (small wins, lifecycle), eigenaarschap, MKBA prices and procurement."""

from dataclasses import dataclass

import numpy as np

from sim.config.fields import (
    CALIBRATED,
    HOURS_SOURCE,
    MONEY_SOURCE,
    TIES_SOURCE,
    WEIGHT_SOURCE,
    group,
    param,
)
from sim.config.scenario import SCALES
from sim.vocabulary import Firm, Route, labels

# ---------------------------------------------------------------- value chains


@dataclass
class ScaleConfig:
    """Needs and effects of a case at one scale (perceel, buurt or wijk)."""

    prep_hours: float = param(100.0, "hours", 0, 1_000_000, source=HOURS_SOURCE)
    money_eur: float = param(
        5000.0,
        "euro",
        0,
        10_000_000_000,
        source="assumption; at most ten billion euro, above Amsterdam's largest area projects",
    )
    effect: float = param(0.15, "share of the gap to 1 closed per theme", 0, 1)
    lifetime_years: float = param(15.0, "years", 1, 200)
    realisation_weeks: float = param(8.0, "weeks", 0, 1000)
    friction_hours: float = param(40.0, "hours at friction 1", 0, 1_000_000, source=HOURS_SOURCE)
    friction_weeks: float = param(13.0, "weeks at friction 1", 0, 1000)


@dataclass
class ChainsConfig:
    """Initiation, joining, coordination, decision and stalling (the value-chain life cycle)."""

    bottom_up_rate: float = param(
        0.001603, "initiatives/actor/week at full passion and gap", 0, 1, source=CALIBRATED
    )
    top_down_rate: float = param(0.005, "initiatives/official/week", 0, 1)
    outsourced_share: float = param(0.0, "share of top-down cases outsourced", 0, 1)
    integrality_appetite: float = param(0.3, "probability per extra theme at start", 0, 1)
    scope_creep: float = param(0.3, "probability a joiner adds its theme", 0, 1)
    attention: float = param(
        0.3331, "probability/week an invitation is considered", 0, 1, source=CALIBRATED
    )
    threshold: float = param(
        0.387,
        "mean joining threshold (fractional: 0-1; absolute: neighbours)",
        0,
        1000,
        source=CALIBRATED,
    )
    threshold_sd: float = param(0.1, "sd of threshold", 0, 1000, source=TIES_SOURCE)
    threshold_kind: str = param("fractional", "choice", choices=("fractional", "absolute"))
    w_influence: float = param(1.0, "weight", 0, 100, source=WEIGHT_SOURCE)
    w_alignment: float = param(0.5, "weight", 0, 100, source=WEIGHT_SOURCE)
    w_cost: float = param(0.3, "weight", 0, 100, source=WEIGHT_SOURCE)
    max_chains: int = param(3, "chains/actor at once", 1, 100)
    churn_week: float = param(0.005, "probability/week a member leaves", 0, 1)
    min_value_added_eur_week: float = param(
        20.0, "euro/week under the filter", 0, 10_000_000, source=MONEY_SOURCE
    )
    coordination_hours: float = param(
        0.15,
        "hours/week each member spends in the team's meetings, at 1 theme",
        0,
        80,
        source="assumption: a meeting of about an hour and a half every ten weeks; at most"
        " the 80 hours a week an actor can have",
    )
    path_hours: float = param(
        0.02,
        "hours/week per communication path between two members (each spends half), at 1 theme",
        0,
        80,
        source="assumption: a pair of members spends a minute and a bit a week keeping each"
        " other informed (a team of 30 then costs what the first round's power law gave),"
        " range 0.005-0.1; the form is Brooks (1975): n members have n(n-1)/2 paths",
    )
    theme_load: float = param(
        0.5,
        "extra coordination per theme beyond the first (share of the one-theme overhead)",
        0,
        10,
        source="assumption, range 0.1-1; the form is Steiner (1972): process losses grow"
        " with the interdependence of the task",
    )
    integrality_cost: float = param(0.5, "extra need per extra theme", 0, 10)
    min_members: int = param(3, "members for an investment decision", 1, 10_000)
    direction: float = param(
        0.8,
        "0-1 agreement needed (shared direction)",
        0,
        1,
        source="assumption: teams agree to within a tenth of the stance scale (mean absolute "
        "deviation 0.1); a new team of the default population starts at about 0.6-0.75",
    )
    deliberation_rate: float = param(
        0.15,
        "share/week of the distance to the team's stance a fully trusting member moves",
        0,
        1,
        source="assumption: a team of trust 0.5 halves its disagreement in about 9 weeks "
        "of meetings (DeGroot 1974 averaging)",
    )
    deliberation_hours: float = param(
        0.5,
        "hours/week per member while the team disagrees",
        0,
        80,
        source="assumption: half an hour a week of talk on top of the meetings",
    )
    lead_capacity: int = param(
        1,
        "mobilising chains an actor can lead (initiate) at once; 100: no limit",
        1,
        100,
        source="assumption: leaders are the bottleneck of community initiatives (Ghorbani et"
        " al. 2020); one at a time",
    )
    momentum_loss: float = param(
        0.5,
        "share of a chain's momentum (its productivity) lost when its initiator leaves",
        0,
        0.9,
        source="assumption: the team regroups; the work goes at half speed at first",
    )
    momentum_recovery: float = param(
        0.1,
        "share/week of the lost momentum regained while the chain has an initiator",
        0,
        1,
        source="assumption: half of it back in about seven weeks",
    )
    supporter_hours: float = param(
        0.3,
        "share of the hours it could give that a supporter (ondersteuner) pledges; 1: as a"
        " co-producer",
        0,
        1,
        source="assumption: supporters give mostly money or voice, a co-producer its hours",
    )
    trusted_ties: bool = param(
        True,
        "switch (off: every tie weighs 1 in social influence)",
        source="article, principle 6: build on trusted circles; CONCEPTS.md: who knows and "
        "trusts whom",
    )
    history_saving: float = param(
        0.3,
        "share of coordination hours saved by a team whose members all know and fully trust "
        "each other",
        0,
        0.9,
        source="assumption; team familiarity lowers coordination cost (Reagans, Argote & "
        "Brooks 2005; Huckman, Staats & Upton 2009), no effect size for volunteer teams",
    )
    min_progress_hours: float = param(1.0, "hours/week", 0, 1_000_000, source=HOURS_SOURCE)
    stall_weeks: int = param(12, "weeks without progress", 1, 10_000)
    max_mobilising_weeks: int = param(104, "weeks", 1, 10_000)
    perceel: ScaleConfig = group(lambda: ScaleConfig(prep_hours=147.6))  # calibrated
    buurt: ScaleConfig = group(
        lambda: ScaleConfig(
            prep_hours=400.0,
            money_eur=50000.0,
            effect=0.08,
            lifetime_years=25.0,
            realisation_weeks=26.0,
            friction_hours=160.0,
            friction_weeks=26.0,
        )
    )
    wijk: ScaleConfig = group(
        lambda: ScaleConfig(
            prep_hours=1500.0,
            money_eur=400000.0,
            effect=0.04,
            lifetime_years=30.0,
            realisation_weeks=52.0,
            friction_hours=600.0,
            friction_weeks=52.0,
        )
    )

    def scale(self, name: str) -> ScaleConfig:
        return getattr(self, name)

    def per_scale(self, attr: str) -> np.ndarray:
        """One ScaleConfig attribute for perceel, buurt and wijk, indexable by `Scale`."""
        return np.array([getattr(self.scale(s), attr) for s in SCALES], float)


@dataclass
class PledgeConfig:
    """Pledging as a public-goods contribution with imitation (Santos et al. 2008)."""

    synergy: float = param(
        3.0,
        "r, multiplication factor",
        0,
        1000,
        source="assumption; above the largest game (local_degree + 1) every r makes pledging pay",
    )
    cost_scheme: str = param("per_game", "choice", choices=("per_game", "per_individual"))
    imitation_rate: float = param(0.02, "probability/week", 0, 1)
    selection_noise: float = param(
        0.5,
        "K of the Fermi rule",
        1e-6,
        1000,
        source="assumption; at K = 1000 imitation is a coin toss for any payoff gap",
    )
    w_glow: float = param(
        1.0, "weight of intrinsic reward (passion x alignment)", 0, 100, source=WEIGHT_SOURCE
    )
    propensity: float = param(
        0.5774, "0-1 mean initial share of hours pledged", 0, 1, source=CALIBRATED
    )
    money_share: float = param(0.5, "share of free money pledged at full propensity", 0, 1)


@dataclass
class TussenruimteConfig:
    """Procedural friction (principle 3) that officials lower and learning lowers."""

    friction: float = param(0.5, "0-1 level", 0, 1)
    official_relief: float = param(0.5, "share of friction an official member removes", 0, 1)
    learning: float = param(0.03, "share of a wijk's friction for a scale removed per win", 0, 1)
    forgetting_year: float = param(
        0.2,
        "share/year of learnt relief lost without use (back towards `friction`)",
        0,
        1,
        source="assumption: the people who know a route change post; about five years unused"
        " and it is mostly gone",
    )
    deterrence: float = param(
        1.0,
        "weight of the expected procedural burden (own share of the procedure hours over a"
        " year of one's hours, plus years of waiting) in starting and joining; 0: none",
        0,
        100,
        source="assumption: rules and procedures are the barrier citizens' initiatives name"
        " most; a burden of a year's hours halves the chance to start",
    )


@dataclass
class FeedbackConfig:
    """Feedback of outcomes into trust, skill and neighbours' motivation (small wins)."""

    trust_gain: float = param(0.05, "share of distrust removed per win", 0, 1)
    trust_loss: float = param(
        0.1, "share of trust (an actor's and its team ties') lost per stall", 0, 1
    )
    tie_trust_gain: float = param(
        0.02,
        "share/week of a tie's distrust removed by working together in a team",
        0,
        1,
        source="assumption: a year in one team takes a tie from 0.44 to about 0.8",
    )
    passion_loss: float = param(0.05, "share of passion lost per stall", 0, 1)
    skill_per_100h: float = param(0.05, "share of skill gap closed per 100 hours", 0, 1)
    team_spillover: float = param(0.02, "share/week of skill gap closed from other teams", 0, 1)
    small_win_threshold: float = param(0.02, "threshold drop for witnesses of a win", 0, 1)
    small_win_passion: float = param(0.03, "share of passion gap closed for witnesses", 0, 1)
    stall_threshold: float = param(
        0.02,
        "threshold rise for the members of a stalled case (disappointment)",
        0,
        1,
        source="assumption: a stall disappoints as much as a witnessed win encourages",
    )
    threshold_recovery_year: float = param(
        0.1,
        "share/year of the distance to its starting threshold an actor's threshold returns",
        0,
        1,
        source="assumption: the effect of a win or a stall on one's readiness halves in about "
        "seven years",
    )
    skill_forgetting_year: float = param(
        0.1,
        "share/year of the skill above its starting level lost while in no chain",
        0,
        1,
        source="assumption: unused skill halves its gain in about seven years",
    )


OWNERSHIP_SOURCE = (
    "assumption: no published effect size for psychological ownership in Dutch area "
    "development; at 0.5 a member who feels full owner pledges half as much again and leaves "
    "half as often (Pierce, Kostova & Dirks 2001 name the routes, not the sizes)"
)


@dataclass
class OwnershipConfig:
    """Eigenaarschap as a state that drives (principle 2, theme 1; `sim.chains.eigenaarschap`).

    Felt ownership (0-1) grows from the hours a member gives and the say its contribution
    buys, and from seeing its case realised; it fades without involvement, and raises
    attachment, pledging, staying and inviting; co-owners make joining the norm."""

    effect: float = param(
        0.5,
        "weight of felt ownership on attachment, pledging, staying, inviting and the norm",
        0,
        1,
        source=OWNERSHIP_SOURCE,
    )
    growth_week: float = param(
        0.03,
        "share/week of the gap to full ownership closed by a member giving all its hours "
        "with an equal say",
        0,
        1,
        source="assumption: such a member feels half owner after about half a year",
    )
    realised_gain: float = param(
        0.2,
        "share of the gap to full ownership closed for a contributor with an equal say when "
        "its case is realised",
        0,
        1,
    )
    decay_week: float = param(
        0.013,
        "share/week of felt ownership lost while in no chain",
        0,
        1,
        source="assumption: half of it is gone after a year without involvement",
    )
    co_owner_level: float = param(
        0.5,
        "0-1 felt ownership from which an actor counts as co-owner of its buurt",
        0,
        1,
    )


PRICE_UNIT = "euro/(resident x effect unit x year)"
PRICE_SOURCE = (
    "assumption: order of magnitude of the per-household valuations the Werkwijzer MKBA "
    "(CPB/PBL 2013) asks for; no published key figure for this effect scale; at most "
    "100,000 euro a year, above a household's yearly income"
)
PRICE_MAX = 100_000


@dataclass
class MkbaConfig:
    """Valuing outcomes the way an MKBA does (theme 3): shadow prices, wages, life-cycle costs.

    A shadow price is the yearly value to one resident (an actor at home on an affected
    perceel) of one unit of an effect (a quality gain of 1 on the 0-1 scale; sim.business.mkba).
    """

    discount_rate: float = param(
        0.0225, "1/year", 0, 1, source="Werkgroep discontovoet 2020: 2.25 %"
    )
    shadow_wage_eur_hour: float = param(
        20.0,
        "euro/hour",
        0,
        1000,
        source="assumption: replacement cost of volunteer hours; at most 1,000 euro/hour",
    )
    volunteer_time: str = param(
        "leisure",
        "choice",
        choices=("leisure", "replacement"),
        source="Werkwijzer MKBA: unpaid time at its opportunity cost (leisure given up); "
        "replacement: at shadow_wage_eur_hour, what hiring the work would cost (a sensitivity)",
    )
    leisure_eur_hour: float = param(
        9.0,
        "euro/hour",
        0,
        1000,
        source="assumption: the order of the Dutch value of leisure time (KiM's values of travel "
        "time for non-work trips, about 8-10 euro an hour); not checked against a key figure",
    )
    staff_wage_eur_hour: float = param(
        75.0,
        "euro/hour",
        0,
        1000,
        source="assumption: integral hourly cost of an official or institution's staff member; "
        "at most 1,000 euro/hour",
    )
    price_leefbaarheid: float = param(400.0, PRICE_UNIT, 0, PRICE_MAX, source=PRICE_SOURCE)
    price_veiligheid: float = param(500.0, PRICE_UNIT, 0, PRICE_MAX, source=PRICE_SOURCE)
    price_gezondheid: float = param(600.0, PRICE_UNIT, 0, PRICE_MAX, source=PRICE_SOURCE)
    price_natuur: float = param(350.0, PRICE_UNIT, 0, PRICE_MAX, source=PRICE_SOURCE)
    price_bereikbaarheid: float = param(300.0, PRICE_UNIT, 0, PRICE_MAX, source=PRICE_SOURCE)
    price_lokale_economie: float = param(300.0, PRICE_UNIT, 0, PRICE_MAX, source=PRICE_SOURCE)
    price_rise_natuur: float = param(
        0.01,
        "1/year",
        0,
        0.1,
        source="PBL 2018 (De discontovoet voor natuur; Koetse et al. 2017): ecosystem services' "
        "price rises 1 % a year relative to consumption (Werkgroep discontovoet 2015), in the "
        "cash flow as the Werkwijzer asks since 2021; the other effects at constant prices",
    )
    local_economy_transfer: float = param(
        0.5,
        "share of the local economy effect",
        0,
        1,
        source="assumption: the Algemene leidraad MKBA counts spending moved from elsewhere as "
        "a transfer (herverdeling), not a welfare gain; half of the local economy effect as an "
        "order of magnitude, not from a key figure",
    )
    maintenance_share_year: float = param(0.02, "share of investment/year", 0, 1)
    renewal_share: float = param(
        0.3, "share of investment renewed once, at half the lifetime", 0, 10
    )
    balance_tolerance: float = param(
        0.002,
        "change of an indicator a year, relative to its level, that counts as growth or fall",
        0,
        1,
        source="assumption: below 0.2 % a year an indicator counts as flat",
    )
    nulalternatief: bool = param(
        True,
        "switch",
        source="Algemene leidraad MKBA (CPB/PBL 2013): effects against the nulalternatief; "
        "off: the balance rule weighs gross changes and the run has no reference columns",
    )


FIRMS = labels(Firm)
ROUTES = labels(Route)


@dataclass
class ProcurementConfig:
    """How a case procures its executor (uitvoerder): theme 4, inkopen met impact and
    contracteren op ambitie (sim.business.procurement)."""

    route: str = param(
        "lowest_price",
        "choice",
        choices=ROUTES,
        source="article, theme 4: buying on price is today's common practice",
    )
    bidders: int = param(5, "entrepreneurs asked for an offer per tender", 1, 1000)
    invited_social: int = param(
        2, "social enterprises invited on top (route social_enterprise)", 0, 1000
    )
    firm_shares: list[float] = param(
        [0.70, 0.26, 0.02, 0.02],
        "share of entrepreneurs zzp/mkb/groot/sociaal",
        0,
        1,
        source="KvK: 70 % of enterprises are zzp; the rest an assumption",
    )
    margins: list[float] = param(
        [0.10, 0.10, 0.15, 0.03], "profit margin on own cost, zzp/mkb/groot/sociaal", 0, 10
    )
    scale_economy: float = param(0.2, "share of own cost a firm of size 1 (groot) saves", 0, 0.9)
    quality_price: float = param(
        0.5, "extra share of cost per unit of quality offered above the specification", 0, 10
    )
    social_bonus: float = param(
        0.05, "share of a social enterprise's price discounted in the award (social return)", 0, 1
    )
    consultation_quantile: float = param(
        0.75, "quantile of the bidders' quality that market consultation requires", 0, 1
    )
    contract_learning: float = param(
        2.0, "share of skill gap closed per unit of target above the executor's quality", 0, 10
    )
    ambition_stretch: float = param(
        1.15, "ambition as a multiple of the winning offer's quality", 1, 10
    )
    ambition_raise: float = param(0.1, "share the ambition is raised once it is met", 0, 10)
    service_saving: float = param(
        0.2,
        "share of maintenance and renewal saved when sold as a service",
        0,
        1,
        source="assumption: predictive maintenance (riool als een service)",
    )
