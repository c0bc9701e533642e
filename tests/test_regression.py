"""Results stay identical for a given seed: the pinned run's summary must not drift."""

import json
import math

from pinned import PIN, pinned_run


def test_pinned_summary_unchanged():
    expected = json.loads(PIN.read_text())
    got = pinned_run()
    for strategy, row in expected.items():
        for key, value in row.items():
            new = got[strategy][key]
            if isinstance(value, float):
                assert math.isclose(new, value, rel_tol=1e-9, abs_tol=1e-9), (strategy, key)
            else:
                assert new == value, (strategy, key)
