"""Structured configuration: every parameter with its unit, range and source.

The dataclasses below are the Hydra schema (registered in the ConfigStore) and the single
source of truth for `docs/ODD.md`'s parameter table. Each field is made with `param`, which
stores its unit, allowed range and source in the field's metadata; `validate` checks a
config against those ranges and raises `ConfigError` with one line naming key, value and
what is allowed.
"""

import copy
import dataclasses
import difflib
import numbers
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.errors import ConfigError
from sim.vocabulary import Firm, Kind, Route, Scale, labels

SCALES = labels(Scale)
KINDS = labels(Kind)


def param(default: Any, unit: str, lo=None, hi=None, *, choices=None, source: str = "assumption"):
    """A config field with its unit, allowed range or choices, and the source of its default."""
    meta = {"unit": unit, "lo": lo, "hi": hi, "choices": choices, "source": source}
    if isinstance(default, list | dict) or dataclasses.is_dataclass(default):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=meta)
    return field(default=default, metadata=meta)


def group(factory):
    """A nested config group (its own fields carry the metadata)."""
    return field(default_factory=factory)


# Upper bounds that are a judgement rather than a fact: finite, far above any plausible value,
# so that sums over millions of actors and hundreds of years stay finite floats.
MONEY_SOURCE = (
    "assumption; bounded far above any actor of a wijk (a billion euro, ten million a week)"
)
HOURS_SOURCE = "assumption; at most a million hours (about 700 person-years)"
TIES_SOURCE = "assumption; at most 1,000, the most ties within a buurt (environment.local_degree)"
WEIGHT_SOURCE = "assumption; at most 100, a hundred times the scale of the other weights"


# ---------------------------------------------------------------- actors (sim/agents)


@dataclass
class KindConfig:
    """Attributes of one actor kind; drawn per actor around these means."""

    share: float = param(0.0, "share of actors", 0, 1)
    hours_week: float = param(2.0, "hours/week", 0, 80)
    money_eur: float = param(0.0, "euro (mean per actor)", 0, 1_000_000_000, source=MONEY_SOURCE)
    income_eur_week: float = param(
        0.0, "euro/week (mean per actor)", 0, 10_000_000, source=MONEY_SOURCE
    )
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
    """How a waardenmakerij limits or adds scope (theme 2, compliceren/decompliceren).

    The defaults are `configs/strategy/downscalen.yaml`, the run default of
    `configs/config.yaml`, so that `Config()` is the scenario the command line runs.
    """

    name: str = param("downscalen", "label")
    scope_cap: int = param(4, "themes a case may integrate", 1, 5)
    team_size_cap: int = param(
        30, "members/case", 1, 5_000_000, source="assumption; at most the largest population"
    )
    value_added_filter: bool = param(
        True, "switch", source="article: 'je bent ervan als je waarde toevoegt'"
    )
    invitation: str = param("network", "choice", choices=("open", "network"))
    case_scale: str = param("perceel", "choice", choices=("perceel", "buurt", "wijk", "any"))


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

    bottom_up_rate: float = param(0.001, "initiatives/actor/week at full passion and gap", 0, 1)
    top_down_rate: float = param(0.005, "initiatives/official/week", 0, 1)
    outsourced_share: float = param(0.0, "share of top-down cases outsourced", 0, 1)
    integrality_appetite: float = param(0.3, "probability per extra theme at start", 0, 1)
    scope_creep: float = param(0.3, "probability a joiner adds its theme", 0, 1)
    attention: float = param(0.3, "probability/week an invitation is considered", 0, 1)
    threshold: float = param(
        0.2,
        "mean joining threshold (fractional: 0-1; absolute: neighbours)",
        0,
        1000,
        source=TIES_SOURCE,
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
        "hours/week per member at 1 theme",
        0,
        80,
        source="assumption; at most the 80 hours a week an actor can have",
    )
    coordination_members_exp: float = param(0.3, "exponent on members", 0, 3)
    coordination_themes_exp: float = param(0.7, "exponent on themes", 0, 3)
    integrality_cost: float = param(0.5, "extra need per extra theme", 0, 10)
    min_members: int = param(3, "members for an investment decision", 1, 10_000)
    direction: float = param(0.5, "0-1 mean alignment needed (shared direction)", 0, 1)
    min_progress_hours: float = param(1.0, "hours/week", 0, 1_000_000, source=HOURS_SOURCE)
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


@dataclass
class RunConfig:
    years: float = param(10.0, "years (52 weekly steps each)", 0.02, 500)


