"""developed rules: a person or organization made or maintains a technology."""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import DEVELOPED, ORGANIZATION, TECHNOLOGY
from blogweave.relations import confidence as conf
from blogweave.relations.common import (
    AGENTS,
    TECH_ONLY,
    Context,
    Found,
    children,
    prep_objects,
    subject_tokens,
)
from blogweave.relations.roles import title_links

# Making verbs ("developed", "maintains", "was written by") are entries of lexicon.toml (engine.py).
LEAD_VERBS = frozenset({"lead", "manage", "head", "direct", "oversee"})
EFFORT_NOUNS = frozenset({"team", "project", "group", "effort", "development", "work", "initiative"})


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
        maker, thing = ctx.arg(link.holder), ctx.arg(link.target)
        if maker is None or thing is None or maker.type not in AGENTS or thing.type != TECHNOLOGY:
            continue
        if link.title.lemma_.lower() in ("lead", "architect", "designer") or link.construction == "as":
            score = conf.CONTEXT
        elif link.construction == "copula":
            score = conf.base(True, maker)
        else:
            score = conf.TITLE
        yield Found(maker, DEVELOPED, thing, f"development.maker_{link.construction}.v2", score, link.title)


def possessive_product(ctx: Context) -> Iterator[Found]:
    """An organization's product named as its possession: "Acme's Quillpad", "Acme's 1986 Quillmaze" (the
    technology's own name takes the possessor; "Acme's Python services" does not name a product of Acme, nor
    "our Zork implementation" Zork as ours)."""
    for span in ctx.spans:
        if span.label_ != "TECH" or span.root.dep_ in ("compound", "nmod"):
            continue  # "our official Zork implementation": the implementation is theirs, not Zork
        for poss in children(span.root, "poss"):
            for org in ctx.args(poss, (ORGANIZATION,)):
                yield Found(org, DEVELOPED, ctx.arg(span.root), "development.possessive.v1", conf.CONTEXT, span.root)


RULES = (lead_effort, maker_title, possessive_product)
