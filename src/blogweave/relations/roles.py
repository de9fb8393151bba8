"""Title phrases: who holds which title of what ("Jane Doe, CEO of Acme"; "Acme spokesman John Smith").

One finder, ``title_links``, serves three families: a founder title gives
founded, a maker title (author, maintainer, ...) over a technology gives
developed, a sponsor title gives fundedBy, and any other job title over an
organization gives workedAt. Job titles come from ``data/job_titles.txt``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from blogweave.models import ORGANIZATION, Arg
from blogweave.nlp.lexicon import job_titles
from blogweave.relations.common import AGENTS, RELATIVE_PRONOUNS, Context, children, prep_objects, subject_tokens
from blogweave.relations.lexicon import load_lexicon

_TITLES = load_lexicon().titles  # lexicon.toml [titles]
FOUNDER_TITLES = _TITLES["founder"]
MAKER_TITLES = _TITLES["maker"]
FUNDER_TITLES = _TITLES["funder"]
#: Standing in an organization that news counts as working for it, more loosely than a job: a party's
#: candidate or nominee, a member. Scored as context by the employment rules.
AFFILIATION_TITLES = _TITLES["affiliation"]
#: Community and honorary titles that are no job: "a Kestrel Ambassador".
NOT_EMPLOYMENT = _TITLES["not_employment"]
#: Titles that are also awards ("a Kestrel Fellow"): a job only with "at"/"with"/"in" a workplace.
AWARD_TITLES = _TITLES.get("award", frozenset())
#: Nouns that name a title's post: "the role of director of Acme".
ROLE_HEADS = frozenset({"role", "position", "post", "office", "job", "title", "seat"})
COPULAS = frozenset({"be", "become", "remain", "serve", "work", "join", "start", "stay"})
#: Verbs whose object takes the title in an "as" phrase: "Acme hired Jane Doe as CTO".
CHOOSING_VERBS = frozenset({"appoint", "name", "hire", "elect", "choose", "select", "nominate", "promote", "recruit",
                            "install", "designate", "employ", "retain", "tap"})
#: Parts of an organization a title can sit in: "an engineer in the data team at X".
UNIT_NOUNS = frozenset({"team", "group", "department", "division", "unit", "lab", "laboratory", "office", "program",
                        "programme", "school", "faculty", "staff", "board", "committee", "branch", "bureau", "service",
                        "center", "centre", "institute", "section", "desk", "headquarters", "chapter", "wing"})
#: Words that pick some members of a group of title holders: "one of the developers of Zork".
PARTITIVES = frozenset({"one", "some", "many", "several", "two", "three", "few", "each", "among"})
TARGET_PREPS = ("of", "at", "for", "with", "to", "on", "behind", "in")


#: Nouns in apposition to a person that do not describe a job there ("Jane, a student at Acme").
NOT_ROLES = frozenset(
    {"student", "graduate", "alumnus", "alumna", "alum", "fan", "customer", "client", "friend", "resident",
     "native", "critic", "user", "visitor", "guest", "son", "daughter", "wife", "husband", "mother", "father",
     "brother", "sister", "child", "parent", "neighbor", "neighbour", "victim", "patient", "one", "some", "part"}
)


def title_kind(token, loose: bool = False) -> str | None:
    """"founder", "maker", "funder", "job" or None for a noun token.

    With ``loose``, any other common noun (not in NOT_ROLES) counts as "role": used
    for appositions to a name, where "Jane Doe, a physiologist with Acme" names a job.
    """
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    words = {token.lower_, token.lemma_.lower(), token.lower_.replace("-", "")}
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].pos_ in ("NOUN", "PROPN"):
        words.add(doc[token.i - 2].lower_)  # hyphenated title, named by its first part: "Secretary-General"
    if words & NOT_EMPLOYMENT:
        return None
    if words & FOUNDER_TITLES:
        return "founder"
    if words & FUNDER_TITLES:
        return "funder"
    if words & MAKER_TITLES:
        return "maker"
    if words & job_titles() or words & AFFILIATION_TITLES:
        return "job"
    if loose and token.pos_ == "NOUN" and not words & NOT_ROLES:
        return "role"
    return None


@dataclass(frozen=True)
class TitleLink:
    holder: object  # token naming the title holder (a person, or "I")
    title: object  # the title noun
    target: object  # token naming what the title is of ("Acme" in "CEO of Acme")
    construction: str  # "appos", "copula", "as", "prefix"
    kind: str  # title_kind(title)

    @property
    def role(self) -> str:
        """The title as written, without a name inside it ("Acme spokesman" → "spokesman")."""
        title = self.title
        left = [t for t in title.lefts if t.dep_ in ("compound", "amod") and t.ent_type_ == "" and t.pos_ != "PROPN"
                or t.dep_ == "amod"]
        start = min((t.left_edge.i for t in left), default=title.i)
        words = [t for t in title.doc[start : title.i + 1] if not t.ent_type_]
        return " ".join(t.text for t in words) or title.text


def targets(ctx: Context, title) -> list:
    """What a title is a title of: "CEO of/at/for X", "X CEO", "X's CEO", "head of research at X"."""
    out = []
    titles = [title] + [c for c in title.children if c.dep_ == "conj" and title_kind(c)]
    if title.dep_ == "conj" and title_kind(title.head):
        titles.append(title.head)  # "founder and CEO of X": the prep hangs on the last title
    # a name modifying this title itself ("Acme co-founder"); without one, "Acme founder and CEO" shares it
    own_names = any(ctx.ent(c) is not None for c in children(title, "compound", "poss", "nmod"))
    for t in titles:
        for pobj in prep_objects(t, TARGET_PREPS):
            placed = _placed_at(pobj) if pobj.head.lower_ == "for" else []
            if pobj.head.lower_ == "for" and not placed and (
                    prep_objects(t, ("at",)) or t.dep_ == "attr" and prep_objects(t.head, ("at",))):
                continue  # "(is) manager for Zork at Acme", "at" on the title or its copula: the workplace
            if placed:
                # "manager for the Zork platform and Quill at Acme": Zork and Quill are what the work is
                # for; the workplace is where the "at" puts them
                out.extend(o for o in placed if ctx.arg(o) is not None)
                continue
            if ctx.arg(pobj) is not None:  # a name, or a back-reference ("a spokeswoman for the agency")
                out.append(pobj)
                # a part named with its organization: "a professor at Acme University's School of Law"
                out.extend(c for c in children(pobj, "poss") if ctx.ent(c) is not None and ctx.ent(c) is not ctx.ent(pobj))
            elif lemma_of(pobj) in _events():
                continue  # "organiser of the first Acme workshop": an event's role, not a post at Acme
            elif pobj.head.lower_ in ("of", "for") or lemma_of(pobj) in UNIT_NOUNS:
                # "head of research at X", "a chemist with X's research unit", "chair of the largest party, X"
                # (not "the assassin ... in a ceremony at X": other prepositions only through a unit of work)
                out.extend(prep_objects(pobj, ("at", "of")))
                out.extend(inner_names(ctx, pobj))
        if t is not title and own_names:
            continue  # "Acme co-founder and Zork maintainer": the other title's modifier is not this one's
        for c in children(t, "compound", "poss", "nmod"):
            if ctx.ent(c) is not None:
                out.append(c)
            elif c.dep_ == "compound":  # nested modifier: "an Acme operations manager"
                out.extend(x for x in children(c, "compound", "nmod") if ctx.ent(x) is not None)
    return out


def _placed_at(pobj) -> list:
    """The objects of "at" on ``pobj`` or on a name coordinated with it ("X and Y at Acme" -> [Acme])."""
    found, stack = [], [pobj]
    while stack:
        tok = stack.pop()
        found += prep_objects(tok, ("at",))
        stack += [c for c in tok.children if c.dep_ == "conj"]
    return found


@lru_cache(maxsize=None)
def _events() -> frozenset[str]:
    """Nouns of events and programmes (lexicon.toml ``sets.not_workplaces``, ``sets.events``)."""
    lex = load_lexicon()
    return lex.words("not_workplaces") | lex.words("events")


def lemma_of(token) -> str:
    return token.lemma_.lower()


def inner_names(ctx: Context, noun) -> list:
    """Names inside a noun phrase that is not itself a name: its possessor ("X's research unit"), its
    name modifier ("the X data team", "the X office") or its apposition ("the largest party, X")."""
    out = []
    for c in children(noun, "poss", "compound", "nmod", "appos"):
        if ctx.ent(c) is not None:
            out.append(c)
        elif c.dep_ == "compound":
            out.extend(x for x in children(c, "compound", "nmod") if ctx.ent(x) is not None)
    return out


def _antecedent(token):
    """The noun a relative pronoun stands for: "Jane Doe, who is CEO of Acme" → Jane Doe."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _plural_for_one(title, holder) -> bool:
    """A plural title beside one name is the next item of a list, not that person's title:
    "my mentors, Jane Doe, the Acme admins, and ..." (but "Jane Doe and Bob Roe, founders of Acme")."""
    return title.tag_ == "NNS" and not any(c.dep_ == "conj" for c in holder.children)


