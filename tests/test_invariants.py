"""Invariants of the model state (after every week) and of the output frames.

Over several seeds and all three strategies: pledged hours within available hours, money never
negative, shares in 0-1, no NaN or inf, teams and scopes within their caps, and ownership equal
to the value added (principle 2), in the arrays and in the frames.
"""

import numpy as np
import polars as pl
import pytest
from helpers import SMALL, STRATEGIES, finite, make_model, step_checked

from sim.api import collect
from sim.chains.book import GEREALISEERD, MOBILISEREN, STATUSES
from sim.config import KINDS
from sim.vocabulary import CAPITALS

SEEDS = (1, 2, 3)
REALISED = STATUSES[GEREALISEERD]

SUMMARY_SHARES = (
    "ownership_share",
    *(f"ownership_share_{k}" for k in KINDS),
    "participation_rate",
    "participation_gini",
    "coordination_hours_share",
    "mean_trust",
    "mean_skill",
    "friction_end",
)
TIMESERIES_SHARES = ("mean_trust", "mean_skill", "mean_passion", "mean_propensity", "friction")


def caps_hold(model) -> None:
    """Weekly checks beyond `check_invariants`: team size, scope and chains per actor."""
    cfg, book = model.cfg, model.chains
    rows = book.active_rows(MOBILISEREN)
    rows = rows[~book.m_paid[rows]]
    team = np.bincount(book.m_case[rows], minlength=book.n_cases)
    assert team.max(initial=0) <= cfg.strategy.team_size_cap, "team above its cap"
    themes = book.integrality()
    assert ((themes >= 1) & (themes <= cfg.strategy.scope_cap)).all(), "scope outside 1..cap"
    if cfg.chains.outsourced_share == 0:
        busy = book.per_actor(model.actors.n)
        assert busy.max(initial=0) <= cfg.chains.max_chains, "actor in too many chains"


