"""The model's one vocabulary: actor kinds, place scales and case statuses as enums.

Arrays store them as small integers; code compares with the enum's members, never with a
bare number (`kind == Kind.AMBTENAAR`, not the number 2). The order is the order of the
config's lists (`sim.config.KINDS`, `sim.config.SCALES`) and of the output labels.

>>> Kind.AMBTENAAR == 2, Kind(0).label
(True, 'bewoner')
"""

from enum import IntEnum


class _Labelled(IntEnum):
    @property
    def label(self) -> str:
        """The Dutch name as the config and the outputs write it."""
        return self.name.lower()


class Kind(_Labelled):
    """The four actor kinds (CONCEPTS.md: actors)."""

    BEWONER = 0
    ONDERNEMER = 1
    AMBTENAAR = 2
    ORGANISATIE = 3


class Scale(_Labelled):
    """The scales a case works at (perceel within buurt within wijk)."""

    PERCEEL = 0
    BUURT = 1
    WIJK = 2


class Status(_Labelled):
    """A case's stage in its life cycle (sim.chains.book)."""

    MOBILISEREN = 0
    REALISEREN = 1
    GEREALISEERD = 2
    GESTAGNEERD = 3
    ONTBONDEN = 4


def labels(enum: type[_Labelled]) -> tuple[str, ...]:
    """The members' labels in order: `labels(Kind)` is ("bewoner", ..., "organisatie")."""
    return tuple(member.label for member in enum)
