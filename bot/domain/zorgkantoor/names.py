"""Name normalisation shared by the build script and the run-time lookup (stdlib only).

``normalise("'s-Hertogenbosch") == normalise("s hertogenbosch") == "s hertogenbosch"``.
Accents are dropped, case is folded, every run of characters that is not a letter or digit
becomes one space. A trailing province hint in brackets ("Bergen (NH.)") is kept as words
("bergen nh"); :func:`base_name` drops it ("bergen").
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_BRACKETS = re.compile(r"\s*\([^)]*\)\s*")


def normalise(name: str) -> str:
    """Fold a place name to a lookup key: ascii, lower case, single spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("ĳ", "ij")
    return _NON_ALNUM.sub(" ", text).strip()


def base_name(name: str) -> str:
    """Normalised name without a bracketed province hint: "Hengelo (O.)" -> "hengelo"."""
    return normalise(_BRACKETS.sub(" ", name))
