"""Pattern 7: both decompliceren routes beat onbeheerst, and the winner depends on conditions.

    uv run waardenmakerij -m +experiment=pattern7_strategies
    uv run python experiments/pattern7_strategies.py [multirun/pattern7_strategies]

Effect: realised value (the three capitals summed), paired by replication (the same seeds).
"""

from _common import CLAIM7, load, strategy_comparison, sweep_dir, write_verdict

NAME = "pattern7_strategies"
KEYS = ["tussenruimte.friction", "population.trust"]

if __name__ == "__main__":
    table = load(sweep_dir(NAME), NAME)
    rows = strategy_comparison(NAME, table, KEYS)
    write_verdict(
        NAME,
        CLAIM7,
        rows,
        [
            "Realised value = value_social + value_ecological + value_economic of realised cases.",
            "Each route against onbeheerst: holds if the 95 % CI of the paired difference "
            "is above 0.",
            "Winner: opschalen if the CI of opschalen − downscalen is above 0, "
            "downscalen if below.",
        ],
    )
