"""Shared fixtures: the seed report run once per session, paths to the bundled and shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed"
SHARED = ROOT.parent / "shared"
REAL = SHARED / "corpus" / "real"

needs_shared = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not beside the checkout")


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """A run of the whole pipeline over the bundled seed corpus: (out dir, summary)."""
    from extractor.run import run

    out = tmp_path_factory.mktemp("seed-run")
    summary = run([SEED], out, quiet=True)
    return out, summary


@pytest.fixture(scope="session")
def seed_docs():
    """The seed report extracted from each of its three formats, keyed by extension."""
    from extractor import extract

    return {ext: extract(SEED / f"seed-report.{ext}") for ext in ("txt", "docx", "pdf")}
