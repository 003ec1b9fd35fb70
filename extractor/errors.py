"""Errors the pipeline reports as a document's error row instead of stopping a run."""


class ExtractorError(Exception):
    """A document could not be processed; the message is shown to the user as is."""


class UnsupportedFormat(ExtractorError):
    """The file is of a type the pipeline does not read."""
