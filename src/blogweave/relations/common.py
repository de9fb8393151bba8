"""Shared helpers for the relation rules: the sentence context, arguments, subjects and objects.

Every rule is a function ``rule(ctx) -> Iterator[Found]`` over one parsed
sentence. The helpers here walk spaCy's dependency tree (ClearNLP labels, as the
English models use) and never look at anything outside the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from blogweave.models import AUTHOR, LABEL_TO_TYPE, ORGANIZATION, PERSON, TECHNOLOGY, Arg

AUTHOR_ARG = Arg(AUTHOR, PERSON)
#: Pronouns that stand for the post's author.
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})
#: "we" stands for a group the author belongs to; only some rules accept it (see relations/__init__).
FIRST_PLURAL = frozenset({"we", "us", "our", "ourselves"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom", "whose"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
#: Modal auxiliaries that make a clause hypothetical; "will" (plain future) is not among them.
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "'d"})
#: Verbs of intent: "X wants to invest in Y" states an intention, not a done deed.
INTENT_VERBS = frozenset({"want", "plan", "intend", "hope", "expect", "aim", "wish", "consider", "seek", "try"})

#: Common nouns that a name can modify without changing what is meant: "the Zork project" is Zork.
GENERIC_HEADS = frozenset(
    {"project", "library", "framework", "tool", "toolkit", "package", "language", "platform", "software",
     "initiative", "program", "programme", "ecosystem", "compiler", "engine", "suite", "database", "app",
     "application", "system", "service", "product", "effort", "community",
     # organizations named the same way: "the Acme record label", "the Acme magazine"
     "label", "studio", "magazine", "newspaper"}
)

#: Nouns that, with "this"/"the" and no name of their own, may stand for the section's topic entity:
#: "this project" under a heading naming a project. Each maps to the entity types it can stand for.
TOPIC_NOUNS = {
    **{w: (TECHNOLOGY,) for w in ("library", "framework", "tool", "toolkit", "package", "language", "software",
                                  "compiler", "engine", "app", "application", "plugin", "extension", "module")},
    **{w: (TECHNOLOGY, ORGANIZATION) for w in ("project", "initiative", "proposal")},
}


def topic_reference(token, topic: Arg) -> bool:
    """"this project" / "the project" / "this work" standing for the section's topic (of a fitting type)."""
    types = TOPIC_NOUNS.get(token.lemma_.lower())
    if types is None or topic.type not in types or token.pos_ != "NOUN" or token.tag_ != "NN":
        return False
    dets = [c.lower_ for c in token.children if c.dep_ == "det"]
    if dets not in (["this"], ["the"]):
        return False
    # a noun with its own name or modifier ("the Zork project", "the new project") is not a bare reference
    return not any(c.dep_ in ("compound", "nmod", "poss", "amod", "appos") for c in token.children)


SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")


@dataclass(frozen=True)
class Found:
    """What a rule yields: a typed relation between two arguments, with the token that triggered it."""

    subject: Arg
    predicate: str
    object: Arg
    rule: str
    confidence: float
    anchor: object = None  # the spaCy Token (verb or noun) the qualifiers hang from
    role: str | None = None
    amount: str | None = None
    dates: str | None = None  # "start", "end" or None: how the sentence's dates apply
    extra: dict = field(default_factory=dict, compare=False)


def entity_map(ents) -> dict[int, object]:
    """Token index → its PERSON/ORG/TECH entity span, built once per doc.

    ``doc.ents`` walks every token of the doc on each access, so callers read it
    once and pass the result on instead of asking per sentence.
    """
    out: dict[int, object] = {}
    for ent in ents:
        if ent.label_ in LABEL_TO_TYPE:
            for i in range(ent.start, ent.end):
                out[i] = ent
    return out


