"""workedAt rules: a person (or the author) worked, works or will work at an organization."""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import AUTHOR, PERSON, WORKED_AT
from blogweave.relations import confidence as conf
from blogweave.relations.common import (
    ORG_ONLY,
    PERSON_ONLY,
    Context,
    Found,
    children,
    head_left,
    is_passive,
    lemma,
    prep_objects,
    subject_args,
)
from blogweave.nlp.lexicon import job_titles
from blogweave.relations.roles import AFFILIATION_TITLES, inner_names, title_links

#: First-person verbs of work, for the listing back-reference below ("I consulted for startups. This included ...").
WORK_VERBS = frozenset({"work", "intern", "teach", "consult", "freelance"})
OFFER_VERBS = frozenset({"offer", "give", "extend"})
#: Nouns that stand for a place of work or a position in it: "joined the data team at X".
WORKPLACE_NOUNS = frozenset(
    {"team", "company", "division", "group", "department", "staff", "board", "lab", "firm", "position",
     "role", "job", "employment", "post", "faculty", "organization", "startup", "office", "unit", "work",
     "career", "internship", "gig", "squad", "crew"}
)
#: Nouns of a spell at a workplace; the first group states employment, the second implies it.
TENURE_EXPLICIT = frozenset({"position", "role", "job", "employment", "tenure", "internship", "stint", "post", "gig"})
TENURE_CONTEXT = frozenset({"time", "year", "years", "career", "day", "week", "month", "days", "decade"})
ROLE_NOUNS = frozenset({"role", "position", "job", "offer", "internship", "post", "contract"})


def role_of(verb) -> str | None:
    """The role an "as" phrase gives: "joined X as the product lead for Y" → "product lead for Y"."""
    from blogweave.relations.common import phrase

    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            pobjs = children(c, "pobj")
            if pobjs:
                return phrase(pobjs[0])
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children):
            words = [t for t in c.subtree if t.dep_ not in ("mark", "det", "punct") or t.head is not c and t.dep_ != "det"]
            while words and (words[0].dep_ in ("mark", "det") or words[0].lower_ in ("as", "the", "a", "an")):
                words = words[1:]
            if words:
                return " ".join(c.doc[words[0].i : words[-1].i + 1].text.split()).strip(" ,.")
    return None


#: First-person work verbs that place the author at an organization with "at": "I built the billing system at Acme".
WORK_CONTEXT_VERBS = frozenset({"build", "develop", "lead", "manage", "run", "design", "ship", "write", "spend", "help", "create"})
#: Verbs a back-reference uses to list the author's work: "This included a pricing engine at Acme, ...".
LISTING_VERBS = frozenset({"include", "involve", "mean", "be", "cover", "span"})


def work_context(ctx: Context) -> Iterator[Found]:
    """Inference from context: the author did work at an organization ("I built the billing system at Acme",
    "I spent five years at Acme"); and a back-reference listing the author's work ("From 2015 I advised
    startups. This included a pricing engine at Acme and a CRM at Zorp")."""
    for verb in ctx.tokens():
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        lem = lemma(verb)
        if lem in WORK_CONTEXT_VERBS:
            authors = [a for a in subject_args(ctx, verb, PERSON_ONLY) if a.name == AUTHOR]
            if not authors:
                continue
            places = prep_objects(verb, ("at",)) + [p for o in children(verb, "dobj") for p in prep_objects(o, ("at",))]
            for org in [a for p in places for a in ctx.args(p, ORG_ONLY)]:
                yield Found(authors[0], WORKED_AT, org, "employment.work_context.v1", conf.CONTEXT, verb)
        elif lem in LISTING_VERBS and verb.dep_ == "ROOT" and ctx.previous is not None:
            subjects = [s for s in children(verb, "nsubj") if s.lower_ in ("this", "that", "these", "it")]
            if not subjects or not _author_worked(ctx.previous):
                continue
            for tok in verb.subtree:
                if tok.dep_ == "prep" and tok.lower_ == "at":
                    for org in [a for p in children(tok, "pobj") for a in ctx.args(p, ORG_ONLY)]:
                        if ctx.speaker is None:
                            continue
                        yield Found(ctx.speaker, WORKED_AT, org, "employment.work_list.v1",
                                    conf.CONTEXT - 0.1, verb)


def _author_worked(sent) -> bool:
    """The sentence has the author as subject of a work verb ("I helped startups build ...")."""
    return any(
        t.lower_ == "i" and t.dep_ == "nsubj" and lemma(t.head) in WORK_CONTEXT_VERBS | WORK_VERBS | {"advise", "consult"}
        for t in sent
    )


