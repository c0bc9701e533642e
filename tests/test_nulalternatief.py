"""The nulalternatief (sim.output.nulalternatief): the same wijk without cases, the
reference every effect and the balance rule are measured against."""

import numpy as np
import polars as pl
from helpers import SMALL, make_model

import sim
from sim.output import nulalternatief
from sim.output.records import REFERENCE_COLUMNS
from sim.output.tables import NET_COLUMNS

NO_CASES = ["chains.bottom_up_rate=0", "chains.top_down_rate=0"]
#: Two years of the small wijk, residents moving fast so the reference has something to do.
BASE = [*SMALL, "run.years=2", "population.turnover_year=0.5"]


def test_a_run_without_cases_is_its_own_reference():
    """A 0-case run: the brede welvaart equals the nulalternatief's week by week, nothing is
    imbalanced, the NPV is 0 and every net indicator 0, whatever the strategy."""
    run = sim.run([*BASE, *NO_CASES, "strategy=opschalen"])
    s, ts = run.summary.row(0, named=True), run.timeseries
    assert s["started_cases"] == 0
    for column in REFERENCE_COLUMNS:
        assert ts[column].equals(ts[column.removeprefix("reference_")], check_names=False)
    assert s["imbalance_years"] == 0 and s["imbalance_weeks"] == 0
    assert s["mkba_npv_eur"] == 0 and s["mkba_costs_eur"] == 0
    assert all(s[c] == 0 for c in NET_COLUMNS)
    assert ts["later_natural"][-1] < ts["later_natural"][0]  # the places wore all the same


def test_the_gross_rule_flags_a_wijk_in_which_nothing_happens():
    """Without the reference the balance rule weighs gross changes: in the same 0-case wijk
    the places wear while newcomers move the mean skill, and a year is flagged; the
    reference columns are then null and the net indicators missing."""
    run = sim.run([*BASE, *NO_CASES, "mkba.nulalternatief=false"])
    s, ts = run.summary.row(0, named=True), run.timeseries
    assert all(ts[c].null_count() == ts.height for c in REFERENCE_COLUMNS)
    assert all(s[c] is None for c in NET_COLUMNS)
    assert s["imbalance_years"] > 0


def test_a_run_with_cases_is_measured_against_the_wijk_without_them():
    """The reference columns of a run with cases are the later and hier-en-nu columns of the
    same config without cases, and the run's cases move the net indicators."""
    run = sim.run(BASE)
    without = sim.run([*BASE, *NO_CASES])
    assert run.summary["realised_cases"].item() > 0
    for column in REFERENCE_COLUMNS:
        plain = column.removeprefix("reference_")
        assert run.timeseries[column].equals(without.timeseries[plain], check_names=False)
    s = run.summary.row(0, named=True)
    assert s["net_later_economic"] != 0 and s["net_hier_en_nu_leefbaarheid"] != 0
    last = run.timeseries.row(-1, named=True)
    assert s["net_later_social"] == last["later_social"] - last["reference_later_social"]


def test_one_reference_serves_every_strategy_of_a_seed_and_condition():
    cfgs = {
        (strategy, seed): make_model([*BASE, f"strategy={strategy}", f"seed={seed}"]).cfg
        for strategy in ("onbeheerst", "opschalen", "downscalen")
        for seed in (1, 2)
    }
    refs = {key: nulalternatief.reference(cfg) for key, cfg in cfgs.items()}
    assert refs["onbeheerst", 1] is refs["opschalen", 1] is refs["downscalen", 1]
    assert refs["onbeheerst", 1] is not refs["onbeheerst", 2]
    other = make_model([*BASE, "seed=1", "environment.quality_decay_year=0.05"]).cfg
    assert nulalternatief.reference(other) is not refs["onbeheerst", 1]  # another condition


def test_the_reference_goes_on_past_the_run_end():
    model = make_model([*BASE, "run.years=0.5"])
    while model.week < model.n_weeks + 10:
        model.step()
    frame = model.recorder.frame()
    assert frame.height == model.n_weeks + 10
    assert frame.select(pl.col(REFERENCE_COLUMNS).is_not_null().all()).row(0) == (True,) * len(
        REFERENCE_COLUMNS
    )


def test_who_moves_does_not_depend_on_the_cases():
    """The moves have their own stream: with and without cases the same residents move."""
    moved = {}
    for name, extra in (("with", []), ("without", NO_CASES)):
        model = make_model([*BASE, *extra])
        weeks = []
        for _ in range(26):
            model.step()
            weeks.append(model.last_week.moved.actors.copy())
        moved[name] = weeks
    assert sum(len(w) for w in moved["with"]) > 0
    assert all(np.array_equal(a, b) for a, b in zip(moved["with"], moved["without"], strict=True))
