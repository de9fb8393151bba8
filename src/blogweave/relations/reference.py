"""Back-references across sentences: "he"/"she", "it" and "the company" standing for a name said before.

Encyclopedia and news prose names its subject once and then says "He joined
Acme in 1990", "The company was founded by Jane Doe", "It was developed by
Acme". ``References`` follows a post sentence by sentence and tells the rules
which earlier name such a word stands for:

* "he" / "she" as a subject, "his" / "her" as a possessor: the last person
  named as the subject of a clause (in an earlier sentence, or earlier in this one);
* "it" as a subject: the organization or technology that was the subject of
  the sentence just before (only that one; "it" drifts quickly);
* a first name or surname alone that ``nlp/short_names.py`` resolved to one full name of the post
  (an author, or a person named in full before), given as ``short``;
* a surname alone ("Doe joined Acme") after the full name ("Jane Doe") in the
  same post, when the entity stage left it unnamed;
* a definite description, "the company" / "the game" / "this library": the
  name last described with that noun ("Acme is a software company",
  "Zork, a puzzle game, ..."), else the organization last named with that
  noun as the last word of its name ("the Acme Water Agency ... the agency"), each only a few
  sentences on (``DESCRIBED_REACH``, ``HEAD_REACH``).

Facts that rest on a back-reference get ``REFERENCE_FACTOR`` of their
confidence (see relations/__init__): the link is an inference.
"""

from __future__ import annotations

from blogweave.models import LABEL_TO_TYPE, ORGANIZATION, PERSON, TECHNOLOGY, Arg
from blogweave.nlp.lexicon import HONORIFICS

PERSON_PRONOUNS = frozenset({"he", "she"})
THING_PRONOUNS = frozenset({"it"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
#: Determiners that make a description point back: "the company", "this library".
DEFINITE = frozenset({"the", "this", "that"})
REFERENCE_FACTOR = 0.85
#: How many sentences back a definite description may reach: "the company" a few sentences after
#: "Acme is a software company" or "the Acme Water Agency"; further on, a post has moved on (a
#: name said once in the introduction is no referent of "the project" in its last section).
DESCRIBED_REACH = 8
HEAD_REACH = 4


class References:
    """The discourse state of one post: who "he", "it" and "the company" stand for."""

    def __init__(self, doc_ents: dict[int, object], short: dict[int, Arg] | None = None):
        self.doc_ents = doc_ents
        self.short = short or {}  # token index -> the full name a short name stands for (nlp/short_names.py)
        self.person: Arg | None = None  # the last person named as a subject
        self.thing: Arg | None = None  # the organization or technology subject of the previous sentence
        self.described: dict[str, tuple[Arg, int]] = {}  # noun lemma -> the name last described with it, when
        self.heads: dict[str, tuple[Arg, int]] = {}  # noun lemma -> the organization whose name ends in it ("Acme Agency")
        self.sentences = 0  # sentences resolved so far
        self.surnames: dict[str, Arg] = {}  # last word of a full person name -> that person

    def _name(self, token) -> Arg | None:
        span = self.doc_ents.get(token.i)
        if span is None:
            return None
        return Arg(span.text, LABEL_TO_TYPE[span.label_])

    def resolve(self, sent) -> dict[int, Arg]:
        """Token index -> the name it stands for, for the back-references of ``sent``.

        Call once per sentence, in order: the sentence's own names then update the state.
        """
        out: dict[int, Arg] = {}
        person = self.person
        self.sentences += 1
        for token in sent:
            word = token.lower_
            span = self.doc_ents.get(token.i)
            if span is not None and span.label_ == "ORG" and span.end - span.start > 1 and (
                    token.i == span.end - 1 or token.i == span.root.i):
                # a name headed by a common noun: "the Kestrel Water Agency", "the Department of Health"
                # ... "the agency", "the department" (said later)
                self.heads[token.lemma_.lower()] = (Arg(span.text, ORGANIZATION), self.sentences)
            if token.i in self.short:  # "Tobin" of "Tobin Marsh", the post's author or named in full before
                out[token.i] = self.short[token.i]
                if token.dep_ in SUBJECT_DEPS:
                    person = out[token.i]
                continue
            if span is not None and span.label_ == "PERSON" and token.i == span.end - 1 and span.end - span.start > 1:
                self.surnames[token.text] = Arg(span.text, PERSON)
            elif token.text in self.surnames and _lone_name(token) and (
                    span is None or (span.label_ == "PERSON" and span.end - span.start == 1)):
                # a surname on its own after the full name: "Jane Doe ... Doe joined Acme" (named or not)
                out[token.i] = self.surnames[token.text]
                if token.dep_ in SUBJECT_DEPS:
                    person = out[token.i]
                continue
            if token.dep_ in SUBJECT_DEPS:
                named = self._name(token)
                if named is not None and named.type == PERSON:
                    person = named  # "Jo Barr founded X and later he ..." within one sentence
                    continue
            if word in PERSON_PRONOUNS and token.dep_ in SUBJECT_DEPS and person is not None:
                out[token.i] = person
            elif word in ("his", "her") and token.dep_ == "poss" and person is not None:
                out[token.i] = person  # "Jane Doe left ... after her appointment to Acme"
            elif word in THING_PRONOUNS and token.dep_ in SUBJECT_DEPS and self.thing is not None:
                out[token.i] = self.thing
            elif token.pos_ == "NOUN" and token.i not in self.doc_ents and _definite(token):
                named = self._recent(self.described, token, DESCRIBED_REACH) or self._recent(self.heads, token, HEAD_REACH)
                if named is not None:
                    out[token.i] = named
        self._update(sent, out)
        return out

    def _recent(self, table: dict[str, tuple[Arg, int]], token, reach: int) -> Arg | None:
        found = table.get(token.lemma_.lower())
        return found[0] if found is not None and self.sentences - found[1] <= reach else None

    def _update(self, sent, refs: dict[int, Arg]) -> None:
        thing = None
        for token in sent:
            named = self._name(token) or refs.get(token.i)
            if named is None:
                continue
            if token.dep_ in SUBJECT_DEPS and token.head.dep_ == "ROOT":
                if named.type == PERSON:
                    self.person = named
                elif thing is None and named.type in (ORGANIZATION, TECHNOLOGY):
                    thing = named
            if named.type in (ORGANIZATION, TECHNOLOGY) and token.i in self.doc_ents:
                for noun in _describing(token):
                    self.described[noun.lemma_.lower()] = (named, self.sentences)
        self.thing = thing


def _lone_name(token) -> bool:
    """A proper noun standing alone, maybe after an honorific ("Doe", "Mr. Doe"; not "Doe Industries")."""
    return token.pos_ == "PROPN" and token.dep_ not in ("compound", "flat") and not any(
        c.dep_ in ("compound", "flat") and c.lower_ not in HONORIFICS for c in token.children)


def _definite(token) -> bool:
    """A bare singular definite description: "the company" (not "the Acme company", "the other formats")."""
    dets = [c for c in token.children if c.dep_ == "det"]
    if token.tag_ != "NN" or not dets or dets[0].lower_ not in DEFINITE:
        return False
    return all(c.dep_ in ("det", "prep", "punct", "relcl", "acl", "cc", "conj") for c in token.children
               if c.i < token.i)


def _describing(token):
    """Nouns that describe a name: its apposition ("Zork, a puzzle game") or copula attribute ("Zork is a game")."""
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            yield child
    if token.dep_ == "nsubj" and token.head.lemma_ == "be":
        for child in token.head.children:
            if child.dep_ == "attr" and child.pos_ == "NOUN":
                yield child
