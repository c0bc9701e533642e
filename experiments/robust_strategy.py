"""Robust strategies (issue 18, item 2): the strategy knobs searched with EMA's many-objective
robust optimisation over the uncertain parameters.

    uv run python experiments/robust_strategy.py                       # the full search
    uv run python experiments/robust_strategy.py --smoke               # 300-actor check, ~2 min
    uv run python experiments/robust_strategy.py --analyse             # the robust set read

Each candidate policy (scope cap, team-size cap, the value-added filter, invitation, scale
of cases, procurement route: `sim.ema.LEVERS`) runs in the same `--scenarios` scenarios of
the uncertain parameters (ODD Appendix B), `--replications` seeds each (their mean). Its
robustness is, over the scenarios, the 10th percentile (the bad case) of realised cases, of
the share of actors who own part of what was realised, of the capital balance and of the
MKBA's net present value, all maximised (epsilon-NSGA-II, `--nfe` evaluations; its first
population of 100 policies is evaluated whatever `--nfe`, so the smoke check still makes 300
tiny runs). The categorical and switch levers are coded as integers (`sim.ema`,
`coded_levers`) and decoded in the output. Writes the robust set and the convergence to
`experiments/results/robust_strategy/` (`--smoke`: into its `smoke/` folder, not a result).

`--analyse` (also run after a search) reads the robust set back, runs each of its policies
in the same scenarios again (one replication: `reevaluated.csv`) and writes what a policy
team reads: `robust_set.png` (each policy's four bad-case outcomes side by side, scaled
between the worst and best of the set), `feature_scores.csv` (which uncertainties and levers
move each outcome: EMA's extra-trees feature scoring), `prim.json` (PRIM: the scenarios in
which the robust policies lose money) and `robust_strategy.md`, the trade-offs in words.
"""

import argparse
import json
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
    parser.add_argument("--actors", type=int, default=None, help="population.n_actors")
    parser.add_argument("--smoke", action="store_true", help="a tiny wijk, a few evaluations")
    parser.add_argument("--analyse", action="store_true", help="only read the robust set")
    args = parser.parse_args()
    if args.analyse:
        analyse(args)
        return

    from ema_workbench import ScalarOutcome, SequentialEvaluator
    from ema_workbench.em_framework.samplers import LHSSampler

    from sim.ema import MultiprocessingEvaluator, ema_model, score_each_policy_on_its_own

    score_each_policy_on_its_own()  # EMA 3.0.0 scores every policy on the whole generation
    if args.smoke:
        args.actors, args.years = 300, 0.2
        args.scenarios, args.replications, args.nfe = 3, 1, 12
    overrides = constants(args)
    model = ema_model(
        replications=args.replications, overrides=overrides, reduce=np.mean, coded_levers=True
    )
    scenarios = LHSSampler().generate_samples(model.uncertainties, args.scenarios, rng=args.seed)
    robustness = [
        ScalarOutcome(name, kind=ScalarOutcome.MAXIMIZE, variable_name=outcome, function=p10)
        for name, outcome, _ in OBJECTIVES
    ]
    out = folder(args)
    out.mkdir(parents=True, exist_ok=True)
    name = "front"
    evaluator = SequentialEvaluator(model) if args.smoke else MultiprocessingEvaluator(model)
    with evaluator:
        front, convergence = evaluator.robust_optimize(
            robustness,
            scenarios,
            nfe=args.nfe,
            epsilons=[eps for *_, eps in OBJECTIVES],
            rng=args.seed,
            filename=f"{name}_archives.tar.gz",  # EMA keeps the archive of each generation
            directory=str(out),
        )
    front.to_csv(out / f"{name}_coded.csv", index=False)
    decode_front(front).to_csv(out / f"{name}.csv", index=False)
    convergence.to_csv(out / f"{name}_convergence.csv", index=False)
    (out / f"{name}_settings.json").write_text(json.dumps(vars(args), indent=1))
    print(f"{len(front)} robust policies: {out / f'{name}.csv'}")
    analyse(args)


def folder(args) -> Path:
    """Where a search and its analysis write: the results folder, or its `smoke/`."""
    return OUT / "smoke" if args.smoke else OUT


def constants(args) -> list[str]:
    """The overrides every experiment of the search shares."""
    out = [f"run.years={args.years}"]
    return out + ([f"population.n_actors={args.actors}"] if args.actors else [])


