"""The ``blogweave_entities`` spaCy component: clean, filter and type entity spans from context.

It runs after the entity ruler and spaCy's NER and leaves in ``doc.ents`` only
PERSON, ORG and TECH spans, each with ``ent_id_`` set to what decided it
(``ruler``, ``pattern``, ``context`` or ``ner``). What it does, in order:

0. repair boundaries the ruler-before-NER order causes ("Tom Swift", "Globex
   Maps" -> TECH, "of Arts and Letters", "Knight-Rowe Inc."), and split spans
   at brackets (``nlp_spans``);
1. clean every span (``nlp_spans.clean_span``): drop a leading determiner, a
   trailing "'s" and punctuation; drop markup leftovers, lone abbreviations and
   the names in ``data/not_entities.txt``; a person's span also loses a leading
   title or occupation and an "of <place>" tail (``nlp_spans.trim_person``);
2. type each span from its syntactic context (``context_label``): an honorific
   or an occupation right before it ("Dr.", "singer"; ``data/person_nouns.txt``), the verb or
   preposition that governs it, an apposition or copula noun ("X, a startup";
   "X is a library"; "X, a truck driver"), a making verb ("X was developed by",
   "published by X"), and the noun right after it ("the X library", "X team",
   "X president");
3. type a "<given name> <Surname>" span as a person whatever NER said
   (``data/given_names.txt``), unless a strong context says otherwise; keep
   spaCy's own PERSON/ORG spans; admit its GPE, NORP, PRODUCT,
   WORK_OF_ART, FAC, LOC and EVENT spans only when context types them;
   single lower-case words found by NER alone are dropped;
4. add names NER missed where a strong context points at one ("I joined
   Quillfeather", "we call it the widget-agent project") or that are
   "<given name> <Surname>", and a bracketed acronym after a name ("(ERA)");
5. make every mention of the same name in the doc agree on one label, by
   weighted vote: ruler 8, pattern 4, context 3 (strong) or 1 (weak), NER 1;
   a lone person name votes its full form a person ("Okafor" -> "Toma Okafor").
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Span
from spacy.util import filter_spans

from blogweave.names import is_acronym_of, normalize_name
from blogweave.nlp.lexicon import job_titles, known_names
from blogweave.nlp.spans import (
    HONORIFICS,
    LEADING_DROP,
    LETTER,
    absorb_common_word_names,
    absorb_product_names,
    clean_span,
    extend_coordinated_name,
    extend_hyphenated_start,
    organization_words,
    split_pairs,
    trim_person,
)

FINAL_LABELS = ("PERSON", "ORG", "TECH")
#: NER labels that become ORG or TECH only with supporting context.
CONTEXT_ONLY_LABELS = ("GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LOC", "EVENT", "LANGUAGE", "LAW")
WEIGHTS = {"ruler": 8, "pattern": 4, "context": 3, "weak": 1, "ner": 1}

# Context vocabulary (lemmas). These are English words, not names.
JOIN_VERBS = {"join", "leave", "quit", "rejoin"}
EMPLOYER_VERBS = {"hire", "employ", "recruit", "acquire"}  # "X hired me": X is an organization
OFFER_VERBS = {"offer"}  # "X offered me a role"
FOUNDING_VERBS = {"found", "establish", "incorporate"}  # "co-founded X": X is an organization
WORK_WORDS = {
    "work", "join", "start", "intern", "serve", "employ", "hire", "stay", "remain", "spend", "be", "begin",
    "time", "day", "year", "month", "week", "tenure", "stint", "position", "role", "job", "career",
    "internship", "employment", "team", "colleague", "coworker", "co-worker", "manager", "director",
    "engineer", "scientist", "researcher", "intern", "lead", "head", "vp", "cto", "ceo", "founder",
    "employee", "staff", "office", "offer", "experience", "project", "tool", "system", "platform",
}
ORG_NOUNS = {
    "company", "startup", "start-up", "firm", "organization", "organisation", "nonprofit", "non-profit",
    "foundation", "lab", "laboratory", "bank", "agency", "employer", "university", "institute",
    "institution", "corporation", "business", "vendor", "provider", "competitor", "fund", "consultancy",
    "agency", "publisher", "retailer", "manufacturer", "exchange", "fintech", "unicorn", "incubator",
    "accelerator", "charity", "school", "college", "government", "ministry", "department", "division",
}
ORG_TAIL_NOUNS = {"employee", "headquarters", "hq", "ceo", "cto", "founder", "cofounder", "co-founder",
                  "board", "staff", "recruiter", "management", "leadership"}
TEAM_NOUNS = {"team", "group", "division", "department", "org"}
TECH_NOUNS = {
    "library", "framework", "package", "toolkit", "tool", "language", "compiler", "database", "module",
    "sdk", "runtime", "engine", "extension", "plugin", "plug-in", "project", "protocol", "api", "cli",
    "interpreter", "kernel", "driver", "app", "application", "service", "software", "format", "model",
    "algorithm", "architecture", "technique", "optimizer", "scheduler", "system", "stack", "codebase",
    "repository", "repo", "binary", "daemon", "agent", "product", "platform", "chip", "processor",
    # made things of encyclopedia prose: "X is a video game / a games console / a smartphone"
    "game", "videogame", "console", "device", "computer", "smartphone", "tablet", "browser", "microprocessor",
    "microarchitecture", "franchise", "aircraft", "missile",
}
TECH_TAIL_NOUNS = {"library", "framework", "package", "toolkit", "language", "compiler", "database", "module",
                   "sdk", "runtime", "extension", "plugin", "project", "protocol", "api", "apis", "codebase",
                   "repository", "repo", "user", "users", "developer", "maintainer", "contributor", "release",
                   "version", "community", "ecosystem", "code", "cluster", "kernel", "package", "tutorial",
                   "stack", "workflow", "program", "programming", "script", "support", "integration"}
TECH_VERBS = {"develop", "maintain", "write", "create", "release", "open-source", "fork", "implement",
              "prototype", "install", "deploy", "use", "adopt", "port", "rewrite", "compile", "build"}
STRONG_TECH_VERBS = {"maintain", "fork", "install", "compile", "rewrite"}
CALL_VERBS = {"call", "name", "dub"}
#: Verbs of making a product: their passive subject is a made thing ("Gravelstorm was developed by ...").
MADE_VERBS = {"develop", "design", "publish", "release", "manufacture", "produce", "program", "code", "launch",
              "ship", "port", "license", "market", "distribute", "engineer", "prototype"}
#: Makers that are companies: "published by X", "manufactured by X", "distributed by X".
COMPANY_MADE_VERBS = {"publish", "manufacture", "distribute", "market", "license"}

#: A blank line (lookahead, so overlapping runs such as "\n\n\n" are all found).
_BLANK_LINE = re.compile(r"\n(?=([ \t]*\n))")
_CAMEL = re.compile(r"[a-z][A-Z]")


@Language.component("blogweave_paragraphs")
def mark_paragraphs(doc):
    """A token after a blank line starts a sentence (headings, list items); the parser keeps this."""
    # A blank line is two newlines with only spaces or tabs between them. Rather than slice the
    # text between every pair of tokens, find each blank line once: it lies between the last token
    # starting at or before it and the next token, which then starts a sentence if it is not a space.
    text = doc.text
    starts = doc.to_array("IDX").tolist()  # each token's character offset
    for match in _BLANK_LINE.finditer(text):
        token_i = bisect.bisect_right(starts, match.start())  # the token after the one the blank line starts in
        if token_i == 0 or token_i >= len(starts) or starts[token_i] < match.end() + len(match.group(1)):
            continue  # the blank line runs into a later token (or the doc ends)
        token = doc[token_i]
        if not token.is_space:
            token.is_sent_start = True
    return doc


@Language.component("blogweave_entities")
def type_entities(doc):
    """Leave only cleaned, typed PERSON/ORG/TECH spans in ``doc.ents`` (see the module docstring)."""
    candidates = []  # (span, label, source)
    for ent in absorb_product_names(absorb_common_word_names(list(doc.ents))):
        if ent is None:
            continue
        source = ent.id_  # not ent.ent_id_: for a span made here, that is its root token's id
        if source == "pattern":
            ent = extend_coordinated_name(extend_hyphenated_start(ent))
        for part in split_pairs(ent):
            span = clean_span(part, listed=source == "ruler")
            if span is not None and ent.label_ == "PERSON" and source not in ("ruler", "pattern"):
                span = trim_person(span)
            if span is not None:
                candidates.append(_typed(span, ent.label_, source))
    taken = {i for span, label, _ in candidates if label for i in range(span.start, span.end)}
    for span in missed_names(doc, taken):
        label, strength = context_label(span)
        if label and strength == "context":
            candidates.append((span, label, "context"))
        elif not label and person_shaped(span):  # "Leroy Vance of Eastmoor was indicted": NER saw nothing
            candidates.append((span, "PERSON", "context"))
    kept = [(span, label, source) for span, label, source in candidates if label]
    kept += _acronyms_after(doc, kept)
    kept = _agree(kept)
    spans = [Span(doc, span.start, span.end, label=label, span_id="context" if source == "weak" else source)
             for span, label, source in kept]
    doc.ents = filter_spans(spans)
    return doc


def _typed(span, ner_label: str, ent_id: str):
    """(span, final label or None, source) for one cleaned span from the ruler or NER."""
    if ent_id in ("ruler", "pattern"):
        label, source = ner_label, ent_id
        context, strength = context_label(span)
        # A strong context beats a shape pattern ("Acme Analytics library"), never a listed name.
        if ent_id == "pattern" and context and strength == "context" and context != label:
            label, source = context, "context"
        return span, label, source
    context, strength = context_label(span)
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.lower_ in TEAM_NOUNS and context != "TECH":
        return span, None, "ner"  # "the Platform team", "the AI Infrastructure division": a unit, not an entity
    if ner_label != "PERSON" and not (context and strength == "context") and person_shaped(span):
        return span, "PERSON", "context"  # "Oksana Vell" that NER called an organization or a place
    if ner_label in ("PERSON", "ORG"):
        if context and (strength == "context" or ner_label == "PERSON" and context == "ORG"):
            return span, context, strength
        if _lowercase_word(span):
            return span, None, "ner"
        return span, ner_label, "ner"
    if ner_label in CONTEXT_ONLY_LABELS and context and not _lowercase_word(span):
        return span, context, strength
    return span, None, "ner"


#: One word of a person's name after the first: "Vell", "Dahl-Reyes", "J.", "O'Hara", "McKee", "Jr.".
_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z\u00e0-\u00ff]+(?:[-'][A-Z]?[a-z\u00e0-\u00ff]+)*|[A-Z]\.|O'[A-Z][a-z]+|Mc[A-Z][a-z]+|Jr\.?)$")


def person_shaped(span) -> bool:
    """"Oksana Vell", "Tomas J. Brandt": two to four capitalized words, the first a common given name
    (``data/given_names.txt``), none of them an organization or technology word."""
    from blogweave.nlp.lexicon import given_names

    if not 2 <= len(span) <= 4 or span[0].lower_ not in given_names():
        return False
    org_words = organization_words()
    return all(_NAME_WORD.match(t.text) and t.lower_ not in org_words and t.lower_ not in ORG_NOUNS
               and t.lower_ not in TECH_NOUNS for t in span[1:])


#: Job titles that also describe companies ("a developer", "the publisher"): no evidence of a person.
_COMPANY_ROLES = {"developer", "publisher", "producer", "partner", "associate", "member", "agent", "broker",
                  "consultant", "advisor", "adviser", "counsel", "trader", "vendor", "supplier", "contractor"}


#: Roles named after a skill or a technology rather than an employer ("a Rust programmer").
_SKILL_ROLES = {"engineer", "programmer", "developer", "architect", "designer", "scientist", "analyst",
                "administrator", "specialist", "technician", "expert", "user", "researcher", "consultant",
                "player", "writer", "author", "teacher", "instructor", "singer", "actor", "actress", "citizen"}


def _is_person_noun(lemma: str) -> bool:
    """An occupation or role (``data/person_nouns.txt`` and the job titles) that only a person has."""
    return lemma in _person_role_words()


@lru_cache(maxsize=None)
def _person_role_words() -> frozenset[str]:
    from blogweave.nlp.lexicon import person_nouns, read_list

    titles = {line.lower() for line in read_list("job_titles.txt")} - _COMPANY_ROLES
    return frozenset(titles | person_nouns())


def _after_person_noun(span) -> bool:
    before = span.doc[span.start - 1]
    if before.pos_ != "NOUN" or not before.is_lower or not _is_person_noun(before.lemma_.lower()):
        return False
    org_words = organization_words()
    return all(_NAME_WORD.match(t.text) and t.lower_ not in org_words for t in span)


def _lowercase_word(span) -> bool:
    return len(span) == 1 and span.text.islower()


def context_label(span) -> tuple[str | None, str]:
    """The label the words around ``span`` imply, and how strongly: ``("ORG", "context")``,
    ``("TECH", "weak")`` or ``(None, "")``."""
    root = span.root
    head = root.head
    dep = root.dep_
    after = span.doc[span.end] if span.end < len(span.doc) else None
    # An honorific before the name: "Mrs. Quell said", "Sen. Jo Barr": a person.
    if span.start > 0 and span.doc[span.start - 1].lower_ in HONORIFICS:
        return "PERSON", "context"
    # An occupation right before the name: "plastic surgeon Oskar Vell", "singer Mira Dahl".
    if span.start > 0 and _after_person_noun(span):
        return "PERSON", "context"
    # "I joined X", "she left X": a workplace.
    if dep == "dobj" and head.lemma_.lower() in JOIN_VERBS:
        return "ORG", "context"
    # "we co-founded X", "she established X", "X was co-founded by": a new organization.
    if dep in ("dobj", "nsubjpass") and head.lemma_.lower().removeprefix("co-") in FOUNDING_VERBS \
            and not person_shaped(span):
        return "ORG", "context"
    # "X hired me", "X offered me a role": an employer.
    if dep in ("nsubj", "nsubjpass") and head.lemma_.lower() in EMPLOYER_VERBS | OFFER_VERBS and dep == "nsubj":
        if head.lemma_.lower() in EMPLOYER_VERBS or any(c.lower_ in ("me", "us", "him", "her", "them") for c in head.children):
            return "ORG", "context"
    # "X was developed by ...", "a game developed by ...": a made thing, when the name is no person's.
    if (dep == "nsubjpass" or dep in ("ROOT", "nsubj", "dobj", "pobj", "appos") and _made_by(root)) \
            and (dep != "nsubjpass" or head.lemma_.lower() in MADE_VERBS) and not person_shaped(span) \
            and span.label_ != "ORG":
        return "TECH", "context"
    # "published by X", "manufactured by X": publishers and manufacturers are companies.
    if dep == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in COMPANY_MADE_VERBS \
            and not person_shaped(span):
        return "ORG", "context"
    # "hired by X", "employed by X", "acquired by X".
    if dep == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in EMPLOYER_VERBS:
        return "ORG", "context"
    # "my time at X", "work at X", "a position at X", "tools at X".
    if dep == "pobj" and head.lower_ == "at":
        governor = head.head.lemma_.lower()
        return ("ORG", "context") if governor in WORK_WORDS else ("ORG", "weak")
    # "work for X", "worked with X" stays unknown; "work for X" is a workplace.
    if dep == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in {"work", "intern", "consult"}:
        return "ORG", "context"
    # Apposition and copula: "X, a startup", "my employer, X", "X is a Python library".
    for noun in _describing_nouns(span):
        lemma = noun.lemma_.lower()
        # "Oskar Vell, a 50-year-old truck driver": an occupation says person ("driver" only for a person's name).
        if _is_person_noun(lemma) and not any(t.lower_ in organization_words() for t in span) \
                and (lemma not in TECH_NOUNS | ORG_NOUNS or person_shaped(span)):
            return "PERSON", "context"
        if lemma in ORG_NOUNS and _title_of_name(noun):
            continue  # "Quell, publisher of the Daily Widget": a person's title, not what the name is
        if lemma in ORG_NOUNS:
            return "ORG", "context"
        if lemma in TECH_NOUNS:
            return "TECH", "context"
    # "the X library", "X users", "X's CEO", "the X team".
    if after is not None:
        word = after.lower_ if after.lower_ not in ("'s", "\u2019s") else ""
        nxt = after.nbor(1) if word == "" and after.i + 1 < len(after.doc) else None
        if word in TECH_TAIL_NOUNS and after.pos_ in ("NOUN", "PROPN", "VERB"):
            strength = "context" if word in TECH_NOUNS else "weak"
            return "TECH", strength
        if word in ORG_TAIL_NOUNS or (nxt is not None and nxt.lemma_.lower() in ORG_TAIL_NOUNS):
            return "ORG", "context"
        # "Quorra president Jo Barr", "a former Quorra trader": a role at the named organization.
        if word and after.pos_ == "NOUN" and _is_person_noun(after.lemma_.lower()) \
                and after.lemma_.lower() not in _SKILL_ROLES and not person_shaped(span) \
                and all(t.text[:1].isupper() for t in span):
            return "ORG", "context"
        if word in TEAM_NOUNS:
            return "ORG", "weak"
    # "tools such as X", "technologies like: X, Y" (also list items after such a line).
    if _listed_after_kind(span):
        return "TECH", "context"
    # "we call it the X", "a project that we call X".
    if dep in ("oprd", "dobj", "xcomp", "attr", "npadvmod") and head.lemma_.lower() in CALL_VERBS:
        return "TECH", "context" if _calls_a_project(head) else "weak"
    # "developing X", "I maintain X", "built on top of X".
    if dep == "dobj" and head.lemma_.lower() in TECH_VERBS:
        return "TECH", "context" if head.lemma_.lower() in STRONG_TECH_VERBS else "weak"
    if dep == "pobj" and head.lower_ in ("of", "on", "with", "in", "to") and head.head.lemma_.lower() in {
        "top", "build", "write", "implement", "port", "contribute", "contributor", "maintainer", "author"}:
        return "TECH", "weak"
    return None, ""


# A listed name and its separator ("Rust, ", "Go and "); a name starts where no name character
# comes before it, so a long run of letters is read once (linear time).
_LISTED = re.compile(r"(?<![\w\-+.])[\w\-+.]+(?:\s*,\s*|\s+(?:and|or)\s+)")
_KIND_INTRO = re.compile(
    r"\b(technologies|tools|libraries|frameworks|languages|packages|databases|protocols|platforms)"
    r"(?:,)?\s+(?:like|such as|including)\s*:?\s*$", re.I)


def _listed_after_kind(span) -> bool:
    """True when the span is in a list introduced by "technologies like:" / "libraries such as"."""
    doc = span.doc
    if not doc.has_annotation("SENT_START"):
        return False
    sent = span.sent
    before = sent.text[: span.start_char - sent.start_char]  # not doc.text: it joins every token of the post
    # Drop the list items already read ("like X, Y and "), then look for the introduction.
    if _KIND_INTRO.search(_LISTED.sub("", before)):
        return True
    # A list item on its own line: look back over the previous short sentences for the introduction.
    if span.start != sent.start:
        return False
    steps = 0
    previous = sent
    while steps < 8 and previous.start > 0:
        previous = doc[previous.start - 1].sent
        while previous.text.strip() == "" and previous.start > 0:
            previous = doc[previous.start - 1].sent
        steps += 1
        if _KIND_INTRO.search(previous.text.strip()):
            return True
        if len(previous) > 8:
            return False
    return False


def _title_of_name(noun) -> bool:
    """True for a noun that is a job title over a proper name: "publisher of the Daily Widget"."""
    if noun.lemma_.lower() not in job_titles():
        return False
    return any(prep.dep_ == "prep" and prep.lower_ in ("of", "at", "for") and
               any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in prep.children) for prep in noun.children)


def _describing_nouns(span):
    """Nouns that say what the span is: its appositions, the noun it is in apposition to,
    a copula's attribute ("X is a library") and "make X a library"."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            yield child
    if root.dep_ == "appos" and root.head.i < span.start:
        yield root.head
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        for child in root.head.children:
            if child.dep_ in ("attr", "acomp"):
                yield child
    if root.dep_ == "nsubj" and root.head.pos_ == "NOUN" and root.head.i > span.end:
        yield root.head  # small clause: "making X a library"
    if root.dep_ in ("dobj", "nsubj") and root.head.lemma_ in ("make", "become", "call"):
        for child in root.head.children:
            if child.dep_ in ("oprd", "xcomp", "ccomp", "attr") and child.i > span.end:
                yield child
                yield from (c for c in child.children if c.dep_ in ("attr", "oprd"))


