"""workedAt from where a name stands: an organization in brackets after it, a stay "at" an organization,
and the items of a semicolon list that pair each name with its organization.

These are affiliations a post states by layout or by a copula rather than by a verb of work, so
they score as context (relations/confidence.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import WORKED_AT
from blogweave.nlp.boundaries import ACRONYM_SMALL_WORDS
from blogweave.nlp.lexicon import job_titles
from blogweave.relations import confidence as conf
from blogweave.relations.lexicon import load_lexicon
from blogweave.relations.common import ORG_ONLY, PERSON_ONLY, Context, Found, children, lemma, subject_tokens

#: Words allowed in brackets around the organization: "(Acme)", "(CTO, Acme)", "(Acme, Berlin)", "(at Acme)".
BRACKET_LINKS = frozenset({",", "at", "of", "and", "&", "/", ";", "the", "-", "–"})
#: Time units of a stay's length: "I was at Acme for four years".
TIME_UNITS = frozenset({"year", "month", "week", "decade", "summer", "semester", "term", "stint"})
#: Conjunctions of a stay that frames what else happened: "while I was at Acme", "when she was at Acme".
STAY_MARKS = frozenset({"while", "whilst", "when"})
MAX_BRACKET = 16
#: Sites whose names in brackets after a person are profile links, not workplaces: "Jane Doe (GitHub, Mastodon)".
PROFILE_SITES = frozenset({"github", "gitlab", "twitter", "x", "linkedin", "mastodon", "bluesky", "website",
                           "homepage", "blog", "orcid", "google scholar", "researchgate", "stack overflow",
                           "youtube", "facebook", "instagram", "threads", "codeberg", "sourcehut", "bitbucket"})


def workplace_name(name: str) -> bool:
    """A name that can be a workplace: not a program, award or event ("the Kestrel Fellowship", "Acme Summit")."""
    words = name.lower().split()
    return not words or words[-1].strip(".,") not in load_lexicon().words("not_workplaces")


def _closing(doc, start: int, end: int) -> int | None:
    """The index of the ")" closing the bracket opened at ``start``, within ``end``."""
    depth = 0
    for i in range(start, min(end, start + MAX_BRACKET)):
        if doc[i].text == "(":
            depth += 1
        elif doc[i].text == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def _initials(text: str) -> str:
    return "".join(w[0] for w in text.replace("-", " ").split() if w).upper()


def _short_form_of(short: str, doc, span) -> bool:
    """The bracketed name is the initials (or the capitals: "Quill IR (QIR)") of the name before it,
    counting up to three capitalized words the name's span left out in front ("Open Renewal Info (ORI)"
    with the span "Renewal Info")."""
    letters = short.replace(".", "").upper()
    start = span.start
    while start > span.sent.start and span.start - start < 6 and (
            doc[start - 1].text[:1].isupper() or doc[start - 1].lower_ in ACRONYM_SMALL_WORDS):
        start -= 1
    for begin in range(start, span.start + 1):
        if not doc[begin].text[:1].isupper():
            continue
        text = doc[begin:span.end].text
        if letters in (_initials(text), _capitals(text)) or _abbreviates(letters, text.replace("-", " ").split()):
            return True
    return False


def _abbreviates(letters: str, words: list[str]) -> bool:
    """``letters`` are the initials of ``words`` in order, each small word's kept or left out."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if letters and word[:1].upper() == letters[0] and _abbreviates(letters[1:], rest):
        return True
    return word.lower() in ACRONYM_SMALL_WORDS and _abbreviates(letters, rest)


def _capitals(text: str) -> str:
    """The capital letters of a name: "Machine IR" -> "MIR" (a short form made of them)."""
    return "".join(c for c in text if c.isupper())