@dataclass
class Config:
    """The whole model configuration (Hydra's `config`).

    `Config()` is the run default, the scenario `configs/config.yaml` composes (environment
    wijk, strategy downscalen, seed 42): `sim.WaardenModel()`, `sim.run([])`,
    `uv run waardenmakerij` and the app run the same model (tests/test_mesa_native.py).
    """

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


#: Every parameter: dotted key -> (default, metadata); its kind is its default's type.
PARAMS = {key: (value, meta) for key, value, meta in iter_params(Config())}


def shown(value) -> str:
    """A value as a message shows it: true/false, null, 'text', [a, b], numbers as Python's."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _bound(value) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def allowed(key: str) -> str:
    """What a parameter allows, in words: 'a number from 0 to 1', 'true or false', ..."""
    default, meta = PARAMS[key]
    if meta["choices"]:
        return "one of " + ", ".join(meta["choices"])
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, str):
        return "a label: printable text without ${...}"
    span = f"from {_bound(meta['lo'])} to {_bound(meta['hi'])}"
    if isinstance(default, list):
        return f"a list of {len(default)} numbers, each {span}"
    return f"{'a whole number' if isinstance(default, int) else 'a number'} {span}"


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_value(key: str, value) -> None:
    """Refuse a value of the wrong kind for `key` before OmegaConf converts it: a switch takes
    true or false only (not 1, -1 or yes), a number no text, null or switch, a list as many
    numbers as its default, a label plain text. Ranges are `validate`'s."""
    default, meta = PARAMS[key]
    if meta["choices"]:
        ok = isinstance(value, str) and value in meta["choices"]
    elif isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, str):
        ok = _is_number(value) or (
            isinstance(value, str) and value.isprintable() and "${" not in value
        )
    elif isinstance(default, list):
        ok = (
            isinstance(value, list)
            and len(value) == len(default)
            and all(_is_number(v) for v in value)
        )
    elif isinstance(default, int):
        ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    else:
        ok = _is_number(value)
    if not ok:
        raise ConfigError(f"{key}={shown(value)} is not allowed: use {allowed(key)}")


def close_key(key: str, keys) -> str:
    """', did you mean <key>?' for the closest of `keys`, or '' when none is close."""
    match = difflib.get_close_matches(key, keys, n=1)
    return f", did you mean {match[0]}?" if match else ""


def _assign(cfg: Config, key: str, value) -> None:
    *path, name = key.split(".")
    obj = cfg
    for part in path:
        obj = getattr(obj, part)
    setattr(obj, name, value)


def _plus_zero(value):
    """A float (or list of floats) with -0.0 as 0.0; other values as they are."""
    if isinstance(value, list):
        return [_plus_zero(v) for v in value]
    return value + 0.0 if isinstance(value, float) else value


def _check_range(key: str, value, meta) -> None:
    """Refuse a number (or a list element) outside the parameter's range, NaN included."""
    for v in value if isinstance(value, list) else [value]:
        if _is_number(v) and not meta["lo"] <= v <= meta["hi"]:
            raise ConfigError(f"{key}={shown(value)} is out of range: use {allowed(key)}")


def validate(cfg: Config) -> Config:
    """Check every parameter against its range and the rules between parameters, and the
    memory the run needs against the machine's; raise ConfigError naming the first bad one.

    A negative zero (`-0.0`) becomes 0.0: it passes the range check but numpy's draws read
    its sign (`scale < 0`).
    """
    for key, value, meta in iter_params(cfg):
        check_value(key, value)
        _check_range(key, value, meta)
        if isinstance(value, float | list):
            _assign(cfg, key, _plus_zero(value))
    pop = cfg.population
    for name, kind in pop.kinds().items():
        if sum(kind.values) <= 0:
            raise ConfigError(
                f"population.{name}.values={shown(kind.values)} is not allowed: "
                "use three weights (social, ecological, economic) from 0 to 1 with a positive sum"
            )
    shares = sum(k.share for k in pop.kinds().values())
    if abs(shares - 1.0) > 1e-6:
        given = ", ".join(f"population.{n}.share={shown(k.share)}" for n, k in pop.kinds().items())
        raise ConfigError(f"{given} add up to {shares:.6g}: use four shares that add up to 1")
    proc = cfg.procurement
    if abs(sum(proc.firm_shares) - 1.0) > 1e-6:
        raise ConfigError(
            f"procurement.firm_shares={shown(proc.firm_shares)} is not allowed: "
            "use four shares (zzp, mkb, groot, sociaal) that add up to 1"
        )
    env = cfg.environment
    if not env.n_stadsdelen <= env.n_wijken <= env.n_buurten:
        raise ConfigError(
            f"environment.n_stadsdelen={env.n_stadsdelen}, environment.n_wijken={env.n_wijken}, "
            f"environment.n_buurten={env.n_buurten} are not allowed: "
            "use n_stadsdelen <= n_wijken <= n_buurten"
        )
    if env.local_degree % 2:
        raise ConfigError(
            f"environment.local_degree={env.local_degree} is not allowed: "
            "use an even number (a ring lattice ties k/2 neighbours on each side)"
        )
    check_memory(cfg)
    return cfg


