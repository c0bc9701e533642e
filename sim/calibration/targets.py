"""What the calibration fits (the Dutch figures, `TARGETS`) and over what (`PRIORS`).

Each target is measured in the model as the construct its source measures
(`sim.output.survey`); its tolerance is the distance from the figure that still counts as a
fit, and scales its term of the ABC distance (`distance`). `fitted=False` keeps a target out
of the fit: it is reported as a check (the held-out target).
"""

from dataclasses import dataclass

import numpy as np

from sim.config.uncertain import ranges


@dataclass(frozen=True)
class Target:
    value: float
    tolerance: float
    unit: str
    source: str
    fitted: bool = True


TARGETS: dict[str, Target] = {
    "volunteer_share": Target(
        0.07,
        0.02,
        "share of residents a year",
        "CBS StatLine 85541NED (2022): 7 % of people 15+ did volunteer work for their own"
        " neighbourhood",
    ),
    "volunteer_hours_employed": Target(
        3.0,
        1.0,
        "hours a week",
        "CBS (2017): volunteers with a paid job give about 3 hours a week",
    ),
    "volunteer_hours_not_employed": Target(
        6.0,
        1.5,
        "hours a week",
        "CBS (2017): volunteers without a paid job give about 6 hours a week",
    ),
    "trust_share": Target(
        0.66,
        0.05,
        "share of residents",
        "CBS (2021-2022): about two thirds say most people can be trusted",
    ),
    "entrepreneurs_per_resident": Target(
        1 / 7.5,
        0.01,
        "entrepreneurs a resident",
        "KvK: about one registered entrepreneur per 7-8 residents (Noord-Holland/Amsterdam)",
    ),
    "active_share": Target(
        0.27,
        0.05,
        "share of residents a year",
        "USP: about 27 % active in their own neighbourhood (a looser construct: any team"
        " membership in the year)",
        fitted=False,
    ),
}

#: The parameters the calibration draws (uniform over their Appendix B range): those the
#: targets measure, the rest stay at their defaults. Entrepreneurs per resident is set by the
#: kinds' shares (`population.<kind>.share`, from the same KvK figure): it is fitted as a
#: check of the population, not drawn.
PRIOR_KEYS = (
    "population.bewoner.hours_week",
    "population.employed_hours_share",
    "population.trust",
    "pledge.propensity",
    "chains.perceel.prep_hours",
    "chains.bottom_up_rate",
    "chains.threshold",
    "chains.attention",
)


def priors() -> dict[str, tuple[float, float]]:
    """{key: (low, high)} of the calibrated parameters (docs/ODD.md, Appendix B)."""
    every = ranges()
    return {key: every[key] for key in PRIOR_KEYS}


def fitted() -> dict[str, Target]:
    return {name: t for name, t in TARGETS.items() if t.fitted}


def distance(simulated: dict, observed: dict) -> float:
    """Root mean square of the fitted targets' errors, each in units of its tolerance
    (inf when the run could not measure one: no full year, or no volunteer of a group).

    >>> round(distance(dict(OBSERVED, trust_share=0.71), OBSERVED), 3)
    0.447
    """
    errors = []
    for name, target in fitted().items():
        value = simulated.get(name)
        if value is None or not np.isfinite(value):
            return float("inf")
        errors.append((value - observed[name]) / target.tolerance)
    return float(np.sqrt(np.mean(np.square(errors))))


#: The observed values of every target, as the ABC takes them.
OBSERVED = {name: t.value for name, t in TARGETS.items()}
