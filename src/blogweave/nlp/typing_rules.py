"""Entity-typing rules: what the words around a name say it is, one small function per construction.

Each rule takes a cleaned entity span and returns ``(label, strength)`` when
its construction is there ("ORG"/"PERSON"/"TECH"; strength ``"context"`` for
a construction that settles the type, ``"weak"`` for a hint that only votes),
or None. ``RULES`` holds them in the order they are tried, each with a
versioned id (``typing.join_object.v1``) like the relation rules;
``context_label`` returns the first answer, ``context_rule`` also says which
rule gave it. Every mention of a name then votes in ``context._agree``.

The vocabulary below is English words (verbs, nouns, titles), never names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from blogweave.nlp.lexicon import EMPLOYER_VERBS, WORKPLACE_VERBS, job_titles
from blogweave.nlp.spans import HONORIFICS, organization_words

Answer = tuple[str, str]  # (label, strength)

# Context vocabulary (lemmas).
OFFER_VERBS = {"offer"}  # "X offered me a role"
FOUNDING_VERBS = {"found", "establish"}  # "co-founded X": X is an organization
WORK_WORDS = {
    "work", "join", "start", "intern", "serve", "employ", "hire", "stay", "remain", "spend", "be", "begin",
    "time", "day", "year", "month", "week", "tenure", "stint", "position", "role", "job", "career",
    "internship", "employment", "team", "colleague", "coworker", "co-worker", "manager", "director",
    "engineer", "scientist", "researcher", "intern", "lead", "head", "vp", "cto", "ceo", "founder",
    "employee", "staff", "office", "offer", "experience", "project", "tool", "system", "platform",
}
ORG_NOUNS = {
    "company", "startup", "start-up", "firm", "organization", "organisation", "nonprofit", "non-profit",
    "foundation", "lab", "laboratory", "bank", "agency", "employer", "university", "institute",
    "institution", "corporation", "business", "vendor", "provider", "competitor", "fund", "consultancy",
    "agency", "publisher", "retailer", "manufacturer", "exchange", "fintech", "unicorn", "incubator",
    "accelerator", "charity", "school", "college", "government", "ministry", "department", "division",
}
ORG_TAIL_NOUNS = {"employee", "headquarters", "hq", "ceo", "cto", "founder", "cofounder", "co-founder",
                  "board", "staff", "recruiter", "management", "leadership"}
TEAM_NOUNS = {"team", "group", "division", "department", "org"}
#: Nouns that make a name a group or a unit, never one person ("the Release Team", "Vexa Stewards").
GROUP_NOUNS = frozenset({"team", "teams", "group", "committee", "council", "board", "stewards", "maintainers",
                         "developers", "contributors", "members", "community", "track", "program", "programme",
                         "initiative", "project", "working", "wg", "sig", "lab", "labs"})
TECH_NOUNS = {
    "library", "framework", "package", "toolkit", "tool", "language", "compiler", "database", "module",
    "sdk", "runtime", "engine", "extension", "plugin", "plug-in", "project", "protocol", "api", "cli",
    "interpreter", "kernel", "driver", "app", "application", "service", "software", "format", "model",
    "algorithm", "architecture", "technique", "optimizer", "scheduler", "system", "stack", "codebase",
    "repository", "repo", "binary", "daemon", "agent", "product", "platform", "chip", "processor",
    # made things of encyclopedia prose: "X is a video game / a games console / a smartphone"
    "game", "videogame", "console", "device", "computer", "smartphone", "tablet", "browser", "microprocessor",
    "microarchitecture", "franchise", "aircraft", "missile",
}
TECH_TAIL_NOUNS = {"library", "framework", "package", "toolkit", "language", "compiler", "database", "module",
                   "sdk", "runtime", "extension", "plugin", "project", "protocol", "api", "apis", "codebase",
                   "repository", "repo", "user", "users", "developer", "maintainer", "contributor", "release",
                   "version", "community", "ecosystem", "code", "cluster", "kernel", "package", "tutorial",
                   "stack", "workflow", "program", "programming", "script", "support", "integration"}
TECH_VERBS = {"develop", "maintain", "write", "create", "release", "open-source", "fork", "implement",
              "prototype", "install", "deploy", "use", "adopt", "port", "rewrite", "compile", "build"}
STRONG_TECH_VERBS = {"maintain", "fork", "install", "compile", "rewrite"}
CALL_VERBS = {"call", "name", "dub"}
#: Verbs of making a product: their passive subject is a made thing ("Gravelstorm was developed by ...").
MADE_VERBS = {"develop", "design", "publish", "release", "manufacture", "produce", "program", "code", "launch",
              "ship", "port", "license", "market", "distribute", "engineer", "prototype"}
#: Makers that are companies: "published by X", "manufactured by X", "distributed by X".
COMPANY_MADE_VERBS = {"publish", "manufacture", "distribute", "market", "license"}


_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z\u00e0-\u00ff]+(?:[-'][A-Z]?[a-z\u00e0-\u00ff]+)*|[A-Z]\.|O'[A-Z][a-z]+|Mc[A-Z][a-z]+|Jr\.?)$")


def person_shaped(span) -> bool:
    """"Oksana Vell", "Tomas J. Brandt": two to four capitalized words, the first a common given name
    (``data/given_names.txt``), none of them an organization or technology word."""
    from blogweave.nlp.lexicon import given_names

    if not 2 <= len(span) <= 4 or span[0].lower_ not in given_names():
        return False
    org_words = organization_words()
    return all(_NAME_WORD.match(t.text) and t.lower_ not in org_words and t.lower_ not in ORG_NOUNS
               and t.lower_ not in TECH_NOUNS for t in span[1:])


def name_shaped(span) -> bool:
    """Two or three capitalized name words ("Tarn Ouvrard", "Benoît Lacaze-Vell"), none an organization
    or technology word: what a person's name looks like, given name known or not."""
    org_words = organization_words()
    return 2 <= len(span) <= 3 and all(_NAME_WORD.match(t.text) and t.lower_ not in org_words
                                       and t.lower_ not in ORG_NOUNS | TECH_NOUNS | GROUP_NOUNS for t in span)


