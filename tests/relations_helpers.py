"""Hand-built parses for the relation tests (STYLE.md item 10: test rules without a model).

A parse is written one token per line: ``text lemma POS TAG dep head`` (head is the
token index). The parses in the tests were written for sentences we made up; they
use the ClearNLP labels spaCy's English models produce.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
import spacy

from blogweave.models import Post
from blogweave.relations import extract_facts

NO_SPACE_BEFORE = {".", ",", ")", "?", "!", ";", ":", "'s", "n't"}
VOCAB = spacy.blank("en").vocab  # a vocab with English lexical attributes (lower case, is_punct, ...)


def hand_doc(spec: str, ents: dict[str, str] | None = None) -> Doc:
    """A Doc from a one-token-per-line parse, with ``ents`` ({"Kestrel Works": "ORG"}) marked."""
    rows = [line.split() for line in spec.strip().splitlines() if line.strip()]
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE and words[i] != "(" for i in range(len(words))]
    doc = Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        tags=[r[3] for r in rows],
        deps=[r[4] for r in rows],
        heads=[int(r[5]) for r in rows],
    )
    spans = []
    for name, label in (ents or {}).items():
        parts = name.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] == parts:
                spans.append(Span(doc, i, i + len(parts), label=label))
    doc.ents = spans
    return doc


def post_for(doc: Doc, date: str | None = "2022-06-15") -> Post:
    return Post(rel_path="notes/test.md", title="A test post", text=doc.text, date=date)


def triples(doc: Doc, date: str | None = "2022-06-15") -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of every fact the rules find in the doc."""
    return {(f.subject.name, f.predicate, f.object.name) for f in extract_facts(doc, post_for(doc, date))}


def facts(doc: Doc, date: str | None = "2022-06-15"):
    return extract_facts(doc, post_for(doc, date))


def parsed_triples(nlp, text: str, ents: dict[str, str], post: Post | None = None) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of the facts in ``text`` parsed by a real model (``nlp``), with the
    entities set by hand: each name of ``ents`` at its first occurrence."""
    doc = nlp(text)
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), label=label)
                for name, label in ents.items()]
    post = post or Post("a.md", "A", text, date="2022-06-15")
    return {(f.subject.name, f.predicate, f.object.name) for f in extract_facts(doc, post)}