def bracket(ctx: Context) -> Iterator[Found]:
    """A name with its organization in brackets: "Jane Doe (Acme)", "Jane Doe (Acme, Berlin)",
    "Jane Doe (CTO, Acme)", "PI: Jane Doe (Acme University)". The bracket holds names, places, job titles
    and commas only (no clause, "Jane Doe (who left Acme)"); a bracketed short form of the name itself
    ("Richard Lucy (RL)") or a project the person makes is no workplace (the object must be an organization)."""
    doc = ctx.doc
    for span in ctx.spans:
        if span.end >= ctx.sent.end or doc[span.end].text != "(":
            continue
        # the person's span, or a short name standing for a person ("Tobin (Acme)"; nlp/short_names.py)
        who = ctx.arg(span.root) if span.label_ != "PERSON" and len(span) == 1 else None
        if span.label_ != "PERSON" and (who is None or who.type != "Person"):
            continue
        close = _closing(doc, span.end, ctx.sent.end)
        if close is None:
            continue
        if close + 1 < ctx.sent.end and doc[close + 1].pos_ == "PROPN":
            continue  # "Conrad (Gus) Shinn": a nickname inside the name, which goes on after the bracket
        inside = doc[span.end + 1 : close]
        if not len(inside) or inside[0].is_punct:
            continue  # "Name (, Other Name)": an alias with a dropped original, not an affiliation
        person = ctx.arg(span.root)
        if person is None or person.type != "Person":
            continue
        orgs, ok = [], True
        i = inside.start
        while i < inside.end:
            ent = ctx.ent(doc[i])
            if ent is not None and ent.start == i:
                if ent.label_ == "ORG":
                    orgs.append(ent)
                elif ent.label_ not in ("GPE", "LOC", "NORP", "DATE"):
                    ok = False
                i = max(ent.end, i + 1)
                continue
            tok = doc[i]
            if orgs and tok.text == "," and not any(t.pos_ in ("VERB", "AUX") for t in doc[i:close]):
                break  # the organization, then its place or unit: "(Acme, Berlin)"
            if not (tok.lower_ in BRACKET_LINKS or tok.is_punct or lemma(tok) in job_titles()
                    or tok.lower_ in job_titles() or tok.pos_ in ("ADJ", "NOUN") and tok.i + 1 < close
                    and lemma(doc[tok.i + 1]) in job_titles()):
                ok = False
                break
            i += 1
        if not ok or any(ent.text.lower() in PROFILE_SITES for ent in inside.ents) \
                or any(t.lower_ in PROFILE_SITES for t in inside):
            continue  # "(GitHub, Twitter)": links to the person's profiles
        if ctx.document is not None and ctx.document.profile_link(inside.start_char, inside.end_char):
            continue  # "Jo Vell ([jvell](https://github.com/jvell))": the person's handle, linked to their profile
        for org_span in orgs:
            org = ctx.arg(org_span.root)
            if org is None or org.type != "Organization":
                continue
            if _short_form_of(org.name, doc, span):
                continue  # "Richard Lucy (RL)", "Open Renewal Info (ORI)": a short form of the name, no affiliation
            yield Found(person, WORKED_AT, org, "employment.byline.v2", conf.CONTEXT, span.root)


def _persons(ctx: Context, verb) -> list:
    return [a for t in subject_tokens(verb) for a in ctx.args(t, PERSON_ONLY)]


def _at_orgs(ctx: Context, head) -> list:
    return [a for p in children(head, "prep") if p.lower_ == "at" for o in children(p, "pobj")
            for a in ctx.args(o, ORG_ONLY)]


def stay_at(ctx: Context) -> Iterator[Found]:
    """A stay at an organization told as a career fact: with its length ("I was at Acme for four years"),
    or framing what else happened ("While I was at Acme, I wrote ...", "While at Acme, she designed ...").
    A bare "I was at Acme" (a visit, an event) is not enough."""
    for tok in ctx.tokens():
        if lemma(tok) == "be" and tok.pos_ in ("AUX", "VERB"):
            orgs = _at_orgs(ctx, tok)
            if not orgs:
                continue
            lasting = any(lemma(o) in TIME_UNITS for p in children(tok, "prep") if p.lower_ == "for"
                          for o in children(p, "pobj"))
            # "I have been at Acme since 2019": a stay from a date on
            lasting = lasting or any(p.lower_ == "since" for p in children(tok, "prep", "advmod"))
            framing = tok.dep_ == "advcl" and any(m.lower_ in STAY_MARKS for m in children(tok, "mark", "advmod"))
            if lasting or framing:
                for person in _persons(ctx, tok):
                    for org in orgs:
                        yield Found(person, WORKED_AT, org, "employment.stay.v1", conf.CONTEXT, tok)
        elif tok.lower_ in ("while", "whilst") and tok.i + 1 < ctx.sent.end and ctx.doc[tok.i + 1].lower_ == "at":
            at = ctx.doc[tok.i + 1]
            orgs = [a for o in children(at, "pobj") for a in ctx.args(o, ORG_ONLY)]
            verb = at.head if at.head.pos_ in ("VERB", "AUX") else None
            if verb is None or not orgs:
                continue
            for person in _persons(ctx, verb):
                for org in orgs:
                    yield Found(person, WORKED_AT, org, "employment.stay.v1", conf.CONTEXT, verb)


