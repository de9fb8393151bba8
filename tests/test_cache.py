"""The build cache: damaged, forged or outdated entries are detected and rebuilt, never trusted."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

import pipeline_fakes
from blogweave.pipeline.cache import (
    CACHE_DIR,
    MAGIC,
    BuildCache,
    decode_entry,
    encode_entry,
    fingerprint,
    package_digest,
    post_key,
)
from blogweave.config import Settings
from blogweave.models import Arg, Extraction, Fact, Mention, Post
from test_pipeline import POSTS, outputs, settings_for, write_posts

KEY = post_key("notes/a.md", b"the raw bytes")
SAMPLE = Extraction(
    post=Post("notes/a.md", "A title", "", "2020-02-02", ("Ines Example",), ("tag",)),
    mentions=(Mention("Ines Example", "Person", 0, 12), Mention("Quuxly", "Organization", 20, 26, "ruler")),
    facts=(Fact(Arg("@author", "Person"), "workedAt", Arg("Quuxly", "Organization"), "notes/a.md",
                "I joined Quuxly.", 0, 16, 3, "employment.join.v1", 0.9, start_date="2020"),),
    warnings=("notes/a.md: odd front matter",),
)


@pytest.fixture
def fakes():
    return pipeline_fakes


def test_entry_round_trips():
    assert decode_entry(KEY, encode_entry(KEY, SAMPLE)) == SAMPLE


def test_every_truncation_is_detected():
    data = encode_entry(KEY, SAMPLE)
    assert all(decode_entry(KEY, data[:cut]) is None for cut in range(len(data)))


def test_every_flipped_bit_in_the_payload_is_detected():
    data = bytearray(encode_entry(KEY, SAMPLE))
    for position in range(len(MAGIC), len(data), 7):
        damaged = bytearray(data)
        damaged[position] ^= 0x10
        assert decode_entry(KEY, bytes(damaged)) is None


@hsettings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_garbage_never_raises(data):
    assert decode_entry(KEY, data) is None
    assert decode_entry(KEY, MAGIC + data) is None


class _Evil:
    def __reduce__(self):
        return (Path.touch, (Path(self.target),))


def test_a_forged_entry_with_a_valid_checksum_cannot_run_code(tmp_path):
    import hashlib

    evil = _Evil()
    evil.target = str(tmp_path / "pwned")
    payload = pickle.dumps(evil)
    forged = MAGIC + hashlib.sha256(KEY.encode() + b"\0" + payload).digest() + payload
    assert decode_entry(KEY, forged) is None
    assert not (tmp_path / "pwned").exists()
    # a well-formed pickle of something other than an Extraction is refused as well
    payload = pickle.dumps(SAMPLE.post)
    assert decode_entry(KEY, MAGIC + hashlib.sha256(KEY.encode() + b"\0" + payload).digest() + payload) is None
    # the checksum covers the key: the sample under its own key is fine, under another key refused
    assert decode_entry(KEY, encode_entry(KEY, SAMPLE)) == SAMPLE
    assert decode_entry("ab" * 32, encode_entry(KEY, SAMPLE)) is None


def test_get_deletes_a_damaged_entry_and_counts_it(tmp_path):
    cache = BuildCache(tmp_path, "fp")
    key = post_key("a.md", b"text")
    cache.put(key, SAMPLE)
    assert BuildCache(tmp_path, "fp").get(key) == SAMPLE
    entry = next((tmp_path / CACHE_DIR / "fp").rglob("*.bwc"))
    entry.write_bytes(entry.read_bytes()[:-3])
    fresh = BuildCache(tmp_path, "fp")
    assert fresh.get(key) is None and fresh.rejected == 1
    assert not entry.exists()


def test_prune_keeps_only_the_entries_this_build_used(tmp_path):
    old = BuildCache(tmp_path, "old")
    old.put("aa" * 32, SAMPLE)
    cache = BuildCache(tmp_path, "new")
    cache.put("bb" * 32, SAMPLE)
    cache.put("cc" * 32, SAMPLE)
    (tmp_path / CACHE_DIR / "new" / "bb" / ".x.tmp").write_bytes(b"half")
    used = BuildCache(tmp_path, "new")
    assert used.get("bb" * 32) == SAMPLE
    used.prune()
    left = sorted(p.relative_to(tmp_path / CACHE_DIR).as_posix() for p in (tmp_path / CACHE_DIR).rglob("*") if p.is_file())
    assert left == ["new/bb/" + "bb" * 32 + ".bwc"]


def test_fingerprint_follows_model_and_loader_settings_but_not_output_settings(fakes, tmp_path):
    base = Settings()
    mine = fingerprint(base, fakes.model_name)
    assert mine == fingerprint(Settings(out_dir=tmp_path, formats=("json",), processes=7, min_confidence=0.5), fakes.model_name)
    assert mine != fingerprint(Settings(model="other_model"), fakes.model_name)
    assert mine != fingerprint(Settings(authors=(("*", "Someone Else"),)), fakes.model_name)


def test_package_digest_changes_with_a_rule_file_but_not_an_exporter(tmp_path):
    (tmp_path / "relations").mkdir()
    (tmp_path / "exporters").mkdir()
    (tmp_path / "relations" / "rule.py").write_text("A = 1\n")
    (tmp_path / "exporters" / "fmt.py").write_text("B = 1\n")
    before = package_digest(tmp_path)
    (tmp_path / "exporters" / "fmt.py").write_text("B = 2\n")
    assert package_digest(tmp_path) == before
    (tmp_path / "relations" / "rule.py").write_text("A = 2\n")
    assert package_digest(tmp_path) != before


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "swap"])
def test_a_damaged_cache_is_rebuilt_and_the_outputs_match_a_clean_build(fakes, tmp_path, damage):
    write_posts(tmp_path / "content", POSTS)
    fakes.build(settings_for(tmp_path))
    entries = sorted((tmp_path / "out" / CACHE_DIR).rglob("*.bwc"))
    assert len(entries) == len(POSTS)
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        if damage == "truncate":
            entry.write_bytes(data[: number * len(data) // len(entries)])
        elif damage == "garbage":
            entry.write_bytes(bytes((b * 37 + number) % 256 for b in data))
        elif damage == "empty":
            entry.write_bytes(b"")
        else:  # each entry holds another post's valid record: the key no longer matches its content
            entry.write_bytes(entries[(number + 1) % len(entries)].read_bytes())
    # with nothing changed the outputs are up to date and no entry is even read; change one post
    with (tmp_path / "content" / "a.md").open("a", encoding="utf-8") as handle:
        handle.write("Hal founded Cyberdyne.\n")
    report = fakes.build(settings_for(tmp_path))
    assert report.cache_rejected == len(POSTS) - 1 and report.parsed == len(POSTS)
    clean = fakes.build(settings_for(tmp_path, "clean", cache=False))
    assert clean.parsed == len(POSTS)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "clean")
    assert fakes.build(settings_for(tmp_path)).cached == len(POSTS)


def test_an_outdated_cache_is_ignored_and_replaced(fakes, tmp_path):
    write_posts(tmp_path / "content", POSTS)
    fakes.build(settings_for(tmp_path))
    report = fakes.build(settings_for(tmp_path, model="another_model"))
    assert (report.cached, report.parsed) == (0, len(POSTS))
    folders = [p.name for p in (tmp_path / "out" / CACHE_DIR).iterdir()]
    assert folders == [fingerprint(settings_for(tmp_path, model="another_model"), fakes.model_name)]


@pytest.mark.parametrize("stamp", [b"", b"{not json", b'{"inputs": 3, "outputs": []}', b"[1, 2]"])
def test_a_damaged_build_stamp_means_outputs_are_written_again(fakes, tmp_path, stamp):
    write_posts(tmp_path / "content", POSTS)
    fakes.build(settings_for(tmp_path))
    (path,) = (tmp_path / "out" / CACHE_DIR).glob("*/build.json")
    path.write_bytes(stamp)
    report = fakes.build(settings_for(tmp_path))
    assert not report.up_to_date and (report.cached, report.parsed) == (len(POSTS), 0)
    assert fakes.build(settings_for(tmp_path)).up_to_date
