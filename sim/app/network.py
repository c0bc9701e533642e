"""The network of actors: coloured by kind or current role, active value chains highlighted.

Actors sit on the stylised wijk of `WijkLayout` (their home perceel), computed once per model.
The ties (about 45,000 at 10,000 actors) are drawn once into a cached background (one per
colouring and language) of a figure shared by the models with the same network; each redraw
only blits the nodes and the lines of the active value chains onto it.
"""

import numpy as np
import solara
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from mesa.visualization.utils import update_counter
from solara.alias import rw

from sim.agents.roles import ROLES
from sim.app import i18n
from sim.app.figures import (
    KIND_COLOURS,
    MOBILISING_COLOUR,
    NO_ROLE_COLOUR,
    REALISING_COLOUR,
    ROLE_COLOURS,
    BlitFigure,
    grid_height,
    shared,
    to_image,
)
from sim.app.model import AppModel
from sim.chains.book import MOBILISEREN
from sim.config import KINDS
from sim.vocabulary import Kind

WIDTH_PX, HEIGHT_PX = 640, 400
ROWS = 12

#: Per session: how the nodes are coloured ("kind" or "role").
colour_by = solara.reactive("kind")


class NetworkFigure(BlitFigure):
    """The figure of one network layout: static ties, blitted nodes and chain lines."""

    def __init__(self, lay):
        super().__init__(WIDTH_PX, HEIGHT_PX)
        self.ax = self.fig.add_axes((0.0, 0.0, 1.0, 0.93))
        self.ax.set_axis_off()
        self.ax.set_xlim(-0.3, lay.width + 0.3)
        self.ax.set_ylim(-0.3, lay.height + 0.3)
        self.ax.set_aspect("equal", adjustable="box")
        self.ax.add_collection(
            LineCollection(lay.edges, colors="#9aa5b1", linewidths=0.25, alpha=0.18, zorder=1)
        )
        for x, y in lay.buurt_origin:
            self.ax.add_patch(
                _rect(x - 0.1, y - 0.1, lay.buurt_size[0] + 0.2, lay.buurt_size[1] + 0.2)
            )
        # The changing layers are drawn onto a cached background of the static ones (blitting).
        self.nodes = self.ax.scatter(
            lay.actor_xy[:, 0], lay.actor_xy[:, 1], s=4, linewidths=0, zorder=3, animated=True
        )
        self.chains = LineCollection([], linewidths=0.7, alpha=0.6, zorder=2, animated=True)
        self.ax.add_collection(self.chains)
        self.members = self.ax.scatter(
            [], [], s=22, facecolors="none", linewidths=0.6, zorder=4, animated=True
        )
        self.legend = None

    def draw(self, model: AppModel, by: str, lang: str) -> bytes:
        lay = model.layout
        with model.lock:
            kind = model.actors.kind
            roles = model.current_roles() if by == "role" else None
            actor, initiator, status = model.active_chains()
        if by == "role":
            palette = np.array([*ROLE_COLOURS, NO_ROLE_COLOUR])
            colours = palette[np.where(roles < 0, len(ROLE_COLOURS), roles)]
            sizes = np.where(roles < 0, 3.0, 9.0)
        else:
            colours = np.array(KIND_COLOURS)[kind]
            sizes = np.where(kind == Kind.BEWONER, 3.0, 9.0)
        self.nodes.set_facecolors(colours)
        self.nodes.set_sizes(sizes)
        line_colour = np.where(status == MOBILISEREN, MOBILISING_COLOUR, REALISING_COLOUR)
        self.chains.set_segments(np.stack([lay.actor_xy[actor], lay.actor_xy[initiator]], axis=1))
        self.chains.set_colors(line_colour)
        self.members.set_offsets(lay.actor_xy[actor] if len(actor) else np.empty((0, 2)))
        self.members.set_edgecolors(line_colour)
        self.restore((by, lang), lambda: self._static_layers(by, lang))
        changing = (self.chains, self.nodes) if by == "role" else (self.chains,)
        for artist in (*changing, self.members):
            self.ax.draw_artist(artist)
        return to_image(self.fig, redraw=False)

    def _static_layers(self, by: str, lang: str) -> None:
        """The legend; coloured by kind, the nodes never change and are drawn with the ties."""
        self.nodes.set_animated(by == "role")
        if self.legend is not None:
            self.legend.remove()
        if by == "role":
            names = [*ROLES, "no_role"]
            colours = [*ROLE_COLOURS, NO_ROLE_COLOUR]
        else:
            names, colours = list(KINDS), list(KIND_COLOURS)
        handles = [
            Line2D([], [], marker="o", linestyle="", markersize=6, color=c, label=i18n.t(n, lang))
            for n, c in zip(names, colours, strict=True)
        ]
        self.legend = self.fig.legend(
            handles=handles,
            loc="upper center",
            ncol=len(handles),
            fontsize=8,
            frameon=False,
            handletextpad=0.2,
            columnspacing=0.9,
        )


def _rect(x, y, w, h):
    return Rectangle((x, y), w, h, fill=False, edgecolor="#555", linewidth=0.8, zorder=1)


def network_image(model: AppModel, by: str, lang: str) -> bytes:
    """The network of this model as WebP (the figure is shared by models of the same network)."""
    lay = model.layout
    figure = shared(model, ("network", lay.network_key), lambda: NetworkFigure(lay))
    with figure.lock:
        return figure.draw(model, by, lang)


@solara.component
def NetworkView(model: AppModel):
    """The network panel: the colour switch, the figure and the value-chain explanation."""
    update_counter.get()
    lang = i18n.language.value
    by = colour_by.value
    image = solara.use_memo(
        lambda: network_image(model, by, lang), [id(model), model.week, by, lang]
    )
    with solara.Column(gap="2px", style={"height": f"{grid_height(ROWS)}px"}, classes=["wm-panel"]):
        with solara.Row(gap="12px", style={"align-items": "center"}):
            solara.Text(i18n.t("network"), style={"font-weight": "600", "font-size": "15px"})
            with solara.ToggleButtonsSingle(value=by, on_value=colour_by.set, dense=True):
                solara.Button(
                    i18n.t("colour_kind"), value="kind", text=True, classes=["wm-colour-kind"]
                )
                solara.Button(
                    i18n.t("colour_role"), value="role", text=True, classes=["wm-colour-role"]
                )
        rw.Image(value=image, format="webp", _dom_classes=["wm-figure", "wm-network"])
        solara.Text(i18n.t("chains_highlight"), classes=["wm-note"])
        solara.Text(i18n.concept("waardenketen"), classes=["wm-explain"])
