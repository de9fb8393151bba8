"""The graph: resolved entities and facts as a networkx graph, and explaining a node from it."""
