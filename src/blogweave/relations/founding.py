"""founded rules beyond the lexicon: founder titles and "the founding team at X".

Founding verbs ("co-founded", "set up", "was founded by") are entries of
``lexicon.toml`` and run in ``engine.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import FOUNDED, ORGANIZATION, TECHNOLOGY, WORKED_AT
from blogweave.relations import confidence as conf
from blogweave.relations.common import AGENTS, ORG_ONLY, PERSON_ONLY, Context, Found, children, prep_objects, subject_tokens
from blogweave.relations.roles import title_links

def founding_team(ctx: Context) -> Iterator[Found]:
    """"joined the founding team at Acme", "a founding engineer of Acme": founded (and worked at) Acme."""
    for amod in ctx.tokens():
        if amod.lower_ not in ("founding", "cofounding", "co-founding") or amod.dep_ not in ("amod", "compound"):
            continue
        noun = amod.head
        orgs = [a for p in prep_objects(noun, ("at", "of")) for a in ctx.args(p, ORG_ONLY)]
        holders = []
        if noun.dep_ == "dobj":
            orgs += [a for p in prep_objects(noun.head, ("at", "with")) for a in ctx.args(p, ORG_ONLY)]
            holders = [a for s in subject_tokens(noun.head) for a in ctx.args(s, PERSON_ONLY)]
        elif noun.dep_ in ("attr", "appos"):
            source = children(noun.head, "nsubj") if noun.dep_ == "attr" else [noun.head]
            holders = [a for s in source for a in ctx.args(s, PERSON_ONLY)]
        for person in holders:
            for org in orgs:
                score = conf.base(True, person)
                yield Found(person, FOUNDED, org, "founding.founding_team.v1", score, noun.head, dates="start")
                yield Found(person, WORKED_AT, org, "founding.founding_team.v1", score, noun.head, dates="start")


def founder_title(ctx: Context) -> Iterator[Found]:
    """Founder titles: "Jane Doe, co-founder of Acme", "Acme founder Jane Doe", "I am the founder of Acme"."""
    for link in title_links(ctx):
        if link.kind != "founder":
            continue
        founder = ctx.arg(link.holder)
        if founder is None or founder.type not in AGENTS:
            continue
        score = conf.base(True, founder) if link.construction == "copula" else conf.TITLE
        # "founder of Acme and Zork", "founder of the Kestrel Guild (KG)": coordinated and apposed names too
        for thing in ctx.args(link.target, (ORGANIZATION, TECHNOLOGY)):
            yield Found(founder, FOUNDED, thing, f"founding.founder_{link.construction}.v2", score, link.title)


RULES = (founding_team, founder_title)
