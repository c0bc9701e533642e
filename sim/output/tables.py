"""The case log, the membership log and the one-row summary of a run."""

import numpy as np
import polars as pl

from sim.agents.roles import ROLES
from sim.business import brede_welvaart, mkba
from sim.chains.book import GEREALISEERD, GESTAGNEERD, ONTBONDEN, ORIGINS, STATUSES
from sim.config import FIRMS, KINDS, SCALES
from sim.output import survey
from sim.vocabulary import CAPITALS, EFFECTS, THEMES


def labels(names, codes: np.ndarray) -> pl.Series:
    """The name of each code, as a string column (far faster than indexing a numpy array)."""
    return pl.Series(list(names), dtype=pl.String).gather(np.asarray(codes, dtype=np.int64))


def theme_labels(themes: np.ndarray) -> pl.Series:
    """The themes of each case joined by "+", worked out once per distinct combination."""
    combos, codes = np.unique(themes, axis=0, return_inverse=True)
    names = ["+".join(np.array(THEMES)[row]) for row in combos]
    return labels(names, codes.reshape(-1)) if len(names) else pl.Series([], dtype=pl.String)


def case_log(model) -> pl.DataFrame:
    """One row a case: place, scale, themes, members by kind, hours, money, status, value."""
    cols = {**_case_identity(model), **_case_results(model)}
    return (
        pl.DataFrame(cols)
        .with_columns(
            _null_unless(pl.col(name), pl.col("week_decided") >= 0)
            for name in (
                "weeks_to_decision",
                "executor_id",
                "budget_eur",
                "offered_quality",
                "target_quality",
            )
        )
        .with_columns(
            _null_unless(pl.col(name), pl.col("status") == "gerealiseerd")
            for name in ("delivered_quality", "target_met")
        )
        .with_columns(
            _null_unless(pl.col(name), pl.col(name) >= 0) for name in ("week_decided", "week_ended")
        )
    )


def _case_identity(model) -> dict:
    """The case log's columns on who started each case, where, on what, and its members."""
    book, st = model.chains, model.actors
    c, m = book.cases(), book.all_members()
    n = book.n_cases
    unpaid = ~m["paid"]
    kind = st.kind[m["actor"]]
    cols = {
        "case_id": np.arange(n),
        "origin": labels(ORIGINS, book.c_origin[c]),
        "initiator_id": book.c_initiator[c],
        "initiator_kind": labels(KINDS, st.kind[book.c_initiator[c]]),
        "buurt": book.c_buurt[c],
        "perceel": book.c_parcel[c],
        "scale": labels(SCALES, book.c_scale[c]),
        "themes": theme_labels(book.c_themes[c]),
        "integrality": book.integrality(),
        "status": labels(STATUSES, book.c_status[c]),
        "week_started": book.c_week_started[c],
        "week_decided": book.c_week_decided[c],
        "week_ended": book.c_week_ended[c],
        "members": np.bincount(m["case"][unpaid], minlength=n),
    }
    for k, name in enumerate(KINDS):
        sel = unpaid & (kind == k)
        cols[f"members_{name}"] = np.bincount(m["case"][sel], minlength=n)
    return cols


def _case_results(model) -> dict:
    """The case log's columns on what each case put in, who executed it, and its MKBA."""
    book, st = model.chains, model.actors
    c, n = book.cases(), book.n_cases
    m = book.all_members()
    v = mkba.case_values(model)
    realised = v["realised"]
    decided = book.c_week_decided[c] >= 0
    firm = np.where(decided, st.firm[np.maximum(book.c_executor[c], 0)], -1)
    return {
        "hours_given": book.c_hours_given[c],
        "hours_coordination": book.c_hours_coordination[c],
        "hours_procedure": book.c_hours_procedure[c],
        "agreement": book.c_agreement[c],
        "felt": np.bincount(m["case"], m["felt"], minlength=n),
        "history": book.c_history[c],
        "money_eur": book.c_money_given[c],
        "weeks_to_decision": book.c_week_decided[c] - book.c_week_started[c],
        "executor_id": book.c_executor[c],
        "route": [model.cfg.procurement.route] * n,
        "winner_firm": labels(FIRMS, np.maximum(firm, 0)).set(pl.Series(firm < 0), None),
        "budget_eur": book.c_budget[c],
        "offered_quality": book.c_offered[c],
        "target_quality": book.c_target[c],
        "delivered_quality": book.c_quality[c],
        "target_met": book.c_met[c] == 1,
        **{f"value_{cap}": book.c_value[c][:, i] for i, cap in enumerate(CAPITALS)},
        **{
            f"mkba_{e}_eur": np.where(realised, v["benefits"][:, i], 0.0)
            for i, e in enumerate(EFFECTS)
        },
        "mkba_transfer_eur": np.where(realised, v["transfer"], 0.0),
        "mkba_margin_eur": np.where(realised, v["margin"], 0.0),
        "hours_volunteer": v["volunteer"],
        "hours_staff": v["staff"],
        "mkba_costs_eur": np.where(realised, v["costs"], v["hours"]),
        "npv_eur": book.c_npv_eur[c],
        "bcr": mkba.bcrs(v["welfare"], v["costs"]).set(pl.Series(~realised), None),
        "imbalanced": brede_welvaart.imbalanced_cases(
            book.c_value[c], model.cfg.mkba.balance_tolerance
        )
        & realised,
    }


