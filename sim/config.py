"""Structured configuration: every parameter with its unit, range and source.

The dataclasses below are the Hydra schema (registered in the ConfigStore) and the single
source of truth for `docs/ODD.md`'s parameter table. Each field is made with `param`, which
stores its unit, allowed range and source in the field's metadata; `validate` checks a
config against those ranges and raises `ConfigError` with one line naming key, value and
what is allowed.
"""

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCALES = ("perceel", "buurt", "wijk")
KINDS = ("bewoner", "ondernemer", "ambtenaar", "organisatie")


class ConfigError(ValueError):
    """A config value outside what the model allows (one line: key, value, allowed)."""


def param(default: Any, unit: str, lo=None, hi=None, *, choices=None, source: str = "assumption"):
    """A config field with its unit, allowed range or choices, and the source of its default."""
    meta = {"unit": unit, "lo": lo, "hi": hi, "choices": choices, "source": source}
    if isinstance(default, list | dict) or dataclasses.is_dataclass(default):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=meta)
    return field(default=default, metadata=meta)


def group(factory):
    """A nested config group (its own fields carry the metadata)."""
    return field(default_factory=factory)


# ---------------------------------------------------------------- actors (sim/agents)


@dataclass
class KindConfig:
    """Attributes of one actor kind; drawn per actor around these means."""

    share: float = param(0.0, "share of actors", 0, 1)
    hours_week: float = param(2.0, "hours/week", 0, 80)
    money_eur: float = param(0.0, "euro", 0, None)
    income_eur_week: float = param(0.0, "euro/week", 0, None)
    passion: float = param(0.3, "0-1 (bezieling)", 0, 1)
    attachment: float = param(0.5, "0-1 (place attachment)", 0, 1)
    skill: float = param(0.3, "0-1 (vaardigheid)", 0, 1)
    cross_ties: int = param(0, "ties/actor across buurten", 0, 1000)
    values: list[float] = param([1 / 3, 1 / 3, 1 / 3], "weights social/ecological/economic", 0, 1)


def _kind(**kw) -> KindConfig:
    return KindConfig(**kw)


@dataclass
class PopulationConfig:
    """The four actor kinds (CONCEPTS.md: actors) and the traits they share."""

    n_actors: int = param(
        2000, "actors", 10, 5_000_000, source="assumption: a scaled-down wijk (Amsterdam: ~8,500)"
    )
    willing_share: float = param(
        0.49, "share of residents", 0, 1, source="USP survey: 49 % willing to be active"
    )
    unwilling_hours_week: float = param(0.25, "hours/week", 0, 80)
    trust: float = param(
        0.66, "0-1", 0, 1, source="CBS 2021-2022: about two thirds trust most people"
    )
    value_concentration: float = param(
        4.0, "Dirichlet concentration", 0.01, 1000, source="assumption: moderate diversity"
    )
    heterogeneity: bool = param(
        True, "switch (off: every actor of a kind equal, for the reductions)", source="design"
    )
    bewoner: KindConfig = group(
        lambda: _kind(
            share=0.855,
            hours_week=3.0,
            money_eur=250.0,
            income_eur_week=5.0,
            passion=0.3,
            attachment=0.6,
            skill=0.25,
            cross_ties=0,
            values=[0.45, 0.35, 0.20],
        )
    )
    ondernemer: KindConfig = group(
        lambda: _kind(
            share=0.12,
            hours_week=2.0,
            money_eur=5000.0,
            income_eur_week=50.0,
            passion=0.3,
            attachment=0.4,
            skill=0.4,
            cross_ties=2,
            values=[0.25, 0.15, 0.60],
        )
    )
    ambtenaar: KindConfig = group(
        lambda: _kind(
            share=0.015,
            hours_week=4.0,
            money_eur=50000.0,
            income_eur_week=400.0,
            passion=0.25,
            attachment=0.2,
            skill=0.5,
            cross_ties=8,
            values=[0.40, 0.35, 0.25],
        )
    )
    organisatie: KindConfig = group(
        lambda: _kind(
            share=0.01,
            hours_week=6.0,
            money_eur=150000.0,
            income_eur_week=3000.0,
            passion=0.25,
            attachment=0.5,
            skill=0.5,
            cross_ties=10,
            values=[0.50, 0.30, 0.20],
        )
    )

    def kinds(self) -> dict[str, KindConfig]:
        return {k: getattr(self, k) for k in KINDS}


