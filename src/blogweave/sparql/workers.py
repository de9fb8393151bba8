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

import multiprocessing
import os
import queue
import threading
from pathlib import Path

import pyoxigraph as ox

from blogweave.errors import Busy, NotAcceptable, QueryError, QueryTimeout
from blogweave.sparql import store as q
from blogweave.sparql.protocol import Limits, negotiate


def _run_job(graph_path: str, job: tuple) -> tuple:
    """Run one query in a worker; returns ("ok", media type, body) or (error kind, message)."""
    text, accept, formats, max_rows = job[:4]
    max_bytes = job[4] if len(job) > 4 else None
    try:
        loaded = q.load_graph(graph_path)
    except QueryError as err:
        return ("graph", str(err))
    try:
        results = q.collect(q.execute(loaded, q.NamedQuery("", text)), max_rows=max_rows)
        kind = "graph" if results.kind == "graph" else "select"
        name, media_type = negotiate(kind, accept, formats)
        if kind == "graph":
            rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                   "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}[name]
            prefixes = loaded.prefixes if name == "turtle" else {}
            body = q.serialize_triples(results.triples, rdf, prefixes)
        else:
            body = q.serialize_results(results, name)
        if max_bytes is not None and len(body) > max_bytes:
            return ("bytes", f"the result is {len(body):,} bytes; the limit is {max_bytes:,}: add LIMIT/OFFSET "
                    "or select fewer or shorter values")
        return ("ok", media_type, body)
    except q.RowLimitExceeded as err:
        return ("rows", str(err))
    except q.UpdateRefused as err:
        return ("update", str(err))
    except NotAcceptable as err:
        return ("accept", str(err))
    except QueryError as err:
        return ("bad", str(err))
    except Exception as err:  # a bug or a resource error inside one query must not end the worker
        return ("error", f"{type(err).__name__}: {err}")


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
            worker.conn.send((text, accept, formats, self.limits.max_rows, self.limits.max_bytes))
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
