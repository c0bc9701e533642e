"""The MKBA of each run in the usual layout (Algemene leidraad MKBA): baten per effect, kosten
per post, saldo, and the PM-posten, all against the nulalternatief.

The accounts are rebuilt from each run's `cases.parquet` and the prices its
`provenance.json` recorded, discounted to the run start as `sim.business.mkba.case_values`
discounts them; their totals equal the run's `mkba_benefits_eur` and `mkba_costs_eur`.
"""

from pathlib import Path

import polars as pl

from sim.business.mkba import volunteer_eur_hour
from sim.config import MkbaConfig
from sim.report.results import read_runs
from sim.vocabulary import EFFECTS, WEEKS_PER_YEAR, Status

BENEFITS = tuple(f"baten_{e}" for e in EFFECTS)
#: The part of the local economy's benefit that is spending moved from elsewhere: taken off
#: the benefits (a transfer, `sim.business.mkba.valuation`), shown as its own row.
TRANSFER = "herverdeling"
#: The executor's margin in the contract price: paid as part of the investment, received by
#: the executor, so added back to the benefits (`sim.business.mkba.valuation`).
MARGIN = "marge"
COSTS = ("investering", "onderhoud", "uren_vrijwilligers", "uren_professionals")
#: Process effects the model measures but no Dutch key figure prices: the change of the
#: brede-welvaart capital against the nulalternatief, shown as a PM-post.
PM = ("net_later_human", "net_later_social")
MKBA_KEYS = tuple(f"mkba.{name}" for name in MkbaConfig.__dataclass_fields__)

_CASE_COLUMNS = [
    "status",
    "week_ended",
    "money_eur",
    "hours_volunteer",
    "hours_staff",
    "mkba_costs_eur",
    "mkba_transfer_eur",
    "mkba_margin_eur",
    *(f"mkba_{e}_eur" for e in EFFECTS),
]


def run_prices(table: pl.DataFrame) -> pl.DataFrame:
    """Per run: its discount rate and what an hour of a volunteer and of staff is worth, from
    the `cfg.mkba.*` columns its provenance recorded (the defaults where one is missing)."""
    default = MkbaConfig()
    rows = []
    for row in table.iter_rows(named=True):
        values = {
            k.removeprefix("cfg.mkba."): v
            for k, v in row.items()
            if k.startswith("cfg.mkba.") and v is not None
        }
        cfg = MkbaConfig(
            **{k: values.get(k, getattr(default, k)) for k in MkbaConfig.__dataclass_fields__}
        )
        rows.append(
            {
                "run": row["run"],
                "rate": float(cfg.discount_rate),
                "volunteer_eur_hour": float(volunteer_eur_hour(cfg)),
                "staff_eur_hour": float(cfg.staff_wage_eur_hour),
            }
        )
    return pl.DataFrame(rows)


def run_accounts(sweep_dir: Path, table: pl.DataFrame) -> pl.DataFrame | None:
    """One row a run: `run`, the benefits per effect (`baten_<effect>`), the transfer taken
    off them (`herverdeling`, negative), the executor's margin added back (`marge`), the
    costs per post
    (`COSTS`), `baten`, `kosten` and `saldo`, in euro at the run start. `table` is the
    report's results table with the runs' `cfg.mkba.*` columns. None without case files."""
    cases = read_runs(sweep_dir, table["run"].to_list(), "cases")
    if cases is None:
        return None
    for col in ("mkba_transfer_eur", "mkba_margin_eur"):  # runs from before they were counted
        if col not in cases.columns:
            cases = cases.with_columns(pl.lit(0.0).alias(col))
    cases = cases.select("run", *_CASE_COLUMNS)
    realised = pl.col("status") == Status.GEREALISEERD.label
    ended = pl.col("status").is_in([Status.GESTAGNEERD.label, Status.ONTBONDEN.label])
    weight = (1 + pl.col("rate")) ** (-pl.col("week_ended").clip(0) / WEEKS_PER_YEAR)
    volunteer = pl.col("hours_volunteer") * pl.col("volunteer_eur_hour")
    staff = pl.col("hours_staff") * pl.col("staff_eur_hour")
    posts = {
        **{f"baten_{e}": pl.col(f"mkba_{e}_eur").fill_null(0) for e in EFFECTS},
        TRANSFER: -pl.col("mkba_transfer_eur").fill_null(0),
        MARGIN: pl.col("mkba_margin_eur").fill_null(0),
        "investering": pl.col("money_eur"),
        "onderhoud": pl.col("mkba_costs_eur") - pl.col("money_eur") - volunteer - staff,
        "uren_vrijwilligers": volunteer,
        "uren_professionals": staff,
    }
    counted = {  # realised cases in full, stalled and dissolved ones their hours only
        name: pl.when(realised | (ended & name.startswith("uren")))
        .then(value * weight)
        .otherwise(0.0)
        for name, value in posts.items()
    }
    accounts = (
        cases.join(run_prices(table), on="run")
        .group_by("run")
        .agg(**{name: value.sum() for name, value in counted.items()})
        .with_columns(
            baten=pl.sum_horizontal(*BENEFITS, TRANSFER, MARGIN),
            kosten=pl.sum_horizontal(COSTS),
        )
        .with_columns(saldo=pl.col("baten") - pl.col("kosten"))
    )
    return table.select("run").join(accounts, on="run", how="left").fill_null(0.0)
