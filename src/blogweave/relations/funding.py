"""fundedBy rules: a technology, organization or person was paid for by an organization or person."""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import FUNDED_BY, ORGANIZATION, PERSON, TECHNOLOGY
from blogweave.relations import confidence as conf
from blogweave.relations.common import (
    AGENTS,
    Context,
    Found,
    agent_objects,
    children,
    head_left,
    is_passive,
    lemma,
    participle_targets,
    prep_objects,
    subject_tokens,
)
from blogweave.relations.qualifiers import find_amount
from blogweave.relations.roles import title_links

FUNDED_TYPES = (TECHNOLOGY, ORGANIZATION, PERSON)
FUND_VERBS = frozenset({"fund", "sponsor", "finance", "bankroll", "underwrite", "cofund", "subsidize", "subsidise"})
#: "support" and "back" also mean other things, so their active use scores lower.
WEAK_FUND_VERBS = frozenset({"support", "back"})
GIVE_VERBS = frozenset({"award", "give", "grant", "provide", "donate", "contribute"})
RECEIVE_VERBS = frozenset({"receive", "get", "win", "obtain", "secure", "raise", "earn"})
#: Nouns for money given: the funder hangs from them ("Acme grants", "a grant from Acme").
MONEY_NOUNS = frozenset(
    {"grant", "funding", "fund", "award", "fellowship", "donation", "sponsorship", "investment", "money",
     "scholarship", "contract", "subsidy", "backing", "support", "financing", "seed", "round"}
)


def _funded(ctx: Context, token) -> list:
    """What a funding verb's object names, expanding lists: "several of our tools, e.g. A, B and C"."""
    return ctx.args(token, FUNDED_TYPES, via=("of", "list", "generic"))


def _funders_of_money(ctx: Context, noun) -> list:
    """The payer a money noun names: "Acme grants", "Acme's grant", "a grant from Acme"."""
    # a name that includes the noun names the award itself, not its payer ("won a Juno Award")
    out = [a for c in children(noun, "compound", "poss", "nmod") if ctx.ent(c) is None or ctx.ent(c) is not ctx.ent(noun)
           for a in ctx.args(c, AGENTS)]
    out += [a for p in prep_objects(noun, ("from", "by")) for a in ctx.args(p, AGENTS)]
    if noun.dep_ == "dobj" and lemma(noun.head) in GIVE_VERBS:  # "Acme gave grants that funded Zork"
        out += [a for s in subject_tokens(noun.head) for a in ctx.args(s, AGENTS)]
    return out


def _amount(ctx: Context, noun) -> str | None:
    """A grant's amount (a money figure in the sentence) or its name ("an SBIR grant")."""
    amount = find_amount(ctx.sent.text)
    if amount:
        return amount
    if noun is not None and lemma(noun) in MONEY_NOUNS:
        named = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and ctx.ent(t) is None]
        if named:
            return head_left(noun)
    return None


def fund_verb(ctx: Context) -> Iterator[Found]:
    """Funding verbs: active ("Acme funded Zork"), passive agent ("Zork is supported by Acme"), reduced
    relative ("Zork, funded by Acme"), and a money noun as subject ("Acme grants that funded A, B and C")."""
    for verb in ctx.tokens():
        if verb.pos_ != "VERB":
            continue
        lem = lemma(verb)
        if lem not in FUND_VERBS and lem not in WEAK_FUND_VERBS:
            continue
        money = None
        if is_passive(verb):
            patients = children(verb, "nsubjpass") or (participle_targets(verb) if verb.dep_ == "acl" else [])
            funded = [a for p in patients for a in _funded(ctx, p)]
            funders = [a for p in agent_objects(verb) for a in ctx.args(p, AGENTS)]
            explicit = True
        else:
            if lem in WEAK_FUND_VERBS:
                # active "X supports Y" is mostly endorsement or compatibility ("Zork supports Parquet"): no fact
                continue
            funded = [a for o in children(verb, "dobj") for a in _funded(ctx, o)]
            funders = []
            for subj in subject_tokens(verb):
                if subj.lower_ in ("that", "which") and verb.dep_ == "relcl":
                    subj = verb.head  # relative clause: "grants that funded X" — the grants did it
                if lemma(subj) in MONEY_NOUNS:
                    money = subj
                    funders += _funders_of_money(ctx, subj)
                else:
                    funders += ctx.args(subj, AGENTS)
            explicit = lem in FUND_VERBS
        for funder in funders:
            for thing in funded:
                if thing != funder:
                    score = conf.EXPLICIT if explicit else conf.CONTEXT
                    yield Found(thing, FUNDED_BY, funder, "funding.fund.v1", score, verb, amount=_amount(ctx, money))


