"""founded rules: a person or organization founded an organization (or started a technology project)."""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import FOUNDED, ORGANIZATION, TECHNOLOGY, WORKED_AT
from blogweave.relations import confidence as conf
from blogweave.relations.common import (
    AGENTS,
    FIRST_PLURAL,
    ORG_ONLY,
    PERSON_ONLY,
    Context,
    Found,
    agent_objects,
    children,
    is_passive,
    participle_targets,
    prep_objects,
    subject_tokens,
    verb_lemma,
)
from blogweave.models import AUTHOR, PERSON, Arg
from blogweave.relations.roles import title_links

#: Verbs whose object is a new organization ("co-founded" arrives as "cofound" via verb_lemma).
FOUND_VERBS = frozenset({"found", "cofound", "establish", "incorporate", "form"})
#: Verbs that found an organization only when the object is one: "started Acme", "launched Acme".
START_VERBS = frozenset({"start", "launch", "set", "spin"})
#: Phrasal verbs count only with their particle: "set up Acme", "spun off/out Acme" (not "spin up a pool").
PARTICLES = {"set": ("up",), "spin": ("off", "out")}


def _founders(ctx: Context, verb) -> list[tuple[Arg, float]]:
    """Subjects of a founding verb, with a factor: "we founded X" counts for the author at a lower confidence."""
    out = []
    for tok in subject_tokens(verb):
        if tok.lower_ in FIRST_PLURAL:
            out.append((Arg(AUTHOR, PERSON), conf.WE_FACTOR))
        else:
            out += [(a, 1.0) for a in ctx.args(tok, AGENTS)]
    return out


def _gap(verb) -> list:
    """Object relative with the object left out: "the firm she founded, Acme" (the head noun is the object)."""
    if verb.dep_ == "relcl" and not any(c.lower_ in ("who", "which", "that") and c.dep_ in ("nsubj", "nsubjpass")
                                        for c in verb.children):
        return [verb.head]
    return []


def found_verb(ctx: Context) -> Iterator[Found]:
    """Founding verbs, active ("Jane Doe co-founded Acme"; "I started Acme in 2015"), passive with agent
    ("Acme was founded by Jane Doe"), and reduced relatives ("Acme, founded in 1999 by Jane Doe")."""
    for verb in ctx.tokens():
        if verb.pos_ not in ("VERB",):
            continue
        lem = verb_lemma(verb)
        if lem not in FOUND_VERBS and lem not in START_VERBS:
            continue
        if lem in PARTICLES and not any(c.dep_ == "prt" and c.lower_ in PARTICLES[lem] for c in verb.children):
            continue
        types = (ORGANIZATION, TECHNOLOGY) if lem in FOUND_VERBS else (ORGANIZATION,)
        if is_passive(verb):
            patients = children(verb, "nsubjpass") or (participle_targets(verb) if verb.dep_ == "acl" else [])
            founded = [a for p in patients for a in ctx.args(p, types)]
            founders = [(a, 1.0) for p in agent_objects(verb) for a in ctx.args(p, AGENTS)]
        else:
            founded = [a for o in children(verb, "dobj") or _gap(verb) for a in ctx.args(o, types)]
            founders = _founders(ctx, verb)
        for founder, factor in founders:
            for thing in founded:
                if founder == thing:
                    continue
                score = conf.base(True, founder) * factor
                yield Found(founder, FOUNDED, thing, "founding.found.v2", score, verb, dates="start")


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


RULES = (found_verb, founding_team, founder_title)
