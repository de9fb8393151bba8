"""fundedBy rules beyond the lexicon: sponsor titles ("Acme, the main sponsor of Zork").

Funding verbs, passives, participles ("Acme-funded"), money nouns given and
received ("a grant from Acme", "Zork received support from Acme") are entries
of ``lexicon.toml`` and run in ``engine.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import FUNDED_BY, ORGANIZATION, PERSON, TECHNOLOGY
from blogweave.relations import confidence as conf
from blogweave.relations.common import Context, Found, children, prep_objects
from blogweave.relations.roles import titled_agents


def funder_title(ctx: Context) -> Iterator[Found]:
    """Sponsor titles: "Acme, the main sponsor of Zork", "Acme is an investor in Zork"."""
    for link, funder in titled_agents(ctx, "funder"):
        if any(c.lower_ in _HOST_WORDS for c in link.title.children if c.dep_ in ("amod", "compound")):
            continue  # "Acme, Zork's fiscal sponsor": Acme holds Zork's money and contracts, it pays nothing;
            # "a specification sponsor": a role in a project's process
        for thing in ctx.args(link.target, via=("generic",)):
            if thing != funder:
                yield Found(thing, FUNDED_BY, funder, f"funding.funder_{link.construction}.v2", conf.TITLE, link.title)


#: Words that make a sponsor a legal host or a role, not a payer: "a fiscal sponsor", "a specification sponsor"
#: (who backs a proposal in a project's process), "the executive sponsor".
_HOST_WORDS = frozenset({"fiscal", "legal", "specification", "spec", "executive"})
#: Passive funding verbs whose "by" may name a funder's program or whose subject may be "this grant".
_FUND_VERBS = frozenset({"fund", "support", "sponsor", "finance", "cofund"})
#: Nouns of a funding program: "X's Open Tools Program" is X's money, the funder is X.
_PROGRAM_NOUNS = frozenset({"program", "programme"})
#: Nouns of money given that "this grant is funded by X" refers back to (the grant of the section's topic).
_GRANT_NOUNS = frozenset({"grant", "funding", "fellowship", "project"})
#: A person's paid time: "my time / my work was supported by X" is the person funded.
_TIME_NOUNS = frozenset({"time", "work", "position", "salary", "role", "research"})
_RECIPIENTS = (TECHNOLOGY, ORGANIZATION, PERSON)


def _program_funder(ctx: Context, agent):
    """The organization behind a program named as the payer: "X's Foo Program", "the Foo Program of X"."""
    span = ctx.ent(agent)
    last = span[-1] if span is not None else agent
    if last.lemma_.lower() not in _PROGRAM_NOUNS:
        return None
    head = span.root if span is not None else agent
    for tok in children(head, "poss") + prep_objects(head, ("of",)):
        arg = ctx.arg(tok)
        if arg is not None and arg.type == ORGANIZATION:
            return arg
    return None


def _passive_recipient(ctx: Context, patient):
    """The funded thing a passive subject stands for, when it is no name: "this grant" (the section's topic),
    "my time" (the speaker)."""
    arg = ctx.arg(patient)
    if arg is not None:
        return arg, False
    dets = [c.lower_ for c in children(patient, "det")]
    lemma = patient.lemma_.lower()
    if lemma in _GRANT_NOUNS and dets in (["this"], ["the"]) and ctx.topic is not None:
        return ctx.topic, True
    if lemma in _TIME_NOUNS:
        for owner in children(patient, "poss"):
            if ctx.arg(owner) is not None:
                return ctx.arg(owner), True
    return None, False


def funded_through_program(ctx: Context) -> Iterator[Found]:
    """Passive funding whose parts are no names: "My time was supported by Acme's Open Tools Program"
    (the funder is Acme, the person is the speaker), "This grant is funded by Acme" (the topic's grant)."""
    for verb in ctx.sent:
        if verb.lemma_.lower() not in _FUND_VERBS or verb.pos_ != "VERB":
            continue
        for patient in children(verb, "nsubjpass"):
            recipient, referred = _passive_recipient(ctx, patient)
            if recipient is None or recipient.type not in _RECIPIENTS:
                continue
            for agent in prep_objects(verb, ("by",)) + [o for a in children(verb, "agent") for o in children(a, "pobj")]:
                funder = _program_funder(ctx, agent)
                span = ctx.ent(agent)
                named_program = (span[-1] if span is not None else agent).lemma_.lower() in _PROGRAM_NOUNS
                if funder is None and referred and not named_program:  # a program is never the funder itself
                    funder = ctx.arg(agent)
                if funder is not None and funder != recipient and funder.type == ORGANIZATION:
                    yield Found(recipient, FUNDED_BY, funder, "funding.funded_through_program.v1", conf.TITLE, verb)


RULES = (funder_title, funded_through_program)
