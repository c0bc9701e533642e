"""The engine reduced to classic models gives their known answers (docs/validation.md).

Small, fast versions of experiments/validation/: Granovetter's riot exactly, Watts's cascade
window qualitatively at N = 1,000, Santos et al.'s public goods game qualitatively at
N = 500, and the limits of the full model at a small wijk.
"""

import numpy as np
import pytest
from helpers import ACTIVE

from sim import reductions as R
from sim.api import CONFIG_DIR, compose_config, to_config
from sim.chains import pledging
from sim.config import KINDS

REDUCTIONS = sorted(p.stem for p in (CONFIG_DIR / "reduction").glob("*.yaml"))


def test_every_reduction_config_composes():
    assert {"granovetter", "watts", "santos", "limit_frictionless"} <= set(REDUCTIONS)
    for name in REDUCTIONS:
        cfg = R.reduction_config(name)
        if not name.startswith("limit_"):
            assert cfg.population.heterogeneity is False
            assert cfg.population.trust == 1.0
    # usable from the command line's Hydra syntax, after other overrides
    cfg = to_config(compose_config(["strategy=onbeheerst", "+reduction=limit_frictionless"]))
    assert cfg.chains.coordination_hours == 0 and cfg.tussenruimte.friction == 0


# ---------------------------------------------------------------- Granovetter (1978)


def _riot_on_own_network(thresholds):
    model = R.build(R.reduction_config("granovetter"))
    assert (model.degree == 99).all()  # the config's own network is the complete graph
    model.actors.threshold[:] = thresholds
    R.seed_cases(model, [int(np.argmin(thresholds))])
    return R.spread(model)


def test_granovetter_uniform_thresholds_everyone_joins():
    sizes = _riot_on_own_network(np.arange(100.0))
    assert sizes[-1] == 100
    assert np.array_equal(sizes[:-1], np.arange(1, 101))  # one more each week


def test_granovetter_raising_threshold_one_stops_the_riot():
    thresholds = np.arange(100.0)
    thresholds[1] = 2.0
    assert _riot_on_own_network(thresholds)[-1] == 1


def test_granovetter_engine_equals_the_recursion_on_random_crowds():
    """For every drawn crowd, the engine ends where r <- #{threshold <= r} from 0 ends."""
    rng = np.random.default_rng(5)
    sd = rng.uniform(5, 25, 40)
    crowds = rng.normal(25, sd[:, None], (40, 100))
    engine = R.granovetter(crowds)
    for th, got in zip(crowds, engine, strict=True):
        r = 0
        while (new := int(np.sum(th <= r))) != r:
            r = new
        assert got == r


def test_granovetter_participation_jumps_with_the_spread():
    rng = np.random.default_rng(6)
    narrow = R.granovetter(rng.normal(25, 5, (30, 100))).mean()
    wide = R.granovetter(rng.normal(25, 20, (30, 100))).mean()
    assert narrow < 5 and wide > 90
    assert R.granovetter_equilibrium(_normal_cdf(12.0), 100) < 10
    assert R.granovetter_equilibrium(_normal_cdf(12.5), 100) > 90


def _normal_cdf(sd):
    from scipy.stats import norm

    return lambda r: norm.cdf(r, 25, sd)


# ---------------------------------------------------------------- Watts (2002)


def test_watts_analytic_window():
    lo, hi = R.watts_window(0.18)
    assert lo == pytest.approx(1.02, abs=0.01)
    assert hi == pytest.approx(5.76, abs=0.01)


def test_watts_cascades_inside_the_window_not_outside():
    n, trials = 1000, 30
    rng = np.random.default_rng(2002)
    model = R.build(R.reduction_config("watts", [f"population.n_actors={n * trials}"]))
    freq = {}
    for z in (0.5, 3.0, 10.0):
        sizes, _ = R.watts(model, n, z, rng)
        freq[z] = np.mean(sizes >= 0.05 * n)
    assert freq[3.0] >= 0.5
    assert freq[0.5] <= 0.1 and freq[10.0] <= 0.1


def test_watts_single_cascade_follows_the_fractional_rule():
    """After a cascade, every non-member has fewer than phi of its ties in the chain, and
    every member but the seed had at least phi of its ties in when it joined (checked at
    the end: members never leave)."""
    rng = np.random.default_rng(3)
    model = R.build(R.reduction_config("watts", ["population.n_actors=2000"]))
    R.set_network(model, R.poisson_graph(2000, 3.0, rng))
    seed = int(np.argmax(model.degree == 2))
    R.seed_cases(model, [seed])
    R.spread(model)
    member = np.zeros(2000)
    member[model.chains.m_actor[model.chains.active_rows()]] = 1
    share = (model.adjacency @ member) / np.maximum(model.degree, 1)
    outside = (member == 0) & (model.degree > 0)
    assert (share[outside] < 0.18).all()
    assert member.sum() > 1


