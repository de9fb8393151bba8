"""SPARQL over the exported graph, run by Oxigraph (pyoxigraph).

rdflib builds and writes the graph; queries go to Oxigraph, which is much
faster than rdflib's own engine (see ``benchmarks/sparql.py``). The Turtle
file is loaded once per (path, mtime, size) and kept in a small cache.

Named queries ship in ``blogweave/queries/*.rq``. Their header comments
declare them::

    # description: who worked where, with dates and roles
    # param: person

A parameter is bound with pyoxigraph's ``substitutions`` (SEP-0007): the
value becomes an RDF literal term, never text pasted into the query, so
quotes and braces in a name are data. Oxigraph requires a substituted
variable to be projected by the SELECT; parameter columns are dropped from
the output because they only repeat the value given.

Results are serialized by ``blogweave.sparql.results``.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from blogweave.errors import QueryError, RowLimitExceeded, UpdateRefused
from blogweave.namespace import PREFIXES
from blogweave.sparql.results import FORMATS, Results, serialize_results, serialize_triples, to_table


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its description and declared parameters."""

    name: str
    text: str
    description: str = ""
    params: tuple[str, ...] = ()
    source: str = ""  # file it came from, or "" for text given on the command line


# --- finding queries -------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*#\s*(description|param)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_NAME = re.compile(r"^[A-Za-z][\w-]*$")


def parse_named_query(text: str, name: str = "", source: str = "") -> NamedQuery:
    """Read the ``# description:`` and ``# param:`` header comments of a query."""
    description, params = "", []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "description":
            description = value
        else:
            params += [p.strip().lstrip("?$") for p in value.split(",") if p.strip()]
    return NamedQuery(name=name, text=text, description=description, params=tuple(params), source=source)


def list_queries() -> list[NamedQuery]:
    """The named queries shipped with blogweave, sorted by name."""
    folder = resources.files("blogweave.sparql") / "queries"
    items = []
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            items.append(parse_named_query(entry.read_text(encoding="utf-8"), name, f"blogweave/sparql/queries/{entry.name}"))
    return sorted(items, key=lambda q: q.name)


def get_query(name: str) -> NamedQuery:
    for item in list_queries():
        if item.name == name:
            return item
    names = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no shipped query named {name!r}; named queries: {names}")


