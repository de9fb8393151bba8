"""Names as text, one home for each way blogweave compares or spells them.

``surface`` is a name as stored (quotes straightened, no leading "the", no
possessive); ``normalize_name`` and ``name_key`` are comparison keys built on
it; ``person_key`` drops middle initials; ``CalledBy`` finds the one person of a post a first name or
surname alone stands for; ``slugify`` makes the slug of an
entity id; ``is_acronym_of`` tells an acronym of a longer name; ``display_name``
and ``display_path`` make text from outside (file names, post text) safe to print,
to put in XML and to make IRIs of.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection

_WORD = re.compile(r"[\w+#]+")  # "+" and "#" belong to names: "C++", "C#"


def surface(text: str) -> str:
    """A surface form as stored: NFKC, straight quotes, no leading "the", no possessive, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").strip()
    text = re.sub(r"(?i)^the\s+", "", text)
    text = re.sub(r"(?i)'s?$", "", text).strip()
    return re.sub(r"\s+", " ", text)


def normalize_name(text: str) -> str:
    """A comparison key for a surface name: case, quotes, possessive, "the" and punctuation ignored."""
    return " ".join(_WORD.findall(surface(text).lower()))


def name_key(text: str, legal_suffixes: Collection[str] = ()) -> str:
    """The key two spellings of one name share: words only, no spaces, a trailing legal form dropped.

    ``legal_suffixes`` are lower-case legal forms without periods ("inc", "llc"); "GPUs" keys as "GPU".
    """
    text = surface(text)
    if re.fullmatch(r"[A-Z]{2,}s", text):
        text = text[:-1]
    words = _WORD.findall(text.lower())
    while len(words) > 1 and words[-1].replace(".", "") in legal_suffixes:
        words.pop()
    return "".join(words)


def person_key(text: str) -> str:
    """A person's name without middle initials: "Jane Q. Doe" -> "jane doe"."""
    return " ".join(w for w in re.findall(r"[\w'-]+", surface(text).lower()) if len(w) > 1)


class CalledBy:
    """The people of one post by the words they can be called by: "Tobin" or "Marsh" for "Tobin Marsh".

    The one mechanism behind every "one-word name -> the one full name of the post" link (the
    entity stage's typing, the facts' short names, the authors' first names). ``add`` a full name
    (two words or more) with whether its first word is a name to call the person by (not in
    "Adachi Kenzo", family name first); ``one(word)`` is the full name ``word`` is the first or
    last word of, when exactly one person of the post has it, else None (a first name shared by
    two people, or a surname by a family, names nobody). Names differing only by middle initials
    are one person. The callers keep their own guards (where the word stands, what it is next to).
    """

    def __init__(self) -> None:
        self._names: dict[str, str] = {}  # person key -> the full name as first added
        self._words: dict[str, set[str]] = defaultdict(set)  # lower-cased word -> person keys

    def add(self, name: str, by_first_word: bool = True) -> None:
        words = surface(name).split()
        if len(words) < 2:
            return
        key = person_key(name)
        self._names.setdefault(key, name)
        self._words[words[-1].lower()].add(key)
        if by_first_word:
            self._words[words[0].lower()].add(key)

    def one(self, word: str) -> str | None:
        keys = self._words.get(surface(word).lower())
        return self._names[next(iter(keys))] if keys and len(keys) == 1 else None

    def several(self, word: str) -> bool:
        """Whether two people or more of the post can be called ``word``."""
        return len(self._words.get(surface(word).lower(), ())) > 1

    def __bool__(self) -> bool:
        return bool(self._names)


def slugify(text: str) -> str:
    """ASCII words joined by hyphens ("C++" -> "c-plus-plus"); "unnamed" when nothing is left."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("+", " plus ").replace("#", " sharp ")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


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


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def display_name(text: str) -> str:
    """A file name (or any text) safe to print, to put in XML and to make an IRI of.

    Bytes that are not UTF-8 (which Python keeps as lone surrogates) become ``\\xNN`` and
    control characters ``\\xNN`` or ``\\uNNNN``, so a name cannot send escape sequences to a
    terminal or make an output file ill-formed. Other text is unchanged.
    """
    if not _UNPRINTABLE.search(text):
        return text

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)


def display_path(path) -> str:
    return display_name(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else display_name(str(path))
