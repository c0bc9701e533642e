"""The environment: places at scales, the neighbourhood network, and tussenruimte."""

from sim.environment.network import as_graph, neighbourhood_network
from sim.environment.places import THEME_LOADINGS, Places, build_places
from sim.environment.tussenruimte import Tussenruimte
from sim.vocabulary import CAPITALS, THEMES

__all__ = [
    "CAPITALS",
    "THEMES",
    "THEME_LOADINGS",
    "Places",
    "Tussenruimte",
    "as_graph",
    "build_places",
    "neighbourhood_network",
]