def _holders(ctx: Context, title) -> list[tuple[object, str]]:
    """Who holds the title, and through which construction."""
    found = []
    # appositive title: "Jane Doe, CEO of Acme" (the title hangs from the name)
    head_arg = ctx.arg(title.head) if title.dep_ == "appos" else None
    if head_arg is not None and head_arg.type == ORGANIZATION and title.head.dep_ == "pobj" \
            and title.head.head.dep_ == "prep" and title_kind(title.head.head.head) \
            and ctx.ent(title.head.head.head) is None:
        # "Jo Barr: Researcher at Acme, Co-Founder of Zork": a second title of the first title's holder,
        # apposed to the first title's organization by the parse
        return _holders(ctx, title.head.head.head)
    if title.dep_ == "appos" and (ctx.arg(title.head) is not None) and not _plural_for_one(title, title.head):
        found.append((title.head, "appos"))
        if title.tag_ == "NNS":  # "Jane Doe and Bob Roe, engineers at Acme": the title is both names'
            found.extend((c, "appos") for c in title.head.children if c.dep_ == "conj" and ctx.arg(c) is not None)
    # through a name's tag: "Sen. Jane Doe, D-Ohio, chairman of Acme" (the title hangs from the tag)
    if title.dep_ == "appos" and title.head.dep_ == "appos" and title.head.pos_ == "PROPN" \
            and ctx.ent(title.head) is None and ctx.arg(title.head.head) is not None:
        found.append((title.head.head, "appos"))
    # coordinated titles: "Jane Doe, a jeweler and president of Acme" (the second title is a conjunct)
    if title.dep_ == "conj" and title.head.pos_ == "NOUN" and title.head.dep_ in ("appos", "attr", "oprd"):
        found.extend(_holders(ctx, title.head))
    # a second title the parser hung on the first one's object: "a cofounder of Acme and the author of Zork"
    if title.dep_ == "conj" and title.head.dep_ == "pobj" and title.head.head.dep_ == "prep":
        first = title.head.head.head
        if first is not title and title_kind(first) and ctx.ent(first) is None:
            found.extend(_holders(ctx, first))
    # a title under a partitive: "Jane Doe is one of the core developers of Zork", "Jane Doe, one of the founders"
    if title.dep_ == "pobj" and title.head.lower_ == "of" and title.head.head.lower_ in PARTITIVES \
            and title.tag_ in ("NNS", "NNPS"):
        part = title.head.head
        if part.dep_ == "attr" and part.head.lemma_.lower() in COPULAS:
            found.extend((_antecedent(s), "copula") for s in subject_tokens(part.head))
        elif part.dep_ == "appos" and ctx.arg(part.head) is not None:
            found.append((part.head, "appos"))
    # object predicate: "Acme named Jane Doe president of Zork Inc" (the dobj holds the title);
    # passive: "Jane Doe was named president of Zork Inc"
    if title.dep_ == "oprd" and title.head.lemma_.lower() in ("name", "appoint", "elect", "make", "promote"):
        found.extend((o, "oprd") for o in children(title.head, "dobj", "nsubjpass"))
    # a title named as a role: "I am stepping into the role of director of Acme", "she took on the post of CTO"
    if title.dep_ == "pobj" and title.head.lower_ == "of" and title.head.head.lemma_.lower() in ROLE_HEADS:
        role = title.head.head
        verb = role.head.head if role.dep_ == "pobj" else role.head if role.dep_ == "dobj" else None
        if verb is not None:
            found.extend((s, "role") for s in subject_tokens(verb))
    # reverse apposition: "the founder of Acme, Jane Doe"; "Acme's technical manager, engineer Jane Doe"
    for c in children(title, "appos"):
        if any(p.dep_ == "prep" and p.i < c.i for p in title.children) and ctx.arg(c) is not None \
                and ctx.arg(c).type == ORGANIZATION:
            continue  # "co-founder of the Quill lab, Kestrel University": the name after the title's object is its
        for tok in [c] + [x for x in c.children if x.dep_ == "appos"]:
            if ctx.arg(tok) is not None:
                found.append((tok, "appos"))
    # the name apposed to the title's object: "the chairman of Acme, Jane Doe, was arrested"
    for pobj in prep_objects(title, ("of", "at")):
        if ctx.ent(pobj) is None or ctx.ent(pobj).label_ != "ORG":
            continue  # "the assassin of Jo Barr, Jane Doe": the apposed name is the object's, not the title's
        for c in children(pobj, "appos"):
            span = ctx.ent(c)
            if span is not None and span.label_ == "PERSON":
                found.append((c, "appos"))
    # copula with attribute: "Jane Doe is the CEO of Acme"; "I was a director at Acme"; "she left and became CTO of Acme"
    if title.dep_ == "attr" and title.head.lemma_.lower() in COPULAS:
        found.extend((_antecedent(s), "copula") for s in subject_tokens(title.head))
    # title as the copula's subject: "The CEO of Acme is Jane Doe"
    if title.dep_ == "nsubj" and title.head.lemma_.lower() in ("be", "remain", "become"):
        found.extend((a, "copula") for a in children(title.head, "attr") if ctx.arg(a) is not None)
    # apposition to a copula's attribute: "Jane Doe was a chemist, the first president of Acme"
    if title.dep_ == "appos" and title.head.dep_ == "attr" and ctx.arg(title.head) is None \
            and title.head.head.lemma_.lower() in COPULAS:
        found.extend((s, "copula") for s in subject_tokens(title.head.head))
    # "as" phrase: "As a director at Acme, I ..."; "I joined Acme as its CTO"
    if title.dep_ == "pobj" and title.head.lower_ == "as":
        verb = title.head.head
        # "Acme appointed Jane Doe as CTO": the object of a choosing verb holds the title, not the subject
        objects = children(verb, "dobj") if verb.lemma_.lower() in CHOOSING_VERBS else []
        # "Jo Barr, after spending years as an engineer at Acme, joined Zork": the subject through control
        found.extend((s, "as") for s in objects or children(verb, "nsubj", "nsubjpass") or subject_tokens(verb))
    if title.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in title.children):
        found.extend((s, "as") for s in children(title.head, "nsubj", "nsubjpass"))
    # title before the name: "Acme spokesman John Smith" (compound of the name's head)
    if title.dep_ in ("compound", "nmod") and ctx.arg(title.head) is not None:
        found.append((title.head, "prefix"))
    return found


