"""Realisation: the executor delivers and the place gains (principle 4; theme 3).

After its realisation weeks a realising case's executor delivers
(`sim.business.procurement.deliver`: learning over the contract): the place's quality rises
on the case's themes in proportion to the delivered quality, and the case is valued as an
MKBA (`sim.business.mkba.value_case`). Who owns the value added: `sim.chains.ownership`.
"""

import numpy as np

from sim.business import mkba, procurement
from sim.chains.book import GEREALISEERD, REALISEREN
from sim.config import SCALES
from sim.week import Realised


def realise(world) -> Realised:
    """Finish the realisations that are due: quality rises, the case is valued."""
    cfg, book, places = world.cfg, world.chains, world.places
    due = np.flatnonzero(
        (book.c_status[: book.n_cases] == REALISEREN)
        & (book.c_realise_due[: book.n_cases] <= world.week)
    )
    if len(due) == 0:
        return Realised(due)
    effect = cfg.chains.per_scale("effect")
    delivered = procurement.deliver(world, due)
    rows = book.rows_of(due)
    for c, quality in zip(due, delivered, strict=True):  # a few cases a week
        parcels = places.affected(SCALES[book.c_scale[c]], book.c_parcel[c])
        themes = book.c_themes[c]
        before = places.quality[np.ix_(parcels, themes)]
        gain = min(effect[book.c_scale[c]] * quality, 1.0) * (1.0 - before)
        places.quality[np.ix_(parcels, themes)] = before + gain
        mkba.value_case(world, c, parcels, gain, rows[book.m_case[rows] == c])
    book.c_status[due] = GEREALISEERD
    book.c_week_ended[due] = world.week
    return Realised(due)
