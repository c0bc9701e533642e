"""The state of all actors as numpy arrays (one row per actor).

Mesa agents (`sim.agents.actors`) are views on these rows; the weekly dynamics update the
arrays for all actors at once.
"""

from dataclasses import dataclass, fields

import numpy as np

from sim.config import KINDS, PopulationConfig
from sim.vocabulary import Kind


@dataclass
class ActorState:
    """Attributes of every actor: CONCEPTS.md's list, one array each."""

    kind: np.ndarray  # int8 index into KINDS
    parcel: np.ndarray  # int home perceel (sorted ascending)
    buurt: np.ndarray  # int home buurt
    values: np.ndarray  # (N, 3) weights over social/ecological/economic capital, sum 1
    hours_week: np.ndarray  # hours a week available for the waardenmakerij
    money: np.ndarray  # euro free to invest
    reserved: np.ndarray  # euro pledged to chains but not yet given
    income_week: np.ndarray  # euro a week added to money
    passion: np.ndarray  # 0-1 bezieling
    attachment: np.ndarray  # 0-1 attachment to the home place (rises with felt ownership)
    home_attachment: np.ndarray  # 0-1 attachment drawn at the start, before any ownership
    trust: np.ndarray  # 0-1 trust in the people one knows
    skill: np.ndarray  # 0-1 vaardigheid in area development
    threshold: np.ndarray  # joining threshold (fractional or absolute)
    propensity: np.ndarray  # 0-1 share of hours pledged (public-goods strategy)
    ownership: np.ndarray  # euro of value added that the actor owns (principle 2)
    felt: np.ndarray  # 0-1 felt (psychological) ownership, sim.chains.eigenaarschap
    hours_given: np.ndarray  # hours given over the run
    money_given: np.ndarray  # euro given over the run
    firm: np.ndarray  # int8 firm type of an entrepreneur (index into sim.config.FIRMS), else -1
    employed: np.ndarray  # bool: has a paid job (residents drawn; every other kind works)

    @property
    def n(self) -> int:
        return len(self.kind)

    def check(self) -> None:
        """Assert the invariants: finite, non-negative budgets, shares within 0-1."""
        for f in fields(self):
            arr = getattr(self, f.name)
            assert np.isfinite(arr).all(), f"{f.name} has NaN or inf"
        assert (self.money >= -1e-6).all(), "money went negative"
        assert (self.reserved <= self.money + 1e-6).all(), "more money pledged than held"
        for name in ("passion", "attachment", "trust", "skill", "propensity", "felt"):
            arr = getattr(self, name)
            assert ((arr >= 0) & (arr <= 1)).all(), f"{name} left 0-1"


def _beta(rng, mean, concentration, size):
    mean = np.clip(mean, 1e-3, 1 - 1e-3)
    return rng.beta(mean * concentration, (1 - mean) * concentration, size)


def draw_population(cfg: PopulationConfig, n_parcels: int, parcels_per_buurt: int, rng):
    """Draw `cfg.n_actors` actors in the configured kind shares, sorted by home perceel."""
    n = cfg.n_actors
    kinds = cfg.kinds()
    counts = np.array([round(k.share * n) for k in kinds.values()])
    counts[0] += n - counts.sum()  # residents take the rounding remainder
    kind = rng.permutation(np.repeat(np.arange(len(KINDS), dtype=np.int8), counts))
    parcel = rng.integers(0, n_parcels, n)
    order = np.argsort(parcel, kind="stable")
    kind, parcel = kind[order], parcel[order]

    def per_kind(attr):
        return np.array([getattr(k, attr) for k in kinds.values()], float)[kind]

    hours = per_kind("hours_week")
    money = per_kind("money_eur")
    income = per_kind("income_eur_week")
    passion = per_kind("passion")
    attachment = per_kind("attachment")
    skill = per_kind("skill")
    trust = np.full(n, cfg.trust)
    values = np.array([np.asarray(k.values) / sum(k.values) for k in kinds.values()])[kind]
    resident = kind == Kind.BEWONER
    employed = ~resident
    if cfg.heterogeneity:
        willing = rng.random(n) < cfg.willing_share
        employed = ~resident | (rng.random(n) < cfg.employment_rate)
        hours = np.where(resident & employed, hours * cfg.employed_hours_share, hours)
        hours = np.where(resident & ~willing, cfg.unwilling_hours_week, hours)
        hours = rng.gamma(4.0, hours / 4.0)
        wealth = rng.lognormal(-0.5, 1.0, n)  # mean 1, heavy right tail
        money, income = money * wealth, income * wealth
        passion = _beta(rng, passion, 4.0, n)
        attachment = _beta(rng, attachment, 4.0, n)
        skill = _beta(rng, skill, 6.0, n)
        trust = _beta(rng, trust, 6.0, n)
        values = _dirichlet_rows(rng, cfg.value_concentration * values * 3)
    return ActorState(
        kind=kind,
        parcel=parcel,
        buurt=parcel // parcels_per_buurt,
        values=values,
        hours_week=hours,
        money=money.astype(float),
        reserved=np.zeros(n),
        income_week=income.astype(float),
        passion=passion,
        attachment=attachment,
        home_attachment=attachment.copy(),
        trust=trust,
        skill=skill,
        threshold=np.zeros(n),
        propensity=np.zeros(n),
        ownership=np.zeros(n),
        felt=np.zeros(n),
        hours_given=np.zeros(n),
        money_given=np.zeros(n),
        firm=np.full(n, -1, np.int8),  # drawn by the model from the procurement stream
        employed=employed,
    )


def _dirichlet_rows(rng, alpha: np.ndarray) -> np.ndarray:
    """Dirichlet draws with a different alpha per row (gamma normalisation)."""
    g = rng.gamma(alpha + 1e-3)
    return g / g.sum(axis=1, keepdims=True)
