"""Fitting Mesa's SolaraViz page to the app: its own labels translated, the panel grid, our inputs.

Mesa 3.5's `SolaraViz` writes a few labels in English (card titles, Reset/Step, the play
interval sliders, "Time:", the tab "Page 0") and lays every component out in a two-column
draggable grid of equal cells. The app keeps Mesa's page and changes four things, all in
Mesa's `solara_viz` module namespace and only in this process:

1. `solara` there is a thin proxy that passes Mesa's own labels through `i18n.mesa_label`
   (the session's language); everything else is Solara itself.
2. `make_initial_grid_layout` gives the panels of `sim.app.app` the sizes they were drawn for.
3. `UserInputs` renders the app's condition controls (with the concept explanations) when the
   model parameters are the app's, and Mesa's own inputs otherwise.
4. `ModelController` is `sim.app.controller`'s: Mesa's buttons, with a play loop that does not
   keep a closed page's model in memory.

`install()` is idempotent; nothing here changes the model.
"""

import types

import solara
from mesa.visualization import solara_viz

from sim.app import controller, i18n

_ORIGINAL = {
    "solara": solara_viz.solara,
    "make_initial_grid_layout": solara_viz.make_initial_grid_layout,
    "UserInputs": solara_viz.UserInputs,
}

#: Grid cells (12 columns, rows of 30 px) per panel, in the order `sim.app.app` passes them.
PANEL_GRID: list[dict] = []


def _translate_first(fn, key: str | None = None):
    """Wrap a Solara component so its label (first argument or `key`) is translated."""

    def wrapped(*args, **kwargs):
        if key and isinstance(kwargs.get(key), str):
            kwargs[key] = i18n.mesa_label(kwargs[key])
        elif args and isinstance(args[0], str):
            args = (i18n.mesa_label(args[0]), *args[1:])
        return fn(*args, **kwargs)

    return wrapped


class _LocalisedVuetify(types.ModuleType):
    """`solara.v` with the tab titles translated."""

    def __getattr__(self, name):
        return getattr(solara.v, name)

    @staticmethod
    def Tab(*args, children=(), **kwargs):  # noqa: N802 (Vuetify's name)
        children = [i18n.mesa_label(c) if isinstance(c, str) else c for c in children]
        return solara.v.Tab(*args, children=children, **kwargs)


class _LocalisedSolara(types.ModuleType):
    """`solara`, with the labels Mesa passes to these components translated."""

    Card = staticmethod(_translate_first(solara.Card, "title"))
    Text = staticmethod(_translate_first(solara.Text, "text"))
    Button = staticmethod(_translate_first(solara.Button, "label"))
    Checkbox = staticmethod(_translate_first(solara.Checkbox, "label"))
    SliderInt = staticmethod(_translate_first(solara.SliderInt, "label"))
    Error = staticmethod(_translate_first(solara.Error, "label"))
    v = _LocalisedVuetify("solara.v")

    def __getattr__(self, name):
        return getattr(solara, name)


def grid_layout(num_components: int) -> list[dict]:
    """The app's panel grid when it has as many panels, Mesa's own otherwise."""
    if PANEL_GRID and num_components == len(PANEL_GRID):
        return [dict(cell, i=i, moved=False) for i, cell in enumerate(PANEL_GRID)]
    return _ORIGINAL["make_initial_grid_layout"](num_components)


#: Set by `sim.app.controls`: the component for the app's own model parameters.
APP_INPUTS = None


@solara.component
def UserInputs(user_params, on_change=None):
    """The app's condition controls for the app's parameters; Mesa's inputs for any other."""
    if APP_INPUTS is not None and all(
        isinstance(o, dict) and o.get("type") == "waardenmakerij" for o in user_params.values()
    ):
        return APP_INPUTS(user_params, on_change=on_change)
    return _ORIGINAL["UserInputs"](user_params, on_change=on_change)


def install() -> None:
    """Put the translated labels, panel grid, inputs and controller into Mesa's page."""
    solara_viz.solara = _LocalisedSolara("solara")
    solara_viz.make_initial_grid_layout = grid_layout
    solara_viz.UserInputs = UserInputs
    solara_viz.ModelController = controller.ModelController