class Context:
    """One sentence with a token → entity map, the view every rule works on."""

    def __init__(self, sent, previous=None, doc_ents: dict[int, object] | None = None,
                 refs: dict[int, Arg] | None = None, document=None):
        self.sent = sent
        self.previous = previous  # the sentence before, for rules that read a back-reference ("This included ...")
        self.doc = sent.doc
        if doc_ents is None:  # one sentence on its own (tests); extract_facts passes the doc's map
            doc_ents = entity_map(sent.ents)
        self.ents: dict[int, object] = {i: doc_ents[i] for i in range(sent.start, sent.end) if i in doc_ents}
        self.spans = list({id(s): s for s in self.ents.values()}.values())  # each entity once, in text order
        self.refs = refs or {}  # back-references: token index -> the name said before (reference.py)
        self.question = sent.text.rstrip().endswith("?")
        # the document context (nlp/document.py): who "I" is here (None in a quote nobody is named for),
        # the organization "we" stands for (or None), the entity the section is about (or None)
        self.document = document
        start = sent.start_char
        self.speaker: Arg | None = self.speaker_at(start)
        self.we: Arg | None = self.we_at(start)
        self.topic: Arg | None = document.topic(start) if document is not None else None

    def speaker_at(self, offset: int) -> Arg | None:
        """Who "I" is at a character offset (a quote may open inside the sentence)."""
        return self.document.speaker(offset) if self.document is not None else AUTHOR_ARG

    def we_at(self, offset: int) -> Arg | None:
        """The organization "we" stands for at a character offset, or None."""
        return self.document.we(offset) if self.document is not None else None

    def tokens(self):
        return iter(self.sent)

    def ent(self, token):
        return self.ents.get(token.i)

    def arg(self, token) -> Arg | None:
        """The argument one token stands for: the author for "I"/"me"/"my", else its entity."""
        if token.lower_ in FIRST_PERSON:
            return self.speaker_at(token.idx)
        if token.lower_ in FIRST_PLURAL:
            return self.we_at(token.idx)  # the organization the post speaks for, else nothing
        if token.i in self.refs:  # a back-reference, or a lone surname standing for the full name said before
            return self.refs[token.i]
        span = self.ents.get(token.i)
        if span is not None:
            return Arg(span.text, LABEL_TO_TYPE[span.label_])
        if self.topic is not None and topic_reference(token, self.topic):
            return self.topic
        return None

    def args(self, token, types: Iterable[str] = (), *, via: tuple[str, ...] = ()) -> list[Arg]:
        """Arguments a noun phrase names, with its conjuncts ("A, B and C") and appositions.

        ``via`` lists extra paths tried when the head itself names nothing: "compound"
        ("the Y team" → Y), "of" ("some of our tools" → tools), "list" (an
        appositive or "e.g."/"such as" list hanging from the phrase).
        """
        wanted = set(types)
        found: list[Arg] = []
        seen: set[int] = set()
        for tok in expand(token, via):
            arg = self.arg(tok)
            span = self.ents.get(tok.i)
            key = span.start if span is not None else tok.i
            if arg and key not in seen and (not wanted or arg.type in wanted):
                seen.add(key)
                found.append(arg)
        return found


def expand(token, via: tuple[str, ...] = ()) -> Iterator:
    """The token, then its conjuncts and appositions, then (if asked) compound / of / list paths."""
    stack = [token]
    visited: set[int] = set()
    while stack:
        tok = stack.pop(0)
        if tok.i in visited:
            continue
        visited.add(tok.i)
        yield tok
        # relative pronoun: "the people who joined X" — the pronoun stands for the head noun
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            noun = tok.head.head
            stack.append(noun)
            # "Jo Barr is an engineer who works for X": the copula's subject is who works there
            if noun.dep_ == "attr":
                stack.extend(c for c in noun.head.children if c.dep_ in SUBJECT_DEPS)
        for child in tok.children:
            # coordination ("A, B and C") and apposition ("my employer, Acme")
            if child.dep_ in ("conj", "appos"):
                stack.append(child)
            elif "compound" in via and child.dep_ == "compound":
                stack.append(child)
            elif "generic" in via and child.dep_ == "compound" and _definite_generic(tok):
                stack.append(child)  # "the Zork project" → Zork (not "Python tools", not "a new Python package")
            elif "of" in via and child.dep_ == "prep" and child.lower_ == "of":
                stack.extend(c for c in child.children if c.dep_ == "pobj")
            elif "list" in via and child.dep_ == "prep" and child.lower_ in ("like", "including", "as"):
                stack.extend(c for c in child.children if c.dep_ == "pobj")


