"""Places at four scales and their area qualities (gebiedskwaliteiten).

A stadsdeel holds wijken, a wijk buurten, a buurt percelen. Each perceel has a quality in
0-1 on each of the five Amsterdam ambitions for public space (the themes); each theme loads
on the three capitals (social, ecological, economic). `stedelijke_dynamiek` loads negatively on the
ecological capital, so a case can grow one capital while another falls (the article's
balance rule for integral sustainability).
"""

from dataclasses import dataclass

import numpy as np

from sim.config import EnvironmentConfig
from sim.vocabulary import THEMES

#: The capital each MKBA effect counts towards.
EFFECT_CAPITAL = np.array(
    [
        [1, 0, 0],
        [1, 0, 0],
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [0, 0, 1],
    ],
    float,
)

#: How a quality gain on each theme (row) works out on each MKBA effect (column). Assumption,
#: after the wording of the five ambitions: growth of urban dynamics costs some nature.
THEME_EFFECTS = np.array(
    [
        [0.3, 0.0, 0.2, 0.1, 0.2, 0.2],
        [0.2, 0.0, 0.0, -0.3, 0.3, 0.5],
        [0.0, 0.0, 0.1, 0.8, 0.0, 0.1],
        [0.2, 0.4, 0.0, 0.2, 0.1, 0.1],
        [0.5, 0.2, 0.1, 0.0, 0.0, 0.2],
    ]
)

#: How each theme (row) loads on the capitals (columns): the one theme-to-capital mapping,
#: the theme's effects summed per capital (rounded to drop float noise such as 0.6000…01).
THEME_LOADINGS = np.round(THEME_EFFECTS @ EFFECT_CAPITAL, 12)
#: The positive loadings, and their sum per capital (the most a capital index can reach).
POSITIVE_LOADINGS = np.clip(THEME_LOADINGS, 0, None)
LOADING_SUM = POSITIVE_LOADINGS.sum(axis=0)
#: The positive effects' sum per effect (the most an effect index can reach).
EFFECT_SUM = np.clip(THEME_EFFECTS, 0, None).sum(axis=0)


def capital_profile(themes: np.ndarray) -> np.ndarray:
    """Share of each capital a scope of themes addresses, (C, 3), rows sum to 1.

    The loadings are added theme by theme, so a scope's profile is the same number whatever
    else is in the call (a matrix product's last bit depends on the number of rows, and a
    batch of runs, `sim.batch`, asks for more rows than a run alone).
    """
    themes = np.atleast_2d(themes)
    load = np.zeros((len(themes), POSITIVE_LOADINGS.shape[1]))
    for t, loading in enumerate(POSITIVE_LOADINGS):
        load += themes[:, t, None] * loading
    return load / np.maximum(load.sum(axis=1, keepdims=True), 1e-12)


def split_evenly(n_items: int, n_groups: int) -> np.ndarray:
    """Group index of each of n_items consecutive items split into n_groups near-equal runs."""
    sizes = np.full(n_groups, n_items // n_groups)
    sizes[: n_items % n_groups] += 1
    return np.repeat(np.arange(n_groups), sizes)


@dataclass
class Places:
    """Percelen in buurten in wijken in stadsdelen, with a quality per theme.

    Percelen are numbered by buurt, buurten by wijk and wijken by stadsdeel, so every place
    at any scale is one contiguous range of percelen (and of actors, who are numbered by
    home perceel).
    """

    parcel_buurt: np.ndarray  # (P,) buurt index of each perceel
    buurt_wijk: np.ndarray  # (B,) wijk index of each buurt
    wijk_stadsdeel: np.ndarray  # (W,) stadsdeel index of each wijk
    quality: np.ndarray  # (P, T) area quality per theme, 0-1

    @property
    def n_parcels(self) -> int:
        return len(self.parcel_buurt)

    @property
    def parcel_wijk(self) -> np.ndarray:
        return self.buurt_wijk[self.parcel_buurt]

    def wijk_buurten(self, wijk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """First and last buurt of each given wijk."""
        first = np.searchsorted(self.buurt_wijk, wijk, side="left")
        last = np.searchsorted(self.buurt_wijk, wijk, side="right") - 1
        return first, last

    def capital_quality(self) -> np.ndarray:
        """Quality per perceel and capital, (P, 3): the themes weighted by their loadings,
        over the sum of the positive loadings (at most 1; the ecological capital can dip
        slightly below 0 through the negative loading of stedelijke_dynamiek)."""
        return self.quality @ THEME_LOADINGS / LOADING_SUM

    def affected(self, scale: str, parcel: int) -> np.ndarray:
        """Indices of the percelen a case at `scale`, started on `parcel`, improves."""
        if scale == "perceel":
            return np.array([parcel])
        buurt = self.parcel_buurt[parcel]
        first, last = (
            (buurt, buurt) if scale == "buurt" else self.wijk_buurten(self.buurt_wijk[buurt])
        )
        lo = np.searchsorted(self.parcel_buurt, first, side="left")
        hi = np.searchsorted(self.parcel_buurt, last, side="right")
        return np.arange(lo, hi)

    def weakest_parcel(self, buurt: np.ndarray, aspiration: float) -> np.ndarray:
        """The perceel of each given buurt that falls furthest below the aspiration."""
        gap = np.clip(aspiration - self.quality, 0, None).sum(axis=1)
        per_buurt = gap.reshape(len(self.buurt_wijk), -1)  # percelen are numbered by buurt
        return buurt * per_buurt.shape[1] + per_buurt.argmax(axis=1)[buurt]

    def decay(self, rate_week: float) -> None:
        """Wear without maintenance: quality falls by a share each week."""
        self.quality *= 1.0 - rate_week


def build_places(cfg: EnvironmentConfig, rng: np.random.Generator) -> Places:
    """Percelen in buurten in wijken in stadsdelen, qualities drawn around `quality_mean`."""
    parcel_buurt = np.repeat(np.arange(cfg.n_buurten), cfg.parcels_per_buurt)
    # A buurt's character (shared) plus perceel variation: places differ in what they offer.
    buurt_effect = rng.normal(0.0, cfg.quality_sd, (cfg.n_buurten, len(THEMES)))
    parcel_effect = rng.normal(0.0, cfg.quality_sd / 2, (len(parcel_buurt), len(THEMES)))
    quality = np.clip(cfg.quality_mean + buurt_effect[parcel_buurt] + parcel_effect, 0.0, 1.0)
    return Places(
        parcel_buurt=parcel_buurt,
        buurt_wijk=split_evenly(cfg.n_buurten, cfg.n_wijken),
        wijk_stadsdeel=split_evenly(cfg.n_wijken, cfg.n_stadsdelen),
        quality=quality,
    )
