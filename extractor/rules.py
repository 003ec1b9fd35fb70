"""Load the data files under ``rules/`` (TOML), merged with a user's own rules folder."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

_PACKAGED = Path(__file__).parent / "rules_data"  # where a wheel puts rules/
_CHECKOUT = Path(__file__).parent.parent / "rules"  # a source checkout or editable install


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
