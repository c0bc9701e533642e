"""Checking values: the kind of a value (`check_value`), its range and the rules between
parameters (`validate`), each refusal one line naming key, value and what is allowed."""

import difflib
import numbers

from sim.config.memory import check_memory
from sim.config.schema import INTEGER_KEYS, PARAMS, Config, iter_params, sampled
from sim.errors import ConfigError, shown


def check_batch(value, key: str = "batch") -> None:
    """A batch size (`sim.batch`, `hydra.launcher.batch`): "auto" or a whole number >= 1.

    >>> check_batch(0, "hydra.launcher.batch")
    Traceback (most recent call last):
    sim.errors.ConfigError: hydra.launcher.batch=0 is not allowed (allowed: auto or a number >= 1)
    """
    if value == "auto":
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{key}={value!r} is not allowed (allowed: auto or a number >= 1)")


def _bound(value) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def allowed(key: str) -> str:
    """What a parameter allows, in words: 'a number from 0 to 1', 'true or false', ..."""
    default, meta = PARAMS[key]
    if meta["choices"]:
        return "one of " + ", ".join(meta["choices"])
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, str):
        return "a label: printable text without ${...}"
    span = f"from {_bound(meta['lo'])} to {_bound(meta['hi'])}"
    if isinstance(default, list):
        return f"a list of {len(default)} numbers, each {span}"
    return f"{'a whole number' if isinstance(default, int) else 'a number'} {span}"


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_value(key: str, value) -> None:
    """Refuse a value of the wrong kind for `key` before OmegaConf converts it: a switch takes
    true or false only (not 1, -1 or yes), a number no text, null or switch, a list as many
    numbers as its default, a label plain text. Ranges are `validate`'s."""
    default, meta = PARAMS[key]
    if meta["choices"]:
        ok = isinstance(value, str) and value in meta["choices"]
    elif isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, str):
        ok = _is_number(value) or (
            isinstance(value, str) and value.isprintable() and "${" not in value
        )
    elif isinstance(default, list):
        ok = (
            isinstance(value, list)
            and len(value) == len(default)
            and all(_is_number(v) for v in value)
        )
    elif isinstance(default, int):
        ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    else:
        ok = _is_number(value)
    if not ok:
        raise ConfigError(f"{key}={shown(value)} is not allowed: use {allowed(key)}")


def close_key(key: str, keys) -> str:
    """', did you mean <key>?' for the closest of `keys`, or '' when none is close."""
    match = difflib.get_close_matches(key, keys, n=1)
    return f", did you mean {match[0]}?" if match else ""


def assign(cfg: Config, key: str, value) -> None:
    *path, name = key.split(".")
    obj = cfg
    for part in path:
        obj = getattr(obj, part)
    setattr(obj, name, value)


def _plus_zero(value):
    """A float (or list of floats) with -0.0 as 0.0; other values as they are."""
    if isinstance(value, list):
        return [_plus_zero(v) for v in value]
    return value + 0.0 if isinstance(value, float) else value


def _check_range(key: str, value, meta) -> None:
    """Refuse a number (or a list element) outside the parameter's range, NaN included."""
    for v in value if isinstance(value, list) else [value]:
        if _is_number(v) and not meta["lo"] <= v <= meta["hi"]:
            raise ConfigError(f"{key}={shown(value)} is out of range: use {allowed(key)}")


def apply_draw(cfg: Config) -> None:
    """Set the parameters of posterior draw `posterior.draw` (none when it is -1)."""
    post = cfg.posterior
    if not isinstance(post.draw, int) or post.draw < 0:
        return
    from sim.config.posterior import draw_values

    for key, value in draw_values(post.draws, post.draw).items():
        if key not in PARAMS:
            raise ConfigError(
                f"posterior.draws={post.draws} is not allowed: its column {key} is no"
                " parameter; give the draws.parquet of a calibration"
            )
        assign(cfg, key, sampled(key, value) if key in INTEGER_KEYS else float(value))


def validate(cfg: Config) -> Config:
    """Check every parameter against its range and the rules between parameters, and the
    memory the run needs against the machine's; raise ConfigError naming the first bad one.

    A negative zero (`-0.0`) becomes 0.0: it passes the range check but numpy's draws read
    its sign (`scale < 0`).
    """
    apply_draw(cfg)
    for key, value, meta in iter_params(cfg):
        check_value(key, value)
        _check_range(key, value, meta)
        if isinstance(value, float | list):
            assign(cfg, key, _plus_zero(value))
    pop = cfg.population
    for name, kind in pop.kinds().items():
        if sum(kind.values) <= 0:
            raise ConfigError(
                f"population.{name}.values={shown(kind.values)} is not allowed: "
                "use three weights (social, ecological, economic) from 0 to 1 with a positive sum"
            )
    shares = sum(k.share for k in pop.kinds().values())
    if abs(shares - 1.0) > 1e-6:
        given = ", ".join(f"population.{n}.share={shown(k.share)}" for n, k in pop.kinds().items())
        raise ConfigError(f"{given} add up to {shares:.6g}: use four shares that add up to 1")
    proc = cfg.procurement
    if abs(sum(proc.firm_shares) - 1.0) > 1e-6:
        raise ConfigError(
            f"procurement.firm_shares={shown(proc.firm_shares)} is not allowed: "
            "use four shares (zzp, mkb, groot, sociaal) that add up to 1"
        )
    env = cfg.environment
    if not env.n_stadsdelen <= env.n_wijken <= env.n_buurten:
        raise ConfigError(
            f"environment.n_stadsdelen={env.n_stadsdelen}, environment.n_wijken={env.n_wijken}, "
            f"environment.n_buurten={env.n_buurten} are not allowed: "
            "use n_stadsdelen <= n_wijken <= n_buurten"
        )
    if env.local_degree % 2:
        raise ConfigError(
            f"environment.local_degree={env.local_degree} is not allowed: "
            "use an even number (a ring lattice ties k/2 neighbours on each side)"
        )
    check_memory(cfg)
    return cfg
