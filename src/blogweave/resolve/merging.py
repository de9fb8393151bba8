"""Merging: a union-find over mention records, and how independent evidence adds up to a confidence."""

from __future__ import annotations

from collections.abc import Iterable

#: No merged fact is ever certain.
MAX_CONFIDENCE = 0.99


class UnionFind:
    """Disjoint sets of record indexes; the smallest index of a set is its representative."""

    def __init__(self):
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def combine_confidence(values: Iterable[float]) -> float:
    """Independent evidence adds up: 1 - prod(1 - c), capped at MAX_CONFIDENCE."""
    remaining = 1.0
    for value in values:
        remaining *= 1.0 - max(0.0, min(1.0, value))
    return round(min(MAX_CONFIDENCE, 1.0 - remaining), 4)
