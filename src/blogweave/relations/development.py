"""developed rules: a person or organization made or maintains a technology."""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import DEVELOPED, ORGANIZATION, TECHNOLOGY
from blogweave.relations import confidence as conf
from blogweave.relations.common import (
    AGENTS,
    GENERIC_HEADS,
    TECH_ONLY,
    Context,
    Found,
    children,
    prep_objects,
    subject_tokens,
)
from blogweave.nlp.lexicon import programming_languages
from blogweave.relations.lexicon import load_lexicon
from blogweave.relations.roles import title_links

# Making verbs ("developed", "maintains", "was written by") are entries of lexicon.toml (engine.py).
LEAD_VERBS = frozenset({"lead", "manage", "head", "direct", "oversee"})
EFFORT_NOUNS = frozenset({"team", "project", "group", "effort", "development", "work", "initiative"})
#: Nouns of a technology's team of makers: "a Zork core team member".
TEAM_WORDS = frozenset({"team", "group"})
#: Nouns of one's own making work on a thing: "her work on Zork", "his development of Zork", "their
#: maintenance of Zork"; "design" and "implementation" also lead on ("his work on the design of Zork").
MAKING_NOUNS = frozenset({"work", "development", "maintenance", "design", "implementation", "rewrite",
                          "contributions", "contribution"})


def lead_effort(ctx: Context) -> Iterator[Found]:
    """Leading the work on a technology: "I lead the Zork team", "she managed development of Zork"."""
    for verb in ctx.tokens():
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in LEAD_VERBS:
            continue
        made = []
        for obj in children(verb, "dobj"):
            if obj.lemma_.lower() in EFFORT_NOUNS:
                made += [a for c in children(obj, "compound") for a in ctx.args(c, TECH_ONLY)]
                made += [a for p in prep_objects(obj, ("of", "on", "for", "behind")) for a in ctx.args(p, TECH_ONLY)]
        for maker in [a for s in subject_tokens(verb) for a in ctx.args(s, AGENTS)]:
            for thing in made:
                yield Found(maker, DEVELOPED, thing, "development.lead.v1", conf.base(False, maker) + 0.1, verb)


def maker_title(ctx: Context) -> Iterator[Found]:
    """Maker titles: "the original author of Zork", "Jane Doe, maintainer of Zork", "Zork creator Jane Doe"."""
    for link in title_links(ctx):
        if link.kind != "maker":
            continue
        maker = ctx.arg(link.holder)
        if maker is None or maker.type not in AGENTS:
            continue
        for thing in ctx.args(link.target, TECH_ONLY):  # "a maintainer of Zork and Quillpad": both
            if link.target.head.i == link.title.i and link.target.dep_ in ("compound", "nmod", "amod") \
                    and thing.name.lower() in programming_languages():
                continue  # "as an R developer", "a Rust contributor": a skill, not a maker of the language
            if _modifies_other_work(ctx, link, thing):
                continue  # "the author of Zork macros", "lead for Zork compilers": the macros are made, not Zork
            yield from _maker_fact(link, maker, thing)


def _modifies_other_work(ctx: Context, link, thing) -> bool:
    """The name only modifies what the title is of: a compound of a common noun that is not the thing
    itself ("Zork macros", "the Zork test suite", "Zork compilers"; but "the Zork library" is Zork)."""
    for span in ctx.spans:
        root = span.root
        if ctx.arg(root) != thing or root.dep_ not in ("compound", "nmod") or root.head.i == link.title.i:
            continue
        head = root.head
        while head.dep_ == "compound" and head.head.i not in (head.i, link.title.i):
            head = head.head
        if (head.pos_ == "NOUN" or head.pos_ == "PROPN" and head.text.islower()) and not (head.tag_ == "NN" and head.lemma_.lower() in GENERIC_HEADS | EFFORT_NOUNS
                                        | TEAM_WORDS):
            return True
    return False


