"""Communities of the fact graph: found at build time, numbered from the largest, carried by every format."""

from __future__ import annotations

import csv
import json

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from blogweave.exporters import export
from blogweave.graph.communities import find_communities
from blogweave.graph.network import build_graph, entity_nodes
from blogweave.models import Entity, Provenance, ResolvedFact
from blogweave.namespace import BW


def two_teams():
    """Two invented teams of four people around their own company, one person knowing both; one loner."""
    entities, facts = [], []

    def person(pid, name):
        entities.append(Entity(pid, name, "Person", (), ("a.md",), 1))

    def fact(s, p, o):
        facts.append(ResolvedFact(s, p, o, 0.8, (Provenance("a.md", 1, f"{s} {p} {o}.", "test.v1", 0.8),)))

    for team, company in (("north", "organization/quarrow-mills"), ("south", "organization/belvey-works")):
        entities.append(Entity(company, company.split("/")[1].title(), "Organization", (), ("a.md",), 1))
        tool = f"technology/{team}-kit"
        entities.append(Entity(tool, f"{team.title()}Kit", "Technology", (), ("a.md",), 1))
        fact(company, "developed", tool)
        for i in range(4):
            pid = f"person/{team}-{i}"
            person(pid, f"{team.title()} Person {i}")
            fact(pid, "workedAt", company)
            fact(pid, "developed", tool)
    fact("person/north-0", "workedAt", "organization/belvey-works")
    person("person/loner", "Ilse Loner")
    return build_graph(entities, facts, [], "https://example.org/kg/")


def test_two_dense_groups_are_two_communities_and_a_loner_its_own():
    graph = two_teams()
    community = {n: d["community"] for n, d in entity_nodes(graph)}
    north = {n for n in community if "north" in n or "quarrow" in n}
    south = {n for n in community if "south" in n or "belvey" in n}
    assert len({community[n] for n in north}) == 1 and len({community[n] for n in south}) == 1
    assert community["person/north-1"] != community["person/south-1"]
    assert community["person/loner"] not in {community[n] for n in north | south}
    assert sorted(set(community.values())) == [0, 1, 2]  # numbered from 0, largest first
    assert community["person/loner"] == 2


def test_numbering_is_by_size_then_smallest_id_and_does_not_depend_on_order():
    nodes = ["c", "b", "a", "x", "y", "z", "w", "lone"]
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("w", "x"), ("w", "y")]
    first = find_communities(nodes, edges)
    assert first == find_communities(list(reversed(nodes)), list(reversed(edges)))
    assert first["x"] == first["w"] == 0 and first["a"] == 1 and first["lone"] == 2
    assert find_communities([], []) == {}


def test_every_export_carries_the_community(tmp_path):
    graph = two_teams()
    expected = {n: d["community"] for n, d in entity_nodes(graph)}

    rdf = Graph().parse(export(graph, "turtle", tmp_path / "graph.ttl"), format="turtle")
    for node, number in expected.items():
        iri = URIRef(graph.nodes[node]["iri"])
        assert list(rdf.objects(iri, BW.community)) == [Literal(number, datatype=XSD.nonNegativeInteger)]

    graphml = nx.read_graphml(export(graph, "graphml", tmp_path / "graph.graphml"))
    assert {n: int(graphml.nodes[n]["community"]) for n in expected} == expected

    data = json.loads(export(graph, "json", tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert {n["id"]: n["community"] for n in data["nodes"] if "community" in n} == expected

    folder = export(graph, "neo4j", tmp_path / "neo4j")
    with open(folder / "entities.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id:ID"]: int(r["community:int"]) for r in rows} == expected
