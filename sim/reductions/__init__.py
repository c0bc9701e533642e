"""Reductions of the engine to classic models: the set-ups, never the rules.

Each helper puts a classic situation on a `WaardenModel` built from a `configs/reduction/`
config — a graph into `model.adjacency`, thresholds into `model.actors.threshold`, seed cases
into the ChainBook, binary propensities into `model.actors.propensity` — and then runs the
production functions: `sim.chains.joining.mobilise` for the threshold models (Granovetter
1978, Watts 2002) and `sim.chains.pledging.public_goods_payoffs` with
`sim.chains.pledging.fermi_imitation` for the public goods game (Santos, Santos & Pacheco
2008). Nothing here decides who joins or whom to imitate. The limits of the full model
(`limit_*` configs) run `WaardenModel.step` itself; `stall_probe` only watches it.

Independent replicas run side by side in one model as disjoint blocks of the network: an
invitation or an imitation never crosses a block, so each block is its own experiment.

docs/validation.md shows the results; experiments/validation/ has the full-size scripts.
"""

from sim.reductions.common import (
    barabasi_albert,
    blocks,
    build,
    complete_graph,
    poisson_graph,
    reduction_config,
    reset_chains,
    ring_lattice,
    seed_cases,
    set_network,
    without_kind,
)
from sim.reductions.limits import STALL_REASONS, pledge_state, stall_probe, stall_reason
from sim.reductions.public_goods import (
    neighbourhood_chains,
    neighbourhood_games,
    pgg_generation,
    santos,
    start_binary,
)
from sim.reductions.threshold import (
    chain_sizes,
    granovetter,
    granovetter_equilibrium,
    spread,
    watts,
    watts_condition,
    watts_window,
)

__all__ = [
    "STALL_REASONS",
    "barabasi_albert",
    "blocks",
    "build",
    "chain_sizes",
    "complete_graph",
    "granovetter",
    "granovetter_equilibrium",
    "neighbourhood_chains",
    "neighbourhood_games",
    "pgg_generation",
    "pledge_state",
    "poisson_graph",
    "reduction_config",
    "reset_chains",
    "ring_lattice",
    "santos",
    "seed_cases",
    "set_network",
    "spread",
    "stall_probe",
    "stall_reason",
    "start_binary",
    "watts",
    "watts_condition",
    "watts_window",
    "without_kind",
]
