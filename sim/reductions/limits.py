"""Limits of the full model: why cases stall, watched with a probe on `WaardenModel.step`."""

from contextlib import contextmanager

import numpy as np

from sim.chains import coordination, decision
from sim.model import WaardenModel
from sim.week import Worked

# ---------------------------------------------------------------- limits of the full model

STALL_REASONS = ("money", "members", "direction", "hours", "ready", "none")


def pledge_state(world, cases: np.ndarray) -> dict[str, np.ndarray]:
    """What each (mobilising) case has in place against what its decision needs: the
    decision's own totals (`sim.chains.decision.readiness`) and the team's productive hours
    and work left (`sim.chains.coordination.effort`, `work_left`)."""
    cfg, book = world.cfg.chains, world.chains
    state = decision.readiness(world, cases)
    team = coordination.effort(world, cases)
    todo_proc, todo_prep, _, _ = coordination.work_left(world, cases)
    return {
        "case": np.asarray(cases),
        "week": np.full(len(cases), world.week),
        "members": state.members,
        "money_pledged": state.pledged,
        "money_needed": state.need,
        "direction": state.direction,
        "productive_hours_week": team.pledged * team.productivity,
        "hours_todo": todo_prep + todo_proc,
        "age": world.week - book.c_week_started[cases],
        "_min_members": np.full(len(cases), cfg.min_members),
        "_direction": np.full(len(cases), cfg.direction),
        "_min_progress": np.full(len(cases), cfg.min_progress_hours),
        "_max_weeks": np.full(len(cases), cfg.max_mobilising_weeks),
    }


def stall_reason(state: dict[str, np.ndarray]) -> np.ndarray:
    """Why each case stalled: the first pledge it lacked, else 'ready' or 'none'.

    The pledges are the decision's: money, members, a shared direction (mean alignment),
    and hours — short when the hours pledged a week, at the case's productivity, are under
    the minimum progress, or when preparation and procedure were unfinished at the
    mobilising limit. 'ready': every pledge in place and nothing left to do, so the case
    became ready in the very week it stalled (the stall check in `coordinate` runs before
    `decide`; a case ready a week earlier would have been decided then). 'none': every
    pledge in place and work left: coordination or procedure ate its progress.
    """
    s = state
    short = {
        "money": s["money_pledged"] < s["money_needed"] - 1e-6,
        "members": s["members"] < s["_min_members"],
        "direction": s["direction"] < s["_direction"],
        "hours": (s["productive_hours_week"] < s["_min_progress"])
        | ((s["age"] >= s["_max_weeks"]) & (s["hours_todo"] > 1e-9)),
        "ready": s["hours_todo"] <= 1e-9,
    }
    reason = np.full(len(s["case"]), "none", dtype=object)
    for name in reversed(STALL_REASONS[:-1]):
        reason[short[name]] = name
    return reason


@contextmanager
def stall_probe(model: WaardenModel):
    """Record the pledge state of every case of `model` at the moment it stalls.

    A probe on the model (`WaardenModel.probes`) that reads the `coordinate` phase's record
    (`sim.week.Worked.stalled`), before the stalled cases' memberships and pledges are
    released; changes nothing. Yields a list that fills with one `pledge_state` dict per
    week with stalls.
    """
    records: list[dict[str, np.ndarray]] = []

    def watching(world, record):
        if isinstance(record, Worked) and len(record.stalled):
            records.append(pledge_state(world, record.stalled))

    model.probes.append(watching)
    try:
        yield records
    finally:
        model.probes.remove(watching)