def _made_by(token) -> bool:
    """True for "X, developed by ..." / "X, a game developed by ...": a participle of making on the name
    (or on its apposition) with a "by" agent."""
    for noun in (token, *(c for c in token.children if c.dep_ == "appos")):
        for child in noun.children:
            if child.dep_ == "acl" and child.lemma_.lower() in MADE_VERBS and child.tag_ == "VBN" \
                    and any(c.dep_ == "agent" for c in child.children):
                return True
    return False


def _calls_a_project(verb) -> bool:
    """True for "a project that we call X" / "a library called X"."""
    noun = verb.head if verb.dep_ in ("relcl", "acl") else None
    return noun is not None and noun.lemma_.lower() in TECH_NOUNS


def missed_names(doc, taken: set[int]):
    """Name-like spans NER did not mark, where a strong context could type them."""
    seen = set()
    for token in doc:
        if token.i in taken or token.i in seen or not (_name_like(token) or _identifier_start(token)):
            continue
        start = end = token.i
        while start > 0 and start - 1 not in taken and _joins(doc[start - 1], doc[start]):
            start -= 1
        while end + 1 < len(doc) and end + 1 not in taken and _joins(doc[end], doc[end + 1]):
            end += 1
        seen.update(range(start, end + 1))
        span = clean_span(doc[start : end + 1])
        if span is not None and span.text.lower() not in LEADING_DROP:
            yield span


