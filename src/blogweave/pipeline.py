"""The only place that wires the stages together: load, annotate, extract, resolve, build, export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from blogweave.config import Settings
from blogweave.errors import BlogweaveError, PostError
from blogweave.models import Extraction, Post

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class BuildReport:
    """What a build did, for the summary the CLI prints."""

    posts_found: int = 0
    posts_read: int = 0
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    cached: int = 0


def read_posts(paths: Iterable[Path], settings: Settings, report: BuildReport) -> Iterator[Post]:
    """Load each post; a broken one becomes a warning naming the file, and the rest go on."""
    from blogweave.posts import load_post

    for path in paths:
        try:
            yield load_post(path, settings.content_dir, settings)
        except PostError as err:
            report.warnings.append(str(err))


def extract_all(posts: Iterable[Post], settings: Settings, progress: Progress | None = None, total: int = 0) -> Iterator[Extraction]:
    """Parse and extract every post, in order."""
    from blogweave.extract import extract_post
    from blogweave.nlp import load_nlp

    nlp = load_nlp(settings.model)
    pairs = ((post.text, post) for post in posts)
    for done, (doc, post) in enumerate(nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size), 1):
        yield extract_post(post, doc)
        if progress:
            progress(done, total)


def build(settings: Settings, progress: Progress | None = None) -> BuildReport:
    """Build the knowledge graph of ``settings.content_dir`` and write every output format."""
    from blogweave import __version__
    from blogweave.exporters import export, get_format
    from blogweave.graph import build_graph
    from blogweave.posts import find_posts
    from blogweave.resolve import resolve_entities

    formats = [get_format(name) for name in settings.formats]  # fail on a bad name before any work
    report = BuildReport()
    paths = find_posts(settings.content_dir)
    report.posts_found = len(paths)
    extractions = list(extract_all(read_posts(paths, settings, report), settings, progress, len(paths)))
    report.posts_read = len(extractions)
    for extraction in extractions:
        report.warnings.extend(extraction.warnings)
    entities, facts, posts = resolve_entities(extractions)
    facts = [f for f in facts if f.confidence >= settings.min_confidence]
    graph = build_graph(entities, facts, posts, settings.base_iri, built_with=f"blogweave {__version__}")
    report.entities = Counter(d["type"] for _, d in graph.nodes(data=True) if d.get("kind") == "entity")
    report.facts = Counter(d["predicate"] for *_, d in graph.edges(data=True) if d["predicate"] != "author")
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        report.outputs[fmt.name] = export(graph, fmt.name, settings.out_dir / fmt.filename)
    return report


def load_graph(out_dir: Path):
    """The graph of a previous build, read back from its ``graph.json``."""
    from blogweave.exporters.json import read_json

    path = Path(out_dir) / "graph.json"
    if not path.is_file():
        raise BlogweaveError(f"no graph at {path}; build one first with: blogweave build CONTENT_DIR --out {out_dir}")
    return read_json(path)
