"""Profile the weekly step with pyinstrument: where a week's time goes, phase by phase.

    uv run python benchmarks/profile_week.py [--actors 100000] [--weeks 520]
    uv run python benchmarks/profile_week.py --tree /tmp/before --label before   # another checkout

The model is built outside the profile; the profile covers `--weeks` weekly steps. `--tree`
profiles the code of another checkout (e.g. a `git worktree` of the commit before the speed
work), with this checkout's venv: the sizes are given as plain overrides that old configs
know (actors, buurten, wijken, percelen a buurt at the city's density). Prints the phases of
`WaardenModel.step` and their heaviest calls, writes them to
benchmarks/profile_<label>_<actors>.csv and the full text profile to
benchmarks/profiles/<label>_<actors>.txt.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

from _common import CITY_ACTORS, CITY_BUURTEN, CITY_WIJKEN, HERE, ROOT, emit

CHILD = r"""
import json, sys, time
tree, actors, weeks, overrides = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
sys.path.insert(0, tree)
from sim.api import compose_config, to_config
from sim.model import WaardenModel
from pyinstrument import Profiler
model = WaardenModel(to_config(compose_config(overrides)), mesa_space=False)
profiler = Profiler(interval=0.001)
start = time.perf_counter()
profiler.start()
for _ in range(weeks):
    model.step()
profiler.stop()
took = time.perf_counter() - start
root = profiler.last_session.root_frame()

steps = []  # the step may sit under more than one call path (Mesa's event scheduling)


def find(frame):
    if frame.function == "step" and (frame.file_path or "").endswith("sim/model.py"):
        steps.append(frame)
        return
    for child in frame.children:
        find(child)


find(root)
phases, calls = {}, {}
for step in steps:
    for phase in step.children:
        phases[phase.function] = phases.get(phase.function, 0.0) + phase.time
        mine = calls.setdefault(phase.function, {})
        for call in phase.children:
            mine[call.function] = mine.get(call.function, 0.0) + call.time
rows = []
for name, seconds in sorted(phases.items(), key=lambda kv: -kv[1]):
    rows.append({"phase": name, "call": "", "s": seconds})
    for call, t in sorted(calls[name].items(), key=lambda kv: -kv[1])[:4]:
        if t >= 0.1 * seconds and t >= 0.005 * sum(phases.values()):
            rows.append({"phase": name, "call": "(own code)" if call == "[self]" else call, "s": t})
step_time = sum(s.time for s in steps)
text = profiler.output_text(unicode=True, color=False)
print(json.dumps({"step_s": step_time, "wall_s": took, "weeks": weeks, "rows": rows, "text": text}))
"""


def overrides_for(actors: int, tree: str) -> list[str]:
    buurten = max(1, round(actors * CITY_BUURTEN / CITY_ACTORS))
    wijken = max(1, round(buurten * CITY_WIJKEN / CITY_BUURTEN))
    # Configs before the four-level places had buurten_per_wijk instead of n_buurten.
    config = Path(tree) / "sim" / "config.py"  # a package, sim/config/, since issue 12
    old = config.is_file() and "n_buurten" not in config.read_text()
    per_wijk = max(1, round(buurten / wijken))
    return [
        f"population.n_actors={actors}",
        f"environment.n_wijken={wijken}",
        f"environment.buurten_per_wijk={per_wijk}" if old else f"environment.n_buurten={buurten}",
        "environment.parcels_per_buurt=60",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--tree", default=str(ROOT), help="checkout whose sim/ is profiled")
    parser.add_argument("--label", default="now")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tree = str(Path(args.tree).resolve())
    overrides = [*overrides_for(args.actors, tree), f"run.years={args.weeks / 52}"]
    overrides.append(f"seed={args.seed}")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, tree, str(args.actors), str(args.weeks), *overrides],
        capture_output=True,
        text=True,
        cwd=tree,
        env={"PYTHONPATH": tree, "PATH": "/usr/bin:/bin"},
    )
    if out.returncode:
        sys.exit(out.stderr)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    step_s, weeks = result["step_s"], result["weeks"]
    rows = [
        {
            "phase": r["phase"],
            "call": r["call"],
            "ms_per_week": round(1000 * r["s"] / weeks, 2),
            "pct_of_step": round(100 * r["s"] / step_s, 1),
        }
        for r in result["rows"]
    ]
    name = f"profile_{args.label}_{args.actors}"
    emit(
        rows,
        name,
        f"{args.label}: {tree}, {args.actors:,} actors, {weeks} weeks, "
        f"{1000 * step_s / weeks:.1f} ms/week under the profiler",
    )
    folder = HERE / "profiles"
    folder.mkdir(exist_ok=True)
    (folder / f"{args.label}_{args.actors}.txt").write_text(result["text"])


if __name__ == "__main__":
    main()
