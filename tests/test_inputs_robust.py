"""Posts from the wild: hand-made broken files one by one, and generated posts (hypothesis).

Every rejected file must give a PostError naming the file; nothing else may escape.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import tempfile
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from blogweave.posts import loader as posts_module
from blogweave.config import Settings
from blogweave.errors import PostError
from blogweave.models import Post
from blogweave.posts.loader import MAX_POST_BYTES, decode, find_posts, load_post, parse_post

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
GOOD = "---\ntitle: A fine post\n---\nOla Brekke joined Stavanger Mills.\n"


def rejected(path: Path, content_dir: Path, problem: str) -> PostError:
    with pytest.raises(PostError) as info:
        load_post(path, content_dir, Settings())
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    assert re.search(problem, info.value.problem), info.value.problem
    return info.value


# --- hand-made broken files ----------------------------------------------------------------------

BROKEN = {
    "invalid-utf8.md": (b"Title: Latin-1\n\nCaf\xe9 au lait.\n", r"not valid UTF-8 \(byte 0xe9 on line 3, offset 19\); save it as UTF-8"),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", r"binary file"),
    "empty.md": (b"", r"^empty file$"),
    "blank.md": (b" \n\t\r\n\n", r"^empty file$"),
    "bad-utf16.md": (b"\xff\xfe" + "Hi".encode("utf-16-le") + b"\x00\xd8", r"not valid utf-16-le"),
    "bad-yaml.md": (b"---\ntitle: [unclosed\n---\nBody.\n", r"malformed YAML front matter: .*line 1"),
    "yaml-list.md": (b"---\n- a\n- b\n---\nBody.\n", r"must be a mapping"),
    "yaml-two-docs.md": (b"---\na: 1\n---\n", None),  # a valid post: empty body is fine
    "yaml-self-alias.md": (b"---\na: &x [1, *x]\n---\nBody.\n", r"refers to itself"),
    "yaml-deep.md": (b"---\na: " + b"[" * 5000 + b"]" * 5000 + b"\n---\nBody.\n", r"nested more than \d+ levels"),
    "yaml-python-tag.md": (b"---\na: !!python/object/apply:os.system ['true']\n---\nBody.\n", r"malformed YAML"),
    "yaml-bad-int.md": (b"---\na: !!int abc\n---\nBody.\n", r"malformed YAML front matter: invalid literal"),
    "bad-toml.md": (b"+++\ntitle = \n+++\nBody.\n", r"malformed TOML front matter"),
    "toml-deep.md": (b"+++\na = " + b"[" * 5000 + b"]" * 5000 + b"\n+++\nBody.\n", r"TOML front matter"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_refused_with_its_problem(tmp_path, name):
    data, problem = BROKEN[name]
    (tmp_path / name).write_bytes(data)
    if problem is None:
        assert isinstance(load_post(tmp_path / name, tmp_path, Settings()), Post)
    else:
        rejected(tmp_path / name, tmp_path, problem)


def test_utf16_with_bom_and_crlf_is_read(tmp_path):
    (tmp_path / "utf16.md").write_bytes(GOOD.replace("\n", "\r\n").encode("utf-16"))
    post = load_post(tmp_path / "utf16.md", tmp_path, Settings())
    assert (post.title, post.text) == ("A fine post", "A fine post.\n\nOla Brekke joined Stavanger Mills.")
    assert post.line_of(post.text.index("Stavanger")) == 4


def test_yaml_alias_bomb_is_refused_quickly_without_memory(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefghi", "bcdefghij"):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    (tmp_path / "bomb.md").write_text("---\n" + "\n".join(lines) + "\n---\nBody.\n")
    tracemalloc.start()
    try:
        rejected(tmp_path / "bomb.md", tmp_path, r"alias bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # a billion "lol"s would need gigabytes


def test_fifty_megabyte_post_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.md"
    chunk = b"All work and no play makes a dull post. " * 25_000  # 1 MB
    with path.open("wb") as handle:
        for _ in range(50):
            handle.write(chunk)
    assert path.stat().st_size > MAX_POST_BYTES
    tracemalloc.start()
    try:
        rejected(path, tmp_path, rf"too large \(47\.7 MiB; the limit is {MAX_POST_BYTES / 2**20:g} MiB per post\)")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_post_just_under_the_limit_loads(tmp_path, monkeypatch):
    monkeypatch.setattr(posts_module, "MAX_POST_BYTES", 200)
    (tmp_path / "ok.md").write_text("word " * 39)  # 195 bytes
    (tmp_path / "big.md").write_text("word " * 41)  # 205 bytes
    assert load_post(tmp_path / "ok.md", tmp_path, Settings()).text.startswith("word word")
    rejected(tmp_path / "big.md", tmp_path, r"too large")


def test_symlink_loop_is_listed_and_refused(tmp_path):
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "good.md").write_text(GOOD)
    paths = find_posts(tmp_path)
    assert paths == [tmp_path / "a.md", tmp_path / "b.md", tmp_path / "good.md"]
    rejected(tmp_path / "a.md", tmp_path, r"symbolic link loop")
    rejected(tmp_path / "b.md", tmp_path, r"symbolic link loop")


def test_dangling_symlink_is_refused(tmp_path):
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    rejected(tmp_path / "gone.md", tmp_path, r"file not found")


def test_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "secret.md"
    path.write_text(GOOD)
    real_open = os.open

    def denied(file, flags, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    rejected(path, tmp_path, r"permission denied")


def test_file_without_read_permission_is_refused(tmp_path):
    path = tmp_path / "secret.md"
    path.write_text(GOOD)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file (root); the monkeypatched test covers this")
        rejected(path, tmp_path, r"permission denied")
    finally:
        path.chmod(0o644)


def test_file_that_disappears_after_listing_is_refused(tmp_path):
    for name in ["a.md", "b.md", "c.md"]:
        (tmp_path / name).write_text(GOOD)
    paths = find_posts(tmp_path)
    loaded, problems = [], []
    for path in paths:
        if path.name == "a.md":
            (tmp_path / "b.md").unlink()  # vanishes while the build is busy with a.md
        try:
            loaded.append(load_post(path, tmp_path, Settings()).rel_path)
        except PostError as err:
            problems.append(err)
    assert loaded == ["a.md", "c.md"]
    assert [p.path for p in problems] == [str(tmp_path / "b.md")]
    assert "file not found" in problems[0].problem


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_named_pipe_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    assert find_posts(tmp_path) == [tmp_path / "pipe.md"]
    rejected(tmp_path / "pipe.md", tmp_path, r"not a regular file")


def test_unexpected_error_becomes_a_post_error(tmp_path, monkeypatch):
    (tmp_path / "p.md").write_text(GOOD)

    def broken(*args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(posts_module, "to_prose", broken)
    rejected(tmp_path / "p.md", tmp_path, r"could not be read \(RuntimeError: a bug\)")


def test_unclosed_front_matter_is_content_not_an_error(tmp_path):
    (tmp_path / "p.md").write_text("---\nJust a rule above this sentence.\n")
    post = load_post(tmp_path / "p.md", tmp_path, Settings())
    assert post.text == "Just a rule above this sentence."


def test_control_characters_and_surrogate_escapes_do_not_reach_metadata_or_text(tmp_path):
    source = '---\ntitle: "Bad \\x01 title"\nauthor: "Ann\\u0007 Lee"\n---\nText\x01with\x0bcontrols &#xD800; &#1;.\n'
    (tmp_path / "p.md").write_text(source)
    post = load_post(tmp_path / "p.md", tmp_path, Settings())
    for value in (post.title, *post.authors, post.text):
        assert not XML_INVALID.search(value), repr(value)
    assert (post.title, post.authors) == ("Bad title", ("Ann Lee",))
    assert post.text == "Text with controls \ufffd \ufffd."  # markdown-it: invalid code points -> U+FFFD
    (tmp_path / "q.md").write_text('---\ntitle: "lone \\ud800 surrogate"\n---\nBody.\n')
    rejected(tmp_path / "q.md", tmp_path, r"malformed YAML front matter: .*invalid Unicode character escape")


# --- generated posts -------------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=80)
FRAGMENTS = st.sampled_from([
    "{% if x %}", "{% endif %}", "{{ page.title }}", "{{ unclosed", "%}", "{% highlight python %}", "{% endhighlight %}",
    "{% comment %}", "<div>", "</div>", "<script>", "</script>", "<b>", "</b", "<!--", "-->", "<img src=x onerror=y>",
    "&amp;", "&#0;", "&#xD800;", "&bogus;", "\\ud800", "\\", "`", "```", "~~~", ":::", "!!! note", "    ", "\t",
    "[link](", "](x)", "![img](y.png)", "[^1]", "[^1]: note", "{ .annotate }", "{: .c}", "| a | b |", "|---|",
    "\u202eRTL override\u202c", "שלום עולם", "مرحبا", "👩‍💻🚀", "\x00", "\x01", "\x0b", "\r", "\r\n", "\u2028", "\ufeff",
    "Posted on: 26 May 2021", "Published 1 May 2020 by ", "# Heading", "Setext\n===", "> ", "- ", "1. ", "* * *", "---", "+++",
])  # fmt: skip
LINE = st.one_of(
    ANY_TEXT,
    st.lists(st.one_of(FRAGMENTS, ANY_TEXT), max_size=8).map("".join),
    st.integers(1, 20).map(lambda n: "Hoppington Ltd joined. " * n * 50),  # very long line
    st.integers(1, 5000).map(lambda n: "x" * n),  # very long word
    st.integers(1, 60).map(lambda n: "".join("  " * i + "- item" + "\n" for i in range(n))),  # deep list
    st.integers(1, 200).map(lambda n: ">" * n + " quoted"),  # deep quote
    st.just("```python\ncode with no end\n"),  # unclosed fence
)
BODY = st.lists(LINE, max_size=12).map("\n".join)

SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), ANY_TEXT,
    st.dates(), st.datetimes(), st.datetimes(timezones=st.timezones()) if sys.version_info >= (3, 9) else st.datetimes(),
)  # fmt: skip
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=12)
KEYS = st.sampled_from(["title", "date", "author", "authors", "tags", "category", "keywords", "Title", "x-odd key", "datetime"])


def _yaml_front(meta: dict) -> str:
    try:
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
    except (yaml.YAMLError, ValueError):
        return "---\n" + json.dumps(meta, default=str) + "\n---\n"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps("" if value is None else str(value))  # JSON escapes are mostly TOML escapes


HEADER = st.one_of(
    st.just(""),
    st.dictionaries(KEYS, VALUE, max_size=5).map(_yaml_front),
    st.dictionaries(KEYS, VALUE, max_size=5).map(lambda m: "+++\n" + "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in m.items()) + "+++\n"),
    st.lists(st.tuples(st.from_regex(r"[A-Za-z][\w-]{0,12}", fullmatch=True) | KEYS, ANY_TEXT), max_size=6).map(
        lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs) + "\n"
    ),
    st.lists(ANY_TEXT, max_size=4).map(lambda lines: "---\n" + "\n".join(lines) + "\n---\n"),  # odd YAML
)
ENCODED = st.tuples(HEADER, BODY, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "crlf", "surrogates"])).map(
    lambda hbe: _encode(hbe[0] + hbe[1], hbe[2])
) | st.binary(max_size=300)
NAMES = st.from_regex(r"(\d{4}-\d{2}-\d{2}-)?[a-z0-9_ -]{1,20}\.(md|markdown|txt)", fullmatch=True)


def _encode(text: str, how: str) -> bytes:
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    if how == "surrogates":
        return (text + "\ud800").encode("utf-8", "surrogatepass")  # never valid UTF-8
    return text.encode(how, "surrogatepass")


def _check_post(post: Post, path: Path, data: bytes) -> None:
    """What every loaded post promises, whatever came in."""
    source = decode(data, path)
    lines = len(post.line_starts)
    for value in (post.title, post.text, post.date or "", *post.authors, *post.tags):
        assert isinstance(value, str)
        assert not XML_INVALID.search(value), repr(value)
    assert post.title
    assert post.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", post.date)
    starts = [start for start, _ in post.spans]
    assert starts == sorted(set(starts)) and all(0 <= s < len(post.text) for s in starts)
    for start, src in post.spans:
        assert 0 <= src < len(source)
    for index in range(0, len(post.text), max(1, len(post.text) // 50)):
        assert 0 <= post.source_offset(index) <= len(source)
        assert 1 <= post.line_of(index) <= lines


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=ENCODED, name=NAMES)
def test_generated_post_loads_or_is_refused_by_name(scratch, data, name):
    assume(name.strip() == name and not name.startswith("."))
    path = scratch / name
    path.write_bytes(data)
    try:
        try:
            post = parse_post(path, scratch, Settings())  # no safety net: any other exception fails
        except PostError as err:
            assert err.path == str(path) and str(path) in str(err)
            return
        _check_post(post, path, data)
    finally:
        path.unlink()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=st.dictionaries(NAMES, ENCODED, min_size=1, max_size=8))
def test_folder_of_generated_posts_never_raises(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / "sub" / name).parent.mkdir(exist_ok=True)
            (root / "sub" / name).write_bytes(data)
        paths = find_posts(root)
        assert len(paths) == len(files)
        loaded, warned = 0, set()
        for path in paths:
            try:
                load_post(path, root, Settings())
                loaded += 1
            except PostError as err:
                warned.add(err.path)
        assert loaded + len(warned) == len(files)


# --- the whole build -------------------------------------------------------------------------------


@pytest.mark.model
def test_build_over_broken_files_warns_once_per_file_and_completes(tmp_path):
    import subprocess

    content = tmp_path / "content"
    content.mkdir()
    (content / "good.md").write_text(GOOD)
    broken = {name: BROKEN[name][0] for name in ["invalid-utf8.md", "binary.md", "empty.md", "bad-yaml.md", "yaml-deep.md"]}
    for name, data in broken.items():
        (content / name).write_bytes(data)
    (content / "loop-a.md").symlink_to(content / "loop-b.md")
    (content / "loop-b.md").symlink_to(content / "loop-a.md")
    broken.update({"loop-a.md": b"", "loop-b.md": b""})
    command = [sys.executable, "-m", "blogweave", "build", str(content), "--out", str(tmp_path / "out"), "-j", "1", "--no-cache"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    for name in broken:
        assert sum(str(content / name) in line for line in warnings) == 1, (name, warnings)
    assert len(warnings) == len(broken)
    assert f"1 read of {1 + len(broken)}" in result.stdout
    for output in ["graph.ttl", "graph.html", "graph.graphml", "graph.json"]:
        assert (tmp_path / "out" / output).stat().st_size > 0

    strict = subprocess.run(command + ["--strict", "-q"], capture_output=True, text=True, timeout=300)
    assert strict.returncode == 3
    assert f"--strict and {len(broken)} warning(s)" in strict.stderr


# --- hostile markup (timings are in benchmarks/load_pathological.py) --------------------------------

HOSTILE = {
    "unclosed tags in an HTML block": "<div>\n" + "<a b='" * 3000,
    "unclosed comments": "<!--" * 3000,
    "unclosed script": "Text before.\n\n<script>\n" + "alert(1);\n" * 100,
    "unclosed Liquid region": "{% highlight x %}\n" * 1000 + "Visible prose.\n",
    "brackets": "[" * 5000,
    "deep quotes": "> " * 5000 + "deep",
    "deep lists": "".join("  " * i + "- item\n" for i in range(300)),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_markup_loads(tmp_path, name):
    (tmp_path / "p.md").write_text(HOSTILE[name])
    post = parse_post(tmp_path / "p.md", tmp_path, Settings())
    assert "<a" not in post.text and "<!--" not in post.text and "alert" not in post.text
    if name == "unclosed Liquid region":
        assert post.text == "Visible prose."
