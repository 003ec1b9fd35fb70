"""Layout: turn a Source's blocks or positioned pages into one normalised ``Text``."""

from __future__ import annotations

from ..models import Source, Text


def build(source: Source) -> Text:
    """The document's normalised text with paragraphs and footnote markers."""
    raise NotImplementedError  # written by the layout work
