"""A map-like view of the wijk: its buurten and percelen coloured by quality per capital.

One small map per capital (social, ecological, economic) on the stylised layout of
`WijkLayout`: a cell per perceel, a frame per buurt with its mean quality, and a dot on each
perceel where a case is active. The colour scale is fixed (0.1 to 0.8), so colours can be
compared between weeks and between runs.
"""

import numpy as np
import solara
from matplotlib.collections import PatchCollection
from matplotlib.patches import Rectangle
from mesa.visualization.utils import update_counter
from solara.alias import rw

from sim.app import i18n
from sim.app.figures import MOBILISING_COLOUR, REALISING_COLOUR, grid_height, new_figure, to_image
from sim.app.model import AppModel
from sim.chains.book import MOBILISEREN
from sim.environment.places import CAPITALS

WIDTH_PX, HEIGHT_PX = 1000, 250
ROWS = 8
VMIN, VMAX = 0.1, 0.8
CMAP = "RdYlGn"


class WijkFigure:
    """The cached map figure of one model: cells recoloured, labels and case dots redrawn."""

    def __init__(self, model: AppModel):
        lay = model.layout
        self.fig = new_figure(WIDTH_PX, HEIGHT_PX)
        self.axes, self.cells, self.labels, self.dots = [], [], [], []
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
            self.labels.append(
                [
                    ax.text(
                        x + 0.05,
                        y + lay.buurt_size[1] + 0.1,
                        "",
                        fontsize=7,
                        va="bottom",
                        animated=True,
                    )
                    for x, y in lay.buurt_origin
                ]
            )
            self.dots.append(
                ax.scatter(
                    [], [], s=10, edgecolors="black", linewidths=0.4, zorder=3, animated=True
                )
            )
            self.axes.append(ax)
            self.cells.append(cells)
        self.titles = [ax.set_title("", fontsize=10, pad=12, animated=True) for ax in self.axes]
        self.background = None
        self.background_lang = None
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
        for i, capital in enumerate(CAPITALS):
            q = quality[:, i]
            self.cells[i].set_array(q)
            means = np.bincount(buurt, q, n_buurten) / np.bincount(buurt, minlength=n_buurten)
            for b, label in enumerate(self.labels[i]):
                label.set_text(f"{i18n.t('buurt', lang, n=b + 1)}: {means[b]:.2f}")
            self.titles[i].set_text(f"{i18n.t(capital, lang)} — {q.mean():.3f}")
            self.dots[i].set_offsets(dot_xy)
            self.dots[i].set_facecolors(dot_colour)
        canvas = self.fig.canvas
        if lang != self.background_lang:
            self.quality_label.set_text(i18n.t("quality", lang))
            canvas.draw()  # frames and colour bar; the changing layers are `animated`
            self.background = canvas.copy_from_bbox(self.fig.bbox)
            self.background_lang = lang
        canvas.restore_region(self.background)
        for i, ax in enumerate(self.axes):
            for artist in (self.cells[i], *self.labels[i], self.titles[i], self.dots[i]):
                ax.draw_artist(artist)
        return to_image(self.fig, redraw=False)


def wijk_image(model: AppModel, lang: str) -> bytes:
    fig = getattr(model, "_wijk_figure", None)
    if fig is None:
        fig = model._wijk_figure = WijkFigure(model)
    return fig.draw(model, lang)


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