def _title_word(tok) -> bool:
    """A courtesy or job title before a name: "Dr", "Prof.", "Mr", "CTO"."""
    return tok.lower_.rstrip(".") in COURTESY or lemma(tok) in job_titles() or tok.lower_ in job_titles()


def _first_name_start(ctx: Context, start: int, end: int) -> int:
    return min((s.start for s in ctx.spans if s.label_ == "PERSON" and start <= s.start < end), default=end)


#: Courtesy titles before a name in a list item.
COURTESY = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame"})


def list_cells(ctx: Context) -> Iterator[Found]:
    """The items of a semicolon list, each a name and its organization: "The judges were Dr Jane Doe,
    Acme; Prof John Smith, Zorp University; and Mr Ivo Pask, Kestrel." The semicolons mark a list whose
    items hold commas; an item that is exactly (title) person "," organization pairs the two. A list item
    or line of its own of that shape does too ("- Dr Jane Doe, Acme")."""
    doc, sent = ctx.doc, ctx.sent
    cuts = [sent.start - 1] + [t.i for t in sent if t.text == ";"] + [sent.end]
    items = [(a + 1, b) for a, b in zip(cuts, cuts[1:])]
    whole = len(items) == 1  # a list item or a line of its own: "- Dr Jane Doe, Acme"
    for start, end in items:
        if whole and any(not (t.is_punct or t.is_space or _title_word(t)) for t in doc[start:end]
                         if t.i < _first_name_start(ctx, start, end)):
            continue  # a sentence with words before the name is not an item of its own
        toks = [t for t in doc[start:end] if not t.is_space]
        while toks and toks[-1].is_punct:
            toks.pop()
        people = [s for s in ctx.spans if s.label_ == "PERSON" and start <= s.start < end]
        orgs = [s for s in ctx.spans if s.label_ == "ORG" and start <= s.start < end]
        if len(people) != 1 or len(orgs) != 1 or not toks:
            continue
        name, org_span = people[0], orgs[0]
        # the item ends with the organization right after the name and a comma
        if org_span.start != name.end + 1 or doc[name.end].text != "," or org_span.end - 1 != toks[-1].i:
            continue
        person, org = ctx.arg(name.root), ctx.arg(org_span.root)
        if person is None or org is None or person.type != "Person" or org.type != "Organization":
            continue
        yield Found(person, WORKED_AT, org, "employment.list_cell.v1", conf.CONTEXT, name.root)


#: Verbs of leading work, and the work they lead "at" an organization: "she leads research at Acme".
LEAD_VERBS = frozenset({"lead", "run", "head", "direct", "manage", "coordinate", "oversee", "chair"})
LED_WORK = frozenset({"effort", "work", "research", "development", "team", "group", "initiative", "program",
                      "programme", "operation", "engineering", "lab", "laboratory", "department", "division", "unit",
                      "office", "strategy", "partnership", "infrastructure"})
#: Verbs a "where" clause uses to place someone at the organization it describes: "Acme, where I work".
WHERE_VERBS = frozenset({"base", "work", "teach", "intern", "employ"})


def lead_work(ctx: Context) -> Iterator[Found]:
    """Leading a unit or a line of work at an organization: "she leads research at Acme", "he heads the data
    team at Acme". Not an event ("he ran a workshop at Acme"): the object must be work or a unit of it."""
    for verb in ctx.tokens():
        if verb.pos_ != "VERB" or lemma(verb) not in LEAD_VERBS:
            continue
        orgs = [a for o in children(verb, "dobj") if lemma(o) in LED_WORK for a in _at_orgs(ctx, o)]
        orgs += [a for o in children(verb, "dobj") if lemma(o) in LED_WORK for a in _at_orgs(ctx, verb)]
        for person in _persons(ctx, verb):
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.lead_work.v1", conf.CONTEXT, verb)


