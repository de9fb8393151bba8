"""blogweave.sparql.store: named queries, safe parameters, errors and the four result formats."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from blogweave.sparql import store as q
from blogweave.cli import app
from blogweave.errors import QueryError

# Terms that are awkward in every format: quotes, braces, a tab, a newline, a
# language tag, a typed number, non-ASCII and a blank node.
AWKWARD_TTL = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix bw: <https://w3id.org/blogweave/ontology#> .
ex:zed a bw:Person ; rdfs:label "Zed \\"Q\\" {Corp}" ; bw:developed ex:tool .
ex:tool a bw:Technology ; rdfs:label "Tool\\twith\\ttabs" .
ex:other a bw:Person ; rdfs:label "Other" ; bw:developed ex:tool2 .
ex:tool2 a bw:Technology ; rdfs:label "line one\\nline two, \\"quoted\\"" .
ex:x ex:p "Grüße 😀"@de , 42 , _:b1 .
"""


@pytest.fixture
def tiny_ttl(tmp_path, tiny_graph):
    """The conftest ``tiny_graph`` exported by the real RDF exporter."""
    from blogweave.exporters.rdf import write_turtle

    path = tmp_path / "graph.ttl"
    write_turtle(tiny_graph, path)
    return path


@pytest.fixture
def awkward_ttl(tmp_path):
    path = tmp_path / "awkward.ttl"
    path.write_text(AWKWARD_TTL, encoding="utf-8")
    return path


def rows(query_text, graph, **params):
    """The result as a list of dicts of plain strings, via the CSV output."""
    text = q.run_query(query_text, graph, fmt="csv", params=params)
    return list(csv.DictReader(io.StringIO(text)))


# --- named queries ---------------------------------------------------------------------------


def test_every_shipped_query_is_described_and_runs(tiny_ttl):
    names = [item.name for item in q.list_queries()]
    assert {"worked-at", "founders", "funding", "developed-by", "colleagues", "evidence"} <= set(names)
    for item in q.list_queries():
        assert item.description, f"{item.name} has no # description: line"
        params = {name: "Brightwater" for name in item.params}
        q.run_query(item.name, tiny_ttl, fmt="json", params=params)


def test_worked_at_has_roles_and_dates_from_provenance(tiny_ttl):
    found = {(r["person"], r["organization"]): r for r in rows("worked-at", tiny_ttl)}
    assert set(found) == {("Ada Quill", "Brightwater Labs"), ("Milo Brandt", "Brightwater Labs")}
    ada = found["Ada Quill", "Brightwater Labs"]
    assert (ada["role"], ada["start"], ada["end"]) == ("staff engineer", "2019", "2021-06")
    assert found["Milo Brandt", "Brightwater Labs"]["role"] == "CTO"


def test_founders_funding_and_colleagues(tiny_ttl):
    assert [(r["founder"], r["founded"], r["date"]) for r in rows("founders", tiny_ttl)] == [
        ("Milo Brandt", "Brightwater Labs", "2016-03-01")
    ]
    assert [(r["funder"], r["funded"], r["amount"]) for r in rows("funding", tiny_ttl)] == [
        ("Norvane Foundation", "Tessellate", "$250,000")
    ]
    assert [(r["person"], r["colleague"], r["organization"]) for r in rows("colleagues", tiny_ttl)] == [
        ("Ada Quill", "Milo Brandt", "Brightwater Labs")
    ]


@pytest.mark.parametrize("name", ["Ada Quill", "ada quill", "Quill"])
def test_developed_by_matches_label_or_alias_in_any_case(tiny_ttl, name):
    found = rows("developed-by", tiny_ttl, name=name)
    assert [(r["developer"], r["technology"]) for r in found] == [("Ada Quill", "Tessellate")]
    assert "name" not in found[0], "the parameter column repeats the input and is left out"