def policy_label(row, levers) -> str:
    """A policy in words: its lever values, short."""
    from sim.ema import name

    parts = []
    for k in levers:
        v = row[name(k)] if name(k) in row else row[k]
        parts.append(f"{k.split('.')[-1]}={v}")
    return ", ".join(parts)


def analyse(args) -> None:
    """Re-evaluate the robust set in the search's scenarios; figure, feature scores, PRIM and
    the trade-offs in words (`robust_strategy.md`)."""
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    from ema_workbench import Sample, SequentialEvaluator
    from ema_workbench.analysis import feature_scoring
    from ema_workbench.em_framework.samplers import LHSSampler

    from sim.ema import LEVERS, SUMMARY, MultiprocessingEvaluator, ema_model, name

    warnings.filterwarnings("ignore")
    out = folder(args)
    settings = json.loads((out / "front_settings.json").read_text())
    args = argparse.Namespace(**{**vars(args), **settings, "analyse": True})
    coded = pd.read_csv(out / "front_coded.csv")
    front = decode_front(coded)
    objectives = [o for o, *_ in OBJECTIVES]
    lever_names = [name(k) for k in LEVERS]
    model = ema_model(replications=1, overrides=constants(args), reduce=np.mean, coded_levers=True)
    scenarios = LHSSampler().generate_samples(model.uncertainties, args.scenarios, rng=args.seed)
    policies = [
        Sample(f"robust_{i}", **{n: int(row[n]) for n in lever_names})
        for i, row in coded.iterrows()
    ]
    evaluator = SequentialEvaluator(model) if args.smoke else MultiprocessingEvaluator(model)
    with evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios, policies)
    table = experiments.copy()
    for outcome, values in outcomes.items():
        if np.ndim(values) == 1:
            table[outcome] = values
    table.to_csv(out / "reevaluated.csv", index=False)

    # Which uncertainties and levers move each outcome (extra trees, EMA).
    uncertain = [u.name for u in model.uncertainties]
    x = experiments[uncertain + lever_names]
    scalar = {k: v for k, v in outcomes.items() if k.removesuffix("_mean") in SUMMARY}
    scalar = {k: np.nan_to_num(np.asarray(v, float)) for k, v in scalar.items()}
    scalar = {k: v for k, v in scalar.items() if np.ptp(v) > 0}  # a constant has no scores
    scores = feature_scoring.get_feature_scores_all(x, scalar) if scalar else pd.DataFrame()
    scores.to_csv(out / "feature_scores.csv")

    # PRIM: in which scenarios do the robust policies lose money?
    loses = np.asarray(outcomes["mkba_npv_eur_mean"], float) < 0
    prim_result = None
    if 0 < loses.sum() < len(loses):
        from ema_workbench.analysis import prim

        box = prim.Prim(experiments[uncertain], loses).find_box()
        traj = box.peeling_trajectory
        ok = traj[traj["coverage"] >= 0.5]
        i = int(ok["density"].idxmax()) if len(ok) else 0
        box.select(i)
        lims = box.box_lims[i]
        restricted = {
            c: [float(lims[c][0]), float(lims[c][1])]
            for c in uncertain
            if lims[c][0] > experiments[c].min() + 1e-12
            or lims[c][1] < experiments[c].max() - 1e-12
        }
        prim_result = {
            "share_losing": float(loses.mean()),
            "coverage": float(traj.loc[i, "coverage"]),
            "density": float(traj.loc[i, "density"]),
            "box": restricted,
        }
    (out / "prim.json").write_text(json.dumps(prim_result, indent=1))

    # The robust set: each policy's bad-case outcomes, scaled within the set.
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.45 * len(front)))
    values = front[objectives].to_numpy(float)
    span = np.ptp(values, axis=0)
    scaled = (values - values.min(axis=0)) / np.where(span > 0, span, 1)
    im = ax.imshow(scaled, cmap="viridis", aspect="auto", vmin=0, vmax=1)
    for (r, c), v in np.ndenumerate(values):
        ax.text(
            c,
            r,
            f"{v:,.3g}",
            ha="center",
            va="center",
            color="w" if scaled[r, c] < 0.5 else "k",
            fontsize=8,
        )
    ax.set_xticks(
        range(len(objectives)),
        ["realised cases", "ownership share", "capital balance", "NPV (euro)"],
    )
    ax.set_yticks(
        range(len(front)),
        [f"{i}: {policy_label(row, LEVERS)}" for i, row in front.iterrows()],
        fontsize=7,
    )
    ax.set_title("Robust set: 10th percentile over scenarios (brighter is better)")
    fig.colorbar(im, ax=ax, label="worst to best in the set")
    fig.savefig(out / "robust_set.png", dpi=110, bbox_inches="tight")
    plt.close(fig)

    (out / "robust_strategy.md").write_text(
        words(args, front, objectives, scores, prim_result, table)
    )
    print(f"analysis: {out / 'robust_strategy.md'}")


