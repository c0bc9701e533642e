"""Seeds of replications: independent streams spawned from one base seed.

A replication's seed is derived from the base seed and the replication index with
`numpy.random.SeedSequence(base_seed, spawn_key=(replication,))`, the same sequence that
`SeedSequence(base_seed).spawn(n)[replication]` gives. It depends only on those two numbers, so
adding replications to a sweep never changes the earlier ones, and two replications never
share a stream.
"""

import numpy as np

MAX_SEED = 2**63 - 1  # the range of `seed` in sim.config


def derive_seed(base_seed: int, replication: int) -> int:
    """The run seed of replication `replication` (0, 1, ...) of base seed `base_seed`."""
    if replication < 0:
        raise ValueError(f"replication={replication} is not allowed: use 0, 1, 2, ...")
    sequence = np.random.SeedSequence(int(base_seed), spawn_key=(int(replication),))
    return int(sequence.generate_state(1, dtype=np.uint64)[0]) & MAX_SEED


def run_streams(seed: int) -> list[np.random.SeedSequence]:
    """The SeedSequences of one run's streams: the model's (initiation, joining, pledging),
    places, population, network, procurement and moves. Each is `spawn`'s child of its
    index, so a stream added at the end left the others as they were.

    >>> [s.spawn_key for s in run_streams(42)][-1]
    (5,)
    """
    return np.random.SeedSequence(int(seed)).spawn(6)