def _maker_fact(link, maker, thing) -> Iterator[Found]:
    if link.title.lemma_.lower() in ("lead", "architect", "designer") or link.construction == "as":
        score = conf.CONTEXT
    elif link.construction == "copula":
        score = conf.base(True, maker)
    else:
        score = conf.TITLE
    yield Found(maker, DEVELOPED, thing, f"development.maker_{link.construction}.v2", score, link.title)


def team_member(ctx: Context) -> Iterator[Found]:
    """A member of a technology's team: "Jane Doe has been a Zork core team member", "Jane Doe, a member of
    the Zork team". The team of an organization is employment (employment.py); here only a technology's."""
    for link in title_links(ctx):
        if link.title.lemma_.lower() != "member":
            continue
        if not (any(c.lemma_.lower() in TEAM_WORDS for c in children(link.title, "compound"))
                or link.target.head.lemma_.lower() in TEAM_WORDS):
            continue
        maker = ctx.arg(link.holder)
        if maker is None or maker.type not in AGENTS:
            continue
        for thing in ctx.args(link.target, TECH_ONLY):
            yield Found(maker, DEVELOPED, thing, f"development.team_member_{link.construction}.v1", conf.TITLE,
                        link.title)


def possessive_product(ctx: Context) -> Iterator[Found]:
    """An organization's product named as its possession: "Acme's Quillpad", "Acme's 1986 Quillmaze" (the
    technology's own name takes the possessor; "Acme's Python services" does not name a product of Acme, nor
    "our Zork implementation" Zork as ours)."""
    works = load_lexicon().words("works")
    for span in ctx.spans:
        if span.label_ != "TECH":
            continue
        owner = span.root
        if owner.dep_ in ("compound", "nmod"):
            # "our official Zork implementation": the implementation is theirs, not Zork; but a made work
            # named by its name is the name's: "Acme's Quillpad plugin", "Acme's Zork libraries"
            if owner.head.lemma_.lower() not in works or span.text.lower() in programming_languages():
                continue
            owner = owner.head
        for poss in children(owner, "poss"):
            for org in ctx.args(poss, (ORGANIZATION,)):
                yield Found(org, DEVELOPED, ctx.arg(span.root), "development.possessive.v1", conf.CONTEXT, span.root)


def own_work(ctx: Context) -> Iterator[Found]:
    """One's own making work named with a possessive: "her work on Zork", "for his development of Zork",
    "their work on the design and implementation of the Zork project" (the possessor made it)."""
    for noun in ctx.tokens():
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in MAKING_NOUNS:
            continue
        makers = [a for p in children(noun, "poss") for a in _possessor(ctx, p)]
        if not makers:
            continue
        for thing in _made_through(ctx, noun, 0):
            for maker in makers:
                yield Found(maker, DEVELOPED, thing, "development.own_work.v1", conf.CONTEXT, noun)


def _possessor(ctx: Context, poss) -> list:
    """Who a possessive stands for; "his"/"her" after a person named earlier in the same sentence is that
    person ("the prize goes to Jo Barr for his work on Zork")."""
    if poss.lower_ in ("his", "her"):
        before = [s for s in ctx.spans if s.end <= poss.i and s.label_ == "PERSON"]
        if before:
            return [ctx.arg(before[-1].root)]
    return ctx.args(poss, AGENTS)


def _made_through(ctx: Context, noun, depth: int) -> list:
    """The technologies a making noun is on or of, through nested making nouns and their conjuncts."""
    out = []
    for obj in prep_objects(noun, ("on", "of", "to")):
        for tok in [obj] + [c for c in obj.conjuncts]:
            out += ctx.args(tok, TECH_ONLY, via=("generic",))
            if depth < 2 and tok.lemma_.lower() in MAKING_NOUNS:
                out += _made_through(ctx, tok, depth + 1)
    return out


RULES = (lead_effort, maker_title, team_member, possessive_product, own_work)
