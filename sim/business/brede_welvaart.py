"""Brede welvaart (broad prosperity) over time, and the article's balance rule.

The CBS Monitor Brede Welvaart looks at prosperity *hier en nu* (here and now) and *later*
(the capitals passed on to later generations: economic, natural, human, social). Here:

- hier en nu: one index a week per MKBA effect (leefbaarheid … lokale_economie): the area
  quality as effects (`sim.environment.places.THEME_EFFECTS`), per perceel over the sum of the
  effect's positive loadings, averaged over the people at home on each perceel;
- later: the economic and natural capital are the places' economic and ecological capital
  indices (mean over percelen), the human capital the actors' mean skill (vaardigheid), the
  social capital their mean trust.

The article's balance rule (integral sustainability: "economic, social and spatial value grow
in balance, without one capital growing at another's expense") flags a year in which one
later capital grows while another falls, comparing each year-end with the one before (the
first year with the state at the start), a change counting only beyond
`mkba.balance_tolerance` of the level; and a realised case whose MKBA value is positive on one
capital and negative on another, beyond the same share of its largest value. A capital's change
is net of its change in the nulalternatief (`sim.output.nulalternatief`; `mkba.nulalternatief`),
so wear, moves and fading skill that happen without the waardenmakerij are not its imbalance.
"""

import numpy as np

from sim.environment.places import EFFECT_SUM, THEME_EFFECTS

LATER = ("economic", "natural", "human", "social")


def hier_en_nu(quality: np.ndarray, people: np.ndarray) -> np.ndarray:
    """(effects,): the people-weighted mean effect index of the places (about 0-1)."""
    index = quality @ THEME_EFFECTS / EFFECT_SUM
    return people @ index / max(people.sum(), 1)


def later(capital: np.ndarray, skill_mean: float, trust_mean: float) -> np.ndarray:
    """(4,): economic, natural, human and social capital from the capital index means
    (social, ecological, economic) and the actors' mean skill and trust."""
    return np.array([capital[2], capital[1], skill_mean, trust_mean])


def measure(places, actors, people) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The indicators of a wijk now: the capital indices' means over percelen (3,), the later
    capitals (4,, `later`) and hier en nu (effects,, `hier_en_nu`)."""
    capital = places.capital_quality().mean(axis=0)
    n = actors.n
    skill, trust = np.add.reduce(actors.skill) / n, np.add.reduce(actors.trust) / n  # = .mean()
    return capital, later(capital, skill, trust), hier_en_nu(places.quality, people)


def imbalanced(
    before: np.ndarray,
    after: np.ndarray,
    tolerance: float,
    reference_before: np.ndarray | None = None,
    reference_after: np.ndarray | None = None,
) -> bool:
    """Whether one capital grew while another fell, each by more than `tolerance` of its
    level; with the nulalternatief's values at the same two moments, the change net of its
    change (what the waardenmakerij changed).

    >>> imbalanced(np.array([1.0, 1.0]), np.array([1.1, 0.9]), 0.01)
    True
    >>> wear = np.array([1.1, 0.9])  # the nulalternatief changed as much
    >>> imbalanced(np.array([1.0, 1.0]), np.array([1.1, 0.9]), 0.01, np.ones(2), wear)
    False
    """
    change = after - before
    if reference_before is not None:
        change = change - (reference_after - reference_before)
        before = reference_before
    change = change / np.maximum(np.abs(before), 1e-12)
    return bool((change > tolerance).any() and (change < -tolerance).any())


def imbalanced_cases(value: np.ndarray, tolerance: float) -> np.ndarray:
    """Per case (rows of value per capital): a capital gained while another lost, beyond
    `tolerance` of the case's largest absolute value."""
    scale = np.abs(value).max(axis=1, keepdims=True) * tolerance
    return ((value > scale).any(axis=1)) & ((value < -scale).any(axis=1))