#: Job titles that also describe companies ("a developer", "the publisher"): no evidence of a person.
_COMPANY_ROLES = {"developer", "publisher", "producer", "partner", "associate", "member", "agent", "broker",
                  "consultant", "advisor", "adviser", "counsel", "trader", "vendor", "supplier", "contractor",
                  "sponsor", "funder"}
#: Roles a company or a place has in a field as well ("Quellport is a leader in robotics"): a person's only
#: as the title of a post at a named organization ("leader of the Vexa Party").
_FIELD_ROLES = {"leader", "pioneer"}


#: Roles named after a skill or a technology rather than an employer ("a Rust programmer").
_SKILL_ROLES = {"engineer", "programmer", "developer", "architect", "designer", "scientist", "analyst",
                "administrator", "specialist", "technician", "expert", "user", "researcher", "consultant",
                "player", "writer", "author", "teacher", "instructor", "singer", "actor", "actress", "citizen"}


def _is_person_noun(lemma: str) -> bool:
    """An occupation or role (``data/person_nouns.txt`` and the job titles) that only a person has."""
    return lemma in _person_role_words()


@lru_cache(maxsize=None)
def _person_role_words() -> frozenset[str]:
    from blogweave.nlp.lexicon import person_nouns, read_list

    titles = {line.lower() for line in read_list("job_titles.txt")} - _COMPANY_ROLES
    return frozenset(titles | person_nouns())


def _after_person_noun(span) -> bool:
    before = span.doc[span.start - 1]
    if before.pos_ != "NOUN" or not before.is_lower or not _is_person_noun(before.lemma_.lower()):
        return False
    org_words = organization_words()
    return all(_NAME_WORD.match(t.text) and t.lower_ not in org_words for t in span)


def lowercase_word(span) -> bool:
    return len(span) == 1 and span.text.islower()



@dataclass(frozen=True)
class TypingRule:
    """One construction that types a name: its versioned id and the function that finds it."""

    id: str
    find: Callable[..., Answer | None]


def _after(span):
    return span.doc[span.end] if span.end < len(span.doc) else None


def honorific_before(span) -> Answer | None:
    """An honorific before the name: "Mrs. Quell said", "Sen. Jo Barr": a person."""
    if span.start > 0 and span.doc[span.start - 1].lower_ in HONORIFICS:
        return "PERSON", "context"
    return None


def occupation_before(span) -> Answer | None:
    """An occupation right before the name: "plastic surgeon Oskar Vell", "singer Mira Dahl"."""
    if span.start > 0 and _after_person_noun(span):
        return "PERSON", "context"
    return None


