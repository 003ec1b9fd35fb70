"""Load the data files under ``rules/`` (TOML), merged with a user's own rules folder."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

import regex

_PACKAGED = Path(__file__).parent / "rules_data"  # where a wheel puts rules/
_CHECKOUT = Path(__file__).parent.parent / "rules"  # a source checkout or editable install
# A space inside one mention or rule phrase: never a tab (table cells) or a newline (paragraphs). Defined here,
# beside ``phrases``, so that every stage (layout included) shares the one class.
SPACE = r"[ \u00a0\u202f]"


def rules_dirs() -> list[Path]:
    """The folders rules are read from: the project's own, then ``$EXTRACTOR_RULES`` folders."""
    base = _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT
    extra = [Path(p) for p in os.environ.get("EXTRACTOR_RULES", "").split(os.pathsep) if p]
    return [base, *extra]


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The rules file ``<name>.toml``; a user's file of the same name extends its lists and tables."""
    merged: dict = {}
    found = False
    for folder in rules_dirs():
        path = folder / f"{name}.toml"
        if path.is_file():
            found = True
            with path.open("rb") as fh:
                _merge(merged, tomllib.load(fh))
    if not found:
        raise FileNotFoundError(f"no rules file {name}.toml in {', '.join(map(str, rules_dirs()))}")
    return merged


def _merge(into: dict, new: dict) -> None:
    # Lists are appended and tables merged so that a user's file adds to ours instead of replacing it.
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + value
        else:
            into[key] = value


def phrases(words: list[str] | tuple[str, ...], reverse: bool = False) -> str:
    """A regex alternation of rule phrases, longest first, any space inside matching one or more spaces.

    Pass ``reverse=True`` for a pattern searched backwards (``(?r)``) so that longer phrases still come first.
    """
    return trie(words, SPACE + "+", reverse)


def trie(words: list[str] | tuple[str, ...], space: str, reverse: bool = False) -> str:
    """The phrases as one regex trie that tries longer phrases first; a space in a phrase matches ``space``."""
    # A flat alternation of a hundred words costs a try per word at every number; a trie shares the
    # prefixes (suffixes when read backwards), so each character narrows the branches at once. Two phrases
    # can only both match at one place when one extends the other, and the trie tries the longer first,
    # so the matches are those of the flat longest-first alternation.
    root: dict = {}
    for word in words:
        node = root
        for char in reversed(word) if reverse else word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _alternation(root, space, reverse)


def _alternation(node: dict, space: str, reverse: bool) -> str:
    branches = []
    for char in sorted(c for c in node if c):  # sorted: set and dict order must not shape the pattern
        piece, rest = space if char == " " else regex.escape(char), _alternation(node[char], space, reverse)
        branches.append(rest + piece if reverse else piece + rest)
    if "" in node:
        branches.append("")  # the phrase may end here, after its longer extensions were tried
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
