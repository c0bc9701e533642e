"""The sections of the strategy report, each drawn from the sweep's results table."""

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from sim.business.mkba import ELSEWHERE
from sim.config import KINDS, ROUTES
from sim.output.bounds import COUNT, SUMMARY_BOUNDS
from sim.report.document import Document
from sim.report.results import read_runs
from sim.report.stats import diff_ci, euro, fmt, fmt_ci, holm, mean_ci, percent
from sim.vocabulary import WEEKS_PER_YEAR

OUTCOMES = (
    "realised_cases",
    "value_total",
    "ownership_share",
    "capital_balance",
    "coordination_hours_share",
    "participation_rate",
    "first_win_week",
    "mkba_npv_eur",
    "mkba_bcr",
    "imbalance_years",
)
SERIES = ("value_cum", "cases_realised", "members_active", "hours_coordination")
PALETTE = {"onbeheerst": "#b42318", "opschalen": "#1f6feb", "downscalen": "#1a7f37"}


def pyplot():
    """matplotlib's pyplot on the Agg backend, imported only once there is a report to draw
    (a bad option is reported without waiting for matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def paired_frames(table: pl.DataFrame, by: str, a: str, b: str, keys: list[str], col: str):
    """The outcome of a and b matched on every other factor, or None if they do not pair."""
    others = [k for k in keys if k != by]
    if not others:
        return None
    left = table.filter(pl.col(by) == a).select(*others, pl.col(col).alias("a"))
    right = table.filter(pl.col(by) == b).select(*others, pl.col(col).alias("b"))
    if left.select(others).is_duplicated().any():
        return None
    joined = left.join(right, on=others, how="inner", nulls_equal=True)
    if joined.height != left.height or joined.height != right.height:
        return None
    return joined["a"].to_numpy().astype(float), joined["b"].to_numpy().astype(float)


def numeric(table: pl.DataFrame, col: str, s: str, by: str) -> np.ndarray:
    return table.filter(pl.col(by) == s)[col].cast(pl.Float64).to_numpy()


@dataclass
class Sections:
    """The report being written (`doc`) and what its sections read: the results `table`
    grouped by `by` into `strategies`, compared with `reference`, paired on `keys`."""

    doc: Document
    t: dict  # the texts of the report's language (sim.report.i18n)
    sweep_dir: Path
    table: pl.DataFrame
    by: str
    strategies: list[str]
    reference: str
    keys: list[str]

    @property
    def outcomes(self) -> list[str]:
        return [o for o in OUTCOMES if o in self.table.columns]

    def label(self, col: str) -> str:
        return self.t["labels"].get(col, col)

    def values(self, col: str, s: str) -> np.ndarray:
        return numeric(self.table, col, s, self.by)

    def strategies_table(self) -> None:
        """How many runs each group has."""
        t, by = self.t, self.by
        self.doc.h(t["strategies"])
        self.doc.table(
            [t["strategy"] if by == "strategy" else by, t["runs_n"]],
            [[s, self.table.filter(pl.col(by) == s).height] for s in self.strategies],
        )

    def outcomes_table(self) -> None:
        """Each outcome's mean and 95 % interval per group."""
        rows = []
        for col in self.outcomes:
            cells = [self.label(col)]
            for s in self.strategies:
                m, lo, hi, n = mean_ci(self.values(col, s), bounds=SUMMARY_BOUNDS.get(col))
                cells.append(fmt_ci(m, lo, hi, n))
            rows.append(cells)
        self.doc.h(self.t["outcomes"])
        self.doc.table([self.t["outcome"], *self.strategies], rows)

    def differences(self) -> None:
        """Each group against the reference: the difference, its interval and Cohen's d,
        paired on the sweep's other overrides where every run has its partner."""
        t, ref, by = self.t, self.reference, self.by
        others = [s for s in self.strategies if s != ref]
        if not others:
            return
        self.doc.h(t["differences"].format(ref=ref))
        results, kinds = [], set()
        for col in self.outcomes:
            for s in others:
                pair = paired_frames(self.table, by, s, ref, self.keys, col)
                if pair is not None:
                    r = diff_ci(*pair, paired=True, bounds=SUMMARY_BOUNDS.get(col))
                    kinds.add("paired")
                else:
                    r = diff_ci(
                        self.values(col, s), self.values(col, ref), bounds=SUMMARY_BOUNDS.get(col)
                    )
                    kinds.add("unpaired")
                results.append(r)
        p_holm = iter(holm([r["p"] for r in results]))
        cells = iter(
            f"{fmt_ci(r['diff'], r['lo'], r['hi'], r['n'])}, d = {fmt(r['d'], 2)},"
            f" p = {fmt(next(p_holm), 2)}"
            for r in results
        )
        rows = [[self.label(col), *(next(cells) for _ in others)] for col in self.outcomes]
        self.doc.table([t["outcome"], *(f"{s} − {ref}" for s in others)], rows)
        self.doc.p("; ".join(t[k] for k in sorted(kinds)) + ". " + t["holm"])

    def distributions(self) -> None:
        """A box plot of each outcome over runs, with the runs as points."""
        plt, outcomes, strategies = pyplot(), self.outcomes, self.strategies
        self.doc.h(self.t["distributions"])
        n, cols = len(outcomes), 4
        fig, axes = plt.subplots(math.ceil(n / cols), cols, figsize=(16, 3.6 * math.ceil(n / cols)))
        rng = np.random.default_rng(0)
        for ax, col in zip(np.ravel(axes), outcomes, strict=False):
            data = [self.values(col, s) for s in strategies]
            data = [d[~np.isnan(d)] for d in data]
            ax.boxplot(data, tick_labels=strategies, showfliers=False, widths=0.5)
            for i, (s, d) in enumerate(zip(strategies, data, strict=True)):
                x = i + 1 + rng.uniform(-0.15, 0.15, len(d))
                ax.scatter(x, d, s=8, alpha=0.6, color=PALETTE.get(s, "k"))
            ax.set(title=self.label(col))
        for ax in np.ravel(axes)[n:]:
            ax.axis("off")
        fig.tight_layout()
        self.doc.figure("distributions", fig, self.t["distributions"])

    def first_win(self) -> None:
        """Time to the first small win (realised case) as a survival outcome: Kaplan-Meier
        curves per group, a run without a win censored at its last week, the median with
        its 95 % interval, and the log-rank test of equal curves (lifelines)."""
        if not {"first_win_week", "weeks"} <= set(self.table.columns):
            return
        from lifelines import KaplanMeierFitter
        from lifelines.statistics import multivariate_logrank_test
        from lifelines.utils import median_survival_times

        t, plt, by = self.t, pyplot(), self.by
        frame = self.table.select(by, "first_win_week", "weeks").with_columns(
            pl.col("first_win_week").is_not_null().alias("won"),
            pl.coalesce("first_win_week", "weeks").cast(pl.Float64).alias("time"),
        )
        self.doc.h(t["first_win"])
        fig, ax = plt.subplots(figsize=(7, 4))
        rows = []
        for s in self.strategies:
            part = frame.filter(pl.col(by) == s)
            km = KaplanMeierFitter().fit(part["time"].to_numpy(), part["won"].to_numpy(), label=s)
            km.plot_survival_function(ax=ax, color=PALETTE.get(s))
            ci = median_survival_times(km.confidence_interval_).to_numpy().ravel()
            rows.append(
                [
                    s,
                    part.height,
                    int(part["won"].sum()),
                    f"{_week(km.median_survival_time_)} [{_week(ci[0])}, {_week(ci[1])}]",
                ]
            )
        ax.set(xlabel=t["week"], ylabel=t["no_win_yet"])
        fig.tight_layout()
        self.doc.table([t["strategy"] if by == "strategy" else by, *t["first_win_cols"]], rows)
        if len(self.strategies) > 1 and frame["won"].any():
            test = multivariate_logrank_test(
                frame["time"].to_numpy(), frame[by].to_numpy(), frame["won"].to_numpy()
            )
            self.doc.p(t["logrank"].format(p=fmt(test.p_value, 2)))
        elif len(self.strategies) > 1:
            self.doc.p(t["logrank_none"])
        self.doc.p(t["first_win_note"])
        self.doc.figure("first_win", fig, t["first_win"])

    def heatmap(self) -> None:
        """Mean value by scope cap and team-size cap, where the runs record both."""
        cells = self.table.drop_nulls(["cfg.strategy.scope_cap", "cfg.strategy.team_size_cap"])
        if cells.height and "value_total" in cells.columns:  # caps come from provenance.json
            self.doc.h(self.t["heatmap"])
            heatmap(self.doc, cells, self.t["labels"], self.t)

    def timeseries(self) -> None:
        """The median and 10-90 % band over runs of each series, per group."""
        t, by = self.t, self.by
        bands = time_bands(self.sweep_dir, self.table, by)
        if bands is None:
            return
        plt = pyplot()
        self.doc.h(t["timeseries"])
        fig, axes = plt.subplots(1, len(SERIES), figsize=(4.2 * len(SERIES), 3.6))
        for ax, col in zip(axes, SERIES, strict=True):
            for s in self.strategies:
                part = bands.filter(pl.col(by) == s).sort("week")
                years = part["week"].to_numpy() / WEEKS_PER_YEAR
                color = PALETTE.get(s)
                ax.plot(years, part[f"{col}_q50"], label=s, color=color)
                ax.fill_between(
                    years, part[f"{col}_q10"], part[f"{col}_q90"], alpha=0.2, color=color
                )
            ax.set(title=self.label(col), xlabel=t["year"])
        axes[0].legend()
        fig.tight_layout()
        self.doc.figure("timeseries", fig, t["timeseries"])

    def discount_rates(self) -> str:
        """The discount rate(s) the runs recorded, as a percentage in the report's language
        (Babel); the default where no run recorded one."""
        from sim.config import Config

        column = "cfg.mkba.discount_rate"
        rates = self.table[column].drop_nulls().unique().sort().to_list()
        rates = rates or [Config().mkba.discount_rate]
        return ", ".join(percent(r, self.t["locale"]) for r in rates)

    def mkba(self) -> None:
        """The MKBA: net present value per group with its interval, then per route."""
        t, strategies = self.t, self.strategies
        if "mkba_npv_eur" not in self.table.columns:
            return
        plt = pyplot()
        self.doc.h(t["mkba"])
        self.doc.p(t["mkba_note"].format(rate=self.discount_rates()))
        fig, ax = plt.subplots(figsize=(7, 0.7 + 0.6 * len(strategies)))
        lines = []
        for i, s in enumerate(strategies):
            m, lo, hi, _ = mean_ci(self.values("mkba_npv_eur", s))
            lines.append(t["mkba_line"].format(s=s, v=euro(m), lo=euro(lo), hi=euro(hi)))
            err = [[m - lo], [hi - m]] if not math.isnan(lo) else None
            ax.errorbar([m], [i], xerr=err, fmt="o", color=PALETTE.get(s, "k"), capsize=4)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set(
            yticks=range(len(strategies)),
            yticklabels=strategies,
            xlabel=t["labels"]["mkba_npv_eur"],
        )
        ax.invert_yaxis()
        fig.tight_layout()
        self.doc.figure("mkba", fig, t["mkba"])
        for line in lines:
            self.doc.p(line)
        mkba_by_route(self.doc, self.sweep_dir, self.table, self.by, strategies, t)