def join_object(span) -> Answer | None:
    """"I joined X", "she left X": a workplace."""
    root = span.root
    if root.dep_ == "dobj" and root.head.lemma_.lower() in WORKPLACE_VERBS:
        return "ORG", "context"
    return None


def founded_object(span) -> Answer | None:
    """"we co-founded X", "she established X", "X was co-founded by": a new organization."""
    root = span.root
    verb = root.head.lemma_.lower().removeprefix("co-")
    if (root.dep_ in ("dobj", "nsubjpass") and verb in FOUNDING_VERBS or root.dep_ == "nsubjpass" and verb == "incorporate") \
            and not person_shaped(span):
        return "ORG", "context"
    return None


def employer_subject(span) -> Answer | None:
    """"X hired me", "X offered me a role": an employer."""
    root, head = span.root, span.root.head
    verb = head.lemma_.lower()
    if root.dep_ == "nsubj" and verb in EMPLOYER_VERBS | OFFER_VERBS:
        if verb in EMPLOYER_VERBS or any(c.lower_ in ("me", "us", "him", "her", "them") for c in head.children):
            return "ORG", "context"
    return None


def made_thing(span) -> Answer | None:
    """"X was developed by ...", "a game developed by ...": a made thing, when the name is no person's."""
    root, head, dep = span.root, span.root.head, span.root.dep_
    if (dep == "nsubjpass" or dep in ("ROOT", "nsubj", "dobj", "pobj", "appos") and _made_by(root)) \
            and (dep != "nsubjpass" or head.lemma_.lower() in MADE_VERBS) and not person_shaped(span) \
            and span.label_ != "ORG":
        return "TECH", "context"
    return None


def company_maker(span) -> Answer | None:
    """"published by X", "manufactured by X": publishers and manufacturers are companies."""
    root, head = span.root, span.root.head
    if root.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in COMPANY_MADE_VERBS \
            and not person_shaped(span):
        return "ORG", "context"
    return None


def employer_agent(span) -> Answer | None:
    """"hired by X", "employed by X", "acquired by X"."""
    root, head = span.root, span.root.head
    if root.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in EMPLOYER_VERBS:
        return "ORG", "context"
    return None


def at_workplace(span) -> Answer | None:
    """"my time at X", "work at X", "a position at X" (strong); any other "at X" (weak)."""
    root, head = span.root, span.root.head
    if root.dep_ == "pobj" and head.lower_ == "at":
        return ("ORG", "context") if head.head.lemma_.lower() in WORK_WORDS else ("ORG", "weak")
    return None


def work_for(span) -> Answer | None:
    """"work for X", "intern for X": a workplace ("worked with X" says nothing)."""
    root, head = span.root, span.root.head
    if root.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in {"work", "intern", "consult"}:
        return "ORG", "context"
    return None


#: Role nouns that name a tool after a word of what it handles: "a text editor", "a package manager".
_TOOL_ROLES = frozenset({"editor", "manager", "runner", "reader", "viewer", "player", "checker", "driver"})
_TOOL_COMPOUNDS = frozenset({"text", "code", "source", "package", "file", "window", "pdf", "markdown", "hex",
                             "task", "password", "dependency", "version", "config", "log", "device"})


def describing_noun(span) -> Answer | None:
    """Apposition and copula: "X, a startup", "my employer, X", "X is a Python library",
    "Oskar Vell, a 50-year-old truck driver"."""
    for noun in _describing_nouns(span):
        lemma = noun.lemma_.lower()
        if lemma in _FIELD_ROLES and not any(c.dep_ == "prep" and c.lower_ in ("of", "at") for c in noun.children):
            continue
        if lemma in _TOOL_ROLES and any(c.dep_ == "compound" and c.lower_ in _TOOL_COMPOUNDS for c in noun.children):
            return "TECH", "context"  # "X is a lightweight code editor", "a package manager": a tool, no person
        # an occupation says person ("driver" only for a person's name)
        if _is_person_noun(lemma) and not any(t.lower_ in organization_words() for t in span) \
                and (lemma not in TECH_NOUNS | ORG_NOUNS or person_shaped(span)):
            return "PERSON", "context"
        if lemma in ORG_NOUNS and _title_of_name(noun):
            continue  # "Quell, publisher of the Daily Widget": a person's title, not what the name is
        if lemma in ORG_NOUNS:
            return "ORG", "context"
        if lemma in TECH_NOUNS:
            return "TECH", "context"
    return None


