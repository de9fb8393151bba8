"""The package layout's contract: imports follow the data flow, no cycles, small modules.

``FLOW`` below is the one table of which package may import which; README.md and
CONTRIBUTING.md point here. The imports are read from the source with ``ast``
(``tools/layout.py``), also those inside functions, so a lazy import counts too.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

_spec = importlib.util.spec_from_file_location("layout_tool", ROOT / "tools" / "layout.py")
layout = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("layout_tool", layout)  # dataclasses look their module up there
_spec.loader.exec_module(layout)

#: The stage packages in the order the data flows. A stage may import the shared
#: top-level modules and the stages before it, never one after it.
FLOW = ("posts", "nlp", "relations", "resolve", "graph", "exporters", "pipeline")
#: Imports the order above allows but the design does not: an exporter reads the
#: graph only (nlp, and relations and resolve that use it, would bring spaCy).
NOT_ALLOWED = {"exporters": ("posts", "nlp", "relations", "resolve")}
#: Beside the flow: SPARQL reads the exported files and imports no stage.
APART = ("sparql",)
#: On top: may import anything (the command line, the public API, ``python -m``).
TOP = ("cli", "__init__", "__main__")
#: Everything else at the top of src/blogweave is a shared module (config, errors,
#: models, names, namespace, small helpers): it imports no stage and nothing on top.
MAX_TOP_LEVEL = 10  # modules directly in src/blogweave, __init__.py and __main__.py included
MAX_LINES = 500
#: Packages (and every shared module) that never load spaCy, not even through another module.
NO_SPACY = ("posts", "graph", "exporters", "sparql")


def allowed(importer: str) -> set[str]:
    """The stage packages ``importer`` may import."""
    if importer in TOP:
        return set(FLOW) | set(APART)
    if importer in FLOW:
        return set(FLOW[: FLOW.index(importer)]) - set(NOT_ALLOWED.get(importer, ()))
    return set()  # APART and the shared modules


@pytest.fixture(scope="module")
def modules():
    return layout.read_modules(SRC)


def _kind(package: str) -> str:
    if package in FLOW or package in APART:
        return "stage"
    return "top" if package in TOP else "shared"


def test_every_stage_package_is_in_the_table():
    assert set(layout.stage_packages(SRC)) == set(FLOW) | set(APART)


def test_no_import_against_the_flow(modules):
    wrong = []
    for mod in modules.values():
        a = layout.package_of(mod.name)
        for target, line in mod.imports:
            b = layout.package_of(target)
            if a == b or _kind(a) == "top":
                continue
            if _kind(b) == "top" or (_kind(b) == "stage" and b not in allowed(a)):
                wrong.append(f"{mod.path.relative_to(ROOT)}:{line} imports {target} ({a} -> {b})")
    assert not wrong, "imports against the flow (see FLOW in tests/test_layout.py):\n" + "\n".join(wrong)


def _cycles(modules) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), and self-imports."""
    graph = {name: sorted({t for t, _ in mod.imports}) for name, mod in modules.items()}
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle(modules):
    assert _cycles(modules) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path):
    pkg = tmp_path / "blogweave" / "a"
    pkg.mkdir(parents=True)
    (tmp_path / "blogweave" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "x.py").write_text("from blogweave.a import y\n")
    (pkg / "y.py").write_text("def f():\n    from blogweave.a.x import g\n")
    (pkg / "z.py").write_text("from . import y\n")
    found = layout.read_modules(tmp_path)
    assert _cycles(found) == [["blogweave.a.x", "blogweave.a.y"]]
    assert ("blogweave.a.y", 1) in found["blogweave.a.z"].imports


def _reach(modules, start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [t for t, _ in modules[name].imports]
    return seen


def test_no_spacy_where_it_does_not_belong(modules):
    shared = {layout.package_of(m) for m in modules if _kind(layout.package_of(m)) == "shared"}
    wrong = []
    for name in modules:
        if layout.package_of(name) in set(NO_SPACY) | shared:
            for reached in sorted(_reach(modules, name)):
                if "spacy" in modules[reached].external or layout.package_of(reached) == "nlp":
                    wrong.append(f"{name} reaches {reached}")
    assert not wrong, "spaCy (or the nlp package) reached from:\n" + "\n".join(wrong)


def test_the_cache_hashes_every_package_extraction_reaches(modules):
    """A change to any package the per-post stage runs must invalidate the build cache."""
    from blogweave.pipeline.cache import EXTRACTION_PACKAGES

    starts = ["blogweave.posts.loader", "blogweave.nlp.pipeline", "blogweave.relations.extract"]
    reached = {layout.package_of(m) for start in starts for m in _reach(modules, start)}
    assert {p for p in reached if _kind(p) == "stage"} <= set(EXTRACTION_PACKAGES)


def test_modules_are_small(modules):
    big = [f"{m.path.relative_to(ROOT)}: {m.lines} lines" for m in modules.values() if m.lines > MAX_LINES]
    assert not big, f"modules over {MAX_LINES} lines (split them):\n" + "\n".join(big)


def test_few_top_level_modules(modules):
    top = sorted(m for m in modules if _kind(layout.package_of(m)) != "stage")
    assert len(top) <= MAX_TOP_LEVEL, top
