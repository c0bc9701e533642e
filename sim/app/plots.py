"""Live plots of the weekly series (`model.recorder.data`): capitals, ownership, chains, hours.

Each plot is a cached figure per model whose lines get new data at each redraw (no new figure
a week), so four plots redraw in well under a second.
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
    grid_height,
    new_figure,
    to_image,
)
from sim.app.model import AppModel
from sim.config import KINDS
from sim.environment.places import CAPITALS

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
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k at or above x (x > 0)."""
    k = np.floor(np.log10(x))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * 10**k >= x:
            return float(m * 10**k)
    return float(10 ** (k + 1))


class LinePlot:
    """A cached figure for one of `PLOTS`: axes, grid and legend are a cached background
    (redrawn only when the y range or the language changes); the lines are blitted onto it."""

    def __init__(self, name: str, model: AppModel):
        self.name = name
        _, _, labels, colours, _, stacked = PLOTS[name]
        self.fig = new_figure(WIDTH_PX, HEIGHT_PX)
        self.ax = self.fig.add_axes((0.12, 0.16, 0.85, 0.7))
        self.ax.set_xlim(0, model.n_weeks)
        self.ax.grid(alpha=0.3)
        self.ax.tick_params(labelsize=8)
        self.stacked = stacked
        self.lines = [self.ax.plot([], [], color=c, lw=1.6, animated=True)[0] for c in colours]
        self.labels = labels
        self.legend = None
        self.background = None
        self.background_key = None

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
        fills = []
        if self.stacked and len(x):
            upper = np.cumsum(np.array(ys), axis=0)
            lower = np.vstack([np.zeros(len(x)), upper[:-1]])
            for line, lo, hi in zip(self.lines, lower, upper, strict=True):
                fills.append(
                    self.ax.fill_between(
                        x, lo, hi, color=line.get_color(), alpha=0.75, lw=0, animated=True
                    )
                )
                line.set_data(x, hi)
            top = upper[-1].max()
        else:
            for line, y in zip(self.lines, ys, strict=True):
                line.set_data(x, y)
            top = max((y.max() for y in ys if len(y)), default=1.0)
        canvas = self.fig.canvas
        key = (self._ylim(ys, top), lang)
        if key != self.background_key:
            self.ax.set_ylim(*key[0])
            self._labels(lang)
            canvas.draw()
            self.background = canvas.copy_from_bbox(self.fig.bbox)
            self.background_key = key
        canvas.restore_region(self.background)
        for artist in (*fills, *self.lines):
            self.ax.draw_artist(artist)
        for f in fills:
            f.remove()
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
    """The plot `name` of this model as an image (the figure is cached on the model)."""
    cache = model.__dict__.setdefault("_plots", {})
    if name not in cache:
        cache[name] = LinePlot(name, model)
    return cache[name].draw(model, lang)


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