def _null_unless(column: pl.Expr, condition: pl.Expr) -> pl.Expr:
    """The column where the condition holds, null elsewhere (an event that did not happen)."""
    return pl.when(condition).then(column)


def membership_log(model) -> pl.DataFrame:
    """One row an actor in a chain: role, weeks joined and left, hours and money."""
    m = model.chains.all_members()
    return pl.DataFrame(
        {
            "actor_id": m["actor"],
            "actor_kind": labels(KINDS, model.actors.kind[m["actor"]]),
            "case_id": m["case"],
            "role": labels(ROLES, m["role"]),
            "role_first": labels(ROLES, m["role_first"]),
            "role_switches": m["role_switches"],
            "paid": m["paid"],
            "week_joined": m["week_joined"],
            "week_left": m["week_left"],
            "hours_pledged": m["hours_pledged"],
            "hours_given": m["hours_given"],
            "money_pledged": m["money_pledged"],
            "money_given": m["money_given"],
            "ownership_eur": m["ownership"],
            "felt": m["felt"],
        }
    ).with_columns(_null_unless(pl.col("week_left"), pl.col("week_left") >= 0))


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 when all are equal or all zero)."""
    x = np.sort(np.asarray(x, float))
    total = x.sum()
    if len(x) == 0 or total <= 0:
        return 0.0
    rank = np.arange(1, len(x) + 1)
    return float((2 * (rank * x).sum()) / (len(x) * total) - (len(x) + 1) / len(x))


def capital_balance(value: np.ndarray) -> float:
    """Smallest over largest capital gain, in -1..1: 1 balanced, below 0 one capital fell.

    0 when no capital grew (nothing to balance).
    """
    top = value.max()
    return float(np.clip(value.min() / top, -1.0, 1.0)) if top > 0 else 0.0


#: The brede welvaart at the run's end against the nulalternatief's (`sim.output.nulalternatief`).
NET_COLUMNS = (
    *(f"net_hier_en_nu_{e}" for e in EFFECTS),
    *(f"net_later_{c}" for c in brede_welvaart.LATER),
)


def _against_reference(model) -> dict:
    """The summary's brede welvaart net of the nulalternatief: the run's last week minus the
    nulalternatief's at that week (None without `mkba.nulalternatief`)."""
    reference = model.recorder.reference
    if reference is None:
        return dict.fromkeys(NET_COLUMNS)
    _, later, now = brede_welvaart.measure(model.places, model.actors, model.people)
    _, ref_later, ref_now = reference.at(model.week)
    net = np.r_[now - ref_now, later - ref_later]
    return dict(zip(NET_COLUMNS, net.tolist(), strict=True))


def summary(model) -> pl.DataFrame:
    """The one-row summary of a run (see docs/ODD.md, 'Observation')."""
    cfg = model.cfg
    row = {
        "seed": cfg.seed,
        "strategy": cfg.strategy.name,
        "weeks": model.week,
        **_realised(model),
        **_people(model),
        **_business(model),
        **_against_reference(model),
        **survey.summary(model),
    }
    return pl.DataFrame(
        [row],
        schema_overrides={
            "first_win_week": pl.Int64,
            "mean_weeks_to_decision": pl.Float64,
            **dict.fromkeys(
                (
                    "mkba_bcr",
                    "price_to_budget",
                    "delivered_quality",
                    "targets_met_share",
                    *survey.COLUMNS,
                    *NET_COLUMNS,
                    *(f"awards_{f}" for f in FIRMS),
                ),
                pl.Float64,
            ),
        },
    )


