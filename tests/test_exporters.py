"""Every export format, each read back by a tool that did not write it, and a meta-test that none is left out."""

from __future__ import annotations

import csv
import re
import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from blogweave.exporters import FORMATS, export
from blogweave.exporters._attrs import clean_text
from blogweave.exporters.json import read_json, write_json
from blogweave.exporters.neo4j import ENTITY_LABELS, RELATION_TYPES, load_script
from blogweave.exporters.rdf import to_rdf

WORKED_AT_SPARQL = """
PREFIX bw: <https://w3id.org/blogweave/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?org WHERE { ?p bw:workedAt ?o . ?p rdfs:label ?person . ?o rdfs:label ?org }
"""


def counts(graph: nx.MultiDiGraph) -> tuple[int, int]:
    return graph.number_of_nodes(), graph.number_of_edges()


# ---------------------------------------------------------------- RDF: rapper (raptor2) and rdflib


def rapper_count(path: Path, syntax: str) -> int:
    """Triples counted by Debian's rapper, a parser blogweave did not write."""
    if shutil.which("rapper") is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return int(done.stderr.split("returned")[1].split()[0])


def rapper_check(syntax: str):
    def check(graph, path):
        assert rapper_count(path, syntax) == len(to_rdf(graph))

    return check


def check_jsonld(graph, path):
    # rapper has no JSON-LD parser, so rdflib's JSON-LD parser (not its serializer) reads it back
    assert isomorphic(Graph().parse(path, format="json-ld"), to_rdf(graph))
    assert "@context" in json.loads(path.read_text())


# ---------------------------------------------------------------- graph formats


def check_graphml(graph, path):
    import igraph

    read = igraph.Graph.Read_GraphML(str(path))
    assert (read.vcount(), read.ecount()) == counts(graph)
    assert read.is_directed()
    if not read.vcount():
        return
    labels = dict(zip(read.vs["id"], read.vs["label"]))
    assert labels == {n: clean_text(d["label"]) for n, d in graph.nodes(data=True)}
    assert sorted(read.es["predicate"]) == sorted(d["predicate"] for *_, d in graph.edges(data=True))


def check_gexf(graph, path):
    read = nx.read_gexf(path)
    assert counts(read) == counts(graph)
    assert {n: d["label"] for n, d in read.nodes(data=True)} == {n: clean_text(d["label"]) for n, d in graph.nodes(data=True)}


def check_json(graph, path):
    back = read_json(path)
    assert back.graph == graph.graph
    assert list(back.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))
    # and a reader that is not ours: the D3-style shape is plain JSON with nodes and edges
    data = json.loads(path.read_text())
    assert (len(data["nodes"]), len(data["edges"])) == counts(graph)


def check_cytoscape(graph, path):
    data = json.loads(path.read_text())
    read = nx.cytoscape_graph(data)
    assert counts(read) == counts(graph)
    ids = [e["data"]["id"] for e in data["elements"]["edges"]]
    assert len(set(ids)) == len(ids)  # Cytoscape.js needs distinct element ids
    assert set(read.edges(keys=True)) == set(graph.edges(keys=True))


# ---------------------------------------------------------------- Neo4j CSV, loaded into Kuzu

KUZU_TYPES = {"int": "INT64", "double": "DOUBLE"}


def _kuzu_columns(header: list[str]) -> list[str]:
    """Kuzu column declarations from neo4j-admin headers ("mentions:int" -> "mentions INT64")."""
    special = {"id:ID": "id STRING", ":LABEL": "labels STRING", ":TYPE": "type STRING"}
    columns = []
    for name in header:
        if name in special:
            columns.append(special[name])
        else:
            base, _, kind = name.partition(":")
            columns.append(f"{base} {KUZU_TYPES.get(kind, 'STRING')}")  # arrays stay ";"-joined strings
    return columns


