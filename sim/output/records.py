"""Weekly time series, recorded into preallocated arrays (one row a week)."""

import numpy as np
import polars as pl

from sim.business import brede_welvaart
from sim.config import KINDS
from sim.output import nulalternatief
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
    *(f"reference_hier_en_nu_{e}" for e in EFFECTS),
    *(f"reference_later_{c}" for c in brede_welvaart.LATER),
)
#: The columns of the nulalternatief (NaN in the table, null in the frame, without it).
REFERENCE_COLUMNS = tuple(c for c in COLUMNS if c.startswith("reference_"))


class Recorder:
    """Collects one row of indicators a week.

    The rows go into one preallocated (column x week) table; `data` maps each column name
    to its row of that table (a view), so a week is written with one assignment. Each row
    written is handed on to the model's Mesa DataCollector (`model.datacollector`, made
    before the recorder; sim.mesa_native.WeeklyCollector), which stores it as Mesa does.

    With `mkba.nulalternatief` each row also has the nulalternatief's brede welvaart
    (`reference_*`, `sim.output.nulalternatief`) and the imbalance flags weigh the changes
    net of its changes; without, those columns are NaN and the flags weigh gross changes.
    """

    def __init__(self, model):
        self._allocate(model.n_weeks)
        self.weeks = 0
        self.collector = getattr(model, "datacollector", None)
        cfg = model.cfg
        self.reference = nulalternatief.reference(cfg) if cfg.mkba.nulalternatief else None
        #: Which columns may hold NaN: the reference's, when there is none.
        self.may_be_nan = np.isin(COLUMNS, REFERENCE_COLUMNS) & (self.reference is None)
        self._last_capital, self._last_year, _ = brede_welvaart.measure(
            model.places, model.actors, model.people
        )
        self._last_year_week = 0
        self.survey = Survey(model.actors)

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
        st, t = model.actors, model.week
        capital, later, now = brede_welvaart.measure(model.places, st, model.people)
        change = capital - self._last_capital
        year_end = t % WEEKS_PER_YEAR == 0
        tolerance = model.cfg.mkba.balance_tolerance
        if self.reference is None:
            reference = np.full(len(EFFECTS) + len(brede_welvaart.LATER), np.nan)
            flag = year_end and brede_welvaart.imbalanced(self._last_year, later, tolerance)
        else:
            ref_capital, ref_later, ref_now = self.reference.at(t)
            reference = np.r_[ref_now, ref_later]
            change = change - (ref_capital - self.reference.at(t - 1)[0])
            flag = year_end and brede_welvaart.imbalanced(
                self._last_year,
                later,
                tolerance,
                self.reference.at(self._last_year_week)[1],
                ref_later,
            )
        if year_end:
            self._last_year, self._last_year_week = later, t
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
            later[3],  # mean trust
            later[2],  # mean skill
            np.add.reduce(st.passion) / st.n,  # = .mean(), without its overhead
            np.add.reduce(st.propensity) / st.n,
            np.add.reduce(st.felt) / st.n,
            co_owners / st.n,
            model.tussenruimte.mean_level,
            float((change > 1e-9).any() and (change < -1e-9).any()),
            *now,
            *later,
            float(flag),
            *reference,
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
            pl.col("imbalance", "imbalance_year").cast(pl.Boolean),
            pl.col(REFERENCE_COLUMNS).fill_nan(None),
        )
