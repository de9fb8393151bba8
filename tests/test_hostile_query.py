"""Hostile queries (issue 12, findings 4 and 8): no outbound request, a bounded server.

A local listener stands in for the network: the tests pass when nothing connects to it.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from blogweave.errors import QueryError
from blogweave.sparql import server as s
from blogweave.sparql import store as q


@contextlib.contextmanager
def listener():
    """A TCP listener on a free local port; yields (port, connected()), where connected() says if anyone came."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.setblocking(False)

    def connected() -> bool:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True

    try:
        yield sock.getsockname()[1], connected
    finally:
        sock.close()


def hostile_queries(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ # a comment that SPARQL ends here\r SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ #\r\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ervice <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"PREFIX e: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    from conftest import _tiny_graph

    from blogweave.exporters.rdf import write_turtle

    out = tmp_path_factory.mktemp("hq") / "output"
    out.mkdir()
    write_turtle(_tiny_graph(), out / "graph.ttl")
    return out / "graph.ttl"


def test_service_is_refused_by_the_parse_and_nothing_connects(graph_file):
    with listener() as (port, connected):
        for text in hostile_queries(port):
            with pytest.raises(QueryError, match="SERVICE is not allowed"):
                q.run_query(text, graph_file)
        time.sleep(0.2)  # not a timing assertion: only gives a wrongly sent request time to arrive
        assert not connected()


def test_load_and_other_updates_are_refused(graph_file):
    with listener() as (port, connected):
        for text in (f"LOAD <http://127.0.0.1:{port}/x.ttl>", f"#\rLOAD SILENT <http://127.0.0.1:{port}/>",
                     f"\\u004cOAD <http://127.0.0.1:{port}/>", "INSERT DATA { <a:b> <a:c> <a:d> }"):
            with pytest.raises(q.UpdateRefused):
                q.run_query(text, graph_file)
        assert not connected()


def test_the_word_service_in_data_is_fine(graph_file):
    out = q.run_query('SELECT ?x WHERE { BIND("Service and load" AS ?x) }', graph_file, fmt="csv")
    assert "Service and load" in out
    out = q.run_query("SELECT ?service WHERE { BIND(1 AS ?service) }", graph_file, fmt="csv")
    assert out.splitlines()[0] == "service"


def test_what_runs_is_what_was_checked():
    assert q.canonical_query("A\rB\r\nC \\u0041") == "A\nB\nC A"
    with pytest.raises(QueryError):
        q.canonical_query("\\u005Cu0053ERVICE")  # an escape that spells another escape


@pytest.fixture(scope="module")
def server(graph_file):
    limits = s.Limits(timeout=20, max_rows=100, workers=1, max_connections=4, request_timeout=2.0, max_bytes=50_000)
    srv = s.make_server(graph_file.parent, "127.0.0.1", 0, limits)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.close()


def _status(server, data: bytes) -> str:
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(data)
        return sock.makefile("rb").readline().decode("latin-1").strip()


def test_service_through_the_endpoint_is_403_and_nothing_connects(server):
    with listener() as (port, connected):
        for text in hostile_queries(port):
            path = "/sparql?" + urllib.parse.urlencode({"query": text})
            assert _status(server, f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()).split()[1] == "403"
            body = urllib.parse.urlencode({"query": text}).encode()
            head = (f"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode()
            assert _status(server, head + body).split()[1] == "403"
        time.sleep(0.2)
        assert not connected()


def test_a_response_over_the_byte_limit_is_413(server):
    text = 'SELECT ?x WHERE { VALUES ?n { 1 2 3 4 5 6 7 8 9 10 } BIND(CONCAT(' + ", ".join(['"xxxxxxxxxx"'] * 800) + ') AS ?x) }'
    path = "/sparql?" + urllib.parse.urlencode({"query": text})
    assert _status(server, f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()).split()[1] == "413"


def test_a_get_body_is_not_read_as_the_next_request(server):
    hidden = b"GET /graph.ttl HTTP/1.1\r\nHost: localhost\r\n\r\n"
    data = (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
            + str(len(hidden)).encode() + b"\r\n\r\n" + hidden)
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert received.count(b"HTTP/1.1 ") == 1  # one answer, then the connection is closed


def test_a_slow_client_is_dropped_after_the_whole_request_timeout(server):
    """Slowloris: a byte now and then kept a thread forever (the timeout was per read)."""
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")
        closed = False
        for _ in range(60):  # up to 30 s; the server drops it after 2 s
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed = True
                break
            time.sleep(0.5)
            sock.setblocking(False)
            try:
                if sock.recv(65536) == b"":
                    closed = True
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed = True
                break
            finally:
                sock.setblocking(True)
        assert closed


def test_connections_beyond_the_cap_are_turned_away(server):
    deadline = time.monotonic() + 60  # connections of earlier tests end first (else they, not ours, fill the cap)
    while server.open_connections > 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    idle = [socket.create_connection(server.server_address[:2], timeout=30) for _ in range(4)]
    try:
        deadline = time.monotonic() + 60  # wait until the server holds them all, however loaded the machine
        while server.open_connections < len(idle) and time.monotonic() < deadline:
            time.sleep(0.05)
        line = _status(server, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert line.split()[1] == "503"
    finally:
        for sock in idle:
            sock.close()


def _spooled(server) -> list[str]:
    return os.listdir(server.pool.spool)


def test_a_large_answer_is_streamed_from_a_spool_file_that_is_then_deleted(server):
    """Finding 8: no process holds a whole body; the worker writes it to a file, the server copies it out."""
    text = 'SELECT ?x WHERE { VALUES ?n { 1 2 3 } BIND(CONCAT(' + ", ".join(['"xxxxxxxxxx"'] * 1000) + ') AS ?x) }'
    path = "/sparql?" + urllib.parse.urlencode({"query": text, "format": "csv"})
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.split()[1] == b"200"
    assert body.count(b"x" * 10_000) == 3 and len(body) == int(re.search(rb"Content-Length: (\d+)", head).group(1))
    for _ in range(100):  # the server deletes the file right after the last piece; the client may be faster
        if not _spooled(server):
            break
        time.sleep(0.1)
    assert _spooled(server) == []


def test_the_byte_limit_stops_the_worker_while_it_writes_and_leaves_no_file(graph_file, tmp_path):
    from blogweave.sparql.workers import _run_job

    text = 'SELECT ?x WHERE { VALUES ?n { 1 2 3 4 5 6 7 8 9 10 } BIND(CONCAT(' + ", ".join(['"xxxxxxxxxx"'] * 800) + ') AS ?x) }'
    reply = _run_job(str(graph_file), (text, "text/csv", [], 100, 20_000, str(tmp_path)))
    assert reply[0] == "bytes" and "20,000" in reply[1]
    assert list(tmp_path.iterdir()) == []
    reply = _run_job(str(graph_file), (text, "text/csv", [], 100, 200_000, str(tmp_path)))
    assert reply[0] == "ok" and Path(reply[2]).stat().st_size == reply[3] > 80_000