def noun_after(span) -> Answer | None:
    """The noun right after the name: "the X library", "X users", "X's CEO", "X president", "the X team"."""
    after = _after(span)
    if after is None:
        return None
    word = after.lower_ if after.lower_ not in ("'s", "\u2019s") else ""
    nxt = after.nbor(1) if word == "" and after.i + 1 < len(after.doc) else None
    if word in TECH_TAIL_NOUNS and after.pos_ in ("NOUN", "PROPN", "VERB"):
        return "TECH", "context" if word in TECH_NOUNS else "weak"
    if word in ORG_TAIL_NOUNS or (nxt is not None and nxt.lemma_.lower() in ORG_TAIL_NOUNS):
        return "ORG", "context"
    # "Quorra president Jo Barr", "a former Quorra trader": a role at the named organization.
    if word and after.pos_ == "NOUN" and _is_person_noun(after.lemma_.lower()) \
            and after.lemma_.lower() not in _SKILL_ROLES and not person_shaped(span) \
            and all(t.text[:1].isupper() for t in span):
        return "ORG", "context"
    if word in TEAM_NOUNS:
        return "ORG", "weak"
    return None


def kind_list(span) -> Answer | None:
    """"tools such as X", "technologies like: X, Y" (also list items after such a line)."""
    return ("TECH", "context") if _listed_after_kind(span) else None


def called(span) -> Answer | None:
    """"we call it the X", "a project that we call X"."""
    root, head = span.root, span.root.head
    if root.dep_ in ("oprd", "dobj", "xcomp", "attr", "npadvmod") and head.lemma_.lower() in CALL_VERBS:
        return "TECH", "context" if _calls_a_project(head) else "weak"
    return None


def made_object(span) -> Answer | None:
    """"developing X", "I maintain X" (strong for maintain/fork/install/compile/rewrite)."""
    root, head = span.root, span.root.head
    if root.dep_ == "dobj" and head.lemma_.lower() in TECH_VERBS:
        return "TECH", "context" if head.lemma_.lower() in STRONG_TECH_VERBS else "weak"
    return None


#: Titles of the people who make a technology; the name after "of" is what they make ("a core developer of
#: X", "the original author of X", "X maintainer"). The relation lexicon's maker titles, as lemmas.
#: "author" is not here: the author of a book or an article is as common as the author of a library.
MAKER_NOUNS = frozenset({"creator", "cocreator", "co-creator", "maintainer", "comaintainer", "co-maintainer",
                         "developer", "committer"})


