"""The Waardenmakerij page: Mesa's SolaraViz with the network, the wijk, four live plots and
the condition controls, in Dutch or English.

Served by `uv run waardenmakerij-app` (see `sim.app.cli`). Solara renders `Page` once per
browser session, so every visitor gets a model of their own: `session_model` keeps one per
Solara kernel (made when the page first renders, never shared), which the controller (play,
step, reset) and the condition controls both replace. Nothing else holds a model, so a
replaced model, and a closed session's, is freed.
"""

import reacton.core
import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter
from solara.toestand import KernelStoreFactory

from sim.app import i18n, mesa_i18n, server
from sim.app.controls import model_params
from sim.app.figures import CSS
from sim.app.model import AppModel
from sim.app.network import NetworkView
from sim.app.plots import make_plot
from sim.app.wijk import WijkView
from sim.vocabulary import WEEKS_PER_YEAR

mesa_i18n.install()
server.install()

#: The panels in Mesa's grid (12 columns, rows of 30 px): (component, x, y, w, h).
PANELS = [
    (NetworkView, 0, 0, 7, 12),
    (make_plot("capitals", rows=6), 7, 0, 5, 6),
    (make_plot("chains", rows=6), 7, 6, 5, 6),
    (WijkView, 0, 12, 12, 8),
    (make_plot("ownership", rows=8), 0, 20, 6, 8),
    (make_plot("hours", rows=8), 6, 20, 6, 8),
]
COMPONENTS = [(component, 0) for component, *_ in PANELS]
mesa_i18n.PANEL_GRID[:] = [dict(x=x, y=y, w=w, h=h) for _, x, y, w, h in PANELS]

#: The model of this browser session (one per kernel, made at its first use).
session_model = solara.Reactive(KernelStoreFactory(AppModel, key="waardenmakerij-model"))

#: Milliseconds between steps when playing (a redraw takes longer, so this is a floor).
PLAY_INTERVAL_MS = 20


@solara.component
def WeekCounter(model: AppModel):
    """Week and year of the session's model, in the app bar."""
    update_counter.get()
    model.render_context = reacton.core.get_render_context()
    weeks = model.n_weeks
    text = i18n.t("week", week=model.week, weeks=weeks, year=model.week // WEEKS_PER_YEAR + 1)
    if model.week >= weeks:
        text += " — " + i18n.t("finished")
    return solara.Text(text, classes=["wm-week"], style={"font-size": "15px", "margin": "0 16px"})


@solara.component
def LanguageToggle():
    """Dutch / English for every label on the page."""
    with solara.ToggleButtonsSingle(
        value=i18n.language.value, on_value=i18n.language.set, dense=True, classes=["wm-lang"]
    ) as main:
        solara.Button("NL", value="nl", classes=["wm-lang-nl"])
        solara.Button("EN", value="en", classes=["wm-lang-en"])
    return main


@solara.component
def Page():
    """The page of one browser session: its own model, Mesa's SolaraViz around it."""
    model = session_model
    solara.Style(CSS)
    solara.Title(i18n.t("title"))
    with solara.AppBar():
        WeekCounter(model.value)
        LanguageToggle()
    SolaraViz(
        model,
        components=COMPONENTS,
        model_params=model_params(model),
        name=i18n.t("title"),
        play_interval=PLAY_INTERVAL_MS,
    )
