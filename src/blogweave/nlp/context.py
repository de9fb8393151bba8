"""The ``blogweave_entities`` spaCy component: clean, filter and type entity spans from context.

It runs after the entity ruler and spaCy's NER and leaves in ``doc.ents`` only
PERSON, ORG and TECH spans, each with ``ent_id_`` set to what decided it
(``ruler``, ``pattern``, ``context`` or ``ner``). What it does, in order:

0. repair boundaries the ruler-before-NER order causes ("Tom Swift", "Globex
   Maps" -> TECH, "of Arts and Letters", "Knight-Rowe Inc."), and split spans
   at brackets (``nlp_spans``); greeting and title words before a name, profile
   brackets after one, a name's run on to its acronym (``nlp.boundaries``);
1. clean every span (``nlp_spans.clean_span``): drop a leading determiner, a
   trailing "'s" and punctuation; drop markup leftovers, lone abbreviations and
   the names in ``data/not_entities.txt``; a person's span also loses a leading
   title or occupation and an "of <place>" tail (``nlp_spans.trim_person``);
2. type each span from its syntactic context (``typing_rules.RULES``, one function per
   construction with a versioned id, first answer wins): an honorific
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

from spacy.language import Language
from spacy.tokens import Span
from spacy.util import filter_spans

from blogweave.names import CalledBy, is_acronym_of, normalize_name
from blogweave.nlp.lexicon import known_names
from blogweave.nlp.spans import (
    LEADING_DROP,
    LETTER,
    absorb_common_word_names,
    absorb_product_names,
    clean_span,
    extend_coordinated_donors,
    extend_coordinated_name,
    extend_hyphenated_start,
    organization_words,
    split_pairs,
    trim_person,
)
from blogweave.nlp.typing_rules import (
    MADE_VERBS,
    TEAM_NOUNS,
    context_label,
    context_rule,
    lowercase_word,
    name_shaped,
    person_shaped,
)
from blogweave.nlp.boundaries import extend_to_acronym, repair_boundaries, written_in_full
from blogweave.nlp.titles import title_names
from blogweave.nlp.name_shapes import (
    ENGLISH_WORDS, TEAM_HEADS, body_words, generic_body, place_not_employer, shape_rule,
)

#: NER labels that become ORG or TECH only with supporting context.
CONTEXT_ONLY_LABELS = ("GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LOC", "EVENT", "LANGUAGE", "LAW")
WEIGHTS = {"ruler": 8, "pattern": 4, "context": 3, "weak": 1, "ner": 1}

#: A blank line (lookahead, so overlapping runs such as "\n\n\n" are all found).
_BLANK_LINE = re.compile(r"\n(?=([ \t]*\n))")
_CAMEL = re.compile(r"[a-z][A-Z]")
#: A word that alternates letters and digits at least twice ("q4z9", "7w3k"): an identifier-like
#: name, never a number, even when NER calls it CARDINAL. "4x4" and "1e10" (digit, one letter,
#: digit) are measures and numbers, so a letter run of two or more, or a letter at either end, is required.
_ALNUM_NAME = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)(?:[A-Za-z]+\d+[A-Za-z]+|\d+[A-Za-z]+\d+[A-Za-z]+|[A-Za-z]+\d+[A-Za-z]+\d+)[A-Za-z\d]*$")


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
    for ent in repair_boundaries(absorb_product_names(absorb_common_word_names(list(doc.ents)))):
        if ent is None:
            continue
        source = ent.id_  # not ent.ent_id_: for a span made here, that is its root token's id
        if source == "pattern":
            ent = extend_coordinated_name(extend_hyphenated_start(ent))
        elif source == "ruler" and ent.label_ == "TECH":
            ent = extend_hyphenated_start(ent)  # "Vex-Python": a listed technology is the last part of a name
        ent = extend_coordinated_donors(ent)
        for part in split_pairs(ent):
            span = clean_span(part, listed=source == "ruler")
            if span is not None and ent.label_ == "PERSON" and source not in ("ruler", "pattern"):
                span = trim_person(span)
            if span is not None:
                candidates.append(_shaped(*_typed(span, ent.label_, source)))
    taken = {i for span, label, _ in candidates if label for i in range(span.start, span.end)}
    untyped = []  # name-like spans with no context of their own
    for span in unknown_words(doc, taken):  # "the vexlib package": a lower-case name only a strong context types
        label, strength, rule = context_rule(span)
        if label == "TECH" and strength == "context" and (rule != NOUN_AFTER or _definite_head(span)):
            candidates.append((span, label, "context"))
        else:
            untyped.append(span)
    for span in missed_names(doc, taken):
        longer = extend_to_acronym(Span(doc, span.start, span.end, label="PERSON"))
        if len(longer) > len(span) and not any(i in taken for i in range(longer.start, longer.end)):
            candidates.append((longer, "ORG", "context"))  # "Maria Summer of Code (MSoC)": a programme
            continue
        label, strength = context_label(span)
        if label == "ORG" and place_not_employer(span, span.root.ent_type_, context_rule(span)[2], strength):
            continue  # a place NER found whose span was dropped: still no employer
        if label == "PERSON" and span.root.ent_type_ in ("GPE", "LOC", "NORP") and not person_shaped(span):
            continue  # a place NER found, before a title: "Ada Vell (Vexland): Researcher at X"
        if label == "PERSON" and len(span) == 1 and span.text.isupper() and len(span.text) > 1:
            continue  # "the Data Librarian (DL) at X": an acronym is no person's name
        if label and strength == "context":
            candidates.append(_shaped(span, label, "context"))
        elif not label and person_shaped(span):  # "Leroy Vance of Eastmoor was indicted": NER saw nothing
            candidates.append((span, "PERSON", "context"))
        else:
            untyped.append(span)
    kept = [(span, label, source) for span, label, source in candidates if label]
    kept = title_names(doc, written_in_full(_not_places(doc, kept)))  # "Vex: Night Run" titled and opening the text: one name
    kept += _typed_elsewhere(untyped, kept)
    kept += _acronyms_after(doc, kept)
    kept = _bodies_of(doc, _agree(kept))
    spans = [Span(doc, span.start, span.end, label=label, span_id="context" if source == "weak" else source)
             for span, label, source in kept]
    doc.ents = filter_spans(spans)
    return doc


def _bodies_of(doc, kept):
    """boundary.body_of.v1: "the Kestrel Foundation Board of Directors", "the Kestrel Labs Core Team": a
    name made of an organization the post names on its own and a body every organization may have
    (``name_shapes.body_words``) is a mention of that organization (a seat on its board is a seat there).
    When the leading words are a listed technology (``data/technologies.txt``: "the Python Board of
    Directors"), the body is of an organization the post does not name: no entity."""
    owners = {span.text for span, label, _ in kept if label == "ORG"}
    listed = known_names()
    out = []
    for span, label, source in kept:
        if label == "ORG" and len(span) > 1:
            words = [t.text for t in span]
            cut = next((n for n in range(1, len(words)) if body_words(words[n:]) and span[:n].text in owners), None)
            if cut is not None:
                span = span[:cut]
            elif any(body_words(words[n:]) and listed.get(span[:n].text.lower()) == "TECH" for n in range(1, len(words))):
                continue  # "the Zork Board of Directors", Zork a technology: the board of an organization not named
        out.append((span, label, source))
    return out


def _not_places(doc, kept):
    """typing.place_elsewhere.v1: a name NER calls an organization in one sentence and a place in another
    ("Quellport's mayor" ... "in Quellport, Vexland") is the place, unless a context rule or an
    organization word says otherwise."""
    places = {normalize_name(e.text) for e in doc.ents if e.label_ in ("GPE", "LOC")}
    if not places:
        return kept
    org_words = organization_words()
    return [(span, label, source) for span, label, source in kept
            if not (source == "ner" and label == "ORG" and normalize_name(span.text) in places
                    and not any(t.lower_ in org_words for t in span))]


def _typed_elsewhere(untyped, kept):
    """Mentions of a name the doc types elsewhere from strong evidence (a listed name, a suffix pattern or
    a context rule): "Q7z3 is a non-profit ... we thank Q7z3": the second mention has no context of its own
    but is the same name. A weak vote each, so ``_agree`` still settles the label."""
    strong = {}
    for span, label, source in kept:
        if source in ("ruler", "pattern", "context"):
            strong.setdefault(normalize_name(span.text), label)
    # "Adrin Vell ... Adrin said": a lone given name or surname of exactly one person named in full in the doc
    people = CalledBy()
    for span, label, _ in kept:
        if label == "PERSON" and (person_shaped(span) or name_shaped(span)):
            people.add(span.text)
    out = []
    for span in untyped:
        key = normalize_name(span.text)
        label = strong.get(key)
        if label is None and len(span) == 1 and span[0].pos_ == "PROPN" and people.one(span.text) is not None \
                and span.text.lower() not in known_names():
            label = "PERSON"
        if label is not None and shape_rule(span, label) is None:
            out.append((span, label, "weak"))
    return out


def _shaped(span, label: str | None, source: str):
    """The candidate after the name-shape rules (``name_shapes.SHAPE_RULES``): a listed name or a
    suffix pattern keeps its label; a code identifier becomes TECH, a job title no entity, ..."""
    if label is None or source == "ruler":
        return span, label, source
    if source == "pattern":  # a suffix pattern keeps its label, but a body's name alone is none
        return (span, None, "context") if label == "ORG" and generic_body(span) else (span, label, source)
    rule = shape_rule(span, label)
    return (span, rule.label, "context") if rule is not None else (span, label, source)


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
        if lowercase_word(span):
            return span, None, "ner"
        return span, ner_label, "ner"
    if ner_label in CONTEXT_ONLY_LABELS and context and not lowercase_word(span):
        if context == "ORG" and place_not_employer(span, ner_label, context_rule(span)[2], strength):
            return span, None, "ner"  # "the Vexland correspondent", "at Quellport": a place, not an employer
        if context == "PERSON" and ner_label in ("GPE", "LOC", "NORP") and not person_shaped(span):
            return span, None, "ner"  # "Ada Vell (Vexland): Researcher at X": the title is the person's
        return span, context, strength
    return span, None, "ner"



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
        if start > 0 and doc[start - 1].ent_type_ == "TECH" and doc[end].lower_ in TEAM_HEADS:
            continue  # "the Zork Core Team": the technology's team, no organization of its own
        span = clean_span(doc[start : end + 1])
        if span is not None and span.text.lower() not in LEADING_DROP:
            yield span


#: The vocabulary table of English words (``add_word_index``): a lower-case word outside it may be a name.
WORD_TABLE = ENGLISH_WORDS


def add_word_index(nlp) -> None:
    """Copy the English word list of the model's lemmatizer (its ``lemma_index``) into the vocab's
    lookups, where the entity component can see it; a pipeline without one gets none (no lower-case
    names are then read)."""
    from spacy.lookups import Table

    if "lemmatizer" not in nlp.pipe_names or nlp.vocab.lookups.has_table(WORD_TABLE):
        return
    tables = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if tables is None or not tables.has_table("lemma_index"):
        return
    index = tables.get_table("lemma_index")
    table = Table(WORD_TABLE)
    for key in index:
        for word in index[key]:
            table[word] = True
    if tables.has_table("lemma_exc"):
        exceptions = tables.get_table("lemma_exc")
        for key in exceptions:
            for word in exceptions[key]:
                table[word] = True
    nlp.vocab.lookups.set_table(WORD_TABLE, table)


NOUN_AFTER = "typing.noun_after.v1"


def _definite_head(span) -> bool:
    """"the vexlib library", "its vexlib plugin": the noun after the name is definite, so the name is the
    thing's own ("a dataframe library" is a kind of library)."""
    head = span.doc[span.end] if span.end < len(span.doc) else None
    return head is not None and any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ == "the" for c in head.children)