def heatmap(doc: Document, cells: pl.DataFrame, labels: dict, t: dict) -> None:
    """Mean realised value by scope_cap and team_size_cap, over runs that record both."""
    import seaborn as sns

    plt = pyplot()
    heat = (
        cells.group_by("cfg.strategy.scope_cap", "cfg.strategy.team_size_cap")
        .agg(pl.col("value_total").mean())
        .sort("cfg.strategy.scope_cap", "cfg.strategy.team_size_cap")
    )
    pivot = heat.pivot(
        on="cfg.strategy.team_size_cap",
        index="cfg.strategy.scope_cap",
        values="value_total",
        sort_columns=True,
    ).sort("cfg.strategy.scope_cap")
    teams = sorted(int(c) for c in pivot.columns[1:])
    matrix = pivot.select([str(c) for c in teams]).to_numpy().astype(float)
    axes = t["glossary"]["axes"]
    actors = "cfg.population.n_actors"  # a cap of at least everyone is no cap
    everyone = cells[actors].min() if actors in cells.columns else None
    everyone = math.inf if everyone is None else everyone
    team_labels = [axes["no_cap"] if c >= everyone else fmt(c) for c in teams]
    fig, ax = plt.subplots(figsize=(1.6 + 1.3 * len(teams), 1.2 + 0.8 * pivot.height))
    annot = np.vectorize(lambda v: "" if math.isnan(v) else fmt(v))(matrix)
    sns.heatmap(
        matrix,
        annot=annot,
        fmt="",
        cmap="viridis",
        ax=ax,
        xticklabels=team_labels,
        yticklabels=pivot["cfg.strategy.scope_cap"].to_list(),
        cbar_kws={"label": labels["value_total"]},
    )
    ax.set(xlabel=axes["strategy.team_size_cap"], ylabel=axes["strategy.scope_cap"])
    doc.figure("heatmap", fig, t["heatmap"])
    doc.p(t["heatmap_note"])