# ---------------------------------------------------------------- environment


@dataclass
class EnvironmentConfig:
    """Places at four scales and the neighbourhood network (sim/environment)."""

    name: str = param("wijk", "label")
    n_stadsdelen: int = param(1, "stadsdelen", 1, 10_000, source="Amsterdam: 8 stadsdelen")
    n_wijken: int = param(1, "wijken, split evenly over the stadsdelen", 1, 100_000)
    n_buurten: int = param(
        5,
        "buurten, split evenly over the wijken",
        1,
        1_000_000,
        source="Amsterdam 2022: 518 buurten in 110 wijken, about 4.7 a wijk",
    )
    parcels_per_buurt: int = param(12, "percelen/buurt", 1, 10_000)
    network_space: bool = param(
        True, "switch: networkx graph and Mesa Network space (off at city scale)"
    )
    quality_mean: float = param(0.45, "0-1 area quality", 0, 1)
    quality_sd: float = param(0.12, "0-1", 0, 1)
    aspiration: float = param(0.8, "0-1 quality people aspire to", 0, 1)
    quality_decay_year: float = param(
        0.02, "1/year", 0, 1, source="assumption: 2 % wear a year without maintenance"
    )
    local_degree: int = param(8, "ties/actor within buurt (even)", 0, 1000)
    rewiring: float = param(0.1, "probability", 0, 1)
    kenniskring: bool = param(False, "switch", source="article, principle 6: MKB kenniskring")
    kenniskring_size: int = param(24, "members (officials and entrepreneurs)", 2, 100_000)
    kenniskring_trust: float = param(0.9, "0-1", 0, 1)


# ---------------------------------------------------------------- strategy (compliceren)


@dataclass
class StrategyConfig:
    """How a waardenmakerij limits or adds scope (theme 2, compliceren/decompliceren)."""

    name: str = param("onbeheerst", "label")
    scope_cap: int = param(5, "themes a case may integrate", 1, 5)
    team_size_cap: int = param(10_000, "members/case", 1, None)
    value_added_filter: bool = param(
        False, "switch", source="article: 'je bent ervan als je waarde toevoegt'"
    )
    invitation: str = param("open", "choice", choices=("open", "network"))
    case_scale: str = param("any", "choice", choices=("perceel", "buurt", "wijk", "any"))


# ---------------------------------------------------------------- value chains


@dataclass
class ScaleConfig:
    """Needs and effects of a case at one scale (perceel, buurt or wijk)."""

    prep_hours: float = param(100.0, "hours", 0, None)
    money_eur: float = param(5000.0, "euro", 0, None)
    effect: float = param(0.15, "share of the gap to 1 closed per theme", 0, 1)
    lifetime_years: float = param(15.0, "years", 1, 200)
    realisation_weeks: float = param(8.0, "weeks", 0, 1000)
    friction_hours: float = param(40.0, "hours at friction 1", 0, None)
    friction_weeks: float = param(13.0, "weeks at friction 1", 0, 1000)


