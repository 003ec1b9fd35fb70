"""extractor: Vietnamese administrative reports -> citations, money amounts and quantities with provenance.

The public verbs: ``extract`` (one file -> Document), ``run`` (files/folders -> tables on disk),
``to_spacy`` (Document -> spaCy Doc), ``score`` (a run against a gold folder).
"""

from .models import Document
from .pipeline import extract
from .run import run
from .score import score

__all__ = ["Document", "extract", "run", "score", "to_spacy"]


def __getattr__(name: str):
    # spaCy takes seconds to import; only users of to_spacy pay for it.
    if name == "to_spacy":
        from .spacy_doc import to_spacy

        return to_spacy
    raise AttributeError(name)
