"""Robust strategies (issue 18, item 2): the strategy knobs searched with EMA's many-objective
robust optimisation over the uncertain parameters.

    uv run python experiments/robust_strategy.py                       # the full search
    uv run python experiments/robust_strategy.py --smoke               # 300-actor check, ~2 min

Each candidate policy (scope cap, team-size cap, the value-added filter, invitation, scale
of cases, procurement route: `sim.ema.LEVERS`) runs in the same `--scenarios` scenarios of
the uncertain parameters (ODD Appendix B), `--replications` seeds each (their mean). Its
robustness is, over the scenarios, the 10th percentile (the bad case) of realised cases, of
the share of actors who own part of what was realised, of the capital balance and of the
MKBA's net present value, all maximised (epsilon-NSGA-II, `--nfe` evaluations; its first
population of 100 policies is evaluated whatever `--nfe`, so the smoke check still makes 300
tiny runs). The categorical and switch levers are coded as integers (`sim.ema`,
`coded_levers`) and decoded in the output. Writes the robust set and the convergence to
`experiments/results/robust_strategy/` (`--smoke`: `smoke*.csv`, not a result).
"""

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT = ROOT / "experiments" / "results" / "robust_strategy"


def p10(values: np.ndarray) -> float:
    """The 10th percentile over the scenarios: how a policy does in a bad case."""
    return float(np.percentile(values, 10))


#: (objective, the reduced outcome it reads, epsilon).
OBJECTIVES = [
    ("realised_cases_p10", "realised_cases_mean", 5.0),
    ("ownership_share_p10", "ownership_share_mean", 0.01),
    ("capital_balance_p10", "capital_balance_mean", 0.01),
    ("mkba_npv_eur_p10", "mkba_npv_eur_mean", 250_000.0),
]


def decode_front(front):
    """The robust set with each coded lever as the value it stands for, dotted keys."""
    from sim.ema import LEVERS, choices, key, name

    front = front.copy()
    for k, spec in LEVERS.items():
        options = choices(spec)
        if options is not None and name(k) in front.columns:
            front[name(k)] = [options[int(v)] for v in front[name(k)]]
    return front.rename(columns={c: key(c) for c in front.columns if "__" in c})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=20)
    parser.add_argument("--replications", type=int, default=2)
    parser.add_argument("--nfe", type=int, default=2000)
    parser.add_argument("--years", type=float, default=6)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--smoke", action="store_true", help="a tiny wijk, a few evaluations")
    args = parser.parse_args()

    from ema_workbench import ScalarOutcome, SequentialEvaluator
    from ema_workbench.em_framework.samplers import LHSSampler

    from sim.ema import MultiprocessingEvaluator, ema_model

    overrides = [f"run.years={args.years}"]
    if args.smoke:
        overrides = ["population.n_actors=300", "run.years=0.2"]
        args.scenarios, args.replications, args.nfe = 3, 1, 12
    model = ema_model(
        replications=args.replications, overrides=overrides, reduce=np.mean, coded_levers=True
    )
    scenarios = LHSSampler().generate_samples(model.uncertainties, args.scenarios, rng=args.seed)
    robustness = [
        ScalarOutcome(name, kind=ScalarOutcome.MAXIMIZE, variable_name=outcome, function=p10)
        for name, outcome, _ in OBJECTIVES
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    name = "smoke" if args.smoke else "front"
    evaluator = SequentialEvaluator(model) if args.smoke else MultiprocessingEvaluator(model)
    with evaluator:
        front, convergence = evaluator.robust_optimize(
            robustness,
            scenarios,
            nfe=args.nfe,
            epsilons=[eps for *_, eps in OBJECTIVES],
            rng=args.seed,
            filename=f"{name}_archives.tar.gz",  # EMA keeps the archive of each generation
            directory=str(OUT),
        )
    front = decode_front(front)
    front.to_csv(OUT / f"{name}.csv", index=False)
    convergence.to_csv(OUT / f"{name}_convergence.csv", index=False)
    print(f"{len(front)} robust policies: {OUT / f'{name}.csv'}")
    print(front.to_string(max_cols=20))


if __name__ == "__main__":
    main()