def mkba_by_route(
    doc: Document, sweep_dir: Path, table: pl.DataFrame, by: str, strategies: list[str], t: dict
) -> None:
    """The MKBA per procurement route (theme 4) where runs differ in it: NPV and benefit–cost
    ratio, pooled and per strategy, and the distribution table (who pays, who benefits), with
    95 % intervals."""
    if "procurement_route" not in table.columns:
        return
    present = table["procurement_route"].unique().to_list()
    routes = [r for r in ROUTES if r in present]
    if len(routes) < 2:  # one route: the MKBA table and its actor groups say it all
        return
    doc.h(t["mkba_routes"])
    doc.p(t["mkba_routes_note"])
    rows = []
    for col in ("mkba_npv_eur", "mkba_bcr", "mkba_benefits_eur", "mkba_costs_eur"):
        for s in ("all", *strategies):
            part = table if s == "all" else table.filter(pl.col(by) == s)
            cells = [t["labels"][col], t["all"] if s == "all" else s]
            for route in routes:
                values = part.filter(pl.col("procurement_route") == route)[col]
                values = values.cast(pl.Float64).drop_nulls().to_numpy()
                cells.append(fmt_ci(*mean_ci(values, bounds=SUMMARY_BOUNDS.get(col))))
            rows.append(cells)
    names = [t["glossary"]["choices"].get(r, r) for r in routes]
    doc.table([t["outcome"], t["strategy"] if by == "strategy" else by, *names], rows)

    dist = read_runs(sweep_dir, table["run"].to_list(), "distribution")
    if dist is None:
        return
    runs = table.select("run", "procurement_route")
    dist = dist.filter(pl.col("dimension") == "kind").join(runs, on="run")
    doc.h(t["mkba_distribution"])
    doc.p(t["mkba_distribution_note"])
    rows = []
    for route in routes:
        part = dist.filter(pl.col("procurement_route") == route)
        for kind in [k for k in (*KINDS, ELSEWHERE) if k in part["group"].to_list()]:
            cells = [t["glossary"]["choices"].get(route, route), t["glossary"]["kinds"][kind]]
            for col in ("paid_eur", "benefits_eur", "net_eur"):
                values = part.filter(pl.col("group") == kind)[col].to_numpy()
                bounds = None if col == "net_eur" else COUNT  # what is paid and received
                if kind == ELSEWHERE and col == "benefits_eur":
                    bounds = (-math.inf, 0)  # elsewhere loses the transfer
                cells.append(fmt_ci(*mean_ci(values, bounds=bounds)))
            rows.append(cells)
    doc.table([t["route"], t["kind"], t["paid"], t["benefits"], t["net"]], rows)


def _week(value: float) -> str:
    """A survival time for a table: '–' where the curve never fell to the level."""
    return fmt(float(value)) if np.isfinite(value) else "–"


def time_bands(sweep_dir: Path, table: pl.DataFrame, by: str) -> pl.DataFrame | None:
    """Per strategy and week: the 10th, 50th and 90th percentile over runs of each series."""
    capitals = ["value_social", "value_ecological", "value_economic"]
    columns = ["week", *capitals, *(c for c in SERIES if c != "value_cum")]
    series = read_runs(sweep_dir, table["run"].to_list(), "timeseries", columns)
    if series is None:
        return None
    value = pl.col("value_social") + pl.col("value_ecological") + pl.col("value_economic")
    groups = table.select("run", by)
    aggs = []
    for col in SERIES:
        expr = value if col == "value_cum" else pl.col(col)
        aggs += [
            expr.quantile(q, "linear").alias(f"{col}_q{int(q * 100)}") for q in (0.1, 0.5, 0.9)
        ]
    return series.join(groups, on="run").group_by(by, "week").agg(aggs)
