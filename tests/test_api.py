"""The Python API: blogweave.build, blogweave.load, blogweave.query (over a small site with invented names)."""

from __future__ import annotations

import networkx as nx
import pytest

import blogweave
from blogweave.errors import BlogweaveError

POSTS = {
    "2021-03-02-joining.md": "---\ntitle: Joining\nauthor: Oren Vasquel\n---\n\n"
    "Oren Vasquel joined Harrowgate Instruments as a designer in 2021.\n",
    "2021-09-10-launch.md": "---\ntitle: Launch\nauthor: Oren Vasquel\n---\n\n"
    "Harrowgate Instruments developed Lumenreed, a tool for tuning lenses.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("api")
    content = root / "content"
    content.mkdir()
    for name, text in POSTS.items():
        (content / name).write_text(text, encoding="utf-8")
    kg = blogweave.build(content, out_dir=root / "out", formats="turtle", processes=1)
    return root / "out", kg


@pytest.mark.model
def test_build_returns_the_graph_entities_and_facts(built):
    out, kg = built
    assert isinstance(kg.graph, nx.MultiDiGraph)
    assert kg.out_dir == out and kg.report.posts_read == 2
    names = {(e.name, e.type) for e in kg.entities}
    assert ("Oren Vasquel", "Person") in names and ("Harrowgate Instruments", "Organization") in names
    by_id = {e.id: e for e in kg.entities}
    worked = [f for f in kg.facts if f.predicate == "workedAt"]
    assert [(by_id[f.subject].name, by_id[f.object].name) for f in worked] == [("Oren Vasquel", "Harrowgate Instruments")]
    assert worked[0].evidence[0]["post"] == "2021-03-02-joining.md"
    assert all(kg.graph.has_node(e.id) for e in kg.entities)
    assert [e.name for e in kg.entity("harrowgate instruments")] == ["Harrowgate Instruments"]


@pytest.mark.model
def test_load_reads_the_same_build_back(built):
    out, kg = built
    loaded = blogweave.load(out)
    assert loaded.entities == kg.entities
    assert loaded.facts == kg.facts
    assert loaded.report is None


@pytest.mark.model
def test_query_returns_rows(built):
    out, _ = built
    rows = blogweave.query(out, "worked-at")
    assert [(r["person"], r["organization"]) for r in rows] == [("Oren Vasquel", "Harrowgate Instruments")]
    sparql = ("PREFIX bw: <https://w3id.org/blogweave/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
              "SELECT ?name WHERE { ?t a bw:Technology ; rdfs:label ?name }")
    assert {"name": "Lumenreed"} in blogweave.query(out, sparql)
    assert blogweave.query(out / "graph.ttl", "ASK { ?s ?p ?o }") is True
    assert blogweave.query(out, "developed-by", name="Harrowgate Instruments")


def test_load_and_query_without_a_build_raise_our_error(tmp_path):
    with pytest.raises(BlogweaveError, match="blogweave build"):
        blogweave.load(tmp_path / "none")
    with pytest.raises(BlogweaveError, match="graph.ttl"):
        blogweave.query(tmp_path / "none", "SELECT * WHERE { ?s ?p ?o }")


def test_build_of_a_missing_folder_raises_our_error(tmp_path):
    with pytest.raises(BlogweaveError, match="does not exist"):
        blogweave.build(tmp_path / "nope", out_dir=tmp_path / "out")


def test_build_rejects_a_bad_setting(tmp_path):
    (tmp_path / "c").mkdir()
    with pytest.raises(BlogweaveError, match="min_confidence"):
        blogweave.build(tmp_path / "c", out_dir=tmp_path / "out", min_confidence=3)


@pytest.mark.model
def test_adding_a_post_to_a_built_folder_changes_no_existing_iri(tmp_path):
    """The issue's check end to end: build, add a post, build again; every entity keeps its IRI."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "one.md").write_text(
        "---\ntitle: One\nauthor: Mira Dahl\n---\nMira Dahl joined Kestrel Analytics in 2019. "
        "She later founded Vantor Labs with Tarn Ouvrard.\n", encoding="utf-8")
    (content / "two.md").write_text(
        "---\ntitle: Two\nauthor: Tarn Ouvrard\n---\nTarn Ouvrard worked at Kestrel Analytics for two years.\n",
        encoding="utf-8")
    out = tmp_path / "out"

    def iris() -> dict:
        graph = blogweave.load(out).graph
        return {(d["type"], d["label"]): d["iri"] for _, d in graph.nodes(data=True) if d.get("kind") == "entity"}

    blogweave.build(content, out_dir=out)
    before = iris()
    assert before
    (content / "0-first.md").write_text(  # sorts first: positions of all other posts move
        "---\ntitle: Zero\nauthor: Ines Varga\n---\nInes Varga joined Kestrel Analytics. "
        "Mira Dahl met Kestrel Works founders.\n", encoding="utf-8")
    blogweave.build(content, out_dir=out)
    after = iris()
    assert {key: after.get(key) for key in before} == before
