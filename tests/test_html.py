"""The HTML graph without a browser: self-contained, data embedded safely, every entity and fact present."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from blogweave.exporters import export
from blogweave.exporters._layout import layout
from blogweave.exporters.html import (
    COMMUNITY_COLORS, content_prefix, json_for_script, post_href, render_html, to_page_data,
)
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


def test_sigma_and_graphology_are_inlined_with_their_licences(tiny_page):
    vendor = Path(__file__).parents[1] / "src" / "blogweave" / "web" / "vendor"
    for name in ("sigma", "graphology"):
        licence = (vendor / f"{name}.LICENSE.txt").read_text(encoding="utf-8")
        assert "Permission is hereby granted, free of charge" in licence
        assert licence.replace("*/", "* /") in tiny_page
    assert (vendor / "sigma.min.js").read_text(encoding="utf-8") in tiny_page
    assert (vendor / "graphology.umd.min.js").read_text(encoding="utf-8") in tiny_page
    assert "pyvis" not in tiny_page


def test_the_page_only_runs_its_own_two_scripts(tiny_page):
    """The CSP lists a hash per inline script; the hashes are those of the scripts in the page."""
    import base64
    import hashlib

    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', tiny_page).group(1)
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", tiny_page, re.S)
    assert len(scripts) == 2 and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts} == allowed


def test_every_entity_fact_and_post_is_in_the_data(tiny_graph, tiny_page):
    data = page_data(tiny_page)
    nodes = {n["id"]: n for n in data["nodes"]}
    for node, d in entity_nodes(tiny_graph):
        assert nodes[node]["name"] == d["label"]
        assert nodes[node]["type"] == d["type"]
        assert nodes[node]["community"] == d["community"]
        assert nodes[node]["iri"] == d["iri"]
    assert {f["from"] + f["predicate"] + f["to"] for f in data["facts"]} == {
        u + d["predicate"] + v for u, v, d in fact_edges(tiny_graph)
    }
    sentences = {e["evidence"] for f in data["facts"] for e in f["evidence"]}
    assert "I joined Brightwater Labs as a staff engineer in 2019." in sentences
    assert {p["path"] for p in data["posts"].values()} == {"2021/leaving-brightwater.md", "notes/tessellate-launch.md"}
    assert len(data["edges"]) == tiny_graph.number_of_edges()  # facts and author edges


def test_one_colour_per_type_and_size_grows_with_degree(tiny_graph):
    data = to_page_data(tiny_graph)
    colours = [t["color"] for t in data["meta"]["types"]]
    assert len(set(colours)) == len(colours)
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size["organization/brightwater-labs"] > size["organization/norvane-foundation"]
    legend = {t["name"]: t for t in data["meta"]["types"]}
    assert legend["Person"]["count"] == 2 and legend["Post"]["shown"] is False


def test_facts_carry_their_edge_and_evidence(tiny_graph):
    data = to_page_data(tiny_graph)
    founded = [f for f in data["facts"] if f["predicate"] == "founded"]
    assert len(founded) == 1
    edge = next(e for e in data["edges"] if e["id"] == founded[0]["edge"])
    assert (edge["from"], edge["to"]) == ("person/milo-brandt", "organization/brightwater-labs")
    [evidence] = founded[0]["evidence"]
    assert evidence["evidence"] == "Milo Brandt founded Brightwater Labs on 2016-03-01."
    assert evidence["rule"] == "founding.active.v1" and evidence["start_date"] == "2016-03-01"


def test_parallel_edges_curve_apart(tiny_graph):
    """Milo Brandt both worked at and founded Brightwater Labs: one edge straight, the other curved."""
    data = to_page_data(tiny_graph)
    pair = [e for e in data["edges"] if {e["from"], e["to"]} == {"person/milo-brandt", "organization/brightwater-labs"}]
    assert sorted(bool(e.get("curve")) for e in pair) == [False, True]


def test_communities_are_in_the_data_and_the_legend(tiny_graph):
    data = to_page_data(tiny_graph)
    community = {n["id"]: n.get("community") for n in data["nodes"]}
    assert all(community[n] is not None for n, _ in entity_nodes(tiny_graph))
    assert all(community[n] is None for n in community if n.startswith("post/"))
    legend = data["meta"]["communities"]
    assert legend and [c["color"] for c in legend] == COMMUNITY_COLORS[: len(legend)]
    for c in legend:  # each entry counts its members and names its best-connected ones
        members = [n for n in data["nodes"] if n.get("community") == c["id"]]
        assert c["count"] == len(members) >= 3
        assert set(c["names"]) <= {n["name"] for n in members}


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
    assert page.count("</script>") == 3  # the data block, the vendored libraries and our script


def test_json_for_script_escapes_markup():
    text = json_for_script({"a": "</script><!-- & ]]> \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & ]]> \u2028"}


def test_post_links_are_relative_and_never_a_scheme(xss_graph):
    assert post_href("../content/", "2021/a b.md") == "../content/2021/a%20b.md"
    assert post_href("", "javascript:alert(1)") == "javascript%3Aalert%281%29"
    assert post_href("../content/", "../../etc/passwd") is None
    assert post_href("../content/", "/abs/x.md") == "../content/abs/x.md"
    hrefs = [p["href"] for p in to_page_data(xss_graph)["posts"].values()]
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


def test_every_node_has_a_position(tiny_graph):
    data = to_page_data(tiny_graph)
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
    data = to_page_data(tiny_graph)
    legend = {r["name"]: r["color"] for r in data["meta"]["relations"]}
    assert [r["name"] for r in data["meta"]["relations"]] == ["workedAt", "founded", "fundedBy", "developed", "author"]
    assert len(set(legend.values())) == len(legend)
    assert {e["predicate"] for e in data["edges"]} == set(legend)


def test_an_unknown_type_still_gets_a_style_and_a_legend_entry(tiny_graph):
    tiny_graph.nodes["technology/tessellate"]["type"] = "Place"
    data = to_page_data(tiny_graph)
    legend = {t["name"]: t for t in data["meta"]["types"]}
    assert legend["Place"]["count"] == 1 and legend["Place"]["shown"] is True
    assert legend["Place"]["color"] not in {t["color"] for t in data["meta"]["types"] if t["name"] != "Place"}


def test_odd_unicode_in_names_does_not_break_the_page(tiny_graph, tmp_path):
    odd = "Nul\x00 \u202eright-to-left\u202c lone \ud800 surrogate \U0001f600 " + "x" * 5000
    tiny_graph.nodes["person/ada-quill"]["label"] = odd
    out = export(tiny_graph, "html", tmp_path / "graph.html")
    data = page_data(out.read_text(encoding="utf-8"))
    assert next(n for n in data["nodes"] if n["id"] == "person/ada-quill")["name"] == odd
