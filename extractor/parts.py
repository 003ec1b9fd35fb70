"""Per-document results on disk: one part file per document, keyed by content hash and pipeline version."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .ingest import sha256_of
from .models import Document
from .rules import rules_dirs
from .tables import TABLES, atomic_write, columns, csv_rows, document_rows

_PACKAGE = Path(__file__).parent


@dataclass
class Part:
    """One document's finished result: its typed cells and CSV lines for each table, and its normalised text.

    The CSV lines are written on the worker, so that merging is concatenation; the documents row's are not,
    since its source path is set at merge time.
    """

    doc_id: str
    columns: dict[str, dict[str, list]]
    csv: dict[str, str]
    text: str
    transient: bool = False  # a timeout or a crash: kept for this run's tables, tried again next run
    stored: str = ""  # the part file a worker already wrote (local engine): only a receipt travels back

    @property
    def status(self) -> str:
        """'ok' or 'error', as in the documents row."""
        return self.columns["documents"]["status"][0]

    @property
    def error(self) -> str:
        """The documents row's error message ('' when ok)."""
        return self.columns["documents"]["error"][0]

    @property
    def pages(self) -> int:
        """Pages the document has (0 when it could not be read)."""
        return self.columns["documents"]["pages"][0] or 0


def _part(doc: Document, text: str, transient: bool = False) -> Part:
    rows = document_rows(doc)
    cells = {name: columns(name, rows[name]) for name in TABLES}
    lines = {name: csv_rows(cells[name]) for name in TABLES if name != "documents"}
    return Part(doc.doc_id, cells, lines, text, transient=transient)


def part_of(doc: Document) -> Part:
    """The part a finished Document contributes."""
    return _part(doc, doc.text.text)


def failed_part(doc_id: str, source: str, error: str) -> Part:
    """The error part of a document whose worker timed out or died before returning."""
    return _part(Document(doc_id=doc_id, source=source, status="error", error=error), "", transient=True)


def process(path: str, doc_id: str, extract: Callable[[Path, str], Document] | None = None,
            ocr_workers: int = 1) -> Part:
    """Extract one file and reduce it to its Part: the function every engine runs on its workers."""
    if extract is None:
        from .pipeline import extract as pipeline_extract

        return part_of(pipeline_extract(Path(path), doc_id, ocr_workers=ocr_workers))
    return part_of(extract(Path(path), doc_id))


def process_and_store(path: str, doc_id: str, name: str, out: str,
                      extract: Callable[[Path, str], Document] | None = None, ocr_workers: int = 1) -> Part:
    """Process one file and write its text and its part ``name`` on the worker; return a receipt without rows or text.

    ``name`` is the one the main process gave the file from the content it hashed when it chose what to process.
    The main process then only merges: on two cores its serial work would otherwise cap the scaling.
    """
    part = process(path, doc_id, extract, ocr_workers)
    write_text(Path(out), doc_id, part.text)  # text first: a saved part promises its text is on disk
    write_part(Path(out) / ".parts", name, part)
    return Part(doc_id, {"documents": part.columns["documents"]}, {}, "", stored=name)


def write_text(out: Path, doc_id: str, text: str) -> None:
    """Write a document's normalised text to ``out/text/<doc_id>.txt`` atomically."""
    path = out / "text" / f"{doc_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def part_name(doc_id: str, sha256: str, version: str) -> str:
    """The part name of a document: its doc_id, its content and the pipeline version."""
    who = hashlib.sha256(doc_id.encode()).hexdigest()[:24]
    return f"{who}-{sha256[:24] or 'unhashed'}-{version}.part"


def write_part(folder: Path, name: str, part: Part) -> None:
    """Write ``part`` to ``folder/name`` atomically."""
    atomic_write(folder / name, lambda tmp: tmp.write_bytes(pickle.dumps(part, protocol=5)))


def content_hash(path: Path) -> str:
    """The file's SHA-256, or '' when it cannot be read (such a file is processed on every run)."""
    try:
        return sha256_of(path)
    except OSError:
        return ""


def pipeline_version(extract: Callable | None = None) -> str:
    """A hash of everything results depend on: the package's code, the rules files and the extract function."""
    digest = hashlib.sha256()
    files = [(_PACKAGE, p) for p in sorted(_PACKAGE.rglob("*.py"))]
    files += [(folder, p) for folder in rules_dirs() if folder.is_dir() for p in sorted(folder.rglob("*.toml"))]
    for root, path in files:  # relative names: moving the checkout must not invalidate results
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    if extract is not None:
        digest.update(f"{extract.__module__}.{extract.__qualname__}".encode())
    return digest.hexdigest()[:16]


class PartStore:
    """The folder ``DIR/.parts``: part files written atomically, found by name, pruned when stale."""

    def __init__(self, out: Path, version: str):
        self.folder = out / ".parts"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.version = version
        for stray in self.folder.glob("*.tmp"):  # left by a run killed while writing
            stray.unlink(missing_ok=True)
        self.names = {p.name for p in self.folder.glob("*.part")}

    def name(self, doc_id: str, sha256: str) -> str:
        """The part name of a document: its doc_id, its content and the pipeline version."""
        return part_name(doc_id, sha256, self.version)

    def done(self, name: str) -> bool:
        """Whether a finished (not transient) part of this name exists."""
        return bool(name) and name in self.names and "unhashed" not in name

    def save(self, name: str, part: Part) -> str:
        """Write ``part`` atomically; transient parts get their own name so the next run retries them."""
        if part.stored:  # written by the worker already
            self.names.add(part.stored)
            return part.stored
        if part.transient:
            name = name.replace(".part", ".retry.part")
        write_part(self.folder, name, part)
        self.names.add(name)
        return name

    def load(self, name: str) -> Part:
        """Read a part back."""
        return pickle.loads((self.folder / name).read_bytes())

    def prune(self, keep: set[str]) -> list[str]:
        """Delete every part not in ``keep`` (deleted, changed or stale documents); return the doc_ids gone."""
        # A part name starts with its doc_id's hash: only a part whose document is gone need be read, for its
        # doc_id, so an upgrade of the pipeline does not read back every old part of the archive.
        kept = {name.split("-", 1)[0] for name in keep}
        gone = []
        for name in sorted(self.names - keep):
            if name.split("-", 1)[0] not in kept:
                try:
                    gone.append(self.load(name).doc_id)
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
                    pass  # unreadable leftovers (another version of the code) are removed all the same
            (self.folder / name).unlink(missing_ok=True)
        self.names &= keep
        return gone
