"""workedAt rules: a person (or the author) worked, works or will work at an organization."""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import AUTHOR, WORKED_AT
from blogweave.relations import confidence as conf
from blogweave.relations import senses
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
    subject_tokens,
)
from blogweave.nlp.lexicon import given_names, job_titles
from blogweave.relations.lexicon import load_lexicon
from blogweave.relations.roles import AFFILIATION_TITLES, AWARD_TITLES, inner_names, title_links

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


#: First-person verbs of doing work; an "at X" on what the author worked on places the author there:
#: "I built the billing system at Acme", "I later worked on fraud models at Acme", "I spent five years at Acme".
WORK_CONTEXT_VERBS = frozenset({"build", "develop", "lead", "manage", "run", "design", "ship", "write", "spend", "help",
                                "create", "work", "intern", "teach", "consult", "freelance", "advise", "maintain", "research"})
#: Verbs a back-reference uses to sum up or list the author's work: "This included ...", "That meant ...".
LISTING_VERBS = frozenset({"include", "involve", "mean", "cover", "span", "entail", "comprise"})
#: Pronouns that refer back to the sentence before ("This included ...").
BACK_REFERENCES = frozenset({"this", "that", "these", "it", "which"})
#: Nouns for the author's work as a whole, with "my": "My projects included ...", "My work there meant ...".
WORK_SUMS = frozenset({"work", "project", "role", "job", "engagement", "client", "gig", "contract", "responsibility",
                       "duty", "assignment", "highlight"})


#: One-off events one runs or leads somewhere without working there: "I ran a workshop at Acme".
EVENT_NOUNS = frozenset({"workshop", "talk", "session", "tutorial", "meetup", "webinar", "panel", "sprint", "hackathon",
                         "demo", "presentation", "keynote", "booth", "stand", "interview", "visit", "event", "lecture",
                         "seminar", "conference", "meeting", "party", "trip"})


def _work_places(ctx: Context, verb) -> list:
    """Organizations after "at" on what a work verb is about: on the verb ("worked at X"), on its object
    ("built the billing system at X"), on the object of its "on" ("worked on fraud models at X"),
    through "of" phrases ("the design of the search engine at X"), and on the items coordinated with them
    ("a search engine at X and a billing system at Y"). Nouns only: a clause below the verb is its own."""
    places, seen = [], set()
    todo = [verb]
    while todo:
        tok = todo.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        at = prep_objects(tok, ("at",))
        events = lemma(tok) in EVENT_NOUNS or tok is verb and any(lemma(o) in EVENT_NOUNS for o in children(tok, "dobj"))
        if not events:  # "ran a workshop at X": an event there, not work there
            places += at
        # list items coordinated with the workplace are the parser's attachment of the next item
        nexts = children(tok, "dobj", "attr", "conj", "appos") + [c for p in at for c in children(p, "conj", "appos")]
        for prep in children(tok, "prep"):
            if prep.lower_ in ("on", "of", "including", "like"):  # not "for"/"with": clients, colleagues
                nexts += children(prep, "pobj")
        todo += [n for n in nexts if n.pos_ in ("NOUN", "PROPN")]
    return [a for p in places for a in ctx.args(p, ORG_ONLY)]


def _first_person_work(sent) -> bool:
    """The sentence has the author as the subject of a work verb ("I helped startups build ...",
    "From 2015 I consulted for banks") — a first-person career sentence."""
    return any(t.lower_ == "i" and t.dep_ in ("nsubj", "nsubjpass") and lemma(t.head) in WORK_CONTEXT_VERBS
               for t in sent)


def _sums_up_work(ctx: Context, verb) -> bool:
    """The listing verb's subject stands for the author's work: a back-reference to a first-person career
    sentence just before ("This included ...", "That meant ...") or "my" work ("My projects included ...")."""
    for subj in children(verb, "nsubj"):
        if subj.lower_ in BACK_REFERENCES and ctx.previous is not None and _first_person_work(ctx.previous):
            return True
        if lemma(subj) in WORK_SUMS and any(p.lower_ == "my" for p in children(subj, "poss")):
            return True
    return False


