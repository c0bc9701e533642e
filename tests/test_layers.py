"""The packages form layers: each module imports only from its own layer or those below
(vocabulary, random streams and config at the bottom, then the environment and agents, the
business case, the mechanisms, the World, outputs, the model and its batches, and the
interfaces on top)."""

import ast
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"

#: Lowest first; a module belongs to the layer of its longest matching prefix.
LAYERS = (
    ("sim.vocabulary", "sim.errors", "sim.seeds", "sim.streams"),
    ("sim.config",),
    ("sim.environment", "sim.agents", "sim.week"),
    ("sim.business",),
    ("sim.chains",),
    ("sim.world",),
    ("sim.output",),
    ("sim.model", "sim.mesa_native", "sim.batch"),
    ("sim.api", "sim.reductions"),
    ("sim.sweeps", "sim.report", "sim.cli", "sim.app", "sim"),
)


def layer(module: str) -> int:
    matches = [
        (len(prefix), i)
        for i, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    return max(matches)[1]


def modules():
    for path in sorted(SIM.rglob("*.py")):
        parts = path.relative_to(SIM.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m for m in found if m == "sim" or m.startswith("sim.")}


@pytest.mark.parametrize("name,path", list(modules()), ids=lambda v: str(v))
def test_imports_go_down_the_layers(name, path):
    upward = [m for m in sorted(imports(path)) if layer(m) > layer(name)]
    assert not upward, f"{name} (layer {layer(name)}) imports from above: {upward}"


def test_no_import_cycle_between_packages():
    """Package a imports from b and b from a: a cycle (checked over sim's sub-packages)."""
    uses: dict[str, set[str]] = {}
    for name, path in modules():
        package = ".".join(name.split(".")[:2])
        for m in imports(path):
            other = ".".join(m.split(".")[:2])
            if other != package and m != "sim":
                uses.setdefault(package, set()).add(other)
    cycles = sorted(
        (a, b) for a, used in uses.items() for b in used if a < b and a in uses.get(b, set())
    )
    assert not cycles, f"packages that import each other: {cycles}"
