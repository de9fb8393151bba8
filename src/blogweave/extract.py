"""The per-post stage: a parsed post in, its mentions and facts out."""

from __future__ import annotations

from blogweave.models import Extraction, Post
from blogweave.nlp import extract_mentions
from blogweave.relations import extract_facts


def extract_post(post: Post, doc) -> Extraction:
    """Mentions and facts of one post, from its spaCy ``Doc``."""
    return Extraction(post=post, mentions=tuple(extract_mentions(doc)), facts=tuple(extract_facts(doc, post)))
