"""Engine against the hardware floor: a week in sparse matrix-vector products.

    uv run python benchmarks/floor.py [--sizes 100000 300000 1093567] [--weeks 520]

The least work a week can do is one pass over the network. This times one product of the
model's adjacency matrix (CSR, float32, int32 indices, as built) with a float32 vector --
the cheapest such pass, so the strictest floor -- as the minimum of many repeats, and a
week as the mean over a run of `--weeks` weekly steps (ten years by default: weeks get
dearer as chains accumulate), the minimum over `--repeats` runs. Goal: a week costs at most
20 products at 100,000 actors and above. Sizes are at the city's density
(benchmarks/_common.py); 1,093,567 is environment=amsterdam itself.
"""

import argparse
import time

import numpy as np
from _common import city_overrides, config, emit, load

from sim.model import WaardenModel

GOAL = 20.0


def spmv_seconds(adjacency, repeats: int = 50) -> tuple[float, float]:
    """Minimum seconds of one product with a float32 and with a float64 vector."""
    rng = np.random.default_rng(0)
    out = []
    for dtype in (np.float32, np.float64):
        x = rng.random(adjacency.shape[1]).astype(dtype)
        adjacency @ x  # warm up
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            adjacency @ x
            best = min(best, time.perf_counter() - start)
        out.append(best)
    return out[0], out[1]


def week_seconds(n_actors: int, weeks: int, seed: int) -> tuple[float, float, WaardenModel]:
    """Mean seconds a week over a run of `weeks` weeks (Mesa agents off: arrays only)."""
    cfg = config([*city_overrides(n_actors), f"run.years={weeks / 52}", f"seed={seed}"])
    model = WaardenModel(cfg, mesa_space=False)
    start = time.perf_counter()
    model.run()
    took = time.perf_counter() - start
    return took / model.week, load(), model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_093_567])
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--repeats", type=int, default=2, help="below 1,000,000 actors")
    parser.add_argument("--large-repeats", type=int, default=1, help="from 1,000,000 actors")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        best, best_load, model = float("inf"), 0.0, None
        for _ in range(args.repeats if n < 1_000_000 else args.large_repeats):
            took, took_load, model = week_seconds(n, args.weeks, args.seed)
            if took < best:
                best, best_load = took, took_load
        spmv32, spmv64 = spmv_seconds(model.adjacency)
        rows.append(
            {
                "actors": n,
                "ties_nnz": model.adjacency.nnz,
                "weeks": args.weeks,
                "week_ms": round(1000 * best, 2),
                "spmv_f32_ms": round(1000 * spmv32, 3),
                "spmv_f64_ms": round(1000 * spmv64, 3),
                "week_in_spmv": round(best / spmv32, 1),
                "goal": f"<= {GOAL:g}",
                "met": bool(best / spmv32 <= GOAL),
                "load": best_load,
                "spmv_load": load(),
            }
        )
        print(rows[-1], flush=True)
        del model
    emit(
        rows,
        "floor",
        f"week = mean over {args.weeks} weeks, minimum of {args.repeats} runs "
        f"({args.large_repeats} from 1,000,000 actors); spmv = minimum of 50 products A @ x "
        "(A float32 CSR as built; f32 vector = the floor used)",
    )


if __name__ == "__main__":
    main()
