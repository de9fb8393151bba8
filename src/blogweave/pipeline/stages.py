"""The stage functions a build calls, in one small object a caller can replace (tests pass stand-ins)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from blogweave.nlp.pipeline import load_nlp, model_name
from blogweave.posts.loader import find_posts, load_post, read_bytes
from blogweave.relations.extract import extract_post
from blogweave.resolve.entities import resolve_entities


@dataclass(frozen=True)
class Stages:
    """Load, annotate, extract and resolve. Each field is a module-level function, so worker processes can receive it."""

    find_posts: Callable = find_posts
    read_bytes: Callable = read_bytes
    load_post: Callable = load_post
    model_name: Callable = model_name
    load_nlp: Callable = load_nlp
    extract_post: Callable = extract_post
    resolve_entities: Callable = resolve_entities


DEFAULT_STAGES = Stages()
