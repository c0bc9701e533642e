"""Weekly time series, recorded into preallocated arrays (one row a week)."""

import numpy as np
import polars as pl

from sim.business import brede_welvaart
from sim.config import KINDS
from sim.output.survey import Survey
from sim.vocabulary import CAPITALS, EFFECTS, WEEKS_PER_YEAR, Status

MOBILISEREN, REALISEREN, GEREALISEERD, GESTAGNEERD, ONTBONDEN = Status

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
    "felt_mean",
    "co_owners",
    "friction",
    "imbalance",
    *(f"hier_en_nu_{e}" for e in EFFECTS),
    *(f"later_{c}" for c in brede_welvaart.LATER),
    "imbalance_year",
)


class Recorder:
    """Collects one row of indicators a week.

    The rows go into one preallocated (column x week) table; `data` maps each column name
    to its row of that table (a view), so a week is written with one assignment. Each row
    written is handed on to the model's Mesa DataCollector (`model.datacollector`, made
    before the recorder; sim.mesa_native.WeeklyCollector), which stores it as Mesa does.
    """

    def __init__(self, model):
        self._allocate(model.n_weeks)
        self.weeks = 0
        self.collector = getattr(model, "datacollector", None)
        self._last_capital = model.places.capital_quality().mean(axis=0)
        st = model.actors
        self._last_year = brede_welvaart.later(self._last_capital, st.skill.mean(), st.trust.mean())
        self.survey = Survey(st)

    def _allocate(self, n_weeks: int) -> None:
        table = np.zeros((len(COLUMNS), n_weeks))
        if hasattr(self, "_table"):
            table[:, : self._table.shape[1]] = self._table
        self._table = table
        self.data = dict(zip(COLUMNS, table, strict=True))

    def record(self, model, week) -> None:
        """Write one row: the state after the week and what its phases did (`sim.week.Week`)."""
        book, st = model.chains, model.actors
        active = np.zeros(st.n, bool)
        active[book.m_actor[book.active_rows()]] = True
        owners = np.flatnonzero(st.ownership != 0)  # the rest own exactly 0: same sums
        worked = week.worked
        self.write(
            model,
            counts=np.bincount(book.c_status[: book.n_cases], minlength=len(Status)),
            members_active=np.count_nonzero(active),
            value=book.c_value[: book.n_cases].sum(axis=0),
            owned=np.bincount(st.kind[owners], st.ownership[owners], minlength=len(KINDS)),
            hours=(worked.coordination, worked.procedure, worked.productive),
            money=week.decided.money,
            co_owners=week.felt.co_owners,
        )

    def write(self, model, *, counts, members_active, value, owned, hours, money, co_owners):
        """Write one row from what the chains hold (`counts` of cases by status, active
        members, `value` added and `owned` by kind), the week's hours by use, money given
        and co-owners, and the model's actors, places and friction (`record` works these
        out for one run, `sim.batch` for each run of a batch)."""
        if self.weeks >= self._table.shape[1]:
            self._allocate(max(2 * self._table.shape[1], 1))
        st = model.actors
        capital = model.places.capital_quality().mean(axis=0)
        change = capital - self._last_capital
        n = st.n
        skill, trust = np.add.reduce(st.skill) / n, np.add.reduce(st.trust) / n
        later = brede_welvaart.later(capital, skill, trust)
        year_end = model.week % WEEKS_PER_YEAR == 0
        flag = year_end and brede_welvaart.imbalanced(
            self._last_year, later, model.cfg.mkba.balance_tolerance
        )
        if year_end:
            self._last_year = later
            self.survey.year_end(st)
        self._table[:, self.weeks] = (
            counts[MOBILISEREN],
            counts[REALISEREN],
            counts[GEREALISEERD],
            counts[GESTAGNEERD],
            counts[ONTBONDEN],
            members_active,
            *capital,
            *value,
            *owned,
            *hours,
            money,
            trust,  # = .mean(), without its overhead
            skill,
            np.add.reduce(st.passion) / n,
            np.add.reduce(st.propensity) / n,
            np.add.reduce(st.felt) / n,
            co_owners / n,
            model.tussenruimte.mean_level,
            float((change > 1e-9).any() and (change < -1e-9).any()),
            *brede_welvaart.hier_en_nu(model.places.quality, model.people),
            *later,
            float(flag),
        )
        self._last_capital = capital
        self.weeks += 1
        if self.collector is not None:
            self.collector.collect(model)

    def row(self, week: int) -> list[float]:
        """One week's indicators (0: the first week), in the order of COLUMNS."""
        return self._table[:, week].tolist()

    def frame(self) -> pl.DataFrame:
        """The time series as a polars frame, one row a week."""
        cols = {"week": np.arange(1, self.weeks + 1)}
        cols.update({c: v[: self.weeks] for c, v in self.data.items()})
        return pl.DataFrame(cols).with_columns(
            pl.col("imbalance", "imbalance_year").cast(pl.Boolean)
        )
