"""Text folding shared by search indexing and search queries.

Both sides fold the same way, so `Hocalı`, `Hocali` and `HOCALI` meet on `hocali`.
anyascii transliterates every script to ASCII (it also maps the Turkish dotless `ı`,
which Unicode decomposition alone leaves untouched).
"""

import re

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces."""
    return _NON_WORD.sub(" ", anyascii(text or "").lower()).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a user's query, at most ten, longest first dropped last."""
    return fold(query).split()[:10]