def invest(ctx: Context) -> Iterator[Found]:
    """Investment: "Acme invested in Zork", "Acme wants to invest in Zork", "Acme made an investment in Zork"."""
    for tok in ctx.tokens():
        lem = lemma(tok)
        if tok.pos_ == "VERB" and lem == "invest":
            funded = [a for p in prep_objects(tok, ("in",)) for a in _funded(ctx, p)]
            funders = [a for s in subject_tokens(tok) for a in ctx.args(s, AGENTS)]
        elif tok.pos_ == "NOUN" and lem == "investment" and tok.dep_ == "dobj":
            funded = [a for p in prep_objects(tok, ("in",)) + prep_objects(tok.head, ("in",)) for a in _funded(ctx, p)]
            funders = [a for s in subject_tokens(tok.head) for a in ctx.args(s, AGENTS)]
        else:
            continue
        for funder in funders:
            for thing in funded:
                if thing != funder:
                    yield Found(thing, FUNDED_BY, funder, "funding.invest.v1", conf.EXPLICIT, tok, amount=_amount(ctx, None))


def grant(ctx: Context) -> Iterator[Found]:
    """Giving and receiving money: "Acme awarded a grant to Zork", "Acme gave Zork a grant",
    "Zork received a grant from Acme"."""
    for verb in ctx.tokens():
        if verb.pos_ != "VERB":
            continue
        lem = lemma(verb)
        money = [o for o in children(verb, "dobj", "nsubjpass") if lemma(o) in MONEY_NOUNS]
        if not money:
            continue
        if lem in GIVE_VERBS:
            # dative shift ("gave Zork a grant") or a "to" dative ("awarded a grant to Zork")
            datives = children(verb, "dative")
            recipients = [d for d in datives if d.pos_ != "ADP"] + [p for d in datives for p in children(d, "pobj")]
            recipients += prep_objects(verb, ("to",)) + prep_objects(money[0], ("to", "for"))
            if is_passive(verb):
                funders = [a for p in agent_objects(verb) for a in ctx.args(p, AGENTS)]
            else:
                funders = [a for s in subject_tokens(verb) for a in ctx.args(s, AGENTS)]
        elif lem in RECEIVE_VERBS:
            recipients = subject_tokens(verb)
            funders = [a for m in money for a in _funders_of_money(ctx, m)]
            funders += [a for p in prep_objects(verb, ("from",)) for a in ctx.args(p, AGENTS)]
        else:
            continue
        funded = [a for r in recipients for a in _funded(ctx, r)]
        for funder in funders:
            for thing in funded:
                if thing != funder:
                    yield Found(thing, FUNDED_BY, funder, "funding.grant.v2", conf.EXPLICIT, verb,
                                amount=_amount(ctx, money[0]))


def funder_title(ctx: Context) -> Iterator[Found]:
    """Sponsor titles: "Acme, the main sponsor of Zork", "Acme is an investor in Zork"."""
    for link in title_links(ctx):
        if link.kind != "funder":
            continue
        funder, thing = ctx.arg(link.holder), ctx.arg(link.target)
        if funder is None or thing is None or funder.type not in AGENTS or funder == thing:
            continue
        yield Found(thing, FUNDED_BY, funder, f"funding.funder_{link.construction}.v2", conf.TITLE, link.title)


RULES = (fund_verb, invest, grant, funder_title)
