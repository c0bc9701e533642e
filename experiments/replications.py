"""How many replications an experiment needs: the coefficient of variation of each output
against the number of replications (variance stabilisation, Lorscheid, Heine & Meyer 2012).

    uv run waardenmakerij -m +experiment=<name> <one condition> +replication='range(0,30)' \\
        hydra.sweep.dir=multirun/<name>_pilot
    uv run python experiments/replications.py multirun/<name>_pilot --outputs realised_cases ...

For each output y and n = 2 .. R replications of the pilot's condition, CV(n) = sd / |mean|
of the first n replications (in replication order). The recommended count is the smallest n
from which the CV changes by at most the criterion E (`--criterion`, 0.05 by default: five
hundredths of a standard deviation per mean) with every further replication, up to R. An
output whose mean is about zero has no meaningful CV and is reported as such. The table is
printed and written to `experiments/results/<name>/replications.md`.
"""

import argparse
from pathlib import Path

import numpy as np
import polars as pl
from _common import load, out_dir


def cv_curve(values: np.ndarray) -> np.ndarray:
    """CV(n) of the first n values, n = 2 .. len(values) (NaN where the mean is about 0).

    >>> cv_curve(np.array([1.0, 3.0, 2.0])).round(3).tolist()
    [0.707, 0.5]
    """
    n = np.arange(2, len(values) + 1)
    csum, csq = np.cumsum(values)[1:], np.cumsum(values**2)[1:]
    mean = csum / n
    var = np.maximum(csq - n * mean**2, 0.0) / (n - 1)
    scale = np.abs(values).mean() if len(values) else 0.0
    small = np.abs(mean) <= 1e-9 * max(scale, 1e-300)
    return np.where(small, np.nan, np.sqrt(var) / np.where(small, 1.0, np.abs(mean)))


def stable_from(cv: np.ndarray, criterion: float) -> int | None:
    """The smallest n from which every further replication changes CV by at most
    `criterion` (None: it never settles within the pilot).

    >>> stable_from(np.array([0.9, 0.5, 0.52, 0.51, 0.51]), 0.05)
    3
    """
    if len(cv) < 2 or np.isnan(cv).any():
        return None
    change = np.abs(np.diff(cv))  # change[k]: from n = k + 2 to n = k + 3
    late = np.flatnonzero(change > criterion)
    first = 0 if len(late) == 0 else late[-1] + 1
    if first >= len(change):
        return None
    return int(first + 2)


def table_for(runs: pl.DataFrame, outputs: list[str], criterion: float) -> list[dict]:
    order = "replication" if "replication" in runs.columns else "run"
    runs = runs.sort(order)
    rows = []
    for name in outputs:
        values = runs[name].cast(pl.Float64).to_numpy()
        cv = cv_curve(values)
        n = stable_from(cv, criterion)
        rows.append(
            {
                "output": name,
                "mean": float(values.mean()),
                "sd": float(values.std(ddof=1)),
                "cv_at_5": float(cv[3]) if len(cv) > 3 else float("nan"),
                "cv_at_all": float(cv[-1]) if len(cv) else float("nan"),
                "replications_needed": n,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--outputs", nargs="+", required=True)
    parser.add_argument("--criterion", type=float, default=0.05)
    parser.add_argument("--name", help="experiment name for the results folder")
    args = parser.parse_args()
    runs = load(args.folder)
    rows = table_for(runs, args.outputs, args.criterion)
    name = args.name or args.folder.name.removesuffix("_pilot")
    lines = [
        f"# Replications for {name}",
        "",
        f"Pilot: `{args.folder}`, {runs.height} replications of one condition; criterion "
        f"E = {args.criterion} (Lorscheid, Heine & Meyer 2012): the count from which the "
        "coefficient of variation changes by at most E with each further replication.",
        "",
        "| output | mean | sd | CV at 5 | CV at all | replications needed |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        need = r["replications_needed"]
        shown = "not settled in the pilot" if need is None else str(need)
        lines.append(
            f"| `{r['output']}` | {r['mean']:.4g} | {r['sd']:.3g} | {r['cv_at_5']:.3f} | "
            f"{r['cv_at_all']:.3f} | {shown} |"
        )
    path = out_dir(name) / "replications.md"
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
