"""Print blogweave's package tree and the import graph between its packages.

    python tools/layout.py [SRC]        # SRC defaults to src/ beside this folder

The graph is read from the source with ``ast`` (nothing is imported), counting
every import statement, also the ones inside functions. ``tests/test_layout.py``
uses the same reader and holds the layer table the graph must follow.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = "blogweave"


@dataclass
class Module:
    name: str  # dotted: "blogweave.nlp.pipeline"; a package's __init__ is the package's name
    path: Path
    lines: int
    imports: list[tuple[str, int]] = field(default_factory=list)  # (dotted target, line), blogweave's own
    external: set[str] = field(default_factory=set)  # top-level names of other distributions: "spacy"


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_modules(src: Path) -> dict[str, Module]:
    """Every module below ``src/blogweave`` with the imports it makes."""
    paths = sorted((src / ROOT).rglob("*.py"))
    modules = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        modules[module_name(path, src)] = Module(module_name(path, src), path, len(text.splitlines()))
    for mod in modules.values():
        tree = ast.parse(mod.path.read_text(encoding="utf-8"), str(mod.path))
        package = mod.name if mod.path.name == "__init__.py" else mod.name.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                # "from pkg import sub" imports the module pkg.sub when there is one
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            for target in dict.fromkeys(targets):  # one count per statement and module
                if target == ROOT or target.startswith(ROOT + "."):
                    while target not in modules and "." in target:  # "import blogweave.x.y" of a name
                        target = target.rpartition(".")[0]
                    mod.imports.append((target, node.lineno))
                elif target and not getattr(node, "level", 0) and target.split(".")[0] not in sys.stdlib_module_names:
                    mod.external.add(target.split(".")[0])
    return modules


def package_of(name: str) -> str:
    """The stage package a module belongs to, or the module's own name for a top-level module."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def stage_packages(src: Path) -> list[str]:
    return sorted(p.name for p in (src / ROOT).iterdir() if (p / "__init__.py").is_file())


def package_edges(modules: dict[str, Module]) -> Counter:
    """(importing package, imported package) -> number of import statements; top-level modules by name."""
    edges: Counter = Counter()
    for mod in modules.values():
        for target, _ in mod.imports:
            a, b = package_of(mod.name), package_of(target)
            if a != b:
                edges[(a, b)] += 1
    return edges


def tree_lines(src: Path, modules: dict[str, Module]) -> list[str]:
    lines = [f"{ROOT}/"]
    packages = stage_packages(src)
    for mod in sorted(modules.values(), key=lambda m: m.name):
        if package_of(mod.name) not in packages:
            lines.append(f"    {mod.path.name:<24}{mod.lines:>5} lines")
    for package in packages:
        members = sorted((m for m in modules.values() if package_of(m.name) == package), key=lambda m: m.name)
        lines.append(f"    {package}/  ({len(members)} modules, {sum(m.lines for m in members)} lines)")
        for mod in members:
            rel = mod.path.relative_to(src / ROOT / package).as_posix()
            lines.append(f"        {rel:<28}{mod.lines:>5} lines")
    return lines


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "src"
    modules = read_modules(src)
    print("\n".join(tree_lines(src, modules)))
    top = [m for m in modules if package_of(m) not in stage_packages(src)]
    print(f"\n{len(top)} top-level modules (with __init__.py), {len(stage_packages(src))} stage packages")
    print("\nimports between packages (importer -> imported: import statements)")
    edges = package_edges(modules)
    for importer in sorted({a for a, _ in edges}):
        targets = sorted((b, n) for (a, b), n in edges.items() if a == importer)
        print(f"    {importer:<10} -> " + ", ".join(f"{b} ({n})" for b, n in targets))
    external = Counter()
    for mod in modules.values():
        external.update({(package_of(mod.name), e) for e in mod.external if e == "spacy"})
    print("\npackages that import spaCy themselves: " + ", ".join(sorted(p for p, _ in external)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
