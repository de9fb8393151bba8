"""The blogweave ontology's terms as Python names, and the other vocabularies the export uses.

``BW`` lists every term declared in ``ontology/blogweave.ttl``; ``_fail = True``
makes a typo (``BW.workedat``) raise AttributeError rather than give a silent
wrong IRI. ``tests/test_ontology.py`` keeps this list and the ontology in step.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BW_IRI = "https://w3id.org/blogweave/ontology#"


class BW(DefinedNamespace):
    """The blogweave ontology (https://w3id.org/blogweave/ontology#)."""

    _NS = Namespace(BW_IRI)
    _fail = True

    # classes
    Person: URIRef
    Organization: URIRef
    Technology: URIRef
    Post: URIRef
    Fact: URIRef
    Evidence: URIRef

    # relations between entities (the four the extractor finds)
    workedAt: URIRef
    founded: URIRef
    fundedBy: URIRef
    developed: URIRef

    # posts and entities
    sourcePath: URIRef
    mentionedIn: URIRef
    mentionCount: URIRef
    community: URIRef

    # facts and their evidence
    evidence: URIRef
    evidenceText: URIRef
    line: URIRef
    startOffset: URIRef
    endOffset: URIRef
    rule: URIRef
    confidence: URIRef
    startDate: URIRef
    endDate: URIRef
    role: URIRef
    amount: URIRef


SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")

#: The one prefix table: every RDF export binds these (so Turtle and JSON-LD stay readable),
#: and every SPARQL query may use them without declaring them.
PREFIXES = {
    "bw": BW_IRI,
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
