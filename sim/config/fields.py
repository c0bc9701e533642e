"""How a parameter is declared: `param` (unit, range or choices, source of the default) and
`group`, and the sources the bounds of many parameters share."""

import copy
import dataclasses
from dataclasses import field
from typing import Any

#: The source of a default the calibration set (its posterior median).
CALIBRATED = (
    "calibrated: posterior median of the ABC-SMC fit to CBS and KvK figures"
    " (docs/calibration.md, configs/calibration/nl.yaml)"
)


def param(default: Any, unit: str, lo=None, hi=None, *, choices=None, source: str = "assumption"):
    """A config field with its unit, allowed range or choices, and the source of its default."""
    meta = {"unit": unit, "lo": lo, "hi": hi, "choices": choices, "source": source}
    if isinstance(default, list | dict) or dataclasses.is_dataclass(default):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=meta)
    return field(default=default, metadata=meta)


def group(factory):
    """A nested config group (its own fields carry the metadata)."""
    return field(default_factory=factory)


# Upper bounds that are a judgement rather than a fact: finite, far above any plausible value,
# so that sums over millions of actors and hundreds of years stay finite floats.
MONEY_SOURCE = (
    "assumption; bounded far above any actor of a wijk (a billion euro, ten million a week)"
)
HOURS_SOURCE = "assumption; at most a million hours (about 700 person-years)"
TIES_SOURCE = "assumption; at most 1,000, the most ties within a buurt (environment.local_degree)"
WEIGHT_SOURCE = "assumption; at most 100, a hundred times the scale of the other weights"
