"""The range each bounded column of a run's summary can take (docs/ODD.md, 13.4).

Value added, the NPV and the like are unbounded. An interval over runs is shown within the
range (`sim.report.stats.mean_ci`). Light to import: the report reads it before any model.
"""

import math

from sim.config import FIRMS, KINDS

SHARE, COUNT = (0.0, 1.0), (0.0, math.inf)
#: The range each bounded summary column can take (value, NPV and the like are unbounded):
#: an interval over runs is shown within it (`sim.report.stats.mean_ci`).
SUMMARY_BOUNDS = {
    **dict.fromkeys(
        (
            "ownership_share",
            *(f"ownership_share_{k}" for k in KINDS),
            "felt_mean",
            "co_owner_share",
            "participation_rate",
            "participation_gini",
            "coordination_hours_share",
            "mean_trust",
            "mean_skill",
            "friction_end",
            *(f"awards_{f}" for f in FIRMS),
            "targets_met_share",
        ),
        SHARE,
    ),
    **dict.fromkeys(
        (
            "weeks",
            "started_cases",
            "realised_cases",
            "stalled_cases",
            "dissolved_cases",
            "invested_eur",
            "hours_given",
            "first_win_week",
            "mean_weeks_to_decision",
            "imbalance_weeks",
            "imbalance_years",
            "imbalanced_cases",
            "mkba_benefits_eur",
            "mkba_costs_eur",
            "mkba_bcr",
            "price_to_budget",
            "delivered_quality",
        ),
        COUNT,
    ),
    "capital_balance": (-1.0, 1.0),
    # Mean skill and trust (0-1) against the nulalternatief's.
    "net_later_human": (-1.0, 1.0),
    "net_later_social": (-1.0, 1.0),
}