def resolve_query(query: str) -> NamedQuery:
    """SPARQL text, a ``.rq`` file, or a shipped query's name -> the query to run."""
    stripped = query.strip()
    if not stripped:
        raise QueryError("the query is empty")
    if _NAME.match(stripped) and not stripped.lower().endswith(".rq"):
        if not Path(stripped).is_file():
            return get_query(stripped)
    if "\n" not in stripped and (stripped.lower().endswith(".rq") or Path(stripped).is_file()):
        path = Path(stripped)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise QueryError(f"query file {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"cannot read query file {path}: {err}") from err
        return parse_named_query(text, path.stem, str(path))
    return parse_named_query(query)


# --- the store -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedGraph:
    store: ox.Store
    prefixes: dict[str, str]  # the file's own prefixes plus PREFIXES, for display
    path: Path
    triples: int


_CACHE: dict[Path, tuple[tuple[int, int], LoadedGraph]] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 4


def load_graph(path: Path | str) -> LoadedGraph:
    """The RDF file at ``path`` in an Oxigraph store, reloaded only when the file changes."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise QueryError(
            f"no graph at {path}; build one first with: blogweave build CONTENT_DIR --out {path.parent}"
        ) from None
    except OSError as err:
        raise QueryError(f"cannot read graph {path}: {err.strerror or err}") from err
    key = path.resolve()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    store = ox.Store()
    try:
        parser = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        store.extend(parser)
        file_prefixes = dict(parser.prefixes) if hasattr(parser, "prefixes") else {}
    except SyntaxError as err:
        raise QueryError(f"cannot parse graph {path}: {err}") from err
    except (OSError, ValueError) as err:
        raise QueryError(f"cannot read graph {path}: {err}") from err
    loaded = LoadedGraph(store, {**PREFIXES, **file_prefixes}, path, len(store))
    with _CACHE_LOCK:
        _CACHE[key] = (stamp, loaded)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
    return loaded


# --- checking and running --------------------------------------------------------------------

# Strings, IRIs and comments are blanked out before looking at keywords, so that a
# name such as "Service Corp" or <http://x/insert> does not count.
_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.DOTALL,
)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*<>\s*)*", re.IGNORECASE)
_UPDATE_START = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def _blank_noise(text: str) -> str:
    """The query with every string literal as "", every IRI as <> and comments gone."""

    def blank(match: re.Match) -> str:
        token = match.group(0)
        return {"<": "<>", "#": " "}.get(token[0], '""')

    return _NOISE.sub(blank, text)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ANY_SERVICE = re.compile(r"service", re.IGNORECASE)
SERVICE_REFUSED = "SERVICE is not allowed: blogweave queries only the local graph and never fetches from the network"


def canonical_query(text: str) -> str:
    """The query as the engine reads it: ``\\uXXXX``/``\\UXXXXXXXX`` escapes expanded (SPARQL does that
    before parsing) and every line end ``\\n``, so the check and the engine see the same characters.
    The result is what runs; an escape that survives expansion is refused (it could be read twice)."""
    def expand(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"the query has an invalid escape {match.group(0)}")
        return chr(code)

    expanded = _ESCAPE.sub(expand, text)
    if _ESCAPE.search(expanded):
        raise QueryError("the query has an escape that spells another escape; write the character itself")
    return expanded.replace("\r\n", "\n").replace("\r", "\n")


def _has_service(node) -> bool:
    """True when rdflib's parse tree of a query holds a SERVICE pattern anywhere."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))
    return False


#: rdflib's SPARQL grammar (pyparsing) keeps parse state in shared objects: two threads parsing at
#: once corrupt it for the whole process, so the server's request threads parse one at a time.
_PARSE_LOCK = threading.Lock()


def _new_parse_lock() -> None:
    global _PARSE_LOCK
    _PARSE_LOCK = threading.Lock()  # a worker forked while another thread held the lock starts free


os.register_at_fork(after_in_child=_new_parse_lock)


def check_read_only(text: str) -> str:
    """Refuse SPARQL Update and SERVICE (which would fetch from the network); the text to run.

    Decided by a real parse (rdflib's SPARQL grammar) of the canonical text, which is
    also what the engine gets. Text rdflib cannot parse as a query is refused as an update
    when it parses as one, and refused outright when the word "service" appears in it at
    all (in any case, even inside a string): conservative, since Oxigraph may accept syntax
    rdflib does not.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import parser as sparql_parser

    code = canonical_query(text)
    with _PARSE_LOCK:
        try:
            tree = sparql_parser.parseQuery(code)
        except (ParseException, RecursionError, ValueError, TypeError):
            tree = None
        is_update = False
        if tree is None:
            try:
                sparql_parser.parseUpdate(code)
                is_update = True
            except Exception:  # noqa: BLE001 - not an update either: the engine will say what is wrong
                pass
    if tree is None:
        if not is_update:
            blanked = _blank_noise(code)
            is_update = bool(_UPDATE_START.match(blanked[_PROLOGUE.match(blanked).end():]))
        if is_update:
            raise UpdateRefused("SPARQL Update is not allowed: the graph is read-only (rebuild it with blogweave build)")
        if _ANY_SERVICE.search(code):
            raise QueryError(SERVICE_REFUSED)
        return code
    if _has_service(tree):
        raise QueryError(SERVICE_REFUSED)
    return code


def syntax_message(err: Exception, text: str) -> str:
    """The parser's message, plus the offending line with a caret under the position."""
    message = str(err).strip()
    match = re.search(r"at (\d+):(\d+)", message)
    lines = text.splitlines()
    if match and 1 <= int(match.group(1)) <= len(lines):
        row, col = int(match.group(1)), int(match.group(2))
        line = lines[row - 1]
        message = message.replace(match.group(0), f"at line {row}, column {col}", 1)
        return f"the query does not parse: {message}\n    {line}\n    {' ' * max(col - 1, 0)}^"
    return f"the query does not parse: {message}"


def execute(loaded: LoadedGraph, query: NamedQuery, params: dict[str, str] | None = None):
    """Run ``query`` on the store with its parameters bound as literals; returns pyoxigraph's result."""
    params = dict(params or {})
    text = check_read_only(query.text)  # what runs is exactly what was checked
    if query.params:
        missing = [p for p in query.params if p not in params]
        if missing:
            label = f"query {query.name!r}" if query.name else "the query"
            raise QueryError(f"{label} needs " + ", ".join(f"--param {p}=VALUE" for p in missing))
        unknown = sorted(set(params) - set(query.params))
        if unknown:
            raise QueryError(f"unknown parameter(s) {', '.join(unknown)}; {query.name or 'the query'} takes: {', '.join(query.params)}")
    substitutions = {ox.Variable(name): ox.Literal(value) for name, value in params.items()}
    try:
        return loaded.store.query(text, prefixes=PREFIXES, substitutions=substitutions or None)
    except SyntaxError as err:
        raise QueryError(syntax_message(err, query.text)) from err
    except RuntimeError as err:
        message = str(err)
        if "projection" in message:
            message += " (a parameter must be a variable the SELECT lists)"
        raise QueryError(f"the query failed: {message}") from err
    except (OSError, ValueError, TypeError) as err:
        raise QueryError(f"the query failed: {err}") from err


def collect(result, max_rows: int | None = None, hide: Iterable[str] = ()) -> Results:
    """Read a pyoxigraph result into ``Results``; raise ``RowLimitExceeded`` past ``max_rows``."""
    if isinstance(result, ox.QueryBoolean):
        return Results("ask", boolean=bool(result))
    try:
        if isinstance(result, ox.QueryTriples):
            triples = _take(result, max_rows)
            return Results("graph", triples=triples)
        hidden = set(hide)
        names = [v.value for v in result.variables]
        keep = [i for i, name in enumerate(names) if name not in hidden]
        rows = [[solution[i] for i in keep] for solution in _take(result, max_rows)]
    except (OSError, RuntimeError) as err:
        raise QueryError(f"the query failed: {err}") from err
    return Results("select", variables=[names[i] for i in keep], rows=rows)


def _take(iterator, limit: int | None) -> list:
    if limit is None:
        return list(iterator)
    items = []
    for item in iterator:
        if len(items) == limit:
            raise RowLimitExceeded(limit)
        items.append(item)
    return items


def run_query(
    query_text: str,
    graph_path: Path | str,
    fmt: str = "table",
    params: dict[str, str] | None = None,
    max_rows: int | None = None,
) -> str:
    """Run SPARQL text, a ``.rq`` file or a named query over a graph file; the formatted result."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    query = resolve_query(query_text)
    loaded = load_graph(graph_path)
    results = collect(execute(loaded, query, params), max_rows=max_rows, hide=(params or {}).keys())
    if results.kind == "graph":
        # CONSTRUCT / DESCRIBE: Turtle to read, N-Triples (one triple a line) for csv/tsv users
        rdf = ox.RdfFormat.TURTLE if fmt in ("table", "json", "xml") else ox.RdfFormat.N_TRIPLES
        text = serialize_triples(results.triples, rdf, loaded.prefixes).decode("utf-8")
    elif fmt == "table":
        text = to_table(results, loaded.prefixes)
    else:
        text = serialize_results(results, fmt).decode("utf-8")
    return text if text.endswith("\n") or not text else text + "\n"


__all__ = [
    "PREFIXES",
    "LoadedGraph",
    "NamedQuery",
    "RowLimitExceeded",
    "UpdateRefused",
    "check_read_only",
    "collect",
    "execute",
    "get_query",
    "list_queries",
    "load_graph",
    "resolve_query",
    "run_query",
]


def query_rows(graph_path: Path | str, query_text: str, params: dict[str, str] | None = None):
    """Run SPARQL text, a ``.rq`` file or a named query over a graph file, as Python values.

    SELECT: a list of dicts, variable -> the term's lexical value (str), None when unbound;
    ASK: a bool; CONSTRUCT/DESCRIBE: a list of (subject, predicate, object) strings.
    """
    query = resolve_query(query_text)
    results = collect(execute(load_graph(graph_path), query, params), hide=(params or {}).keys())
    if results.kind == "ask":
        return results.boolean
    if results.kind == "graph":
        return [(t.subject.value, t.predicate.value, t.object.value) for t in results.triples]
    return [
        {name: (None if term is None else term.value) for name, term in zip(results.variables, row)}
        for row in results.rows
    ]


def query_build(out_dir: Path | str | None, query_text: str, params: dict[str, str] | None = None):
    """``query_rows`` over the build in ``out_dir`` (its graph.ttl; default the configured out_dir) or one RDF file."""
    from blogweave.config import load_settings

    target = load_settings(None, out_dir=out_dir).out_dir
    return query_rows(target if target.is_file() else target / "graph.ttl", query_text, params)
