"""The calibrated defaults against the targets: eight seeds of the default run, each target
measured over the years after the calibration's burn-in (docs/calibration.md).

    uv run python experiments/calibration_check.py [seeds]

Writes experiments/results/calibration/defaults_check.md.
"""

import sys

import numpy as np
from _common import out_dir

from sim.api import compose_config, to_config
from sim.calibration.abc_smc import Settings, measure
from sim.calibration.targets import TARGETS

if __name__ == "__main__":
    seeds = range(1, 1 + (int(sys.argv[1]) if len(sys.argv) > 1 else 8))
    burn_in = Settings().burn_in_years
    runs = [measure(to_config(compose_config([f"seed={s}"])), burn_in) for s in seeds]
    lines = [
        "# The calibrated defaults against the targets",
        "",
        f"The default run, seeds {seeds.start}-{seeds.stop - 1}, years {burn_in + 1}-10 measured.",
        "",
        "| target | role | figure ± tolerance | median [lowest, highest] over seeds |",
        "|---|---|---|---|",
    ]
    for name, t in TARGETS.items():
        v = np.array([r[name] for r in runs], float)
        lines.append(
            f"| `{name}` | {'fitted' if t.fitted else 'held out'}"
            f" | {t.value:.3g} ± {t.tolerance:.3g} | {np.nanmedian(v):.3g}"
            f" [{np.nanmin(v):.3g}, {np.nanmax(v):.3g}] |"
        )
    text = "\n".join(lines) + "\n"
    (out_dir("calibration") / "defaults_check.md").write_text(text)
    print(text)
