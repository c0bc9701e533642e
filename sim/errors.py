"""The project's errors: a config, or the state a run makes of it, that the model does not allow.

Every message is one line naming the key (or the week and quantity), the value and what is
allowed. `one_line` gives that line for any error a config can raise: ours as it is, Hydra's
and OmegaConf's from the key and options they carry.
"""

from hydra.errors import HydraException, MissingConfigException
from omegaconf.errors import OmegaConfBaseException


class ConfigError(ValueError):
    """A config value the model does not allow (one line: key, value, what is allowed)."""


class InvariantError(ConfigError):
    """A run reached a state the model does not allow (one line: week, quantity, values)."""


def one_line(error: BaseException) -> str:
    """The one-line message of a config error, with its key when Hydra or OmegaConf knows it."""
    if isinstance(error, ConfigError):
        return str(error)
    while error.__cause__ is not None and isinstance(error, HydraException):
        error = error.__cause__
    text = " ".join(str(error).split("\n")[0].split())
    key = getattr(error, "full_key", None)
    if isinstance(error, OmegaConfBaseException) and key:
        return f"{key}: {text}"
    if isinstance(error, MissingConfigException) and error.missing_cfg_file:
        group, _, name = error.missing_cfg_file.rpartition("/")
        options = [o for o in error.options or [] if not o.startswith("base_")]
        allowed = f"use one of {', '.join(options)}" if options else "no such config file"
        return f"{group or 'config'}={name} is not allowed: {allowed}"
    return text


def shown(value) -> str:
    """A value as a message shows it: true/false, null, 'text', [a, b], numbers as Python's."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    return repr(value)
