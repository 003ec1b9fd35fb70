"""Layout: turn a Source's blocks or positioned pages into one normalised ``Text``."""

from __future__ import annotations

from ..models import Source, Text
from .assemble import assemble, normalize
from .join import join_pages
from .plain import repair


def build(source: Source) -> Text:
    """The document's normalised text with paragraphs and footnote markers."""
    if source.positioned:
        from .positioned import to_blocks  # PDF and OCR pages: only these sources need it

        blocks = to_blocks(source.positioned)
    else:
        blocks = source.blocks
    blocks = [normalize(b) for b in blocks]
    if source.format == "txt":
        blocks = repair(blocks)
    return assemble(join_pages(blocks))
