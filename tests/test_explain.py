"""blogweave explain: every fact about an entity with its evidence (over the tiny_graph fixture)."""

import pytest

from blogweave.errors import BlogweaveError
from blogweave.graph.explain import explain_entity, find_entities


def test_explains_facts_in_and_out_with_evidence(tiny_graph):
    text = explain_entity(tiny_graph, "Brightwater Labs")
    assert text.startswith("Brightwater Labs (Organization)")
    assert "Ada Quill (Person) --workedAt--> Brightwater Labs (Organization)" in text
    assert "Brightwater Labs (Organization) --developed--> Tessellate (Technology)" in text
    assert '"I joined Brightwater Labs as a staff engineer in 2019."' in text
    assert "2021/leaving-brightwater.md:3" in text
    assert "rule employment.join.v1" in text
    assert "from 2019; role staff engineer" in text
    assert "until 2021-06" in text


def test_finds_by_alias_and_ignores_case(tiny_graph):
    assert find_entities(tiny_graph, "tessellate.JS") == ["technology/tessellate"]
    assert "amount $250,000" in explain_entity(tiny_graph, "TESSELLATE")


def test_unknown_name_suggests_close_names(tiny_graph):
    with pytest.raises(BlogweaveError, match=r"no entity named 'Brightwatr Labs'.*did you mean: Brightwater Labs"):
        explain_entity(tiny_graph, "Brightwatr Labs")


def test_unknown_name_without_close_names(tiny_graph):
    with pytest.raises(BlogweaveError) as err:
        explain_entity(tiny_graph, "zzzz")
    assert "did you mean" not in str(err.value)


def test_several_matches_are_listed(tiny_graph):
    tiny_graph.add_node("person/brightwater", kind="entity", type="Person", label="Brightwater", aliases=[], posts=[])
    text = explain_entity(tiny_graph, "Brightwater")
    assert text.startswith("2 entities are named 'Brightwater': ")
    assert "Brightwater (Person)" in text and "Brightwater Labs (Organization)" in text


def test_same_name_is_chosen_by_type_or_iri(tiny_graph):
    tiny_graph.add_node("person/tessellate", kind="entity", type="Person", label="Tessellate", aliases=[], posts=[],
                        iri="https://example.org/id/person/tessellate")
    both = explain_entity(tiny_graph, "Tessellate")
    assert both.startswith("2 entities are named 'Tessellate'")
    assert "https://example.org/id/person/tessellate" in both  # says how to pick one
    assert find_entities(tiny_graph, "tessellate", "person") == ["person/tessellate"]
    assert find_entities(tiny_graph, "Tessellate", "Technology") == ["technology/tessellate"]
    assert find_entities(tiny_graph, "https://example.org/id/person/tessellate") == ["person/tessellate"]
    assert explain_entity(tiny_graph, "Tessellate", "Person").startswith("Tessellate (Person)")
    with pytest.raises(BlogweaveError, match="no Organization named 'Tessellate'.*Person, Technology"):
        explain_entity(tiny_graph, "Tessellate", "Organization")


def test_names_compare_as_names_py_keys(tiny_graph):
    """explain compares names as the rest of blogweave does (names.normalize_name)."""
    assert find_entities(tiny_graph, "  the  Tessellate.js's ") == ["technology/tessellate"]
