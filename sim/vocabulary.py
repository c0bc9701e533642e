"""The model's one vocabulary: actor kinds, roles, statuses, origins, scales, firm types,
procurement routes, the themes, capitals and effects, and the length of a year in weeks.

Arrays store the enums as small integers; code compares with the enum's members, never with
a bare number (`kind == Kind.AMBTENAAR`, not the number 2). The order is the order of the
config's lists (`sim.config.KINDS`, `sim.config.SCALES`, ...) and of the output labels.

>>> Kind.AMBTENAAR == 2, Kind(0).label
(True, 'bewoner')
>>> labels(Route)[0], WEEKS_PER_YEAR
('lowest_price', 52)
"""

from enum import IntEnum

#: A step is a week; a year has 52 of them.
WEEKS_PER_YEAR = 52

#: The five Amsterdam ambitions for public space: the themes of area quality (CONCEPTS.md).
THEMES = (
    "toekomstgericht_gebruik",
    "stedelijke_dynamiek",
    "duurzame_leefomgeving",
    "verzorgd_veilig_beheer",
    "samen_verantwoordelijk",
)
#: The three capitals the themes load on.
CAPITALS = ("social", "ecological", "economic")
#: The six MKBA effects (theme 3 of the article: leefbaarheid, veiligheid, gezondheid, natuur,
#: bereikbaarheid, plus the local economy).
EFFECTS = (
    "leefbaarheid",
    "veiligheid",
    "gezondheid",
    "natuur",
    "bereikbaarheid",
    "lokale_economie",
)


class _Labelled(IntEnum):
    @property
    def label(self) -> str:
        """The name as the config and the outputs write it."""
        return self.name.lower()


class Kind(_Labelled):
    """The four actor kinds (CONCEPTS.md: actors)."""

    BEWONER = 0
    ONDERNEMER = 1
    AMBTENAAR = 2
    ORGANISATIE = 3


class Role(_Labelled):
    """A member's role in a value chain (principle 1: roles are not types; sim.agents.roles)."""

    INITIATIEFNEMER = 0
    COPRODUCENT = 1
    ONDERSTEUNER = 2
    UITVOERDER = 3


class Scale(_Labelled):
    """The scales a case works at (perceel within buurt within wijk)."""

    PERCEEL = 0
    BUURT = 1
    WIJK = 2


class Status(_Labelled):
    """A case's stage in its life cycle (sim.chains.lifecycle)."""

    MOBILISEREN = 0
    REALISEREN = 1
    GEREALISEERD = 2
    GESTAGNEERD = 3
    ONTBONDEN = 4


class Origin(_Labelled):
    """How a case started (theme 1: bottom-up against top-down; sim.chains.initiation)."""

    BOTTOM_UP = 0
    TOP_DOWN = 1
    OUTSOURCED = 2


class Firm(_Labelled):
    """An entrepreneur's firm type (theme 4; sim.business.procurement)."""

    ZZP = 0
    MKB = 1
    GROOT = 2
    SOCIAAL = 3


class Route(_Labelled):
    """The procurement route of a strategy (theme 4; sim.business.procurement)."""

    LOWEST_PRICE = 0
    BEST_VALUE = 1
    SOCIAL_ENTERPRISE = 2
    AMBITION_CONTRACT = 3


def labels(enum: type[_Labelled]) -> tuple[str, ...]:
    """The members' labels in order: `labels(Kind)` is ("bewoner", ..., "organisatie")."""
    return tuple(member.label for member in enum)
