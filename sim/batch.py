"""Many runs at once: a batch of independent runs stepped as one World.

A small run costs about 2 ms a week, almost all of it the fixed cost of a few hundred numpy
calls. A batch puts B runs side by side as consecutive blocks of one set of arrays (actors,
percelen, buurten, wijken; the network block-diagonal, so no tie crosses runs) and steps them
with the same phases (`sim.model.run_week`): each call then serves B runs. Everything a run
has of its own stays its own: its random streams (`sim.streams`), its market, its
tussenruimte levels, its counters and totals. Each run's actors, places, levels and tie
trust in the batch are the arrays of its own model (views into the batch's), so its Mesa
model reads the batch as it goes; at the end each model gets its own cases and memberships
back and gives exactly the results it gives when run alone with the same config and seed
(tests/test_batch.py).

Runs whose configs differ only in their seed and in the keys a run is built from (its
places, population and network: `is_build_key`) share a batch, each run built alone; `plan`
groups any list of configs that way, so runs that differ in what the week reads (a
mechanism's parameters, the strategy) go in other batches.

>>> from sim.config import Config
>>> a, b = run_batch([Config(seed=1), Config(seed=2)], weeks=2)
>>> a.summary["seed"].item(), b.summary["seed"].item()
(1, 2)
"""

import dataclasses
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from sim.agents.state import ActorState
from sim.chains.book import _CASE_FIELDS, _CASE_TABLES, _MEMBER_FIELDS, _MEMBER_TABLES, ChainBook
from sim.config import KINDS, Config, iter_params, validate
from sim.config.checks import check_batch
from sim.environment import Tussenruimte
from sim.environment.places import Places
from sim.errors import InvariantError
from sim.model import FINITE, WaardenModel, run_week
from sim.output.results import Results, collect
from sim.streams import Streams
from sim.vocabulary import WEEKS_PER_YEAR, Status
from sim.world import Market, World

#: Actor arrays that hold the id of a place, and the blocks those ids are offset by.
_PLACE_IDS = {"parcel": "parcels", "buurt": "buurten"}


def _bounds(sizes: Sequence[int]) -> np.ndarray:
    """The first index of each block and the end: [0, s0, s0 + s1, ...]."""
    return np.r_[0, np.cumsum(sizes)].astype(np.int64)


@dataclasses.dataclass
class Blocks:
    """Where each run's actors, percelen, buurten, wijken and stadsdelen start in a batch,
    and its entries of the adjacency (B + 1 bounds each)."""

    actors: np.ndarray
    parcels: np.ndarray
    buurten: np.ndarray
    wijken: np.ndarray
    stadsdelen: np.ndarray
    ties: np.ndarray

    @classmethod
    def of(cls, worlds: Sequence[World]) -> "Blocks":
        return cls(
            actors=_bounds([w.actors.n for w in worlds]),
            parcels=_bounds([w.places.n_parcels for w in worlds]),
            buurten=_bounds([len(w.places.buurt_wijk) for w in worlds]),
            wijken=_bounds([len(w.places.wijk_stadsdeel) for w in worlds]),
            stadsdelen=_bounds([w.places.wijk_stadsdeel.max() + 1 for w in worlds]),
            ties=_bounds([w.adjacency.nnz for w in worlds]),
        )

    def of_run(self, name: str, run: int) -> slice:
        bounds = getattr(self, name)
        return slice(int(bounds[run]), int(bounds[run + 1]))


