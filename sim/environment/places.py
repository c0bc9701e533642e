"""Places at three scales and their area qualities (gebiedskwaliteiten).

A wijk holds buurten, a buurt holds percelen. Each perceel has a quality in 0-1 on each of
the five Amsterdam ambitions for public space (the themes); each theme loads on the three
capitals (social, ecological, economic). `stedelijke_dynamiek` loads negatively on the
ecological capital, so a case can grow one capital while another falls (the article's
balance rule for integral sustainability).
"""

from dataclasses import dataclass

import numpy as np

from sim.config import EnvironmentConfig

THEMES = (
    "toekomstgericht_gebruik",
    "stedelijke_dynamiek",
    "duurzame_leefomgeving",
    "verzorgd_veilig_beheer",
    "samen_verantwoordelijk",
)
CAPITALS = ("social", "ecological", "economic")

#: How each theme (row) loads on the capitals (columns). Assumption, after the wording of the
#: five ambitions: growth of urban dynamics costs some green space.
THEME_LOADINGS = np.array(
    [
        [0.5, 0.1, 0.4],
        [0.2, -0.3, 0.8],
        [0.1, 0.8, 0.1],
        [0.6, 0.2, 0.2],
        [0.8, 0.0, 0.2],
    ]
)


@dataclass
class Places:
    """Percelen with their buurt, wijk and quality per theme."""

    parcel_buurt: np.ndarray  # (P,) buurt index of each perceel
    buurt_wijk: np.ndarray  # (B,) wijk index of each buurt
    quality: np.ndarray  # (P, T) area quality per theme, 0-1

    @property
    def n_parcels(self) -> int:
        return len(self.parcel_buurt)

    @property
    def parcel_wijk(self) -> np.ndarray:
        return self.buurt_wijk[self.parcel_buurt]

    def capital_quality(self) -> np.ndarray:
        """Quality per perceel and capital, (P, 3), 0-1 when the themes are.

        The themes weighted by their loadings, over the sum of the positive loadings.
        """
        return self.quality @ THEME_LOADINGS / np.clip(THEME_LOADINGS, 0, None).sum(axis=0)

    def affected(self, scale: str, parcel: int) -> np.ndarray:
        """Indices of the percelen a case at `scale`, started on `parcel`, improves."""
        if scale == "perceel":
            return np.array([parcel])
        if scale == "buurt":
            return np.flatnonzero(self.parcel_buurt == self.parcel_buurt[parcel])
        return np.flatnonzero(self.parcel_wijk == self.parcel_wijk[parcel])

    def weakest_parcel(self, buurt: np.ndarray, aspiration: float) -> np.ndarray:
        """The perceel of each given buurt that falls furthest below the aspiration."""
        gap = np.clip(aspiration - self.quality, 0, None).sum(axis=1)
        per_buurt = gap.reshape(len(self.buurt_wijk), -1)  # percelen are numbered by buurt
        return buurt * per_buurt.shape[1] + per_buurt.argmax(axis=1)[buurt]

    def decay(self, rate_week: float) -> None:
        """Wear without maintenance: quality falls by a share each week."""
        self.quality *= 1.0 - rate_week


def build_places(cfg: EnvironmentConfig, rng: np.random.Generator) -> Places:
    """Percelen in buurten in wijken, with qualities drawn around `quality_mean`."""
    n_buurten = cfg.n_wijken * cfg.buurten_per_wijk
    parcel_buurt = np.repeat(np.arange(n_buurten), cfg.parcels_per_buurt)
    buurt_wijk = np.repeat(np.arange(cfg.n_wijken), cfg.buurten_per_wijk)
    # A buurt's character (shared) plus perceel variation: places differ in what they offer.
    buurt_effect = rng.normal(0.0, cfg.quality_sd, (n_buurten, len(THEMES)))
    parcel_effect = rng.normal(0.0, cfg.quality_sd / 2, (len(parcel_buurt), len(THEMES)))
    quality = np.clip(cfg.quality_mean + buurt_effect[parcel_buurt] + parcel_effect, 0.0, 1.0)
    return Places(parcel_buurt=parcel_buurt, buurt_wijk=buurt_wijk, quality=quality)