def words(args, front, objectives, scores, prim_result, table) -> str:
    """The robust set and its trade-offs in words."""
    from sim.ema import LEVERS

    labels = {
        "realised_cases_p10": "realised cases",
        "ownership_share_p10": "ownership share",
        "capital_balance_p10": "capital balance",
        "mkba_npv_eur_p10": "NPV against the nulalternatief (euro)",
    }
    lines = [
        "# Robust strategies (issue 18, item 2)",
        "",
        f"Search: epsilon-NSGA-II, {args.nfe} evaluations, {args.scenarios} LHS scenarios of "
        f"the uncertain parameters, {args.replications} replication(s) each, "
        f"{args.years} years, {args.actors or 'default'} actors (seed {args.seed}). "
        "Robustness of a policy: the 10th percentile over the scenarios of each outcome "
        "(the bad case), all four maximised.",
        "",
        f"## The robust set ({len(front)} policies)",
        "",
        "| # | "
        + " | ".join(k for k in LEVERS)
        + " | "
        + " | ".join(labels[o] for o in objectives)
        + " |",
        "|" + "---|" * (1 + len(LEVERS) + len(objectives)),
    ]
    for i, row in front.iterrows():
        cells = [str(row[k]) for k in LEVERS] + [f"{row[o]:,.4g}" for o in objectives]
        lines.append(f"| {i} | " + " | ".join(cells) + " |")
    lines += ["", "## Trade-offs", ""]
    for o in objectives:
        best = front[o].idxmax()
        others = ", ".join(f"{labels[p]} {front.loc[best, p]:,.3g}" for p in objectives if p != o)
        lines.append(
            f"- Best bad case for **{labels[o]}** ({front.loc[best, o]:,.4g}): policy {best} "
            f"({policy_label(front.loc[best], LEVERS)}); its other bad cases: {others}."
        )
    corr = front[objectives].corr(method="spearman")
    pairs = [
        (labels[a], labels[b], corr.loc[a, b])
        for j, a in enumerate(objectives)
        for b in objectives[j + 1 :]
        if not np.isnan(corr.loc[a, b])
    ]
    lines += ["", "Rank correlations within the robust set (negative: a trade-off):", ""]
    lines += [f"- {a} and {b}: {r:+.2f}" for a, b, r in pairs]
    check = []
    for i, row in front.iterrows():  # the re-evaluation reproduces the search's bad cases
        part = table[table["policy"] == f"robust_{i}"]
        for o, outcome, _ in OBJECTIVES:
            again = p10(part[outcome].to_numpy(float))
            check.append(abs(again - row[o]) <= 1e-9 * max(1.0, abs(row[o])))
    lines += [
        "",
        f"Re-evaluated in the same scenarios and seeds, {sum(check)} of {len(check)} bad cases "
        "equal the search's.",
    ]
    lines += ["", "## What decides the outcome (feature scores, re-evaluated set)", ""]
    for col in scores.columns:
        top = scores[col].sort_values(ascending=False).head(3)
        lines.append(
            f"- {col}: " + ", ".join(f"{k.replace('__', '.')} {v:.2f}" for k, v in top.items())
        )
    lines += ["", "## Where the robust policies lose money (PRIM)", ""]
    if prim_result is None:
        lines.append("PRIM not run: the re-evaluated policies lose money in all or no scenarios.")
    else:
        box = "; ".join(
            f"{k.replace('__', '.')} in [{lo:.3g}, {hi:.3g}]"
            for k, (lo, hi) in prim_result["box"].items()
        )
        lines.append(
            f"{prim_result['share_losing']:.0%} of the re-evaluated experiments have a negative "
            f"NPV. The box {box or '(no restriction)'} holds {prim_result['coverage']:.0%} of "
            f"them, {prim_result['density']:.0%} of the experiments in it lose money."
        )
    lines += [
        "",
        "Files: front.csv (the robust set), front_convergence.csv, reevaluated.csv, "
        "feature_scores.csv, prim.json, robust_set.png.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