# ---------------------------------------------------------------- memory

MIB, GIB = 2**20, 2**30
#: Bytes a run holds at its peak, by what drives them: about 1.5 times the peak resident
#: memory of `sim.api.simulate` (the command's path) measured at 2,000 to 1,093,567 actors,
#: 2 million percelen and 10 million ties (`memory_needed`).
BASE_BYTES = 400 * MIB  # the interpreter with numpy, polars, Mesa and Hydra (measured 160-250)
ACTOR_BYTES = 600  # state arrays, the Mesa agent, the draws (measured 350-450)
ACTOR_YEAR_BYTES = 200  # case book and membership log, per actor-year (measured 100-140)
SPACE_ACTOR_BYTES = 1_000  # environment.network_space: a Mesa cell (measured about 500)
PERCEEL_BYTES = 256  # qualities and the weekly temporaries over them (measured 160)
TIE_BYTES = 80  # the sparse network and its construction (measured 57)
SPACE_TIE_BYTES = 400  # environment.network_space: the networkx edges (measured about 250)
#: The case book and membership log grow with the initiation rates until the actors'
#: chains/actor cap saturates them: at most this many times their growth at the default rates
#: (measured: 26 times the membership rows at rates 200-1,000 times the default).
MAX_ACTIVITY = 30


def memory_needed(cfg: Config) -> dict[str, tuple[float, float, list[str]]]:
    """What a run of `cfg` needs at most, by term: {term: (bytes, count, keys)} for actors,
    percelen and ties (the network's, cross ties and the kenniskring's clique included).

    A conservative estimate from the sizes (constants above): `environment=amsterdam`
    (1,093,567 actors, 9.75 million ties) over ten years comes to 3.8 GiB against a
    measured peak of 1.5-1.9 GiB.
    """
    pop, env, chains = cfg.population, cfg.environment, cfg.chains
    n, space = pop.n_actors, env.network_space
    cross = 2 * n * sum(k.share * k.cross_ties for k in pop.kinds().values())
    pool = n * (pop.ondernemer.share + pop.ambtenaar.share)
    circle = min(env.kenniskring_size, pool) if env.kenniskring else 0
    ties = n * env.local_degree + cross + circle * (circle - 1)
    percelen = env.n_buurten * env.parcels_per_buurt
    default = ChainsConfig()
    activity = max(
        1,
        chains.bottom_up_rate / default.bottom_up_rate,
        chains.top_down_rate / default.top_down_rate,
    )
    years = cfg.run.years * min(activity, MAX_ACTIVITY)
    actor = ACTOR_BYTES + ACTOR_YEAR_BYTES * years + SPACE_ACTOR_BYTES * space
    return {
        "actors": (BASE_BYTES + n * actor, n, ["population.n_actors", "run.years"]),
        "percelen": (
            percelen * PERCEEL_BYTES,
            percelen,
            ["environment.n_buurten", "environment.parcels_per_buurt"],
        ),
        "ties": (
            ties * (TIE_BYTES + SPACE_TIE_BYTES * space),
            ties,
            ["population.n_actors", "environment.local_degree"]
            + ["environment.kenniskring_size"] * env.kenniskring,
        ),
    }


def available_memory() -> int | None:
    """Bytes of memory available now: MemAvailable of /proc/meminfo, else all physical
    memory; None where neither is known."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def check_memory(cfg: Config) -> None:
    """Refuse a config whose estimated memory (`memory_needed`) is more than is available,
    naming the keys of its largest term and how much of that term would fit."""
    terms = memory_needed(cfg)
    need = sum(size for size, _, _ in terms.values())
    have = available_memory()
    if have is None or need <= have:
        return
    term = max(terms, key=lambda t: terms[t][0])
    _, count, keys = terms[term]
    fits = int(count * max(have - BASE_BYTES, 0) / (need - BASE_BYTES))  # all terms scaled
    values = {key: value for key, value, _ in iter_params(cfg)}
    given = ", ".join(f"{key}={shown(values[key])}" for key in keys)
    raise ConfigError(
        f"{given} need an estimated {need / GIB:.1f} GiB of memory, more than the "
        f"{have / GIB:.1f} GiB available: use fewer {term} (about {fits:,} fit)"
    )
