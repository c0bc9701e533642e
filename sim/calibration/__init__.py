"""Calibration to Dutch figures by approximate Bayesian computation (docs/calibration.md):
the targets and priors (`targets`), the ABC-SMC run with pyabc (`abc_smc`) and the command
`uv run waardenmakerij-calibrate` (`cli`)."""
