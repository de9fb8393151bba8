"""The per-post stage: a parsed post in, its mentions and facts out."""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import ORGANIZATION, PERSON, WORKED_AT, Arg, Extraction, Fact, Post
from blogweave.nlp.language import not_english
from blogweave.nlp.pipeline import extract_mentions
from blogweave.relations import extract_facts

#: A byline's affiliation ("Jane Doe (Acme)") says where the author worked when
#: writing; metadata is explicit but carries no verb, so it scores below a
#: first-person statement.
AFFILIATION_RULE = "metadata.affiliation.v1"
AFFILIATION_CONFIDENCE = 0.8


def extract_post(post: Post, doc) -> Extraction:
    """Mentions and facts of one post, from its spaCy ``Doc`` and its metadata."""
    warnings: list[str] = list(post.notes)
    share = not_english(post.text)
    if share is not None:
        # the model and the rules are English: on a post in another language they read function words as
        # names ("Finalmente" a person), so neither its names nor its sentences are read (nlp/language.py)
        warnings.append(f"{post.rel_path}: names and facts not read: the post does not look written in English "
                        f"(only {share:.1%} of its words are common English words); its bylines are kept")
        return Extraction(post=post, facts=tuple(affiliation_facts(post)), warnings=tuple(warnings))
    named = {ent.text.lower() for ent in doc.ents if ent.label_ == "ORG"}
    facts = (*extract_facts(doc, post, warnings), *affiliation_facts(post, named))
    return Extraction(post=post, mentions=tuple(extract_mentions(doc)), facts=facts, warnings=tuple(warnings))


def affiliation_facts(post: Post, named: frozenset[str] | set[str] | None = None) -> Iterator[Fact]:
    """worked-at facts from the post's bylines (held when the post was written; no start or end date).

    ``named``: the lower-cased organizations the post's text names; with it, a byline's bracket must read
    as an organization's name (``organization_shaped``), not as the person's given name after a handle
    ("QuillFan (Tomas)")."""
    for name, organization, line in post.affiliations:
        organization = without_title(organization)
        if not organization or named is not None and not organization_shaped(organization, named):
            continue
        yield Fact(
            subject=Arg(name, PERSON),
            predicate=WORKED_AT,
            object=Arg(organization, ORGANIZATION),
            post=post.rel_path,
            evidence=f"author: {name} ({organization})",
            start=0,
            end=0,
            line=line,
            rule=AFFILIATION_RULE,
            confidence=AFFILIATION_CONFIDENCE,
        )


def organization_shaped(text: str, named: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether a byline's bracket reads as an organization, not as the person's other name: "Jo Vell
    (Kestrel)" is an affiliation, "QuillFan (Tomas)" a handle with its owner's given name
    (``given_names.txt``) and "Jo Vell (and the Vexa team)" a phrase. A name of the post's text typed as an
    organization, or a listed one (``organizations.txt``), always reads as one."""
    from blogweave.nlp.lexicon import given_names, known_names

    words = text.split()
    if not words:
        return False
    lowered = text.lower()
    if known_names().get(lowered) == "ORG" or lowered in named:
        return True
    if len(words) == 1 and lowered in given_names():
        return False
    return words[0][:1].isupper() or words[0][:1].isdigit()


def without_title(text: str) -> str:
    """A byline's bracket without the job title after the organization: "Kestrel Labs Board Chair" ->
    "Kestrel Labs Board", "Kestrel Labs, CTO" and "Kestrel Labs, project lead" -> "Kestrel Labs"
    (``job_titles.txt``)."""
    from blogweave.nlp.lexicon import job_titles

    titles = job_titles()
    head, comma, tail = text.rpartition(",")
    last = tail.split()[-1].lower() if tail.split() else ""
    if comma and head.strip() and (last in titles or last.rstrip("s") in titles or tail.strip()[:1].islower()):
        return head.strip()  # "Kestrel Labs, project lead", "Kestrel Labs, project sponsor": a role after it
    words = text.replace(",", " ").split()
    end = len(words)
    while end > 1 and (words[end - 1].lower() in titles or words[end - 1].lower().rstrip("s") in titles):
        end -= 1
    return text if end == len(words) else " ".join(words[:end])
