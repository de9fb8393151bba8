"""Hostile post text (issue 12, findings 5 and 7): linear-time regular expressions, bounded time and memory.

No timing assertions: the regular expressions are judged by how their work grows
(the CPU time of the probe's own process on strings 8 times longer, a ratio: about 8 when
linear, about 64 when quadratic), and the posts by finishing at all. A catastrophic pattern
does not finish, so the subprocesses have a generous hang guard (minutes) that only turns
"never returns" into a failure naming the pattern or post; it is not the property tested.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from blogweave.config import Settings
from blogweave.errors import PostError
from blogweave.posts import bylines, headers, loader

TESTS = Path(__file__).resolve().parent
#: Largest accepted growth of a pattern's work when the strings grow regex_probe.GROWTH (8) times:
#: linear is about 8, quadratic about 64.
MAX_GROWTH = 20
#: CPU seconds below which growth is noise, not a trend (linear patterns take milliseconds in all).
NOISE = 0.05
#: Seconds after which the probe counts as hung (a guard, not the property tested).
HANG_GUARD = 600


def test_every_regular_expression_on_post_text_is_linear_on_hostile_strings():
    """Each module-level pattern of posts/, nlp/, relations/ and resolve/ on long runs of one character or word."""
    sys.path.insert(0, str(TESTS))
    import regex_probe

    count = len(regex_probe.patterns())
    assert count > 20  # the probe really finds the stages' patterns
    proc = subprocess.Popen([sys.executable, str(TESTS / "regex_probe.py")], stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate(timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        started = [line.split()[1] for line in out.splitlines() if line.startswith("start")]
        pytest.fail(f"a pattern did not finish on hostile input: {started[-1] if started else '?'}")
    assert proc.returncode == 0
    done = {line.split()[1]: (float(line.split()[2]), float(line.split()[3]))
            for line in out.splitlines() if line.startswith("done")}
    assert len(done) == count
    superlinear = {name: f"{small:.4f} -> {large:.4f} CPU s" for name, (small, large) in done.items()
                   if large > MAX_GROWTH * small + NOISE}
    assert not superlinear, f"patterns whose work grows faster than the input (x{regex_probe.GROWTH}): {superlinear}"


def _load_in_subprocess(path: Path, timeout: float = 120) -> str:
    """Load one post in a fresh process; its outcome, or a failure if it does not finish in ``timeout`` s."""
    code = (
        "import sys; from pathlib import Path; from blogweave.posts.loader import load_post;"
        "from blogweave.config import Settings; from blogweave.errors import PostError\n"
        "p = Path(sys.argv[1])\n"
        "try:\n    post = load_post(p, p.parent, Settings()); print('ok', len(post.text), post.date)\n"
        "except PostError as err:\n    print('refused', err)\n"
    )
    try:
        result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading {path.name} did not finish in {timeout} s")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_296_byte_posted_on_post_loads_at_once(tmp_path):
    """Finding 5: about N^5 backtracking on a run of spaces (hours) before the fix."""
    path = tmp_path / "p.md"
    path.write_text("Posted on" + " " * 217 + "!" * 70)
    assert len(path.read_bytes()) == 296
    assert _load_in_subprocess(path, timeout=60).startswith("ok")


@pytest.mark.parametrize("line, date, author", [
    ("Posted on: 26 May 2021", "2021-05-26", None),
    ("*Published May 26, 2021 by Wren Aldous*", "2021-05-26", "Wren Aldous"),
    ("> Written on 3 June 2019 by **Ilka Brandt**", "2019-06-03", "Ilka Brandt"),
    ("_Posted on 2020-01-05_", "2020-01-05", None),
])
def test_posted_on_lines_still_read(tmp_path, line, date, author):
    path = tmp_path / "p.md"
    path.write_text(f"# Harbour notes\n\n{line}\n\nThe first sentence.\n")
    post = loader.load_post(path, tmp_path, Settings())
    assert post.date == date
    assert post.authors == ((author,) if author else ())


def test_an_affiliation_in_brackets_is_still_read():
    assert bylines.parse_authors("Wren Aldous (Quillet Labs), Ilka Brandt [Brindle]") == [
        ("Wren Aldous", "Quillet Labs"), ("Ilka Brandt", "Brindle")]


def test_an_author_field_of_brackets_is_linear():
    """_split_author_string matched "^(.*?)\\s*[(\\[](.*?)..." per piece: quadratic on a run of brackets."""
    value = "(" * 200_000
    assert bylines.parse_authors(value) == [] or len(bylines.parse_authors(value)) == 1


def test_yaml_aliases_are_bounded_by_expanded_size(tmp_path):
    """Finding 7: 1,000 aliases of a 200 KB string passed the node-count guard and cost minutes."""
    path = tmp_path / "p.md"
    big = "x" * 200_000
    path.write_text("---\nbase: &a \"" + big + "\"\nauthor: [" + ", ".join(["*a"] * 1000) + "]\n---\nHello.\n")
    outcome = _load_in_subprocess(path, timeout=60)
    assert outcome.startswith("refused") and "expands" in outcome and str(path) in outcome


def test_yaml_aliases_of_a_short_value_still_load(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("---\nname: &n Wren Aldous\nauthor: *n\neditor: *n\n---\nHello there.\n")
    assert loader.load_post(path, tmp_path, Settings()).authors == ("Wren Aldous",)


def test_deep_flow_nesting_gets_our_message_whatever_the_yaml_library_says(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("---\ntags: " + "[" * 5000 + "]" * 5000 + "\n---\nHello.\n")
    with pytest.raises(PostError, match=f"nested more than {headers.MAX_YAML_DEPTH} levels"):
        loader.load_post(path, tmp_path, Settings())


@pytest.mark.parametrize("depth", [headers.MAX_YAML_DEPTH + 1, 300])
def test_deep_block_nesting_gets_our_message(tmp_path, depth):
    lines = "".join("  " * i + "- \n" for i in range(depth)) + "  " * depth + "- x\n"
    path = tmp_path / "p.md"
    path.write_text("---\ntags:\n" + lines + "---\nHello.\n")
    with pytest.raises(PostError, match="nested more than"):
        loader.load_post(path, tmp_path, Settings())


class _BigNLP:
    max_length = 10_000_000

    def pipe(self, pairs, as_tuples=False, batch_size=32):
        for text, context in pairs:
            yield text, context


def test_prose_beyond_the_parse_limit_is_kept_without_facts_with_a_warning():
    from blogweave.models import Post
    from blogweave.pipeline import batches

    post = Post("long.md", "Long", "word " * (batches.MAX_PARSE_CHARS // 5 + 1))
    [parsed] = batches.extract_batch(_BigNLP(), [(0, post)])
    assert parsed.extraction is not None and parsed.extraction.facts == ()
    assert parsed.warning.startswith("long.md: too long to parse") and f"{batches.MAX_PARSE_CHARS:,}" in parsed.warning


def test_a_file_beyond_the_size_limit_is_refused_naming_it(tmp_path):
    path = tmp_path / "stars.md"
    path.write_bytes(b"a*" * (loader.MAX_POST_BYTES // 2 + 1))
    with pytest.raises(PostError, match="too large") as err:
        loader.load_post(path, tmp_path, Settings())
    assert err.value.path == str(path)
