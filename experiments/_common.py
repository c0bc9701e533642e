"""What the experiment analyses share: loading a sweep, effects with 95 % intervals over
replications per condition, and the verdict table (Markdown and CSV).

Every analysis reads `multirun/<experiment>` (or the folder given as first argument) and
writes its figures and `verdict.md` / `verdict.csv` into `experiments/results/<experiment>/`.
"""

import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402, F401
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sim.config import Config  # noqa: E402
from sim.config.compose import CONFIG_DIR  # noqa: E402
from sim.report.report import with_value_total  # noqa: E402
from sim.report.results import scan_runs, sweep_state, write_results  # noqa: E402
from sim.report.stats import (  # noqa: E402
    corrected,
    diff_ci,
    fmt,
    holm,
    mean_ci,
    p_from_interval,
    verdict,
)

__all__ = ["diff_ci", "fmt", "mean_ci", "verdict", "scan_runs"]

#: The default wijk's number of actors, for the notes (the experiments keep it).
DEFAULT_ACTORS = f"{Config().population.n_actors:,}"

VERDICT_COLUMNS = ("condition", "effect", "estimate", "ci95_low", "ci95_high", "n", "verdict")


def sweep_dir(name: str) -> Path:
    return Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "multirun" / name


def out_dir(name: str) -> Path:
    path = ROOT / "experiments" / "results" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def stop(message: str) -> None:
    """End the analysis with one line on stderr and exit code 2 (nothing written)."""
    print(f"{Path(sys.argv[0]).name}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def factors(name: str) -> list[str]:
    """The columns an experiment's sweep varies: its `hydra.sweeper.params` keys (+ dropped)."""
    from omegaconf import OmegaConf

    config = OmegaConf.load(CONFIG_DIR / "experiment" / f"{name}.yaml")
    params = OmegaConf.select(config, "hydra.sweeper.params") or {}
    return [key.lstrip("+") for key in params]


def load(folder: Path, name: str | None = None) -> pl.DataFrame:
    """The sweep's results table (written afresh), with value_total and coordination hours.

    With the experiment's `name`, a folder that is not its sweep (missing, without complete
    runs, or without a factor the experiment varies) ends the analysis with one line."""
    run_it = f"run `uv run waardenmakerij -m +experiment={name}` first" if name else ""
    if not folder.is_dir():
        stop(f"{folder} is not a sweep folder" + (f": {run_it}" if name else ""))
    state = sweep_state(folder)
    path = write_results(folder)
    table = with_value_total(pl.read_parquet(path))
    if table.height == 0:
        stop(f"{folder} has no complete runs" + (f": {run_it}" if name else ""))
    missing = [f for f in factors(name) if f not in table.columns] if name else []
    if missing:
        stop(f"{folder} is not a {name} sweep: its runs do not vary {', '.join(missing)}; {run_it}")
    if "coordination_hours_share" in table.columns:
        table = table.with_columns(
            (pl.col("coordination_hours_share") * pl.col("hours_given")).alias("coordination_hours")
        )
    print(
        f"{folder}: {table.height} complete runs (expected {state['expected']}, "
        f"failed {len(state['failed'])})"
    )
    return table


def condition_label(row: dict, keys: list[str]) -> str:
    return ", ".join(f"{k.split('.')[-1]}={row[k]}" for k in keys) if keys else "all"


def paired(
    table: pl.DataFrame,
    arm: str,
    a,
    b,
    outcome: str,
    keys: list[str],
    pair_on: str | list[str] = "replication",
) -> list[dict]:
    """Per condition (combination of `keys`): outcome(arm=a) - outcome(arm=b), paired by
    replication (and by any other columns in `pair_on`, e.g. the factors pooled over), with
    its 95 % interval and Cohen's d."""
    rows = []
    pair_on = [pair_on] if isinstance(pair_on, str) else list(pair_on)
    for cond in table.select(keys).unique().sort(keys).iter_rows(named=True) if keys else [{}]:
        part = table
        for k, v in cond.items():
            part = part.filter(pl.col(k) == v)
        left = part.filter(pl.col(arm) == a).select(*pair_on, pl.col(outcome).alias("a"))
        right = part.filter(pl.col(arm) == b).select(*pair_on, pl.col(outcome).alias("b"))
        joined = left.join(right, on=pair_on).sort(pair_on)
        r = diff_ci(
            joined["a"].cast(pl.Float64).to_numpy(),
            joined["b"].cast(pl.Float64).to_numpy(),
            paired=True,
        )
        rows.append({"cond": cond, **r})
    return rows


def verdict_row(
    condition: str,
    effect: str,
    estimate: float,
    lo: float,
    hi: float,
    n: int,
    holds: str,
    p: float | None = None,
) -> dict:
    """One verdict: its estimate and interval, and the p-value its verdict rests on when
    that is not "no difference" (an equivalence test's, say); Holm's correction takes it."""
    return {
        "p_test": p,
        "condition": condition,
        "effect": effect,
        "estimate": estimate,
        "ci95_low": lo,
        "ci95_high": hi,
        "n": n,
        "verdict": holds,
    }


def with_holm(rows: list[dict]) -> list[dict]:
    """The rows with `p` (the row's own test, else "no difference" from its 95 % t-interval,
    `sim.report.stats.p_from_interval`), `p_holm` (Holm over every row of the table with a
    p) and `verdict_holm`: a 'holds' or 'fails' stays only when its p_holm is below 0.05. A
    row without an estimate (one that combines others of its condition, `both`) becomes
    'unclear' when a row of its condition lost its verdict to the correction."""
    p = [
        r["p_test"]
        if r.get("p_test") is not None
        else p_from_interval(r["estimate"], r["ci95_low"], r["ci95_high"], r["n"])
        for r in rows
    ]
    adjusted = holm(p)
    out = [
        {
            **r,
            "p": pi,
            "p_holm": pa,
            "verdict_holm": r["verdict"] if math.isnan(pi) else corrected(r["verdict"], pa),
        }
        for r, pi, pa in zip(rows, p, adjusted, strict=True)
    ]
    lost = {r["condition"] for r in out if r["verdict_holm"] != r["verdict"]}
    for r in out:
        if math.isnan(r["p"]) and r["condition"] in lost and r["verdict"] != "unclear":
            r["verdict_holm"] = "unclear"
    return out


def write_verdict(name: str, claim: str, rows: list[dict], notes: list[str] = ()) -> Path:
    """verdict.csv and verdict.md (the claim, the table, notes) in experiments/results/<name>,
    each verdict also after Holm's correction over the table (`with_holm`)."""
    folder = out_dir(name)
    rows = with_holm(rows)
    table = pl.DataFrame(
        [{k: v for k, v in r.items() if k != "p_test"} for r in rows],
        schema={
            "condition": pl.String,
            "effect": pl.String,
            "estimate": pl.Float64,
            "ci95_low": pl.Float64,
            "ci95_high": pl.Float64,
            "n": pl.Int64,
            "verdict": pl.String,
            "p": pl.Float64,
            "p_holm": pl.Float64,
            "verdict_holm": pl.String,
        },
    )
    table.write_csv(folder / "verdict.csv")
    lines = [
        f"# {name}",
        "",
        f"**Claim.** {claim}",
        "",
        "| condition | effect | estimate [95 % CI] | n | verdict | p (Holm) | after Holm |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        est = f"{fmt(r['estimate'])} [{fmt(r['ci95_low'])}, {fmt(r['ci95_high'])}]"
        lines.append(
            f"| {r['condition']} | {r['effect']} | {est} | {r['n']} | {r['verdict']} "
            f"| {fmt(r['p_holm'], 2)} | {r['verdict_holm']} |"
        )
    kinds = ("holds", "fails", "unclear")
    for label, col in (("Verdicts", "verdict"), ("After Holm's correction", "verdict_holm")):
        counts = {v: sum(r[col] == v for r in rows) for v in kinds}
        lines += ["", f"{label}: " + ", ".join(f"{v} {c}" for v, c in counts.items()) + "."]
    lines += [
        "",
        f"Holm's correction is over the {sum(not math.isnan(r['p']) for r in rows)} rows of this"
        " table with an estimate (p of the row's own test where it names one, else of no"
        " difference from its 95 % t-interval).",
        "",
    ]
    lines += [f"- {n}" for n in notes]
    text = "\n".join(lines) + "\n"
    (folder / "verdict.md").write_text(text)
    print(text)
    return folder / "verdict.md"


def both(*verdicts: str) -> str:
    """'holds' if all hold, 'fails' if any fails, else 'unclear'."""
    if all(v == "holds" for v in verdicts):
        return "holds"
    if any(v == "fails" for v in verdicts):
        return "fails"
    return "unclear"


def nan_to_none(x: float):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def savefig(fig, name: str, file: str) -> Path:
    path = out_dir(name) / file
    fig.savefig(path, dpi=110, bbox_inches="tight")

    plt.close(fig)
    return path


def ci_of(values) -> tuple[float, float, float, int]:
    return mean_ci(np.asarray(values, float))


CLAIM7 = (
    "Upscale-with-less (opschalen) and downscale-with-more (downscalen) each beat "
    "'everything, everyone, everywhere' (onbeheerst) — and which of the two wins depends on "
    "conditions (trust, friction, resources)."
)


def strategy_comparison(
    name: str,
    table: pl.DataFrame,
    keys: list[str],
    outcome: str = "value_total",
    pool: list[str] = (),
    figure: bool = True,
) -> list[dict]:
    """Pattern 7's verdicts per condition: each route against onbeheerst, and the winner of
    the two routes; then whether the winner changes with the conditions. Also a figure.
    `pool`: factors pooled over (the runs are then paired on them and the replication)."""

    rows, winners = [], []
    up = {
        tuple(r["cond"].values()): r
        for r in paired(
            table, "strategy", "opschalen", "onbeheerst", outcome, keys, ["replication", *pool]
        )
    }
    down = {
        tuple(r["cond"].values()): r
        for r in paired(
            table, "strategy", "downscalen", "onbeheerst", outcome, keys, ["replication", *pool]
        )
    }
    duel = {
        tuple(r["cond"].values()): r
        for r in paired(
            table, "strategy", "opschalen", "downscalen", outcome, keys, ["replication", *pool]
        )
    }
    for key, u in up.items():
        cond = condition_label(u["cond"], keys)
        d, w = down[key], duel[key]
        vu = verdict(u["lo"], u["hi"], +1)
        vd = verdict(d["lo"], d["hi"], +1)
        rows.append(
            verdict_row(
                cond, f"opschalen − onbeheerst ({outcome})", u["diff"], u["lo"], u["hi"], u["n"], vu
            )
        )
        rows.append(
            verdict_row(
                cond,
                f"downscalen − onbeheerst ({outcome})",
                d["diff"],
                d["lo"],
                d["hi"],
                d["n"],
                vd,
            )
        )
        ww = verdict(w["lo"], w["hi"], +1)
        winner = {"holds": "opschalen", "fails": "downscalen"}.get(ww, "no clear winner")
        winners.append(winner)
        rows.append(
            verdict_row(
                cond,
                f"opschalen − downscalen ({outcome}): winner",
                w["diff"],
                w["lo"],
                w["hi"],
                w["n"],
                winner,
            )
        )
        rows.append(
            verdict_row(
                cond,
                "both routes beat onbeheerst",
                math.nan,
                math.nan,
                math.nan,
                u["n"],
                both(vu, vd),
            )
        )
    clear = set(winners) - {"no clear winner"}
    # holds: each route wins somewhere; fails: one route wins wherever there is a winner;
    # unclear: no condition has a clear winner.
    depends = "holds" if len(clear) == 2 else ("fails" if clear else "unclear")
    rows.append(
        verdict_row(
            "across conditions",
            "the winning route depends on conditions",
            math.nan,
            math.nan,
            math.nan,
            len(winners),
            depends,
        )
    )

    if not figure:
        return rows
    conds = table.select(keys).unique().sort(keys).iter_rows(named=True)
    conds = list(conds)
    fig, ax = plt.subplots(figsize=(max(7, 0.9 * len(conds)), 4))
    colors = {"onbeheerst": "#b42318", "opschalen": "#1f6feb", "downscalen": "#1a7f37"}
    for j, s in enumerate(("onbeheerst", "opschalen", "downscalen")):
        for i, cond in enumerate(conds):
            part = table.filter(pl.col("strategy") == s)
            for k, v in cond.items():
                part = part.filter(pl.col(k) == v)
            m, lo, hi, _ = mean_ci(part[outcome].cast(pl.Float64).to_numpy())
            err = None if math.isnan(lo) else [[m - lo], [hi - m]]
            ax.errorbar(
                [i + (j - 1) * 0.22],
                [m],
                yerr=err,
                fmt="o",
                color=colors[s],
                capsize=3,
                label=s if i == 0 else None,
            )
    ax.set_xticks(range(len(conds)))
    ax.set_xticklabels([condition_label(c, keys).replace(", ", "\n") for c in conds], fontsize=7)
    ax.set(ylabel=f"{outcome} (mean, 95 % CI)")
    ax.legend()
    savefig(fig, name, "strategies.png")
    return rows
