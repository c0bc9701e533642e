"""A map-like view of the wijk: its buurten and percelen coloured by quality per capital.

One small map per capital (social, ecological, economic) on the stylised layout of
`WijkLayout`: a cell per perceel, a frame per buurt with its mean quality, and a dot on each
perceel where a case is active. The colour scale is fixed (0.1 to 0.8), so colours can be
compared between weeks and between runs. The titles and buurt labels change every week and are
drawn with PIL (`figures.Label`) at the places matplotlib would put them.
"""

import numpy as np
import solara
from matplotlib.collections import PatchCollection
from matplotlib.patches import Rectangle
from mesa.visualization.utils import update_counter
from solara.alias import rw

from sim.app import i18n
from sim.app.figures import (
    DPI,
    MOBILISING_COLOUR,
    REALISING_COLOUR,
    BlitFigure,
    Label,
    grid_height,
    shared,
    to_image,
)
from sim.app.model import AppModel
from sim.chains.book import MOBILISEREN
from sim.vocabulary import CAPITALS

WIDTH_PX, HEIGHT_PX = 1000, 250
ROWS = 8
VMIN, VMAX = 0.1, 0.8
CMAP = "RdYlGn"


class WijkFigure(BlitFigure):
    """The map figure of a wijk layout: cells recoloured, case dots and labels redrawn."""

    def __init__(self, lay):
        super().__init__(WIDTH_PX, HEIGHT_PX)
        self.axes, self.cells, self.dots = [], [], []
        n = len(CAPITALS)
        for i in range(n):
            ax = self.fig.add_axes((0.005 + i / n, 0.2, 1 / n - 0.01, 0.68))
            ax.set_axis_off()
            ax.set_xlim(-0.2, lay.width + 0.2)
            ax.set_ylim(-0.2, lay.height + 0.2)
            ax.set_aspect("equal", adjustable="box")
            cells = PatchCollection(
                [Rectangle(xy, 1, 1) for xy in lay.parcel_origin],
                cmap=CMAP,
                edgecolor="white",
                linewidths=0.5,
                animated=True,
            )
            cells.set_clim(VMIN, VMAX)
            ax.add_collection(cells)
            for x, y in lay.buurt_origin:
                ax.add_patch(
                    Rectangle(
                        (x - 0.05, y - 0.05),
                        lay.buurt_size[0] + 0.1,
                        lay.buurt_size[1] + 0.1,
                        fill=False,
                        edgecolor="#333",
                        linewidth=1.0,
                    )
                )
            self.dots.append(
                ax.scatter(
                    [], [], s=10, edgecolors="black", linewidths=0.4, zorder=3, animated=True
                )
            )
            self.axes.append(ax)
            self.cells.append(cells)
        self.label_xy = None  # where titles and buurt labels go, known once the figure is drawn
        cax = self.fig.add_axes((0.35, 0.07, 0.3, 0.035))
        self.colorbar = self.fig.colorbar(self.cells[0], cax=cax, orientation="horizontal")
        self.colorbar.ax.tick_params(labelsize=7)
        self.quality_label = self.fig.text(0.34, 0.087, "", fontsize=8, ha="right", va="center")

    def draw(self, model: AppModel, lang: str) -> bytes:
        lay = model.layout
        with model.lock:
            quality = model.places.capital_quality()
            parcel, status = model.active_cases()
        buurt = model.places.parcel_buurt
        n_buurten = len(lay.buurt_origin)
        dot_xy = lay.parcel_origin[parcel] + 0.5 if len(parcel) else np.empty((0, 2))
        dot_colour = np.where(status == MOBILISEREN, MOBILISING_COLOUR, REALISING_COLOUR)
        texts = []
        for i, capital in enumerate(CAPITALS):
            q = quality[:, i]
            self.cells[i].set_array(q)
            self.dots[i].set_offsets(dot_xy)
            self.dots[i].set_facecolors(dot_colour)
            means = np.bincount(buurt, q, n_buurten) / np.bincount(buurt, minlength=n_buurten)
            texts.append(f"{i18n.t(capital, lang)} — {q.mean():.3f}")
            texts += [f"{i18n.t('buurt', lang, n=b + 1)}: {m:.2f}" for b, m in enumerate(means)]
        self.restore(lang, lambda: self.quality_label.set_text(i18n.t("quality", lang)))
        if self.label_xy is None:
            self.label_xy = self._label_places(lay)
        for ax, cells, dots in zip(self.axes, self.cells, self.dots, strict=True):
            ax.draw_artist(cells)
            ax.draw_artist(dots)
        labels = tuple(
            Label(x, y, text, size, anchor)
            for (x, y, size, anchor), text in zip(self.label_xy, texts, strict=True)
        )
        return to_image(self.fig, redraw=False, labels=labels)

    def _label_places(self, lay) -> list[tuple[float, float, float, str]]:
        """(x, y, size, anchor) of each map's title (12 pt above it) and its buurt labels."""
        places = []
        for ax in self.axes:
            box = ax.get_window_extent()
            places.append((box.x0 + box.width / 2, box.y1 + 12 * DPI / 72, 10, "ms"))
            for x, y in lay.buurt_origin:
                px, py = ax.transData.transform((x + 0.05, y + lay.buurt_size[1] + 0.1))
                places.append((px, py, 7, "ld"))
        return places


def wijk_image(model: AppModel, lang: str) -> bytes:
    """The map of this model as an image (the figure is shared by models of the same wijk)."""
    lay = model.layout
    figure = shared(model, ("wijk", lay.map_key), lambda: WijkFigure(lay))
    with figure.lock:
        return figure.draw(model, lang)


@solara.component
def WijkView(model: AppModel):
    """The map panel."""
    update_counter.get()
    lang = i18n.language.value
    image = solara.use_memo(lambda: wijk_image(model, lang), [id(model), model.week, lang])
    with solara.Column(
        gap="2px", style={"height": f"{grid_height(ROWS)}px"}, classes=["wm-panel"]
    ) as main:
        solara.Text(i18n.t("map"), style={"font-weight": "600", "font-size": "15px"})
        rw.Image(value=image, format="webp", _dom_classes=["wm-figure", "wm-map"])
        solara.Text(i18n.t("map_note"), classes=["wm-note"])
    return main
