"""A read-only SPARQL 1.1 Protocol endpoint at /sparql, and the output folder's files at /.

Standard library only (``http.server.ThreadingHTTPServer``): the endpoint is
meant for one user or a small team on a laptop, and every extra dependency
would be one more thing to audit in the part of blogweave that faces a network.

How a query runs, and how a runaway one is really stopped: queries run in a
small pool of worker *processes* (``serve_workers.QueryPool``), each holding
the graph in its own Oxigraph store. The request thread waits at most
``timeout`` seconds; past that the worker is SIGKILLed and replaced, and the
request gets 503. The memory cost is one copy of the graph per worker
(``workers``, default: up to 4, one per core). No process holds a whole
body: workers write it to a file as rows come, the server streams that file.

Limits (all in ``Limits``; each exceeded limit gets a clear HTTP error and the
server goes on serving):

=====================  =========  ==================================================
request body           1 MB       413 (the body is not read)
query length           32,768     414 for GET, 400 for POST
execution time         10 s       503, the worker is killed and replaced
result rows            10,000     413 with a message to add LIMIT/OFFSET (no silent
                                  truncation: a client never mistakes part for all)
waiting requests       64         503 when more are waiting for a worker
worker memory          2 GB       500; the worker (RLIMIT_AS) aborts and is replaced
response body          64 MB      413; counted while the worker writes it row by row to a
                                  spool file, which the server then streams in 64 KB pieces
open connections       64         503 and the connection is closed at once
whole request          30 s       from connecting to the end of the headers and body;
                                  a slower client is dropped (slowloris)
=====================  =========  ==================================================

A GET or HEAD that comes with a body (Content-Length or Transfer-Encoding) is
answered and the connection closed, so the body is never read as a next request.

Refused: SPARQL Update (``update=``, ``application/sparql-update``, or an
update sent as ``query=``) and SERVICE (it would fetch from the network) get
403; PUT, DELETE, PATCH and POST outside /sparql (the Graph Store Protocol's
writes) get 405. When bound to a loopback address, requests whose Host header
is not a loopback name are refused (403) so a web page cannot reach the
endpoint through DNS rebinding.
"""

from __future__ import annotations

import contextlib
import ipaddress
import mimetypes
import os
import shutil
import socket
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from blogweave.errors import Busy, QueryError, QueryTimeout
from blogweave.sparql import page
from blogweave.sparql.protocol import Limits
from blogweave.sparql.workers import QueryPool

GRAPH_FILE = "graph.ttl"
#: Bytes of a response body read from its spool file and written to the client at a time.
STREAM_PIECE = 64 * 1024


# --- static files ----------------------------------------------------------------------------

mimetypes.add_type("text/turtle", ".ttl")
mimetypes.add_type("application/n-triples", ".nt")
mimetypes.add_type("application/ld+json", ".jsonld")
mimetypes.add_type("application/rdf+xml", ".rdf")
mimetypes.add_type("application/xml", ".graphml")
mimetypes.add_type("application/xml", ".gexf")
mimetypes.add_type("application/json", ".cyjs")


def resolve_static(root: Path, url_path: str) -> tuple[int, Path | None]:
    """(status, file) for a URL path below ``root``: 200 with the file, 403 outside, 404 missing.

    The path is percent-decoded once (a double-encoded ``%252e%252e`` stays the
    literal name ``%2e%2e``); ``..`` segments, backslashes, NUL and hidden
    files are refused, and the real path (symlinks resolved) must stay inside
    the real ``root``.
    """
    path = unquote(urlsplit(url_path).path, errors="strict")
    if "\x00" in path or "\\" in path:
        return 403, None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return 403, None
    if any(p.startswith(".") for p in parts):
        return 404, None
    root_real = os.path.realpath(root)
    candidate = os.path.realpath(os.path.join(root_real, *parts)) if parts else root_real
    if os.path.commonpath([candidate, root_real]) != root_real:
        return 403, None
    if os.path.isdir(candidate):
        index = "graph.html" if candidate == root_real else "index.html"
        candidate = os.path.join(candidate, index)
        if os.path.realpath(candidate) != candidate and os.path.commonpath(
            [os.path.realpath(candidate), root_real]
        ) != root_real:
            return 403, None
    if not os.path.isfile(candidate):
        return 404, None
    return 200, Path(candidate)


# --- the HTTP side ---------------------------------------------------------------------------

SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:RDF_XML, formats:JSON-LD .
"""

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
REFUSED_UPDATE = "SPARQL Update is not allowed: this endpoint is read-only"


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # 50 clients connecting at once must not see "connection refused"

    pool: QueryPool | None = None

    def __init__(self, address, out_dir: Path, limits: Limits):
        self._open = threading.BoundedSemaphore(limits.max_connections)
        self._count_lock = threading.Lock()
        self._connections = 0
        host = address[0]
        if ":" in host.strip("[]"):
            self.address_family = socket.AF_INET6
            address = (host.strip("[]"), address[1])
        self.out_dir = Path(out_dir)
        self.limits = limits
        self.loopback_only = is_loopback(host)
        super().__init__(address, SparqlHandler)

    def process_request(self, request, client_address):
        """Serve the connection in a thread, or turn it away at once when ``max_connections`` are open."""
        if not self._open.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Connection: close\r\nRetry-After: 1\r\nContent-Length: 38\r\n\r\n"
                                b"503: too many open connections; retry\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        with self._count_lock:
            self._connections += 1
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._count_lock:
                self._connections -= 1
            self._open.release()

    @property
    def open_connections(self) -> int:
        """Connections being served now (at most ``max_connections``)."""
        return self._connections

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def close(self) -> None:
        """Stop ``serve_forever`` (running in another thread), free the port, kill the workers."""
        self.shutdown()
        self.server_close()
        if self.pool is not None:
            self.pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "blogweave"
    protocol_version = "HTTP/1.1"
    timeout = 60  # a client that stops sending is dropped

    def setup(self) -> None:
        super().setup()
        self._deadline: threading.Timer | None = None
        self._arm()

    def _arm(self) -> None:
        """Drop the connection unless a whole request has arrived within ``request_timeout`` seconds."""
        self._disarm()
        self._deadline = threading.Timer(self.server.limits.request_timeout, self._expire)
        self._deadline.daemon = True
        self._deadline.start()

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def handle_one_request(self) -> None:
        self._arm()  # the clock runs from the first byte of each request (keep-alive included)
        super().handle_one_request()

    def finish(self) -> None:
        self._disarm()
        super().finish()

    def _no_body_allowed(self) -> None:
        """A GET or HEAD with a body: answer, then close, so the body is never parsed as a request."""
        if self.headers.get("Transfer-Encoding") or (self.headers.get("Content-Length") or "0").strip() != "0":
            self.close_connection = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if os.environ.get("BLOGWEAVE_SERVE_LOG"):
            super().log_message(format, *args)

    # ---- responses

    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_file(self, path: str, size: int, content_type: str, extra: dict) -> None:
        """A 200 answer whose body a worker wrote to ``path``: sent piece by piece as the client reads, then deleted."""
        try:
            with open(path, "rb") as body:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(size))
                self.send_header("X-Content-Type-Options", "nosniff")
                for key, value in extra.items():
                    self.send_header(key, value)
                self.end_headers()
                if self.command != "HEAD":
                    while piece := body.read(STREAM_PIECE):
                        self.wfile.write(piece)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        phrase = HTTPStatus(status).phrase
        self._send(status, f"{status} {phrase}: {message}\n".encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _host_allowed(self) -> bool:
        if not self.server.loopback_only:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if not host or is_loopback(name):
            return True
        self._error(403, f"Host {host!r} is not a loopback name; this server only answers on 127.0.0.1")
        return False

    # ---- methods

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._disarm()
        self._no_body_allowed()
        if not self._host_allowed():
            return
        split = urlsplit(self.path)
        if split.path == "/sparql":
            self._sparql(parse_qs(split.query, keep_blank_values=True), too_long_status=414)
        elif page.is_page_path(split.path):
            self._page(split.path)
        else:
            self._static()

    def do_HEAD(self) -> None:  # noqa: N802
        self._disarm()
        self._no_body_allowed()
        if not self._host_allowed():
            return
        path = urlsplit(self.path).path
        if path == "/sparql":
            self._error(405, "use GET or POST for queries", {"Allow": "GET, POST"})
        elif page.is_page_path(path):
            self._page(path)
        else:
            self._static()

    def do_POST(self) -> None:  # noqa: N802
        if not self._host_allowed():
            return
        split = urlsplit(self.path)
        if split.path != "/sparql":
            self.close_connection = True
            self._error(405, "this server is read-only; only /sparql accepts POST (queries)", {"Allow": "GET, HEAD"})
            return
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._error(411, "send the body with a Content-Length")
            return
        try:
            size = int(length) if length is not None else -1
        except ValueError:
            size = -1
        if size < 0:
            self.close_connection = True
            self._error(411, "a POST needs a Content-Length")
            return
        if size > self.server.limits.max_body:
            self.close_connection = True  # the body is not read
            self._error(413, f"the request body is {size} bytes; the limit is {self.server.limits.max_body}")
            return
        body = self.rfile.read(size)  # still under the request deadline: a slow body is dropped too
        self._disarm()
        if len(body) < size:
            self.close_connection = True
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(split.query, keep_blank_values=True)
        if content_type == "application/sparql-update":
            self._error(403, REFUSED_UPDATE)
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(400, "the request body is not UTF-8")
            return
        if content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            if "query" in params:
                self._error(400, "give the query either in the body or in the URL, not both")
                return
            params["query"] = [text]
        else:
            self._error(
                415,
                "send application/x-www-form-urlencoded (query=...) or application/sparql-query",
            )
            return
        self._sparql(params, too_long_status=400)

    def _refuse_write(self) -> None:
        self.close_connection = True
        self._error(405, "this server is read-only", {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_CONNECT = do_TRACE = _refuse_write  # noqa: N815

    # ---- SPARQL

    def _sparql(self, params: dict[str, list[str]], too_long_status: int) -> None:
        from blogweave.sparql import store as q

        limits = self.server.limits
        if "update" in params:
            self._error(403, REFUSED_UPDATE)
            return
        if "default-graph-uri" in params or "named-graph-uri" in params:
            self._error(400, "default-graph-uri and named-graph-uri are not supported: the graph has one default graph")
            return
        queries = params.get("query", [])
        if not queries:
            if self.command == "GET":
                body = SERVICE_DESCRIPTION.format(endpoint=self.server.url + "/sparql").encode("utf-8")
                self._send(200, body, "text/turtle; charset=utf-8")
            else:
                self._error(400, "missing the query parameter")
            return
        if len(queries) > 1:
            self._error(400, "give exactly one query parameter")
            return
        text = queries[0]
        if len(text) > limits.max_query_length:
            self._error(too_long_status, f"the query is {len(text)} characters; the limit is {limits.max_query_length}")
            return
        try:
            q.check_read_only(text)
        except q.UpdateRefused:
            self._error(403, REFUSED_UPDATE)
            return
        except QueryError as err:
            self._error(403, str(err))
            return
        formats = params.get("format", []) + params.get("output", [])
        try:
            reply = self.server.pool.run(text, self.headers.get("Accept"), formats)
        except QueryTimeout as err:
            self._error(503, str(err), {"Retry-After": "1"})
            return
        except Busy as err:
            self._error(503, str(err), {"Retry-After": "1"})
            return
        status = {"bad": 400, "update": 403, "accept": 406, "rows": 413, "bytes": 413, "graph": 503, "error": 500}
        if reply[0] == "ok":
            media_type = reply[1] + ("; charset=utf-8" if not reply[1].endswith("xml") else "")
            self._send_file(reply[2], reply[3], media_type, {"Vary": "Accept", "Cache-Control": "no-store"})
        else:
            self._error(status[reply[0]], reply[1])

    # ---- files

    def _page(self, path: str) -> None:
        """The query page and its assets, from the package (see ``sparql.page``)."""
        body, media_type = page.page_file(path, self.server.out_dir, self.server.limits)
        self._send(200, body, media_type, page.HEADERS)

    def _static(self) -> None:
        try:
            status, path = resolve_static(self.server.out_dir, self.path)
        except UnicodeDecodeError:
            status, path = 404, None
        if status != 200:
            message = "outside the output folder" if status == 403 else "no such file in the output folder"
            self._error(status, message)
            return
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("json", "xml", "javascript")):
            content_type += "; charset=utf-8"
        try:
            handle = open(path, "rb")
        except OSError:
            self._error(404, "no such file in the output folder")
            return
        with handle:
            size = os.fstat(handle.fileno()).st_size
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(size))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                shutil.copyfileobj(handle, self.wfile)


def make_server(out_dir: Path, host: str = "127.0.0.1", port: int = 0, limits: Limits | None = None) -> SparqlServer:
    """A server ready to ``serve_forever()``: workers started and the graph loaded."""
    limits = limits or Limits()
    out_dir = Path(out_dir)
    graph_path = out_dir / GRAPH_FILE
    if not graph_path.is_file():
        raise QueryError(f"no graph at {graph_path}; build one first with: blogweave build CONTENT_DIR --out {out_dir}")
    try:
        server = SparqlServer((host, port), out_dir, limits)
    except OSError as err:
        raise QueryError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
    try:
        server.pool = QueryPool(graph_path, limits)  # the port is taken first: a busy port fails fast
    except BaseException:
        server.server_close()
        raise
    return server


def serve(out_dir: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
          on_ready: Callable[[SparqlServer], None] | None = None, **limits) -> None:
    """Serve until KeyboardInterrupt; ``limits`` are ``Limits`` fields (max_body, max_rows, ...).

    ``on_ready(server)`` is called once the port is bound and the workers run (the CLI prints
    the address there). Printing, warnings and signal handling are the caller's: see cli.serve.
    """
    server = make_server(out_dir, host, port, Limits(timeout=timeout, **limits))
    try:
        if on_ready is not None:
            on_ready(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if server.pool is not None:
            server.pool.close()
