"""The model as the app makes it: one keyword argument per control, and read-only views.

`AppModel` is a `WaardenModel` whose constructor takes the app's controls as keyword
arguments (Mesa's SolaraViz re-creates a model as `type(model)(**params)` on Reset). It turns
them into the same Hydra overrides the command line takes, so the page can show the equivalent
`uv run waardenmakerij ...` command. It changes no mechanism: it only composes a config, locks
a step against a redraw, and computes positions for drawing once per model.
"""

import copy
import functools
import threading
import time
from dataclasses import dataclass

import numpy as np
from omegaconf import OmegaConf

from sim.api import CONFIG_DIR, compose_config, to_config
from sim.app import memory
from sim.app.figures import digest
from sim.chains.book import MOBILISEREN, REALISEREN
from sim.config import KINDS
from sim.model import WaardenModel
from sim.vocabulary import Role

KNOBS = ("scope_cap", "team_size_cap", "value_added_filter", "invitation", "case_scale")
PRESETS = ("onbeheerst", "opschalen", "downscalen")

#: The knobs of each strategy preset, read from configs/strategy/*.yaml.
STRATEGIES = {
    name: {
        k: v
        for k, v in OmegaConf.load(CONFIG_DIR / "strategy" / f"{name}.yaml").items()
        if k in KNOBS
    }
    for name in PRESETS
}
TEAM_SIZES = (5, 8, 15, 30, 60, 10_000)

#: Hydra's global state is not thread-safe; many sessions compose configs at once.
_compose_lock = threading.Lock()


@dataclass
class Settings:
    """The app's controls; the defaults are the model's defaults (`uv run waardenmakerij`)."""

    strategy: str = "downscalen"
    scope_cap: int = 4
    team_size_cap: int = 30
    value_added_filter: bool = True
    invitation: str = "network"
    case_scale: str = "perceel"
    friction: float = 0.5
    deterrence: float = 1.0
    trust: float = 0.66
    money: float = 1.0
    hours: float = 1.0
    kenniskring: bool = False
    trusted_ties: bool = True
    direction: float = 0.8
    ownership: float = 0.5
    path_hours: float = 0.02
    lead_capacity: int = 1
    seed: int = 42

    def preset(self) -> str:
        """The strategy preset these knobs equal, or "eigen" (custom)."""
        knobs = {k: getattr(self, k) for k in KNOBS}
        for name, preset in STRATEGIES.items():
            if knobs == preset:
                return name
        return "eigen"

    def overrides(self) -> list[str]:
        """The Hydra overrides for these settings (defaults left out)."""
        default = Settings()
        base = self.preset() if self.preset() != "eigen" else self.strategy
        out = [] if base == default.strategy else [f"strategy={base}"]
        preset = STRATEGIES.get(base, {})
        for k in KNOBS:
            v = getattr(self, k)
            if preset.get(k) != v:
                out.append(f"strategy.{k}={str(v).lower() if isinstance(v, bool) else v}")
        if self.friction != default.friction:
            out.append(f"tussenruimte.friction={self.friction:g}")
        if self.deterrence != default.deterrence:
            out.append(f"tussenruimte.deterrence={self.deterrence:g}")
        if self.trust != default.trust:
            out.append(f"population.trust={self.trust:g}")
        if self.kenniskring:
            out.append("environment.kenniskring=true")
        if not self.trusted_ties:
            out.append("chains.trusted_ties=false")
        if self.direction != default.direction:
            out.append(f"chains.direction={self.direction:g}")
        if self.ownership != default.ownership:
            out.append(f"ownership.effect={self.ownership:g}")
        if self.path_hours != default.path_hours:
            out.append(f"chains.path_hours={self.path_hours:g}")
        if self.lead_capacity != default.lead_capacity:
            out.append(f"chains.lead_capacity={self.lead_capacity}")
        if self.seed != default.seed:
            out.append(f"seed={self.seed}")
        return out + self._resource_overrides()

    def _resource_overrides(self) -> list[str]:
        if self.money == 1.0 and self.hours == 1.0:
            return []
        base = _kind_defaults()
        out = []
        for kind in KINDS:
            money, income, hours = base[kind]
            if self.money != 1.0:
                out.append(f"population.{kind}.money_eur={money * self.money:g}")
                out.append(f"population.{kind}.income_eur_week={income * self.money:g}")
            if self.hours != 1.0:
                out.append(f"population.{kind}.hours_week={hours * self.hours:g}")
        return out

    def command(self) -> str:
        """The command line that runs the same model."""
        return " ".join(["uv run waardenmakerij", *self.overrides()])


