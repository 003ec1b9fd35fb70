"""Batch runs: many files in, the six tables and the normalised texts out."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .models import Document
from .pipeline import extract
from .tables import document_tables, write_tables

_SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def discover(paths: list[str | Path]) -> list[tuple[Path, str]]:
    """Files under ``paths`` in a deterministic order, each with its doc_id (path relative to its root)."""
    found: list[tuple[Path, str]] = []
    for root in map(Path, paths):
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name in _SKIP_NAMES or name.startswith(("~$", ".")):
                        continue
                    path = Path(dirpath) / name
                    found.append((path, path.relative_to(root).as_posix()))
        else:
            found.append((root, root.name))
    return sorted(found, key=lambda item: item[1])


@dataclass
class RunSummary:
    """What a run did: documents read, how many failed, where the tables are."""

    documents: int
    errors: int
    out: Path


def write_text(doc: Document, out: Path) -> None:
    """Write the document's normalised text to ``out/text/<doc_id>.txt``."""
    path = out / "text" / f"{doc.doc_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc.text.text, encoding="utf-8")


def run(paths: list[str | Path], out: str | Path, quiet: bool = False) -> RunSummary:
    """Extract every file under ``paths`` and write the tables and texts to ``out``."""
    out = Path(out)
    files = discover(paths)
    ids = [doc_id for _, doc_id in files]
    if len(set(ids)) != len(ids):
        raise ValueError("two inputs give the same doc_id; pass one folder or files with distinct names")
    docs: list[Document] = []
    progress = _progress(len(files), quiet)
    for path, doc_id in files:
        doc = extract(path, doc_id)
        write_text(doc, out)
        docs.append(doc)
        progress(doc)
    write_tables(document_tables(docs), out)
    return RunSummary(len(docs), sum(d.status == "error" for d in docs), out)


def _progress(total: int, quiet: bool):
    # A bar on a terminal; plain lines in logs (CI, nohup), where a bar's carriage returns are noise.
    if quiet:
        return lambda doc: None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="doc", file=sys.stderr)
        errors = 0

        def tick(doc: Document) -> None:
            nonlocal errors
            errors += doc.status == "error"
            bar.set_postfix(errors=errors, refresh=False)
            bar.update(1)
            if bar.n == total:
                bar.close()

        return tick
    done = 0

    def log(doc: Document) -> None:
        nonlocal done
        done += 1
        status = doc.status if doc.status == "ok" else f"error: {doc.error}"
        print(f"[{done}/{total}] {doc.doc_id}: {status}", file=sys.stderr)

    return log
