"""The teaching app: Mesa's SolaraViz page of the waardenmakerij (`uv run waardenmakerij-app`).

Modules: `app` (the page), `cli` (the command), `model` (the model made from the controls,
drawing positions), `controls` (condition inputs with the concepts explained), `network`,
`wijk`, `plots` (the panels), `figures` (colours, images), `i18n` (Dutch and English labels),
`mesa_i18n` (Mesa's own labels, grid and inputs fitted to the app).
"""
