"""The export registry: format name -> writer, imported only when that format is asked for.

Every writer has the signature ``write_x(graph, path)`` where ``graph`` is the
networkx graph described in ``blogweave.graph.network`` and ``path`` the file (or, for
multi-file formats, the folder) to write. Writers write through
``atomic_output`` so a failed or killed build never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from blogweave.errors import ExportError


@dataclass(frozen=True)
class Format:
    name: str
    writer: str  # "module:function" below blogweave.exporters
    filename: str  # default output name inside the output folder
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "rdf:write_turtle", "graph.ttl", "RDF Turtle, following ontology/blogweave.ttl"),
        Format("ntriples", "rdf:write_ntriples", "graph.nt", "RDF N-Triples"),
        Format("jsonld", "rdf:write_jsonld", "graph.jsonld", "RDF JSON-LD"),
        Format("rdfxml", "rdf:write_rdfxml", "graph.rdf", "RDF/XML"),
        Format("html", "html:write_html", "graph.html", "interactive graph, works offline from file://"),
        Format("graphml", "graphml:write_graphml", "graph.graphml", "GraphML (yEd, Cytoscape, Gephi)"),
        Format("gexf", "graphml:write_gexf", "graph.gexf", "GEXF (Gephi)"),
        Format("json", "json:write_json", "graph.json", "networkx node-link JSON (D3)"),
        Format("cytoscape", "json:write_cytoscape", "graph.cyjs", "Cytoscape.js JSON"),
        Format("neo4j", "neo4j:write_neo4j", "neo4j", "CSV files with neo4j-admin import headers and a Cypher load script"),
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown format {name!r}; valid formats: {', '.join(FORMATS)}") from None


def get_writer(name: str):
    """The writer function of a format, importing its module only now."""
    module_name, func = get_format(name).writer.split(":")
    module = importlib.import_module(f"blogweave.exporters.{module_name}")
    return getattr(module, func)


def export(graph, name: str, path: Path) -> Path:
    """Write ``graph`` in format ``name`` to ``path``; returns the path written."""
    path = Path(path)
    try:
        get_writer(name)(graph, path)
    except ExportError:
        raise
    except OSError as err:
        raise ExportError(f"cannot write {path}: {err.strerror or err}") from err
    return path


@contextlib.contextmanager
def atomic_output(path: Path, is_dir: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only when the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_dir:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
    try:
        yield tmp
        if is_dir:
            old = None
            if path.exists():
                old = path.with_name(f".{path.name}.old")
                shutil.rmtree(old, ignore_errors=True)
                path.rename(old)
            tmp.rename(path)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            if tmp.is_dir():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink()
