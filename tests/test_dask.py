"""The dask engine on a real local cluster writes the same tables as the local process pool."""

from __future__ import annotations

import pandas as pd
import pytest

from extractor.run import run

from .conftest import SEED
from .test_resume import assert_same_tables, seed_archive
from .test_run import _fragile

pytest.importorskip("distributed")


def test_dask_local_cluster_gives_the_tables_of_the_local_engine(tmp_path):
    inputs = seed_archive(tmp_path / "in", 2)
    (inputs / "slides.odp").write_text("not a report")
    local = run([inputs], tmp_path / "local", quiet=True, workers=1)
    dask = run([inputs], tmp_path / "dask", quiet=True, workers=2, engine="dask")
    assert (dask.documents, dask.errors, dask.processed) == (local.documents, local.errors, 7)
    assert_same_tables(tmp_path / "dask", tmp_path / "local")
    # The dask run's parts are the local engine's too: resuming it with the local engine has nothing to do.
    assert run([inputs], tmp_path / "dask", quiet=True, workers=1).processed == 0


def test_a_document_that_kills_its_dask_worker_becomes_its_error_row(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("segfault.txt", "good.txt"):
        (tmp_path / "in" / name).write_bytes((SEED / "seed-report.txt").read_bytes())
    summary = run([tmp_path / "in"], tmp_path / "out", quiet=True, workers=2, engine="dask", extract=_fragile)
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    assert (summary.documents, summary.errors) == (2, 1)
    assert docs.loc["segfault.txt", "error"] == "crash: the dask worker died on this document"
    assert docs.loc["good.txt", "number"] == "/BC-BDT"


def test_a_timeout_is_refused_on_dask_rather_than_ignored(tmp_path):
    with pytest.raises(ValueError, match="local engine only"):
        run([SEED], tmp_path / "out", engine="dask", timeout=5)
