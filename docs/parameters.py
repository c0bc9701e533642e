"""Generate the parameter tables of docs/ODD.md from sim/config.py and configs/.

    uv run python docs/parameters.py           # rewrite the generated block in docs/ODD.md
    uv run python docs/parameters.py --check   # exit 1 if the block is stale, write nothing

The block between `<!-- parameters:start -->` and `<!-- parameters:end -->` holds four
tables, all generated: every parameter of `sim.config.Config` (key, default, unit, range or
choices, source), the presets of `configs/` where they differ from the schema, the theme
loadings on the capitals and the theme effects of the MKBA. Everything outside the markers
is written by hand.

The table of the 'Uncertain parameters' appendix (between `<!-- uncertain:start -->` and
`<!-- uncertain:end -->`) is generated too, from `sim.config.uncertain`, where the package
keeps the ranges a sensitivity analysis or calibration draws from (`uncertain_ranges`).
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python docs/parameters.py` puts docs/ first, not the root
    sys.path.insert(0, str(ROOT))

from sim.config import Config, iter_params  # noqa: E402
from sim.config.uncertain import UNCERTAIN, ranges  # noqa: E402

ODD = ROOT / "docs" / "ODD.md"
START, END = "<!-- parameters:start -->", "<!-- parameters:end -->"
UNCERTAIN_START, UNCERTAIN_END = "<!-- uncertain:start -->", "<!-- uncertain:end -->"
HEADER = ("key", "default", "unit", "range or choices", "source")


def format_value(value) -> str:
    """A parameter value as the table shows it: exact (repr precision), Hydra spelling."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format(value, ",")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def format_range(meta) -> str:
    """The allowed values of a parameter, from its field metadata."""
    if meta.get("choices"):
        return "one of " + ", ".join(f"`{c}`" for c in meta["choices"])
    if meta.get("lo") is not None:
        return f"{format_value(meta['lo'])} – {format_value(meta['hi'])}"
    return "true / false" if meta.get("unit", "").startswith("switch") else "plain text, no ${…}"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _row(cells) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def split_row(line: str) -> list[str]:
    """The cells of a markdown table row (escaped pipes stay inside their cell)."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def parameter_rows(cfg: Config | None = None) -> list[tuple[str, str, str, str, str]]:
    """(key, default, unit, range, source) for every parameter, in schema order."""
    cfg = cfg if cfg is not None else Config()
    return [
        (key, format_value(value), meta.get("unit", ""), format_range(meta), meta["source"])
        for key, value, meta in iter_params(cfg)
    ]


def parameter_table(cfg: Config | None = None) -> str:
    lines = [_row(HEADER), _row(["---"] * len(HEADER))]
    lines += [_row([f"`{key}`", *rest]) for key, *rest in parameter_rows(cfg)]
    return "\n".join(lines)


def _presets() -> list[tuple[str, list[str]]]:
    """(column title, overrides) for the run default and every strategy and environment file."""
    columns = [("run default (`configs/config.yaml`)", [])]
    for group in ("strategy", "environment"):
        for path in sorted((ROOT / "configs" / group).glob("*.yaml")):
            columns.append((f"`{group}={path.stem}`", [f"{group}={path.stem}"]))
    return columns


def preset_table() -> str:
    """Keys where a composed preset differs, one column a preset.

    The run default (`configs/config.yaml`) is compared with the schema; each
    `group=preset` override is compared with the run default it is composed over.
    """
    from sim.api import compose_config, to_config

    schema = {key: value for key, value, _ in iter_params(Config())}
    columns = _presets()
    composed = [
        {key: value for key, value, _ in iter_params(to_config(compose_config(overrides)))}
        for _, overrides in columns
    ]
    run, presets = composed[0], composed[1:]
    keys = [k for k in schema if run[k] != schema[k] or any(c[k] != run[k] for c in presets)]
    lines = [
        _row(["key", "schema default", *(title for title, _ in columns)]),
        _row(["---"] * (len(columns) + 2)),
    ]
    for key in keys:
        cells = [format_value(run[key]) if run[key] != schema[key] else "·"]
        cells += [format_value(c[key]) if c[key] != run[key] else "·" for c in presets]
        lines.append(_row([f"`{key}`", format_value(schema[key]), *cells]))
    return "\n".join(lines)


def loadings_table() -> str:
    """How each theme loads on the three capitals (`sim.environment.places.THEME_LOADINGS`)."""
    from sim.environment.places import THEME_LOADINGS
    from sim.vocabulary import CAPITALS, THEMES

    lines = [_row(["theme", *CAPITALS]), _row(["---"] * (len(CAPITALS) + 1))]
    for theme, row in zip(THEMES, THEME_LOADINGS, strict=True):
        lines.append(_row([f"`{theme}`", *(format_value(float(v)) for v in row)]))
    return "\n".join(lines)


def effects_table() -> str:
    """How a quality gain on each theme works out on each MKBA effect
    (`sim.environment.places.THEME_EFFECTS`), and each effect's capital."""
    from sim.environment.places import EFFECT_CAPITAL, THEME_EFFECTS
    from sim.vocabulary import CAPITALS, EFFECTS, THEMES

    lines = [_row(["theme", *EFFECTS]), _row(["---"] * (len(EFFECTS) + 1))]
    for theme, row in zip(THEMES, THEME_EFFECTS, strict=True):
        lines.append(_row([f"`{theme}`", *(format_value(float(v)) for v in row)]))
    capital = [CAPITALS[int(i)] for i in EFFECT_CAPITAL.argmax(axis=1)]
    lines.append(_row(["capital", *capital]))
    return "\n".join(lines)


