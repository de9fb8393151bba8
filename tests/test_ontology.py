"""The ontology file, the BW namespace object and the SHACL shapes stay in step with each other and the export."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import FOAF, XSD

from blogweave.exporters.rdf import to_rdf
from blogweave.namespace import BW, ORG, PROV, SCHEMA

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
KG = "https://example.org/kg/"
ADA, TESSELLATE = URIRef(KG + "person/ada-quill"), URIRef(KG + "technology/tessellate")
LEAVING = URIRef(KG + "post/2021/leaving-brightwater.md")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "blogweave.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl")


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t) if str(s).startswith(str(BW._NS))}


def test_namespace_lists_exactly_the_ontology_terms(ontology):
    assert BW.as_jsonld_context("bw")["@context"]["workedAt"] == "bw:workedAt"
    names = {BW._NS[name] for name in BW.__annotations__}
    assert names == declared_terms(ontology)


def test_namespace_rejects_unknown_terms():
    with pytest.raises(AttributeError):
        BW.workedat  # noqa: B018 - a typo must fail loudly


def test_every_term_has_label_comment_and_properties_domain_range(ontology):
    for term in declared_terms(ontology):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
        if (term, RDF.type, OWL.Class) not in ontology:
            assert ontology.value(term, RDFS.domain) is not None, term
            assert ontology.value(term, RDFS.range) is not None, term


def test_export_uses_only_declared_terms(ontology, tiny_graph):
    declared = declared_terms(ontology)
    rdf = to_rdf(tiny_graph)
    used = {p for p in rdf.predicates() if str(p).startswith(str(BW._NS))}
    used |= {o for o in rdf.objects(None, RDF.type) if str(o).startswith(str(BW._NS))}
    assert used and used <= declared


@pytest.mark.parametrize(
    "term,relation,target",
    [
        (BW.Person, RDFS.subClassOf, FOAF.Person),
        (BW.Person, RDFS.subClassOf, SCHEMA.Person),
        (BW.Organization, RDFS.subClassOf, ORG.Organization),
        (BW.Organization, RDFS.subClassOf, SCHEMA.Organization),
        (BW.Organization, RDFS.subClassOf, FOAF.Organization),
        (BW.Post, RDFS.subClassOf, SCHEMA.BlogPosting),
        (BW.Post, RDFS.subClassOf, FOAF.Document),
        (BW.Fact, RDFS.subClassOf, PROV.Entity),
        (BW.workedAt, RDFS.subPropertyOf, ORG.memberOf),
        (BW.fundedBy, RDFS.subPropertyOf, SCHEMA.funder),
        (BW.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    ],
)
def test_alignments(ontology, term, relation, target):
    assert (term, relation, target) in ontology


@pytest.mark.parametrize("term,inverse_of", [(BW.founded, SCHEMA.founder), (BW.developed, SCHEMA.creator)])
def test_reverse_direction_alignments_use_an_inverse(ontology, term, inverse_of):
    inverses = {ontology.value(b, OWL.inverseOf) for b in ontology.objects(term, RDFS.subPropertyOf)}
    assert inverse_of in inverses


def conforms(rdf: Graph, shapes: Graph) -> tuple[bool, str]:
    ok, _, text = validate(rdf, shacl_graph=shapes, advanced=True)
    return ok, text


def test_export_of_tiny_graph_conforms(tiny_graph, shapes):
    ok, text = conforms(to_rdf(tiny_graph), shapes)
    assert ok, text


def _fact_of(rdf, subject, predicate):
    return next(f for f in rdf.subjects(RDF.predicate, predicate) if (f, RDF.subject, subject) in rdf)


def _first_evidence(rdf):
    return sorted(rdf.subjects(RDF.type, BW.Evidence))[0]


# each breaks one rule of the shapes; the message or path that must be reported
BREAKAGES = {
    "entity without label": (lambda g: g.remove((ADA, RDFS.label, None)), "rdfs:label"),
    "entity with two classes": (lambda g: g.add((ADA, RDF.type, BW.Organization)), "Xone"),
    "workedAt a technology": (lambda g: g.add((ADA, BW.workedAt, TESSELLATE)), "bw:workedAt"),
    "post without author": (lambda g: g.remove((LEAVING, SCHEMA.author, None)), "schema:author"),
    "author is not a person": (lambda g: g.add((LEAVING, SCHEMA.author, TESSELLATE)), "schema:author"),
    "post without source path": (lambda g: g.remove((LEAVING, BW.sourcePath, None)), "bw:sourcePath"),
    "confidence above 1": (
        lambda g: g.set((_fact_of(g, ADA, BW.developed), BW.confidence, Literal(Decimal("1.5")))), "confidence"),
    "fact not derived from a post": (
        lambda g: g.remove((_fact_of(g, ADA, BW.developed), PROV.wasDerivedFrom, None)), "prov:wasDerivedFrom"),
    "evidence without text": (lambda g: g.remove((_first_evidence(g), BW.evidenceText, None)), "bw:evidenceText"),
    "rule without version": (lambda g: g.set((_first_evidence(g), BW.rule, Literal("employment.join"))), "bw:rule"),
    "date of the wrong type": (
        lambda g: g.add((_fact_of(g, ADA, BW.developed), BW.startDate, Literal("2019", datatype=XSD.string))), "bw:startDate"),
    "relation without its fact": (
        lambda g: g.remove((_fact_of(g, ADA, BW.developed), None, None)), "has no bw:Fact"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_exports_fail_validation(tiny_graph, shapes, name):
    breakage, expected = BREAKAGES[name]
    rdf = to_rdf(tiny_graph)
    breakage(rdf)
    ok, text = conforms(rdf, shapes)
    assert not ok
    assert expected in text


def test_shipped_queries_use_only_declared_terms(ontology):
    """A named query that names a bw: term the ontology lacks would silently match nothing."""
    import re

    queries = sorted((Path(__file__).resolve().parents[1] / "src" / "blogweave" / "queries").glob("*.rq"))
    if not queries:
        pytest.skip("no shipped queries yet")
    declared = {str(t).removeprefix(str(BW._NS)) for t in declared_terms(ontology)}
    for query in queries:
        used = set(re.findall(r"\bbw:([A-Za-z_]\w*)", query.read_text()))
        assert used <= declared, f"{query.name}: {sorted(used - declared)}"


def owl_rl_closure(rdf: Graph, ontology: Graph) -> tuple[Graph, list[str]]:
    """The export plus ontology expanded under OWL 2 RL (owlrl), and any inconsistency it found."""
    import owlrl

    merged = Graph()
    merged += ontology
    merged += rdf
    closure = owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False)
    closure.expand(merged)
    errors = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
    return merged, [str(o) for o in merged.objects(None, errors)]


def test_alignments_let_a_reasoner_answer_in_other_vocabularies(ontology, tiny_graph):
    closure, errors = owl_rl_closure(to_rdf(tiny_graph), ontology)
    assert errors == []
    kg = "https://example.org/kg/"
    brightwater, milo = URIRef(kg + "organization/brightwater-labs"), URIRef(kg + "person/milo-brandt")
    assert (ADA, RDF.type, FOAF.Person) in closure
    assert (brightwater, RDF.type, ORG.Organization) in closure
    assert (LEAVING, RDF.type, SCHEMA.BlogPosting) in closure
    assert (ADA, ORG.memberOf, brightwater) in closure
    assert (brightwater, SCHEMA.founder, milo) in closure
    assert (TESSELLATE, SCHEMA.creator, ADA) in closure
    assert (TESSELLATE, SCHEMA.funder, URIRef(kg + "organization/norvane-foundation")) in closure


def test_reasoner_finds_a_person_that_is_also_an_organization_inconsistent(ontology, tiny_graph):
    rdf = to_rdf(tiny_graph)
    rdf.add((ADA, RDF.type, BW.Organization))
    _, errors = owl_rl_closure(rdf, ontology)
    assert any("disjoint" in e.lower() for e in errors), errors


def _classes(ontology: Graph, node) -> set[str]:
    """The class names of an rdfs:domain or rdfs:range: one class or an owl:unionOf list."""
    union = ontology.value(node, OWL.unionOf)
    members = list(Collection(ontology, union)) if union is not None else [node]
    return {str(m).removeprefix(str(BW._NS)) for m in members}


def test_relation_signatures_are_the_ontology_domains_and_ranges(ontology):
    from blogweave.models import RELATIONS, SIGNATURES

    assert set(SIGNATURES) == set(RELATIONS)
    for relation, (subjects, objects) in SIGNATURES.items():
        prop = BW._NS[relation]
        assert _classes(ontology, ontology.value(prop, RDFS.domain)) == set(subjects), relation
        assert _classes(ontology, ontology.value(prop, RDFS.range)) == set(objects), relation
