"""Checks on a rule's arguments and clause that tell a relation's sense from a look-alike.

Each check is a general English construction, found on real blogs where a rule read it as a fact:

* ``instance_names``: a name after "a"/"an" names a kind, not the one thing: "we create a Quillpad
  with two workers" makes an object of the kind, it founds or develops nothing ("an old package
  Quillpad", with a common noun between, names the package); and for founding,
  an organization's name owned by another name is a thing of that owner ("the Kestrel Guild
  Twitter", "the guild's Twitter"): launching it founds no company.
* ``membership_title``: a title noun that is membership or an honour, not a job: "an honorary /
  ordinary member of X", "a member of the Kestrel Society" (a society, association, academy, ...),
  "a fellow of X" (see ``employment.job_title``).
* ``event_name``: an organization's name used for an event is no workplace: a year right after or
  before it ("Mara Quint at KestrelConf 2019", "at the 2019 Brimwell Summit"), or an event's name
  shape, one word ending in "Con", "Conf" or "Fest" ("QuillCon", "KestrelConf").
* ``unasked``: a question that asserts nothing even as a wh-question: a modal ("How can I fund
  Zork?", "Where should I work?") or a generic present "How do I join X?".
"""

from __future__ import annotations

import re

from blogweave.models import FOUNDED
from blogweave.nlp.lexicon import known_names
from blogweave.relations.common import Context, children, clause_up
from blogweave.relations.lexicon import load_lexicon

#: Determiners that make a name a kind: "a Quillpad", "another Quillpad".
KIND_DETERMINERS = frozenset({"a", "an", "another", "each", "every"})
#: Modals that make a question ask about a possibility, not about a deed (wh-questions with them presuppose
#: nothing: "How can I sponsor Zork?").
QUESTION_MODALS = frozenset({"can", "could", "should", "would", "may", "might", "must", "shall", "will", "'ll",
                             "ca", "wo", "'d"})
#: Pronouns of a generic or advice question in the present ("How do I join X?", "How does one fund X?").
GENERIC_ASKERS = frozenset({"i", "you", "we", "one"})


def instance_names(ctx: Context, relation: str) -> set:
    """The names of the sentence that stand for a kind or for another name's thing, not a made or
    founded individual (see the module docstring)."""
    out = set()
    for span in ctx.spans:
        root = span.root
        dets = [c for c in children(root, "det") if c.i < span.start and c.lower_ in KIND_DETERMINERS]
        # "a package Zork" names the package Zork: a common noun between the article and the name
        if dets and not any(t.pos_ == "NOUN" for t in ctx.doc[dets[0].i + 1:span.start]):
            out.add(ctx.arg(root))
        elif relation == FOUNDED and _owned(ctx, span):
            out.add(ctx.arg(root))
    return out


def _owned(ctx: Context, span) -> bool:
    """A well-known organization's name with another owner in front: "the Kestrel Guild Twitter", "our
    GitHub", "the guild's Twitter" (an account or a page there, not the organization)."""
    if known_names().get(span.text.lower()) != "ORG":
        return False
    root = span.root
    return any(c.i < span.start and (c.dep_ == "poss" or c.pos_ == "PROPN")
               for c in children(root, "poss", "compound", "nmod"))


def direct_object_ok(token, set_name: str | None) -> bool:
    """When a trigger names a set for its direct object: the verb has none, or one of that set."""
    if set_name is None:
        return True
    allowed = load_lexicon().words(set_name)
    return all(o.lemma_.lower() in allowed for o in children(token, "dobj"))


#: What a member is of when membership is no job: a body people join by subscribing or election.
MEMBER_BODIES = frozenset({"society", "association", "academy", "club", "guild", "federation", "league",
                           "foundation", "consortium", "alliance", "fellowship", "community", "network", "caucus"})
#: Two-word kinds of such bodies: "the Kestrel Working Group", "the Quill User Group".
MEMBER_PHRASES = frozenset({("working", "group"), ("interest", "group"), ("user", "group"), ("users", "group")})
#: Kinds of membership that are no job: "an honorary member", "an ordinary member", "a life member".
MEMBER_CLASSES = frozenset({"honorary", "ordinary", "life", "lifetime", "corresponding", "individual",
                            "supporting", "associate", "affiliate", "student", "emeritus"})
#: Words before "member" that make it staff: "a staff member of X", "a faculty member at X".
STAFF_WORDS = frozenset({"staff", "faculty", "team", "board", "crew", "council", "committee", "personnel"})


def membership_title(title, org_name: str) -> bool:
    """True when "member" is a membership or an honour rather than a job (see the module docstring)."""
    if title.lemma_.lower() != "member":
        return False
    mods = {c.lower_ for c in title.children if c.dep_ in ("amod", "compound", "nmod")}
    if mods & STAFF_WORDS:
        return False
    if mods & MEMBER_CLASSES:
        return True
    words = org_name.lower().split()
    return bool(set(words) & MEMBER_BODIES) or any(pair in MEMBER_PHRASES for pair in zip(words, words[1:]))


def title_of_target(target):
    """The noun whose preposition a title's target is the object of ("a fellow of X" -> fellow), or None."""
    tok = target
    while tok.dep_ in ("conj", "appos", "compound", "poss") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        return tok.head.head
    return None


def unasked(anchor) -> bool:
    """A question whose clause has a modal, or asks how "I/you/we/one" do something in the present."""
    for node in clause_up(anchor, ("xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "pcomp", "advcl")):
        for c in node.children:
            if c.dep_ == "aux" and c.lower_ in QUESTION_MODALS:
                return True
            if c.dep_ == "aux" and c.lemma_.lower() == "do" and c.tag_ in ("VBP", "VBZ") and any(
                    s.lower_ in GENERIC_ASKERS for s in children(node, "nsubj")):
                return True
    return False


_YEAR = re.compile(r"^(?:19|20)\d\d$")
#: One-word event names: "QuillCon", "KestrelConf", "InkFest" (a lower-case letter before the capital).
_EVENT_WORD = re.compile(r"^[A-Za-z]*[a-z](?:Con|Conf|Fest)$")


def event_name(ctx: Context, arg) -> bool:
    """True when the sentence names ``arg`` as an event (see the module docstring)."""
    doc = ctx.doc
    for span in ctx.spans:
        if ctx.arg(span.root) != arg:
            continue
        if len(span) == 1 and _EVENT_WORD.match(span.text):
            return True
        after = span.end + (1 if span.end < len(doc) and doc[span.end].text in ("!", "'") else 0)
        if after < len(doc) and _YEAR.match(doc[after].text):
            return True
        if span.start >= 2 and _YEAR.match(doc[span.start - 1].text) and doc[span.start - 2].lower_ == "the":
            return True
    return False