def maker_of(span) -> Answer | None:
    """"a core developer of X", "the maintainers of X", "X's original author": the name is a technology,
    unless it is shaped like a person's name ("the author of Mara Lind's biography" is no maker title)."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:  # "a developer of X as well as Y"
        root = root.head
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in MAKER_NOUNS \
            and head.head.pos_ == "NOUN" and not person_shaped(span):
        return "TECH", "context"
    return None


def built_on(span) -> Answer | None:
    """"built on top of X", "a contributor to X", "written in X": a weak hint of a technology."""
    root, head = span.root, span.root.head
    if root.dep_ == "pobj" and head.lower_ in ("of", "on", "with", "in", "to") and head.head.lemma_.lower() in {
            "top", "build", "write", "implement", "port", "contribute", "contributor", "maintainer", "author"}:
        return "TECH", "weak"
    return None


#: Every typing rule, in the order they are tried: the first answer wins.
RULES: tuple[TypingRule, ...] = (
    TypingRule("typing.honorific_before.v1", honorific_before),
    TypingRule("typing.occupation_before.v1", occupation_before),
    TypingRule("typing.join_object.v1", join_object),
    TypingRule("typing.founded_object.v1", founded_object),
    TypingRule("typing.employer_subject.v1", employer_subject),
    TypingRule("typing.made_thing.v1", made_thing),
    TypingRule("typing.company_maker.v1", company_maker),
    TypingRule("typing.employer_agent.v1", employer_agent),
    TypingRule("typing.at_workplace.v1", at_workplace),
    TypingRule("typing.work_for.v1", work_for),
    TypingRule("typing.describing_noun.v1", describing_noun),
    TypingRule("typing.noun_after.v1", noun_after),
    TypingRule("typing.kind_list.v1", kind_list),
    TypingRule("typing.called.v1", called),
    TypingRule("typing.made_object.v1", made_object),
    TypingRule("typing.maker_of.v1", maker_of),
    TypingRule("typing.built_on.v1", built_on),
)


def context_rule(span) -> tuple[str | None, str, str | None]:
    """``(label, strength, rule id)`` of the first rule that types ``span``, or ``(None, "", None)``."""
    for rule in RULES:
        answer = rule.find(span)
        if answer is not None:
            return answer[0], answer[1], rule.id
    return None, "", None


def context_label(span) -> tuple[str | None, str]:
    """The label the words around ``span`` imply, and how strongly: ``("ORG", "context")``,
    ``("TECH", "weak")`` or ``(None, "")``."""
    label, strength, _ = context_rule(span)
    return label, strength


# A listed name and its separator ("Rust, ", "Go and "); a name starts where no name character
# comes before it, so a long run of letters is read once (linear time).
_LISTED = re.compile(r"(?<![\w\-+.])[\w\-+.]+(?:\s*,\s*|\s+(?:and|or)\s+)")
_KIND_INTRO = re.compile(
    r"\b(technologies|tools|libraries|frameworks|languages|packages|databases|protocols|platforms)"
    r"(?:,)?\s+(?:like|such as|including)\s*:?\s*$", re.I)


def _listed_after_kind(span) -> bool:
    """True when the span is in a list introduced by "technologies like:" / "libraries such as"."""
    doc = span.doc
    if not doc.has_annotation("SENT_START"):
        return False
    sent = span.sent
    before = sent.text[: span.start_char - sent.start_char]  # not doc.text: it joins every token of the post
    # Drop the list items already read ("like X, Y and "), then look for the introduction.
    if _KIND_INTRO.search(_LISTED.sub("", before)):
        return True
    # A list item on its own line: look back over the previous short sentences for the introduction.
    if span.start != sent.start:
        return False
    steps = 0
    previous = sent
    while steps < 8 and previous.start > 0:
        previous = doc[previous.start - 1].sent
        while previous.text.strip() == "" and previous.start > 0:
            previous = doc[previous.start - 1].sent
        steps += 1
        if _KIND_INTRO.search(previous.text.strip()):
            return True
        if len(previous) > 8:
            return False
    return False


def _title_of_name(noun) -> bool:
    """True for a noun that is a job title over a proper name: "publisher of the Daily Widget"."""
    if noun.lemma_.lower() not in job_titles():
        return False
    return any(prep.dep_ == "prep" and prep.lower_ in ("of", "at", "for") and
               any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in prep.children) for prep in noun.children)


def _describing_nouns(span):
    """Nouns that say what the span is: its appositions, the noun it is in apposition to,
    a copula's attribute ("X is a library") and "make X a library"."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            yield child
    if root.dep_ == "appos" and root.head.i < span.start:
        yield root.head
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        for child in root.head.children:
            if child.dep_ in ("attr", "acomp"):
                yield child
    if root.dep_ == "nsubj" and root.head.pos_ == "NOUN" and root.head.i > span.end:
        yield root.head  # small clause: "making X a library"
    if root.dep_ in ("dobj", "nsubj") and root.head.lemma_ in ("make", "become", "call"):
        for child in root.head.children:
            if child.dep_ in ("oprd", "xcomp", "ccomp", "attr") and child.i > span.end:
                yield child
                yield from (c for c in child.children if c.dep_ in ("attr", "oprd"))


def _made_by(token) -> bool:
    """True for "X, developed by ..." / "X, a game developed by ...": a participle of making on the name
    (or on its apposition) with a "by" agent."""
    for noun in (token, *(c for c in token.children if c.dep_ == "appos")):
        for child in noun.children:
            if child.dep_ == "acl" and child.lemma_.lower() in MADE_VERBS and child.tag_ == "VBN" \
                    and any(c.dep_ == "agent" for c in child.children):
                return True
    return False


def _calls_a_project(verb) -> bool:
    """True for "a project that we call X" / "a library called X"."""
    noun = verb.head if verb.dep_ in ("relcl", "acl") else None
    return noun is not None and noun.lemma_.lower() in TECH_NOUNS
