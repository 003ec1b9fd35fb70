"""The exploration notebook runs top to bottom in a real kernel (nbclient), so it cannot rot; outputs stay uncommitted."""

from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore_run.ipynb"


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_notebook_executes_on_the_bundled_corpus(monkeypatch, tmp_path):
    monkeypatch.delenv("EXTRACTOR_RUN", raising=False)  # the notebook's default: run the pipeline on corpus/seed
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # ... into a temporary folder, here the test's own
    # The kernel imports this checkout's extractor, whatever an installed copy points at.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 5  # OCR/errors, cited, issuers, years, money
    html = "\n".join(o["data"].get("text/html", "") for o in outputs if "data" in o)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("extractor-run-")]
    assert "Kế hoạch" in html and "511/KH-UBND" in html and "748684000000" in html
