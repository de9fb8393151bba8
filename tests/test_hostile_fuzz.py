"""Fuzz: content folders with symbolic links, odd names, config files and a tampered cache (issue 12).

Whatever the folder holds, a build either finishes (warnings allowed) or stops with a
BlogweaveError; it never raises anything else, never deletes or changes a file outside the
output folder, and never reads the file outside the content folder that links point to.
CI runs a few examples; ``BLOGWEAVE_FUZZ_EXAMPLES`` (benchmarks/hostile.py --fuzz N) runs more.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from blogweave.errors import BlogweaveError
from blogweave.pipeline import cache as cache_mod

from test_hostile import build, stages
from test_hostile import settings as build_settings

EXAMPLES = int(os.environ.get("BLOGWEAVE_FUZZ_EXAMPLES", "15"))
SECRET_WORD = "Zenobrath"

NAME_CHARS = st.sampled_from(list("abcXYZ-_ .é") + ["\x1b", "\x07", "\n", "\t", "\u202e"])
NAMES = st.text(NAME_CHARS, min_size=1, max_size=8).map(lambda s: s + ".md")
RAW_NAMES = st.binary(min_size=1, max_size=6).map(
    lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_").lstrip(b".") + b".md")
TEXTS = st.one_of(
    st.text(max_size=200),
    st.sampled_from([
        "Title\nMarit Vell founded Oskana.\n", "---\nauthor: [&a x, *a, *a]\n---\nBody.\n", "---\n[[[[\n---\n",
        "Posted on" + " " * 100 + "!", "+++\ntitle = 1\n+++\nBody\n", "\ufeffBOM post\n", "{% raw %}" * 50,
    ]),
)
CONFIGS = st.sampled_from([
    None, 'scheduler = "tcp://127.0.0.1:9"\n', 'out_dir = "/tmp"\n', "[authors]\n'**' = 'Pim Osk'\n",
    "min_confidence = 2\n", "not toml ][", 'base_iri = "javascript:alert(1)"\n', 'formats = ["neo4j"]\n',
])
LINKS = st.lists(st.sampled_from(["secret-file", "secret-dir", "loop", "inside", "dangling", "cache-out"]), max_size=4)
TAMPER = st.lists(st.sampled_from(["fifo", "dev-zero", "garbage", "link-dir", "base-link"]), max_size=3)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(files=st.dictionaries(st.one_of(NAMES, RAW_NAMES), TEXTS, min_size=1, max_size=5),
       config=CONFIGS, links=LINKS, tamper=TAMPER)
def test_a_hostile_content_folder_never_escapes(files, config, links, tamper):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        outside = root / "outside"
        outside.mkdir()
        (outside / "secret.md").write_text(f"Secret\n{SECRET_WORD} founded Qurax.\n")
        (outside / "notes.txt").write_text("keep me\n")
        content = root / "content"
        content.mkdir()
        for name, text in files.items():
            raw = os.fsencode(content) + b"/" + (name if isinstance(name, bytes) else os.fsencode(name))
            try:
                with open(raw, "wb") as handle:
                    handle.write(text.encode("utf-8", "surrogatepass"))
            except OSError:
                continue
        if config is not None:
            (content / "blogweave.toml").write_text(config)
        targets = {"secret-file": outside / "secret.md", "secret-dir": outside, "loop": content,
                   "inside": content / "blogweave.toml", "dangling": root / "nowhere", "cache-out": outside}
        for i, kind in enumerate(links):
            (content / f"link{i}{'' if kind.endswith('dir') or kind == 'loop' else '.md'}").symlink_to(targets[kind])
        before = _snapshot(outside)
        s = build_settings(root, formats=("turtle", "json", "graphml"))
        out = s.out_dir
        try:
            from blogweave.config import load_settings

            load_settings(content, cwd=root)
            build(s, stages=stages())
            for entry in sorted(out.glob(f"{cache_mod.CACHE_DIR}/*/*/*.bwc"))[:1]:
                entry.unlink()
                kind = tamper[0] if tamper else None
                if kind == "fifo":
                    os.mkfifo(entry)
                elif kind == "dev-zero":
                    entry.symlink_to("/dev/zero")
                elif kind == "garbage":
                    entry.write_bytes(cache_mod.MAGIC + os.urandom(64))
                elif kind == "link-dir":
                    entry.symlink_to(outside, target_is_directory=True)
            if "base-link" in tamper:
                import shutil

                shutil.rmtree(out / cache_mod.CACHE_DIR, ignore_errors=True)
                (out / cache_mod.CACHE_DIR).symlink_to(outside, target_is_directory=True)
            build(s, stages=stages())
        except BlogweaveError:
            pass
        assert _snapshot(outside) == before
        for path in out.glob("graph.*"):
            assert SECRET_WORD.encode() not in path.read_bytes()
