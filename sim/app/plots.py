"""Live plots of the weekly series (`model.recorder.data`): capitals, ownership, chains, hours.

Each plot is a cached figure per model whose lines get new data at each redraw (no new figure
a week), so four plots redraw in well under a second.
"""

import numpy as np
import solara
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

WIDTH_PX, HEIGHT_PX = 520, 270
ROWS = 9


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


class LinePlot:
    """A cached figure for one of `PLOTS`, its lines updated in place."""

    def __init__(self, name: str, model: AppModel):
        self.name = name
        _, _, labels, colours, _, stacked = PLOTS[name]
        self.fig = new_figure(WIDTH_PX, HEIGHT_PX)
        self.ax = self.fig.add_axes((0.11, 0.14, 0.86, 0.72))
        self.ax.set_xlim(0, model.n_weeks)
        self.ax.grid(alpha=0.3)
        self.ax.tick_params(labelsize=8)
        self.stacked = stacked
        self.lines = [self.ax.plot([], [], color=c, lw=1.6)[0] for c in colours]
        self.fills = []
        self.lang = None
        self.labels = labels

    def draw(self, model: AppModel, lang: str) -> bytes:
        d = _series(model)
        ys = PLOTS[self.name][1](d)
        x = d["week"]
        if self.stacked:
            for f in self.fills:
                f.remove()
            cum = np.cumsum(np.array(ys), axis=0) if len(x) else np.zeros((len(ys), 0))
            lower = np.zeros(len(x))
            self.fills = []
            for line, upper in zip(self.lines, cum, strict=True):
                self.fills.append(
                    self.ax.fill_between(x, lower, upper, color=line.get_color(), alpha=0.75, lw=0)
                )
                line.set_data(x, upper)
                lower = upper
            top = cum[-1].max() if len(x) else 1.0
        else:
            for line, y in zip(self.lines, ys, strict=True):
                line.set_data(x, y)
            top = max((y.max() for y in ys if len(y)), default=1.0)
        if self.name == "capitals":
            lows = [y.min() for y in ys if len(y)]
            low = min(lows) if lows else 0.0
            self.ax.set_ylim(max(0.0, min(low - 0.05, 0.25)), max(top + 0.05, 0.6))
        else:
            self.ax.set_ylim(0, max(top * 1.1, 1.0))
        if lang != self.lang:
            self._labels(lang)
        return to_image(self.fig)

    def _labels(self, lang: str):
        ylabel = PLOTS[self.name][4]
        self.ax.set_ylabel(i18n.t(ylabel, lang) if ylabel else "", fontsize=9)
        self.ax.set_xlabel(i18n.t("weeks_axis", lang), fontsize=9)
        if self.ax.get_legend():
            self.ax.get_legend().remove()
        self.fig.legend(
            self.lines,
            [i18n.t(k, lang) for k in self.labels],
            loc="upper center",
            ncol=len(self.lines),
            fontsize=8,
            frameon=False,
        )
        for legend in self.fig.legends[:-1]:
            legend.remove()
        self.lang = lang


def plot_image(model: AppModel, name: str, lang: str) -> bytes:
    """The plot `name` of this model as an image (the figure is cached on the model)."""
    cache = model.__dict__.setdefault("_plots", {})
    if name not in cache:
        cache[name] = LinePlot(name, model)
    return cache[name].draw(model, lang)


def make_plot(name: str):
    """A page component for one of `PLOTS`, as Mesa's SolaraViz takes it."""

    @solara.component
    def Plot(model: AppModel):
        lang = i18n.language.value
        image = plot_image(model, name, lang)
        with solara.Column(
            gap="2px", style={"height": f"{grid_height(ROWS)}px"}, classes=["wm-panel"]
        ) as main:
            solara.Text(i18n.t(PLOTS[name][0]), style={"font-weight": "600", "font-size": "15px"})
            rw.Image(value=image, format="webp", _dom_classes=["wm-figure", f"wm-plot-{name}"])
        return main

    Plot.__name__ = f"Plot_{name}"
    return Plot