def load_into_kuzu(folder: Path, db_path: Path):
    """Load the neo4j-admin CSVs into an embedded Kuzu database, with DDL derived from their headers."""
    import kuzu

    conn = kuzu.Connection(kuzu.Database(str(db_path)))

    def header(name):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle))

    for table, name in (("Entity", "entities.csv"), ("Post", "posts.csv")):
        assert header(name)[0] == "id:ID"
        conn.execute(f"CREATE NODE TABLE {table}({', '.join(_kuzu_columns(header(name)))}, PRIMARY KEY (id))")
        conn.execute(f"COPY {table} FROM '{folder / name}' (header=true)")
    for table, name, source, target in (("Fact", "facts.csv", "Entity", "Entity"), ("Author", "authors.csv", "Post", "Entity")):
        assert header(name)[:3] == [":START_ID", ":END_ID", ":TYPE"]
        columns = _kuzu_columns(header(name)[2:])
        conn.execute(f"CREATE REL TABLE {table}(FROM {source} TO {target}, {', '.join(columns)})")
        conn.execute(f"COPY {table} FROM '{folder / name}' (header=true)")
    return conn


def rows(conn, cypher: str) -> list:
    result = conn.execute(cypher)
    out = []
    while result.has_next():
        out.append(tuple(result.get_next()))
    return out


def check_neo4j(graph, path):
    conn = load_into_kuzu(path, path.parent / "kuzu-db")
    nodes = rows(conn, "MATCH (n:Entity) RETURN count(n)")[0][0] + rows(conn, "MATCH (n:Post) RETURN count(n)")[0][0]
    edges = rows(conn, "MATCH ()-[r:Fact]->() RETURN count(r)")[0][0] + rows(conn, "MATCH ()-[r:Author]->() RETURN count(r)")[0][0]
    assert (nodes, edges) == counts(graph)
    # the same worked-at facts as SPARQL over the Turtle export, run by Oxigraph
    import pyoxigraph

    store = pyoxigraph.Store()
    turtle = path.parent / "worked-at-check.ttl"
    export(graph, "turtle", turtle)
    store.load(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE)
    one_line = lambda text: " ".join(text.splitlines())  # noqa: E731 - CSV cells hold no line breaks (neo4j.py)
    sparql = {(one_line(s["person"].value), one_line(s["org"].value)) for s in store.query(WORKED_AT_SPARQL)}
    worked_at = "MATCH (p:Entity)-[f:Fact]->(o:Entity) WHERE f.type = 'WORKED_AT' RETURN p.name, o.name"
    cypher = {(p or "", o or "") for p, o in rows(conn, worked_at)}  # Kuzu reads an empty cell as NULL
    assert cypher == sparql
    assert len(sparql) == sum(1 for *_, k in graph.edges(keys=True) if k == "workedAt")
    # the script for a real Neo4j loads every file, label and relationship type
    script = (path / "load.cypher").read_text()
    assert script == load_script()
    for name in ("entities.csv", "posts.csv", "facts.csv", "authors.csv"):
        assert f"'file:///{name}'" in script
    for label in ENTITY_LABELS:
        assert f"MERGE (n:Entity:{label} " in script
    for rel_type in RELATION_TYPES.values():
        assert f"MERGE (s)-[r:{rel_type}]->(o)" in script


# ---------------------------------------------------------------- the registry is covered

CHECKS = {
    "turtle": rapper_check("turtle"),
    "ntriples": rapper_check("ntriples"),
    "rdfxml": rapper_check("rdfxml"),
    "jsonld": check_jsonld,
    "graphml": check_graphml,
    "gexf": check_gexf,
    "json": check_json,
    "cytoscape": check_cytoscape,
    "neo4j": check_neo4j,
}


def test_every_registered_format_has_a_check():
    """Adding a format to exporters.FORMATS without a check here fails (html is tested with a browser)."""
    assert set(CHECKS) == set(FORMATS) - {"html"}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_export_is_read_back_by_another_tool(tiny_graph, tmp_path, name):
    path = export(tiny_graph, name, tmp_path / FORMATS[name].filename)
    assert path.exists()
    assert not list(tmp_path.glob(".*.tmp"))  # nothing half-written left beside it
    CHECKS[name](tiny_graph, path)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_export_of_an_empty_graph(tmp_path, name):
    """A build that found nothing still writes every format, and each reads back as empty."""
    empty = nx.MultiDiGraph(base_iri="https://example.org/kg/", built_with="test")
    path = export(empty, name, tmp_path / FORMATS[name].filename)
    CHECKS[name](empty, path)


