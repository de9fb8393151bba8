"""Name-shape typing rules: what the form of a name says, whatever the sentence around it.

These run after the context rules (``typing_rules``) on spans from spaCy's NER, which types by the
look of the words around a name and often calls a code identifier or a job title an organization or
a person. Each rule has an id, like the context rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from blogweave.nlp.lexicon import job_titles
from blogweave.nlp.spans import organization_words
from blogweave.nlp.typing_rules import GROUP_NOUNS, ORG_NOUNS, TECH_NOUNS, TEAM_NOUNS, _person_role_words


#: Top-level domains: "Quillon.ai" is a company's name, not a dotted code identifier.
_DOMAINS = {"ai", "io", "com", "org", "net", "dev", "co", "app", "me", "so", "sh", "xyz", "edu", "gov", "us", "uk"}
#: One part of a code identifier ("Dataset", "_private").
_IDENTIFIER_PART = re.compile(r"[A-Za-z_]\w*")
_WORD = re.compile(r"\w+")


def _is_identifier(text: str) -> bool:
    """A dotted or namespaced identifier ("zorklib.Frame", "pkg::fn"), or one with an underscore inside.

    Checked part by part, so the time is linear in the text whatever it holds."""
    parts = re.split(r"\.|::", text)
    if len(parts) > 1:
        return all(_IDENTIFIER_PART.fullmatch(part) for part in parts)
    return bool(_WORD.fullmatch(text)) and "_" in text[:-1]
#: A capital after a small letter inside a word ("DataGrid", "kvStore"), as a person's name has only
#: after these prefixes ("McKee", "MacLeod", "DeVos", "LeBlanc", "DiMaggio", "VanDyke", "O'Neil").
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_NAME_PREFIXES = re.compile(r"^(?:Mc|Mac|De|Le|La|Di|Da|Van|Von|Du|St)[A-Z][a-z]+$")
#: Last words that make a capitalized name a made thing ("Widget Sync Protocol", "Acme Query Engine").
TECH_HEADS = frozenset({"protocol", "library", "framework", "toolkit", "compiler", "sdk", "api", "format",
                        "engine", "interpreter", "runtime", "language", "database", "plugin", "extension"})


def code_identifier(span) -> bool:
    """"zorklib.Frame", "widget_sync", "pkg::fn": written as code, not as the name of a person or a
    company (a dotted domain name such as "Quillon.ai" is a company's)."""
    text = span.text
    return " " not in text and _is_identifier(text) and text.rsplit(".", 1)[-1].lower() not in _DOMAINS


def cannot_be_person(span) -> bool:
    """Shapes no person's name has: code identifiers, a word with an inner capital or a digit
    ("ZorkAcademy", "vexIO", "Web3"), a lone lower-case word, a group noun ("Vexa Stewards")."""
    if code_identifier(span):
        return True
    if any(t.lower_ in GROUP_NOUNS for t in span[1:]) or span[-1].lower_ in GROUP_NOUNS:
        return True
    for token in span:
        text = token.text
        if any(c.isdigit() for c in text) or (_INNER_CAPITAL.search(text) and not _NAME_PREFIXES.match(text)):
            return True
    return len(span) == 1 and span.text.islower()


def title_fragment(span) -> bool:
    """"Software Developer", "Postdoctoral Research Scientist", "Graduate Fellow": a job title in capitals,
    not an organization (its last word is a job title and no word is an organization's)."""
    last = span[-1].lower_
    titles = job_titles() | _person_role_words()
    if last not in titles and last.rstrip("s") not in titles:
        return False
    return not any(t.lower_ in organization_words() for t in span)


def lone_common_noun(span) -> bool:
    """"Team", "Research", "Trust": one capitalized everyday noun is a heading word, not a name."""
    return len(span) == 1 and span[0].lower_ in GROUP_NOUNS | ORG_NOUNS | TECH_NOUNS | TEAM_NOUNS


#: spaCy's labels for places and peoples: never an employer unless the name has an organization head.
PLACE_LABELS = ("GPE", "LOC", "NORP")


#: Context rules whose verb settles a workplace ("I joined X", "my last day at X", "X hired me"): they
#: outweigh spaCy's place label, which it often gives an unknown company's name.
WORKPLACE_RULES = frozenset({"typing.join_object.v1", "typing.founded_object.v1", "typing.employer_subject.v1",
                             "typing.employer_agent.v1", "typing.at_workplace.v1", "typing.work_for.v1"})


def place_not_employer(span, ner_label: str, rule_id: str | None = None, strength: str = "") -> bool:
    """typing.place_not_employer.v1: a name spaCy calls a place or a people ("Vexland", "the Far Reach",
    "Quellish") is no organization when only a title or a noun near it says so ("the Vexland president",
    "a Far Reach correspondent", "of Quellport"), unless a word of it is an organization head
    ("Vexland University", "Quellport City Council", "Department of Vexland"). A workplace verb
    (``WORKPLACE_RULES``) still makes it one; for a people (NORP, which spaCy also gives many an unknown
    one-word company) so does a plain "at X"."""
    if ner_label not in PLACE_LABELS or any(t.lower_ in organization_words() for t in span):
        return False
    if rule_id in WORKPLACE_RULES and (strength == "context" or ner_label == "NORP"):
        return False
    return True


#: Lower-case nouns of places after a name: "Vexa and Quell parishes", "the Ostry county line".
PLACE_NOUNS = frozenset({"parish", "parishes", "county", "counties", "province", "provinces", "state", "states",
                         "district", "districts", "region", "township", "borough", "valley", "river", "island",
                         "islands", "peninsula", "canton", "prefecture"})


def before_place_noun(span) -> bool:
    """typing.place_noun_after.v1: "Vexa parish", "Calder and Quell counties": a name before a lower-case
    place noun (also the first of two coordinated names) is a place, not an organization."""
    doc = span.doc
    i = span.end
    if i + 2 < len(doc) and doc[i].lower_ in ("and", "or") and doc[i + 1].text[:1].isupper():
        i += 2  # "Vexa and Quell parishes"
    return i < len(doc) and doc[i].is_lower and doc[i].lower_ in PLACE_NOUNS \
        and not any(t.lower_ in organization_words() for t in span)


#: "D-Vexl.", "R-N.Q.": a party letter and a place abbreviation, the tag news prose puts after a politician.
_PARTY_TAG = re.compile(r"^[A-Z]-(?:[A-Z][a-z]*\.)+$|^[A-Z]-[A-Z][a-z]+$")


def party_tag(span) -> bool:
    """typing.party_tag.v1: "D-Vexl.", "R-Quell": a party and a state after a politician's name, no name."""
    return bool(_PARTY_TAG.match(span.text.replace(" ", "")))


def organization_head(span) -> bool:
    """typing.organization_head.v1: "Quell Court Orchestra", "Vexa & Co.": a name of two or more words ending
    in an organization word is no person, unless it starts with a given name ("Ada Church" is a person's)."""
    from blogweave.nlp.lexicon import given_names

    words = [t for t in span if not t.is_punct]
    return len(span) > 1 and span[-1].lower_.rstrip(".") in {w.rstrip(".") for w in organization_words()} \
        and bool(words) and words[0].lower_ not in given_names()


def field_name(span) -> bool:
    """typing.field_name.v1: "Operations", "Marketing", "Computer Science": a name made only of words of
    fields of work or study (``data/fields.txt``) is the field of a title ("Director of Operations",
    "Head of Marketing at ...", "an MSc in Statistics"), not an entity."""
    from blogweave.nlp.lexicon import field_words

    fields = field_words()
    words = [t.lower_ for t in span if not t.is_punct and not t.is_stop]  # "Applied Mathematics at"
    return bool(words) and all(w in fields or w.rstrip("s") in fields for w in words)


#: Heads of the name of a team inside an organization: "the Core Team", "the Technology Team". Written only
#: with everyday words, such a name is a part of whichever organization the post is about.
TEAM_HEADS = frozenset({"team", "teams", "staff", "squad", "crew"})
#: Governing bodies every organization may have, by their usual names: "the Executive Council", "the
#: Advisory Board", "the Board of Directors" (not "the National Security Council", "the Town Council").
BODY_HEADS = frozenset({"board", "council", "committee"})
BODY_MODIFIERS = frozenset({"executive", "steering", "advisory", "governing", "management", "leadership",
                            "core", "technical", "governance", "oversight"})
BODY_MEMBERS = frozenset({"directors", "trustees", "governors", "advisors", "advisers", "management"})


#: Heads of names of a kind of work, not of a body: "Instructor Training", "Product Management". (Heads
#: such as "Service", "Administration", "Resources" also name public agencies: "the Forest Service".)
WORK_HEADS = frozenset({"training", "management", "development", "assessment", "learning", "instruction",
                        "engineering", "technology", "technologies", "evaluation", "curriculum", "outreach",
                        "programming", "workshops", "design", "transformation", "innovation"})


def _everyday(token, english, fields=frozenset()) -> bool:
    """A word (no acronym) that is an everyday English word (the model's word list) or a field's, as
    written, as its lemma or without a plural "s"."""
    return token.is_alpha and not token.text.isupper() and any(
        w in english or w in fields for w in (token.lower_, token.lemma_.lower(), token.lower_.rstrip("s")))


def field_headed(span) -> bool:
    """typing.field_headed.v1: "Instructor Training", "Encryption Product Management", "Assessment for
    Kestrel": a name written only in everyday English words (the model's word list) or field words
    (``data/fields.txt``) whose head is a kind of work (``WORK_HEADS``; the last word, or the first before
    "of"/"for") names the work a title is about ("Director of Instructor Training"), not an organization.
    A proper word keeps it ("Kestrel Development"), and so does a head that is no work ("Library
    Carpentry")."""
    from blogweave.nlp.lexicon import field_words

    words = [t for t in span if not t.is_punct]
    if not words:
        return False
    cut = next((n for n, t in enumerate(words) if t.lower_ in ("of", "for") and n > 0), None)
    head = words[0] if cut == 1 else words[-1]
    if head.lower_ not in WORK_HEADS:
        return False
    fields = field_words()
    english = english_words(span.doc)
    return all(t.is_stop or _everyday(t, english, fields) for t in (words if cut is None else words[:cut]))


#: Last words of names of events: "the Kestrel Summit", "Self-Organised Workshops" (events are no entities).
EVENT_HEADS = frozenset({"conference", "conferences", "summit", "summits", "meetup", "meetups", "hackathon",
                         "hackathons", "workshop", "workshops", "webinar", "webinars", "festival", "olympiad",
                         "sprint", "sprints", "unconference", "symposium", "colloquium"})


#: Words after an event noun that name a run of events: "the Kestrel Meetup Series", "Quill Hackathon Week".
_EVENT_RUNS = frozenset({"series", "week", "weeks", "day", "days", "season"})


def event_name(span) -> bool:
    """typing.event_name.v1: "the Kestrel Summit", "Self-Organised Workshops": a name of two words or more
    whose last word names an event (``EVENT_HEADS``), or a run of them ("... Meetup Series"), is an event, not a
    person, an organization or a technology."""
    if len(span) < 2:
        return False
    last = span[-1].lower_
    return last in EVENT_HEADS or last in _EVENT_RUNS and span[-2].lower_ in EVENT_HEADS


#: Academic degrees as written after a name or alone, and the Latin words of honours: "a Summa Cum Laude BBA",
#: "an MSc", "her PhD". Lower case, dots dropped; two-letter forms ("BA", "MS") are left out: they are also
#: companies' and states' short names.
DEGREE_WORDS = frozenset({"bsc", "bba", "bfa", "beng", "msc", "mba", "mfa", "meng", "mphil", "dphil", "phd",
                          "edd", "llb", "llm", "laude", "cum", "summa", "magna"})


def degree_name(span) -> bool:
    """typing.degree_name.v1: "Summa Cum Laude BBA", "MSc": a degree, or a degree with its honours, is no person
    and no organization."""
    words = [t.text.replace(".", "").lower() for t in span if not t.is_punct]
    return "laude" in words or bool(words) and all(w in DEGREE_WORDS for w in words)


def common_word_name(span) -> bool:
    """typing.common_word_name.v1: "Partnership", "Documentation": one capitalized everyday English word
    (the model's word list) that the same post also writes in lower case is that word, capitalized by a
    heading, a title or a sentence start, not an organization's name (every mention votes). A listed name
    ("Apple") never comes here."""
    if len(span) != 1 or not span[0].is_alpha or not span[0].is_title:
        return False
    english = english_words(span.doc)
    word = span[0].lower_
    return word in english and any(t.text == word for t in span.doc)


def body_words(words: list[str]) -> bool:
    """Whether these words name a body every organization may have: "Board", "Core Team", "Executive
    Council", "Board of Directors" (``TEAM_HEADS``, ``BODY_HEADS``, ``BODY_MODIFIERS``, ``BODY_MEMBERS``)."""
    lowered = [w.lower() for w in words]
    if len(lowered) == 1:
        return lowered[0] in BODY_HEADS or lowered[0] in TEAM_HEADS
    if len(lowered) == 2:
        return lowered[0] in BODY_MODIFIERS and (lowered[1] in BODY_HEADS or lowered[1] in TEAM_HEADS)
    return len(lowered) == 3 and lowered[0] in BODY_HEADS and lowered[1] == "of" and lowered[2] in BODY_MEMBERS


def generic_body(span) -> bool:
    """typing.generic_body.v1: "Core Team", "Community Development Team", "Executive Council", "Board of
    Directors": the name of a part every organization may have names no organization on its own. A team
    (its last word in ``TEAM_HEADS``) whose every word is an everyday English word (the model's word list),
    a stop word or a field's (``data/fields.txt``); a governing body by its usual name ("<Executive>
    <Council>", "Board of <Directors>"). A proper name or an acronym in it ("Kestrel Core Team", "RSE
    Team") keeps it."""
    from blogweave.nlp.lexicon import field_words

    words = [t.lower_ for t in span if not t.is_punct]
    if len(words) == 2 and words[0] in BODY_MODIFIERS and words[1] in BODY_HEADS:
        return True
    if len(words) == 3 and words[0] in BODY_HEADS and words[1] == "of" and words[2] in BODY_MEMBERS:
        return True
    if not words or words[-1] not in TEAM_HEADS:
        return False
    english = english_words(span.doc)
    fields = field_words()
    return all(t.is_stop or t.lower_ in fields or t.lower_.rstrip("s") in fields or _everyday(t, english)
               for t in span if not t.is_punct)


def title_as_person(span) -> bool:
    """typing.title_as_person.v1: "Community Lead", "Senior Research Scientist": a job title that NER took
    for a person. Its last word is a job title or an occupation, its first word no given name, and every
    word an everyday English word (the model's word list) or a title word."""
    from blogweave.nlp.lexicon import given_names

    titles = job_titles() | _person_role_words()
    last = span[-1].lower_
    if last not in titles and last.rstrip("s") not in titles or span[0].lower_ in given_names():
        return False
    words = english_words(span.doc)
    return all(t.is_alpha and t.text[:1].isupper() and (t.lower_ in words or t.lower_ in titles) for t in span)


#: The vocab table of English words the pipeline copies from the model (``context.add_word_index``).
ENGLISH_WORDS = "blogweave_english_words"


def english_words(doc):
    """The English word table of the doc's vocab (empty when the pipeline has none)."""
    lookups = doc.vocab.lookups
    return lookups.get_table(ENGLISH_WORDS) if lookups.has_table(ENGLISH_WORDS) else {}


def social_handle(span) -> bool:
    """typing.social_handle.v1: "@vexa-dev", "@MiraDahl": an account handle, not a name of its own."""
    return span.text.startswith("@")


def code_object(span) -> bool:
    """typing.code_object.v1: "we create a ThreadQueue", "returns an EventSink": one word with an inner
    capital after "a"/"an" is an instance of a class in code, not a company or a person."""
    doc = span.doc
    return len(span) == 1 and span.start > 0 and doc[span.start - 1].lower_ in ("a", "an") \
        and bool(_INNER_CAPITAL.search(span.text)) and not _NAME_PREFIXES.match(span.text)


def talk_title(span) -> bool:
    """typing.talk_title.v1: "Urban Forecasting at Nimbus Analytics by Corin Abernathy": in a list of talks,
    the words before "at <Org> by <Speaker>" are the talk's title, not a person."""
    doc = span.doc
    end = span.end
    if end >= len(doc) or doc[end].lower_ != "at":
        return False
    for i in range(end + 2, min(len(doc) - 1, end + 8)):
        if doc[i].is_sent_start or doc[i].is_punct and doc[i].text not in ("&", "-", "."):
            return False
        if doc[i].lower_ == "by":
            return doc[i + 1].text[:1].isupper() and doc[i + 1].is_alpha
    return False


#: Nouns of a piece of writing: "my Brain Gain post" names the post by its title.
_WRITING_NOUNS = frozenset({"post", "posts", "article", "essay", "paper", "blogpost", "series", "newsletter"})


def work_title(span) -> bool:
    """typing.work_title.v1: "my Quiet Hours post", "their Long Tail essay": capitalized words between a
    possessive pronoun and a noun of writing are the title of that piece, not an organization or a person."""
    doc = span.doc
    return span.start > 0 and span.end < len(doc) and doc[span.start - 1].lower_ in _POSSESSIVES \
        and doc[span.end].lower_ in _WRITING_NOUNS


_POSSESSIVES = frozenset({"my", "our", "his", "her", "their", "your"})


@dataclass(frozen=True)
class ShapeRule:
    """A name-shape rule: when ``applies(span)``, a span labelled one of ``only`` gets ``label``
    (None: it is not an entity)."""

    id: str
    applies: Callable[..., bool]
    label: str | None
    only: tuple[str, ...]  # the labels it corrects


#: Name-shape rules, tried in order on a NER span after the context rules; the first that applies wins.
SHAPE_RULES: tuple[ShapeRule, ...] = (
    ShapeRule("typing.party_tag.v1", party_tag, None, ("PERSON", "ORG", "TECH")),
    ShapeRule("typing.place_noun_after.v1", before_place_noun, None, ("ORG",)),
    ShapeRule("typing.lone_common_noun.v1", lone_common_noun, None, ("PERSON", "ORG", "TECH")),
    ShapeRule("typing.social_handle.v1", social_handle, None, ("PERSON", "ORG", "TECH")),
    ShapeRule("typing.degree_name.v1", degree_name, None, ("PERSON", "ORG", "TECH")),
    ShapeRule("typing.field_name.v1", field_name, None, ("PERSON", "ORG", "TECH")),
    ShapeRule("typing.generic_body.v1", generic_body, None, ("ORG",)),
    ShapeRule("typing.common_word_name.v1", common_word_name, None, ("ORG",)),
    ShapeRule("typing.event_name.v1", event_name, None, ("PERSON", "ORG", "TECH")),
    ShapeRule("typing.field_headed.v1", field_headed, None, ("ORG",)),
    ShapeRule("typing.title_as_person.v1", title_as_person, None, ("PERSON",)),
    ShapeRule("typing.code_object.v1", code_object, None, ("PERSON", "ORG")),
    ShapeRule("typing.talk_title.v1", talk_title, None, ("PERSON", "ORG")),
    ShapeRule("typing.work_title.v1", work_title, None, ("PERSON", "ORG")),
    ShapeRule("typing.title_fragment.v1", title_fragment, None, ("ORG",)),
    ShapeRule("typing.code_identifier.v1", code_identifier, "TECH", ("PERSON", "ORG")),
    ShapeRule("typing.tech_head.v1", lambda s: len(s) > 1 and s[-1].lower_ in TECH_HEADS
              and not any(t.lower_ in organization_words() for t in s), "TECH", ("PERSON", "ORG")),
    ShapeRule("typing.organization_head.v1", organization_head, "ORG", ("PERSON",)),
    ShapeRule("typing.not_a_person.v1", cannot_be_person, "ORG", ("PERSON",)),
)


def shape_rule(span, label: str) -> ShapeRule | None:
    """The first name-shape rule that corrects ``label`` for ``span``, or None."""
    for rule in SHAPE_RULES:
        if label in rule.only and rule.applies(span):
            return rule
    return None