def block() -> str:
    """The whole generated block, markers included."""
    return "\n".join(
        [
            START,
            "<!-- generated by `uv run python docs/parameters.py`: do not edit by hand -->",
            "",
            "### D.1 Every parameter (`sim.config.Config`)",
            "",
            "Defaults are the schema's (`sim.config.Config()`), which are the run default "
            "(`configs/config.yaml`: environment `wijk`, strategy `downscalen`); the presets of "
            "D.2 change them.",
            "",
            parameter_table(),
            "",
            "### D.2 Presets in `configs/`",
            "",
            "Only keys that some preset changes. The run default column shows where "
            "`configs/config.yaml` differs from the schema (· = as the schema); each "
            "`group=preset` column shows where that override differs from the run default "
            "(· = as the run default).",
            "",
            preset_table(),
            "",
            "### D.3 Theme loadings on the capitals (`sim.environment.places.THEME_LOADINGS`)",
            "",
            loadings_table(),
            "",
            "### D.4 Theme effects for the MKBA (`sim.environment.places.THEME_EFFECTS`)",
            "",
            "The last row is each effect's capital (`sim.environment.places.EFFECT_CAPITAL`); "
            "D.3 is this table summed per capital.",
            "",
            effects_table(),
            "",
            END,
        ]
    )


def current_block(text: str) -> str:
    """The block between the markers (markers included) in a text."""
    start, end = text.index(START), text.index(END) + len(END)
    return text[start:end]


def rewrite(path: Path = ODD) -> bool:
    """Replace the block in `path` with a fresh one; return whether anything changed."""
    text = path.read_text(encoding="utf-8")
    new = text.replace(current_block(text), block())
    new = new.replace(current_uncertain(new), uncertain_block())
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def uncertain_ranges() -> dict[str, tuple[float, float]]:
    """{key: (low, high)} of the uncertain parameters (`sim.config.uncertain`)."""
    return ranges()


def bound(value: float) -> str:
    """A range bound as the appendix prints it: 1,000 for 1000.0, 0.45 as it is."""
    return format(int(value), ",") if value == int(value) else format(value, ",")


def uncertain_block() -> str:
    """The appendix's table of uncertain parameters, between its markers."""
    rows = [
        f"| `{key}` | {bound(lo)} | {bound(hi)} | {why} |"
        for key, (lo, hi, why) in UNCERTAIN.items()
    ]
    head = ["| key | low | high | why uncertain |", "|---|---|---|---|"]
    return "\n".join([UNCERTAIN_START, *head, *rows, UNCERTAIN_END])


def current_uncertain(text: str) -> str:
    start, end = text.index(UNCERTAIN_START), text.index(UNCERTAIN_END) + len(UNCERTAIN_END)
    return text[start:end]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        text = ODD.read_text(encoding="utf-8")
        stale = current_block(text) != block() or current_uncertain(text) != uncertain_block()
        print(f"{ODD}: parameter table {'is stale' if stale else 'is current'}")
        return 1 if stale else 0
    changed = rewrite()
    print(f"{ODD}: parameter table {'rewritten' if changed else 'already current'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
