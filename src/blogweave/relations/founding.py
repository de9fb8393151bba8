"""founded rules beyond the lexicon: founder titles.

Founding verbs ("co-founded", "set up", "was founded by") are entries of
``lexicon.toml`` and run in ``engine.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import FOUNDED, ORGANIZATION, PERSON, TECHNOLOGY
from blogweave.relations import confidence as conf
from blogweave.relations.common import AGENTS, Context, Found, children, prep_objects
from blogweave.relations.roles import title_kind, titled_agents


def founder_title(ctx: Context) -> Iterator[Found]:
    """Founder titles: "Jane Doe, co-founder of Acme", "Acme founder Jane Doe", "I am the founder of Acme"."""
    for link, founder in titled_agents(ctx, "founder"):
        score = conf.base(True, founder) if link.construction == "copula" else conf.TITLE
        # "Jane Doe and Jo Barr are co-founders of Acme": every coordinated subject of the copula holds it
        founders = [founder]
        if link.construction == "copula":
            founders += [a for a in ctx.args(link.holder, AGENTS) if a != founder]
        # "founder of Acme and Zork", "founder of the Kestrel Guild (KG)": coordinated and apposed names too
        for thing in ctx.args(link.target, (ORGANIZATION, TECHNOLOGY)):
            for who in founders:
                yield Found(who, FOUNDED, thing, f"founding.founder_{link.construction}.v2", score, link.title)


def founders_named_after(ctx: Context) -> Iterator[Found]:
    """"The founders of Acme, Jane Doe and Jo Barr, met ...": the parser hangs the apposed people on the
    organization as conjuncts ("Acme, Jane Doe and Jo Barr"); after a plural founder title, the people
    after the comma are the founders."""
    for title in ctx.sent:
        if title.tag_ not in ("NNS", "NNPS") or title_kind(title) != "founder" or ctx.ent(title) is not None:
            continue
        for pobj in prep_objects(title, ("of",)):
            org = ctx.arg(pobj)
            if org is None or org.type not in (ORGANIZATION, TECHNOLOGY):
                continue
            first = [c for c in children(pobj, "conj") if c.i > pobj.i and ctx.sent.doc[ctx.ent(c).start - 1
                     if ctx.ent(c) is not None else c.i - 1].text == ","]
            if not first:
                continue
            people = ctx.args(first[0], (PERSON,))
            if len(people) < 2:
                continue  # "the founders of Acme, Zork and Jo Barr": a list, not an apposition
            for who in people:
                yield Found(who, FOUNDED, org, "founding.founders_named_after.v1", conf.TITLE, title)


RULES = (founder_title, founders_named_after)
