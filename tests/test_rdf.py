"""The RDF export: the contract score.py reads, provenance nodes, round trips, and a second parser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS, XSD

from blogweave.exporters import FORMATS, get_writer
from blogweave.exporters.rdf import date_literal, read_rdf, to_rdf, write_turtle
from blogweave.namespace import BW, PROV, SCHEMA

KG = "https://example.org/kg/"
ADA, BRIGHTWATER = URIRef(KG + "person/ada-quill"), URIRef(KG + "organization/brightwater-labs")
TESSELLATE, NORVANE = URIRef(KG + "technology/tessellate"), URIRef(KG + "organization/norvane-foundation")
MILO = URIRef(KG + "person/milo-brandt")
LEAVING = URIRef(KG + "post/2021/leaving-brightwater.md")
RDF_FORMATS = ("turtle", "ntriples", "rdfxml", "jsonld")  # rapper checks them in test_exporters.py


def fact_node(rdf: Graph, s, p, o):
    (node,) = [f for f in rdf.subjects(RDF.predicate, p) if (f, RDF.subject, s) in rdf and (f, RDF.object, o) in rdf]
    return node


def test_entities_have_class_label_and_aliases(tiny_graph):
    rdf = to_rdf(tiny_graph)
    assert (ADA, RDF.type, BW.Person) in rdf
    assert (BRIGHTWATER, RDF.type, BW.Organization) in rdf
    assert (TESSELLATE, RDF.type, BW.Technology) in rdf
    assert set(rdf.objects(ADA, RDFS.label)) == {Literal("Ada Quill")}
    assert set(rdf.objects(ADA, SKOS.altLabel)) == {Literal("Ada"), Literal("Quill")}
    assert (BRIGHTWATER, BW.mentionedIn, LEAVING) in rdf


def test_relations_are_direct_triples(tiny_graph):
    rdf = to_rdf(tiny_graph)
    assert set(rdf.subject_objects(BW.workedAt)) == {(ADA, BRIGHTWATER), (MILO, BRIGHTWATER)}
    assert set(rdf.subject_objects(BW.founded)) == {(MILO, BRIGHTWATER)}
    assert set(rdf.subject_objects(BW.developed)) == {(BRIGHTWATER, TESSELLATE), (ADA, TESSELLATE)}
    assert set(rdf.subject_objects(BW.fundedBy)) == {(TESSELLATE, NORVANE)}


def test_posts_have_source_path_author_and_metadata(tiny_graph):
    rdf = to_rdf(tiny_graph)
    assert set(rdf.subjects(RDF.type, BW.Post)) == {LEAVING, URIRef(KG + "post/notes/tessellate-launch.md")}
    assert rdf.value(LEAVING, BW.sourcePath) == Literal("2021/leaving-brightwater.md")
    assert rdf.value(LEAVING, SCHEMA.author) == ADA
    assert rdf.value(LEAVING, SCHEMA.datePublished) == Literal("2021-07-02", datatype=XSD.date)
    assert rdf.value(LEAVING, SCHEMA.headline) == Literal("Leaving Brightwater")
    assert set(rdf.objects(LEAVING, SCHEMA.keywords)) == {Literal("career"), Literal("personal")}


def test_fact_node_keeps_provenance_and_qualifiers(tiny_graph):
    rdf = to_rdf(tiny_graph)
    fact = fact_node(rdf, ADA, BW.workedAt, BRIGHTWATER)
    edge = tiny_graph.edges["person/ada-quill", "organization/brightwater-labs", "workedAt"]
    assert str(fact) == edge["iri"]
    assert (fact, RDF.type, BW.Fact) in rdf and (fact, RDF.type, PROV.Entity) in rdf
    assert rdf.value(fact, BW.confidence).toPython() == Decimal("0.9")
    assert rdf.value(fact, BW.startDate) == Literal("2019", datatype=XSD.gYear)
    assert rdf.value(fact, BW.endDate) == Literal("2021-06", datatype=XSD.gYearMonth)
    assert rdf.value(fact, BW.role) == Literal("staff engineer")
    assert len(set(rdf.objects(fact, PROV.wasDerivedFrom))) == 2
    evidence = sorted(rdf.objects(fact, BW.evidence))
    assert len(evidence) == 2
    # each sentence stays with its own post, line, rule and confidence
    first = {str(rdf.value(e, BW.evidenceText)): e for e in evidence}["I joined Brightwater Labs as a staff engineer in 2019."]
    assert rdf.value(first, PROV.wasDerivedFrom) == LEAVING
    assert rdf.value(first, BW.line).toPython() == 3
    assert str(rdf.value(first, BW.rule)) == "employment.join.v1"
    assert rdf.value(first, BW.endDate) is None


def test_funding_amount_and_full_dates(tiny_graph):
    rdf = to_rdf(tiny_graph)
    assert rdf.value(fact_node(rdf, TESSELLATE, BW.fundedBy, NORVANE), BW.amount) == Literal("$250,000")
    founded = fact_node(rdf, MILO, BW.founded, BRIGHTWATER)
    assert rdf.value(founded, BW.startDate) == Literal("2016-03-01", datatype=XSD.date)


@pytest.mark.parametrize(
    "value,datatype",
    [("2020", XSD.gYear), ("2020-02", XSD.gYearMonth), ("2020-02-29", XSD.date), ("2021-02-29", None),
     ("2020-13", None), ("June 2020", None), ("", None), (None, None)],
)
def test_dates_are_typed_by_precision_and_bad_ones_dropped(value, datatype):
    literal = date_literal(value)
    assert (literal.datatype if literal is not None else None) == datatype


def test_turtle_parses_back_to_the_same_graph(tiny_graph, tmp_path):
    write_turtle(tiny_graph, tmp_path / "graph.ttl")
    assert isomorphic(read_rdf(tmp_path / "graph.ttl"), to_rdf(tiny_graph))
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left nothing behind


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_every_rdf_format_round_trips_in_rdflib(tiny_graph, tmp_path, name):
    path = tmp_path / FORMATS[name].filename
    get_writer(name)(tiny_graph, path)
    assert isomorphic(read_rdf(path), to_rdf(tiny_graph))


@pytest.mark.parametrize("name", RDF_FORMATS)
def test_score_contract_reads_the_export(tiny_graph, tmp_path, shared_dir, name):
    """../shared/eval/score.py finds every fact of the tiny graph, in every RDF format, when its gold file lists them."""
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location("score", shared_dir / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = {
        "entities": [
            {"name": "Ada Quill", "type": "Person", "aliases": ["Ada"]},
            {"name": "Milo Brandt", "type": "Person"},
            {"name": "Brightwater Labs", "type": "Organization", "aliases": ["Brightwater"]},
            {"name": "Norvane Foundation", "type": "Organization"},
            {"name": "Tessellate", "type": "Technology"},
        ],
        "docs": {
            "2021/leaving-brightwater.md": {
                "author": "Ada Quill",
                "required": [["@author", "workedAt", "Brightwater"], ["@author", "developed", "Tessellate"]],
            },
            "notes/tessellate-launch.md": {
                "required": [["Milo Brandt", "workedAt", "Brightwater Labs"], ["Milo Brandt", "founded", "Brightwater Labs"],
                             ["Brightwater Labs", "developed", "Tessellate"], ["Tessellate", "fundedBy", "Norvane Foundation"]],
            },
        },
    }
    path = tmp_path / FORMATS[name].filename
    get_writer(name)(tiny_graph, path)
    result = score.score(score.load_graph(path), score.Gold(yaml.safe_load(yaml.safe_dump(gold))), str(BW._NS))
    assert (result["f1"], result["entity_recall"], result["entity_type_accuracy"]) == (1.0, 1.0, 1.0)
    assert result["duplicated"] == [] and result["extra_entities"] == []


def test_facts_about_unexported_nodes_are_left_out(tiny_graph):
    """A node of an unknown type is not exported, so neither are the facts that touch it."""
    tiny_graph.add_node("thing/x", kind="entity", type="Place", label="Somewhere", iri=KG + "thing/x")
    tiny_graph.add_edge("person/ada-quill", "thing/x", key="workedAt", predicate="workedAt", confidence=0.5,
                        evidence=[], iri=KG + "fact/x")
    rdf = to_rdf(tiny_graph)
    assert (ADA, BW.workedAt, URIRef(KG + "thing/x")) not in rdf
    assert not list(rdf.triples((URIRef(KG + "thing/x"), None, None)))
    assert len(set(rdf.subject_objects(BW.workedAt))) == 2
