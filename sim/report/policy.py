"""The sections a policy team signs: the samenvatting, the uitgangspunten, the MKBA table in
the usual layout (baten, kosten, saldo, PM-posten, per actor group), the tornado in words,
the woordenlijst and the provenance (Algemene leidraad MKBA, CPB/PBL 2013)."""

import json
import math
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import polars as pl

from sim.business.mkba import ELSEWHERE, VARIANTS, volunteer_eur_hour
from sim.config import KINDS, MkbaConfig
from sim.environment.places import THEME_EFFECTS
from sim.output.bounds import SUMMARY_BOUNDS
from sim.report.accounts import BENEFITS, COSTS, MARGIN, PM, TRANSFER, run_accounts
from sim.report.results import read_runs
from sim.report.sections import Sections, paired_frames
from sim.report.stats import diff_ci, euro, fmt, fmt_ci, mean_ci, percent
from sim.vocabulary import EFFECTS


def highest(means: dict[str, tuple]) -> str:
    """The group with the highest mean of `{group: mean_ci(...)}` (a NaN mean counts last)."""
    return max(means, key=lambda s: -math.inf if math.isnan(means[s][0]) else means[s][0])


def column(table: pl.DataFrame, col: str, by: str, group: str) -> np.ndarray:
    part = table.filter(pl.col(by) == group)
    return part[col].cast(pl.Float64).to_numpy() if col in part.columns else np.array([])