# ---------------------------------------------------------------- Santos et al. (2008)


def test_ring_reduction_is_the_engines_own_network():
    model = R.build(R.reduction_config("santos"))
    assert (model.adjacency != R.ring_lattice(1000, 4)).nnz == 0


def test_pledge_phase_plays_the_same_game_as_the_functions():
    """`pledging.pledge(model)` with the neighbourhood games as value chains makes exactly
    the imitation step of public_goods_payoffs + fermi_imitation."""
    rng = np.random.default_rng(8)
    for scheme in ("per_game", "per_individual"):
        cfg = R.reduction_config(
            "santos", ["population.n_actors=300", f"pledge.cost_scheme={scheme}"]
        )
        a, b = R.build(cfg), R.build(cfg)
        graph = R.barabasi_albert(300, 2, rng)
        for m in (a, b):
            R.set_network(m, graph)
            m.actors.propensity[:] = np.arange(300) % 2
        R.neighbourhood_chains(a)
        pledging.pledge(a.world)
        R.pgg_generation(b, *R.neighbourhood_games(b.adjacency))
        assert np.array_equal(a.actors.propensity, b.actors.propensity)
        assert 0 < a.actors.propensity.mean() < 1


def _contributors(graph: str, eta: float, scheme: str, rng) -> float:
    n, blocks = 500, 4
    cfg = R.reduction_config(
        "santos",
        [
            f"population.n_actors={n * blocks}",
            f"pledge.synergy={eta * 5}",
            f"pledge.cost_scheme={scheme}",
        ],
    )
    model = R.build(cfg)
    make = (
        (lambda: R.ring_lattice(n, 4)) if graph == "ring" else lambda: R.barabasi_albert(n, 2, rng)
    )
    R.set_network(model, R.blocks([make() for _ in range(blocks)]))
    return R.santos(model, n, 600, 100, rng).mean()


def test_public_goods_contribution_grows_with_eta_and_on_scale_free_graphs():
    rng = np.random.default_rng(2008)
    assert (
        _contributors("ring", 1.2, "per_game", rng)
        > _contributors("ring", 0.4, "per_game", rng) + 0.5
    )
    ba = _contributors("ba", 0.5, "per_individual", rng)
    ring = _contributors("ring", 0.5, "per_individual", rng)
    assert ba > ring + 0.5


# ---------------------------------------------------------------- limits of the full model

SMALL = [*ACTIVE, "population.n_actors=800", "run.years=6"]


def _run(overrides, seed=1):
    model = R.build(to_config(compose_config([*SMALL, *overrides, f"seed={seed}"])))
    with R.stall_probe(model) as stalls:
        model.run()
    model.check_invariants()
    reasons = np.concatenate([R.stall_reason(s) for s in stalls]) if stalls else np.array([])
    return model, reasons


def test_frictionless_limit_no_case_stalls_with_its_pledges_in_place():
    _, busy = _run(["strategy=onbeheerst"])
    assert np.sum(busy == "none") > 0  # with overhead, coordination eats progress
    for seed in (1, 2):
        model, reasons = _run(["strategy=onbeheerst", "+reduction=limit_frictionless"], seed)
        assert np.sum(reasons == "none") == 0
        assert (model.chains.c_status[: model.chains.n_cases] == 2).sum() > 0


def test_no_passion_no_bottom_up_case_and_no_resources_nothing_starts():
    model, _ = _run(["+reduction=limit_no_passion"])
    book = model.chains
    assert np.sum(book.c_origin[: book.n_cases] == 0) == 0
    model, _ = _run(["+reduction=limit_no_passion", "chains.top_down_rate=0"])
    assert model.chains.n_cases == 0
    model, _ = _run(["+reduction=limit_no_resources"])
    assert model.chains.n_cases == 0


@pytest.mark.parametrize("kind", KINDS)
def test_removed_kind_owns_nothing(kind):
    model, _ = _run([f"+reduction=limit_without_{kind}"])
    st = model.actors
    k = KINDS.index(kind)
    assert not (st.kind == k).any()
    assert st.ownership.sum() > 0
    assert st.ownership[st.kind == k].sum() == 0


def test_without_kind_overrides_match_the_configs():
    for kind in KINDS:
        a = to_config(compose_config(R.without_kind(kind)))
        b = R.reduction_config(f"limit_without_{kind}")
        for other in KINDS:
            assert getattr(a.population, other).share == pytest.approx(
                getattr(b.population, other).share, abs=1e-5
            )
