"""Roles in a value chain (principle 1: roles are not types).

Anyone can be initiator, co-producer, supporter or executor, in several chains at once, and
switch between them: the initiator founds a chain (a successor takes over when it leaves),
members who pledge at least `COPRODUCER_HOURS` a week, or money worth a year of such hours
at the shadow wage, co-produce, the others support,
and the executor (uitvoerder) is named at the investment decision.
"""

from sim.vocabulary import Role, labels

ROLES = labels(Role)
ROLES_EN = ("initiator", "co-producer", "supporter", "executor")

#: Hours a week above which a member counts as co-producer rather than supporter (assumption).
COPRODUCER_HOURS = 1.0