def test_evidence_lists_every_sentence_about_an_entity(tiny_ttl):
    found = rows("evidence", tiny_ttl, entity="brightwater")  # an alias
    sentences = {r["evidence"] for r in found}
    assert "Ada Quill left Brightwater in June 2021." in sentences
    assert "Tessellate was developed by Brightwater Labs." in sentences
    assert len(found) == 5
    first = next(r for r in found if r["rule"] == "employment.join.v1")
    assert (first["post"], first["line"], first["relation"]) == ("2021/leaving-brightwater.md", "3", "workedAt")


# --- parameters are data ---------------------------------------------------------------------


def test_parameter_with_quotes_and_braces_is_matched_as_data(awkward_ttl):
    found = rows("developed-by", awkward_ttl, name='zed "q" {corp}')
    assert [r["technology"] for r in found] == ["Tool\twith\ttabs"]


@pytest.mark.parametrize(
    "value",
    [
        'x") } UNION { ?d <https://w3id.org/blogweave/ontology#developed> ?t } #',
        'x" || true || "',
        "x' } ; DROP ALL ; #",
        "Zed \\\"Q\\\" {Corp}",
    ],
)
def test_injection_attempts_match_nothing(awkward_ttl, value):
    assert rows("developed-by", awkward_ttl, name=value) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_parameter_text_is_data(awkward_ttl, value):
    """Whatever the text (quotes, braces, backslashes, '#', newlines), it is one literal: a match or nothing."""
    labels = {"zed \"q\" {corp}": "Tool\twith\ttabs", "other": "line one\nline two, \"quoted\""}
    found = [r["technology"] for r in rows("developed-by", awkward_ttl, name=value)]
    expected = labels.get(value.lower())
    assert found == ([expected] if expected else [])


def test_missing_and_unknown_parameters(tiny_ttl):
    with pytest.raises(QueryError, match=r"needs --param name=VALUE"):
        q.run_query("developed-by", tiny_ttl)
    with pytest.raises(QueryError, match=r"unknown parameter\(s\) person.*takes: name"):
        q.run_query("developed-by", tiny_ttl, params={"name": "Ada", "person": "x"})


def test_rq_file_with_its_own_parameter(tmp_path, tiny_ttl):
    path = tmp_path / "orgs-of.rq"
    path.write_text(
        "# description: employers of one person\n# param: who\n"
        "SELECT ?who ?org WHERE { ?p rdfs:label ?n FILTER(STR(?n) = ?who) ?p bw:workedAt/rdfs:label ?org }\n"
    )
    assert q.resolve_query(str(path)).params == ("who",)
    assert [r["org"] for r in rows(str(path), tiny_ttl, who="Milo Brandt")] == ["Brightwater Labs"]


# --- errors ----------------------------------------------------------------------------------


def test_syntax_error_shows_parser_message_and_position(tiny_ttl):
    with pytest.raises(QueryError) as err:
        q.run_query("SELECT ?x WHERE {\n  ?x ?y\n}", tiny_ttl)
    message = str(err.value)
    assert re.match(r"the query does not parse: error at line 3, column \d+: expected one of ", message)
    source_line, caret = message.splitlines()[-2:]
    assert source_line == "    }" and caret.strip() == "^"


def test_missing_graph_names_the_build_command(tmp_path):
    with pytest.raises(QueryError, match=r"no graph at .*blogweave build"):
        q.run_query("worked-at", tmp_path / "output" / "graph.ttl")


def test_unreadable_graph_is_a_query_error(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text("this is not turtle {", encoding="utf-8")
    with pytest.raises(QueryError, match="cannot parse graph"):
        q.run_query("worked-at", path)


def test_unknown_name_lists_the_shipped_queries(tiny_ttl):
    with pytest.raises(QueryError, match=r"no shipped query named 'who-knows'; named queries: .*worked-at"):
        q.run_query("who-knows", tiny_ttl)


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "PREFIX ex: <http://e/>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
        "  load <http://example.org/data.ttl>",
        "DROP ALL",
    ],
)
def test_updates_are_refused(tiny_ttl, text):
    with pytest.raises(q.UpdateRefused, match="read-only"):
        q.run_query(text, tiny_ttl)