def merge(worlds: Sequence[World]) -> tuple[World, Blocks]:
    """One World holding the given (new, unstepped) Worlds as blocks, and where each block
    starts. The Worlds' configs must read alike in the week (`weekly_part`); the batch takes
    the first's. Afterwards each World's changing arrays are views of the batch's (`_share`)."""
    blocks = Blocks.of(worlds)
    first = worlds[0]
    cfg = first.cfg

    def cat(get, offset: str | None = None):
        parts = [get(w) for w in worlds]
        if offset is not None:
            bounds = getattr(blocks, offset)
            parts = [p + bounds[r] for r, p in enumerate(parts)]
        return np.concatenate(parts)

    actors = ActorState(
        **{
            f.name: cat(lambda w, n=f.name: getattr(w.actors, n), _PLACE_IDS.get(f.name))
            for f in dataclasses.fields(ActorState)
        }
    )
    places = Places(
        parcel_buurt=cat(lambda w: w.places.parcel_buurt, "buurten"),
        buurt_wijk=cat(lambda w: w.places.buurt_wijk, "wijken"),
        wijk_stadsdeel=cat(lambda w: w.places.wijk_stadsdeel, "stadsdelen"),
        quality=cat(lambda w: w.places.quality),
    )
    adjacency = sp.block_diag([w.adjacency for w in worlds], format="csr").astype(np.float32)
    tussenruimte = Tussenruimte(cfg.tussenruimte, cfg.chains, len(places.wijk_stadsdeel))
    tussenruimte.level = cat(lambda w: w.tussenruimte.level)
    can_bid = cat(lambda w: w.market.can_bid)  # read at actor ids: one for the batch
    markets = [
        Market(
            w.market.bidders + blocks.actors[r],
            can_bid,
            w.market.social + blocks.actors[r],
            w.market.rng,
        )
        for r, w in enumerate(worlds)
    ]
    batch = World(
        cfg=cfg,
        rng=None,
        actors=actors,
        places=places,
        adjacency=adjacency,
        kenniskring=cat(lambda w: w.kenniskring),
        chains=ChainBook(),
        tussenruimte=tussenruimte,
        markets=markets,
        theme_preference=cat(lambda w: w.theme_preference),
        people=cat(lambda w: w.people),
        ledger_benefit=cat(lambda w: w.ledger_benefit),
        ledger_paid=cat(lambda w: w.ledger_paid),
        start={name: cat(lambda w, n=name: w.start[n]) for name in first.start},
        residents=cat(lambda w: w.residents, "actors"),
        streams=Streams([w.rng for w in worlds], blocks.actors),
        moves=Streams([w.moves.rngs[0] for w in worlds], blocks.actors),
        unowned_eur=np.zeros(len(worlds)),
    )
    batch.tie_trust = cat(lambda w: w.tie_trust)  # as each run had them (the same values)
    batch.tie_degree = cat(lambda w: w.tie_degree)
    for r, w in enumerate(worlds):
        _share(batch, blocks, r, w)
    return batch, blocks


def _share(batch: World, blocks: Blocks, run: int, world: World) -> None:
    """Make the arrays of `world` that the week changes views of its block of the batch."""
    a, p, w, t = (blocks.of_run(k, run) for k in ("actors", "parcels", "wijken", "ties"))
    for f in dataclasses.fields(ActorState):
        if f.name not in _PLACE_IDS:  # place ids do not change, and differ by the offset
            setattr(world.actors, f.name, getattr(batch.actors, f.name)[a])
    world.places.quality = batch.places.quality[p]
    world.tussenruimte.level = batch.tussenruimte.level[w]
    world.theme_preference = batch.theme_preference[a]
    world.ledger_benefit, world.ledger_paid = batch.ledger_benefit[a], batch.ledger_paid[a]
    world.start = {name: values[a] for name, values in batch.start.items()}
    world.tie_trust, world.tie_degree = batch.tie_trust[t], batch.tie_degree[a]


def _by_run(run: np.ndarray, n_runs: int) -> tuple[np.ndarray, np.ndarray]:
    """The elements in run order (each run's in the order given) and each run's bounds."""
    order = np.argsort(run, kind="stable")
    return order, np.searchsorted(run[order], np.arange(n_runs + 1))


def books_of(book: ChainBook, blocks: Blocks) -> list[ChainBook]:
    """The cases and memberships of each run of a batch, numbered as in that run alone."""
    n_runs, n = len(blocks.actors) - 1, book.n_cases
    run_of = lambda actors: np.searchsorted(blocks.actors, actors, side="right") - 1  # noqa: E731
    case_run = run_of(book.c_initiator[:n])
    cases, case_bounds = _by_run(case_run, n_runs)
    local = np.empty(n, np.int64)  # each case's id in its own run
    local[cases] = np.arange(n) - case_bounds[case_run[cases]]

    def split(fields: dict) -> list[dict]:
        order, bounds = _by_run(run_of(fields["actor"]), n_runs)
        ordered = {name: values[order] for name, values in fields.items()}
        ordered["actor"] = ordered["actor"] - blocks.actors[run_of(ordered["actor"])]
        ordered["case"] = local[ordered["case"]]
        parts = [slice(bounds[r], bounds[r + 1]) for r in range(n_runs)]
        return [{k: v[part] for k, v in ordered.items()} for part in parts]

    archived = None
    if book._archive:
        archived = split({f: np.concatenate([c[f] for c in book._archive]) for f in _MEMBER_FIELDS})
    m = book.members()
    live = split({f: getattr(book, f"m_{f}")[m] for f in [*_MEMBER_FIELDS, *_MEMBER_TABLES]})
    books = []
    for r in range(n_runs):
        ids = cases[case_bounds[r] : case_bounds[r + 1]]
        out = ChainBook(capacity=1)
        for name in [*_CASE_FIELDS, *_CASE_TABLES]:
            setattr(out, f"c_{name}", getattr(book, f"c_{name}")[ids])
        out.c_initiator -= blocks.actors[r]
        out.c_executor[out.c_executor >= 0] -= blocks.actors[r]
        out.c_parcel -= blocks.parcels[r]
        out.c_buurt -= blocks.buurten[r]
        out.n_cases = len(ids)
        if archived is not None:
            out._archive = [archived[r]]
        for name, values in live[r].items():
            setattr(out, f"m_{name}", values.copy())
        out.n_members = len(live[r]["actor"])
        books.append(out)
    return books


