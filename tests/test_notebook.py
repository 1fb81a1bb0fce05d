"""notebooks/explore.ipynb runs top to bottom (nbclient) against a real Bolt server, and its
figures draw every Chinese name (matplotlib's "Glyph … missing from font(s)" is an error)."""
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.neo4j
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_notebook_runs_top_to_bottom(bolt):
    # ``bolt``: with NEO4J_URI set the notebook's kg.load() writes there, so the same guard
    # against a database holding someone's data applies.
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # A name drawn as empty boxes is a broken figure: make matplotlib's warning an error.  The
    # inline backend renders after the cell, where an error is only printed, so the printed
    # streams are checked below as well.
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        "import warnings\n"
        "warnings.filterwarnings('error', message=r'(?s).*[Gg]lyph.*missing from')"))
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError if a cell fails
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "missing from" not in printed, printed[:2000]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the figure was drawn
    text = "".join(o.get("text", "") for o in outputs) + "".join(
        str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "孟景伟" in text and "Official" in text
