"""Weekly time series, recorded into preallocated arrays (one row a week)."""

import numpy as np
import polars as pl

from sim.chains.book import GEREALISEERD, GESTAGNEERD, MOBILISEREN, ONTBONDEN, REALISEREN
from sim.config import KINDS
from sim.environment.places import CAPITALS

COLUMNS = (
    "cases_mobilising",
    "cases_realising",
    "cases_realised",
    "cases_stalled",
    "cases_dissolved",
    "members_active",
    *(f"capital_{c}" for c in CAPITALS),
    *(f"value_{c}" for c in CAPITALS),
    *(f"ownership_{k}" for k in KINDS),
    "hours_coordination",
    "hours_procedure",
    "hours_productive",
    "money_given",
    "mean_trust",
    "mean_skill",
    "mean_passion",
    "mean_propensity",
    "friction",
    "imbalance",
)


class Recorder:
    """Collects one row of indicators a week."""

    def __init__(self, model):
        self.data = {c: np.zeros(model.n_weeks) for c in COLUMNS}
        self.weeks = 0
        self._last_capital = model.places.capital_quality().mean(axis=0)

    def record(self, model) -> None:
        if self.weeks >= len(self.data["friction"]):
            self.data = {c: np.r_[v, np.zeros(max(len(v), 1))] for c, v in self.data.items()}
        w, d, book, st = self.weeks, self.data, model.chains, model.actors
        status = book.c_status[: book.n_cases]
        counts = np.bincount(status, minlength=5)
        d["cases_mobilising"][w] = counts[MOBILISEREN]
        d["cases_realising"][w] = counts[REALISEREN]
        d["cases_realised"][w] = counts[GEREALISEERD]
        d["cases_stalled"][w] = counts[GESTAGNEERD]
        d["cases_dissolved"][w] = counts[ONTBONDEN]
        active = np.zeros(st.n, bool)
        active[book.m_actor[book.active_rows()]] = True
        d["members_active"][w] = np.count_nonzero(active)
        capital = model.places.capital_quality().mean(axis=0)
        value = book.c_value[: book.n_cases].sum(axis=0)
        owned = np.bincount(st.kind, st.ownership, minlength=len(KINDS))
        for i, c in enumerate(CAPITALS):
            d[f"capital_{c}"][w] = capital[i]
            d[f"value_{c}"][w] = value[i]
        for i, k in enumerate(KINDS):
            d[f"ownership_{k}"][w] = owned[i]
        for k, v in model.week_hours.items():
            d[f"hours_{k}"][w] = v
        d["money_given"][w] = model.week_money
        d["mean_trust"][w] = st.trust.mean()
        d["mean_skill"][w] = st.skill.mean()
        d["mean_passion"][w] = st.passion.mean()
        d["mean_propensity"][w] = st.propensity.mean()
        d["friction"][w] = model.tussenruimte.level
        change = capital - self._last_capital
        d["imbalance"][w] = float((change > 1e-9).any() and (change < -1e-9).any())
        self._last_capital = capital
        self.weeks += 1

    def frame(self) -> pl.DataFrame:
        """The time series as a polars frame, one row a week."""
        cols = {"week": np.arange(1, self.weeks + 1)}
        cols.update({c: v[: self.weeks] for c, v in self.data.items()})
        return pl.DataFrame(cols).with_columns(pl.col("imbalance").cast(pl.Boolean))