def _realised(model) -> dict:
    """The summary's cases, hours, money and value added."""
    book = model.chains
    c = book.cases()
    status = book.c_status[c]
    realised = status == GEREALISEERD
    value = book.c_value[c][realised].sum(axis=0) if realised.any() else np.zeros(3)
    return {
        "started_cases": book.n_cases,
        "realised_cases": int(realised.sum()),
        "stalled_cases": int((status == GESTAGNEERD).sum()),
        "dissolved_cases": int((status == ONTBONDEN).sum()),
        "invested_eur": float(book.c_money_given[c].sum()),
        "hours_given": float(book.c_hours_given[c].sum()),
        **{f"value_{cap}": float(value[i]) for i, cap in enumerate(CAPITALS)},
        "capital_balance": capital_balance(value),
    }


def _people(model) -> dict:
    """The summary's ownership, participation, timing, trust, skill, friction, balance."""
    cfg, book, st = model.cfg, model.chains, model.actors
    c = book.cases()
    realised = book.c_status[c] == GEREALISEERD
    owned = np.bincount(st.kind, st.ownership, minlength=len(KINDS))
    total_owned = owned.sum()
    hours = st.hours_given
    participants = (hours > 0) | (st.money_given > 0)
    coordination = book.c_hours_coordination[c].sum()
    given = book.c_hours_given[c].sum()
    decided = book.c_week_decided[c] >= 0
    wins = book.c_week_ended[c][realised]
    ts = model.recorder
    return {
        "ownership_share": float((st.ownership > 0).mean()),
        **{
            f"ownership_share_{k}": float(owned[i] / total_owned) if total_owned > 0 else 0.0
            for i, k in enumerate(KINDS)
        },
        "felt_mean": float(st.felt.mean()),
        "co_owner_share": float((st.felt >= cfg.ownership.co_owner_level).mean()),
        "participation_rate": float(participants.mean()),
        "participation_gini": gini(hours),
        "coordination_hours_share": float(coordination / given) if given > 0 else 0.0,
        "first_win_week": int(wins.min()) if len(wins) else None,
        "mean_weeks_to_decision": float(
            (book.c_week_decided[c] - book.c_week_started[c])[decided].mean()
        )
        if decided.any()
        else None,
        "mean_trust": float(st.trust.mean()),
        "mean_skill": float(st.skill.mean()),
        "friction_end": model.tussenruimte.mean_level,
        "imbalance_weeks": int(ts.data["imbalance"][: ts.weeks].sum()),
        "imbalance_years": int(ts.data["imbalance_year"][: ts.weeks].sum()),
        "imbalanced_cases": int(
            brede_welvaart.imbalanced_cases(
                book.c_value[c][realised], cfg.mkba.balance_tolerance
            ).sum()
        ),
    }


def _business(model) -> dict:
    """The summary's MKBA and procurement."""
    cfg, book, st = model.cfg, model.chains, model.actors
    c = book.cases()
    realised = book.c_status[c] == GEREALISEERD
    v = mkba.case_values(model)
    decided = book.c_week_decided[c] >= 0
    budgeted = decided & (book.c_budget[c] > 0)
    firm = st.firm[book.c_executor[c][decided]]
    awards = np.bincount(firm[firm >= 0], minlength=len(FIRMS))
    return {
        "mkba_npv_eur": v["npv_total"],
        "mkba_benefits_eur": v["benefits_total"],
        "mkba_transfer_eur": v["transfer_total"],
        "mkba_margin_eur": v["margin_total"],
        "mkba_costs_eur": v["costs_total"],
        "mkba_bcr": v["bcr_total"],
        **{f"mkba_npv_{k}_eur": npv for k, npv in mkba.variants(model).items()},
        "procurement_route": cfg.procurement.route,
        **{
            f"awards_{f}": float(awards[i] / awards.sum()) if awards.sum() else None
            for i, f in enumerate(FIRMS)
        },
        "price_to_budget": float(
            (book.c_money_given[c][budgeted] / book.c_budget[c][budgeted]).mean()
        )
        if budgeted.any()
        else None,
        "delivered_quality": float(book.c_quality[c][realised].mean()) if realised.any() else None,
        "targets_met_share": float((book.c_met[c][realised] == 1).mean())
        if realised.any()
        else None,
    }