def serve_on(ctx: Context) -> Iterator[Found]:
    """Serving on a body of an organization: "she served on the management team of Acme", "he sits on Acme's board"."""
    for verb in ctx.tokens():
        if verb.pos_ != "VERB" or lemma(verb) not in ("serve", "sit"):
            continue
        orgs = []
        for unit in prep_objects(verb, ("on", "in")):
            if lemma(unit) in WORKPLACE_NOUNS:
                orgs += [a for p in prep_objects(unit, ("of", "at")) for a in ctx.args(p, ORG_ONLY)]
                orgs += [a for c in children(unit, "poss", "compound") for a in ctx.args(c, ORG_ONLY)]
        for person in subject_args(ctx, verb, PERSON_ONLY):
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.serve_on.v1", conf.base(True, person), verb)


#: What a student earns or writes under a supervisor: "earned his doctorate from X under Y".
DEGREE_NOUNS = frozenset({"doctorate", "degree", "phd", "ph.d.", "thesis", "dissertation", "habilitation", "diploma",
                          "master", "masters", "doctor"})
STUDY_VERBS = frozenset({"study", "train", "graduate", "research"})
SUPERVISION_NOUNS = frozenset({"supervision", "direction", "guidance", "mentorship", "tutelage", "advisement"})


def supervisor(ctx: Context) -> Iterator[Found]:
    """A degree taken under a supervisor at an institution: "she earned her doctorate from X under (the
    supervision of) Y" — the supervisor taught there (an inference, scored as context)."""
    for verb in ctx.tokens():
        if verb.pos_ != "VERB":
            continue
        if lemma(verb) not in STUDY_VERBS and not any(lemma(o) in DEGREE_NOUNS for o in children(verb, "dobj")):
            continue
        teachers = []
        for pobj in prep_objects(verb, ("under",)):
            if lemma(pobj) in SUPERVISION_NOUNS:
                teachers += [a for p in prep_objects(pobj, ("of",)) for a in ctx.args(p, PERSON_ONLY)]
            else:
                teachers += ctx.args(pobj, PERSON_ONLY)
        if not teachers:
            continue
        orgs = [a for p in prep_objects(verb, ("from", "at")) for a in ctx.args(p, ORG_ONLY)]
        for teacher in teachers:
            for org in orgs:
                yield Found(teacher, WORKED_AT, org, "employment.supervisor.v1", conf.CONTEXT, verb)


def spell_at(ctx: Context) -> Iterator[Found]:
    """Anyone's spell at an organization: "Jane Doe spent ten years at Acme" (a span of time as the object)."""
    for verb in ctx.tokens():
        if verb.pos_ != "VERB" or lemma(verb) != "spend":
            continue
        if not any(lemma(o) in TIME_UNITS or o.lower_ in TENURE_CONTEXT for o in children(verb, "dobj")):
            continue
        orgs = [a for p in prep_objects(verb, ("at", "with")) for a in ctx.args(p, ORG_ONLY)]
        for person in subject_args(ctx, verb, PERSON_ONLY):
            if person.name == AUTHOR:
                continue  # the author's spells are work_context's
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.spell.v1", conf.CONTEXT, verb)


def offer(ctx: Context) -> Iterator[Found]:
    """A job offer: "Acme offered me a role", "I was offered a position at Acme" (an offer, so a notch lower)."""
    for verb in ctx.tokens():
        if verb.pos_ != "VERB" or lemma(verb) not in OFFER_VERBS:
            continue
        roles = [o for o in children(verb, "dobj", "nsubjpass") if lemma(o) in ROLE_NOUNS]
        if not roles:
            continue
        if is_passive(verb):
            people = [a for s in children(verb, "nsubjpass") for a in ctx.args(s, PERSON_ONLY)]
            orgs = [a for r in roles + [verb] for p in prep_objects(r, ("at", "with")) for a in ctx.args(p, ORG_ONLY)]
        else:
            recipients = children(verb, "dative") + [p for p in prep_objects(verb, ("to",))]
            people = [a for r in recipients for a in ctx.args(r, PERSON_ONLY)]
            orgs = subject_args(ctx, verb, ORG_ONLY)
        role = head_left(roles[0]) if any(t.dep_ in ("compound", "amod") for t in roles[0].lefts) else None
        for person in people:
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.offer.v1", conf.base(True, person) - 0.1, verb, role)


