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
    facts = (*extract_facts(doc, post, warnings), *affiliation_facts(post))
    return Extraction(post=post, mentions=tuple(extract_mentions(doc)), facts=facts, warnings=tuple(warnings))


def affiliation_facts(post: Post) -> Iterator[Fact]:
    """worked-at facts from the post's bylines (held when the post was written; no start or end date)."""
    for name, organization, line in post.affiliations:
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
