"""The random streams of the runs a World holds, and the week's totals per run.

A World holds one run, or a batch of independent runs as consecutive blocks of actors
(`sim.batch`). Each run has its own `numpy.random.Generator`. Every draw of the week is for
elements that each belong to an actor (the actors themselves, their memberships, their
invitations), so `Streams.at(actors)` gives what draws for them: for one run its Generator
itself, for a batch a `Draws` that takes each run's numbers from that run's Generator, in
the order given. Each run of a batch thus draws exactly what it draws alone, and the week's
sums (`total`, `count`) add each run's elements in the order a lone run adds them.

>>> streams = Streams([np.random.default_rng(1), np.random.default_rng(2)], [0, 3, 5])
>>> alone = np.r_[np.random.default_rng(1).random(2), np.random.default_rng(2).random(1)]
>>> bool((streams.at(np.array([0, 2, 4])).random(3) == alone).all())
True
>>> streams.total(np.array([1.0, 2.0, 3.0]), np.array([0, 3, 4])).tolist()
[1.0, 5.0]
"""

from collections.abc import Iterator, Sequence

import numpy as np


class Streams:
    """One Generator a run; run r owns the actors `start[r]` to `start[r + 1]`."""

    def __init__(self, rngs: Sequence[np.random.Generator], start: Sequence[int]):
        self.rngs = list(rngs)
        self.start = np.asarray(start, np.int64)
        self.n_runs = len(self.rngs)
        if len(self.start) != self.n_runs + 1:
            raise ValueError(f"{self.n_runs} streams need {self.n_runs + 1} block bounds")

    @classmethod
    def single(cls, rng: np.random.Generator, n_actors: int) -> "Streams":
        """The streams of a World that holds one run."""
        return cls([rng], [0, n_actors])

    def run_of(self, actors: np.ndarray) -> np.ndarray:
        """The run each actor belongs to."""
        if self.n_runs == 1:
            return np.zeros(len(actors), np.int64)
        return np.searchsorted(self.start, actors, side="right") - 1

    def actors_of(self, run: int) -> slice:
        """The block of actor ids of one run."""
        return slice(int(self.start[run]), int(self.start[run + 1]))

    def groups(self, actors: np.ndarray | None) -> Iterator[tuple[int, np.ndarray | slice]]:
        """(run, positions in `actors`) of each run that has any of them, the positions
        in the order given (None: every actor, each run's block)."""
        if actors is None:
            for r in range(self.n_runs):
                yield r, self.actors_of(r)
            return
        if self.n_runs == 1:
            if len(actors):
                yield 0, slice(None)
            return
        if len(actors) < 2 or (actors[1:] >= actors[:-1]).all():  # sorted: runs in blocks
            bounds = np.searchsorted(actors, self.start)
            for r in np.flatnonzero(np.diff(bounds)):
                yield int(r), slice(int(bounds[r]), int(bounds[r + 1]))
            return
        run = self.run_of(actors)
        order = np.argsort(run, kind="stable")
        bounds = np.searchsorted(run[order], np.arange(self.n_runs + 1))
        for r in np.flatnonzero(np.diff(bounds)):
            yield int(r), order[bounds[r] : bounds[r + 1]]

    def at(self, actors: np.ndarray | None = None):
        """What draws one number for each of `actors` (None: every actor) from its run's
        stream: the run's Generator for one run, else a `Draws`."""
        if self.n_runs == 1:
            return self.rngs[0]
        return Draws(self, actors)

    def total(self, values: np.ndarray, actors: np.ndarray | None):
        """The sum of `values` over each run's elements (`actors[i]` owns `values[i]`; None:
        one value an actor): a float for one run, else one a run."""
        if self.n_runs == 1:
            return float(values.sum())
        out = np.zeros(self.n_runs)
        for r, at in self.groups(actors):
            out[r] = np.add.reduce(values[at])
        return out

    def count(self, flags: np.ndarray, actors: np.ndarray | None):
        """How many of each run's elements have `flags` (None: one flag an actor): an int
        for one run, else one a run."""
        if self.n_runs == 1:
            return int(np.count_nonzero(flags))
        if actors is None:
            return np.add.reduceat(flags.astype(np.int64), self.start[:-1])
        return np.bincount(self.run_of(actors)[flags], minlength=self.n_runs)


class Draws:
    """Generator-like draws for given actors in a batch: each call's `size` is their number,
    and each actor's number comes from its run's stream."""

    def __init__(self, streams: Streams, actors: np.ndarray | None):
        self.streams = streams
        self.actors = actors  # None: every actor
        self.n = int(streams.start[-1]) if actors is None else len(actors)

    def _draw(self, size, draw) -> np.ndarray:
        shape = (size,) if np.isscalar(size) else tuple(size)
        if shape[0] != self.n:
            raise ValueError(f"{shape[0]} draws asked for {self.n} actors")
        out = None
        for r, at in self.streams.groups(self.actors):
            k = at.stop - at.start if isinstance(at, slice) else len(at)
            part = draw(self.streams.rngs[r], (k, *shape[1:]))
            if out is None:
                out = np.empty(shape, part.dtype)
            out[at] = part
        return np.empty(shape) if out is None else out

    def random(self, size) -> np.ndarray:
        return self._draw(size, lambda rng, s: rng.random(s))

    def integers(self, low, high, size) -> np.ndarray:
        return self._draw(size, lambda rng, s: rng.integers(low, high, s))

    def binomial(self, n, p, size) -> np.ndarray:
        return self._draw(size, lambda rng, s: rng.binomial(n, p, s))