def test_json_round_trip_keeps_lists_and_edge_keys(tiny_graph, tmp_path):
    write_json(tiny_graph, tmp_path / "graph.json")
    back = read_json(tmp_path / "graph.json")
    assert isinstance(back, nx.MultiDiGraph)
    assert back.nodes["person/ada-quill"]["aliases"] == ["Ada", "Quill"]
    assert ("person/ada-quill", "organization/brightwater-labs", "workedAt") in back.edges(keys=True)
    evidence = back.edges["person/ada-quill", "organization/brightwater-labs", "workedAt"]["evidence"]
    assert [e["line"] for e in evidence] == [3, 7]


def test_read_json_names_a_bad_file(tmp_path):
    from blogweave.errors import BlogweaveError

    bad = tmp_path / "graph.json"
    bad.write_text("{not json")
    with pytest.raises(BlogweaveError, match="graph.json"):
        read_json(bad)


def test_graphml_flattens_lists_and_drops_none(tiny_graph, tmp_path):
    tiny_graph.nodes["person/ada-quill"]["nickname"] = None
    path = export(tiny_graph, "graphml", tmp_path / "graph.graphml")
    read = nx.read_graphml(path)
    ada = read.nodes["person/ada-quill"]
    assert ada["aliases"] == "Ada; Quill" and "nickname" not in ada
    edge = next(d for u, v, d in read.edges(data=True) if d.get("predicate") == "workedAt" and u == "person/ada-quill")
    assert [e["rule"] for e in json.loads(edge["evidence"])] == ["employment.join.v1", "employment.leave.v1"]
    assert (edge["start_date"], edge["end_date"], edge["role"]) == ("2019", "2021-06", "staff engineer")


def test_neo4j_cells_stay_on_one_line(tiny_graph, tmp_path):
    tiny_graph.nodes["organization/norvane-foundation"]["label"] = "Norvane\nFoundation"
    tiny_graph.nodes["person/ada-quill"]["aliases"] = ["Ada; the elder", "Quill"]
    path = export(tiny_graph, "neo4j", tmp_path / "neo4j")
    with open(path / "entities.csv", encoding="utf-8", newline="") as handle:
        records = {row["id:ID"]: row for row in csv.DictReader(handle)}
    assert records["organization/norvane-foundation"]["name"] == "Norvane Foundation"
    assert records["person/ada-quill"]["aliases:string[]"].split(";") == ["Ada, the elder", "Quill"]
    assert len((path / "entities.csv").read_text().splitlines()) == 1 + 5


# ---------------------------------------------------------------- hostile and arbitrary text


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_hostile_strings_survive_every_format(xss_graph, tmp_path, name):
    path = export(xss_graph, name, tmp_path / FORMATS[name].filename)
    CHECKS[name](xss_graph, path)


def _graph_with_text(label: str, alias: str, sentence: str, title: str) -> nx.MultiDiGraph:
    from blogweave.graph.network import build_graph
    from blogweave.models import Entity, PostInfo, Provenance, ResolvedFact

    post = PostInfo("p.md", title, None, ("person/x",), (alias,))
    entities = [Entity("person/x", label, "Person", (alias,), ("p.md",), 1),
                Entity("organization/y", alias + label, "Organization", (), ("p.md",), 1)]
    fact = ResolvedFact("person/x", "workedAt", "organization/y", 0.5,
                        (Provenance("p.md", 1, sentence, "employment.join.v1", 0.5, role=alias),))
    return build_graph(entities, [fact], [post], "https://example.org/kg/")


def test_arbitrary_text_survives_every_format():
    """Any text a post may hold (control characters, quotes, markup, non-BMP) keeps every file readable."""
    import tempfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    texts = st.text(min_size=1, max_size=30)

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(texts, texts, texts, texts)
    def run(label, alias, sentence, title):
        graph = _graph_with_text(label, alias, sentence, title)
        with tempfile.TemporaryDirectory() as folder:
            for name, check in CHECKS.items():
                path = export(graph, name, Path(folder) / FORMATS[name].filename)
                check(graph, path)

    run()