@dataclass
class Policy:
    """The policy sections of a report: `report` gives the document, texts and results."""

    report: Sections

    def __post_init__(self):
        r = self.report
        self.t = r.t
        self.g = r.t["glossary"]
        self._frames: dict[str, pl.DataFrame | None] = {}
        self.accounts = run_accounts(r.sweep_dir, r.table)
        table = r.table
        if self.accounts is not None:
            table = table.join(self.accounts, on="run", how="left")
        self.table = table
        npv = {s: mean_ci(column(table, "mkba_npv_eur", r.by, s)) for s in r.strategies}
        self.npv = npv
        self.best = highest(npv)

    def frame(self, name: str, group: str | None = None) -> pl.DataFrame | None:
        """A run frame (distribution, tornado) of all runs, read once (an unreadable file is
        named in one warning), or of one group's runs; None where no run has it."""
        if name not in self._frames:
            r = self.report
            self._frames[name] = read_runs(r.sweep_dir, r.table["run"].to_list(), name)
        data = self._frames[name]
        if data is None or group is None:
            return data
        runs = self.report.table.filter(pl.col(self.report.by) == group)["run"]
        part = data.filter(pl.col("run").is_in(runs.to_list()))
        return part if part.height else None

    # ------------------------------------------------------------------ samenvatting

    def samenvatting(self) -> None:
        """One page in plain words: which strategy, for whom, how sure, on which assumptions."""
        r, t, best = self.report, self.t, self.best
        doc = r.doc
        doc.open("samenvatting")
        doc.h(t["summary"])
        m, lo, hi, n = self.npv[best]
        years = self._recorded("run.years")
        doc.p(
            t["summary_which"].format(
                best=self.name(best),
                npv=euro(m),
                lo=euro(lo),
                hi=euro(hi),
                n=n,
                years=fmt(years[0]) if len(years) == 1 else "–",
                realised=fmt(mean_ci(column(r.table, "realised_cases", r.by, best))[0]),
            )
        )
        doc.p(self._sign(lo, hi))
        others = sorted(
            (s for s in r.strategies if s != best), key=lambda s: -np.nan_to_num(self.npv[s][0])
        )
        if others:
            doc.p(self._against(best, others[0]))
        who = self._who(best)
        if who:
            doc.p(who)
        doc.p(self._assumptions(best))
        doc.close()

    def name(self, group: str) -> str:
        """A group's name for prose: a strategy as the article names it."""
        return self.t["strategy_names"].get(group, group)

    def _sign(self, lo: float, hi: float) -> str:
        t = self.t
        if math.isnan(lo):
            return t["summary_few"]
        if lo > 0:
            return t["summary_positive"]
        if hi < 0:
            return t["summary_negative"]
        return t["summary_unsure"]

    def _against(self, best: str, second: str) -> str:
        r, t = self.report, self.t
        pair = paired_frames(r.table, r.by, best, second, r.keys, "mkba_npv_eur")
        if pair is not None:
            d = diff_ci(*pair, paired=True)
        else:
            d = diff_ci(
                column(r.table, "mkba_npv_eur", r.by, best),
                column(r.table, "mkba_npv_eur", r.by, second),
            )
        key = "summary_clear" if d["lo"] > 0 else "summary_close"
        if math.isnan(d["lo"]):
            key = "summary_close"
        return t[key].format(
            second=self.name(second), d=euro(d["diff"]), lo=euro(d["lo"]), hi=euro(d["hi"])
        )

    def _who(self, best: str) -> str | None:
        groups = self._by_kind()
        if groups is None:
            return None
        part = groups.filter(pl.col("strategy_group") == best)
        if part.height == 0:
            return None
        payer = part.sort("paid_eur", descending=True).row(0, named=True)
        gainer = part.sort("benefits_eur", descending=True).row(0, named=True)
        g = self.g
        key = "summary_who" if gainer["benefits_eur"] > 0 else "summary_who_none"
        return self.t[key].format(
            payer=g["kinds"].get(payer["group"], payer["group"]),
            paid=euro(payer["paid_eur"]),
            gainer=g["kinds"].get(gainer["group"], gainer["group"]),
            benefit=euro(gainer["benefits_eur"]),
        )

    def _assumptions(self, best: str) -> str:
        t = self.t
        cfg = self._mkba()
        swings = self._swings(best)
        turns = ", ".join(
            t["summary_turn"].format(what=self.g["tornado"].get(p, p), swing=euro(s))
            for p, s in swings[:3]
        )
        time = t["volunteer_" + cfg.volunteer_time].format(wage=euro(volunteer_eur_hour(cfg)))
        reference = t["reference_on" if cfg.nulalternatief else "reference_off"]
        text = t["summary_assumptions"].format(
            rate=percent(cfg.discount_rate), time=time, reference=reference
        )
        text += " " + t["summary_turns"].format(turns=turns) if turns else ""
        robust = self._robust(best)
        return text + (" " + robust if robust else "")

    # ------------------------------------------------------------------ uitgangspunten

    def uitgangspunten(self) -> None:
        """Every price and setting the MKBA rests on, with its value and its source."""
        t, g = self.t, self.g
        doc = self.report.doc
        doc.h(t["assumptions"])
        doc.p(t["assumptions_note"])
        rows = []
        years = f"{self._values('run.years')} {g['units']['years']}"
        rows.append([g["settings"]["run.years"], years, t["source_run"]])
        actors = self._values("population.n_actors")
        rows.append([g["settings"]["population.n_actors"], actors, t["source_run"]])
        seeds = sorted(self.report.table["seed"].drop_nulls().unique().to_list())
        rows.append([g["settings"]["seed"], ", ".join(str(s) for s in seeds), t["source_run"]])
        for f in fields(MkbaConfig):
            label = g["settings"].get(f"mkba.{f.name}")
            if label is None:
                continue
            unit = g["units"].get(f.metadata["unit"], f.metadata["unit"])
            if f.metadata["unit"] == "1/year":  # a rate: as a percentage
                rates = self._recorded(f"mkba.{f.name}") or [f.default]
                value = ", ".join(percent(v) for v in rates)
            else:
                value = self._values("mkba." + f.name)
            rows.append([label, f"{value} {unit}".strip(), self._source(f)])
        doc.table([t["assumption"], t["value"], t["source"]], rows)

    def _source(self, f) -> str:
        """A field's source in the report's language: 'aanname' where it is an assumption."""
        own = self.g["sources"].get(f"mkba.{f.name}")
        if own:
            return own
        text = f.metadata["source"]
        return self.t["assumption_word"] if text.startswith("assumption") else text

    def _recorded(self, key: str) -> list:
        col = f"cfg.{key}"
        if col not in self.report.table.columns:
            return []
        return sorted(self.report.table[col].drop_nulls().unique().to_list(), key=str)

    def _values(self, key: str) -> str:
        values = self._recorded(key)
        shown = [self._shown(v) for v in values]
        return ", ".join(shown) if shown else "–"

    def _shown(self, value) -> str:
        if isinstance(value, bool):
            return self.t["yes"] if value else self.t["no"]
        if isinstance(value, int | float):
            return fmt(float(value), 4)
        return self.g["choices"].get(str(value), str(value))

    def _mkba(self) -> MkbaConfig:
        """The MKBA settings of the runs (the first value where runs differ)."""
        default = MkbaConfig()
        values = {}
        for f in fields(MkbaConfig):
            recorded = self._recorded(f"mkba.{f.name}")
            values[f.name] = recorded[0] if recorded else getattr(default, f.name)
        return MkbaConfig(**values)

    # ------------------------------------------------------------------ the MKBA table

    def mkba_table(self) -> None:
        """Baten per effect, kosten per post, saldo, BKV and PM-posten per strategy."""
        r, t, g = self.report, self.t, self.g
        if self.accounts is None:
            return
        doc = r.doc
        doc.open("mkba-tabel")
        doc.h(t["mkba_table"])
        doc.p(t["mkba_table_note"].format(rate=percent(self._mkba().discount_rate)))
        rows = []

        def row(label: str, col: str, bounds=(0, math.inf)) -> None:
            cells = [label]
            for s in r.strategies:
                cells.append(fmt_ci(*mean_ci(column(self.table, col, r.by, s), bounds=bounds)))
            rows.append(cells)

        rows.append([f"**{t['benefits_head']}**", *[""] * len(r.strategies)])
        for j, (col, effect) in enumerate(zip(BENEFITS, EFFECTS, strict=True)):
            can_fall = (THEME_EFFECTS[:, j] < 0).any()  # a theme that lowers it (natuur)
            row(g["effects"][effect], col, None if can_fall else (0, math.inf))
        row(g["costs"][TRANSFER], TRANSFER, (-math.inf, 0))
        row(g["costs"][MARGIN], MARGIN, (0, math.inf))
        row(f"**{t['benefits_total']}**", "baten", SUMMARY_BOUNDS["mkba_benefits_eur"])
        rows.append([f"**{t['costs_head']}**", *[""] * len(r.strategies)])
        for col in COSTS:
            row(g["costs"][col], col)
        row(f"**{t['costs_total']}**", "kosten", SUMMARY_BOUNDS["mkba_costs_eur"])
        row(f"**{t['balance']}**", "saldo", None)
        row(t["labels"]["mkba_bcr"], "mkba_bcr", SUMMARY_BOUNDS.get("mkba_bcr"))
        rows.append([f"**{t['pm_head']}**", *[""] * len(r.strategies)])
        for col in PM:
            if col in self.table.columns:
                cells = [g["pm"][col]]
                for s in r.strategies:
                    points = 100 * column(self.table, col, r.by, s)  # on a 0-100 scale
                    cells.append(f"PM ({fmt_ci(*mean_ci(points, bounds=(-100, 100)))})")
                rows.append(cells)
        doc.table([t["post"], *(self.name(s) for s in r.strategies)], rows)
        doc.p(t["pm_note"])
        doc.close()
        self.actor_groups()
        self.variants()
        self.tornado()

    def variant_means(self) -> dict[str, dict[str, tuple]]:
        """Per valuation variant (`sim.business.mkba.VARIANTS`) and group: the NPV's mean and
        95 % interval over the runs; only the variants the runs recorded."""
        r = self.report
        return {
            v: {s: mean_ci(column(self.table, f"mkba_npv_{v}_eur", r.by, s)) for s in r.strategies}
            for v in VARIANTS
            if f"mkba_npv_{v}_eur" in self.table.columns
        }

    def variants(self) -> None:
        """The saldo per strategy under coherent other valuations, and which strategy is best
        under each."""
        r, t, g = self.report, self.t, self.g
        means = self.variant_means()
        if not means:
            return
        r.doc.h(t["variants"], 3)
        r.doc.p(t["variants_note"])
        rows = [
            [
                t["variants_base"],
                *(fmt_ci(*self.npv[s]) for s in r.strategies),
                self.name(self.best),
            ]
        ]
        for v, by in means.items():
            cells = (fmt_ci(*by[s]) for s in r.strategies)
            rows.append([g["variants"][v], *cells, self.name(highest(by))])
        r.doc.table([t["variant"], *(self.name(s) for s in r.strategies), t["variant_best"]], rows)

    def _robust(self, best: str) -> str:
        """In words: whether `best` stays best under every valuation variant."""
        t, g = self.t, self.g
        means = self.variant_means()
        if not means:
            return ""
        others = [
            t["variant_other"].format(variant=g["variants"][v], winner=self.name(highest(by)))
            for v, by in means.items()
            if highest(by) != best
        ]
        if not others:
            return t["variants_same"].format(best=self.name(best))
        return t["variants_differ"].format(best=self.name(best), others="; ".join(others))

    def _by_kind(self) -> pl.DataFrame | None:
        """Per strategy and actor kind: mean paid, benefits and net over runs, with lists."""
        r = self.report
        dist = self.frame("distribution")
        if dist is None:
            return None
        runs = r.table.select("run", pl.col(r.by).alias("strategy_group"))
        dist = dist.filter(pl.col("dimension") == "kind").join(runs, on="run")
        return dist.group_by("strategy_group", "group").agg(
            pl.col("paid_eur", "benefits_eur", "net_eur").mean(),
            pl.col("paid_eur").alias("paid_runs"),
            pl.col("benefits_eur").alias("benefits_runs"),
            pl.col("net_eur").alias("net_runs"),
        )

    def actor_groups(self) -> None:
        """Who pays and who benefits, per strategy and actor group (mean [95 % interval])."""
        r, t, g = self.report, self.t, self.g
        groups = self._by_kind()
        if groups is None:
            return
        r.doc.h(t["actor_groups"], 3)
        rows = []
        for s in r.strategies:
            for kind in (*KINDS, ELSEWHERE):
                part = groups.filter((pl.col("strategy_group") == s) & (pl.col("group") == kind))
                if part.height == 0:
                    continue
                cells = [self.name(s), g["kinds"].get(kind, kind)]
                for col in ("paid_runs", "benefits_runs", "net_runs"):
                    bounds = None if col == "net_runs" else (0, math.inf)
                    if kind == ELSEWHERE and col == "benefits_runs":
                        bounds = (-math.inf, 0)  # elsewhere loses the transfer
                    cells.append(fmt_ci(*mean_ci(part[col][0].to_list(), bounds=bounds)))
                rows.append(cells)
        r.doc.table([t["strategy"], t["kind"], t["paid"], t["benefits"], t["net"]], rows)
        r.doc.p(t["actor_groups_note"])

    def _swings(self, group: str) -> list[tuple[str, float]]:
        """The tornado's parameters for a group, largest mean swing of the NPV first."""
        tornado = self.frame("tornado", group)
        if tornado is None:
            return []
        swings = (
            tornado.group_by("parameter")
            .agg(((pl.col("npv_high") - pl.col("npv_low")).abs()).mean().alias("swing"))
            .sort("swing", descending=True)
        )
        return [(p, s) for p, s in swings.iter_rows() if s > 0]

    def tornado(self) -> None:
        """The tornado in words: each price at half and one and a half times its value, with
        the base NPV it moves from, for the strategy with the highest NPV."""
        r, t, g, best = self.report, self.t, self.g, self.best
        tornado = self.frame("tornado", best)
        if tornado is None:
            return
        means = tornado.group_by("parameter").agg(pl.col("npv_low", "npv_high", "npv_base").mean())
        order = {p: i for i, (p, _) in enumerate(self._swings(best))}
        means = means.with_columns(
            pl.col("parameter").replace_strict(order, default=len(order)).alias("order")
        ).sort("order")
        cfg = self._mkba()
        base = float(means["npv_base"][0]) if means.height else math.nan
        r.doc.h(t["tornado"].format(best=self.name(best)), 3)
        r.doc.p(t["tornado_note"].format(base=euro(base)))
        rows = []
        for p, low, high in means.select("parameter", "npv_low", "npv_high").iter_rows():
            if p == "discount_rate":
                shown = percent(cfg.discount_rate)
            else:
                value = volunteer_eur_hour(cfg) if p == "volunteer_eur_hour" else getattr(cfg, p)
                shown = euro(value)
            rows.append([g["tornado"].get(p, p), shown, euro(low), euro(high)])
        r.doc.table([t["tornado_parameter"], t["tornado_base"], t["at_half"], t["at_more"]], rows)

    # ------------------------------------------------------------------ glossary, provenance

    def woordenlijst(self) -> None:
        """The report's words, with the setting (config key) each stands for."""
        t = self.t
        self.report.doc.h(t["glossary_head"])
        rows = [[term, meaning, key] for term, meaning, key in self.g["terms"]]
        self.report.doc.table([t["term"], t["meaning"], t["setting"]], rows)

    def herkomst(self) -> None:
        """Where the numbers come from: the code's commit, the packages and the runs."""
        r, t = self.report, self.t
        commits, versions = set(), {}
        for run in r.table["run"]:
            try:
                record = json.loads((Path(r.sweep_dir) / run / "provenance.json").read_text())
            except (OSError, ValueError):
                continue
            if not isinstance(record, dict):
                continue
            commits.add(str(record.get("git_commit")))
            for package, version in (record.get("versions") or {}).items():
                versions.setdefault(package, set()).add(str(version))
        r.doc.open("herkomst")
        r.doc.h(t["provenance"])
        rows = [
            [t["provenance_folder"], Path(r.sweep_dir).resolve().name],
            [t["provenance_runs"], str(r.table.height)],
            [t["provenance_commit"], ", ".join(sorted(commits)) or "–"],
            *[[p, ", ".join(sorted(v))] for p, v in sorted(versions.items())],
        ]
        r.doc.table([t["provenance_what"], t["value"]], rows)
        r.doc.p(t["provenance_note"])
        r.doc.close()
