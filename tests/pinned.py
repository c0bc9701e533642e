"""The pinned regression run: a small run whose summary must not change by accident.

Speed work must leave results identical for a given seed. When a change to the model is
meant to change results, regenerate the pin and say so in the commit:

    uv run python tests/pinned.py --update
"""

import json
import sys
from pathlib import Path

PIN = Path(__file__).with_name("data") / "pinned_summary.json"
OVERRIDES = [
    "seed=3",
    "strategy=onbeheerst",
    "run.years=3",
    "population.n_actors=800",
    "environment.n_buurten=4",
    "environment.kenniskring=true",
]


def pinned_run() -> dict:
    """The summary of the pinned run, with every strategy's knobs touched along the way."""
    import sim

    return {
        strategy: sim.run([*OVERRIDES, f"strategy={strategy}"]).summary.row(0, named=True)
        for strategy in ("onbeheerst", "opschalen", "downscalen")
    }


if __name__ == "__main__":
    if "--update" not in sys.argv:
        sys.exit("use --update to overwrite the pinned summary")
    PIN.write_text(json.dumps(pinned_run(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {PIN}")
