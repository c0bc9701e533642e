"""The numbers of the teacher's guide (docs/teaching.md §4 and §5), from runs of the model.

    uv run python docs/teaching_numbers.py        # writes docs/teaching_numbers.md

Every table is one small sweep at the default wijk (10,000 actors) through `sim.run_many`, with
the seeds, years and strategy the guide names; it takes about ten minutes on two cores. The
guide quotes these tables, so rerun this after a change to the model and update its text
where an answer changed.
"""

import subprocess
from datetime import date
from pathlib import Path

import polars as pl

import sim

OUT = Path(__file__).with_name("teaching_numbers.md")
KINDS = ["bewoner", "ondernemer", "ambtenaar", "organisatie"]


def sweep(conditions: dict[str, list[str]], seeds, years: int) -> pl.DataFrame:
    """One summary row per (condition, seed): `conditions` maps a label to its overrides."""
    runs = [(label, seed) for label in conditions for seed in seeds]
    results = sim.run_many(
        [[*conditions[label], f"seed={seed}", f"run.years={years}"] for label, seed in runs]
    )
    return pl.concat(
        r.summary.with_columns(pl.lit(label).alias("condition"))
        for (label, _), r in zip(runs, results, strict=True)
    )


def dutch(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def euro_mln(x: float) -> str:
    """Millions of euro as Dutch text writes them: € 1,49 mln, −€ 0,16 mln."""
    return ("−" if x < 0 else "") + f"€ {dutch(abs(x) / 1e6, 2)} mln"


def table(frame: pl.DataFrame) -> str:
    """Mean (lowest–highest) of the outcomes the guide uses, one line a condition."""
    head = (
        "| conditie | gerealiseerd | gestagneerd | coördinatie-uren | eerste small win (week)"
        " | mede-eigenaren | wrijving aan het eind | MKBA netto contante waarde |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for label in frame["condition"].unique(maintain_order=True):
        f = frame.filter(pl.col("condition") == label)
        real = f["realised_cases"]
        win = f["first_win_week"].drop_nulls()
        win_text = dutch(win.mean()) if win.len() else "geen"
        if win.len() < f.height:
            win_text += f" ({f.height - win.len()} zonder)"
        rows.append(
            f"| {label} | {dutch(real.mean())} ({real.min()}–{real.max()})"
            f" | {dutch(f['stalled_cases'].mean())}"
            f" | {f['coordination_hours_share'].mean():.0%}".replace("%", " %")
            + f" | {win_text} | {f['ownership_share'].mean():.1%}".replace("%", " %").replace(
                ".", ","
            )
            + f" | {dutch(f['friction_end'].mean(), 2)}"
            f" | {euro_mln(f['mkba_npv_eur'].mean())} |"
        )
    return head + "\n".join(rows) + "\n"


def owners(frame: pl.DataFrame) -> str:
    """Who owns the value (share of all ownership by kind), a line a condition."""
    head = "| conditie | " + " | ".join(KINDS) + " |\n|---|" + "---|" * len(KINDS) + "\n"
    rows = []
    for label in frame["condition"].unique(maintain_order=True):
        f = frame.filter(pl.col("condition") == label)
        shares = [f"{f[f'ownership_share_{k}'].mean():.0%}".replace("%", " %") for k in KINDS]
        rows.append(f"| {label} | " + " | ".join(shares) + " |")
    return head + "\n".join(rows) + "\n"


def values(frame: pl.DataFrame) -> str:
    """Added value and the coordination share against the cap on themes."""
    head = (
        "| max. thema's | toegevoegde waarde | coördinatie-uren | gerealiseerd |\n"
        "|---|---|---|---|\n"
    )
    rows = []
    for label in frame["condition"].unique(maintain_order=True):
        f = frame.filter(pl.col("condition") == label)
        v = (f["value_social"] + f["value_ecological"] + f["value_economic"]).mean()
        rows.append(
            f"| {label} | € {dutch(v, 0)} | {f['coordination_hours_share'].mean():.0%} "
            f"| {dutch(f['realised_cases'].mean())} |".replace("%", " %")
        )
    return head + "\n".join(rows) + "\n"


def main() -> None:
    strategies = {s: [f"strategy={s}"] for s in ("onbeheerst", "opschalen", "downscalen")}
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    parts = [
        "# Getallen bij de handleiding (gegenereerd)\n",
        f"Door `uv run python docs/teaching_numbers.py` op {date.today().isoformat()}, commit "
        f"`{commit}`, standaardwijk (10.000 actoren). Gemiddelde (laagste–hoogste) over de "
        "seeds; `mede-eigenaren` is het aandeel actoren met eigendom.\n",
        "## Vraag 1: de drie strategieën, tien jaar, seeds 1–5\n",
        table(ten := sweep(strategies, range(1, 6), 10)),
        "Wie bezit de waarde (aandeel van al het eigendom per soort actor), tien jaar:\n",
        owners(ten),
        "## Vraag 1 en notebook 2: de drie strategieën, drie jaar, seeds 1–3\n",
        table(sweep(strategies, range(1, 4), 3)),
        "## Vraag 3 en notebook 2 §2.3: maximaal aantal thema's (onbeheerst), drie jaar,"
        " seeds 1–2\n",
        values(
            sweep(
                {str(k): ["strategy=onbeheerst", f"strategy.scope_cap={k}"] for k in range(1, 6)},
                (1, 2),
                3,
            )
        ),
        "## Vraag 4: procedurele wrijving (downscalen), tien jaar, seeds 1–5\n",
        table(
            sweep(
                {f: [f"tussenruimte.friction={f}"] for f in ("0.0", "0.5", "0.9", "1.0")},
                range(1, 6),
                10,
            )
        ),
        "## Vraag 5: de kenniskring (downscalen), tien jaar, seeds 1–5\n",
        table(
            sweep({v: [f"environment.kenniskring={v}"] for v in ("false", "true")}, range(1, 6), 10)
        ),
        "## Notebook 3 (downscalen, drie jaar, seeds 1–3) en vraag 2\n",
    ]
    notebook3 = {
        "tussenruimte.friction": ["0.0", "0.5", "0.9"],
        "population.trust": ["0.3", "0.66", "0.9"],
        "environment.kenniskring": ["false", "true"],
        "strategy.value_added_filter": ["false", "true"],
        "strategy.invitation": ["open", "network"],
        "chains.outsourced_share": ["0.0", "0.5", "1.0"],
    }
    for key, options in notebook3.items():
        parts += [f"`{key}`:\n", table(sweep({v: [f"{key}={v}"] for v in options}, (1, 2, 3), 3))]
    OUT.write_text("\n".join(parts))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