def _name_like(token) -> bool:
    """Capitalized proper noun, a mixed-case word ("KindWidget"), or a hyphenated/digit identifier."""
    text = token.text
    if token.is_punct or token.is_space or token.like_num or token.like_url or not LETTER.search(text):
        return False
    if token.pos_ == "PROPN" and text[:1].isupper():
        return True
    if token.is_sent_start and text[:1].isupper() and token.pos_ == "NOUN" and not token.is_stop and (
            token.dep_ == "nsubj" and token.head.lemma_ == "be"
            or token.dep_ == "nsubjpass" and token.head.lemma_.lower() in MADE_VERBS):
        return True  # "Gravelstorm is a racing game": the tagger often calls an unknown first word a noun
    return bool(_CAMEL.search(text)) or (token.i > 0 and text[:1].isupper() and not token.is_sent_start
                                                    and token.pos_ in ("PROPN", "NOUN"))


def _identifier_start(token) -> bool:
    """A lower-case hyphenated identifier such as "widget-sync-agent" (three or more parts)."""
    doc = token.doc
    if token.whitespace_ or not token.is_alpha or token.i + 4 >= len(doc) or doc[token.i + 1].text != "-":
        return False  # the cheap test first: this runs on every token of every post
    parts = list(doc[token.i : token.i + 5])
    if len(parts) < 5 or (token.i > 0 and doc[token.i - 1].text == "-"):
        return False
    glued = all(not t.whitespace_ for t in parts[:4])
    return glued and all(t.is_alpha for t in parts[::2]) and parts[1].text == parts[3].text == "-"


