"""Names as text: the comparison key of a surface name, and acronyms of longer names."""

from __future__ import annotations

import re
import unicodedata


def normalize_name(text: str) -> str:
    """A comparison key for a surface name: case, quotes, possessive, "the" and punctuation ignored."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").strip()
    text = re.sub(r"(?i)^the\s+", "", text)
    text = re.sub(r"(?i)'s?$", "", text)
    return " ".join(re.findall(r"[\w+#]+", text.lower()))


def is_acronym_of(short: str, long: str) -> bool:
    """True when ``short`` is written in capitals from the initials of ``long``'s words ("ERA" of
    "Eastmoor Rail Authority", also with "of"/"the"/"and" left out or kept)."""
    short = short.replace(".", "")
    if not (2 <= len(short) <= 8 and short.isupper() and short.isalpha()):
        return False
    words = re.findall(r"[A-Za-z]+", long)
    initials = "".join(w[0] for w in words).upper()
    capitals = "".join(w[0] for w in words if w[0].isupper())
    return short in (initials, capitals)