# ---------------------------------------------------------------- a real build of the seed posts


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory):
    """The seed posts of ../shared built with the real model into every format but html."""
    from blogweave.config import load_settings
    from blogweave.pipeline.build import build

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared is not beside the checkout")
    out = tmp_path_factory.mktemp("seeds-out")
    formats = ",".join(name for name in FORMATS if name != "html")
    settings = load_settings(seeds, out_dir=out, formats=formats, cache=False, processes=1)
    build(settings)
    return out


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_seed_build_is_read_back_by_another_tool(seeds_build, name):
    graph = read_json(seeds_build / "graph.json")
    assert graph.number_of_edges() > 0
    path = seeds_build / FORMATS[name].filename
    if name == "neo4j":
        shutil.rmtree(seeds_build / "kuzu-db", ignore_errors=True)
    CHECKS[name](graph, path)


@pytest.mark.model
@pytest.mark.shared
def test_seed_build_conforms_to_the_shapes(seeds_build):
    from pyshacl import validate

    shapes = Graph().parse(Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl")
    ok, _, text = validate(Graph().parse(seeds_build / "graph.ttl"), shacl_graph=shapes, advanced=True)
    assert ok, text


def test_every_format_writes_the_same_bytes_in_every_run(tmp_path):
    """Python salts string hashes per process; the output must not depend on it, so rebuilds diff cleanly."""
    import os
    import sys

    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]);"
        "from conftest import _tiny_graph; from blogweave.exporters import FORMATS, export;"
        "[export(_tiny_graph(), n, Path(sys.argv[1]) / f.filename) for n, f in FORMATS.items() if n != 'html']"
    )
    tests_dir = str(Path(__file__).resolve().parent)
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / seed), tests_dir], check=True, env=env)
    first = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert len(first) == len(CHECKS) - 1 + 6  # one file per format, neo4j's folder holds five and the marker
    for rel in first:
        assert (tmp_path / "1" / rel).read_bytes() == (tmp_path / "2" / rel).read_bytes(), rel


def _admin_properties(header: list[str]) -> set[str]:
    """The properties neo4j-admin import gives from a header: each named column, its name before the ':'."""
    return {column.partition(":")[0] for column in header if column.partition(":")[0]}


def _cypher_properties(block: str, var: str) -> set[str]:
    """The properties a load.cypher statement gives: the MERGE key and every ``var.name =``."""
    props = set(re.findall(rf"\b{var}\.(\w+)\s*=", block))
    props |= set(re.findall(r"\{(\w+): row\.", block))
    return props


def test_neo4j_admin_import_and_load_cypher_give_the_same_properties():
    from blogweave.exporters.neo4j import AUTHOR_HEADER, ENTITY_HEADER, FACT_HEADER, POST_HEADER

    statements = [s for s in load_script().split(";\n") if "LOAD CSV" in s]
    by_file = {}
    for statement in statements:
        name = re.search(r"'file:///(\w+\.csv)'", statement).group(1)
        by_file.setdefault(name, []).append(statement)
    assert "id" in _admin_properties(ENTITY_HEADER)  # the ID column is named, so admin import stores it
    for name, header in (("entities.csv", ENTITY_HEADER), ("posts.csv", POST_HEADER)):
        for statement in by_file[name]:
            assert _cypher_properties(statement, "n") == _admin_properties(header), name
    for statement in by_file["facts.csv"]:
        assert _cypher_properties(statement.split("MERGE", 1)[1], "r") == _admin_properties(FACT_HEADER)
    assert _admin_properties(AUTHOR_HEADER) == set()
    for statement in by_file["authors.csv"]:
        assert _cypher_properties(statement.split("MERGE", 1)[1], "r") == set()


def test_gexf_carries_no_build_date(tiny_graph, tmp_path):
    path = export(tiny_graph, "gexf", tmp_path / "graph.gexf")
    text = path.read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text
    assert text.startswith("<?xml")
    assert nx.read_gexf(path).number_of_nodes() == tiny_graph.number_of_nodes()
