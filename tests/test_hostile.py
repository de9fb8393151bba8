"""Hostile content folders, caches and output paths (issue 12): nothing run, nothing lost, nothing leaked.

Builds use the real file-finding and loading stages with the stand-in model of
``pipeline_fakes``, so no spaCy model is needed. Each test names the finding it
reproduces.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import socket
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

import pipeline_fakes
from blogweave.pipeline import cache as cache_mod
from blogweave.pipeline.build import build
from blogweave.config import Settings, load_settings
from blogweave.errors import BlogweaveError, ConfigError, ExportError, PostError
from blogweave.exporters import MARKER, export
from blogweave.models import Extraction, Post
from blogweave.posts import loader

POSTS = {
    "a.md": "First post\nZorvan founded Quillet. Later Mabry joined.\n",
    "sub/b.md": "Second post\nTeskel founded Brindle.\n",
}


def stages():
    """The real finding and loading stages, the stand-in model and resolution."""
    return dataclasses.replace(
        pipeline_fakes.stages(), find_posts=loader.find_posts, read_bytes=loader.read_bytes, load_post=loader.load_post
    )


def write(folder: Path, posts: dict[str, str] = POSTS) -> Path:
    for name, text in posts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def settings(tmp_path: Path, **changes) -> Settings:
    values = dict(content_dir=tmp_path / "content", out_dir=tmp_path / "out", formats=("turtle", "json"), processes=1)
    values.update(changes)
    return Settings(**values)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "blogweave", *args], capture_output=True, text=True, cwd=cwd, timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


# --- finding 1: a content folder's config cannot run code or write elsewhere ---------------------


@pytest.mark.parametrize("key, value", [
    ("scheduler", '"tcp://127.0.0.1:1"'),
    ("out_dir", '"/tmp/elsewhere"'),
    ("formats", '["neo4j"]'),
    ("follow_symlinks", "true"),
    ("model", '"/tmp/a-model-folder"'),
])
def test_content_folder_config_may_not_set_what_runs_or_writes(tmp_path, key, value):
    content = write(tmp_path / "content")
    (content / "blogweave.toml").write_text(f"{key} = {value}\n")
    with pytest.raises(ConfigError) as err:
        load_settings(content, cwd=tmp_path)
    assert str(content / "blogweave.toml") in str(err.value) and repr(key) in str(err.value)


def test_content_folder_config_may_set_what_posts_mean(tmp_path):
    content = write(tmp_path / "content")
    (content / "blogweave.toml").write_text('min_confidence = 0.4\n[authors]\n"sub/**" = "Ilse Varga"\n')
    loaded = load_settings(content, cwd=tmp_path)
    assert loaded.min_confidence == 0.4 and loaded.author_for("sub/b.md") == "Ilse Varga"


def test_a_cloned_pyproject_cannot_pick_a_scheduler(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.blogweave]\nscheduler = "tcp://127.0.0.1:1"\n')
    with pytest.raises(ConfigError, match="scheduler"):
        load_settings(tmp_path / "content", cwd=tmp_path)


def test_a_scheduler_in_the_content_folder_is_never_contacted(tmp_path):
    """The build stops with an Error line before connecting: a listener sees no connection."""
    content = write(tmp_path / "content")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0)
        port = listener.getsockname()[1]
        (content / "blogweave.toml").write_text(f'scheduler = "tcp://127.0.0.1:{port}"\n')
        result = run_cli("build", str(content), "--out", str(tmp_path / "out"), cwd=tmp_path)
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "blogweave.toml" in result.stderr and "scheduler" in result.stderr


def test_the_user_may_still_choose_a_scheduler(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOGWEAVE_SCHEDULER", "distributed")
    assert load_settings(tmp_path / "content", cwd=tmp_path).scheduler == "distributed"
    monkeypatch.delenv("BLOGWEAVE_SCHEDULER")
    assert load_settings(tmp_path / "content", cwd=tmp_path, scheduler="tcp://h:1").scheduler == "tcp://h:1"


# --- finding 10: links out of the content folder ---------------------------------------------------


def test_a_link_out_of_the_content_folder_is_skipped_with_a_warning(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("Private\nVelkor founded Ostrand.\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "diary.md").write_text("Diary\nHollin founded Pexa.\n")
    content = write(tmp_path / "content")
    (content / "x.md").symlink_to(secret)
    (content / "far").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (content / "inside.md").symlink_to(content / "a.md")  # a link that stays inside is read
    report = build(settings(tmp_path), stages=stages())
    text = (tmp_path / "out" / "graph.ttl").read_text()
    assert "Velkor" not in text and "Hollin" not in text and "Zorvan" in text
    assert report.posts_read == 3
    skipped = [w for w in report.warnings if "outside the content folder" in w]
    assert len(skipped) == 2 and any(str(content / "x.md") in w for w in skipped)
    assert all("--follow-symlinks" in w for w in skipped)


def test_follow_symlinks_reads_them(tmp_path):
    secret = tmp_path / "shared.md"
    secret.write_text("Shared\nVelkor founded Ostrand.\n")
    content = write(tmp_path / "content")
    (content / "x.md").symlink_to(secret)
    build(settings(tmp_path, follow_symlinks=True), stages=stages())
    assert "Velkor" in (tmp_path / "out" / "graph.ttl").read_text()


def test_follow_symlinks_is_a_build_option(tmp_path):
    result = run_cli("build", "--help")
    assert "--follow-symlinks" in result.stdout


# --- findings 6 and 11: file names are data --------------------------------------------------------


def test_a_file_name_that_is_not_utf8_gives_a_warning_and_a_safe_iri(tmp_path):
    content = write(tmp_path / "content")
    raw = os.fsencode(content) + b"/caf\xe9-\xff.md"
    with open(raw, "wb") as handle:
        handle.write(b"Odd name\nRavel founded Tinsel.\n")
    report = build(settings(tmp_path, formats=("turtle", "json", "graphml", "html")), stages=stages())
    assert report.posts_read == 3
    assert any("caf\\xe9-\\xff.md" in w and "not UTF-8" in w for w in report.warnings)
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "Ravel" in ttl
    ElementTree.parse(tmp_path / "out" / "graph.graphml")
    json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    import rdflib

    iris = {str(s) for s, _, _ in rdflib.Graph().parse(tmp_path / "out" / "graph.ttl") if "/post/" in str(s)}
    assert any("/post/caf" in iri for iri in iris)
    assert all(iri.isascii() and iri.isprintable() and "\\" not in iri and " " not in iri for iri in iris)


def test_control_characters_in_a_file_name_keep_outputs_well_formed_and_the_terminal_clean(tmp_path):
    content = write(tmp_path / "content")
    (content / "evil\x1b]0;owned\x07\x1b[2J.md").write_text("Ansi post\nQuorra founded Beltane.\n")
    out = tmp_path / "out"
    result = run_cli("build", str(content), "--out", str(out), "--formats", "turtle,json,graphml,gexf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    assert "evil\\x1b]0;owned\\x07\\x1b[2J.md" in result.stderr
    ElementTree.parse(out / "graph.graphml")
    ElementTree.parse(out / "graph.gexf")
    build(settings(tmp_path), stages=stages())  # the stand-in model finds every capitalised word
    explained = run_cli("explain", "Quorra", "--out", str(out))
    assert explained.returncode == 0, explained.stderr
    assert "\x1b" not in explained.stdout and "evil\\x1b" in explained.stdout


def test_post_errors_name_the_file_escaped(tmp_path):
    path = tmp_path / "bad\x1b[31m.md"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(PostError) as err:
        loader.load_post(path, tmp_path, Settings())
    assert "\x1b" not in str(err.value) and "bad\\x1b[31m.md" in str(err.value)


# --- finding 2: cache pruning never follows a link ----------------------------------------------


def test_a_symlinked_cache_folder_is_not_followed_by_pruning(tmp_path):
    victim = tmp_path / "victim"
    write(victim, {"keep.md": "Mine\n", ".git/HEAD": "ref\n", "README": "read me\n"})
    content = write(tmp_path / "content")
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("a repository may commit the marker too\n")
    (out / cache_mod.CACHE_DIR).symlink_to(victim, target_is_directory=True)
    report = build(settings(tmp_path), stages=stages())
    assert sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*") if p.is_file()) == [
        ".git/HEAD", "README", "keep.md"]
    assert any(cache_mod.CACHE_DIR in w and "not used" in w for w in report.warnings)
    assert report.posts_read == 2 and (out / "graph.ttl").is_file()
    del content


def test_a_symlinked_fingerprint_folder_keeps_its_targets_files(tmp_path):
    victim = tmp_path / "victim"
    write(victim, {"ab/notes.bwc": "mine\n", "keep.txt": "mine\n"})
    write(tmp_path / "content")
    s = settings(tmp_path)
    fingerprint = cache_mod.fingerprint(s, pipeline_fakes.model_name)
    base = tmp_path / "out" / cache_mod.CACHE_DIR
    base.mkdir(parents=True)
    (tmp_path / "out" / MARKER).write_text("")
    (base / fingerprint).symlink_to(victim, target_is_directory=True)
    (base / "other-fingerprint").symlink_to(victim, target_is_directory=True)  # pruned: only the link goes
    build(s, stages=stages())
    assert (victim / "ab" / "notes.bwc").read_text() == "mine\n" and (victim / "keep.txt").is_file()


def test_pruning_removes_a_linked_entry_not_its_target(tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("mine\n")
    write(tmp_path / "content")
    s = settings(tmp_path)
    build(s, stages=stages())
    shard = next(p for p in (tmp_path / "out" / cache_mod.CACHE_DIR).glob("*/*") if p.is_dir())
    (shard / ("0" * 64 + ".bwc")).symlink_to(victim)
    (shard / "linked-dir").symlink_to(tmp_path / "content", target_is_directory=True)
    write(tmp_path / "content", {"c.md": "Third\nNew post.\n"})
    build(s, stages=stages())
    assert victim.read_text() == "mine\n" and (tmp_path / "content" / "a.md").is_file()


# --- finding 9: a tampered cache is only data ------------------------------------------------------


def _entry_paths(out: Path) -> list[Path]:
    return sorted((out / cache_mod.CACHE_DIR).glob("*/*/*.bwc"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_fifo_in_the_cache_does_not_hang_the_build(tmp_path):
    write(tmp_path / "content")
    s = settings(tmp_path)
    build(s, stages=stages())
    for path in _entry_paths(tmp_path / "out"):
        path.unlink()
        os.mkfifo(path)
    (tmp_path / "content" / "a.md").write_text("First post\nZorvan founded Quillet again.\n")
    report = build(s, stages=stages())  # would block forever opening the FIFO
    assert report.posts_read == 2 and report.cache_rejected >= 1


def test_a_cache_entry_linked_to_dev_zero_is_not_read(tmp_path):
    write(tmp_path / "content")
    s = settings(tmp_path)
    build(s, stages=stages())
    for path in _entry_paths(tmp_path / "out"):
        path.unlink()
        path.symlink_to("/dev/zero")
    (tmp_path / "out" / "graph.ttl").unlink()
    report = build(s, stages=stages())  # would read until memory runs out
    assert report.posts_read == 2 and report.cache_rejected == 2 and report.parsed == 2


def test_a_huge_cache_entry_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_mod, "MAX_ENTRY_BYTES", 1000)
    big = tmp_path / "big.bwc"
    big.write_bytes(cache_mod.MAGIC + b"x" * 2000)
    assert cache_mod.read_regular(big) is None


@pytest.mark.parametrize("field, value", [
    ("text", 42), ("spans", "not spans"), ("line_starts", (0, "1")), ("authors", ("ok", None)),
    ("date", 2021), ("affiliations", (("a", "b"),)),
])
def test_a_well_checksummed_entry_with_wrong_field_types_is_refused(field, value):
    post = dataclasses.replace(Post("a.md", "T", "Text."), **{field: value})
    key = "k" * 64
    data = cache_mod.MAGIC + b"0" * 32
    payload = pickle.dumps(Extraction(post=post), protocol=pickle.HIGHEST_PROTOCOL)
    data = cache_mod.MAGIC + cache_mod._checksum(key, payload) + payload
    assert cache_mod.decode_entry(key, data) is None
    good = pickle.dumps(Extraction(post=Post("a.md", "T", "Text.")), protocol=pickle.HIGHEST_PROTOCOL)
    assert cache_mod.decode_entry(key, cache_mod.MAGIC + cache_mod._checksum(key, good) + good) is not None


def test_a_wrongly_typed_cache_entry_rebuilds_instead_of_a_traceback(tmp_path):
    write(tmp_path / "content")
    s = settings(tmp_path)
    build(s, stages=stages())
    for path in _entry_paths(tmp_path / "out"):
        key = path.stem
        bad = Extraction(post=Post("a.md", "T", "Text.", spans=((0, "x"),)), mentions=("not a mention",))
        payload = pickle.dumps(bad, protocol=pickle.HIGHEST_PROTOCOL)
        path.write_bytes(cache_mod.MAGIC + cache_mod._checksum(key, payload) + payload)
    (tmp_path / "out" / "graph.ttl").unlink()
    report = build(s, stages=stages())
    assert report.cache_rejected == 2 and report.posts_read == 2


def test_a_tampered_stamp_is_only_data(tmp_path):
    write(tmp_path / "content")
    s = settings(tmp_path)
    build(s, stages=stages())
    stamp = next((tmp_path / "out" / cache_mod.CACHE_DIR).glob("*/" + cache_mod.STAMP))
    stamp.unlink()
    stamp.symlink_to("/dev/zero")
    report = build(s, stages=stages())
    assert not report.up_to_date and report.posts_read == 2


# --- finding 3: exports replace only what blogweave made -------------------------------------------


def _graph(tmp_path: Path):
    from blogweave.pipeline.build import load_graph

    write(tmp_path / "content")
    build(settings(tmp_path), stages=stages())
    return load_graph(tmp_path / "out")


def test_neo4j_export_does_not_replace_a_foreign_folder(tmp_path):
    graph = _graph(tmp_path)
    content = tmp_path / "content"
    before = sorted(p.name for p in content.rglob("*"))
    with pytest.raises(ExportError, match=str(content)):
        export(graph, "neo4j", content)
    assert sorted(p.name for p in content.rglob("*")) == before


def test_neo4j_export_does_not_park_an_existing_file(tmp_path):
    graph = _graph(tmp_path)
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    with pytest.raises(ExportError, match=str(target)):
        export(graph, "neo4j", target)
    assert target.read_text() == "mine\n" and not (tmp_path / ".notes.txt.old").exists()


def test_neo4j_export_replaces_its_own_folder(tmp_path):
    graph = _graph(tmp_path)
    export(graph, "neo4j", tmp_path / "n4j")
    (tmp_path / "n4j" / "stale.csv").write_text("old\n")
    export(graph, "neo4j", tmp_path / "n4j")
    assert (tmp_path / "n4j" / MARKER).is_file() and not (tmp_path / "n4j" / "stale.csv").exists()


def test_a_symlink_to_a_marked_folder_is_not_replaced(tmp_path):
    graph = _graph(tmp_path)
    export(graph, "neo4j", tmp_path / "n4j")
    (tmp_path / "link").symlink_to(tmp_path / "n4j", target_is_directory=True)
    with pytest.raises(ExportError, match="link"):
        export(graph, "neo4j", tmp_path / "link")


def test_a_file_export_onto_a_folder_is_an_error(tmp_path):
    graph = _graph(tmp_path)
    with pytest.raises(ExportError, match="is a folder"):
        export(graph, "turtle", tmp_path / "content")


def test_cli_export_onto_a_foreign_folder_is_an_error_line(tmp_path):
    _graph(tmp_path)
    content = tmp_path / "content"
    result = run_cli("export", "--format", "neo4j", "--to", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stderr.startswith("Error: ") and str(content) in result.stderr
    assert (content / "a.md").is_file()


def test_a_build_into_a_foreign_folder_is_refused(tmp_path):
    content = write(tmp_path / "content")
    home = write(tmp_path / "home", {"notes.md": "mine\n", "graph.ttl": "my own turtle\n"})
    with pytest.raises(BlogweaveError, match=str(home)):
        build(settings(tmp_path, out_dir=home), stages=stages())
    assert (home / "graph.ttl").read_text() == "my own turtle\n"
    with pytest.raises(BlogweaveError, match=str(content)):
        build(settings(tmp_path, out_dir=content), stages=stages())


def test_a_build_into_a_folder_with_other_files_keeps_them(tmp_path):
    """A log or notes beside the outputs are no reason to refuse, and are left alone."""
    write(tmp_path / "content")
    out = write(tmp_path / "out", {"build.log": "started\n"})
    build(settings(tmp_path, out_dir=out), stages=stages())
    assert (out / "graph.ttl").is_file() and (out / "build.log").read_text() == "started\n"


def test_a_build_folder_is_marked_and_built_again(tmp_path):
    write(tmp_path / "content")
    build(settings(tmp_path), stages=stages())
    assert (tmp_path / "out" / MARKER).is_file()
    build(settings(tmp_path, formats=("turtle", "json", "neo4j")), stages=stages())
    build(settings(tmp_path, formats=("turtle", "json", "neo4j"), cache=False), stages=stages())
    assert (tmp_path / "out" / "neo4j" / "facts.csv").is_file()


# --- finding 12: every failure an Error line naming the path or value, exit 1 ------------------------


def _error_line(result: subprocess.CompletedProcess, *names: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr, result.stderr
    for name in names:
        assert name in result.stderr, result.stderr


def test_build_out_an_existing_file_is_an_error_line(tmp_path):
    content = write(tmp_path / "content")
    (tmp_path / "out.txt").write_text("mine\n")
    _error_line(run_cli("build", str(content), "--out", str(tmp_path / "out.txt"), cwd=tmp_path), str(tmp_path / "out.txt"))
    assert (tmp_path / "out.txt").read_text() == "mine\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_build_into_a_read_only_folder_is_an_error_line(tmp_path):
    content = write(tmp_path / "content")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        _error_line(run_cli("build", str(content), "--out", str(locked / "out"), cwd=tmp_path), str(locked / "out"))
    finally:
        locked.chmod(0o755)


def test_an_unwritable_output_folder_is_an_error_naming_it(tmp_path, monkeypatch):
    """The same as a read-only folder, for a test run as root: creating the folder fails."""
    write(tmp_path / "content")
    real_mkdir = Path.mkdir

    def refuse(self, *args, **kwargs):
        if self == tmp_path / "out":
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(BlogweaveError, match=f"{tmp_path / 'out'}: Permission denied|{tmp_path / 'out'}.*Permission"):
        build(settings(tmp_path), stages=stages())


def test_export_out_dot_is_an_error_line(tmp_path):
    _graph(tmp_path)
    _error_line(run_cli("export", "--format", "turtle", "--to", ".", "--out", str(tmp_path / "out"), cwd=tmp_path),
                "is a folder")


def test_an_invalid_base_iri_is_an_error_line(tmp_path):
    content = write(tmp_path / "content")
    (content / "blogweave.toml").write_text('base_iri = "not an iri"\n')
    _error_line(run_cli("build", str(content), "--out", str(tmp_path / "out"), cwd=tmp_path), "base_iri", "not an iri")


def test_utf16_without_a_bom_is_named_as_such(tmp_path):
    path = tmp_path / "p.md"
    path.write_bytes("A post saved by an odd editor.\n".encode("utf-16-le"))
    with pytest.raises(PostError, match="UTF-16-LE text without a byte order mark; save it as UTF-8"):
        loader.load_post(path, tmp_path, Settings())


def test_a_crashed_query_worker_is_not_called_out_of_memory():
    import signal

    from blogweave.sparql.workers import worker_death

    assert "crashed (SIGSEGV)" in worker_death(-signal.SIGSEGV, 2048)
    assert "out of memory" not in worker_death(-signal.SIGSEGV, 2048)
    assert "out of memory" in worker_death(-signal.SIGABRT, 2048)