@dataclass
class ChainsConfig:
    """Initiation, joining, coordination, decision and stalling (the value-chain life cycle)."""

    bottom_up_rate: float = param(0.001, "initiatives/actor/week at full passion and gap", 0, 1)
    top_down_rate: float = param(0.005, "initiatives/official/week", 0, 1)
    outsourced_share: float = param(0.0, "share of top-down cases outsourced", 0, 1)
    integrality_appetite: float = param(0.3, "probability per extra theme at start", 0, 1)
    scope_creep: float = param(0.3, "probability a joiner adds its theme", 0, 1)
    attention: float = param(0.3, "probability/week an invitation is considered", 0, 1)
    threshold: float = param(0.2, "0-1 mean joining threshold", 0, None)
    threshold_sd: float = param(0.1, "sd of threshold", 0, None)
    threshold_kind: str = param("fractional", "choice", choices=("fractional", "absolute"))
    w_influence: float = param(1.0, "weight", 0, None)
    w_alignment: float = param(0.5, "weight", 0, None)
    w_cost: float = param(0.3, "weight", 0, None)
    max_chains: int = param(3, "chains/actor at once", 1, 100)
    churn_week: float = param(0.005, "probability/week a member leaves", 0, 1)
    min_value_added_eur_week: float = param(20.0, "euro/week under the filter", 0, None)
    coordination_hours: float = param(0.15, "hours/week per member at 1 theme", 0, None)
    coordination_members_exp: float = param(0.3, "exponent on members", 0, 3)
    coordination_themes_exp: float = param(0.7, "exponent on themes", 0, 3)
    integrality_cost: float = param(0.5, "extra need per extra theme", 0, 10)
    min_members: int = param(3, "members for an investment decision", 1, 10_000)
    direction: float = param(0.5, "0-1 mean alignment needed (shared direction)", 0, 1)
    min_progress_hours: float = param(1.0, "hours/week", 0, None)
    stall_weeks: int = param(12, "weeks without progress", 1, 10_000)
    max_mobilising_weeks: int = param(104, "weeks", 1, 10_000)
    perceel: ScaleConfig = group(ScaleConfig)
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


@dataclass
class PledgeConfig:
    """Pledging as a public-goods contribution with imitation (Santos et al. 2008)."""

    synergy: float = param(3.0, "r, multiplication factor", 0, None)
    cost_scheme: str = param("per_game", "choice", choices=("per_game", "per_individual"))
    imitation_rate: float = param(0.02, "probability/week", 0, 1)
    selection_noise: float = param(0.5, "K of the Fermi rule", 1e-6, None)
    w_glow: float = param(1.0, "weight of intrinsic reward (passion x alignment)", 0, None)
    propensity: float = param(0.7, "0-1 mean initial share of hours pledged", 0, 1)
    money_share: float = param(0.5, "share of free money pledged at full propensity", 0, 1)


@dataclass
class TussenruimteConfig:
    """Procedural friction (principle 3) that officials lower and learning lowers."""

    friction: float = param(0.5, "0-1 level", 0, 1)
    official_relief: float = param(0.5, "share of friction an official member removes", 0, 1)
    learning: float = param(0.03, "share of friction removed per win", 0, 1)


@dataclass
class FeedbackConfig:
    """Feedback of outcomes into trust, skill and neighbours' motivation (small wins)."""

    trust_gain: float = param(0.05, "share of distrust removed per win", 0, 1)
    trust_loss: float = param(0.1, "share of trust lost per stall", 0, 1)
    passion_loss: float = param(0.05, "share of passion lost per stall", 0, 1)
    skill_per_100h: float = param(0.05, "share of skill gap closed per 100 hours", 0, 1)
    team_spillover: float = param(0.02, "share/week of skill gap closed from other teams", 0, 1)
    small_win_threshold: float = param(0.02, "threshold drop for witnesses of a win", 0, 1)
    small_win_passion: float = param(0.03, "share of passion gap closed for witnesses", 0, 1)


PRICE_UNIT = "euro/(resident x effect unit x year)"
PRICE_SOURCE = (
    "assumption: order of magnitude of the per-household valuations the Werkwijzer MKBA "
    "(CPB/PBL 2013) asks for; no published key figure for this effect scale"
)


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
        20.0, "euro/hour", 0, None, source="assumption: replacement cost of volunteer hours"
    )
    staff_wage_eur_hour: float = param(
        75.0,
        "euro/hour",
        0,
        None,
        source="assumption: integral hourly cost of an official or institution's staff member",
    )
    price_leefbaarheid: float = param(400.0, PRICE_UNIT, 0, None, source=PRICE_SOURCE)
    price_veiligheid: float = param(500.0, PRICE_UNIT, 0, None, source=PRICE_SOURCE)
    price_gezondheid: float = param(600.0, PRICE_UNIT, 0, None, source=PRICE_SOURCE)
    price_natuur: float = param(350.0, PRICE_UNIT, 0, None, source=PRICE_SOURCE)
    price_bereikbaarheid: float = param(300.0, PRICE_UNIT, 0, None, source=PRICE_SOURCE)
    price_lokale_economie: float = param(300.0, PRICE_UNIT, 0, None, source=PRICE_SOURCE)
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


