"""Run progress: a tqdm bar on a terminal, periodic plain log lines otherwise, nothing when quiet."""

from __future__ import annotations

import sys
import time

from .parts import Part

LOG_EVERY = 10.0  # seconds between plain progress lines


class Progress:
    """Counts documents, pages and errors as parts arrive and shows them."""

    def __init__(self, total: int, done: int, quiet: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.done, self.pages, self.errors = total, done, 0, 0
        self.quiet = quiet
        self.started = self.last = time.monotonic()
        self.fresh = 0  # documents processed in this run (the ETA's speed)
        self.bar = None
        if not quiet and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, unit="doc", file=self.stream, dynamic_ncols=True)
        elif not quiet and done:
            self._line(f"{done} of {total} documents already done, skipped")

    def update(self, part: Part) -> None:
        """Count one finished document."""
        self.done += 1
        self.fresh += 1
        self.pages += part.pages
        self.errors += part.status == "error"
        if self.bar is not None:
            self.bar.set_postfix(pages=self.pages, errors=self.errors, refresh=False)
            self.bar.update(1)
        elif not self.quiet:
            if part.status == "error":
                self._line(f"error: {part.doc_id}: {part.error}")
            if time.monotonic() - self.last >= LOG_EVERY:
                self._status()

    def close(self) -> None:
        """Finish the bar, or print the last status line."""
        if self.bar is not None:
            self.bar.close()
        elif not self.quiet and self.fresh:
            self._status()

    def _status(self) -> None:
        self.last = time.monotonic()
        elapsed = self.last - self.started
        rate = self.fresh / elapsed if elapsed else 0.0
        eta = (self.total - self.done) / rate if rate else 0.0
        self._line(f"{self.done}/{self.total} documents ({100 * self.done / max(self.total, 1):.0f}%), "
                   f"{self.pages} pages, {self.errors} errors, {rate:.1f} docs/s, "
                   f"ETA {time.strftime('%H:%M:%S', time.gmtime(eta))}")

    def _line(self, text: str) -> None:
        print(f"[extractor] {text}", file=self.stream, flush=True)
