"""Shared pieces for the figures: colours, a figure-to-image helper and the panel sizes.

Figures are drawn with matplotlib's object API (no pyplot: no global state shared between
browser sessions) and shown as WebP images scaled to their panel (CSS `object-fit: contain`),
so nothing is cut off at any window size.
"""

import io

import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

KIND_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1")  # bewoner, ondernemer, ambtenaar, org.
ROLE_COLOURS = (
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#9c755f",
)  # initiatiefn., coprod., onderst., uitv.
NO_ROLE_COLOUR = "#d9d9d9"
CAPITAL_COLOURS = ("#e15759", "#59a14f", "#4e79a7")  # social, ecological, economic
MOBILISING_COLOUR = "#7b3294"
REALISING_COLOUR = "#00a651"
STALLED_COLOUR = "#7f7f7f"
DPI = 100

#: Height in pixels of one grid row of Mesa's page grid (solara GridDraggable) and its margin.
ROW_PX, MARGIN_PX = 30, 10

CSS = """
.wm-panel { overflow: hidden; }
.wm-panel > div:has(> img.wm-figure) { flex: 1 1 auto; min-height: 0; display: flex; }
.wm-figure { width: 100%; height: 100%; max-width: 100%; margin: 0 !important;
             object-fit: contain; object-position: center top; }
.wm-label { font-size: 14px; color: rgba(0,0,0,.7); }
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


def to_image(fig: Figure, redraw: bool = True) -> bytes:
    """The figure as a WebP image (quality 90): a tenth of a PNG's bytes and encoding time.

    `redraw=False` takes the canvas as it stands (after blitting onto a cached background).
    """
    if redraw:
        fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = PIL.Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba())
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="webp", quality=90, method=0)
    return buf.getvalue()
