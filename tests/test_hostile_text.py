"""Hostile post text (issue 12, findings 5 and 7): linear-time regular expressions, bounded time and memory.

No timing assertions in the usual sense: each input is sized so that a
backtracking pattern or a quadratic step takes minutes or hours, while the
linear code takes milliseconds; the bounds (seconds) sit in between with a wide
margin either side, so load on the machine cannot flip the result.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from blogweave.config import Settings
from blogweave.errors import PostError
from blogweave.posts import headers, loader

TESTS = Path(__file__).resolve().parent
#: Seconds any one pattern may take on one 20,000-character hostile string (linear: milliseconds;
#: quadratic: tens of seconds; the old "Posted on" pattern: longer than the universe).
PER_STRING = 5.0


def test_every_regular_expression_on_post_text_is_linear_on_hostile_strings():
    """Each module-level pattern of posts/, nlp/, relations/ and resolve/ on long runs of one character or word."""
    sys.path.insert(0, str(TESTS))
    import regex_probe

    count = len(regex_probe.patterns())
    assert count > 20  # the probe really finds the stages' patterns
    proc = subprocess.Popen([sys.executable, str(TESTS / "regex_probe.py")], stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate(timeout=60 + count * PER_STRING * 4)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        started = [line.split()[1] for line in out.splitlines() if line.startswith("start")]
        pytest.fail(f"a pattern did not finish on hostile input: {started[-1] if started else '?'}")
    assert proc.returncode == 0
    done = dict(line.split()[1:] for line in out.splitlines() if line.startswith("done"))
    assert len(done) == count
    slow = {name: float(secs) for name, secs in done.items() if float(secs) > PER_STRING}
    assert not slow, f"patterns that backtrack on hostile input: {slow}"


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
    assert headers.parse_authors("Wren Aldous (Quillet Labs), Ilka Brandt [Brindle]") == [
        ("Wren Aldous", "Quillet Labs"), ("Ilka Brandt", "Brindle")]


def test_an_author_field_of_brackets_is_linear():
    """_split_author_string matched "^(.*?)\\s*[(\\[](.*?)..." per piece: quadratic on a run of brackets."""
    value = "(" * 200_000
    assert headers.parse_authors(value) == [] or len(headers.parse_authors(value)) == 1


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
