"""The SPARQL endpoint, as clients meet it: SPARQLWrapper, roqet, and raw HTTP for every refusal."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from typer.testing import CliRunner

from blogweave.cli import app
from blogweave.sparql import protocol
from blogweave.sparql import server as s
from blogweave.errors import QueryError

BW = "https://w3id.org/blogweave/ontology#"
WORKED_AT = f"SELECT ?p ?o WHERE {{ ?p <{BW}workedAt> ?o }} ORDER BY ?p"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
TIMEOUT = 1.5


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    """An output folder: the tiny graph's Turtle, an HTML page, a subfolder, and traps for traversal."""
    from conftest import _tiny_graph  # module scope cannot use the function-scoped tiny_graph fixture

    from blogweave.exporters.rdf import write_turtle

    base = tmp_path_factory.mktemp("serve")
    out = base / "output"
    out.mkdir()
    write_turtle(_tiny_graph(), out / "graph.ttl")
    (out / "graph.html").write_text("<!doctype html><title>graph</title><p>the graph</p>", encoding="utf-8")
    (out / "neo4j").mkdir()
    (out / "neo4j" / "nodes.csv").write_text("id:ID,name\n1,A\n", encoding="utf-8")
    (out / ".cache").write_text("private", encoding="utf-8")
    (base / "secret.txt").write_text("SECRET", encoding="utf-8")
    os.symlink(base / "secret.txt", out / "link-out.txt")
    os.symlink(base, out / "link-dir")
    os.symlink(out / "graph.html", out / "link-in.html")
    return out


@pytest.fixture(scope="module")
def server(out_dir):
    limits = s.Limits(timeout=TIMEOUT, max_body=20_000, max_query_length=4_000, max_rows=100, workers=2)
    srv = s.make_server(out_dir, "127.0.0.1", 0, limits)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.close()


@pytest.fixture
def endpoint(server):
    return server.url + "/sparql"


def request(server, method, path, body=None, headers=None):
    """(status, headers, body text) for one request on a fresh connection."""
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def get_query(server, text, **headers):
    return request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": text}), headers=headers)


def raw(server, data: bytes) -> str:
    """Send bytes as they are (no client-side normalisation) and return the status line."""
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(data)
        return sock.makefile("rb").readline().decode("latin-1").strip()


# --- independent clients ---------------------------------------------------------------------


def test_sparqlwrapper_select_get_and_post(endpoint):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    for method in (None, POST):
        client = SPARQLWrapper(endpoint)
        client.setQuery(WORKED_AT)
        client.setReturnFormat(JSON)
        if method:
            client.setMethod(method)
        data = client.queryAndConvert()
        people = [b["p"]["value"].rsplit("/", 1)[-1] for b in data["results"]["bindings"]]
        assert people == ["ada-quill", "milo-brandt"]


def test_sparqlwrapper_xml_csv_ask_and_construct(endpoint):
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(WORKED_AT)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    assert len(document.getElementsByTagName("result")) == 2
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().splitlines()[0] == "p,o"
    client.setQuery(f"ASK {{ ?p <{BW}founded> ?o }}")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery(f"CONSTRUCT WHERE {{ ?p <{BW}workedAt> ?o }}")
    client.setReturnFormat(TURTLE)
    from rdflib import Graph

    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(graph) == 2


@pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (rasqal-utils) is not installed")
def test_roqet_against_the_running_server(endpoint):
    result = subprocess.run(
        ["roqet", "-p", endpoint, "-e", WORKED_AT, "-r", "csv"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "p,o" and len(lines) == 3
    assert lines[1] == "https://example.org/kg/person/ada-quill,https://example.org/kg/organization/brightwater-labs"


@pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (rasqal-utils) is not installed")
def test_roqet_sees_the_parser_error(endpoint):
    result = subprocess.run(
        ["roqet", "-p", endpoint, "-e", "SELECT ?s WHERE { ?s ?p }"], capture_output=True, text=True, timeout=60
    )
    assert "HTTP status 400" in result.stderr


# --- content negotiation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept, media_type, first_line",
    [
        (None, "application/sparql-results+json", '{"head": {"vars": ["p", "o"]}'),
        ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0" encoding="UTF-8"?>'),
        ("text/csv;q=0.9, text/tab-separated-values", "text/tab-separated-values", "?p\t?o"),
        ("text/*", "text/csv", "p,o"),
        ("application/json", "application/sparql-results+json", '{"head"'),
    ],
)
def test_accept_header_picks_the_format(server, accept, media_type, first_line):
    status, headers, body = get_query(server, WORKED_AT, **({"Accept": accept} if accept else {}))
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media_type
    assert body.startswith(first_line)


def test_format_parameter_and_graph_results(server):
    status, headers, body = request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": WORKED_AT, "format": "csv"}))
    assert status == 200 and body.startswith("p,o\r\n")
    construct = f"CONSTRUCT WHERE {{ ?p <{BW}workedAt> ?o }}"
    status, headers, body = get_query(server, construct, Accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(body.strip().splitlines()) == 2
    status, headers, _ = get_query(server, construct)
    assert headers["Content-Type"].startswith("text/turtle")


def test_not_acceptable(server):
    status, _, body = get_query(server, WORKED_AT, Accept="image/png")
    assert status == 406 and "available: application/sparql-results+json" in body


def test_service_description_without_a_query(server):
    status, headers, body = request(server, "GET", "/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "sd:SPARQL11Query" in body


# --- read-only -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, body, content_type",
    [
        ("GET", "/sparql?update=DROP%20ALL", None, None),
        ("POST", "/sparql", "update=DROP+ALL", "application/x-www-form-urlencoded"),
        ("POST", "/sparql", "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "application/sparql-update"),
        ("POST", "/sparql", "query=" + urllib.parse.quote("PREFIX e: <http://e/> DELETE WHERE { ?s ?p ?o }"),
         "application/x-www-form-urlencoded"),
        ("GET", "/sparql?query=" + urllib.parse.quote("CLEAR DEFAULT"), None, None),
        ("GET", "/sparql?query=" + urllib.parse.quote("SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"), None, None),
    ],
)
def test_updates_and_service_are_refused_with_403(server, method, path, body, content_type):
    status, _, text = request(server, method, path, body, {"Content-Type": content_type} if content_type else {})
    assert status == 403, text
    assert "not allowed" in text


@pytest.mark.parametrize(
    "method, path",
    [("PUT", "/data"), ("DELETE", "/data"), ("POST", "/data"), ("PATCH", "/data"),
     ("PUT", "/sparql"), ("DELETE", "/graph.ttl"), ("PUT", "/graph.html"), ("POST", "/")],
)
def test_graph_store_writes_are_405(server, method, path):
    status, headers, _ = request(server, method, path, body="<http://e/a> <http://e/b> <http://e/c> .",
                                 headers={"Content-Type": "text/turtle"})
    assert status == 405
    assert "PUT" not in headers.get("Allow", "")


def test_graph_unchanged_after_refused_writes(server, out_dir):
    import rdflib

    triples = len(rdflib.Graph().parse(out_dir / "graph.ttl", format="turtle"))
    status, _, body = get_query(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", Accept="text/csv")
    assert status == 200 and body.splitlines()[1] == str(triples)


# --- static files ----------------------------------------------------------------------------


def test_root_is_the_html_graph_and_files_are_served(server):
    status, headers, body = request(server, "GET", "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and "the graph" in body
    status, headers, body = request(server, "GET", "/graph.ttl")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and "workedAt" in body
    assert request(server, "GET", "/neo4j/nodes.csv")[0] == 200
    assert request(server, "GET", "/link-in.html")[0] == 200  # a symlink that stays inside is fine
    status, headers, body = request(server, "HEAD", "/graph.html")
    assert status == 200 and body == "" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/neo4j/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/graph.html%00.txt",
        "/link-out.txt",
        "/link-dir/secret.txt",
        "../secret.txt",
    ],
)
def test_traversal_is_refused(server, path):
    line = raw(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    assert line.split()[1] in ("403", "404"), line
    assert "SECRET" not in request(server, "GET", path)[2] if path.startswith("/") else True


@pytest.mark.parametrize("path", ["/%252e%252e/secret.txt", "//etc/passwd", "/etc/passwd", "/.cache", "/missing.html"])
def test_double_encoded_absolute_and_hidden_are_not_found(server, path):
    status, _, body = request(server, "GET", path)
    assert status == 404 and "SECRET" not in body and "private" not in body


# --- limits, errors, and still serving -------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_message(server):
    status, _, body = get_query(server, "SELECT ?s WHERE {\n  ?s ?p\n}")
    assert status == 400
    assert "the query does not parse: error at line 3, column" in body


def test_body_too_big_is_413_without_reading_it(server):
    head = (
        "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        "Content-Length: 5000000\r\n\r\n"
    )
    assert raw(server, head.encode()).split()[1] == "413"
    status, _, _ = request(server, "POST", "/sparql", body="x" * 30_000, headers={"Content-Type": "application/sparql-query"})
    assert status == 413


def test_post_without_length_or_with_unknown_type(server):
    assert raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").split()[1] == "411"
    status, _, body = request(server, "POST", "/sparql", body="query=ASK{}", headers={"Content-Type": "text/plain"})
    assert status == 415 and "application/sparql-query" in body


def test_query_too_long(server):
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5_000
    assert get_query(server, long_query)[0] == 414
    status, _, body = request(server, "POST", "/sparql", body=long_query, headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and "the limit is 4000" in body


def test_too_many_rows_is_413_and_limit_works(server):
    status, _, body = get_query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and "more than 100 rows" in body
    assert get_query(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 100")[0] == 200


def test_runaway_query_is_stopped_and_the_server_goes_on(server):
    status, headers, body = get_query(server, RUNAWAY)  # the 503 itself says the time limit stopped it
    assert status == 503 and "was stopped" in body and headers.get("Retry-After") == "1"
    for _ in range(4):  # both workers (the replacement included) answer again
        assert get_query(server, WORKED_AT)[0] == 200


def test_runaway_worker_process_is_really_gone(server):
    before = {w.process.pid for w in server.pool._all}
    assert get_query(server, RUNAWAY)[0] == 503
    after = {w.process.pid for w in server.pool._all}
    killed = before - after
    assert len(killed) == 1 and len(after) == len(before)
    pid = killed.pop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_foreign_host_header_is_refused(server):
    status, _, body = request(server, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": "attacker.example:80"})
    assert status == 403 and "loopback" in body
    assert request(server, "GET", "/", headers={"Host": f"localhost:{server.server_address[1]}"})[0] == 200


def test_bad_requests_are_answered(server):
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(b"\x16\x03\x01\x00 garbage\r\n\r\n")  # a TLS hello's first bytes, then junk
        assert b"400" in sock.makefile("rb").read()
    assert raw(server, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n").split()[1] == "414"
    assert get_query(server, WORKED_AT)[0] == 200


def test_small_load_mix(server):
    """10 clients, 300 queries: cheap, expensive and malformed; no well-formed query fails."""
    cheap = [WORKED_AT, "ASK { ?s ?p ?o }", f"SELECT (COUNT(*) AS ?n) {{ ?s a <{BW}Person> }}"]
    expensive = ["SELECT ?a (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ORDER BY DESC(?n) LIMIT 5"]
    malformed = ["SELECT ?s WHERE { ?s ?p }", "SELEC * {}", "SELECT * WHERE { ?s ?p ?o "]
    jobs = [(q, 200) for q in cheap * 60] + [(q, 200) for q in expensive * 30] + [(q, 400) for q in malformed * 30]

    def run(job):
        text, expected = job
        return get_query(server, text, Accept="application/sparql-results+json")[0], expected

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(run, jobs))
    assert len(outcomes) == 300
    failed = [(got, expected) for got, expected in outcomes if got != expected]
    assert failed == []
    status, _, body = get_query(server, WORKED_AT)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2


# --- startup ---------------------------------------------------------------------------------


def test_missing_graph_names_the_build_command(tmp_path):
    with pytest.raises(QueryError, match="blogweave build"):
        s.make_server(tmp_path, "127.0.0.1", 0)


def test_non_loopback_host_warns(tmp_path, capsys, out_dir):
    assert s.is_loopback("127.0.0.1") and s.is_loopback("::1") and s.is_loopback("localhost")
    assert not s.is_loopback("0.0.0.0") and not s.is_loopback("192.0.2.1")
    # 192.0.2.1 (TEST-NET-1) is not on this machine: the bind fails after the warning, nothing listens
    with pytest.raises(QueryError, match="cannot listen on 192.0.2.1"):
        s.serve(out_dir, host="192.0.2.1", port=0)
    assert capsys.readouterr() == ("", "")  # the library prints nothing: the command line warns
    result = CliRunner().invoke(app, ["serve", "--out", str(out_dir), "--host", "192.0.2.1", "--port", "0"])
    assert result.exit_code == 1
    assert "Warning: listening on 192.0.2.1, not a loopback address" in result.output
    assert "Error: cannot listen on 192.0.2.1" in result.output


def test_graph_changes_are_picked_up(tmp_path, out_dir):
    shutil.copy(out_dir / "graph.ttl", tmp_path / "graph.ttl")
    srv = s.make_server(tmp_path, "127.0.0.1", 0, s.Limits(workers=1))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        ask = "ASK { <http://e/new> <http://e/p> 1 }"
        assert json.loads(get_query(srv, ask)[2])["boolean"] is False
        with open(tmp_path / "graph.ttl", "a", encoding="utf-8") as handle:
            handle.write("\n<http://e/new> <http://e/p> 1 .\n")
        later = time.time() + 5
        os.utime(tmp_path / "graph.ttl", (later, later))
        assert json.loads(get_query(srv, ask)[2])["boolean"] is True
    finally:
        srv.close()


def test_negotiate_unit():
    assert protocol.negotiate("select", None) == ("json", "application/sparql-results+json")
    assert protocol.negotiate("select", "text/csv;q=0.5, application/sparql-results+xml;q=0.8")[0] == "xml"
    assert protocol.negotiate("select", "*/*;q=0.1, text/csv;q=0") == ("json", "application/sparql-results+json")
    assert protocol.negotiate("graph", "application/sparql-results+xml", ["xml"])[0] == "rdfxml"
    assert protocol.negotiate("select", "text/csv", ["bogus", "tsv"])[0] == "tsv"
    with pytest.raises(protocol.NotAcceptable):
        protocol.negotiate("graph", "text/csv")


def test_memory_bomb_kills_only_its_worker(tmp_path, out_dir):
    shutil.copy(out_dir / "graph.ttl", tmp_path / "graph.ttl")
    srv = s.make_server(tmp_path, "127.0.0.1", 0, s.Limits(workers=1, max_memory_mb=400, timeout=60))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        # 5.4 million solutions sorted before LIMIT: far more than 400 MB
        status, _, body = get_query(srv, "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1")
        assert status == 500 and "out of memory" in body
        assert json.loads(get_query(srv, "ASK { ?s ?p ?o }")[2])["boolean"] is True
    finally:
        srv.close()


def test_the_query_page_and_its_setup_are_served_with_a_strict_csp(server):
    status, headers, body = request(server, "GET", "/query")
    assert status == 200 and "<textarea" in body
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "connect-src 'self'" in csp
    status, headers, body = request(server, "GET", "/query/setup.json")
    setup = json.loads(body)
    assert status == 200 and setup["endpoint"] == "/sparql" and setup["graph"] == "/graph.html"
    assert setup["limits"]["max_rows"] == server.limits.max_rows
    assert {q["name"] for q in setup["queries"]} >= {"worked-at", "evidence"}
    assert request(server, "GET", "/query/query.js")[0] == 200
    assert request(server, "GET", "/query/nothing.js")[0] == 404  # not a page file: looked up in the output folder