def test_service_is_refused_but_the_word_in_data_is_not(tiny_ttl):
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        q.run_query("SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", tiny_ttl)
    text = 'SELECT ?service WHERE { ?x <http://e/service> ?service FILTER(?service != "delete; service") }'
    assert q.run_query(text, tiny_ttl, fmt="csv") == "service\r\n"


def test_unknown_format(tiny_ttl):
    with pytest.raises(QueryError, match="valid formats: table, csv, json, tsv"):
        q.run_query("worked-at", tiny_ttl, fmt="yaml")


def test_row_limit(tiny_ttl):
    loaded = q.load_graph(tiny_ttl)
    result = q.execute(loaded, q.resolve_query("SELECT * { ?s ?p ?o }"))
    with pytest.raises(q.RowLimitExceeded, match="more than 3 rows"):
        q.collect(result, max_rows=3)
    result = q.execute(loaded, q.resolve_query("SELECT * { ?s a ?o } LIMIT 3"))
    assert len(q.collect(result, max_rows=3).rows) == 3


# --- formats, checked by parsers that did not write them -------------------------------------


def solutions(results):
    return sorted(tuple(str(s[v]) if s[v] is not None else "" for v in results.variables) for s in results)


ALL_TERMS = "SELECT ?s ?p ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?s <http://e/none> ?missing } }"


@pytest.mark.parametrize(
    "fmt, oxfmt",
    [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML), ("tsv", ox.QueryResultsFormat.TSV)],
)
def test_results_parse_back_in_pyoxigraph(awkward_ttl, fmt, oxfmt):
    loaded = q.load_graph(awkward_ttl)
    expected = solutions(loaded.store.query(ALL_TERMS))
    text = q.run_query(ALL_TERMS, awkward_ttl, fmt=fmt)
    parsed = ox.parse_query_results(text.encode("utf-8"), format=oxfmt)
    assert [v.value for v in parsed.variables] == ["s", "p", "o", "missing"]
    got = solutions(parsed)
    # blank node labels are free to change between serializations
    assert [r for r in got if "_:" not in "".join(r)] == [r for r in expected if "_:" not in "".join(r)]
    assert len(got) == len(expected) == 13


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_results_parse_back_in_rdflib(awkward_ttl, fmt):
    from rdflib.query import Result

    text = q.run_query("SELECT ?s ?o WHERE { ?s ?p ?o FILTER(!isBlank(?o)) }", awkward_ttl, fmt=fmt)
    parsed = Result.parse(io.BytesIO(text.encode("utf-8")), format=fmt)
    values = {str(row.o) for row in parsed}
    assert 'line one\nline two, "quoted"' in values and "Grüße 😀" in values and "42" in values


def test_ask_in_every_format(tiny_ttl):
    text = "ASK { ?s bw:workedAt ?o }"
    assert json.loads(q.run_query(text, tiny_ttl, fmt="json")) == {"head": {}, "boolean": True}
    assert q.run_query(text, tiny_ttl, fmt="csv").splitlines() == ["boolean", "true"]
    assert bool(ox.parse_query_results(q.run_query(text, tiny_ttl, fmt="xml").encode(), format=ox.QueryResultsFormat.XML))
    assert q.run_query(text, tiny_ttl) == "true\n"


def test_construct_gives_turtle(tiny_ttl):
    text = q.run_query("CONSTRUCT WHERE { ?s bw:workedAt ?o }", tiny_ttl)
    triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
    assert len(triples) == 2
    assert "bw:workedAt" in text


def test_table_is_aligned_and_uses_prefixed_names(tiny_ttl):
    text = q.run_query("SELECT ?p ?label WHERE { ?s ?p ?label FILTER(?p = rdfs:label) } ORDER BY ?label", tiny_ttl)
    lines = text.splitlines()
    assert lines[0].split() == ["p", "label"]
    column = lines[0].index("label")
    assert all(line[column - 2 : column] == "  " for line in lines[2:-1])
    assert lines[2].startswith("rdfs:label  Ada Quill")
    assert lines[-1] == "(5 rows)"