def _definite_generic(tok) -> bool:
    """A singular generic head with "the": "the Zork project" names Zork; "a Python package" does not name Python."""
    return (
        tok.lemma_.lower() in GENERIC_HEADS
        and tok.tag_ == "NN"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    )


def subject_tokens(verb) -> list:
    """Who does ``verb``: its nsubj, or the subject it inherits through control and coordination.

    Handles: plain subject; "X wants to invest" (xcomp takes the governing verb's
    subject); "X was kind enough to hire me" (xcomp of an adjective complement);
    "I was hired to lead" (control by a passive subject); coordinated verbs ("I
    joined and later left X"); "the people working at X" (participle modifier). A passive
    clause with a subject of its own inherits nobody: in "When X was founded, we moved" "we"
    did not found X.
    """
    for dep in SUBJECT_DEPS:
        subs = [c for c in verb.children if c.dep_ == dep]
        if subs:
            # "Jo Barr (born 1970, Tarnby) is ...": a name in brackets beside the subject is no subject
            return [c for c in subs if not _bracketed(c)] or subs
    head = verb.head
    if head is verb or any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children):
        return []  # a passive clause with its own subject has no doer but its "by" agent ("when X was founded, we ...")
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp"):
        # object control: "X asked me to join Y" — the object of the governing verb is the subject
        if verb.dep_ == "xcomp":
            objs = [c for c in head.children if c.dep_ in ("dobj",) and c.pos_ in ("PRON", "PROPN")]
            if objs and head.lemma_ not in ("spend",):
                return objs
        if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod"):
            head = head.head
        if head.pos_ in ("ADP",):  # "after joining X": pcomp of a preposition
            head = head.head
            if head.pos_ in ("ADV", "ADJ") and head.dep_ == "advmod":  # "prior to founding X, she ..."
                head = head.head
        subs = subject_tokens(head)
        if subs:
            return subs
        return [c for c in head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBG":
        return [head]
    return []


def _bracketed(token) -> bool:
    """The token stands inside round brackets of its sentence."""
    depth = 0
    for tok in token.sent:
        if tok.i >= token.i:
            return depth > 0
        depth += (tok.text == "(") - (tok.text == ")" and depth > 0)
    return False


def subject_args(ctx: Context, verb, types: Iterable[str] = ()) -> list[Arg]:
    return [a for tok in subject_tokens(verb) for a in ctx.args(tok, types)]


def children(token, *deps: str) -> list:
    return [c for c in token.children if c.dep_ in deps]


def prep_objects(token, preps: Iterable[str]) -> list:
    """The objects of the token's prepositions among ``preps`` ("at X", "for X")."""
    wanted = set(preps)
    out = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in wanted:
            out.extend(c for c in prep.children if c.dep_ == "pobj")
    return out


def agent_objects(verb) -> list:
    """The "by X" of a passive verb; coordinated participles share it ("developed and published by X")."""
    found = [pobj for agent in verb.children if agent.dep_ == "agent" for pobj in agent.children if pobj.dep_ == "pobj"]
    if not found:
        for other in verb.children:
            if other.dep_ == "conj" and other.tag_ == "VBN":
                found += [p for agent in other.children if agent.dep_ == "agent" for p in agent.children
                          if p.dep_ == "pobj"]
    return found


def is_passive(verb) -> bool:
    """A passive clause, or a past participle describing a noun ("a game developed by X"; the tagger
    sometimes calls such a participle a past tense, VBD, but a clause on a noun with no subject of its
    own is no past-tense clause)."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.dep_ == "acl" and (verb.tag_ == "VBN" or verb.tag_ == "VBD" and not any(
            c.dep_ in ("nsubj", "expl") for c in verb.children))
    ) or _passive_conjunct(verb)


def _passive_conjunct(verb) -> bool:
    """A participle coordinated with a passive verb, with its own "by" phrase: "Y was designed by A and
    built by B" (B built Y)."""
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.pos_ == "VERB" and is_passive(verb.head) \
        and any(c.dep_ == "agent" for c in verb.children)


def passive_subjects(verb) -> list:
    """The passive subject of ``verb``, or of the passive verb a coordinated participle shares it with."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not subjects and _passive_conjunct(verb):
        return passive_subjects(verb.head)
    return subjects


def participle_targets(verb) -> list:
    """The noun a reduced relative ("Y, developed by X"; "a tool developed by X") describes.

    "Zorkware is an editor developed by X": the participle hangs from the copula's
    attribute, so the copula's subject is the real target too.
    """
    noun = verb.head
    out = [noun]
    if noun.dep_ == "attr":
        out.extend(c for c in noun.head.children if c.dep_ in SUBJECT_DEPS)
    if noun.dep_ == "appos":
        out.append(noun.head)
    return out


def lemma(token) -> str:
    """The lemma with hyphens dropped, so "co-founded" and "cofounded" compare equal."""
    return token.lemma_.lower().replace("-", "")


def verb_lemma(token) -> str:
    """The verb's lemma, folding a "co -" prefix that the tokenizer split off ("co-founded")."""
    base = lemma(token)
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "co":
        return "co" + base
    return base


def clause_up(token, deps: tuple[str, ...], steps: int = 6):
    """The token, then its heads while the link up is one of ``deps`` (at most ``steps`` nodes): the words
    whose children can qualify the token's clause (a negation, a modal)."""
    node = token
    for _ in range(steps):
        yield node
        if node.dep_ not in deps or node.head is node:
            return
        node = node.head


def negated(token) -> bool:
    """True when the clause the token belongs to is negated ("I did not join X", "never worked at X")."""
    return any(any(c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("advmod", "det")) for c in node.children)
               for node in clause_up(token, ("xcomp", "attr", "acomp", "dobj", "pobj", "prep", "conj", "oprd")))


