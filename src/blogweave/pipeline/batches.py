"""Batches of posts to parse: what a job is, how posts are loaded, parsed and extracted in a batch, and planning.

The local pool (``blogweave.pipeline.local``) and the Dask backend
(``blogweave.pipeline.dask_backend``) both run these functions on their workers.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from blogweave.pipeline.stages import DEFAULT_STAGES, Stages
from blogweave.config import Settings
from blogweave.errors import PostError
from blogweave.models import Extraction, Post


@dataclass(frozen=True)
class Job:
    """A post that needs parsing: its place in path order, its file and its cache key."""

    index: int
    path: Path
    key: str | None = None
    size: int = 0


@dataclass(frozen=True)
class Parsed:
    """The outcome of one job: an extraction, a warning, or both.

    ``extraction`` is None when the post could not be read. A warning next to an
    extraction means parsing or extraction failed inside blogweave; such a result
    is kept for this build (the post still appears) but not cached.
    """

    index: int
    extraction: Extraction | None
    warning: str | None = None


def strip_post(extraction: Extraction) -> Extraction:
    """The extraction without the post's text, which nothing after extraction needs."""
    post = dataclasses.replace(extraction.post, text="", spans=(), line_starts=(0,))
    return dataclasses.replace(extraction, post=post)


def load_batch(
    items: Iterable[tuple[int, Path]], settings: Settings, stages: Stages = DEFAULT_STAGES
) -> tuple[list[tuple[int, Post]], list[Parsed]]:
    """Load posts; one that cannot be read becomes a warning naming the file."""
    posts, failed = [], []
    for index, path in items:
        try:
            posts.append((index, stages.load_post(Path(path), settings.content_dir, settings)))
        except PostError as err:
            failed.append(Parsed(index, None, str(err)))
        except OSError as err:  # e.g. the file disappeared since it was listed
            failed.append(Parsed(index, None, f"{path}: cannot read: {err.strerror or err}"))
    return posts, failed


def extract_batch(
    nlp, posts: Sequence[tuple[int, Post]], batch_size: int = 32, stages: Stages = DEFAULT_STAGES
) -> list[Parsed]:
    """Parse a batch of posts with ``nlp.pipe`` and extract each one's mentions and facts."""
    limit = min(nlp.max_length, MAX_PARSE_CHARS)
    fits = [(i, p) for i, p in posts if len(p.text) <= limit]
    results = [_failed(i, p, f"too long to parse ({len(p.text):,} characters of prose; the limit is {limit:,})")
               for i, p in posts if len(p.text) > limit]
    long = [(i, p) for i, p in fits if len(p.text) > LONG_POST]
    fits = [(i, p) for i, p in fits if len(p.text) <= LONG_POST]
    done: set[int] = set()

    def extracted(index: int, post: Post, doc) -> Parsed:
        done.add(index)
        if isinstance(doc, _ParseFailure):
            return _failed(index, post, doc.problem)
        try:
            return Parsed(index, strip_post(stages.extract_post(post, doc)))
        except Exception as err:  # a rule that fails on odd text must not stop the build
            return _failed(index, post, f"fact extraction failed ({type(err).__name__}: {err})")

    # each Doc is dropped as soon as its facts are out, so a batch never holds all its Docs at once
    try:
        pairs = ((post.text, (index, post)) for index, post in fits)
        for doc, (index, post) in nlp.pipe(pairs, as_tuples=True, batch_size=min(batch_size, PIPE_BATCH)):
            results.append(extracted(index, post, doc))
    except Exception:  # one post broke the parser: parse the rest one at a time so only that post is lost
        results += [extracted(i, p, _parse_one(nlp, p)) for i, p in fits if i not in done]
    results += [extracted(i, p, _parse_one(nlp, p)) for i, p in long]
    return results


@dataclass(frozen=True)
class _ParseFailure:
    problem: str


#: Docs spaCy runs through its components together. On CPU bigger batches are no faster, and the
#: memory peak grows with them: the 32 longest corpus posts at once peak at 1.5 GB, 4 at a time at 0.4 GB.
PIPE_BATCH = 4


#: Posts with more prose than this (characters, about 50,000 words: more than any blog post) are
#: kept without facts, with a warning. The parse costs about 50 ms per 1,000 characters and its
#: memory grows with the longest sentence, so this bounds one post to seconds and well under 1 GB
#: whatever the text (benchmarks/hostile.py measures it).
MAX_PARSE_CHARS = 300_000


#: Posts longer than this (characters) are parsed in paragraph-aligned pieces: one huge document
#: makes the parser's memory peak at gigabytes, while the pieces peak at tens of megabytes.
LONG_POST = 50_000


def split_text(text: str, size: int = LONG_POST) -> list[str]:
    """``text`` cut after blank lines (else after line ends) into pieces of about ``size`` characters.

    The pieces joined give ``text`` back exactly, so character offsets stay valid.
    """
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        cut = cut + 2 if cut != -1 else text.rfind("\n", start + size // 2, start + size) + 1
        if cut <= start:  # no line break at all: cut after a space, or hard
            cut = text.rfind(" ", start + size // 2, start + size) + 1 or start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse_text(nlp, text: str):
    """The Doc of ``text``; a long text is parsed in pieces that are joined back into one Doc."""
    if len(text) <= LONG_POST:
        return nlp(text)
    from spacy.tokens import Doc  # here: only long posts need it, and importing spaCy takes a second

    docs = list(nlp.pipe(split_text(text), batch_size=1))  # one piece at a time: the peak is one piece's
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    return joined if joined.text == text else nlp(text)


def _parse_one(nlp, post: Post):
    try:
        return parse_text(nlp, post.text)
    except Exception as err:
        return _ParseFailure(f"could not be parsed ({type(err).__name__}: {err})")


def _failed(index: int, post: Post, problem: str) -> Parsed:
    extraction = strip_post(Extraction(post=post))
    return Parsed(index, extraction, f"{post.rel_path}: {problem}; kept without facts")


def plan_batches(jobs: Sequence[Job], workers: int, batch_size: int) -> list[list[Job]]:
    """Group jobs into batches for workers, largest posts first so no worker is left with a long tail.

    A batch holds at most ``batch_size`` posts and about a quarter of a worker's
    share of the bytes, so every worker gets several batches.
    """
    ordered = sorted(jobs, key=lambda j: (-j.size, j.index))
    target = max(sum(j.size for j in jobs) / (4 * max(workers, 1)), 1)
    batches: list[list[Job]] = []
    current: list[Job] = []
    current_size = 0
    for job in ordered:
        current.append(job)
        current_size += job.size
        if len(current) >= batch_size or current_size >= target:
            batches.append(current)
            current, current_size = [], 0
    if current:
        batches.append(current)
    return batches


def worker_count(settings: Settings) -> int:
    return settings.processes or os.cpu_count() or 1
