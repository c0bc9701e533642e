"""Live plots of the weekly series (`model.recorder.data`): capitals, ownership, chains, hours.

Each plot is a figure shared by all sessions with the same run length (`figures.shared`),
whose lines get a session's data at each redraw and are blitted onto a cached background of
axes, grid and legend (one per y range and language).
"""

import numpy as np
import solara
from mesa.visualization.utils import update_counter
from solara.alias import rw

from sim.app import i18n
from sim.app.figures import (
    CAPITAL_COLOURS,
    KIND_COLOURS,
    MOBILISING_COLOUR,
    REALISING_COLOUR,
    STALLED_COLOUR,
    BlitFigure,
    grid_height,
    shared,
    to_image,
)
from sim.app.model import AppModel
from sim.config import KINDS
from sim.vocabulary import CAPITALS

WIDTH_PX, HEIGHT_PX = 500, 250
ROWS = 8


def _series(model: AppModel) -> dict[str, np.ndarray]:
    with model.lock:
        n = model.recorder.weeks
        data = {k: v[:n].copy() for k, v in model.recorder.data.items()}
    data["week"] = np.arange(1, n + 1)
    return data


def _capitals(d):
    return [d[f"capital_{c}"] for c in CAPITALS]


def _ownership(d):
    return [d[f"ownership_{k}"] / 1000 for k in KINDS]


def _chains(d):
    return [d["cases_mobilising"] + d["cases_realising"], d["cases_realised"], d["cases_stalled"]]


def _smooth(x: np.ndarray, weeks: int = 4) -> np.ndarray:
    """Running mean over the last `weeks` weeks (hours jump from week to week)."""
    if len(x) == 0:
        return x
    c = np.cumsum(np.r_[0.0, x])
    idx = np.arange(1, len(x) + 1)
    lo = np.maximum(0, idx - weeks)
    return (c[idx] - c[lo]) / (idx - lo)


def _hours(d):
    return [_smooth(d["hours_coordination"] + d["hours_procedure"]), _smooth(d["hours_productive"])]


#: name -> (title key, series function, line label keys, colours, y label, stacked)
PLOTS = {
    "capitals": ("plot_capitals", _capitals, CAPITALS, CAPITAL_COLOURS, "quality", False),
    "ownership": ("plot_ownership", _ownership, KINDS, KIND_COLOURS, "k€", True),
    "chains": (
        "plot_chains",
        _chains,
        ("active", "realised", "stalled"),
        (MOBILISING_COLOUR, REALISING_COLOUR, STALLED_COLOUR),
        "",
        False,
    ),
    "hours": (
        "plot_hours",
        _hours,
        ("coordination", "productive"),
        ("#d62728", "#1f77b4"),
        "",
        False,
    ),
}


def nice_ceiling(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above x (x > 0): few steps, because a new
    y range redraws the plot's axes (a cached background otherwise)."""
    k = np.floor(np.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * 10**k >= x:
            return float(m * 10**k)
    return float(10 ** (k + 1))


class LinePlot(BlitFigure):
    """The figure of one of `PLOTS` for runs of `n_weeks` weeks."""

    def __init__(self, name: str, n_weeks: int):
        super().__init__(WIDTH_PX, HEIGHT_PX)
        self.name = name
        _, _, labels, colours, _, stacked = PLOTS[name]
        self.ax = self.fig.add_axes((0.12, 0.16, 0.85, 0.7))
        self.ax.set_xlim(0, n_weeks)
        self.ax.grid(alpha=0.3)
        self.ax.tick_params(labelsize=8)
        self.stacked = stacked
        self.lines = [self.ax.plot([], [], color=c, lw=1.6, animated=True)[0] for c in colours]
        self.labels = labels
        self.legend = None

    def _ylim(self, ys: list[np.ndarray], top: float) -> tuple[float, float]:
        if self.name == "capitals":
            low = min((y.min() for y in ys if len(y)), default=0.3)
            high = max((y.max() for y in ys if len(y)), default=0.5)
            return (
                max(0.0, min(np.floor((low - 0.02) * 10) / 10, 0.3)),
                min(1.0, max(np.ceil((high + 0.02) * 10) / 10, 0.6)),
            )
        return 0.0, nice_ceiling(max(top * 1.05, 1.0))

    def draw(self, model: AppModel, lang: str) -> bytes:
        d = _series(model)
        ys = PLOTS[self.name][1](d)
        x = d["week"]
        if self.stacked and len(x):
            upper = np.cumsum(np.array(ys), axis=0)
            lower = np.vstack([np.zeros(len(x)), upper[:-1]])
            top = upper[-1].max()
        else:
            upper = ys
            top = max((y.max() for y in ys if len(y)), default=1.0)
        ylim = self._ylim(ys, top)
        self.ax.set_ylim(*ylim)
        self.restore((ylim, lang), lambda: self._labels(lang))
        for i, (line, y) in enumerate(zip(self.lines, upper, strict=True)):
            line.set_data(x, y)
            if self.stacked and len(x):
                fill = self.ax.fill_between(
                    x, lower[i], y, color=line.get_color(), alpha=0.75, lw=0, animated=True
                )
                self.ax.draw_artist(fill)
                fill.remove()
        for line in self.lines:
            self.ax.draw_artist(line)
        return to_image(self.fig, redraw=False)

    def _labels(self, lang: str):
        ylabel = PLOTS[self.name][4]
        self.ax.set_ylabel(i18n.t(ylabel, lang) if ylabel else "", fontsize=9)
        self.ax.set_xlabel(i18n.t("weeks_axis", lang), fontsize=9)
        if self.legend is not None:
            self.legend.remove()
        self.legend = self.fig.legend(
            self.lines,
            [i18n.t(k, lang) for k in self.labels],
            loc="upper center",
            ncol=len(self.lines),
            fontsize=8,
            frameon=False,
        )


def plot_image(model: AppModel, name: str, lang: str) -> bytes:
    """The plot `name` of this model as an image."""
    plot = shared(model, ("plot", name, model.n_weeks), lambda: LinePlot(name, model.n_weeks))
    with plot.lock:
        return plot.draw(model, lang)


def make_plot(name: str, rows: int = ROWS):
    """A page component for one of `PLOTS`, as Mesa's SolaraViz takes it."""

    @solara.component
    def Plot(model: AppModel):
        update_counter.get()
        lang = i18n.language.value
        image = solara.use_memo(
            lambda: plot_image(model, name, lang), [id(model), model.week, lang]
        )
        with solara.Column(
            gap="2px", style={"height": f"{grid_height(rows)}px"}, classes=["wm-panel"]
        ) as main:
            solara.Text(i18n.t(PLOTS[name][0]), style={"font-weight": "600", "font-size": "15px"})
            rw.Image(value=image, format="webp", _dom_classes=["wm-figure", f"wm-plot-{name}"])
        return main

    Plot.__name__ = f"Plot_{name}"
    return Plot
