"""Stand-ins for the post loader, the NLP stages and resolution, so pipeline and cache tests need no model.

The "model" reads capitalised words as mentions and "X founded Y" as a fact.
Marker words in a post make a stage fail on purpose: ``UNREADABLE`` (the
loader refuses it), ``PARSERFAIL`` (the parser raises), ``EXPLODE`` (fact
extraction raises) and ``ODDSENTENCE`` (extraction notes a warning and goes on).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

from blogweave.pipeline.build import build as pipeline_build
from blogweave.pipeline.stages import Stages
from blogweave.errors import PostError
from blogweave.models import Arg, Entity, Extraction, Fact, Mention, Post, PostInfo, Provenance, ResolvedFact

NAME = re.compile(r"\b[A-Z][a-z]+\b")
FOUNDED = re.compile(r"\b([A-Z][a-z]+) founded ([A-Z][a-z]+)\b")


def find_posts(content_dir, exclude=(), problems=None, follow_symlinks=False):
    return sorted(Path(content_dir).rglob("*.md"))


def read_bytes(path):
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise PostError(path, f"cannot read: {err.strerror}") from err


def load_post(path, content_dir, settings):
    data = read_bytes(path)
    text = data.decode("utf-8")
    if "UNREADABLE" in text:
        raise PostError(path, "refused on purpose")
    rel = Path(path).relative_to(content_dir).as_posix()
    title, _, body = text.partition("\n")
    author = settings.author_for(rel)
    return Post(rel, title, body, authors=(author,) if author else (), content_hash=hashlib.sha256(data).hexdigest())


class FakeNLP:
    max_length = 10_000

    def __call__(self, text):
        if "PARSERFAIL" in text:
            raise ValueError("the parser fell over")
        return text

    def pipe(self, pairs, as_tuples=False, batch_size=32):
        for text, context in pairs:
            yield self(text), context


def model_name(preferred=None):
    return preferred or "fake_model"


def load_nlp(preferred=None):
    return FakeNLP()


def extract_post(post, doc):
    if "EXPLODE" in doc:
        raise RuntimeError("a rule fell over")
    mentions = tuple(Mention(m.group(), "Person", m.start(), m.end()) for m in NAME.finditer(doc))
    facts = tuple(
        Fact(Arg(m.group(1), "Person"), "founded", Arg(m.group(2), "Organization"), post.rel_path, m.group(),
             m.start(), m.end(), 1, "fake.founded.v1", 0.8)
        for m in FOUNDED.finditer(doc)
    )
    warnings = tuple(f"{post.rel_path}:1: a rule failed on a sentence" for _ in re.finditer("ODDSENTENCE", doc))
    return Extraction(post=post, mentions=mentions, facts=facts, warnings=warnings)


def _id(kind, name):
    return f"{kind.lower()}/{name.lower()}"


def resolve_entities(extractions):
    seen = defaultdict(list)
    for ex in extractions:
        for m in ex.mentions:
            seen[(m.type, m.text)].append(ex.post.rel_path)
        for fact in ex.facts:
            seen[(fact.object.type, fact.object.name)].append(ex.post.rel_path)
        for author in ex.post.authors:
            seen[("Person", author)].append(ex.post.rel_path)
    entities = [Entity(_id(t, n), n, t, (), tuple(sorted(set(p))), len(p)) for (t, n), p in seen.items()]
    grouped = defaultdict(list)
    for ex in extractions:
        for f in ex.facts:
            key = (_id(f.subject.type, f.subject.name), f.predicate, _id(f.object.type, f.object.name))
            grouped[key].append(Provenance(f.post, f.line, f.evidence, f.rule, f.confidence, f.start, f.end))
    facts = [ResolvedFact(s, p, o, max(x.confidence for x in prov), tuple(prov)) for (s, p, o), prov in grouped.items()]
    posts = [PostInfo(ex.post.rel_path, ex.post.title, ex.post.date, tuple(_id("Person", a) for a in ex.post.authors))
             for ex in extractions]
    return entities, facts, posts


def stages() -> Stages:
    """The stand-ins as the build's stages (read when called, so a test may replace one first)."""
    this = sys.modules[__name__]
    return Stages(**{name: getattr(this, name) for name in
                     ("find_posts", "read_bytes", "load_post", "model_name", "load_nlp", "extract_post", "resolve_entities")})


def build(settings, progress=None):
    """``blogweave.pipeline.build.build`` with the stand-in stages."""
    return pipeline_build(settings, progress, stages())
