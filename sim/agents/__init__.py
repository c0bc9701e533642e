"""The four actor kinds (Mesa agents as views on array state) and their roles."""

from sim.agents.actors import ACTOR_CLASSES, Actor, Ambtenaar, Bewoner, Ondernemer, Organisatie
from sim.agents.state import ActorState

__all__ = [
    "ACTOR_CLASSES",
    "Actor",
    "ActorState",
    "Ambtenaar",
    "Bewoner",
    "Ondernemer",
    "Organisatie",
]