def unknown_words(doc, taken: set[int]):
    """One-token spans of lower-case words that are no English word ("vexlib", "quorbit"): package
    names are often written so. Only a strong technology context types them (see ``type_entities``)."""
    if not doc.vocab.lookups.has_table(WORD_TABLE):
        return
    words = doc.vocab.lookups.get_table(WORD_TABLE)
    for token in doc:
        text = token.text
        if token.i in taken or len(text) < 4 or not text.isalpha() or not text.islower() or token.is_stop \
                or token.pos_ not in ("NOUN", "PROPN", "ADJ", "X"):
            continue
        if text in words or token.lemma_.lower() in words or _glued_words(text, words):
            continue
        yield doc[token.i : token.i + 1]


#: Prefixes that make a new word of an English one ("submodule", "autoscaler"): no name.
_WORD_PREFIXES = ("sub", "re", "un", "pre", "multi", "micro", "meta", "auto", "co", "non", "over", "super", "inter")


def _glued_words(text: str, words) -> bool:
    """An English word with a prefix, or two glued together ("toolkit", "dataframe", "submodule"): a
    common noun of the trade, not a name."""
    if any(text.startswith(p) and text[len(p):] in words for p in _WORD_PREFIXES):
        return True
    return any(text[:i] in words and text[i:] in words for i in range(3, len(text) - 2))


def _name_like(token) -> bool:
    """Capitalized proper noun, a mixed-case word ("KindWidget"), or a hyphenated/digit identifier."""
    text = token.text
    if _ALNUM_NAME.match(text):
        return True
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
    by_span = {span.root.i: span for span, _, _ in kept}
    by_source = {span.root.i: source for span, _, source in kept}
    for span, label, source in kept:
        key = normalize_name(span.text)
        votes[key][label] += WEIGHTS.get(source, 1)
        if source == "ner":
            # Coordination: "Acme, Globex and Initech" share a type; each typed conjunct is a weak vote.
            for other in _conjuncts(span.root):
                if other.i in by_root and by_root[other.i] != "PERSON":
                    # a listed name's type is known: its vote outweighs NER's guess ("Zope, Plone and Django")
                    weight = WEIGHTS["context"] if by_source[other.i] == "ruler" else WEIGHTS["weak"]
                    votes[key][by_root[other.i]] += weight
                elif other.i in by_root and label != "PERSON" and name_shaped(span) and len(by_span[other.i]) > 1:
                    # "by Tarn Ouvrard and Ilse Vanrell": a full name among people is a person's
                    votes[key]["PERSON"] += WEIGHTS["context"]
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