_KIND_DEFAULTS: dict[str, tuple[float, float, float]] = {}


def _kind_defaults() -> dict[str, tuple[float, float, float]]:
    """Money, income and hours a week of each kind in the default config."""
    if not _KIND_DEFAULTS:
        cfg = compose([])
        for kind in KINDS:
            k = getattr(cfg.population, kind)
            _KIND_DEFAULTS[kind] = (k.money_eur, k.income_eur_week, k.hours_week)
    return _KIND_DEFAULTS


def compose(overrides: list[str]):
    """A validated Config from overrides (a copy of the one composed first for them: Hydra takes
    0.2 s, and a class mostly opens the same conditions)."""
    return copy.deepcopy(_composed(tuple(overrides)))


@functools.lru_cache(maxsize=64)
def _composed(overrides: tuple[str, ...]):
    with _compose_lock:  # Hydra's global state is not thread-safe
        return to_config(compose_config(list(overrides)))


class AppModel(WaardenModel):
    """A WaardenModel made from the app's controls, with drawing positions and a step lock."""

    def __init__(
        self,
        strategy: str = "downscalen",
        scope_cap: int = 4,
        team_size_cap: int = 30,
        value_added_filter: bool = True,
        invitation: str = "network",
        case_scale: str = "perceel",
        friction: float = 0.5,
        deterrence: float = 1.0,
        trust: float = 0.66,
        money: float = 1.0,
        hours: float = 1.0,
        kenniskring: bool = False,
        trusted_ties: bool = True,
        direction: float = 0.8,
        ownership: float = 0.5,
        path_hours: float = 0.02,
        lead_capacity: int = 1,
        seed: int = 42,
    ):
        self.settings = Settings(
            strategy,
            int(scope_cap),
            int(team_size_cap),
            bool(value_added_filter),
            invitation,
            case_scale,
            float(friction),
            float(deterrence),
            float(trust),
            float(money),
            float(hours),
            bool(kenniskring),
            bool(trusted_ties),
            float(direction),
            float(ownership),
            float(path_hours),
            int(lead_capacity),
            int(seed),
        )
        super().__init__(compose(self.settings.overrides()))
        self.lock = threading.RLock()
        self.layout = WijkLayout(self)
        #: The page's (reacton) render context: set when a page draws this model, else None.
        self.render_context = None
        memory.alive.add(self)

    def step(self) -> None:
        """One week, never while the page is being redrawn; nothing after the last week.

        Mesa's play loop steps in a thread of its own, while a click (play, a switch) redraws
        the page in another. Reacton lets that other thread redraw for as long as the state
        keeps changing, so a model stepping on regardless keeps it redrawing and the page stops
        answering clicks (pause included). A step therefore waits for the page's render lock
        (`render_context`, set by the page) and steps while holding it. The run ends by
        standing still at its last week with `running` left on, so Mesa's play button still
        works after the conditions start a new model.
        """
        if self.week >= self.n_weeks:
            time.sleep(0.25)
            return
        rc = self.render_context
        lock = getattr(rc, "thread_lock", None)
        held = (
            lock is not None and getattr(rc, "_lock_thread", None) is not threading.current_thread()
        )
        if held:
            held = lock.acquire(timeout=5.0)
        try:
            with self.lock:
                super().step()
        finally:
            if held:
                lock.release()
        self.running = True

    # ------------------------------------------------------------------ read-only views
    def current_roles(self) -> np.ndarray:
        """Each actor's current role index (the most central one), -1 without a role."""
        book = self.chains
        rows = book.active_rows()
        rows = rows[np.isin(book.c_status[book.m_case[rows]], (MOBILISEREN, REALISEREN))]
        priority = (Role.INITIATIEFNEMER, Role.UITVOERDER, Role.COPRODUCENT, Role.ONDERSTEUNER)
        rank_of_role = np.argsort(priority)  # role -> its place in the priority
        ranks = np.full(self.actors.n, 9)
        np.minimum.at(ranks, book.m_actor[rows], rank_of_role[book.m_role[rows]])
        role_of_rank = np.array(priority)
        out = np.full(self.actors.n, -1)
        has = ranks < 9
        out[has] = role_of_rank[ranks[has]]
        return out

    def active_chains(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Active memberships as (actor, initiator of its case, case status)."""
        book = self.chains
        rows = book.active_rows()
        status = book.c_status[book.m_case[rows]]
        keep = np.isin(status, (MOBILISEREN, REALISEREN))
        rows, status = rows[keep], status[keep]
        return book.m_actor[rows], book.c_initiator[book.m_case[rows]], status

    def active_cases(self) -> tuple[np.ndarray, np.ndarray]:
        """Perceel and status of every active case."""
        book = self.chains
        status = book.c_status[: book.n_cases]
        ids = np.flatnonzero(np.isin(status, (MOBILISEREN, REALISEREN)))
        return book.c_parcel[ids], status[ids]


class WijkLayout:
    """Where each perceel, buurt and actor is drawn: a stylised map, computed once per model.

    Buurten are blocks on a grid, each a grid of its percelen; an actor sits at a random
    spot on its home perceel. The network view and the map share these positions, so a tie
    across the wijk is a long line and a local tie a short one.
    """

    GAP = 0.8

    def __init__(self, model: WaardenModel):
        places = model.places
        n_buurten = len(places.buurt_wijk)
        per_buurt = model.cfg.environment.parcels_per_buurt
        self.cols = int(np.ceil(np.sqrt(n_buurten * 1.5)))
        self.rows = int(np.ceil(n_buurten / self.cols))
        self.pcols = int(np.ceil(np.sqrt(per_buurt * 4 / 3)))
        self.prows = int(np.ceil(per_buurt / self.pcols))
        bw, bh = self.pcols + self.GAP, self.prows + self.GAP
        b = np.arange(n_buurten)
        self.buurt_origin = np.c_[(b % self.cols) * bw, (self.rows - 1 - b // self.cols) * bh]
        self.buurt_size = (float(self.pcols), float(self.prows))
        p = np.arange(places.n_parcels)
        local = p % per_buurt
        self.parcel_origin = (
            self.buurt_origin[places.parcel_buurt]
            + np.c_[local % self.pcols, self.prows - 1 - local // self.pcols]
        )
        rng = np.random.default_rng(model.cfg.seed + 1)
        jitter = rng.uniform(0.08, 0.92, (model.actors.n, 2))
        self.actor_xy = self.parcel_origin[model.actors.parcel] + jitter
        self.width = self.cols * bw - self.GAP
        self.height = self.rows * bh - self.GAP
        # Every tie once, as segments between the actors' positions (drawn once per figure).
        adj = model.adjacency.tocoo()
        upper = adj.row < adj.col
        self.edges = np.stack(
            [self.actor_xy[adj.row[upper]], self.actor_xy[adj.col[upper]]], axis=1
        )
        # Equal for models drawn alike: their sessions share the figures (`figures.shared`).
        self.map_key = digest(self.parcel_origin, self.buurt_origin)
        self.network_key = digest(self.actor_xy, self.edges, self.buurt_origin, model.actors.kind)