def tenure(ctx: Context) -> Iterator[Found]:
    """Possessed spells of work: "my new position at Acme", "my last day at Acme", "during my time at Acme"."""
    for noun in ctx.tokens():
        word = noun.lower_
        if noun.pos_ != "NOUN" or (word not in TENURE_EXPLICIT and word not in TENURE_CONTEXT):
            continue
        holders = [a for p in children(noun, "poss") for a in ctx.args(p, PERSON_ONLY)]
        if not holders:
            continue
        pobjs = prep_objects(noun, ("at", "with"))
        if not pobjs and noun.dep_ in ("attr", "nsubj"):
            # copula with attribute: "Friday was my last day at Acme" (the "at" hangs from the copula)
            pobjs = prep_objects(noun.head, ("at", "with"))
        orgs = [a for p in pobjs for a in ctx.args(p, ORG_ONLY)]
        last_day = word == "day" and any(c.lower_ in ("last", "final") for c in noun.children)
        first_day = word in ("day", "week") and any(c.lower_ == "first" for c in noun.children)
        explicit = word in TENURE_EXPLICIT or last_day or first_day
        mode = "end" if last_day else "start" if first_day else None
        for person in holders:
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.tenure.v1", conf.base(explicit, person), noun, dates=mode)


#: Nouns of being placed in a post: "her appointment to the Acme board", "his promotion at Acme".
APPOINTMENT_NOUNS = frozenset({"appointment", "promotion", "secondment", "transfer", "hiring", "election"})


def appointment(ctx: Context) -> Iterator[Found]:
    """A possessed appointment to an organization: "until his appointment to the Acme Court", "her hiring at Acme"."""
    for noun in ctx.tokens():
        if noun.pos_ != "NOUN" or lemma(noun) not in APPOINTMENT_NOUNS:
            continue
        holders = [a for p in children(noun, "poss") for a in ctx.args(p, PERSON_ONLY)]
        orgs = [a for p in prep_objects(noun, ("to", "at", "with")) for a in ctx.args(p, ORG_ONLY)]
        for person in holders:
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.appointment.v1", conf.base(True, person), noun,
                            dates="start")


#: Nouns that name a spell when a time unit modifies them: "one-year mark", "ten-year anniversary".
SPELL_MARKERS = frozenset({"mark", "anniversary", "milestone"})
TIME_UNITS = frozenset({"year", "month", "week", "day", "decade"})


def headline_tenure(ctx: Context) -> Iterator[Found]:
    """Verbless headline of a spell: "Five years at Acme", "One-year mark at Acme" (the author's).

    A post's title or heading that is only a spell at a workplace speaks of the
    author; with no verb and no possessor it is an inference, so it scores as context.
    """
    for noun in ctx.tokens():
        if noun.dep_ != "ROOT" or noun.pos_ != "NOUN" or any(c.dep_ == "poss" for c in noun.children):
            continue
        word = lemma(noun)
        spell = word in TENURE_CONTEXT or word in TENURE_EXPLICIT or noun.lower_ in TENURE_CONTEXT
        if word in SPELL_MARKERS:
            spell = any(lemma(c) in TIME_UNITS for c in noun.subtree if c is not noun)
        if not spell:
            continue
        author = ctx.speaker
        if author is None:
            continue
        for pobj in prep_objects(noun, ("at", "with")):
            for org in ctx.args(pobj, ORG_ONLY):
                yield Found(author, WORKED_AT, org, "employment.headline_tenure.v1", conf.base(False, author), noun)


def employer(ctx: Context) -> Iterator[Found]:
    """"my employer": "My former employer, Acme, ..." (apposition), "Acme is my employer" (copula)."""
    for noun in ctx.tokens():
        if lemma(noun) != "employer":
            continue
        holders = [a for p in children(noun, "poss") for a in ctx.args(p, PERSON_ONLY)]
        orgs = [a for c in children(noun, "appos") for a in ctx.args(c, ORG_ONLY)]
        if noun.dep_ == "attr":
            orgs += [a for s in children(noun.head, "nsubj") for a in ctx.args(s, ORG_ONLY)]
        if noun.dep_ == "nsubj":
            orgs += [a for s in children(noun.head, "attr") for a in ctx.args(s, ORG_ONLY)]
        if noun.dep_ == "appos":
            orgs += ctx.args(noun.head, ORG_ONLY)
        for person in holders:
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.employer.v1", conf.base(True, person), noun)


def job_title(ctx: Context) -> Iterator[Found]:
    """A job title over an organization: appositive title ("Jane Doe, CEO of Acme"), title before the name
    ("Acme spokesman John Smith"), copula with attribute ("I was a director at Acme"), "as" phrase."""
    for link in title_links(ctx):
        if link.kind not in ("job", "role") and not (link.kind == "maker" and link.title.lower_ in job_titles()):
            continue
        person = ctx.arg(link.holder)
        if person is None or person.type != "Person":
            continue
        if person.name == AUTHOR and link.title.lemma_.lower() in ("candidate", "nominee"):
            continue  # "I was a good candidate for X": an applicant or patient, not a party's candidate
        if link.construction == "as" or link.kind == "role" or link.title.lemma_.lower() in AFFILIATION_TITLES:
            score = conf.CONTEXT
        elif link.construction == "copula":
            score = conf.base(True, person)
        else:
            score = conf.TITLE
        # the target with its coordinated names; an apposed short form in brackets ("chair of Acme (ACM)")
        # is the same organization under another name, left to entity resolution
        for org in _without_bracketed(ctx, link.target, ctx.args(link.target, ORG_ONLY)):
            yield Found(person, WORKED_AT, org, f"employment.title_{link.construction}.v2", score, link.title, link.role)


