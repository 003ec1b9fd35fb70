"""Batch runs: many files in, the six tables and the normalised texts out; parallel, resumable, incremental.

Each document's result is saved as a part under ``DIR/.parts`` named by its doc_id, its content hash and
the pipeline version, before the tables are merged from the parts. A re-run (after new files, changed
files, deleted files or a ``kill -9``) processes only what has no part yet and merges again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .engines import Task, default_workers, run_dask, run_local
from .merge import merge
from .models import Document
from .parts import Part, PartStore, content_hash, pipeline_version, process, process_and_store, write_text
from .progress import Progress
from .tables import TABLES, atomic_write

_AUDIT_OUTPUTS = ("findings.csv", "findings.parquet", "cited_documents.csv", "cited_documents.parquet", "audit.html")
_SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def discover(paths: list[str | Path], out: str | Path | None = None) -> list[tuple[Path, str]]:
    """Files under ``paths`` in a deterministic order, each with its doc_id (path relative to its root).

    The output folder ``out`` and any other run folder (one holding ``.parts``) are not inputs: a run
    whose output sits inside its archive must not read its own tables back on the next run.
    """
    skip = Path(out).resolve() if out is not None else None
    found: list[tuple[Path, str]] = []
    for root in map(Path, paths):
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                if Path(dirpath).resolve() == skip or ".parts" in dirnames:
                    dirnames[:] = []
                    continue
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
    """What a run did: documents in the tables, how many failed, where the tables are, what this run processed."""

    documents: int
    errors: int
    out: Path
    processed: int = 0
    skipped: int = 0
    pages: int = 0
    seconds: float = 0.0


def run(paths: list[str | Path], out: str | Path, quiet: bool = False, workers: int | None = None,
        timeout: float | None = None, engine: str = "local", scheduler: str | None = None,
        extract: Callable[[Path, str], Document] | None = None) -> RunSummary:
    """Extract every file under ``paths`` and write the tables and texts to ``out``, reusing finished parts.

    ``workers`` defaults to all cores; ``timeout`` (seconds, local engine only) bounds each document;
    ``engine`` is "local" (a process pool) or "dask" (the cluster at ``scheduler``, or a new local cluster);
    ``extract`` replaces the pipeline's per-document function (module-level, so that it pickles).
    """
    started = time.monotonic()
    out = Path(out)
    files = discover(paths, out)
    ids = [doc_id for _, doc_id in files]
    if len(set(ids)) != len(ids):
        raise ValueError("two inputs give the same doc_id; pass one folder or files with distinct names")
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    if engine == "dask" and timeout:
        # dask cannot stop a running task; a timeout that is silently not enforced would be worse than none.
        raise ValueError("timeout works with the local engine only; dask cannot stop a running document")
    store = PartStore(out, pipeline_version(extract))
    for stray in (out / "text").rglob("*.tmp"):  # a text half-written by a killed worker
        stray.unlink(missing_ok=True)
    names: dict[str, str] = {}  # doc_id -> the part that holds its result
    todo: list[Task] = []
    for path, doc_id in files:
        names[doc_id] = store.name(doc_id, content_hash(path))
        if not store.done(names[doc_id]):
            todo.append(Task(str(path), doc_id, names[doc_id]))
        elif not (out / "text" / f"{doc_id}.txt").is_file():
            write_text(out, doc_id, store.load(names[doc_id]).text)

    progress = Progress(len(files), len(files) - len(todo), quiet)
    for task, part in _results(todo, extract, workers or default_workers(), timeout, engine, scheduler, out):
        if not part.stored:
            write_text(out, part.doc_id, part.text)  # text first: a saved part promises its text is on disk
        names[task.doc_id] = store.save(task.name, part)
        progress.update(part)
    progress.close()

    for doc_id in store.prune(set(names.values())):  # documents no longer in the archive
        (out / "text" / f"{doc_id}.txt").unlink(missing_ok=True)
    counts = _merge_once(store, [(names[doc_id], str(path)) for path, doc_id in files], out)
    return RunSummary(counts["documents"], counts["errors"], out, processed=len(todo),
                      skipped=len(files) - len(todo), pages=counts["pages"], seconds=time.monotonic() - started)


def _results(todo: list[Task], extract, workers: int, timeout: float | None, engine: str,
             scheduler: str | None, out: Path) -> Iterator[tuple[Task, Part]]:
    if not todo:  # nothing to do: no pool, no cluster
        return iter(())
    if engine == "dask":
        return run_dask(partial(process, extract=extract), todo, workers, scheduler)
    # Fewer documents than workers (one long scan): the spare workers OCR its pages in parallel instead.
    # Local workers share this disk, so each writes its own text and part and returns a receipt.
    fn = partial(process_and_store, out=str(out), extract=extract, ocr_workers=max(1, workers // len(todo)))
    return run_local(fn, todo, min(workers, len(todo)), timeout)


def _merge_once(store: PartStore, ordered: list[tuple[str, str]], out: Path) -> dict[str, int]:
    # The tables are a pure function of the ordered (part name, source path) pairs: when those match the
    # last merge and the tables are all there, merging again would write the same bytes, so it is skipped.
    key = hashlib.sha256("\n".join(f"{name}\0{source}" for name, source in ordered).encode()).hexdigest()
    manifest = store.folder / "merged.json"
    tables = [out / f"{name}.{ext}" for name in TABLES for ext in ("csv", "parquet")]
    if manifest.is_file() and all(p.is_file() for p in tables):
        last = json.loads(manifest.read_text())
        if last.get("key") == key:
            return last["counts"]
    counts = {"documents": 0, "errors": 0, "pages": 0}

    def parts() -> Iterator[Part]:
        for name, source in ordered:
            part = store.load(name)
            # Parts are keyed by doc_id and content, not by path: a moved archive reuses them.
            part.columns["documents"]["source"][0] = source
            counts["documents"] += 1
            counts["errors"] += part.status == "error"
            counts["pages"] += part.pages
            yield part

    merge(parts(), out)
    # An audit describes the tables it read; after new tables its findings would point at wrong mentions.
    for stale in _AUDIT_OUTPUTS:
        (out / stale).unlink(missing_ok=True)
    atomic_write(manifest, lambda tmp: tmp.write_text(json.dumps({"key": key, "counts": counts})))
    return counts
