"""The query workers behind ``blogweave serve``: a pool of processes that can really be stopped.

Oxigraph cannot be interrupted from Python once a query is running, and a
thread cannot be killed. So queries run in a small pool of worker *processes*
(``multiprocessing``, "spawn"), each holding the graph in its own Oxigraph
store (reloaded when graph.ttl changes). The request thread sends the query
over a pipe and waits at most ``timeout`` seconds; past that ``QueryPool``
SIGKILLs the worker, starts a fresh one in its place, and raises
``QueryTimeout``. Each worker's address space is capped (``RLIMIT_AS``), so a
query that needs too much memory ends only its worker, which is replaced. The
memory cost is one copy of the graph per worker (``Limits.workers``, default:
up to 4, one per core). serve.py turns the outcomes into HTTP answers.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
from pathlib import Path

import pyoxigraph as ox

from blogweave.errors import Busy, NotAcceptable, QueryError, QueryTimeout
from blogweave.sparql import store as q
from blogweave.sparql.protocol import Limits, negotiate
from blogweave.sparql.results import result_chunks


class _TooBig(Exception):
    """The response passed the byte limit while it was being written."""


class _Spool(io.RawIOBase):
    """A response body written to a file in the pool's spool folder, counted as it goes: past ``limit``
    bytes writing stops (``_TooBig``), so neither the worker nor the server ever holds a whole body."""

    def __init__(self, folder: str, limit: int | None):
        fd, self.path = tempfile.mkstemp(dir=folder, prefix="result-")
        self.file = os.fdopen(fd, "wb")
        self.limit = limit
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise _TooBig()
        self.file.write(data)
        return len(data)

    def finish(self) -> tuple[str, int]:
        self.file.close()
        return self.path, self.size

    def discard(self) -> None:
        self.file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def _limited(items, max_rows: int | None):
    """``items`` as they come, raising ``RowLimitExceeded`` past ``max_rows`` (nothing is kept)."""
    for n, item in enumerate(items):
        if max_rows is not None and n == max_rows:
            raise q.RowLimitExceeded(max_rows)
        yield item


def _write_body(loaded, result, accept, formats, max_rows, spool: _Spool) -> str:
    """Serialize ``result`` into ``spool`` row by row; the media type."""
    kind = "graph" if isinstance(result, ox.QueryTriples) else "select"  # ASK answers in the results formats
    name, media_type = negotiate(kind, accept, formats)
    if isinstance(result, ox.QueryBoolean):
        spool.write(q.serialize_results(q.Results("ask", boolean=bool(result)), name))
    elif kind == "graph":
        rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}[name]
        prefixes = loaded.prefixes if name == "turtle" else None
        ox.serialize(_limited(result, max_rows), spool, format=rdf, prefixes=prefixes or None)
    else:
        variables = [v.value for v in result.variables]
        rows = ([solution[i] for i in range(len(variables))] for solution in _limited(result, max_rows))
        for chunk in result_chunks(variables, rows, name):
            spool.write(chunk.encode("utf-8"))
    return media_type


def _run_job(graph_path: str, job: tuple) -> tuple:
    """Run one query in a worker; returns ("ok", media type, body file, size) or (error kind, message).

    The body is written to a file in the spool folder ``job[5]`` as the rows come; the server streams
    it to the client and deletes it."""
    text, accept, formats, max_rows, max_bytes, folder = job
    try:
        loaded = q.load_graph(graph_path)
    except QueryError as err:
        return ("graph", str(err))
    spool = None
    try:
        result = q.execute(loaded, q.NamedQuery("", text))
        spool = _Spool(folder, max_bytes)
        media_type = _write_body(loaded, result, accept, formats, max_rows, spool)
        path, size = spool.finish()
        spool = None
        return ("ok", media_type, path, size)
    except _TooBig:
        return ("bytes", f"the result is more than {max_bytes:,} bytes, the limit: add LIMIT/OFFSET "
                "or select fewer or shorter values")
    except q.RowLimitExceeded as err:
        return ("rows", str(err))
    except q.UpdateRefused as err:
        return ("update", str(err))
    except NotAcceptable as err:
        return ("accept", str(err))
    except QueryError as err:
        return ("bad", str(err))
    except (OSError, RuntimeError) as err:
        return ("bad", f"the query failed: {err}")
    except Exception as err:  # a bug or a resource error inside one query must not end the worker
        return ("error", f"{type(err).__name__}: {err}")
    finally:
        if spool is not None:
            spool.discard()


def worker_death(code: int | None, max_memory_mb: int) -> str:
    """What a worker's exit code says about why it died (a negative code is the signal that ended it)."""
    import signal

    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code in (signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE):
            return f"the query worker crashed ({name}) inside the query engine; it was restarted"
        if -code == signal.SIGABRT and max_memory_mb:
            return (f"the query worker aborted ({name}), most likely out of memory (the limit is {max_memory_mb} MB, "
                    "set with blogweave serve --max-memory); it was restarted")
        return f"the query worker was ended by {name}; it was restarted"
    return f"the query worker exited unexpectedly (exit code {code}); it was restarted"