class Batch:
    """Models of runs that differ only in the seed and build keys, stepped as one World.

    Args:
        configs: validated configs (sim.config.validate), equal but for their seeds and build keys.
        weeks: how many weeks to step (default: the configs' run length).
    """

    def __init__(self, configs: Sequence[Config], weeks: int | None = None):
        if not configs:
            raise ValueError("a batch needs at least one run")
        shared = weekly_part(configs[0])
        for i, cfg in enumerate(configs):
            if weekly_part(cfg) != shared:
                raise ValueError(
                    f"run {i} of the batch differs from run 0 in a key the week reads (only "
                    "the seed and the keys a run is built from may differ: sim.batch.is_build_key)"
                )
        self.models = [WaardenModel(cfg, mesa_space=False) for cfg in configs]
        self.world, self.blocks = merge([m.world for m in self.models])
        self.n_weeks = self.models[0].n_weeks if weeks is None else weeks

    def run(self) -> list[Results]:
        """Step every run to the end; each run's results, in the order given."""
        while self.world.week < self.n_weeks:
            self.step()
        for model, book, unowned in zip(
            self.models,
            books_of(self.world.chains, self.blocks),
            self.world.unowned_eur,
            strict=True,
        ):
            model.world.chains = book
            model.world.unowned_eur = float(unowned)
            model.world.week = self.world.week
            model.running = False
        return [collect(model) for model in self.models]

    def step(self) -> None:
        """One week of every run: the phases once over the batch, then each run's record
        and checks."""
        world, blocks = self.world, self.blocks
        week = run_week(world)
        book, st, streams = world.chains, world.actors, world.streams
        n_runs = len(self.models)
        n = book.n_cases
        case_run = streams.run_of(book.c_initiator[:n])
        counts = np.bincount(
            case_run * len(Status) + book.c_status[:n], minlength=n_runs * len(Status)
        ).reshape(n_runs, len(Status))
        value = np.column_stack(
            [np.bincount(case_run, book.c_value[:n, j], minlength=n_runs) for j in range(3)]
        )
        active = np.zeros(st.n, np.int64)
        active[book.m_actor[book.active_rows()]] = 1
        members_active = np.add.reduceat(active, blocks.actors[:-1])
        owners = np.flatnonzero(st.ownership != 0)
        owned = np.bincount(
            streams.run_of(owners) * len(KINDS) + st.kind[owners],
            st.ownership[owners],
            minlength=n_runs * len(KINDS),
        ).reshape(n_runs, len(KINDS))
        worked, each = week.worked, lambda x: np.broadcast_to(x, n_runs)
        hours = [each(h) for h in (worked.coordination, worked.procedure, worked.productive)]
        money, co_owners = each(week.decided.money), each(week.felt.co_owners)
        full = world.week % WEEKS_PER_YEAR == 0 or world.week >= self.n_weeks
        for r, model in enumerate(self.models):
            model.world.week = world.week
            model.recorder.write(
                model,
                counts=counts[r],
                members_active=members_active[r],
                value=value[r],
                owned=owned[r],
                hours=[h[r] for h in hours],
                money=money[r],
                co_owners=co_owners[r],
            )
            try:
                model.check_state(full=full)
            except InvariantError as error:
                raise InvariantError(f"run {r} (seed {model.cfg.seed}): {error}") from None
        if full:
            self._check_cases(case_run)
        book.compact()

    def _check_cases(self, case_run: np.ndarray) -> None:
        """Case values finite (a run's own `check_state` sees no cases during a batch)."""
        book = self.world.chains
        bad = ~np.isfinite(book.c_value[: book.n_cases]).all(axis=1)
        if bad.any():
            run = int(case_run[np.flatnonzero(bad)[0]])
            raise InvariantError(
                f"week {self.world.week}: run {run} (seed {self.models[run].cfg.seed}): "
                f"cases.value reached a value outside {FINITE[2]}: the run stopped, the config "
                "takes the model beyond what it can compute"
            )


