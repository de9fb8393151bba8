"""SPARQL results as text: SPARQL JSON, XML, CSV and TSV, and an aligned table for the terminal.

Serialized here rather than by pyoxigraph, so that a row limit can stop reading
a result early; ``tests/test_query.py`` checks the output against pyoxigraph's
and rdflib's parsers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape, quoteattr

import pyoxigraph as ox

from blogweave.errors import QueryError

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_STRING = XSD + "string"

FORMATS = ("table", "csv", "json", "tsv", "xml")
TABLE_CELL_WIDTH = 80  # table cells are cut here; csv/json/tsv keep the full text


@dataclass
class Results:
    """A query's result read into memory: ``kind`` is "select", "ask" or "graph"."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # pyoxigraph terms or None (unbound)
    boolean: bool = False
    triples: list = field(default_factory=list)


def serialize_triples(triples: list, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    used = {k: v for k, v in prefixes.items() if fmt == ox.RdfFormat.TURTLE}
    return ox.serialize(triples, format=fmt, prefixes=used or None)


def serialize_results(results: Results, fmt: str) -> bytes:
    """SPARQL 1.1 query results as ``json``, ``xml``, ``csv`` or ``tsv``."""
    if results.kind == "ask":
        writer = {"json": _to_json, "xml": _to_xml, "csv": _to_csv, "tsv": _to_tsv}.get(fmt)
        if writer is None:
            raise QueryError(f"unknown results format {fmt!r}; valid: json, xml, csv, tsv")
        return writer(results).encode("utf-8")
    return "".join(result_chunks(results.variables, results.rows, fmt)).encode("utf-8")


def result_chunks(variables: list[str], rows, fmt: str):
    """A SELECT result as text, piece by piece (the head, then one piece per row, then the tail), so a
    writer can count bytes and stop while reading ``rows`` (any iterable of rows of terms or None);
    joined, the pieces are exactly what ``serialize_results`` gives."""
    if fmt == "json":
        yield '{"head": {"vars": ' + json.dumps(variables, ensure_ascii=False) + '}, "results": {"bindings": ['
        for n, row in enumerate(rows):
            binding = {name: _term_json(term) for name, term in zip(variables, row) if term is not None}
            yield (", " if n else "") + json.dumps(binding, ensure_ascii=False)
        yield "]}}"
    elif fmt == "xml":
        yield '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        yield "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>\n<results>\n"
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(name)}>{_term_xml(term)}</binding>"
                            for name, term in zip(variables, row) if term is not None)
            yield f"<result>{cells}</result>\n"
        yield "</results>\n</sparql>\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_plain(term) for term in row])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
    elif fmt == "tsv":
        yield "\t".join("?" + v for v in variables) + "\n"
        for row in rows:
            yield "\t".join(_term_tsv(term) for term in row) + "\n"
    else:
        raise QueryError(f"unknown results format {fmt!r}; valid: json, xml, csv, tsv")


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _term_json(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _to_json(results: Results) -> str:  # an ASK result; SELECT results are ``result_chunks``
    return json.dumps({"head": {}, "boolean": results.boolean})


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD_STRING:
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{xml_escape(_xml_chars(term.value))}</literal>"
    parts = "".join(f"<{k}>{_term_xml(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
    return f"<triple>{parts}</triple>"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_chars(text: str) -> str:
    """XML 1.0 cannot carry most control characters; they become U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def _to_xml(results: Results) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            f"<head/>\n<boolean>{'true' if results.boolean else 'false'}</boolean>\n</sparql>\n")


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _to_csv(results: Results) -> str:
    return f"boolean\r\n{'true' if results.boolean else 'false'}\r\n"


def _term_tsv(term) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t")  # N-Triples form escapes quotes and newlines, not tabs


def _to_tsv(results: Results) -> str:
    return "?boolean\n" + ("true" if results.boolean else "false") + "\n"


_LOCAL = re.compile(r"^[^\s<>\"{}|^`\\]*$")


def short_name(term, prefixes: dict[str, str]) -> str:
    """A readable form of a term: ``bw:workedAt`` for IRIs under a known prefix, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = ""
        for prefix, namespace in prefixes.items():
            if term.value.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
                local = term.value[len(namespace):]
                if _LOCAL.match(local):
                    best = prefix
        if best:
            return f"{best}:{term.value[len(prefixes[best]):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return _plain(term)


def to_table(results: Results, prefixes: dict[str, str]) -> str:
    """Aligned columns for reading in a terminal; long cells are cut with an ellipsis."""
    if results.kind == "ask":
        return ("true" if results.boolean else "false") + "\n"
    header = list(results.variables)
    rows = [[_cell(short_name(term, prefixes)) for term in row] for row in results.rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    text = " ".join(text.split())  # newlines and tabs would break the columns
    if len(text) > TABLE_CELL_WIDTH:
        return text[: TABLE_CELL_WIDTH - 1] + "…"
    return text