def _without_bracketed(ctx: Context, target, orgs: list) -> list:
    """``orgs`` without a short form in brackets right after the target's own name ("Acme (ACM)")."""
    span = ctx.ent(target)
    if span is None or len(orgs) < 2:
        return orgs
    doc = ctx.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is None or after.text != "(" or span.end + 1 >= len(doc):
        return orgs
    short = ctx.ent(doc[span.end + 1])
    if short is None or short is span or len(short.text) >= len(span.text):
        return orgs  # "PAN (National Action Party)": the long form in brackets is kept
    return [o for o in orgs if o.name != short.text]


def affiliation(ctx: Context) -> Iterator[Found]:
    """A name with "of"/"at" an organization: "Jane Doe of Acme said", "John Smith at Acme found"."""
    seen = set()
    for span in ctx.spans:
        if span.label_ != "PERSON" or span.start in seen:
            continue
        seen.add(span.start)
        if len(span) == 1 and span.root.lower_ in job_titles():
            continue  # "Dean of the school": a title read as a name
        root = span.root
        people = [root] + ([root.head] if root.dep_ == "conj" and ctx.arg(root.head) else [])
        for prep in children(root, "prep"):
            # coordinated names before the phrase: "Jane Doe and John Smith of Acme" (not "Jane Doe of Acme and John Smith")
            people += [c for c in children(root, "conj") if c.i < prep.i and prep.lower_ in ("of", "at")]
        for pobj in prep_objects(root, ("of", "at", "from")):
            # "Jane Doe of Acme's law school": the possessor is a workplace too
            # and "Jane Doe of the Acme company" (the name modifies a common noun)
            inner = children(pobj, "poss") if ctx.arg(pobj) is not None else inner_names(ctx, pobj)
            for org in ctx.args(pobj, ORG_ONLY) + [a for c in inner for a in ctx.args(c, ORG_ONLY)]:
                for p in people:
                    person = ctx.arg(p)
                    if person and person.type == "Person":
                        yield Found(person, WORKED_AT, org, "employment.affiliation.v2", conf.CONTEXT, root)


def possessive_name(ctx: Context) -> Iterator[Found]:
    """An organization's person: "Acme's John Smith said" (the organization as possessor of the name)."""
    for span in ctx.spans:
        if span.label_ != "PERSON":
            continue
        for poss in children(span.root, "poss"):
            for org in ctx.args(poss, ORG_ONLY):
                yield Found(ctx.arg(span.root), WORKED_AT, org, "employment.possessive.v1", conf.CONTEXT, span.root)


def byline(ctx: Context) -> Iterator[Found]:
    """A byline: a name followed by its organization in brackets, "Jane Doe (Acme)"."""
    doc = ctx.doc
    for span in ctx.spans:
        # the person's span, or a short name standing for a person ("Tobin (Acme)"; nlp/short_names.py)
        who = ctx.arg(span.root) if len(span) == 1 else None
        if not (span.label_ == "PERSON" or who is not None and who.type == PERSON) or span.end + 2 >= ctx.sent.end:
            continue
        if doc[span.end].text != "(":
            continue
        org_span = ctx.ent(doc[span.end + 1])
        if org_span is None or org_span.label_ != "ORG" or org_span.start != span.end + 1:
            continue
        close = _after_bracketed_short_form(doc, org_span.end, ctx.sent.end)
        if close < ctx.sent.end and doc[close].text == ")":
            person, org = ctx.arg(span.root), ctx.arg(org_span.root)
            initials = "".join(w[0] for w in span.text.split() if w).upper()
            if org.name.replace(".", "").upper() == initials:
                continue  # "Richardson Lucy (RL)": an abbreviation of the name, not an affiliation
            yield Found(person, WORKED_AT, org, "employment.byline.v1", conf.CONTEXT, span.root)


def _after_bracketed_short_form(doc, end: int, stop: int) -> int:
    """The token index after an organization's own bracketed short form ("Acme Data Center (ADC)"), else ``end``."""
    if end < stop and doc[end].text == "(":
        for i in range(end + 1, min(stop, end + 5)):
            if doc[i].text == ")":
                return i + 1 if i > end + 1 else end
    return end


RULES = (work_context, serve_on, supervisor, offer, tenure, appointment, spell_at, headline_tenure, employer, job_title, affiliation, possessive_name, byline)
