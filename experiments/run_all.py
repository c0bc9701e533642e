"""Run every experiment end to end, timed: the sweep, then its analysis.

    uv run python experiments/run_all.py [name ...] [--fresh]

For each experiment (all of `configs/experiment/` but `defaults`, by default) this runs
`waardenmakerij -m +experiment=<name>` (joblib, all local cores; complete runs are skipped, so
an interrupted call can be repeated), then `experiments/<name>.py`, and writes
`experiments/results/wall_times.md`: the command, the wall time of the sweep and of the
analysis, the runs, and the verdict counts of each. `--fresh` deletes `multirun/<name>` first
(needed after a model change: resume compares configs, not code).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENTS = [
    p.stem
    for p in sorted((ROOT / "configs" / "experiment").glob("*.yaml"))
    if not p.stem.startswith("_") and p.stem != "defaults"
]


def timed(command: list[str]) -> float:
    """Run a command from the project's root; its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.perf_counter() - start


def verdict_counts(name: str) -> str:
    """The 'Verdicts: ...' line of the experiment's verdict.md, or its first heading line."""
    results = ROOT / "experiments" / "results" / name
    for path in (results / "verdict.md", *sorted(results.glob("*.md"))):
        if path.is_file():
            found = re.search(r"^Verdicts: (.*)$", path.read_text(), re.M)
            if found:
                return found.group(1).rstrip(".")
    return "see experiments/results/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=EXPERIMENTS, help=", ".join(EXPERIMENTS))
    parser.add_argument("--fresh", action="store_true", help="delete multirun/<name> first")
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(EXPERIMENTS))
    if unknown:
        parser.error(f"unknown experiment {unknown[0]!r}: use one of {', '.join(EXPERIMENTS)}")
    load = os.getloadavg()[0]
    rows = []
    for name in args.names:
        if args.fresh:
            shutil.rmtree(ROOT / "multirun" / name, ignore_errors=True)
        sweep = ["waardenmakerij", "-m", f"+experiment={name}"]
        seconds = timed([sys.executable, "-m", "sim", *sweep[1:]])
        analysis = timed([sys.executable, f"experiments/{name}.py"])
        runs = len(list((ROOT / "multirun" / name).glob("*/summary.parquet")))
        rows.append(
            f"| `uv run {' '.join(sweep)}` | {runs} | {seconds:.0f} | {analysis:.0f} "
            f"| {verdict_counts(name)} |"
        )
        print(rows[-1], flush=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Wall times of the experiments",
        "",
        f"`uv run python experiments/run_all.py --fresh` at commit {commit}, "
        f"{os.cpu_count()} cores (joblib, one worker a core), load average before: "
        f"{load:.2f}.",
        "",
        "| sweep command | runs | sweep (s) | analysis (s) | verdicts |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ]
    out = ROOT / "experiments" / "results" / "wall_times.md"
    out.write_text("\n".join(lines))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