def _joins(left, right) -> bool:
    """Tokens of one name: no space between them ("widget-agent"), or both capitalized names."""
    if not left.whitespace_ and not left.is_space and not right.is_space and right.text not in (".", ",", ":", ";", ")", "(", "!", "?", "'s", "\u2019s"):
        if left.text in ("(", "\"", "'") :
            return False
        return True
    return _name_like(left) and _name_like(right) and left.whitespace_ == " "


def _conjuncts(token):
    """Tokens coordinated with ``token`` ("A, B and C"), excluding itself."""
    group = [*token.conjuncts]
    if token.dep_ in ("nsubj", "dobj") and token.head.pos_ in ("VERB", "AUX"):
        # Parallel clauses: "A built X, B built Y and C built Z" coordinate the subjects.
        for verb in token.head.conjuncts:
            group.extend(c for c in verb.children if c.dep_ == token.dep_)
    return [t for t in group if t != token]


def _acronyms_after(doc, kept) -> list:
    """"the Eastmoor Rail Authority (ERA)": the acronym in brackets after a name is a mention of it."""
    found = []
    starts = {span.start for span, _, _ in kept}
    for span, label, _ in kept:
        end = span.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and end + 1 not in starts \
                and label in ("ORG", "TECH") and is_acronym_of(doc[end + 1].text, span.text):
            found.append((doc[end + 1 : end + 2], label, "context"))
    return found


