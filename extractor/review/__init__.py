"""Review pages for auditors: each document's text with its mentions highlighted, as self-contained HTML."""

from __future__ import annotations

from pathlib import Path

from ..tables import atomic_write
from .load import ReviewError, RunData, load_run
from .render import page_name, render_document, render_index

__all__ = ["ReviewError", "RunData", "load_run", "page_name", "render_document", "render_index", "write_review"]


def write_review(run_dir: str | Path, out: str | Path | None = None, docs: list[str] | None = None) -> Path:
    """Write one page per document (or only ``docs``) and ``index.html`` to ``out`` (default RUN_DIR/review)."""
    run = load_run(run_dir)
    out = Path(out) if out else run.folder / "review"
    known = list(run.tables["documents"]["doc_id"].astype(str))
    unknown = [d for d in docs or () if d not in known]
    if unknown:
        raise ReviewError(f"no document {unknown[0]!r} in {run.folder}; known: {', '.join(known[:10])}"
                          + (" ..." if len(known) > 10 else ""))
    out.mkdir(parents=True, exist_ok=True)
    for doc_id in docs or known:
        _write(out / page_name(doc_id), render_document(run, doc_id))
    # The index links every document whose page exists, from this call or an earlier one.
    pages = {d: page_name(d) for d in known if (out / page_name(d)).is_file()}
    index = out / "index.html"
    _write(index, render_index(run, pages))
    return index


def _write(path: Path, page: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))