def based(ctx: Context) -> Iterator[Found]:
    """Being based at an organization: "I am based at Acme", "she is based at Acme's lab"; and a "where"
    clause on an organization: "Acme, where I am based", "at Acme, where she works", "Acme, where I now
    lead the platform team"."""
    for verb in ctx.tokens():
        leads = lemma(verb) in LEAD_VERBS and any(lemma(o) in LED_WORK for o in children(verb, "dobj"))
        if verb.pos_ not in ("VERB", "AUX") or lemma(verb) not in WHERE_VERBS and not leads:
            continue
        people = [a for t in subject_tokens(verb) + children(verb, "nsubjpass") for a in ctx.args(t, PERSON_ONLY)]
        orgs = []
        if lemma(verb) == "base":
            orgs += _at_orgs(ctx, verb)
        if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in children(verb, "advmod")):
            orgs += ctx.args(verb.head, ORG_ONLY)
        for person in {p.name: p for p in people}.values():
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.based.v1", conf.CONTEXT, verb)


#: Units of an organization one can be part of: "part of the data team at Acme".
UNITS = frozenset({"team", "group", "lab", "laboratory", "department", "division", "unit", "staff", "faculty",
                   "office", "crew", "squad", "board"})


#: Last words of names one takes part in rather than works at: "part of the Kestrel Mentoring Program".
PARTICIPATION_WORDS = frozenset({"program", "programme", "cohort", "course", "class", "bootcamp", "challenge",
                                 "sprint"})


def part_of(ctx: Context) -> Iterator[Found]:
    """Membership of an organization or of a unit of it: "she is part of Acme", "he has been a part of the
    data team at Acme", "she belongs to the Acme Research Group". The subject must be a person."""
    for verb in ctx.tokens():
        if lemma(verb) in ("be", "become", "remain", "stay"):
            wholes = [p for a in children(verb, "attr") if lemma(a) == "part"
                      for p in children(a, "prep") if p.lower_ == "of"]
        elif lemma(verb) == "belong":
            wholes = [p for p in children(verb, "prep") if p.lower_ == "to"]
        else:
            continue
        orgs = []
        for pobj in [o for p in wholes for o in children(p, "pobj")]:
            orgs += ctx.args(pobj, ORG_ONLY)
            if lemma(pobj) in UNITS:
                orgs += [a for p in children(pobj, "prep") if p.lower_ in ("at", "of") for o in children(p, "pobj")
                         for a in ctx.args(o, ORG_ONLY)]
                orgs += [a for c in children(pobj, "compound", "poss") for a in ctx.args(c, ORG_ONLY)]
        # "I am excited to be part of the Kestrel Mentoring Program": taking part, not a workplace (a community
    # stays: readers of real blogs took "part of the Zork community" as its team)
        orgs = [o for o in orgs if o.name.lower().split()[-1] not in PARTICIPATION_WORDS]
        for person in _persons(ctx, verb):
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.part_of.v1", conf.CONTEXT, verb)


#: Verbs of getting or holding a post, and the posts: "I took a job at Acme", "she landed a role with Acme".
POST_VERBS = frozenset({"take", "accept", "land", "get", "hold", "have", "find", "secure", "start", "begin", "keep"})
POSTS = frozenset({"job", "position", "role", "internship", "post", "gig", "placement", "residency", "apprenticeship",
                   "traineeship", "stint"})


def take_post(ctx: Context) -> Iterator[Found]:
    """Getting or holding a post at an organization: "I took a job at Acme", "she landed a role with Acme",
    "he holds a position at Acme" (the "at" on the verb or on the post)."""
    for verb in ctx.tokens():
        if verb.pos_ not in ("VERB", "AUX") or lemma(verb) not in POST_VERBS:
            continue
        posts = [o for o in children(verb, "dobj") if lemma(o) in POSTS]
        if not posts:
            continue
        orgs = [a for h in posts + [verb] for p in children(h, "prep") if p.lower_ in ("at", "with")
                for o in children(p, "pobj") for a in ctx.args(o, ORG_ONLY)]
        for person in _persons(ctx, verb):
            for org in orgs:
                yield Found(person, WORKED_AT, org, "employment.take_post.v1", conf.base(True, person), verb)


RULES = (bracket, stay_at, list_cells, lead_work, based, part_of, take_post)
