"""RDF export: one rdflib graph, serialized as Turtle, N-Triples, JSON-LD and RDF/XML.

What the graph holds (the contract in ``../shared/eval/README.md``, the terms in
``ontology/blogweave.ttl``):

* each entity: its ``iri``, ``rdf:type`` ``bw:Person`` / ``bw:Organization`` /
  ``bw:Technology``, ``rdfs:label`` (canonical name), ``skos:altLabel`` (every
  other surface form), ``bw:mentionedIn`` each post, ``bw:mentionCount``, ``bw:community``;
* each fact: the direct triple ``subject bw:workedAt object`` (or founded,
  fundedBy, developed), and a provenance node (the edge's ``iri``) typed
  ``bw:Fact``, ``rdf:Statement`` and ``prov:Entity`` that reifies it with
  ``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``, carries
  ``bw:confidence``, ``prov:wasDerivedFrom`` every post it comes from, the
  qualifiers ``bw:startDate`` / ``bw:endDate`` / ``bw:role`` / ``bw:amount``
  (see ``_attrs.fact_qualifiers``), and one ``bw:evidence`` node per sentence;
* each evidence node (``<fact iri>/evidence/N``), typed ``bw:Evidence`` and
  ``prov:Entity``: ``bw:evidenceText`` (the sentence), ``prov:wasDerivedFrom``
  its post, ``bw:line``, ``bw:startOffset`` / ``bw:endOffset``, ``bw:rule``,
  ``bw:confidence``, and that sentence's own qualifiers;
* each post: ``bw:Post`` with ``bw:sourcePath``, ``dcterms:title`` and
  ``schema:headline``, ``schema:datePublished``, ``schema:keywords`` per tag,
  and ``schema:author`` for each author's ``bw:Person`` node.

Dates are typed by their precision: ``xsd:gYear`` (2019), ``xsd:gYearMonth``
(2019-05) or ``xsd:date`` (2019-05-04); a value that is not a real ISO date is
left out rather than exported ill-typed. Facts whose ends are not exported
entities are left out too. Every writer lists triples in sorted order, so the
same graph always gives the same bytes (rebuilds diff cleanly).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from blogweave.dates import is_iso_date
from blogweave.exporters import atomic_output
from blogweave.exporters._attrs import clean_text, fact_qualifiers
from blogweave.graph.network import POST_PREFIX, post_iri
from blogweave.namespace import BW, PREFIXES, PROV, SCHEMA

ENTITY_CLASSES = {"Person": BW.Person, "Organization": BW.Organization, "Technology": BW.Technology}
RELATION_PROPERTIES = {
    "workedAt": BW.workedAt,
    "founded": BW.founded,
    "fundedBy": BW.fundedBy,
    "developed": BW.developed,
}
_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


def date_literal(value: str | None) -> Literal | None:
    """An ISO date string as a literal typed by its precision, or None when it is not a real date."""
    if not is_iso_date(value):
        return None
    return Literal(value, datatype=_DATE_TYPES[len(value)])


def text(value) -> Literal:
    """A plain string literal, without characters that RDF/XML could not carry."""
    return Literal(clean_text(str(value)))


def decimal_literal(value: float) -> Literal:
    return Literal(Decimal(str(round(float(value), 4))), datatype=XSD.decimal)


def _post_ref(graph: nx.MultiDiGraph, rel_path: str) -> URIRef:
    node = graph.nodes.get(POST_PREFIX + rel_path)
    if node is not None and node.get("iri"):
        return URIRef(node["iri"])
    return URIRef(post_iri(graph.graph.get("base_iri", ""), rel_path))


def _add_qualifiers(rdf: Graph, node: URIRef, values: dict) -> None:
    for key, prop in (("start_date", BW.startDate), ("end_date", BW.endDate)):
        literal = date_literal(values.get(key))
        if literal is not None:
            rdf.add((node, prop, literal))
    for key, prop in (("role", BW.role), ("amount", BW.amount)):
        items = values.get(key)
        if isinstance(items, str):
            items = [items]
        for item in items or ():
            if str(item).strip():
                rdf.add((node, prop, text(str(item).strip())))


def _add_entity(rdf: Graph, graph: nx.MultiDiGraph, data: dict) -> None:
    node = URIRef(data["iri"])
    rdf.add((node, RDF.type, ENTITY_CLASSES[data["type"]]))
    rdf.add((node, RDFS.label, text(data["label"])))
    for alias in data.get("aliases") or ():
        if alias and alias != data["label"]:
            rdf.add((node, SKOS.altLabel, text(alias)))
    for rel_path in data.get("posts") or ():
        rdf.add((node, BW.mentionedIn, _post_ref(graph, rel_path)))
    if data.get("mentions") is not None:
        rdf.add((node, BW.mentionCount, Literal(int(data["mentions"]), datatype=XSD.nonNegativeInteger)))
    if data.get("community") is not None:
        rdf.add((node, BW.community, Literal(int(data["community"]), datatype=XSD.nonNegativeInteger)))


def _add_post(rdf: Graph, graph: nx.MultiDiGraph, name: str, data: dict) -> None:
    node = URIRef(data["iri"])
    rdf.add((node, RDF.type, BW.Post))
    rdf.add((node, BW.sourcePath, text(data["source_path"])))
    if data.get("label"):
        rdf.add((node, DCTERMS.title, text(data["label"])))
        rdf.add((node, SCHEMA.headline, text(data["label"])))
    published = date_literal(data.get("date"))
    if published is not None:
        rdf.add((node, SCHEMA.datePublished, published))
    for tag in data.get("tags") or ():
        rdf.add((node, SCHEMA.keywords, text(tag)))
    for _, author, key in graph.out_edges(name, keys=True):
        if key == "author" and graph.nodes[author].get("iri"):
            rdf.add((node, SCHEMA.author, URIRef(graph.nodes[author]["iri"])))


def _add_fact(rdf: Graph, graph: nx.MultiDiGraph, subject: str, obj: str, data: dict) -> None:
    prop = RELATION_PROPERTIES.get(data.get("predicate"))
    ends = (graph.nodes[subject], graph.nodes[obj])
    if prop is None or any(end.get("type") not in ENTITY_CLASSES or not end.get("iri") for end in ends):
        return  # a fact about a node that is not an exported entity would leave an untyped, unlabelled IRI
    s, o = URIRef(graph.nodes[subject]["iri"]), URIRef(graph.nodes[obj]["iri"])
    rdf.add((s, prop, o))
    fact = URIRef(data["iri"])
    for cls in (BW.Fact, RDF.Statement, PROV.Entity):
        rdf.add((fact, RDF.type, cls))
    rdf.add((fact, RDF.subject, s))
    rdf.add((fact, RDF.predicate, prop))
    rdf.add((fact, RDF.object, o))
    rdf.add((fact, BW.confidence, decimal_literal(data.get("confidence", 0.0))))
    evidence = data.get("evidence") or []
    _add_qualifiers(rdf, fact, fact_qualifiers(evidence))
    for index, item in enumerate(evidence, 1):
        node = URIRef(f"{data['iri']}/evidence/{index}")
        post = _post_ref(graph, item["post"])
        rdf.add((fact, PROV.wasDerivedFrom, post))
        rdf.add((fact, BW.evidence, node))
        rdf.add((node, RDF.type, BW.Evidence))
        rdf.add((node, RDF.type, PROV.Entity))
        rdf.add((node, PROV.wasDerivedFrom, post))
        rdf.add((node, BW.evidenceText, text(item.get("evidence", ""))))
        rdf.add((node, BW.rule, text(item.get("rule", ""))))
        rdf.add((node, BW.confidence, decimal_literal(item.get("confidence", 0.0))))
        if item.get("line"):
            rdf.add((node, BW.line, Literal(int(item["line"]), datatype=XSD.positiveInteger)))
        if item.get("end"):
            rdf.add((node, BW.startOffset, Literal(int(item.get("start", 0)), datatype=XSD.nonNegativeInteger)))
            rdf.add((node, BW.endOffset, Literal(int(item["end"]), datatype=XSD.nonNegativeInteger)))
        _add_qualifiers(rdf, node, item)


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    """The RDF form of the blogweave graph (see the module docstring for its shape)."""
    rdf = Graph()
    for prefix, iri in PREFIXES.items():
        rdf.bind(prefix, iri, override=True)
    for name, data in graph.nodes(data=True):
        if data.get("kind") == "entity" and data.get("type") in ENTITY_CLASSES:
            _add_entity(rdf, graph, data)
        elif data.get("kind") == "post":
            _add_post(rdf, graph, name, data)
    for subject, obj, data in graph.edges(data=True):
        if data.get("predicate") in RELATION_PROPERTIES and data.get("iri"):
            _add_fact(rdf, graph, subject, obj, data)
    return rdf


class _SortedGraph(Graph):
    """A graph that lists its triples in sorted order.

    rdflib's memory store iterates in hash order, which changes from run to run;
    every serializer reads through ``triples``, so sorting here makes the same
    graph give the same bytes in all four formats, and a rebuild's diff shows
    only what changed.
    """

    def triples(self, triple):
        yield from sorted(super().triples(triple), key=lambda t: tuple(term.n3() for term in t))


def _sorted_copy(graph: nx.MultiDiGraph) -> Graph:
    rdf = _SortedGraph()
    for prefix, iri in PREFIXES.items():
        rdf.bind(prefix, iri, override=True)
    rdf += to_rdf(graph)
    return rdf


def _write(graph: nx.MultiDiGraph, path: Path, rdf_format: str) -> None:
    rdf = _sorted_copy(graph)
    with atomic_output(path) as tmp:
        rdf.serialize(destination=str(tmp), format=rdf_format, encoding="utf-8")


def write_turtle(graph: nx.MultiDiGraph, path: Path) -> None:
    _write(graph, path, "turtle")


def write_ntriples(graph: nx.MultiDiGraph, path: Path) -> None:
    _write(graph, path, "nt")


def write_rdfxml(graph: nx.MultiDiGraph, path: Path) -> None:
    _write(graph, path, "xml")


def write_jsonld(graph: nx.MultiDiGraph, path: Path) -> None:
    # a context of the bound prefixes keeps the JSON-LD compact; rdflib expands it back on reading.
    # rdflib lists top-level nodes in set order, so they are sorted by @id for stable output.
    text = _sorted_copy(graph).serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    data = json.loads(text)
    if isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    with atomic_output(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_rdf(path: Path) -> Graph:
    """Any of the four exports, parsed back (format from the suffix)."""
    rdf = Graph()
    rdf.parse(str(path))
    return rdf
