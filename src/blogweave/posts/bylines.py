"""Author fields: "Jane Doe (Acme), Bob Roe and Ann Poe" as (name, affiliation) pairs.

A field may be a string, a list, or a map with a name key (front matter, a site's
authors file, a "Posted by" line). A string splits at commas, semicolons, "&"
and "and"; a bracket after a name is the name's affiliation unless it is a
handle ("(jdoe42)", "(@jdoe)"); a piece after a comma that names an organization
("Jane Doe, Acme Labs") is the affiliation of the name before it; lower-case
phrases ("and many helpful contributors") are no authors.
"""

from __future__ import annotations

import re
from typing import Any

from blogweave.posts.headers import clean

#: Name suffixes that a comma separates from the name, not from the next author.
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."})
_BRACKET = re.compile(r"[(\[]")
#: A user name on a site, not an organization: "@jdoe", one lower-case word ("jdoe", "jdoe42"), a path or URL.
_HANDLE = re.compile(r"^(?:@\S+|[a-z0-9][a-z0-9_.-]*|[^\s/]*/\S*)$")
#: A Markdown link, "[text](target)": an author field may link each name to a profile page.
_MARKDOWN_LINK = re.compile(r"\[([^\[\]]+)\]\([^()\s]*\)")
_AUTHOR_SEP = re.compile(r",|;|&|(?<!\s)\s+and\s+", re.I)  # "and" from the first space of a run only


def parse_authors(values: Any) -> list[tuple[str, str | None]]:
    """(name, affiliation) pairs from an author field: strings, lists or maps with a name key.

    "Jane Doe (Acme), Bob Roe (Initech) and Ann Poe" gives three names; the
    parenthesised part is the affiliation. HTML tags and Markdown links are dropped
    ("<a href=...>Jane Doe</a>" and "[Jane Doe](https://...)" give "Jane Doe").
    """
    pairs: list[tuple[str, str | None]] = []
    stack = [values]
    budget = 1000  # enough for any real author list, bounded for odd metadata
    while stack and budget:
        budget -= 1
        value = stack.pop(0)
        if isinstance(value, (list, tuple)):
            stack[:0] = list(value)
        elif isinstance(value, dict):
            lowered = {str(k).lower(): v for k, v in value.items()}
            name = next((lowered[k] for k in ("name", "display_name", "full_name", "fullname") if k in lowered), None)
            if isinstance(name, str) and clean(name):
                affiliation = clean(lowered.get("affiliation") or lowered.get("organization") or "") or None
                pairs.append((clean(name), affiliation))
        elif isinstance(value, str):
            pairs.extend(_split_author_string(value))
    unique: dict[str, tuple[str, str | None]] = {}
    for name, affiliation in pairs:
        if name.lower() not in unique:
            unique[name.lower()] = (name, affiliation)
    return list(unique.values())


def _split_author_string(value: str) -> list[tuple[str, str | None]]:
    text = _MARKDOWN_LINK.sub(r"\1", clean(value))  # "[Jane Doe](https://github.com/jdoe) (Acme)"
    pieces: list[str] = []
    before: list[str] = [""]  # the separator before each piece
    depth = 0
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        depth += (char in "([") - (char in ")]")
        depth = max(depth, 0)
        if depth == 0:
            sep = _AUTHOR_SEP.match(text, i)
            if sep:
                pieces.append("".join(current))
                before.append(sep.group().strip().lower())
                current = []
                i += len(sep.group())
                continue
        current.append(char)
        i += 1
        if depth == 0 and char == ")" and re.match(r"\s+[A-Z]", text[i:]) \
                and len("".join(current).split("(")[0].split()) >= 2:
            # "Jane Doe (Acme) Bob Roe (Initech)": a name after a full name's bracket ("Conrad (Gus) Shinn" is one)
            pieces.append("".join(current))
            before.append("")
            current = []
    pieces.append("".join(current))
    result: list[tuple[str, str | None]] = []
    affiliated = False  # the last person took the piece after a comma as their organization
    for piece, sep in zip(pieces, before):
        piece = re.sub(r"^\s*(?:by|and)\s+", "", piece, flags=re.I).strip()
        if not piece:
            continue
        if result and _organization_like(piece) and (sep == "," and result[-1][1] is None or affiliated):
            if not affiliated:  # "Jane Doe, Acme Labs": Jane Doe's organization, not a second author
                result[-1] = (result[-1][0], piece)
            affiliated = True  # "Jane Doe, Acme & Initech Team": the second organization is hers too
            continue
        affiliated = False
        if piece.lower() in NAME_SUFFIXES and result:
            name, affiliation = result[-1]
            result[-1] = (f"{name}, {piece}", affiliation)
            continue
        bracket = _BRACKET.search(piece)  # "Jane Doe (Acme)": the affiliation in brackets, read in linear time
        if bracket and piece[: bracket.start()].strip():
            inside = piece[bracket.end():].rstrip()
            inside = inside[:-1] if inside.endswith((")", "]")) else inside
            name, affiliation = piece[: bracket.start()].strip(), inside.strip() or None
            if affiliation and _HANDLE.match(affiliation):
                affiliation = None  # "Jane Doe (jdoe42)", "Jane Doe (@jdoe)": a handle, not an employer
        else:
            name, affiliation = piece.strip("()[] "), None
        if name and not _not_a_name(name):
            result.append((name, affiliation))
    return result


#: Words that make a byline piece an organization's name ("Acme Labs", "the Widget Center").
_ORG_WORDS = frozenset("center centre university institute lab labs laboratory inc ltd llc gmbh foundation team "
                       "group company corporation corp college school society association council committee".split())


def _organization_like(text: str) -> bool:
    """A byline piece that names an organization: an organization word in it, or one word written
    with capitals inside ("VirtusLab") or in capitals ("NASA")."""
    words = text.split()
    if {w.lower().strip(".,") for w in words} & _ORG_WORDS:
        return True
    return len(words) == 1 and len(text) > 1 and (text.isupper() or any(c.isupper() for c in text[1:]))


def _not_a_name(text: str) -> bool:
    """Words in lower case only ("many helpful contributors", "et al."): a phrase, not an author's name.

    One lower-case word stays: it is often a handle.
    """
    return " " in text and not any(char.isupper() for char in text)
