"""Non-RDF exporters, each read back by a tool that did not write it."""

from __future__ import annotations

import networkx as nx

from blogweave.exporters.json import read_json, write_json


def test_json_round_trip_restores_the_graph_exactly(tiny_graph, tmp_path):
    path = tmp_path / "graph.json"
    write_json(tiny_graph, path)
    back = read_json(path)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.graph == tiny_graph.graph
    assert list(back.nodes(data=True)) == list(tiny_graph.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(tiny_graph.edges(keys=True, data=True))
    assert back.nodes["person/ada-quill"]["aliases"] == ["Ada", "Quill"]
