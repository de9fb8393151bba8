"""blogweave: offline knowledge graphs of people, organizations and technology from Markdown posts.

The public API (see the README's "Python API"); each function delegates to its stage::

    kg = blogweave.build("content", out_dir="output", min_confidence=0.5)
    kg.graph, kg.entities, kg.facts
    kg = blogweave.load("output")
    rows = blogweave.query("output", "SELECT ...")
"""

from importlib import metadata

from blogweave.errors import BlogweaveError

__version__ = metadata.version("blogweave")  # pyproject.toml's, the one place it is written


def build(content_dir="content", out_dir=None, **settings):
    """Build the posts below ``content_dir`` into ``out_dir``; a KnowledgeGraph (graph, entities, facts, report)."""
    from blogweave.pipeline.build import build_knowledge_graph

    return build_knowledge_graph(content_dir, out_dir, **settings)


def load(out_dir=None):
    """The KnowledgeGraph of an earlier build, read back from ``out_dir`` (default: the configured out_dir)."""
    from blogweave.pipeline.build import load_knowledge_graph

    return load_knowledge_graph(out_dir)


def query(out_dir, sparql: str, **params: str):
    """Run SPARQL (text, a .rq file or a shipped query's name) over the build in ``out_dir``.

    Rows come back as dicts of variable -> value; ``params`` bind a named query's parameters.
    ``out_dir`` may also be one RDF file.
    """
    from blogweave.sparql.store import query_build

    return query_build(out_dir, sparql, params or None)


__all__ = ["BlogweaveError", "build", "load", "query", "__version__"]
