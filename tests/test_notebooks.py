"""The teaching notebooks run top to bottom (as `uv run pytest --nbmake notebooks/` would).

Each notebook is executed in a fresh Python kernel from the `notebooks/` folder; together they
take about a minute and a half on two cores (small runs at the default wijk: three years, a
few seeds, side by side with `sim.run_many`). They are committed without outputs, so a student
opens a clean notebook.
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
NAMES = [
    "01_kennismaking.ipynb",
    "02_compliceren_decompliceren.ipynb",
    "03_eigen_experiment.ipynb",
]


def test_the_three_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == NAMES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "clear the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path):
    book = nbformat.read(path, as_version=4)
    assert "English summary" in book.cells[0].source
    NotebookClient(
        book,
        timeout=240,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    errors = [
        o
        for c in book.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == []
