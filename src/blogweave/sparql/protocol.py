"""The protocol side of the endpoint that the server and its workers share: request limits and content negotiation."""

from __future__ import annotations

from dataclasses import dataclass

from blogweave.errors import NotAcceptable


@dataclass(frozen=True)
class Limits:
    """What one request may cost; see the module docstring for what happens past each."""

    timeout: float = 10.0  # seconds a query may run
    max_body: int = 1_000_000  # bytes of a POST body
    max_query_length: int = 32_768  # characters of the query text
    max_rows: int = 10_000  # solutions (or triples) in a result
    max_waiting: int = 64  # requests waiting for a free worker
    wait_timeout: float = 60.0  # seconds a request may wait for a free worker
    workers: int = 0  # 0: one per core, at most 4
    max_memory_mb: int = 2048  # address space of each worker (RLIMIT_AS); 0: no limit
    max_bytes: int = 64_000_000  # bytes of one response body (413 past it)
    max_connections: int = 64  # open connections at once; more get 503 and are closed
    request_timeout: float = 30.0  # seconds from connecting to a complete request (slow clients dropped)


#: kind -> [(format name, media type)], the first is the default
MEDIA_TYPES = {
    "select": [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
    "graph": [
        ("turtle", "text/turtle"),
        ("ntriples", "application/n-triples"),
        ("rdfxml", "application/rdf+xml"),
        ("jsonld", "application/ld+json"),
    ],
}
#: other names clients use, for the Accept header and the ``format``/``output`` parameters
ALIASES = {
    "select": {
        "application/json": "json", "application/sparql-results+json": "json", "json": "json",
        "application/xml": "xml", "text/xml": "xml", "application/sparql-results+xml": "xml", "xml": "xml",
        "text/csv": "csv", "csv": "csv", "text/tab-separated-values": "tsv", "tsv": "tsv",
    },
    "graph": {
        "text/turtle": "turtle", "turtle": "turtle", "ttl": "turtle", "application/x-turtle": "turtle",
        "application/n-triples": "ntriples", "ntriples": "ntriples", "nt": "ntriples", "text/plain": "ntriples",
        "application/rdf+xml": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "xml": "rdfxml",
        "application/xml": "rdfxml", "text/xml": "rdfxml",
        "application/ld+json": "jsonld", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
        "application/json": "jsonld",
    },
}


def negotiate(kind: str, accept: str | None, formats: list[str] = ()) -> tuple[str, str]:
    """(format name, media type) for a result of ``kind`` ("select" or "graph").

    A ``format``/``output`` parameter the kind understands wins; then the Accept
    header by q-value (``type/*`` and ``*/*`` allowed); no Accept means the default.
    """
    table, aliases = MEDIA_TYPES[kind], ALIASES[kind]
    media = dict(table)
    for value in formats:
        name = aliases.get(value.strip().lower())
        if name:
            return name, media[name]
    if not accept or not accept.strip():
        return table[0]
    ranges = []
    for position, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        quality = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if parts[0] and quality > 0:
            ranges.append((-quality, position, parts[0].lower()))
    for _, _, media_range in sorted(ranges):
        if media_range == "*/*":
            return table[0]
        if media_range.endswith("/*"):
            for name, media_type in table:
                if media_type.startswith(media_range[:-1]):
                    return name, media_type
        elif media_range in aliases:
            name = aliases[media_range]
            return name, media[name]
    supported = ", ".join(m for _, m in table)
    raise NotAcceptable(f"none of the accepted types ({accept}) is available for this query; available: {supported}")
