"""The export registry: format name -> writer, imported only when that format is asked for.

Every writer has the signature ``write_x(graph, path)`` where ``graph`` is the
networkx graph described in ``blogweave.graph.network`` and ``path`` the file (or, for
multi-file formats, the folder) to write. Writers write through
``atomic_output`` (below) so a failed or killed build never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from blogweave import files
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


#: The file that marks a folder as blogweave's own (an output folder, a neo4j export): only a
#: folder holding it is ever replaced or written into by a build.
MARKER = ".blogweave-output"
MARKER_TEXT = "This folder was written by blogweave; the next build or export may replace what is in it.\n"


def check_output_path(path: Path, is_dir: bool) -> None:
    """Refuse to replace what blogweave did not make: ExportError naming ``path``.

    A folder output replaces only a folder that carries ``MARKER``; a file output never replaces a folder.
    """
    if not os.path.lexists(path):
        return
    if is_dir:
        if path.is_symlink() or not path.is_dir():
            raise ExportError(f"{path} exists and is not a folder blogweave wrote; remove it or give another --out")
        if not (path / MARKER).is_file():
            raise ExportError(
                f"{path} is a folder blogweave did not write (it has no {MARKER} file), so it is not replaced; "
                "remove it or give another --out"
            )
    elif path.is_dir() and not path.is_symlink():
        raise ExportError(f"{path} is a folder; give a file name to write the export to")


def mark_folder(folder: Path) -> None:
    (Path(folder) / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


@contextlib.contextmanager
def atomic_output(path: Path, is_dir: bool = False) -> Iterator[Path]:
    """``blogweave.files.atomic_output`` for an export: what is at ``path`` is replaced only when
    blogweave made it (see ``check_output_path``), and a folder output gets ``MARKER``."""
    with files.atomic_output(path, is_dir, guard=lambda target: check_output_path(target, is_dir)) as tmp:
        yield tmp
        if is_dir:
            mark_folder(tmp)
