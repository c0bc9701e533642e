"""Reset, play/pause and Step: Mesa's ModelController, with a play loop that ends with its page.

Mesa 3.5 plays in a `solara.lab.use_task`. In Solara 1.58.2 every `use_task` registers its
task in a process-wide list that is never cleared (fixed upstream in widgetti/solara#1180,
after the last release that `solara-assets` matches), with the play function and the page
state it refers to: every page left that behind, and the list grows for as long as the server
runs. This controller plays in a `solara.use_thread`, which is stopped when the page pauses or
closes. Otherwise it is Mesa's:
the same buttons, play interval, render interval and "use threads" (step in one thread, draw
in another). Reset starts a new model with the page's current conditions.
"""

import threading
import time
import traceback
from dataclasses import asdict

import solara
from mesa.visualization.utils import force_update

from sim.app import i18n, memory


@solara.component
def ModelController(
    model: solara.Reactive,
    *,
    renderer=None,
    model_parameters=None,
    play_interval: solara.Reactive[int],
    render_interval: solara.Reactive[int],
    use_threads: solara.Reactive[bool],
):
    """The controller SolaraViz shows above the model parameters (same arguments as Mesa's)."""
    playing = solara.use_reactive(False)
    error = solara.use_reactive(None)
    stepped = solara.use_memo(threading.Event, [])

    def advance(draw: bool) -> None:
        for _ in range(render_interval.value):
            model.value.step()
            if not playing.value:
                break
        if draw:
            force_update()

    def play(cancel: threading.Event) -> None:
        try:
            while playing.value and not cancel.is_set():
                time.sleep(play_interval.value / 1000)
                advance(draw=not use_threads.value)
                stepped.set()
        except Exception as e:
            error.value = f"error in step: {e}"
            traceback.print_exc()
        if cancel.is_set() and playing.value:  # the page closed while playing
            memory.collect_soon()

    def draw_while_playing(cancel: threading.Event) -> None:
        while use_threads.value and playing.value and not cancel.is_set():
            if stepped.wait(0.5):
                stepped.clear()
                force_update()

    solara.use_thread(play, dependencies=[playing.value], intrusive_cancel=False)
    solara.use_thread(
        draw_while_playing, dependencies=[playing.value, use_threads.value], intrusive_cancel=False
    )

    def step() -> None:
        for _ in range(render_interval.value):
            model.value.step()
        force_update()

    def reset() -> None:
        error.set(None)
        playing.value = False
        model.value = type(model.value)(**asdict(model.value.settings))
        memory.collect_soon()

    Buttons(playing, step, reset)
    if error.value:
        solara.Error(label=error.value)


@solara.component
def Buttons(playing: solara.Reactive[bool], step, reset):
    """Reset, play or pause, and one step (disabled while playing)."""
    with solara.Row(justify="space-between"):
        solara.Button(label=i18n.mesa_label("Reset"), color="primary", on_click=reset)
        solara.Button(
            label="❚❚" if playing.value else "▶",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
        )
        solara.Button(
            label=i18n.mesa_label("Step"), color="primary", on_click=step, disabled=playing.value
        )
