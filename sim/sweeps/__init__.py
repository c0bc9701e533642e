"""Sweeps: resuming, progress and designs for `waardenmakerij -m +experiment=<name>`.

- `resume`: whether a run's outputs are complete (then the run is skipped), and cleaning the
  temporary files a killed run leaves behind.
- `progress`: a Hydra callback that prints done / failed / left and an ETA while a sweep runs,
  and writes `results.parquet` when it ends.
- The design sweeper (Morris screening, Latin hypercube) is a Hydra plugin in
  `hydra_plugins/waardenmakerij_sweeper/`.
"""
