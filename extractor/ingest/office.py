"""Read legacy Word .doc and .rtf files by converting them to .docx with LibreOffice (headless)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import ExtractorError
from ..models import Source

INSTALL_HINT = "apt-get install -y --no-install-recommends libreoffice-writer"


def read_office(path: Path, source: Source, timeout: float = 120.0) -> None:
    """Fill ``source`` from a .doc/.rtf: LibreOffice converts it to .docx, then read_docx reads that."""
    from .docx import read_docx

    with tempfile.TemporaryDirectory(prefix="extractor-office-") as work:
        read_docx(convert_to_docx(path, timeout, Path(work)), source)


def convert_to_docx(path: Path, timeout: float, workdir: Path | None = None) -> Path:
    """The .docx LibreOffice makes of ``path`` inside ``workdir`` (a new temporary folder if None)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ExtractorError(f"reading {path.suffix or 'this'} files needs LibreOffice ({INSTALL_HINT})")
    work = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="extractor-office-"))
    inbox, outbox = work / "in", work / "out"
    inbox.mkdir(parents=True, exist_ok=True)
    outbox.mkdir(exist_ok=True)
    # A plain copied name keeps odd file names and concurrent runs on the same file apart.
    local = inbox / ("document" + path.suffix.lower())
    shutil.copyfile(path, local)
    # A private profile: LibreOffice refuses a second instance on a shared one, and a user's open
    # LibreOffice would otherwise receive the job.
    command = [soffice, f"-env:UserInstallation={(work / 'profile').resolve().as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outbox),
               str(local)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "HOME": str(work)}, start_new_session=True)
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # soffice starts helper processes; its whole session goes.
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ExtractorError(f"LibreOffice did not convert {path.name} within {timeout:g} s") from None
    result = outbox / "document.docx"
    if process.returncode != 0 or not result.is_file():
        detail = err.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise ExtractorError(f"LibreOffice could not convert {path.name}: {detail[0]}")
    return result
