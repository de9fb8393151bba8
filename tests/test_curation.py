"""Curation in the content folder's blogweave.toml: each override on a small build with the stand-in stages."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline_fakes
from blogweave.config import load_settings
from blogweave.errors import ConfigError
from blogweave.graph.explain import explain_entity
from blogweave.pipeline.build import load_graph

POSTS = {
    "a.md": "First post\nQuilla founded Zorvex. Marn founded Brellis.\n",
    "b.md": "Second post\nYorvald wrote about Tamsin.\n",
}


def build(tmp_path: Path, toml: str, out: str = "out"):
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    for name, text in POSTS.items():
        (content / name).write_text(text, encoding="utf-8")
    (content / "blogweave.toml").write_text(toml, encoding="utf-8")
    settings = load_settings(content, cwd=tmp_path, out_dir=tmp_path / out, formats="turtle,json", processes=1)
    report = pipeline_fakes.build(settings)
    return load_graph(tmp_path / out), report, "blogweave.toml"  # named as the content folder sees it


def facts(graph):
    return {(u, d["predicate"], v) for u, v, d in graph.edges(data=True) if d["predicate"] != "author"}


def test_alias_merges_into_the_named_entity_and_records_file_and_line(tmp_path):
    graph, _, toml = build(tmp_path, '# corrections\n\n[aliases]\n"Marn" = "Yorvald"\n')
    assert "person/marn" not in graph
    assert "Marn" in graph.nodes["person/yorvald"]["aliases"]
    assert ("person/yorvald", "founded", "organization/brellis") in facts(graph)
    assert graph.nodes["person/yorvald"]["curation"] == [f"aliases {toml}:4"]
    assert f"curated: aliases {toml}:4" in explain_entity(graph, "Marn")


def test_types_changes_the_type_and_merges_with_the_same_name_and_type(tmp_path):
    graph, _, toml = build(tmp_path, '[types]\nTamsin = "Technology"\n"Zorvex" = "Organization"\n')
    assert "person/tamsin" not in graph
    assert graph.nodes["technology/tamsin"]["type"] == "Technology"
    assert graph.nodes["technology/tamsin"]["curation"] == [f"types {toml}:2"]
    # the Person mention of Zorvex joins the Organization of the same name
    assert "person/zorvex" not in graph
    assert graph.nodes["organization/zorvex"]["curation"] == [f"types {toml}:3"]


def test_same_merges_a_list_of_names_into_the_first(tmp_path):
    graph, _, toml = build(tmp_path, '[same]\nq = ["Quilla", "Tamsin"]\n')
    assert "person/tamsin" not in graph
    assert "Tamsin" in graph.nodes["person/quilla"]["aliases"]
    assert graph.nodes["person/quilla"]["curation"] == [f"same {toml}:2"]


def test_distinct_blocks_a_merge(tmp_path):
    graph, report, _ = build(tmp_path, '[aliases]\n"Marn" = "Yorvald"\n\n[distinct]\nx = ["Marn", "Yorvald"]\n')
    assert "person/marn" in graph and "person/yorvald" in graph
    assert ("person/marn", "founded", "organization/brellis") in facts(graph)


def test_reject_removes_a_fact_and_explain_prints_the_line_to_paste(tmp_path):
    graph, _, _ = build(tmp_path, "")
    text = explain_entity(graph, "Quilla")
    line = '[[reject]] subject = "Quilla" relation = "founded" object = "Zorvex"'
    assert line in text
    assert '[types] "Quilla" = "Organization"' in text
    graph, report, toml = build(tmp_path,
                                '[[reject]]\nsubject = "Marn"\nrelation = "founded"\nobject = "Brellis"\n\n'
                                '[[reject]]\nsubject = "Quilla"\nrelation = "founded"\nobject = "Zorvex"\n', "out2")
    assert facts(graph) == set()
    assert graph.nodes["person/quilla"]["curation"] == [f"reject {toml}:6"]
    assert graph.nodes["person/marn"]["curation"] == [f"reject {toml}:1"]


def test_assert_adds_a_fact_with_its_note_file_and_line(tmp_path):
    graph, _, toml = build(tmp_path, '[[assert]]\nsubject = "Tamsin"\nrelation = "founded"\n'
                                     'object = "Brellis"\nnote = "Tamsin told me in 2020."\n')
    edges = [d for u, v, d in graph.edges(data=True) if (u, v) == ("person/tamsin", "organization/brellis")]
    assert len(edges) == 1
    [evidence] = edges[0]["evidence"]
    assert (evidence["rule"], evidence["post"], evidence["line"]) == ("curation.assert.v1", toml, 1)
    assert evidence["evidence"] == "Tamsin told me in 2020."
    text = explain_entity(graph, "Tamsin")
    assert "curation.assert.v1" in text and f"{toml}:1" in text
    # an asserted fact about a name no post mentions makes its entity
    graph, _, _ = build(tmp_path, '[[assert]]\nsubject = "Odile"\nrelation = "workedAt"\n'
                                  'object = "Brellis"\nnote = "Her CV."\n', "out2")
    assert graph.nodes["person/odile"]["type"] == "Person"
    assert ("person/odile", "workedAt", "organization/brellis") in facts(graph)


def test_changed_curation_rebuilds_without_reparsing(tmp_path):
    _, first, _ = build(tmp_path, '[aliases]\n"Marn" = "Yorvald"\n')
    assert first.parsed == len(POSTS)
    _, same, _ = build(tmp_path, '[aliases]\n"Marn" = "Yorvald"\n')
    assert same.up_to_date
    graph, changed, _ = build(tmp_path, '[aliases]\n"Marn" = "Quilla"\n')
    assert not changed.up_to_date and changed.parsed == 0 and changed.cached == len(POSTS)
    assert "Marn" in graph.nodes["person/quilla"]["aliases"]


def test_an_override_naming_no_entity_warns_with_file_and_line(tmp_path):
    _, report, toml = build(tmp_path, '[types]\n"Nobody" = "Person"\n')
    assert any(w.startswith(f"{toml}:2:") and "Nobody" in w for w in report.warnings)


@pytest.mark.parametrize("toml", [
    '[types]\n"Zorvex" = "Planet"\n',
    '[same]\nx = "Quilla"\n',
    '[[reject]]\nsubject = "A"\nrelation = "likes"\nobject = "B"\n',
    '[[assert]]\nsubject = "A"\nrelation = "founded"\nobject = "B"\n',
    'curation = "x"\n',
])
def test_a_malformed_table_is_a_config_error_naming_the_file(tmp_path, toml):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "blogweave.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match="blogweave.toml"):
        load_settings(tmp_path / "content", cwd=tmp_path)


def test_curation_tables_are_not_read_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.blogweave.aliases]\n"A" = "B"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pyproject.toml"):
        load_settings(tmp_path / "content", cwd=tmp_path)


def test_the_html_panel_data_holds_the_lines_to_paste_and_the_curation(tmp_path):
    from blogweave.exporters.html import to_page_data

    graph, _, toml = build(tmp_path, '[aliases]\n"Marn" = "Yorvald"\n')
    data = to_page_data(graph)
    node = next(n for n in data["nodes"] if n["id"] == "person/yorvald")
    assert node["curation"] == [f"aliases {toml}:2"]
    assert '[types] "Yorvald" = "Organization"  (or "Technology")' in node["correct"]
    fact = next(f for f in data["facts"] if (f["from"], f["to"]) == ("person/yorvald", "organization/brellis"))
    assert fact["reject"] == '[[reject]] subject = "Yorvald" relation = "founded" object = "Brellis"'


def test_distinct_splits_an_alias_off_with_the_facts_only_it_names():
    from blogweave.models import Entity, Provenance, ResolvedFact
    from blogweave.config import parse_curation as parse
    from blogweave.resolve.curation import apply

    toml = '[distinct]\nkeep = ["Pellmor", "Pellmor Group"]\n'
    curation = parse(Path("blogweave.toml"), {"distinct": {"keep": ["Pellmor", "Pellmor Group"]}}, toml)
    entities = [Entity("organization/pellmor", "Pellmor", "Organization", ("Pellmor Group",), ("a.md",), 3),
                Entity("person/ivo", "Ivo", "Person", (), ("a.md",), 2)]
    facts = [ResolvedFact("person/ivo", "workedAt", "organization/pellmor", 0.9,
                          (Provenance("a.md", 3, "Ivo joined Pellmor Group.", "r.v1", 0.9),)),
             ResolvedFact("person/ivo", "founded", "organization/pellmor", 0.9,
                          (Provenance("a.md", 5, "Ivo founded Pellmor.", "r.v1", 0.9),))]
    entities, facts, _, notes = apply(curation, entities, facts, [])
    by_id = {e.id: e for e in entities}
    assert by_id["organization/pellmor"].aliases == ()
    split = next(e for e in entities if e.label == "Pellmor Group")
    assert {(f.predicate, f.object) for f in facts} == {("workedAt", split.id), ("founded", "organization/pellmor")}
    assert notes[split.id] == ["distinct blogweave.toml:2"] == notes["organization/pellmor"]
