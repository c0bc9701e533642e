"""Hydra's basic (grid) sweeper without its own check of the jobs' configs.

The basic sweeper composes every job's config in the launching process after it has written
the sweep folder's `multirun.yaml`. `sim.cli.Guard` checks every job before anything is
written (composing jobs that differ only in `+replication` once), so this sweeper skips the
second check. `hydra/sweeper=experiment` (the experiments' default; a plain `-m` sweep keeps
Hydra's basic sweeper, which composes every job once more, after the check).
"""

from dataclasses import dataclass

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore


@dataclass
class ExperimentSweeperConf:
    _target_: str = "hydra_plugins.waardenmakerij_sweeper.experiment_sweeper.ExperimentSweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None


ConfigStore.instance().store(
    group="hydra/sweeper",
    name="experiment",
    node=ExperimentSweeperConf,
    provider="waardenmakerij",
)


class ExperimentSweeper(BasicSweeper):
    def validate_batch_is_legal(self, batch) -> None:
        """Checked already, before the sweep folder was written (sim.cli.Guard)."""
