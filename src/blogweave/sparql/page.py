"""The query page of ``blogweave serve``: a SPARQL editor at /query that runs its queries on /sparql.

The page, its script and stylesheet live in ``blogweave/web/`` (query.*) and
are served from the package, never from the output folder. ``/query/setup.json``
gives the page the shipped named queries (as examples), the server's limits and
whether the HTML graph is there to link entities to. Every answer carries a
Content-Security-Policy that allows scripts, styles and requests from this
origin only, so nothing is fetched from a CDN and no inline script can run.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib import resources
from pathlib import Path

from blogweave.sparql.protocol import Limits
from blogweave.sparql.store import list_queries

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
#: URL path -> (file in blogweave/web, media type)
FILES = {
    "/query": ("query.html", "text/html; charset=utf-8"),
    "/query/": ("query.html", "text/html; charset=utf-8"),
    "/query/query.js": ("query.js", "text/javascript; charset=utf-8"),
    "/query/query.css": ("query.css", "text/css; charset=utf-8"),
}
SETUP = "/query/setup.json"
GRAPH_PAGE = "graph.html"


def is_page_path(path: str) -> bool:
    return path in FILES or path == SETUP


def page_file(path: str, out_dir: Path, limits: Limits) -> tuple[bytes, str]:
    """(body, media type) for a path that ``is_page_path``."""
    if path == SETUP:
        return json.dumps(setup(out_dir, limits), ensure_ascii=True).encode("utf-8"), "application/json; charset=utf-8"
    name, media_type = FILES[path]
    return (resources.files("blogweave") / "web" / name).read_bytes(), media_type


def setup(out_dir: Path, limits: Limits) -> dict:
    """What the page needs to know: the examples, the limits, the endpoint and the graph page."""
    return {
        "endpoint": "/sparql",
        "graph": "/" + GRAPH_PAGE if (Path(out_dir) / GRAPH_PAGE).is_file() else None,
        "limits": {k: v for k, v in asdict(limits).items() if k in ("timeout", "max_rows", "max_query_length", "max_body")},
        "queries": [{"name": q.name, "description": q.description, "params": list(q.params), "text": q.text}
                    for q in list_queries()],
    }
