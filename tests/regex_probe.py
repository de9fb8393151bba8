"""Run every module-level regular expression of the stages that read post text on long hostile strings.

Run as a script by tests/test_hostile_text.py: prints one line per pattern as it finishes
("done MODULE.NAME SECONDS", the longest one string took), so the caller knows which one
hangs if one does.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time

#: Packages whose regular expressions see post text (file names, front matter, body, sentences).
PACKAGES = ("blogweave.posts", "blogweave.nlp", "blogweave.relations", "blogweave.resolve")
SIZE = 20_000


def hostile_strings(size: int = SIZE) -> list[str]:
    """Long runs and repeats that make backtracking patterns blow up (each about ``size`` characters)."""
    units = [" ", "a", "a*", "a_", "*", "_", "(", "[", "{", "<", "<a ", "{%", "{{", "$", "\\", "-", "#", ">", ":",
             "1", "1,", "a ", "A ", "by ", "and ", ", ", "a.", "\t", "=", "/", "&", "&#", "'", '"', "!", "\u00e9",
             "Posted on ", "Posted on: ", "Aa ", "A. ", "Mr. ", "- [", "`", "~", "|", "@", "%", "0"]
    strings = []
    for unit in units:
        run = unit * (size // len(unit))
        strings += [run, run + "\u0001", "Posted on" + run + "!", "x" + run + "\n" + run]
    return strings


def patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        modules = [package_name] + [f"{package_name}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
        for module_name in modules:
            module = importlib.import_module(module_name)
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    found.append((f"{module_name}.{name}", value))
    return sorted(set(found), key=lambda item: item[0])


def main() -> None:
    texts = hostile_strings(int(sys.argv[1]) if len(sys.argv) > 1 else SIZE)
    for name, pattern in patterns():
        print(f"start {name}", flush=True)
        longest = 0.0
        for text in texts:
            start = time.perf_counter()
            pattern.match(text)
            pattern.search(text)
            for _ in pattern.finditer(text):
                pass
            longest = max(longest, time.perf_counter() - start)
        print(f"done {name} {longest:.3f}", flush=True)


if __name__ == "__main__":
    main()