def _agree(kept):
    """Give every mention of one name in the doc the label most of its evidence supports."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_root = {span.root.i: label for span, label, _ in kept}
    for span, label, source in kept:
        key = normalize_name(span.text)
        votes[key][label] += WEIGHTS.get(source, 1)
        if source == "ner":
            # Coordination: "Acme, Globex and Initech" share a type; each typed conjunct is a weak vote.
            for other in _conjuncts(span.root):
                if other.i in by_root and by_root[other.i] != "PERSON":
                    votes[key][by_root[other.i]] += WEIGHTS["weak"]
    # A lone first or last name of a person named in full in the same doc is that person ("Jo Barr ... Barr
    # said"): spaCy often types the lone surname as an organization.
    name_parts = {part for span, label, _ in kept if label == "PERSON" and len(span) > 1
                  for part in (normalize_name(span[0].text), normalize_name(span[-1].text))}
    for span, label, source in kept:
        key = normalize_name(span.text)
        if len(span) == 1 and source == "ner" and key in name_parts:
            votes[key]["PERSON"] += WEIGHTS["context"]
    # The other way round: "Toma Okafor ... Okafor said", where NER typed the full name an organization
    # and the lone surname a person: a multi-word NER name whose last word is a person's lone name
    # (and no organization word) is that person.
    lone_persons = {normalize_name(span.text) for span, label, _ in kept if label == "PERSON" and len(span) == 1}
    org_words = organization_words()
    for span, label, source in kept:
        if source == "ner" and label == "ORG" and 1 < len(span) <= 4 and span[-1].lower_ not in org_words \
                and normalize_name(span[-1].text) in lone_persons and all(t.text[:1].isupper() for t in span):
            votes[normalize_name(span.text)]["PERSON"] += WEIGHTS["context"]
    known = known_names()
    result = []
    for span, label, source in kept:
        key = normalize_name(span.text)
        tally = votes[key]
        best = max(sorted(tally), key=lambda lab: (tally[lab], lab == label))  # a tie keeps the span's own label
        if known.get(span.text.lower()) and source == "ruler":
            best = label
        result.append((span, best, source if best == label else "context"))
    return result
