"""The memory a run needs (`memory_needed`), against what the machine has (`check_memory`)."""

import os

from sim.config.mechanisms import ChainsConfig
from sim.config.schema import Config, iter_params
from sim.errors import ConfigError, shown

MIB, GIB = 2**20, 2**30
#: Bytes a run holds at its peak, by what drives them: about 1.5 times the peak resident
#: memory of `sim.api.simulate` (the command's path) measured at 2,000 to 1,093,567 actors,
#: 2 million percelen and 10 million ties (`memory_needed`).
BASE_BYTES = 400 * MIB  # the interpreter with numpy, polars, Mesa and Hydra (measured 160-250)
ACTOR_BYTES = 600  # state arrays, the Mesa agent, the draws (measured 350-450)
ACTOR_YEAR_BYTES = 200  # case book and membership log, per actor-year (measured 100-140)
SPACE_ACTOR_BYTES = 1_000  # environment.network_space: a Mesa cell (measured about 500)
PERCEEL_BYTES = 256  # qualities and the weekly temporaries over them (measured 160)
TIE_BYTES = 88  # the sparse network, its construction and tie trust (measured 57 + 8)
SPACE_TIE_BYTES = 400  # environment.network_space: the networkx edges (measured about 250)
#: The case book and membership log grow with the initiation rates until the actors'
#: chains/actor cap saturates them: at most this many times their growth at the default rates
#: (measured: 26 times the membership rows at rates 200-1,000 times the default).
MAX_ACTIVITY = 30


def memory_needed(cfg: Config) -> dict[str, tuple[float, float, list[str]]]:
    """What a run of `cfg` needs at most, by term: {term: (bytes, count, keys)} for actors,
    percelen and ties (the network's, cross ties and the kenniskring's clique included).

    A conservative estimate from the sizes (constants above): `environment=amsterdam`
    (1,093,567 actors, 9.75 million ties) over ten years comes to 3.8 GiB against a
    measured peak of 1.5-1.9 GiB.
    """
    pop, env, chains = cfg.population, cfg.environment, cfg.chains
    n, space = pop.n_actors, env.network_space
    cross = 2 * n * sum(k.share * k.cross_ties for k in pop.kinds().values())
    pool = n * (pop.ondernemer.share + pop.ambtenaar.share)
    circle = min(env.kenniskring_size, pool) if env.kenniskring else 0
    ties = n * env.local_degree + cross + circle * (circle - 1)
    percelen = env.n_buurten * env.parcels_per_buurt
    default = ChainsConfig()
    activity = max(
        1,
        chains.bottom_up_rate / default.bottom_up_rate,
        chains.top_down_rate / default.top_down_rate,
    )
    years = cfg.run.years * min(activity, MAX_ACTIVITY)
    actor = ACTOR_BYTES + ACTOR_YEAR_BYTES * years + SPACE_ACTOR_BYTES * space
    return {
        "actors": (BASE_BYTES + n * actor, n, ["population.n_actors", "run.years"]),
        "percelen": (
            percelen * PERCEEL_BYTES,
            percelen,
            ["environment.n_buurten", "environment.parcels_per_buurt"],
        ),
        "ties": (
            ties * (TIE_BYTES + SPACE_TIE_BYTES * space),
            ties,
            ["population.n_actors", "environment.local_degree"]
            + ["environment.kenniskring_size"] * env.kenniskring,
        ),
    }


def available_memory() -> int | None:
    """Bytes of memory available now: MemAvailable of /proc/meminfo, else all physical
    memory; None where neither is known."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def check_memory(cfg: Config) -> None:
    """Refuse a config whose estimated memory (`memory_needed`) is more than is available,
    naming the keys of its largest term and how much of that term would fit."""
    terms = memory_needed(cfg)
    need = sum(size for size, _, _ in terms.values())
    have = available_memory()
    if have is None or need <= have:
        return
    term = max(terms, key=lambda t: terms[t][0])
    _, count, keys = terms[term]
    fits = int(count * max(have - BASE_BYTES, 0) / (need - BASE_BYTES))  # all terms scaled
    values = {key: value for key, value, _ in iter_params(cfg)}
    given = ", ".join(f"{key}={shown(values[key])}" for key in keys)
    raise ConfigError(
        f"{given} need an estimated {need / GIB:.1f} GiB of memory, more than the "
        f"{have / GIB:.1f} GiB available: use fewer {term} (about {fits:,} fit)"
    )