def title_links(ctx: Context) -> Iterator[TitleLink]:
    """Every (holder, title, target) the sentence states through a title noun."""
    for title in ctx.sent:
        kind = title_kind(title, loose=title.dep_ == "appos" and ctx.arg(title.head) is not None)
        if kind is None or ctx.ent(title) is not None:
            continue
        holders = _holders(ctx, title)
        if not holders:
            continue
        tgts = targets(ctx, title)
        if title.dep_ in ("compound", "nmod"):
            # "Acme spokesman John Smith": the organization may also hang from the name itself
            tgts += [c for c in children(title.head, "compound", "nmod") if c is not title and ctx.ent(c) is not None
                     and c.i < title.i]
        if kind == "founder":
            # "co-founder of the Quill lab, Kestrel University": the lab is founded, not the university it
            # belongs to (named in apposition to the unit)
            tgts = [t for t in tgts if not (t.dep_ == "appos" and lemma_of(t.head) in UNIT_NOUNS)]
        for holder, construction in holders:
            for target in tgts:
                if ctx.ent(target) is not None and ctx.ent(holder) is ctx.ent(target):
                    continue
                yield TitleLink(holder, title, target, construction, kind)


def titled_agents(ctx: Context, kind: str) -> Iterator[tuple[TitleLink, Arg]]:
    """The title links of one ``kind`` ("founder", "funder") whose holder is a person or organization."""
    for link in title_links(ctx):
        if link.kind != kind:
            continue
        holder = ctx.arg(link.holder)
        if holder is not None and holder.type in AGENTS:
            yield link, holder