def work_context(ctx: Context) -> Iterator[Found]:
    """Inference from a first-person career: the author did work at an organization ("I built the billing
    system at Acme", "I later worked on fraud models at Acme", "I spent five years at Acme"); or a sentence
    that sums up that work lists it "at" organizations ("From 2015 I advised startups. This included a
    pricing engine at Acme and a CRM at Zorp"; "My projects there included a search tool at Acme")."""
    for verb in ctx.tokens():
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        lem = lemma(verb)
        if lem in WORK_CONTEXT_VERBS:
            # the first person: the author, or the speaker of an interview answer
            authors = [a for t in subject_tokens(verb) if t.lower_ in ("i", "me") for a in ctx.args(t, PERSON_ONLY)]
            if authors:
                for org in _work_places(ctx, verb):
                    yield Found(authors[0], WORKED_AT, org, "employment.work_context.v2", conf.CONTEXT, verb)
        elif lem in LISTING_VERBS and ctx.speaker is not None and _sums_up_work(ctx, verb):
            for org in _work_places(ctx, verb):
                yield Found(ctx.speaker, WORKED_AT, org, "employment.work_list.v2", conf.CONTEXT - 0.1, verb)


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
        if link.title.lemma_.lower() in AWARD_TITLES and not _workplace_preposition(link):
            continue  # "a Kestrel Fellow", "a fellow of the Kestrel Society": an award, not a job
        if link.construction == "as" or link.kind == "role" or link.title.lemma_.lower() in AFFILIATION_TITLES:
            score = conf.CONTEXT
        elif link.construction == "copula":
            score = conf.base(True, person)
        else:
            score = conf.TITLE
        # the target with its coordinated names; an apposed short form in brackets ("chair of Acme (ACM)")
        # is the same organization under another name, left to entity resolution
        # the title the target hangs on may be a coordinated one: "a member of X and a fellow of Y"
        title = senses.title_of_target(link.target) or link.title
        if title is not link.title and title.lemma_.lower() in AWARD_TITLES and not _workplace_preposition(link):
            continue
        for org in _without_bracketed(ctx, link.target, ctx.args(link.target, ORG_ONLY)):
            if senses.membership_title(title, org.name):
                continue  # "an honorary member of X", "a member of the Kestrel Society": no job (senses.py)
            if link.title.lemma_.lower() == "member" and not _member_of_body(link, org):
                continue  # "a member of the Acme Party / the band Acme / the Acme Society": no job there
            yield Found(person, WORKED_AT, org, f"employment.title_{link.construction}.v2", score, link.title, link.role)


def _member_of_body(link, org) -> bool:
    """A member who works in the organization: of a body named as one ("the Acme Town Council", "the Acme
    team"), or a "staff"/"faculty"/"board" member. A member of a party, a band, a club or a learned society
    belongs to it without working for it."""
    units = load_lexicon().words("units")
    if any(c.lemma_.lower() in units for c in children(link.title, "compound")):
        return True
    body = link.target.head if link.target.dep_ in ("compound", "nmod") else link.target
    if body.lemma_.lower() in units and body.text[:1].isupper():
        return True  # "a member of the Acme Governance Committee", the body a mention of Acme (boundary.body_of)
    return org.name.split()[-1].lower() in units


def _workplace_preposition(link) -> bool:
    """The title's target is the object of "at", "with" or "in" ("a fellow at Acme", "a scholar in Acme's lab")."""
    tok = link.target
    while tok.dep_ in ("conj", "appos", "compound", "poss") and tok.head is not tok:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in ("at", "with", "in")


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
        return orgs  # "VLP (Vexland Labour Party)": the long form in brackets is kept
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
            # "A at Acme and B at Initech": the parser may hang the second "at" on A; it is the nearer B's
            nearer = [s.root for s in ctx.spans if s.label_ == "PERSON" and span.end <= s.start
                      and s.end <= pobj.head.i and s.root not in people]  # ("A and B of Acme": both)
            for org in ctx.args(pobj, ORG_ONLY) + [a for c in inner for a in ctx.args(c, ORG_ONLY)]:
                for p in nearer[-1:] or people:
                    person = ctx.arg(p)
                    if person and person.type == "Person":
                        yield Found(person, WORKED_AT, org, "employment.affiliation.v2", conf.CONTEXT, root)


def possessive_name(ctx: Context) -> Iterator[Found]:
    """An organization's person: "Acme's John Smith said" (the organization as possessor of the name).

    After "our"/"their", only a name that starts with a given name (``given_names.txt``): what a site
    calls its own is mostly a thing ("our Handbook", "our Community Calendar"), which the entity stage
    may take for a person."""
    given = given_names()
    for span in ctx.spans:
        if span.label_ != "PERSON":
            continue
        for poss in children(span.root, "poss"):
            if poss.pos_ == "PRON" and span[0].lower_ not in given:
                continue
            for org in ctx.args(poss, ORG_ONLY):
                yield Found(ctx.arg(span.root), WORKED_AT, org, "employment.possessive.v1", conf.CONTEXT, span.root)


RULES = (work_context, serve_on, supervisor, offer, tenure, appointment, spell_at, headline_tenure, employer, job_title, affiliation, possessive_name)
