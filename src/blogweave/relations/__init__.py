"""Relation extraction: dependency rules that turn a parsed sentence into facts.

``extract_facts(doc, post)`` runs every rule of every family over every sentence:

* ``employment``  — workedAt (join / leave / start at / work at / hire / offer /
  "my last day at" / "my employer, X" / job titles / "X of Y" / bylines /
  "served on the board of X" / "X, headed by Y" / a supervisor "under" whom a
  degree was taken at X / a party's candidate or member / a first-person career:
  "I later worked on fraud models at X", "This included a CRM at X" after a
  first-person work sentence)
* ``affiliation`` — workedAt from where a name stands: "Y (X, Berlin)", "Y (CTO,
  X)", a stay ("I was at X for four years", "while at X"), semicolon lists and
  list items or table rows "Dr Y, X", "leads research at X", "X, where I am
  based", "part of X", "took a job at X"; programs, awards and events are no
  workplace, nor "clients such as X"
* ``founding``    — founded (found / co-found / start / set up / founder titles /
  "the firm she founded, X")
* ``funding``     — fundedBy (fund / sponsor / support / invest / grants given
  and received / "X grants that funded A, B and C" / sponsor titles)
* ``development`` — developed (develop / write / maintain / build / "Y,
  developed by X" / "lead the Y team" / author and maintainer titles / "X's Y" /
  "Y is a game by X" / a product named after its maker, "Acme Quillpad")

Title phrases (``roles.py``) reach the organization through a possessor or a
name inside a common noun ("a chemist with X's research unit", "an X
operations manager"), an apposition ("chair of the largest party, X"), a
name's tag ("Sen. Y, D-Ohio, chairman of X"), a copula's attribute ("Y was a
chemist, the first president of X") and a relative clause ("Y, who became CEO
of X"); back-references (``reference.py``) cover "he"/"she"/"it", "the
company", "the agency" (an organization named with that noun) and a lone
surname after the full name.

A rule is a pure function ``rule(ctx) -> Iterator[Found]`` over one sentence
(``common.Context``); its id is versioned (``employment.join.v1``) so a changed
rule shows in diffs. Arguments are surface names exactly as the entity span
reads, typed from the entity label (PERSON, ORG, TECH); "I", "me" and "my"
become ``models.AUTHOR``. Resolution (merging names, the author's name) happens
later, in ``resolve.py``.

The lexicon engine (``engine.py`` over ``lexicon.toml``) handles every trigger verb, money noun,
participle ("Acme-funded") and "T by Y" work noun; the family modules keep the title phrases and a
few constructions the lexicon does not express yet. Rule ids of the engine name the trigger and the
two positions: ``funding.money.recipient+prep-from.v1``.

Confidence scale (``confidence.py``), before calibration:

=====  ==========================================================================
0.9    explicit first-person statement: "I joined Acme", "my last day at Acme"
0.8    explicit third-person statement: "Jane Doe joined Acme", "Zork was
       developed by Acme"; a first-person job offer ("Acme offered me a role")
0.75   title phrase: "Jane Doe, CEO of Acme", "Acme spokesman John Smith"
0.6    inference from context: "my time at Acme", "Jane Doe of Acme", bylines,
       "as a director at Acme", "supports" (which may not mean money)
=====  ==========================================================================

then multiplied by how the clause is asserted:

* negated ("I did not join Acme", "never worked at Acme"): no fact;
* hypothetical (would / could / might / may / should / must) or conditional
  ("if Acme funds Zork"): no fact — nothing is asserted;
* yes/no question ("Did Acme invest in Zork?"): no fact;
* wh-question ("Why does Acme want to invest in Zork?"): its presupposition is
  stated (Acme wants to invest), so the fact is kept at x0.7; but not with a modal
  ("How can I sponsor Zork?") or a generic "How do I join Acme?" (``senses.unasked``): no fact;
* intent (want / plan / intend / hope / expect ... to): x0.8;
* who "I", "we" and "this project" are comes from the document (``nlp/document.py``, built once
  per post): "I" is the author, or inside a quote or interview answer the interviewee the title
  names, else nobody (no first-person fact); "we"/"our" is the organization the post speaks for
  (``site_owner``, or an organization as author) in every relation; without one, "we" as founder
  or developer ("we built Zork") is the author x0.7 and no other rule accepts it; "this/the
  project" with no name of its own is the entity the section's heading (or the title) names.

* a side given by a back-reference ("He joined Acme", "The company was
  founded by Jane Doe"; see ``reference.py``): x0.85.

Calibration: that raw score is then mapped to a confidence by its rule family's table in
``calibration.toml`` (``calibration.py``): a step function over the raw score, fitted by
``benchmarks/calibrate.py`` on half the dev-set posts so that a confidence is the precision measured
for such evidence, and reported on the other half (the file's header gives the figures). On the dev
sets today the raw score separates little beyond first-person statements, so most single pieces of
evidence report about 0.66 and only first-person or repeated facts reach 0.8; most wrong facts come
from entity typing (titles and products typed as organizations), which no relation score can see.

A fact stated in several sentences or posts gains confidence when resolve.py
merges its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from blogweave.models import AUTHOR, FOUNDED, FUNDED_BY, ORGANIZATION, PERSON, SIGNATURES, TECHNOLOGY, WORKED_AT, Arg, Fact, Post
from blogweave.nlp.document import document_context
from blogweave.nlp.lexicon import countries, job_titles, programming_languages
from blogweave.nlp.short_names import ambiguous_names, short_names
from blogweave.relations import confidence as conf
from blogweave.relations import affiliation, development, employment, founding, funding, senses
from blogweave.relations.common import FIRST_PERSON, FIRST_PLURAL, Context, Found, entity_map, mood, negated, question_kind
from blogweave.relations.qualifiers import apply_dates, find_dates
from blogweave.relations.engine import addon_for, lexicon_facts
from blogweave.relations.lexicon import load_lexicon
from blogweave.relations.reference import REFERENCE_FACTOR, References

AUTHOR_ARG = Arg(AUTHOR, PERSON)

#: Every rule, in the order they run.
RULES = (lexicon_facts,) + employment.RULES + affiliation.RULES + founding.RULES + funding.RULES + development.RULES


__all__ = ["RULES", "SIGNATURES", "extract_facts", "sentence_facts"]


def _asserted(found: Found, question: str | None) -> float | None:
    """The factor for how the clause is asserted, or None when it asserts nothing."""
    if found.anchor is None:
        return 1.0
    if negated(found.anchor):
        return None
    kind = mood(found.anchor)
    if kind not in conf.MOOD_FACTOR:
        return None
    factor = conf.MOOD_FACTOR[kind]
    if question == "yes-no":
        return None
    if question == "wh":
        if senses.unasked(found.anchor):
            return None  # "How can I sponsor Zork?", "How do I join Acme?": asks, presupposes nothing
        factor *= conf.WH_QUESTION_FACTOR
    return factor


#: Rules that may pair the sentence's one argument with an author no word stands for ("Five years at
#: Acme"; "This included a CRM at Acme" after "I advised startups", a back-reference to a first-person
#: work sentence): employment.headline_tenure and employment.work_context (its work_list branch). Both give workedAt with an organization as object.
SOLO_RULES = frozenset({employment.headline_tenure, employment.work_context})


def _solo_rules(ctx: Context, rules: Iterable, names: set) -> list:
    """The rules worth running on a sentence whose words name at most one argument.

    A fact needs two different arguments (``sentence_facts`` drops subject == object),
    and every rule takes its arguments from ``ctx.arg`` (entities, back-references,
    "I"/"me"/"my") or makes the author of "we"/"us"/"our" — except the ``SOLO_RULES``,
    which add the author on their own, and ``development.name_prefix``, which reads the
    maker out of a product's name ("Acme Quillpad"). Skipping the others changes no result; it
    only saves walking the sentence once per rule.
    """
    args = set(names) | ({ctx.topic} if ctx.topic is not None else set())  # "this work" may be the topic
    for tok in ctx.sent:
        word = tok.lower_
        if word in FIRST_PERSON or word in FIRST_PLURAL:
            if ctx.arg(tok) is not None or ctx.speaker is not None:
                args.add(ctx.arg(tok) or ctx.speaker)
        elif tok.i in ctx.refs:
            args.add(ctx.refs[tok.i])
        if len(args) > 1:
            return list(rules)
    solo = set(SOLO_RULES) if any(a.type == ORGANIZATION for a in args) else set()
    if any(a.type == TECHNOLOGY for a in args):
        solo.add(development.name_prefix)  # "Acme Quillpad": the maker is in the product's name
    return [rule for rule in rules if rule in solo]


def sentence_facts(sent, rules: Iterable = RULES, previous=None, doc_ents: dict | None = None,
                   refs: dict | None = None, document=None) -> list[Found]:
    """Every typed, asserted relation one sentence states (before dates and provenance are added).

    ``doc_ents`` is ``common.entity_map(doc.ents)``, computed once per doc by ``extract_facts``;
    ``refs`` maps back-references ("he", "the company") to names (``reference.References``).
    """
    ctx = Context(sent, previous, doc_ents, refs, document)
    if not ctx.ents and not ctx.refs and ctx.topic is None and not any(
            t.lower_ in ("i", "me", "my", "we") for t in sent):
        return []
    names = {ctx.arg(t) for t in sent if t.i in ctx.ents}
    if len(ctx.spans) < 2:  # maybe too few arguments for any fact: see _solo_rules
        rules = _solo_rules(ctx, rules, names)
        if not rules:
            return []
    referred = set(ctx.refs.values()) - names  # named by reference only
    question = ctx.question and question_kind(ctx)
    best: dict[tuple, Found] = {}
    for rule in rules:
        for found in rule(ctx):
            subj_types, obj_types = SIGNATURES[found.predicate]
            if found.subject.type not in subj_types or found.object.type not in obj_types:
                continue
            if found.subject == found.object:
                continue
            if found.predicate == WORKED_AT and not affiliation.workplace_name(found.object.name):
                continue  # "she was a Kestrel Fellowship recipient": a program or an award, not an employer
            if found.predicate == WORKED_AT and _community_of(ctx, found.object):
                continue  # "I joined the Zork community", "the community of Acme trainers": membership
            if found.predicate != FUNDED_BY and senses.event_name(ctx, found.object):
                continue  # "Jo Barr at KestrelConf 2019", "a contributor for Kestrel Code 2025": an event
            factor = _asserted(found, question or None)
            if factor is None:
                continue
            if found.subject in referred or found.object in referred:
                factor *= REFERENCE_FACTOR  # one side is "he" / "the company": an inference
            score = conf.calibrated(found.rule, found.confidence * factor)
            key = (found.subject, found.predicate, found.object)
            old = best.get(key)
            if old is None or score > old.confidence:
                best[key] = Found(
                    found.subject, found.predicate, found.object, found.rule, score, found.anchor,
                    found.role or (old.role if old else None), found.amount or (old.amount if old else None),
                    found.dates or (old.dates if old else None),
                )
    kept = [f for f in best.values() if not _cut_short_side(ctx, f)
            and not (f.rule.startswith("development.maker_") and addon_for(ctx, f.object, load_lexicon()))]
    return _whole_organizations(ctx, kept)


#: Words inside a name that go on past an entity's end: "Read" + "the Docs", "Kestrel Summer" + "of Code".
_NAME_GOES_ON = frozenset({"of", "the", "and", "&", "for"})
#: Nouns that make an institution's name of the name before them: "the Kestrel library" is the Kestrel Library,
#: and "the Kestrel and Quill libraries" two libraries; "Kestrel" alone names neither.
_INSTITUTION_NOUNS = frozenset({"library", "museum", "hospital", "clinic", "university", "college", "school",
                                "academy", "conservatory", "church", "orchestra", "archive", "observatory"})


#: Nouns of a group one belongs to without a job in it: "the Zork community", "the network of Acme trainers".
_COMMUNITY_NOUNS = frozenset({"community", "communities", "network", "fandom"})


def _community_of(ctx: Context, arg) -> bool:
    """Every mention of ``arg`` in the sentence names a community: it modifies a community noun ("the Acme
    community") or is the object of "of" on one ("the community of Acme trainers")."""
    spans = [s for s in ctx.spans if ctx.arg(s.root) == arg]
    if not spans:
        return False
    for span in spans:
        root = span.root
        if root.dep_ in ("compound", "nmod", "poss"):
            head = root.head
        elif root.dep_ == "pobj" and root.head.lower_ == "of":
            head = root.head.head
        else:
            return False
        if head.lower_ not in _COMMUNITY_NOUNS:
            return False
    return True


def _cut_short_side(ctx: Context, found: Found) -> bool:
    """boundary: an organization or a technology of the fact whose every span in the sentence is cut short:
    the name goes on ("Read" of "Read the Docs", "Kestrel Summer" of "Kestrel Summer of Code", "Kestrel
    REST" of "Kestrel REST API", "repl" of "clang-repl"), so the fact is about a fragment."""
    for arg in (found.subject, found.object):
        if arg.type == PERSON or arg.name == AUTHOR:
            continue
        spans = [s for s in ctx.spans if ctx.arg(s.root) == arg]
        if spans and all(_goes_on(s) for s in spans):
            return True
    return False


def _goes_on(span) -> bool:
    doc = span.doc
    if span.label_ == "ORG" and _names_an_institution(span):
        return True
    if span.start > 1 and doc[span.start - 1].text == "-" and not doc[span.start - 2].whitespace_ \
            and not doc[span.start - 1].whitespace_ and doc[span.start - 2].is_alpha:
        return True  # "clang-repl" read as "repl"
    if span.start > 0:
        before = doc[span.start - 1]
        if span.label_ == "TECH" and span.text.lower() in programming_languages() and before.pos_ == "PROPN" \
                and before.dep_ in ("compound", "nmod") and before.head.i in range(span.start, span.end):
            return True  # "OpenTelemetry Go", "Kestrel Python": a project's library for the language, not it
        if before.is_alpha and before.text[:1].isupper() and before.whitespace_ and before.ent_type_ == "" \
                and not before.is_sent_start and not before.is_stop \
                and (before.pos_ == "ADJ" or before.dep_ == "compound" and before.head.i in range(span.start, span.end)):
            return True  # "Accessible Zork": a capitalized word of the name before the entity's start
    if span.end >= len(doc) or not span[-1].whitespace_:
        return False
    nxt = doc[span.end]
    if nxt.is_stop and nxt.is_alpha and nxt.text[:1].isupper() and nxt.pos_ in ("ADP", "CCONJ", "DET") \
            and not nxt.is_sent_start and not _title_cased(nxt.sent):
        return True  # "the Zork With Style lesson": a capitalized small word mid-sentence goes on with a title
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if nxt.lower_ in _NAME_GOES_ON and after is not None and after.text[:1].isupper() and after.is_alpha \
            and (after.ent_type_ == "" or nxt.lower_ == "the") and nxt.whitespace_:
        return True  # "Read the Docs", "Institute for Museum and Library Services", "Rock the Zork"
    run = []  # the capitalized words right after the name: "Dependency Submission API"
    for token in doc[span.end : min(len(doc), span.end + 5)]:
        if not (token.is_alpha and token.text[:1].isupper() and token.ent_type_ == "" and not token.is_sent_start
                and not token.is_stop):
            break
        run.append(token)
        if not token.whitespace_:
            break
    titles = job_titles()
    # "Kestrel Dependency Submission API" goes on; "Kestrel Acting Deputy Director" is a title after it, and
    # "the Kestrel Foundation Board" one of its bodies: the fact is about the organization still
    return bool(run) and not any(t.lower_ in titles or t.lower_.rstrip("s") in titles or t.lower_ in _BODIES
                                 for t in run)


def _title_cased(sent) -> bool:
    """A heading written in title case ("Acme Is A New Sponsor Of Zork"): most of its words capitalized."""
    words = [t for t in sent if t.is_alpha]
    return sum(t.text[:1].isupper() for t in words) > 0.6 * len(words)


def _names_an_institution(span) -> bool:
    """The name modifies a lower-case institution noun, alone or coordinated: "the Kestrel library", "the
    Kestrel and Quill Park libraries"."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    head = root.head
    return root.dep_ in ("compound", "nmod") and head.i >= span.end and head.text.islower() \
        and head.lemma_.lower() in _INSTITUTION_NOUNS


#: Prepositions that attach a unit to the organization it belongs to: "the Data Team at Kestrel", "the
#: Core Team of Kestrel" ("in" is left out: "a scientist at Vexland University in the Quill Lab" has the
#: part after it).
_PART_PREPS = frozenset({"at", "of"})
#: Head words of a unit's name ("the Quill Lab", "the School of Music"): only such a name is a part.
_UNIT_HEADS = frozenset({"team", "teams", "lab", "labs", "laboratory", "department", "school", "faculty",
                         "division", "office", "group", "center", "centre", "facility", "library", "libraries",
                         "unit", "board", "committee", "council", "program", "programme", "section"})
#: Bodies of an organization after its name ("the Kestrel Labs Board"): the fact is about the organization
#: still (a programme named after it, "the Kestrel Partnership Program", is a name of its own).
_BODIES = _UNIT_HEADS - {"program", "programme", "section"}


def _whole_organizations(ctx: Context, facts: list[Found]) -> list[Found]:
    """employment.unit_of.v1: "a programmer with the Data Team at Kestrel Labs", "a lecturer in Vexland
    University's School of Music": an organization named as a part of another in the same noun phrase
    (through "at"/"of" or a possessive) is a unit or a product of that one; the person works at the whole
    organization, not at the part, which the fact names instead."""
    if not any(f.predicate == WORKED_AT for f in facts):
        return facts
    out: list[Found] = []
    have = {(f.subject, f.object) for f in facts if f.predicate == WORKED_AT}
    for found in facts:
        whole = _whole_of(ctx, found.object) if found.predicate == WORKED_AT else None
        if whole is _UNNAMED:
            continue  # "a lecturer in OU's Department of Tides": the department of an organization not named
        if whole is None or whole == found.subject:
            out.append(found)
            continue
        if (found.subject, whole) not in have:
            have.add((found.subject, whole))
            out.append(Found(found.subject, found.predicate, whole, "employment.unit_of.v1", found.confidence,
                             found.anchor, found.role, found.amount, found.dates))
    return out


#: ``_whole_of`` for a unit whose organization is an acronym no entity names ("OU's Department of Tides").
_UNNAMED = Arg("", ORGANIZATION)


def _acronym(text: str) -> bool:
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper()


def _whole_of(ctx: Context, part: Arg) -> Arg | None:
    """The organization a span of ``part`` in this sentence is named as a part of, ``_UNNAMED`` when that is
    a possessor's acronym that names no entity (a place is no entity either: "New York's Quill School"), or
    None."""
    for span in ctx.spans:
        if span.label_ != "ORG" or ctx.arg(span.root) != part:
            continue
        words = [t.lower_ for t in span]
        head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
        if head not in _UNIT_HEADS:
            continue  # "Acme Aviation at Vexland Airport", "the Quill Institute": no unit's name
        for child in span.root.children:
            owners = []
            if child.dep_ == "poss":
                owners = [child]
            elif child.dep_ == "prep" and child.lower_ in _PART_PREPS:
                owners = [t for t in child.children if t.dep_ == "pobj"]
            for owner in owners:
                whole = ctx.arg(owner)
                if whole is None and child.dep_ == "poss" and _acronym(owner.text) \
                        and owner.text.lower() not in countries():
                    return _UNNAMED
                if whole is not None and whole != part and whole.type == ORGANIZATION and owner.i not in range(
                        span.start, span.end):
                    return whole
    return None


def extract_facts(doc, post: Post, warnings: list[str] | None = None) -> list[Fact]:
    """The facts a parsed post states, each with its evidence sentence, line, rule and confidence.

    A sentence the rules fail on is skipped and noted in ``warnings`` (the build report's, so
    ``--strict`` sees it).
    """
    facts: list[Fact] = []
    previous = None
    doc_ents = entity_map(doc.ents)
    references = References(doc_ents, short_names(doc, post))  # "Tobin" for "Tobin Marsh" (nlp/short_names.py)
    document = document_context(doc, post)  # who "I" and "we" are, the sections' topics
    nobody = ambiguous_names(doc, post)  # "Chris" where two Chrises are named: no fact about either
    for sent in doc.sents:
        try:
            refs = references.resolve(sent)
            found = sentence_facts(sent, previous=previous, doc_ents=doc_ents, refs=refs, document=document)
            previous = sent
        except Exception as err:  # a rule tripping on an odd parse must not stop the build
            if warnings is not None:
                warnings.append(f"{post.rel_path}:{post.line_of(sent.start_char)}: relation rules failed on this "
                                f"sentence ({type(err).__name__}: {err}); its facts are left out")
            continue
        if not found:
            continue
        evidence = " ".join(sent.text.split())
        dates = None
        for item in found:
            if {item.subject.name, item.object.name} & nobody:
                continue
            start_date = end_date = None
            if item.predicate in (WORKED_AT, FOUNDED):
                dates = dates or find_dates(sent.text, post.date)
                start_date, end_date = apply_dates(dates, item.dates)
            facts.append(
                Fact(
                    subject=item.subject,
                    predicate=item.predicate,
                    object=item.object,
                    post=post.rel_path,
                    evidence=evidence,
                    start=sent.start_char,
                    end=sent.end_char,
                    line=post.line_of(sent.start_char),
                    rule=item.rule,
                    confidence=item.confidence,
                    start_date=start_date,
                    end_date=end_date,
                    role=item.role,
                    amount=item.amount if item.predicate == FUNDED_BY else None,
                )
            )
    return facts
