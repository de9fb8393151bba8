"""Run every module-level regular expression of the stages that read post text on long hostile strings.

Run as a script by tests/test_hostile_text.py: prints one line per pattern as it starts and
as it finishes ("done MODULE.NAME SMALL LARGE": the CPU seconds of this process, best of
``REPEATS``, for all hostile strings of ``SMALL_SIZE`` and of ``GROWTH`` times that size), so the
caller knows which one hangs if one does, and can check that the work grows linearly: the
ratio of the two, not any absolute time, is what it judges.
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
SMALL_SIZE = 2_500
#: The large strings are this many times the small ones: linear work grows about this much,
#: quadratic work about its square.
GROWTH = 8
REPEATS = 3


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


def work(pattern: re.Pattern, texts: list[str]) -> float:
    """CPU seconds of this process (not wall time, so other processes' load hardly counts), best of REPEATS."""
    best = float("inf")
    for _ in range(REPEATS):
        start = time.process_time()
        for text in texts:
            pattern.match(text)
            pattern.search(text)
            for _ in pattern.finditer(text):
                pass
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    small = hostile_strings(SMALL_SIZE)
    large = hostile_strings(SMALL_SIZE * GROWTH)
    for name, pattern in patterns():
        print(f"start {name}", flush=True)
        print(f"done {name} {work(pattern, small):.6f} {work(pattern, large):.6f}", flush=True)


if __name__ == "__main__":
    main()
