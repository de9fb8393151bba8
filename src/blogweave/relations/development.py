"""developed rules: a person or organization made or maintains a technology."""

from __future__ import annotations

import re
from collections.abc import Iterator

from blogweave.models import DEVELOPED, ORGANIZATION, Arg
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
from blogweave.nlp.lexicon import job_titles, known_names, programming_languages
from blogweave.nlp.name_shapes import TECH_HEADS
from blogweave.relations.lexicon import load_lexicon
from blogweave.relations.roles import title_links
from blogweave.relations.senses import instance_names

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
    "our Zork implementation" Zork as ours).

    A possessive also names what an organization uses (rule id ``development.possessive.v2``): the
    possessor is taken as the maker only when nothing says the thing is someone else's (see
    ``_third_party``), and a pronoun ("our", "their", "its") only with a made-work noun after the name
    ("our Zork package"): "our Slack", "their Jira" name a service they use."""
    lex = load_lexicon()
    works = lex.words("works")
    kinds = lex.words("not_products")
    for span in ctx.spans:
        if span.label_ != "TECH" or span.text.lower() in kinds or span.text.lower().rstrip("s") in kinds:
            continue  # "Acme's GPUs": a kind of thing, not one product
        owner = span.root
        work_noun = owner.dep_ in ("compound", "nmod")
        if work_noun:
            # "our official Zork implementation": the implementation is theirs, not Zork; but a made work
            # named by its name is the name's: "Acme's Quillpad plugin", "Acme's Zork libraries"
            if owner.head.lemma_.lower() not in works or span.text.lower() in programming_languages():
                continue
            between = span.doc[span.end : owner.head.i]
            if any(t.pos_ == "NOUN" and t.text.islower() and not (t.i > 0 and t.nbor(-1).text == "-")
                   for t in between):
                continue  # "Acme's Zork packaging tools": tools for packaging Zork, not Zork
            owner = owner.head
        for poss in children(owner, "poss"):
            if not work_noun and poss.pos_ == "PRON":
                continue  # "our Slack", "its GitHub page": a pronoun's bare possession is mostly a thing used
            for org in ctx.args(poss, (ORGANIZATION,)):
                if _third_party(span, owner, org, lex.words("copies"), work_noun):
                    continue
                yield Found(org, DEVELOPED, ctx.arg(span.root), "development.possessive.v2", conf.CONTEXT, span.root)


def _third_party(span, owner, org, copies: frozenset, work_noun: bool) -> bool:
    """Signs that a possessed technology is made by someone else and only used by the possessor:

    * a modifier of a copy or a use (lexicon.toml ``sets.copies``): "Acme's vendored Ruby", "Acme's
      hosted Zork";
    * the name starts with a well-known organization's name that is not the possessor's: "Acme's GitHub
      Actions", "Acme's Globex Sheets" (a product named after its maker);
    * a bare programming language: "Acme's Ruby" is the copy Acme ships ("Acme's Zork library" goes on).
    """
    if any(t.lower_ in copies for t in owner.lefts if t.dep_ in ("amod", "compound", "nmod")):
        return True
    if not work_noun and span.text.lower() in programming_languages():
        return True
    words = span.text.lower().split()
    maker = org.name.lower()
    names = known_names()
    return any(names.get(" ".join(words[:k])) == "ORG" and " ".join(words[:k]) != maker
               for k in range(1, len(words) + 1))


def name_prefix(ctx: Context) -> Iterator[Found]:
    """A product named after its maker: "Acme Quillpad" (the organization's name, then the product's),
    "the Acme Quillpad app", when the leading words are an organization named on their own in the post
    ("Acme" said elsewhere as an organization), or stand as an organization right before the product and
    are a well-known organization (``organizations.txt``) or named on their own elsewhere too.

    Not when the name reads as a kind of something made by others or as no product: ``_made_by_name``."""
    doc = ctx.doc
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    # named on their own somewhere: not right before another capitalized word ("Kestrel" in "Kestrel
    # Sanitizer" alone is a product's first word, whatever NER made of it)
    alone = {e.text for e in doc.ents if e.label_ == "ORG"
             and (e.end >= len(doc) or not (doc[e.end].text[:1].isupper() or doc[e.end].like_num))}
    names = known_names()
    kinds = instance_names(ctx, DEVELOPED)  # "open a Kestrel Issue": one of a kind, no product
    for span in ctx.spans:
        if span.label_ != "TECH" or span.text.lower() in programming_languages() or _cut_short(span) \
                or ctx.arg(span.root) in kinds or _ACRONYM_PLURAL.match(span[-1].text):
            continue  # "Acme VPCs": instances of a product, not the product
        before = ctx.ent(doc[span.start - 1]) if span.start > ctx.sent.start else None
        makers = []
        if before is not None and before.label_ == "ORG" and before.end == span.start \
                and (before.text in alone or names.get(before.text.lower()) == "ORG"):
            makers.append(before.text)  # "Acme Quillpad" split into the maker and its product
        words = span.text.split()
        for n in range(1, len(words)):
            # "Acme Quillpad", "Acme 3000"; not "Bank of Acme", "Quill the Hedgewitch": a name going on
            if " ".join(words[:n]) in orgs and (words[n][:1].isupper() or words[n][:1].isdigit()):
                makers.append(" ".join(words[:n]))  # "Acme Quillpad" as one name, "Acme" named elsewhere
        product = ctx.arg(span.root)
        if product is None:
            continue  # the span's root stands for no name of its own here (a merged or cut span)
        for name in dict.fromkeys(makers):
            if _made_by_name(name, span.text):
                yield Found(Arg(name, ORGANIZATION), DEVELOPED, product, "development.name_prefix.v1",
                            conf.CONTEXT, None)  # the name says it, whatever the clause asserts


def _made_by_name(maker: str, product: str) -> bool:
    """Whether "MAKER PRODUCT" (or a product span that starts with the maker's name) names a product of the
    maker, by the shape of the two names and the word lists:

    * the product starts with a capital or a digit ("Acme Quillpad", "Acme 3000"; not "Acme sanitizer");
    * the maker is no well-known technology (``technologies.txt``): "Zork Quillpad" is a Quillpad for Zork;
    * the product is no well-known technology apart from the maker's name, unless the maker is a well-known
      organization (``organizations.txt``): "Kestrel Linux", "European Zork" are a kind or a copy of a
      thing made by others, "Microsoft Windows" is Microsoft's;
    * its last word is not a part, a programme, a role or a limit of the maker, nor a part that reads it
      (lexicon.toml ``sets.not_products``, ``sets.units``, ``sets.money``, ``sets.efforts``, the job titles):
      "Acme Receiver" reads Acme's data, and "Acme
      Research", "Acme Grant", "Acme OSS Lead", "Acme Developer Community" are no product, and "Acme
      GPU", "Acme servers" name a kind of thing, not one product.
    """
    rest = product[len(maker):].strip() if product.startswith(maker) else product
    if not rest or not (rest[:1].isupper() or rest[:1].isdigit()):
        return False
    names = known_names()
    if names.get(maker.lower()) == "TECH":
        return False
    if names.get(rest.lower()) == "TECH" and names.get(maker.lower()) != "ORG":
        return False  # "Kestrel Linux"; a listed maker goes on: "Microsoft Windows", "Intel Xeon"
    lex = load_lexicon()
    last = rest.split()[-1].lower()
    stems = {last, last[:-1]} if last.endswith("s") else {last}
    parts = (lex.words("not_products") | lex.words("units") | lex.words("money") | lex.words("efforts")
             | lex.titles.get("funder", frozenset()) | job_titles())
    return not stems & parts


#: An acronym in the plural ("VPCs", "GPUs"): instances of a product, not one product.
_ACRONYM_PLURAL = re.compile(r"^[A-Z]{2,}s$")

#: Words after a name that show the name goes on past the entity's end: "Acme Summer of Code", "Acme
#: Code-In", "Acme Snow and Ice Center" (the entity stage cut it short, so its first words are no maker).
_NAME_GOES_ON = frozenset({"of", "-", "and", "&", "for"})


def _cut_short(span) -> bool:
    """The product's name goes on: "Acme Summer" + "of Code", or it modifies a technology's head noun after
    lower-case words ("the Acme Dependency submission API": the product is the API, not "Acme Dependency")."""
    doc = span.doc
    root = span.root
    if root.dep_ in ("compound", "nmod") and root.head.i > span.end and root.head.lower_ in TECH_HEADS \
            and any(t.text.islower() for t in doc[span.end : root.head.i]):
        return True
    if span.end + 1 >= len(doc):
        return False
    nxt, after = doc[span.end], doc[span.end + 1]
    return nxt.lower_ in _NAME_GOES_ON and after.text[:1].isupper()


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


RULES = (lead_effort, maker_title, team_member, possessive_product, name_prefix, own_work)