def check_frames(results, cfg) -> None:
    """Invariants and accounting identities of the four output frames of one run."""
    ts, cases, mem, summ = results.timeseries, results.cases, results.memberships, results.summary
    for name, frame in (("timeseries", ts), ("cases", cases), ("memberships", mem)):
        assert finite(frame), f"NaN or inf in {name}"
    assert finite(summ), "NaN or inf in summary"
    assert summ.height == 1
    row = summ.row(0, named=True)

    # Shares in 0-1; the balance in -1..1; ownership shares by kind add up to 1 (or all 0).
    for key in SUMMARY_SHARES:
        assert 0.0 <= row[key] <= 1.0, (key, row[key])
    assert -1.0 <= row["capital_balance"] <= 1.0
    by_kind = sum(row[f"ownership_share_{k}"] for k in KINDS)
    owned = mem["ownership_eur"].sum()
    assert by_kind == pytest.approx(1.0 if owned > 0 else 0.0)
    for col in TIMESERIES_SHARES:
        assert ts[col].is_between(0.0, 1.0).all(), col
    assert ts.height == row["weeks"] == int(round(cfg.run.years * 52))

    # Memberships: nothing given beyond the pledge; ownership only from contribution.
    assert (mem["hours_given"] <= mem["hours_pledged"] + 1e-6).all(), "hours given > pledged"
    assert (mem["money_given"] <= mem["money_pledged"] + 1e-6).all(), "money given > pledged"
    assert (mem["ownership_eur"] >= 0).all()
    no_contribution = mem.filter((pl.col("hours_given") == 0) & (pl.col("money_given") == 0))
    assert (no_contribution["ownership_eur"] == 0).all(), "owning without adding value"
    assert (mem.filter(pl.col("paid"))["ownership_eur"] == 0).all(), "paid executor owns"
    switched = mem.filter(pl.col("role") != pl.col("role_first"))
    assert (switched["role_switches"] >= 1).all()
    left = mem.filter(pl.col("week_left").is_not_null())
    assert (left["week_left"] >= left["week_joined"]).all()

    # Cases: hours split into coordination, procedure and the rest; members add up by kind.
    assert (
        cases["hours_coordination"] + cases["hours_procedure"] <= cases["hours_given"] + 1e-6
    ).all()
    by_kind_members = sum(cases[f"members_{k}"] for k in KINDS)
    assert (by_kind_members == cases["members"]).all()
    assert (cases["integrality"].is_between(1, cfg.strategy.scope_cap)).all()

    # Ownership equals the value of the realised cases, in total and case by case.
    value_cols = [f"value_{c}" for c in CAPITALS]
    case_value = cases.select(
        "case_id",
        "status",
        pl.sum_horizontal(value_cols).clip(lower_bound=0).alias("value"),
    )
    realised = case_value.filter(pl.col("status") == REALISED)
    assert owned == pytest.approx(realised["value"].sum(), rel=1e-9, abs=1e-6)
    per_case = case_value.join(
        mem.group_by("case_id").agg(pl.col("ownership_eur").sum().alias("owned")),
        on="case_id",
        how="left",
    ).with_columns(pl.col("owned").fill_null(0.0))
    expected = pl.when(pl.col("status") == REALISED).then(pl.col("value")).otherwise(0.0)
    gap = per_case.select((pl.col("owned") - expected).abs().max()).item()
    assert gap is None or gap <= 1e-6 * max(1.0, owned)
    for c in CAPITALS:
        realised_value = cases.filter(pl.col("status") == REALISED)[f"value_{c}"].sum()
        assert row[f"value_{c}"] == pytest.approx(realised_value, abs=1e-6)
    owned_by_kind_end = sum(ts[f"ownership_{k}"][-1] for k in KINDS) if ts.height else 0.0
    assert owned_by_kind_end == pytest.approx(owned, rel=1e-9, abs=1e-6)

    # The summary counts what the case log holds.
    assert row["started_cases"] == cases.height
    assert row["realised_cases"] == realised.height
    assert row["invested_eur"] == pytest.approx(cases["money_eur"].sum(), abs=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_invariants_every_week(strategy, seed):
    model = make_model([*SMALL, f"strategy={strategy}", f"seed={seed}"])
    step_checked(model, caps_hold)
    check_frames(collect(model), model.cfg)


def test_invariants_at_default_size(default_run):
    """The one run at the default size: invariants every week (in the fixture), frames after."""
    check_frames(default_run.results, default_run.model.cfg)
    summary = default_run.results.summary.row(0, named=True)
    # Precondition: the run exercised realisation and ownership, or the checks above are idle.
    assert summary["realised_cases"] > 0 and summary["ownership_share"] > 0


def test_invariants_with_kenniskring_and_outsourcing():
    """Other switches on: the kenniskring's trust and outsourced cases keep the invariants."""
    overrides = [
        *SMALL,
        "strategy=onbeheerst",
        "environment.kenniskring=true",
        "chains.outsourced_share=0.5",
        "chains.top_down_rate=0.05",
        "pledge.cost_scheme=per_individual",
    ]
    model = step_checked(make_model(overrides))
    results = collect(model)
    check_frames(results, model.cfg)
    assert (results.cases["origin"] == "outsourced").any()


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(lambda m: m.actors.money.__setitem__(0, -1.0), id="negative-money"),
        pytest.param(lambda m: m.actors.trust.__setitem__(0, np.nan), id="nan-trust"),
        pytest.param(lambda m: m.actors.passion.__setitem__(0, 1.5), id="share-above-1"),
        pytest.param(lambda m: m.actors.ownership.__setitem__(0, 1e6), id="ownership-from-nothing"),
        pytest.param(lambda m: m.tussenruimte.level.__setitem__(0, -0.1), id="friction-below-0"),
    ],
)
def test_check_invariants_catches_broken_state(corrupt):
    """The invariant check is not idle: a broken state makes it fail."""
    model = make_model([*SMALL, "run.years=0.2"])
    step_checked(model)
    corrupt(model)
    with pytest.raises(AssertionError):
        model.check_invariants()


def test_check_invariants_catches_overpledged_hours():
    model = make_model([*SMALL, "run.years=1"])
    book = model.chains
    rows = []
    while len(rows) == 0 and model.week < model.n_weeks:  # until someone pledges hours
        model.step()
        model.check_invariants()
        rows = book.active_rows()
        rows = rows[~book.m_paid[rows]]
    assert len(rows), "precondition: someone pledges hours in the first year"
    book.m_hours_week[rows[0]] = model.actors.hours_week[book.m_actor[rows[0]]] + 1.0
    with pytest.raises(AssertionError):
        model.check_invariants()
