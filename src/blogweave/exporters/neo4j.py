"""Neo4j export: a folder of CSV files with neo4j-admin import headers, and a Cypher script that loads them.

Files written (``path`` is the folder):

* ``entities.csv`` - one row per entity; ``:LABEL`` is ``Entity;Person`` (or
  Organization, Technology).
* ``posts.csv`` - one row per post, ``:LABEL`` ``Post``.
* ``facts.csv`` - one row per fact edge; ``:TYPE`` is WORKED_AT, FOUNDED,
  FUNDED_BY or DEVELOPED; the evidence records are one JSON string.
* ``authors.csv`` - post to author, ``:TYPE`` AUTHOR.
* ``load.cypher`` - LOAD CSV statements for a running Neo4j 5 (cypher-shell);
  its header comment also gives the neo4j-admin command for an empty database.

The node files' ID column is ``id:ID``, so ``neo4j-admin import`` stores the ID as an
``id`` property, as ``load.cypher`` does (``MERGE (n {id: ...})``): both load paths give
nodes the same properties.

Arrays (``:string[]``) use ";", neo4j-admin's default array delimiter, so a ";"
inside a name becomes ","; line breaks inside cells become spaces, since
neo4j-admin reads multi-line cells only when told to.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from blogweave.exporters import atomic_output
from blogweave.exporters._attrs import clean_text, fact_qualifiers

RELATION_TYPES = {
    "workedAt": "WORKED_AT",
    "founded": "FOUNDED",
    "fundedBy": "FUNDED_BY",
    "developed": "DEVELOPED",
}
AUTHOR_TYPE = "AUTHOR"
ENTITY_LABELS = ("Person", "Organization", "Technology")

ENTITY_HEADER = ["id:ID", "name", "type", "aliases:string[]", "posts:string[]", "mentions:int", "community:int", "iri", ":LABEL"]
POST_HEADER = ["id:ID", "title", "source_path", "date", "tags:string[]", "iri", ":LABEL"]
FACT_HEADER = [
    ":START_ID", ":END_ID", ":TYPE", "predicate", "confidence:double", "start_date", "end_date",
    "role:string[]", "amount:string[]", "evidence_count:int", "evidence", "iri",
]
AUTHOR_HEADER = [":START_ID", ":END_ID", ":TYPE"]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(_cell(v).replace(";", ",") for v in value)
    return " ".join(clean_text(str(value)).splitlines())


def _write_csv(path: Path, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(v) for v in row])


def _entity_rows(graph: nx.MultiDiGraph):
    for name, d in graph.nodes(data=True):
        if d.get("kind") == "entity":
            yield [name, d.get("label"), d.get("type"), d.get("aliases") or [], d.get("posts") or [],
                   int(d.get("mentions") or 0), d.get("community"), d.get("iri"), f"Entity;{d.get('type')}"]


def _post_rows(graph: nx.MultiDiGraph):
    for name, d in graph.nodes(data=True):
        if d.get("kind") == "post":
            yield [name, d.get("label"), d.get("source_path"), d.get("date"), d.get("tags") or [], d.get("iri"), "Post"]


def _fact_rows(graph: nx.MultiDiGraph):
    for source, target, d in graph.edges(data=True):
        rel_type = RELATION_TYPES.get(d.get("predicate"))
        if rel_type is None:
            continue
        evidence = d.get("evidence") or []
        qualifiers = fact_qualifiers(evidence)
        yield [source, target, rel_type, d["predicate"], float(d.get("confidence", 0.0)),
               qualifiers.get("start_date"), qualifiers.get("end_date"), qualifiers.get("role", []),
               qualifiers.get("amount", []), len(evidence), json.dumps(evidence, ensure_ascii=False, sort_keys=True),
               d.get("iri")]


def _author_rows(graph: nx.MultiDiGraph):
    for source, target, key in graph.edges(keys=True):
        if key == "author":
            yield [source, target, AUTHOR_TYPE]


def _list_expr(column: str) -> str:
    value = f"row.`{column}`"
    return f"CASE WHEN {value} IS NULL OR {value} = '' THEN [] ELSE split({value}, ';') END"


def load_script() -> str:
    """The Cypher that loads the four CSV files into a running Neo4j 5 with LOAD CSV."""
    lines = [
        "// Load a blogweave graph into Neo4j 5.",
        "// Copy entities.csv, posts.csv, facts.csv and authors.csv into the database's import folder, then:",
        "//     cypher-shell -u neo4j -p PASSWORD -f load.cypher",
        "// Into an empty database, neo4j-admin reads the same files directly:",
        "//     neo4j-admin database import full --nodes=entities.csv --nodes=posts.csv \\",
        "//         --relationships=facts.csv --relationships=authors.csv neo4j",
        "// Running this script twice is harmless: nodes and relationships are MERGEd.",
        "",
        "CREATE CONSTRAINT blogweave_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;",
        "CREATE CONSTRAINT blogweave_post_id IF NOT EXISTS FOR (n:Post) REQUIRE n.id IS UNIQUE;",
        "",
    ]
    for label in ENTITY_LABELS:
        lines += [
            "LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row",
            f"WITH row WHERE row.`:LABEL` = 'Entity;{label}'",
            f"MERGE (n:Entity:{label} {{id: row.`id:ID`}})",
            "SET n.name = row.name, n.type = row.type, n.iri = row.iri,",
            "    n.mentions = toInteger(row.`mentions:int`), n.community = toInteger(row.`community:int`),",
            f"    n.aliases = {_list_expr('aliases:string[]')},",
            f"    n.posts = {_list_expr('posts:string[]')};",
            "",
        ]
    lines += [
        "LOAD CSV WITH HEADERS FROM 'file:///posts.csv' AS row",
        "MERGE (n:Post {id: row.`id:ID`})",
        "SET n.title = row.title, n.source_path = row.source_path, n.date = row.date, n.iri = row.iri,",
        f"    n.tags = {_list_expr('tags:string[]')};",
        "",
    ]
    for rel_type in RELATION_TYPES.values():
        lines += [
            "LOAD CSV WITH HEADERS FROM 'file:///facts.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = '{rel_type}'",
            "MATCH (s:Entity {id: row.`:START_ID`}), (o:Entity {id: row.`:END_ID`})",
            f"MERGE (s)-[r:{rel_type}]->(o)",
            "SET r.predicate = row.predicate, r.confidence = toFloat(row.`confidence:double`),",
            "    r.start_date = row.start_date, r.end_date = row.end_date,",
            f"    r.role = {_list_expr('role:string[]')},",
            f"    r.amount = {_list_expr('amount:string[]')},",
            "    r.evidence_count = toInteger(row.`evidence_count:int`), r.evidence = row.evidence, r.iri = row.iri;",
            "",
        ]
    lines += [
        "LOAD CSV WITH HEADERS FROM 'file:///authors.csv' AS row",
        "MATCH (p:Post {id: row.`:START_ID`}), (a:Entity {id: row.`:END_ID`})",
        f"MERGE (p)-[:{AUTHOR_TYPE}]->(a);",
    ]
    return "\n".join(lines) + "\n"


def write_neo4j(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write the CSV files and load.cypher into the folder ``path`` (replaced as a whole)."""
    with atomic_output(path, is_dir=True) as tmp:
        _write_csv(tmp / "entities.csv", ENTITY_HEADER, _entity_rows(graph))
        _write_csv(tmp / "posts.csv", POST_HEADER, _post_rows(graph))
        _write_csv(tmp / "facts.csv", FACT_HEADER, _fact_rows(graph))
        _write_csv(tmp / "authors.csv", AUTHOR_HEADER, _author_rows(graph))
        (tmp / "load.cypher").write_text(load_script(), encoding="utf-8")
        for file in tmp.iterdir():
            file.chmod(0o644)
        tmp.chmod(0o755)  # mkdtemp makes the folder private; the export is meant to be shared
