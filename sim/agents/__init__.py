"""The four actor kinds (Mesa agents as views on array state), their roles, and the readable
per-agent form of the rules (the agents' methods, and `Case` for the rules of a case)."""

from sim.agents.actors import ACTOR_CLASSES, Actor, Ambtenaar, Bewoner, Ondernemer, Organisatie
from sim.agents.case import Case, Member, Work
from sim.agents.state import ActorState

__all__ = [
    "ACTOR_CLASSES",
    "Actor",
    "ActorState",
    "Ambtenaar",
    "Bewoner",
    "Case",
    "Member",
    "Ondernemer",
    "Organisatie",
    "Work",
]
