"""The Dutch survey questions asked of the model at every year-end (docs/calibration.md).

The calibration's targets (`sim.calibrate`) are survey and register figures; each is measured
here as the same construct its source measures, over the residents (kind bewoner: people
aged 15 and over) and each full year of the run:

- ``volunteer_share``: residents who gave hours to a case in the year (CBS StatLine
  85541NED: 7 % of people 15+ did volunteer work for their own neighbourhood in a year);
- ``volunteer_hours_employed`` / ``volunteer_hours_not_employed``: the hours a week those
  volunteers gave in the weeks they were in a team (hours given in the year over the weeks
  of it they were a member, as a respondent says how many hours a week they usually give),
  for residents with and without a paid job (CBS 2017: about 3 and 6 hours a week);
- ``trust_share``: residents whose trust is at least `TRUST_CUTOFF` at the year-end (CBS
  2021-2022: about two thirds say most people can be trusted; a share above a cut-off, not a
  mean);
- ``active_share``: residents who were a member of any case during the year, with or
  without hours given (USP: about 27 % active in their own neighbourhood, a looser construct);
- ``entrepreneurs_per_resident``: entrepreneurs over residents (KvK: one per 7-8).

A home counts once a year: a resident who moves out and the newcomer in its home are one
respondent, since the home keeps the ledger of hours given (`sim.chains.turnover`).

>>> import sim
>>> s = sim.run(["run.years=1", "population.n_actors=500", "environment.n_buurten=1"]).summary
>>> 0 <= s["volunteer_share"].item() <= s["active_share"].item() <= 1
True
"""

from dataclasses import dataclass

import numpy as np

from sim.vocabulary import WEEKS_PER_YEAR, Kind

#: Trust at or above this counts as "most people can be trusted" (the scale's midpoint).
TRUST_CUTOFF = 0.5

#: The summary's survey columns, in order.
COLUMNS = (
    "volunteer_share",
    "volunteer_hours_employed",
    "volunteer_hours_not_employed",
    "trust_share",
    "active_share",
    "entrepreneurs_per_resident",
)


@dataclass
class Year:
    """One year's answers: the volunteers (actor ids), their hours, paid jobs, and trust."""

    volunteers: np.ndarray
    hours: np.ndarray
    employed: np.ndarray
    trust_share: float


class Survey:
    """Asks the residents at each year-end what they did in the year (`year_end`)."""

    def __init__(self, actors):
        self._given = actors.hours_given.copy()
        self.years: list[Year] = []

    def year_end(self, actors) -> None:
        """Record the year that ends now: who volunteered, for how many hours, who trusts."""
        resident = actors.kind == Kind.BEWONER
        gave = actors.hours_given - self._given
        self._given = actors.hours_given.copy()
        who = np.flatnonzero(resident & (gave > 1e-9))
        trusting = actors.trust[resident] >= TRUST_CUTOFF
        self.years.append(
            Year(
                volunteers=who,
                hours=gave[who],
                employed=actors.employed[who].copy(),
                trust_share=float(trusting.mean()) if resident.any() else float("nan"),
            )
        )


def member_weeks(book, kind: np.ndarray, years: int) -> list[dict[int, int]]:
    """Per full year, each resident member's weeks in a team (at most 52): actor -> weeks."""
    m = book.all_members()
    keep = (kind[m["actor"]] == Kind.BEWONER) & ~m["paid"]
    actor, joined, left = m["actor"][keep], m["week_joined"][keep], m["week_left"][keep]
    left = np.where(left < 0, np.iinfo(np.int64).max, left)
    out = []
    for year in range(years):
        first, last = year * WEEKS_PER_YEAR + 1, (year + 1) * WEEKS_PER_YEAR
        weeks = np.minimum(left, last) - np.maximum(joined, first) + 1
        inside = weeks > 0
        ids, at = np.unique(actor[inside], return_inverse=True)
        total = np.minimum(np.bincount(at, weeks[inside], minlength=len(ids)), WEEKS_PER_YEAR)
        out.append(dict(zip(ids.tolist(), total.astype(int).tolist(), strict=True)))
    return out


def summary(model, first_year: int = 0) -> dict[str, float | None]:
    """The survey's answers averaged over the run's full years from `first_year` (0: the
    first) on; None without such a year. The calibration skips the years the neighbourhood
    takes to settle (docs/calibration.md)."""
    st, years = model.actors, model.recorder.survey.years
    residents = int((st.kind == Kind.BEWONER).sum())
    weeks = member_weeks(model.chains, st.kind, len(years))
    rows = {name: [] for name in COLUMNS[:5]}
    for year, members in list(zip(years, weeks, strict=True))[first_year:]:
        in_team = np.array([members.get(a, 0) for a in year.volunteers.tolist()], float)
        per_week = year.hours / np.maximum(in_team, 1.0)
        rows["volunteer_share"].append(len(year.volunteers) / max(residents, 1))
        for name, group in (
            ("volunteer_hours_employed", year.employed),
            ("volunteer_hours_not_employed", ~year.employed),
        ):
            rows[name].append(per_week[group].mean() if group.any() else np.nan)
        rows["trust_share"].append(year.trust_share)
        rows["active_share"].append(len(members) / max(residents, 1))

    def mean(values):
        values = np.array(values, float)
        values = values[np.isfinite(values)]
        return float(values.mean()) if len(values) else None

    row = {name: mean(values) for name, values in rows.items()}
    row["entrepreneurs_per_resident"] = (
        float((st.kind == Kind.ONDERNEMER).sum() / residents) if residents else None
    )
    return row
