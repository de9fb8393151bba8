"""The HTML graph without a browser: self-contained, data embedded safely, every entity and fact present."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from blogweave.exporters import export
from blogweave.exporters.html import content_prefix, json_for_script, layout, post_href, render_html, to_vis_data
from blogweave.graph.network import entity_nodes, fact_edges

DATA_BLOCK = re.compile(r'<script type="application/json" id="bw-data">(.*?)</script>', re.S)


def page_data(page: str) -> dict:
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def tiny_page(tiny_graph, tmp_path) -> str:
    path = export(tiny_graph, "html", tmp_path / "out" / "graph.html")
    return path.read_text(encoding="utf-8")


def test_no_external_resources(tiny_page):
    attrs = re.findall(r"""\b(?:src|href|action|data)\s*=\s*["']?([^"'\s>]+)""", tiny_page, re.I)
    assert not [a for a in attrs if re.match(r"(?i)(https?:)?//", a)]
    assert not re.search(r"<link\b", tiny_page, re.I)  # no stylesheet or preload of any kind
    assert not re.search(r"<script[^>]*\bsrc\s*=", tiny_page, re.I)
    assert "@import" not in tiny_page


def test_vis_network_is_inlined_with_its_licence(tiny_page):
    assert "vis.js is dual licensed" in tiny_page
    assert "@version 9.1.2" in tiny_page


def test_every_entity_fact_and_post_is_in_the_data(tiny_graph, tiny_page):
    data = page_data(tiny_page)
    nodes = {n["id"]: n for n in data["nodes"]}
    for node, d in entity_nodes(tiny_graph):
        assert nodes[node]["name"] == d["label"]
        assert nodes[node]["type"] == d["type"]
        assert nodes[node]["shape"] and nodes[node]["color"]
    assert {f["from"] + f["predicate"] + f["to"] for f in data["facts"]} == {
        u + d["predicate"] + v for u, v, d in fact_edges(tiny_graph)
    }
    sentences = {e["evidence"] for f in data["facts"] for e in f["evidence"]}
    assert "I joined Brightwater Labs as a staff engineer in 2019." in sentences
    assert {p["path"] for p in data["posts"].values()} == {"2021/leaving-brightwater.md", "notes/tessellate-launch.md"}
    assert len(data["edges"]) == tiny_graph.number_of_edges()  # facts and author edges


def test_one_style_per_type_and_size_grows_with_degree(tiny_graph):
    data = to_vis_data(tiny_graph)
    styles = {}
    for n in data["nodes"]:
        styles.setdefault(n["type"], set()).add((n["shape"], n["color"]))
    assert all(len(s) == 1 for s in styles.values())
    assert len({next(iter(s)) for s in styles.values()}) == len(styles)
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size["organization/brightwater-labs"] > size["organization/norvane-foundation"]
    legend = {t["name"]: t for t in data["meta"]["types"]}
    assert legend["Person"]["count"] == 2 and legend["Post"]["shown"] is False


def test_edges_carry_relation_label_and_evidence_tooltip(tiny_graph):
    data = to_vis_data(tiny_graph)
    founded = [e for e in data["edges"] if e["predicate"] == "founded"]
    assert len(founded) == 1
    assert founded[0]["label"] == "founded"
    assert "Milo Brandt founded Brightwater Labs on 2016-03-01." in founded[0]["title"]
    assert "founding.active.v1" in founded[0]["title"]


def test_hostile_text_is_escaped_in_the_page_and_round_trips(xss_graph):
    page = render_html(xss_graph)
    block = DATA_BLOCK.findall(page)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    data = page_data(page)
    names = {n["name"] for n in data["nodes"]}
    assert {d["label"] for _, d in entity_nodes(xss_graph)} <= names
    # The payloads never appear raw anywhere in the page, only as escaped JSON.
    for payload in ("<script>window.__pwned", "<img src=x onerror", "<svg onload", "<iframe"):
        assert payload not in page
    assert page.count("</script>") == 3  # the data block, vis-network and our script


def test_json_for_script_escapes_markup():
    text = json_for_script({"a": "</script><!-- & ]]> \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & ]]> \u2028"}


def test_post_links_are_relative_and_never_a_scheme(xss_graph):
    assert post_href("../content/", "2021/a b.md") == "../content/2021/a%20b.md"
    assert post_href("", "javascript:alert(1)") == "javascript%3Aalert%281%29"
    assert post_href("../content/", "../../etc/passwd") is None
    assert post_href("../content/", "/abs/x.md") == "../content/abs/x.md"
    hrefs = [p["href"] for p in to_vis_data(xss_graph)["posts"].values()]
    assert all(h and h.startswith("../content/") and ":" not in h for h in hrefs)


def test_content_prefix_from_graph_attribute(tiny_graph, tmp_path):
    assert content_prefix(tiny_graph, tmp_path / "output") == "../content/"
    tiny_graph.graph["content_dir"] = str(tmp_path / "site" / "my posts")
    assert content_prefix(tiny_graph, tmp_path / "output") == "../site/my%20posts/"
    tiny_graph.graph["content_dir"] = "../blog"
    assert content_prefix(tiny_graph, tmp_path / "output") == "../blog/"


def test_layout_is_deterministic_and_separates_nodes(tiny_graph):
    first, second = layout(tiny_graph), layout(tiny_graph)
    assert first == second
    assert set(first) == set(tiny_graph.nodes)
    points = list(first.values())
    assert len({(round(x), round(y)) for x, y in points}) == len(points)
    assert render_html(tiny_graph) == render_html(tiny_graph)


def test_large_graph_has_physics_off_and_positions(tiny_graph):
    data = to_vis_data(tiny_graph)
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_write_is_atomic_and_leaves_no_temporary_files(tiny_graph, tmp_path):
    out = tmp_path / "graph.html"
    out.write_text("previous")
    export(tiny_graph, "html", out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_exporter_does_not_import_spacy():
    source = Path(__file__).parents[1] / "src" / "blogweave" / "exporters" / "html.py"
    assert "spacy" not in source.read_text(encoding="utf-8")


def test_empty_graph_renders(tmp_path):
    import networkx as nx

    page = render_html(nx.MultiDiGraph())
    assert page_data(page)["nodes"] == []


def test_edges_are_coloured_by_relation_and_the_legend_matches(tiny_graph):
    data = to_vis_data(tiny_graph)
    legend = {r["name"]: r["color"] for r in data["meta"]["relations"]}
    assert [r["name"] for r in data["meta"]["relations"]] == ["workedAt", "founded", "fundedBy", "developed", "author"]
    assert len(set(legend.values())) == len(legend)
    assert all(e["color"]["color"] == legend[e["predicate"]] for e in data["edges"])


def test_an_unknown_type_still_gets_a_style_and_a_legend_entry(tiny_graph):
    tiny_graph.nodes["technology/tessellate"]["type"] = "Place"
    data = to_vis_data(tiny_graph)
    legend = {t["name"]: t for t in data["meta"]["types"]}
    assert legend["Place"]["count"] == 1 and legend["Place"]["shown"] is True
    assert next(n for n in data["nodes"] if n["id"] == "technology/tessellate")["shape"] == legend["Place"]["shape"]


def test_odd_unicode_in_names_does_not_break_the_page(tiny_graph, tmp_path):
    odd = "Nul\x00 \u202eright-to-left\u202c lone \ud800 surrogate \U0001f600 " + "x" * 5000
    tiny_graph.nodes["person/ada-quill"]["label"] = odd
    out = export(tiny_graph, "html", tmp_path / "graph.html")
    data = page_data(out.read_text(encoding="utf-8"))
    assert next(n for n in data["nodes"] if n["id"] == "person/ada-quill")["name"] == odd
