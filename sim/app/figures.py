"""Shared pieces for the figures: colours, a figure-to-WebP image helper and the panel component.

Figures are drawn with matplotlib's object API (no pyplot: no global state shared between
browser sessions) and shown as WebP image images scaled to their panel (CSS `object-fit: contain`),
so nothing is cut off at any window size.
"""

import io

import PIL.Image
import solara
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from solara.alias import rw

KIND_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1")  # bewoner, ondernemer, ambtenaar, org.
ROLE_COLOURS = (
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#9c755f",
)  # initiatiefn., coprod., onderst., uitv.
NO_ROLE_COLOUR = "#d9d9d9"
CAPITAL_COLOURS = ("#e15759", "#59a14f", "#4e79a7")  # social, ecological, economic
MOBILISING_COLOUR = "#f28e2b"
REALISING_COLOUR = "#1a9641"
STALLED_COLOUR = "#7f7f7f"
DPI = 100

#: Height in pixels of one grid row of Mesa's page grid (solara GridDraggable) and its margin.
ROW_PX, MARGIN_PX = 30, 10

CSS = """
.wm-panel { height: 100%; overflow: hidden; }
.wm-figure { flex: 1 1 auto; min-height: 0; width: 100%; object-fit: contain; }
.wm-note { font-size: 12px; color: #555; line-height: 1.25; }
.wm-explain { font-size: 12px; color: #444; line-height: 1.3; margin: 2px 0 8px 0;
              padding: 4px 6px; background: #f3f6fa; border-left: 3px solid #4e79a7; }
.wm-command { font-family: monospace; font-size: 11px; word-break: break-all; color: #333; }
"""


def grid_height(rows: int) -> int:
    """Pixel height of a panel `rows` grid rows high."""
    return rows * ROW_PX + (rows - 1) * MARGIN_PX


def new_figure(width_px: int, height_px: int) -> Figure:
    """A matplotlib Figure of this size in pixels, on its own Agg canvas (no pyplot)."""
    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def to_image(fig: Figure) -> bytes:
    """The figure as a WebP image (quality 90): a tenth of a WebP image's bytes and encoding time."""
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = PIL.Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba())
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="webp", quality=90, method=0)
    return buf.getvalue()


@solara.component
def Panel(title: str, image: bytes, rows: int, note: str | None = None, header=None):
    """A titled panel `rows` grid rows high, with a WebP image scaled to fit and an optional note."""
    with solara.Column(
        gap="2px",
        style={"height": f"{grid_height(rows)}px", "padding": "4px 8px"},
        classes=["wm-panel"],
    ) as main:
        solara.Text(title, style={"font-weight": "600", "font-size": "15px"})
        if header is not None:
            solara.display(header)
        rw.Image(value=image, format="webp", _dom_classes=["wm-figure"])
        if note:
            solara.Text(note, classes=["wm-note"])
    return main