def _worker_main(conn, graph_path: str, max_memory_mb: int = 0) -> None:
    if max_memory_mb > 0:
        # A query that sorts or groups a huge intermediate result is stopped by the
        # allocator failing (the worker aborts, the pool replaces it), not by the OOM killer.
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        q.load_graph(graph_path)  # warm the store before saying ready
        conn.send(("ready",))
    except QueryError as err:
        conn.send(("graph", str(err)))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        conn.send(_run_job(graph_path, job))


class _Worker:
    def __init__(self, ctx, graph_path: str, max_memory_mb: int = 0):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, graph_path, max_memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        try:
            if not self.conn.poll(timeout):
                raise QueryError(f"the query worker did not start within {timeout:g} s")
            message = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            raise QueryError(f"the query worker exited while starting (exit code {self.process.exitcode})") from None
        self.ready = True
        if message[0] == "graph":
            raise QueryError(message[1])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Worker processes that run queries; a worker past its deadline is killed and replaced."""

    def __init__(self, graph_path: Path, limits: Limits):
        self.graph_path = str(graph_path)
        self.limits = limits
        self._ctx = multiprocessing.get_context("spawn")
        size = limits.workers or min(4, os.cpu_count() or 1)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._waiting = 0
        self._closed = False
        self.spool = tempfile.mkdtemp(prefix="blogweave-serve-")  # response bodies on their way out
        workers = [self._spawn() for _ in range(size)]
        for worker in workers:
            try:
                worker.wait_ready(120)
            except Exception:
                self.close()
                raise
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.graph_path, self.limits.max_memory_mb)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            self._idle.put(self._spawn())  # it loads the graph while the next request waits for it

    def run(self, text: str, accept: str | None, formats: list[str]) -> tuple:
        with self._lock:
            if self._waiting >= self.limits.max_waiting:
                raise Busy(f"{self._waiting} requests are already waiting; try again shortly")
            self._waiting += 1
        try:
            worker = self._idle.get(timeout=self.limits.wait_timeout)
        except queue.Empty:
            raise Busy(f"no query worker was free within {self.limits.wait_timeout:g} s; try again shortly") from None
        finally:
            with self._lock:
                self._waiting -= 1
        try:
            worker.wait_ready(120)
            worker.conn.send((text, accept, formats, self.limits.max_rows, self.limits.max_bytes, self.spool))
            if not worker.conn.poll(self.limits.timeout):
                self._replace(worker)
                raise QueryTimeout(
                    f"the query ran for more than {self.limits.timeout:g} s and was stopped "
                    "(the limit is set with blogweave serve --timeout)"
                )
            reply = worker.conn.recv()
        except (EOFError, OSError, RuntimeError) as err:
            self._replace(worker)
            code = worker.process.exitcode
            if isinstance(err, EOFError):
                return ("error", worker_death(code, self.limits.max_memory_mb))
            return ("error", f"the query worker failed ({err or type(err).__name__}); it was restarted")
        except QueryError as err:
            self._replace(worker)
            return ("graph", str(err))
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
        shutil.rmtree(self.spool, ignore_errors=True)