#: The groups a run is built from (places, population, network): read when its World is
#: built, not by the week's phases, but for these keys, which the week reads.
BUILD_GROUPS = ("population", "environment")
WEEKLY_KEYS = (
    "population.turnover_year",
    "environment.aspiration",
    "environment.quality_decay_year",
    "environment.parcels_per_buurt",  # the weakest perceel of a buurt: equal in a batch
    "environment.network_space",
)
#: Keys of other groups read only when a run is built: the actors' joining thresholds and
#: starting propensities.
BUILD_KEYS = ("chains.threshold", "chains.threshold_sd", "pledge.propensity")


def is_build_key(key: str) -> bool:
    """Whether a config key is read only when a run is built, so that runs differing in it
    can share a batch (each built alone; tests/test_batch.py changes every kind of them).

    >>> is_build_key("population.trust"), is_build_key("population.turnover_year")
    (True, False)
    >>> is_build_key("chains.threshold"), is_build_key("chains.attention"), is_build_key("seed")
    (True, False, True)
    """
    if key == "seed" or key in BUILD_KEYS:
        return True
    return key.split(".", 1)[0] in BUILD_GROUPS and key not in WEEKLY_KEYS


def weekly_part(cfg: Config) -> str:
    """What of a config the week's phases read (all but the seed and the build keys), as
    text: runs with the same one can share a batch."""
    return repr([(key, value) for key, value, _ in iter_params(cfg) if not is_build_key(key)])


#: Actors a batch holds at most when its size is chosen automatically (about 250 MB).
AUTO_ACTORS = 500_000
#: Runs a batch holds at most when its size is chosen automatically: past about 32 runs of
#: the default wijk the fixed cost per call is spread thin (docs/performance.md).
AUTO_RUNS = 64


def auto_size(cfg: Config) -> int:
    """How many runs of this config go in one batch when not told: as many as fit
    `AUTO_ACTORS` actors, at most `AUTO_RUNS` (1 for a city: it gains nothing).

    >>> from sim.config import Config, PopulationConfig
    >>> auto_size(Config()), auto_size(Config(population=PopulationConfig(n_actors=10**6)))
    (50, 1)
    """
    return max(1, min(AUTO_RUNS, AUTO_ACTORS // cfg.population.n_actors))


def plan(configs: Sequence[Config], batch: int | str = "auto", workers: int = 1) -> list[list[int]]:
    """The runs (indices into `configs`) of each batch: runs that differ only in their seed,
    at most `batch` together ("auto": `auto_size`), split evenly and into at least `workers`
    batches where there are runs enough.

    >>> from sim.config import Config
    >>> plan([Config(seed=s) for s in range(5)], batch=2)
    [[0, 1], [2, 3], [4]]
    >>> plan([Config(seed=s) for s in range(5)], workers=2)
    [[0, 1, 2], [3, 4]]
    """
    check_batch(batch)
    groups: dict[str, list[int]] = {}
    for i, cfg in enumerate(configs):
        groups.setdefault(weekly_part(cfg), []).append(i)
    if batch == "auto":
        most = lambda g: min(auto_size(configs[i]) for i in g)  # noqa: E731
    else:
        most = lambda g: batch  # noqa: E731
    return split(list(groups.values()), most, workers)


def split(groups: list[list[int]], most, workers: int) -> list[list[int]]:
    """Batches of the groups: each group in even parts of at most `most(group)` runs, and of
    at most an even share of all runs over the `workers` (so that one large group keeps every
    worker busy, while many small groups stay whole).

    >>> split([[0, 1, 2, 3], [4, 5, 6, 7]], lambda g: 64, 2)
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    >>> split([[0, 1, 2, 3, 4]], lambda g: 64, 2)
    [[0, 1, 2], [3, 4]]
    >>> split([[0, 1, 2, 3, 4]], lambda g: 2, 1)
    [[0, 1], [2, 3], [4]]
    """
    share = -(-sum(map(len, groups)) // max(workers, 1))
    parts = []
    for group in groups:
        n = -(-len(group) // max(1, min(most(group), share)))
        size = -(-len(group) // n)
        parts += [group[s : s + size] for s in range(0, len(group), size)]
    return parts


def run_part(configs: Sequence[Config]) -> list[Results]:
    """The results of runs that differ only in their seed: alone when there is one, else as
    a batch."""
    if len(configs) == 1:
        return [collect(WaardenModel(configs[0]).run())]
    return run_batch(configs)


def run_batch(configs: Sequence[Config], weeks: int | None = None) -> list[Results]:
    """The results of runs whose configs differ only in their seeds, stepped as one batch."""
    return Batch([validate(cfg) for cfg in configs], weeks).run()
