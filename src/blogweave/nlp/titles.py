"""A post titled with a name that its text opens with: that name is one entity wherever it is written.

Encyclopedia articles, product pages and project posts are often titled with
the name of what they are about, and open with it: a title "Quillmaze: Night
Run" over a text that starts "Quillmaze: Night Run is a puzzle game ...". NER
cuts such names at a colon, a dash or an odd spacing ("Quillmaze", "Night
Run"), and each piece then takes the place of the whole in every fact.

``title_names(doc, kept)`` reads the title from the first line of the doc (the
loader puts the title there as a block of its own, ``posts/loader.py``), drops
a trailing explanation in brackets ("Quillmaze (video game)"), and when

* the title is shaped like a name: two to eight words, each capitalized, a
  number, or a joining word ("of", "the", "and", "&", ":", "-", ...), the
  first capitalized;
* the first sentence after the title opens with it (after an optional "The");
* an entity the stage kept overlaps that opening mention (so a name was
  seen there, only cut wrong);

it makes every mention of the title (spacing ignored) one span, replacing the
pieces it overlaps, typed by its own context (``typing_rules``) or else by the
largest piece. A title that is a sentence ("Five years at Acme") fails the
first or second test; one the text does not open with changes nothing.
"""

from __future__ import annotations

import re

from blogweave.nlp.typing_rules import context_label

#: Words a name may have in lower case: "Quill the Hedgewitch", "House of Tarn", "Beyond Tarn & Vell".
JOINING_WORDS = frozenset({"of", "the", "and", "&", "de", "la", "le", "du", "des", "der", "von", "van", "y",
                           "a", "an", "in", "on", "for", "to", "at", ":", "-", "–", "+", "'s"})
MAX_WORDS = 8
#: A first line longer than this is no name (and is not searched for in the text).
MAX_CHARS = 160


def title_text(doc) -> str | None:
    """The title the doc opens with, without a final full stop or a bracketed explanation; None if no
    line break follows it (no separate title block)."""
    text = doc.text
    end = text.find("\n", 0, MAX_CHARS + 1)
    if end <= 0:
        return None  # no title block, or a first line too long to be a name
    title = text[:end].strip().rstrip(".").rstrip()
    if title.endswith(")") and "(" in title:  # a trailing explanation: "Quillmaze (video game)"
        title = title[: title.rindex("(")].rstrip()
    return title or None


def name_shaped_title(title: str) -> bool:
    words = re.findall(r"[:&+–-]|[^\s:&+–-]+", title)
    if not 2 <= sum(w[:1].isalnum() for w in words) <= MAX_WORDS or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in JOINING_WORDS for w in words)


def _pattern(title: str) -> re.Pattern:
    """The title with any spacing (or none) between its characters: "Vex-Run" matches "Vex - Run"."""
    chars = [re.escape(c) for c in title if not c.isspace()]
    return re.compile(r"(?<!\w)" + r"\s*".join(chars) + r"(?!\w)")


def title_names(doc, kept: list) -> list:
    """``kept`` ((span, label, source) triples) with the title's mentions made whole (module docstring)."""
    title = title_text(doc)
    if title is None or not name_shaped_title(title):
        return kept
    body = doc.text.find("\n") + 1
    mentions = [m for m in _pattern(title).finditer(doc.text) if m.start() >= body]
    if not mentions:
        return kept
    opening = _opening_sentence_start(doc, body)
    first = mentions[0]
    if opening is None or not re.fullmatch(r"(?:[Tt]he\s+)?", doc.text[opening:first.start()]):
        return kept
    spans = [doc.char_span(m.start(), m.end(), alignment_mode="contract") for m in mentions]
    spans = [s for s in spans if s is not None and len(s) > 0]
    if not spans or not _overlapping(spans[0], kept):
        return kept
    label = _label(spans[0], kept)
    covered = {i for s in spans for i in range(s.start, s.end)}
    out = [(span, lab, src) for span, lab, src in kept if not any(i in covered for i in range(span.start, span.end))]
    out += [(s, label, "context") for s in spans]
    return sorted(out, key=lambda item: item[0].start)


def _opening_sentence_start(doc, body: int) -> int | None:
    for token in doc:
        if token.idx >= body and not token.is_space:
            return token.idx
    return None


def _overlapping(span, kept) -> list:
    return [(s, lab) for s, lab, _ in kept if s.start < span.end and span.start < s.end]


def _label(span, kept) -> str:
    label, strength = context_label(span)
    if label and strength == "context":
        return label
    pieces = _overlapping(span, kept)
    return max(pieces, key=lambda item: len(item[0]))[1]
