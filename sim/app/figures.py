"""Shared pieces for the figures: colours, a figure-to-image helper and the panel sizes.

Figures are drawn with matplotlib's object API (no pyplot: no global state shared between
browser sessions) and shown as WebP images scaled to their panel (CSS `object-fit: contain`),
so nothing is cut off at any window size. Labels that change every week are drawn onto the
image with PIL in matplotlib's own font (`Label`): a tenth of the time of matplotlib's text.

A panel's figure is a `BlitFigure`: its static layers (axes, ties, frames, legends) are drawn
once per key (language, colouring, y range) and kept as a background, onto which each redraw
blits only the changing layers. Sessions whose static layers are equal (the same plot and run
length, the same wijk, the same network) share one figure (`shared`): a class that opens the
page together draws the static layers once, and thirty pages keep a few figures, not 180.
"""

import functools
import hashlib
import io
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import NamedTuple

import PIL.Image
import PIL.ImageDraw
import PIL.ImageFont
from matplotlib import font_manager
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


def digest(*arrays) -> str:
    """A short fingerprint of these arrays' contents (to tell equal layouts apart)."""
    h = hashlib.blake2b(digest_size=12)
    for a in arrays:
        h.update(a.tobytes())
    return h.hexdigest()


class BlitFigure:
    """A figure with cached backgrounds (one per key) that the changing layers are blitted onto.

    Shared between sessions: draw under `lock`. Keeps the `MAX_BACKGROUNDS` latest backgrounds
    (a plot's y range takes about 20 values in a run).
    """

    MAX_BACKGROUNDS = 24

    def __init__(self, width_px: int, height_px: int):
        self.fig = new_figure(width_px, height_px)
        self.lock = threading.Lock()
        self._backgrounds: dict[Hashable, object] = {}

    def restore(self, key: Hashable, prepare: Callable[[], None]) -> None:
        """Put the background for `key` on the canvas; a new key is drawn after `prepare()`
        (which sets the static layers for it); the changing layers must be `animated`."""
        canvas = self.fig.canvas
        background = self._backgrounds.pop(key, None)
        if background is None:
            prepare()
            canvas.draw()
            background = canvas.copy_from_bbox(self.fig.bbox)
            if len(self._backgrounds) >= self.MAX_BACKGROUNDS:
                del self._backgrounds[next(iter(self._backgrounds))]
        self._backgrounds[key] = background  # the latest used last
        canvas.restore_region(background)


_shared: "weakref.WeakValueDictionary[Hashable, BlitFigure]" = weakref.WeakValueDictionary()
_shared_lock = threading.Lock()


def shared(model, key: Hashable, make: Callable[[], BlitFigure]) -> BlitFigure:
    """The figure for `key`, made once and shared by all models with this key; the model keeps
    it alive (a figure no model uses any more is freed with the last of them)."""
    figures = model.__dict__.setdefault("_figures", {})
    figure = figures.get(key)
    if figure is None:
        with _shared_lock:
            figure = _shared.get(key)
            if figure is None:
                figure = _shared[key] = make()
        figures[key] = figure
    return figure


class Label(NamedTuple):
    """A text at (x, y) figure pixels from the bottom left; `anchor` as PIL's (e.g. "ms")."""

    x: float
    y: float
    text: str
    size_pt: float
    anchor: str


@functools.cache
def _font(size_pt: float) -> PIL.ImageFont.FreeTypeFont:
    """Matplotlib's default font (DejaVu Sans) at `size_pt` points on a DPI figure."""
    path = font_manager.findfont(font_manager.FontProperties())
    return PIL.ImageFont.truetype(path, size_pt * DPI / 72)


def to_image(fig: Figure, redraw: bool = True, labels: tuple[Label, ...] = ()) -> bytes:
    """The figure, with `labels` on it, as a WebP image (quality 90): a tenth of a PNG's bytes
    and encoding time.

    `redraw=False` takes the canvas as it stands (after blitting onto a cached background).
    """
    if redraw:
        fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = PIL.Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba()).convert("RGB")
    draw = PIL.ImageDraw.Draw(image)
    for label in labels:
        font = _font(label.size_pt)
        draw.text((label.x, height - label.y), label.text, "black", font, label.anchor)
    buf = io.BytesIO()
    image.save(buf, format="webp", quality=90, method=0)
    return buf.getvalue()
