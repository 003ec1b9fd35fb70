"""Segment: header block, numbered sections, footnotes with anchors, signature and recipients."""
