"""Composing a config as the command line does: Hydra's config groups in `configs/`, the
overrides checked in one line each (`check_overrides`), a validated `Config` (`to_config`).

>>> cfg = to_config(compose_config(["strategy=opschalen", "seed=7"]))
>>> cfg.seed, cfg.strategy.name
(7, 'opschalen')
"""

import dataclasses
import threading

from hydra import compose, initialize_config_dir
from hydra._internal.utils import get_args_parser
from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import ValueType
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import OmegaConfBaseException

from sim.config.checks import allowed, check_value, close_key, validate
from sim.config.posterior import CONFIG_DIR
from sim.config.scenario import EnvironmentConfig, StrategyConfig
from sim.config.schema import PARAMS, Config
from sim.errors import ConfigError, one_line, shown

_FIELDS = {f.name for f in dataclasses.fields(Config)}

_store = ConfigStore.instance()
_store.store(name="base_config", node=Config)
_store.store(group="strategy", name="base_strategy", node=StrategyConfig)
_store.store(group="environment", name="base_environment", node=EnvironmentConfig)

#: The config groups of configs/ and their options (files starting with _ are parts of others).
GROUPS = {
    d.name: sorted(p.stem for p in d.glob("*.yaml") if not p.stem.startswith("_"))
    for d in sorted(CONFIG_DIR.iterdir())
    if d.is_dir() and d.name != "hydra"
}
#: Groups every run needs: those of configs/config.yaml's defaults list.
REQUIRED_GROUPS = tuple(
    group
    for item in OmegaConf.to_container(OmegaConf.load(CONFIG_DIR / "config.yaml").defaults)
    if isinstance(item, dict)
    for group in item
)
#: Keys a sweep adds with `+key=value` that are not model parameters (`sim.cli.SWEEP_KEYS`).
SWEEP_KEYS = ("replication", "point")
_NODES = {key.rpartition(".")[0] for key in PARAMS} - {""}
_KEYS = [*PARAMS, *GROUPS, *SWEEP_KEYS]


def _values(override) -> list:
    """The values an override sets: one, or each of a sweep's (interval sweeps: none)."""
    if override.value_type == ValueType.ELEMENT:
        return [override.value()]
    if override.value_type in (ValueType.CHOICE_SWEEP, ValueType.SIMPLE_CHOICE_SWEEP,
                               ValueType.RANGE_SWEEP):  # fmt: skip
        return list(override.sweep_iterator())
    return []


def check_key(key: str, value) -> None:
    """Refuse a value for a model key, a node of keys or a key that does not exist."""
    if key in PARAMS:
        check_value(key, value)
    elif key in _NODES and isinstance(value, dict):
        for name, v in value.items():
            check_key(f"{key}.{name}", v)
    elif key in _NODES:
        keys = [k for k in PARAMS if k.startswith(key + ".")]
        more = ", ..." if len(keys) > 3 else ""
        raise ConfigError(
            f"{key}={shown(value)} is not allowed: {key} holds keys, set one of them "
            f"({', '.join(keys[:3])}{more})"
        )
    else:
        hint = close_key(key, _KEYS) or " (every key: docs/ODD.md, table D.1)"
        raise ConfigError(f"{key}={shown(value)} is not allowed: no such key{hint}")


def check_overrides(overrides: list[str]) -> None:
    """Refuse, in one line, an override composing would take but the model must not: a
    switch as 1 or yes, a number as text, a deleted group or key, an interpolation; and name
    what a bad key or option should be (the closest key, the group's options).

    Hydra's own keys (`hydra...`, `hydra/...`) are left to Hydra.
    """
    parser = OverridesParser.create()
    for line in overrides:
        try:
            override = parser.parse_override(line)
        except HydraException as error:
            raise ConfigError(
                f"{line} is not allowed: write key=value, e.g. tussenruimte.friction=0.5"
            ) from error
        key = override.key_or_group
        if key.split(".")[0].split("/")[0] == "hydra" or override.package is not None:
            continue
        if override.is_delete():
            if key in GROUPS and key not in REQUIRED_GROUPS:
                continue
            what = f"use one of {', '.join(GROUPS[key])}" if key in GROUPS else "set it instead"
            raise ConfigError(f"~{key} is not allowed: {key} is required, {what}")
        for value in _values(override):
            if key in GROUPS:
                # An option not in configs/ may come from --config-dir: Hydra names the options.
                if value is None and key in REQUIRED_GROUPS:
                    raise ConfigError(
                        f"{key}={shown(value)} is not allowed: use one of {', '.join(GROUPS[key])}"
                    )
            elif key in SWEEP_KEYS and override.is_add():
                continue  # sim.cli checks them
            elif override.is_add() and not override.is_force_add() and key in PARAMS:
                raise ConfigError(
                    f"+{key}={shown(value)} is not allowed: {key} exists, "
                    f"set it without +: use {allowed(key)}"
                )
            else:
                check_key(key, value)


def job_overrides() -> list[str]:
    """The overrides of the Hydra job running now (the command line's), none outside a job."""
    if not HydraConfig.initialized():
        return []
    hydra = HydraConfig.get()
    ours = any(
        s.provider == "main" and s.path == str(CONFIG_DIR) for s in hydra.runtime.config_sources
    )
    return OmegaConf.to_container(hydra.overrides.task, resolve=False) if ours else []


def explain(error: BaseException, argv: list[str]) -> str | None:
    """The one line for an error of the command line `argv` (or a list of overrides): ours
    as it is, else the first override `check_overrides` refuses, else Hydra's or OmegaConf's
    own line (`sim.errors.one_line`); None for another error no override explains."""
    if isinstance(error, ConfigError):
        return str(error)
    try:
        check_overrides(get_args_parser().parse_known_args(argv)[0].overrides)
    except ConfigError as found:
        return str(found)
    if isinstance(error, HydraException | OmegaConfBaseException):
        return one_line(error)
    return None


#: Hydra's global state is not thread-safe: one composition at a time in a process.
_compose_lock = threading.Lock()


def compose_config(overrides: list[str] | None = None) -> DictConfig:
    """The composed config for these overrides, exactly as the command line would make it.

    Raises ConfigError with the line the command prints (Hydra's or OmegaConf's error kept
    as `__cause__`) for an override the model refuses.
    """
    overrides = list(overrides or [])
    try:
        with _compose_lock, initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=overrides)
    except Exception as error:
        message = explain(error, overrides)
        if message is None:
            raise
        raise ConfigError(message) from error
    check_overrides(overrides)
    return cfg


def to_config(cfg: DictConfig) -> Config:
    """A validated `Config` from a composed DictConfig (drops Hydra's own node).

    Inside a Hydra job of this app (the command line) the job's overrides are checked first
    (`check_overrides`: what composing let through). A config composed against the schema
    (`base_config`) was type-checked by Hydra already and converts directly; anything else
    is merged into the schema first, which names a bad key.
    """
    check_overrides(job_overrides())
    try:
        if OmegaConf.get_type(cfg) is Config and set(cfg) - {"hydra"} <= _FIELDS:
            cfg = cfg.copy()
            with open_dict(cfg):
                cfg.pop("hydra", None)
            config = OmegaConf.to_object(cfg)
        else:
            plain = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"])
            config = OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(Config), plain))
    except OmegaConfBaseException as error:
        raise ConfigError(one_line(error)) from error
    return validate(config)
