"""The scenario's groups: who lives there (population, per actor kind), where (environment)
and what the organisers do (strategy: compliceren or decompliceren)."""

from dataclasses import dataclass

from sim.config.fields import CALIBRATED, MONEY_SOURCE, group, param
from sim.vocabulary import Kind, Scale, labels

SCALES = labels(Scale)
KINDS = labels(Kind)

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
        10_000,
        "actors",
        10,
        5_000_000,
        source="Amsterdam: 935,000 residents (2024) in 110 wijken, about 8,500 a wijk; 10,000"
        " actors hold 8,550 residents at the resident share 0.855",
    )
    willing_share: float = param(
        0.49, "share of residents", 0, 1, source="USP survey: 49 % willing to be active"
    )
    unwilling_hours_week: float = param(0.25, "hours/week", 0, 80)
    employment_rate: float = param(
        0.73,
        "share of residents with a paid job",
        0,
        1,
        source="CBS: netto arbeidsparticipatie, about 73 % of people aged 15-75 had paid work"
        " in 2023",
    )
    employed_hours_share: float = param(
        0.5926,
        "hours of a willing resident with a paid job / hours of one without",
        0,
        1,
        source=CALIBRATED + "; target: CBS 2017, volunteers give about 3 hours a week with a"
        " paid job and about 6 without",
    )
    trust: float = param(
        0.5721,
        "0-1 (mean of the trust distribution)",
        0,
        1,
        source=CALIBRATED + "; target: CBS 2021-2022, about two thirds trust most people",
    )
    value_concentration: float = param(
        4.0, "Dirichlet concentration", 0.01, 1000, source="assumption: moderate diversity"
    )
    heterogeneity: bool = param(
        True, "switch (off: every actor of a kind equal, for the reductions)", source="design"
    )
    turnover_year: float = param(
        0.1,
        "share of residents a year who move out, each replaced by a newcomer",
        0,
        0.5,
        source="assumption: about a tenth of Amsterdam's residents move house each year "
        "(order of magnitude of OIS Amsterdam's yearly moves); 0 keeps everyone",
    )
    bewoner: KindConfig = group(
        lambda: _kind(
            share=0.855,
            hours_week=4.683,  # calibrated: a willing resident without a paid job
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
    parcels_per_buurt: int = param(
        60,
        "percelen/buurt",
        1,
        10_000,
        source="assumption: a perceel is a block of about 30 residents, as in the city preset"
        " (935,000 residents in 518 buurten of 60 percelen)",
    )
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