def test_table_keeps_newlines_and_tabs_out_of_cells(awkward_ttl):
    text = q.run_query("SELECT ?label WHERE { ?x rdfs:label ?label } ORDER BY ?label", awkward_ttl)
    assert "line one line two" in text
    assert len(text.splitlines()) == 2 + 4 + 1


# --- the store cache -------------------------------------------------------------------------


def test_graph_is_reloaded_only_when_the_file_changes(awkward_ttl):
    first = q.load_graph(awkward_ttl)
    assert q.load_graph(awkward_ttl) is first
    awkward_ttl.write_text(AWKWARD_TTL + "<http://e/new> <http://e/p> 1 .\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(awkward_ttl, (later, later))
    second = q.load_graph(awkward_ttl)
    assert second is not first and second.triples == first.triples + 1


# --- the command line ------------------------------------------------------------------------


def test_cli_list_and_run(tiny_ttl):
    runner = CliRunner()
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0 and "worked-at" in listed.output
    result = runner.invoke(app, ["query", "developed-by", "--graph", str(tiny_ttl), "--param", "name=Ada Quill"])
    assert result.exit_code == 0, result.output
    assert "Tessellate" in result.output


def test_cli_errors_exit_1(tiny_ttl, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x }", "--graph", str(tiny_ttl)])
    assert result.exit_code == 1 and "Error: the query does not parse" in result.output
    result = runner.invoke(app, ["query", "worked-at", "--graph", str(tmp_path / "none.ttl")])
    assert result.exit_code == 1 and "blogweave build" in result.output


def test_shipped_queries_give_the_same_rows_in_rdflib(tiny_ttl):
    """The .rq files are plain SPARQL 1.1: rdflib's engine gives the same answers as Oxigraph."""
    import rdflib

    graph = rdflib.Graph().parse(tiny_ttl)
    for item in q.list_queries():
        params = {name: "Brightwater" if name == "entity" else "ada quill" for name in item.params}
        ours = rows(item.name, tiny_ttl, **params)
        bindings = {rdflib.Variable(k): rdflib.Literal(v) for k, v in params.items()}
        theirs = graph.query(item.text, initBindings=bindings)
        keep = [v for v in theirs.vars if str(v) not in params]
        expected = [{str(v): ("" if row[v] is None else str(row[v])) for v in keep} for row in theirs]
        assert _unordered_lists(ours) == _unordered_lists(expected), item.name


def _unordered_lists(table):
    """GROUP_CONCAT's order is not defined: compare "a; b" and "b; a" as equal."""
    return [{k: "; ".join(sorted(v.split("; "))) for k, v in row.items()} for row in table]


@pytest.mark.slow
def test_sparql_benchmark_runs_and_engines_agree(tmp_path, capsys):
    """A tiny run of benchmarks/sparql.py: it must not rot, and both engines give the same row counts."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "sparql.py"
    spec = importlib.util.spec_from_file_location("bench_sparql", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--posts", "20", "--repeat", "1", "--json", str(tmp_path / "figures.json")]) == 0
    printed = capsys.readouterr().out
    assert "MISMATCH" not in printed
    figures = json.loads((tmp_path / "figures.json").read_text())
    assert {f["query"] for f in figures["queries"]} == {item.name for item in q.list_queries()}
    assert all(f["rows"] == f["rdflib_rows"] for f in figures["queries"])


def test_read_only_check_is_safe_from_many_threads_at_once():
    """The server checks queries in its request threads; rdflib's grammar must not be corrupted by that."""
    from concurrent.futures import ThreadPoolExecutor

    from rdflib.plugins.sparql import parser as sparql_parser

    plain = "SELECT ?s WHERE { ?s ?p ?o . FILTER(?o != 'x') } LIMIT 3"
    remote = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"

    def check(i: int) -> str:
        if i % 2:
            with pytest.raises(QueryError):
                q.check_read_only(remote)
            return "refused"
        return q.check_read_only(plain)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(check, range(200)))
    assert answers.count("refused") == 100 and answers.count(plain) == 100
    sparql_parser.parseQuery(plain)  # still parses in this thread afterwards