FIRMS = ("zzp", "mkb", "groot", "sociaal")
ROUTES = ("lowest_price", "best_value", "social_enterprise", "ambition_contract")


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


@dataclass
class RunConfig:
    years: float = param(10.0, "years (52 weekly steps each)", 0.02, 500)


@dataclass
class Config:
    """The whole model configuration (Hydra's `config`)."""

    seed: int = param(42, "integer", 0, 2**63 - 1)
    run: RunConfig = group(RunConfig)
    population: PopulationConfig = group(PopulationConfig)
    environment: EnvironmentConfig = group(EnvironmentConfig)
    strategy: StrategyConfig = group(StrategyConfig)
    chains: ChainsConfig = group(ChainsConfig)
    pledge: PledgeConfig = group(PledgeConfig)
    tussenruimte: TussenruimteConfig = group(TussenruimteConfig)
    feedback: FeedbackConfig = group(FeedbackConfig)
    mkba: MkbaConfig = group(MkbaConfig)
    procurement: ProcurementConfig = group(ProcurementConfig)


def iter_params(obj, prefix: str = ""):
    """Yield (dotted key, value, metadata) for every parameter of a config dataclass."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(value):
            yield from iter_params(value, key + ".")
        else:
            yield key, value, f.metadata


def _allowed(meta) -> str:
    if meta.get("choices"):
        return "one of " + ", ".join(meta["choices"])
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and hi is not None:
        return f"a number from {lo} to {hi}"
    if lo is not None:
        return f"a number of at least {lo}"
    return f"a number of at most {hi}"


def validate(cfg: Config) -> Config:
    """Check every parameter against its range; raise ConfigError naming the first bad one."""
    for key, value, meta in iter_params(cfg):
        values = value if isinstance(value, list) else [value]
        for v in values:
            if meta.get("choices") and v not in meta["choices"]:
                raise ConfigError(f"{key}={v!r} is not allowed: use {_allowed(meta)}")
            if isinstance(v, bool) or not isinstance(v, int | float):
                continue
            if v != v or v in (float("inf"), float("-inf")):
                raise ConfigError(f"{key}={v} is not allowed: use {_allowed(meta)}")
            lo, hi = meta.get("lo"), meta.get("hi")
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                raise ConfigError(f"{key}={v} is out of range: use {_allowed(meta)}")
    pop = cfg.population
    for name, kind in pop.kinds().items():
        if len(kind.values) != 3 or sum(kind.values) <= 0:
            raise ConfigError(
                f"population.{name}.values={kind.values} is not allowed: "
                "use three non-negative weights (social, ecological, economic) with a positive sum"
            )
    shares = sum(k.share for k in pop.kinds().values())
    if abs(shares - 1.0) > 1e-6:
        raise ConfigError(
            f"population.*.share adds up to {shares:.4f}: the four kinds' shares must add up to 1"
        )
    proc = cfg.procurement
    for key in ("firm_shares", "margins"):
        if len(getattr(proc, key)) != len(FIRMS):
            raise ConfigError(
                f"procurement.{key}={getattr(proc, key)} is not allowed: "
                "use four values (zzp, mkb, groot, sociaal)"
            )
    if abs(sum(proc.firm_shares) - 1.0) > 1e-6:
        raise ConfigError(
            f"procurement.firm_shares={proc.firm_shares} is not allowed: "
            "use four shares (zzp, mkb, groot, sociaal) that add up to 1"
        )
    env = cfg.environment
    if not env.n_stadsdelen <= env.n_wijken <= env.n_buurten:
        raise ConfigError(
            f"environment.n_wijken={env.n_wijken} is not allowed: use at least "
            f"n_stadsdelen ({env.n_stadsdelen}) and at most n_buurten ({env.n_buurten})"
        )
    if cfg.environment.local_degree % 2:
        raise ConfigError(
            f"environment.local_degree={cfg.environment.local_degree} is not allowed: "
            "use an even number (a ring lattice ties k/2 neighbours on each side)"
        )
    return cfg