def mood(token) -> str:
    """How the clause around ``token`` is asserted: "fact", "intent", "hypothetical" or "conditional".

    Walks up through control verbs and complements: "X would invest in Y" is
    hypothetical; "if X funds Y" conditional; "X wants to invest in Y" intent.
    """
    node = token
    result = "fact"
    for _ in range(6):
        for c in node.children:
            if c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_MODALS:
                return "hypothetical"
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return "conditional"
        if node is not token and node.lemma_.lower() in INTENT_VERBS:
            result = "intent"
        if node.dep_ in ("xcomp", "attr", "acomp", "dobj", "pobj", "prep", "conj", "oprd", "pcomp") and node.head is not node:
            node = node.head
            continue
        break
    return result


def question_kind(ctx: Context) -> str | None:
    """None for a statement; "wh" for "why/how does X ..." (the presupposition stands); "yes-no" otherwise."""
    if not ctx.question:
        return None
    first = next((t for t in ctx.sent if not t.is_punct and not t.is_space), None)
    if first is not None and first.tag_ in ("WRB", "WP", "WDT", "WP$") and first.lower_ not in ("whether", "if"):
        return "wh"
    return "yes-no"


def phrase(token, drop_det: bool = True) -> str:
    """The text of a noun phrase's left part and head ("the senior product lead" → "senior product lead")."""
    toks = list(token.subtree)
    if drop_det:
        toks = [t for t in toks if not (t.dep_ in ("det", "poss") and t.head is token)]
    if not toks:
        return token.text
    start, end = toks[0].i, toks[-1].i + 1
    text = token.doc[start:end].text
    return " ".join(text.split()).strip(" ,.;:")


def head_left(token) -> str:
    """The head noun with its left modifiers only: "a senior data engineer at X" → "senior data engineer"."""
    left = [t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod", "nummod")]
    if not left:
        return token.text
    start = min(t.left_edge.i for t in left)
    return " ".join(token.doc[start : token.i + 1].text.split())


PERSON_ONLY = (PERSON,)
ORG_ONLY = (ORGANIZATION,)
TECH_ONLY = (TECHNOLOGY,)
AGENTS = (PERSON, ORGANIZATION)
