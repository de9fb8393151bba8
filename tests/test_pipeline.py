"""The pipeline's wiring: parallel and single-process builds agree, failures stay local, outputs stay whole.

Most tests use the stand-ins of ``pipeline_fakes`` (no model); the ``model``
tests at the end build a small folder with the real stages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pipeline_fakes
from blogweave.config import Settings
from blogweave.errors import BlogweaveError
from blogweave.pipeline.batches import Job, plan_batches
from blogweave.pipeline.build import _build_lock, build, clean_stale_outputs, load_graph

POSTS = {
    "a.md": "First post\nAda founded Initech. Later Bob joined.\n",
    "b.md": "Second post\nCarol founded Globex and met Ada.\n",
    "sub/c.md": "Third post\nDan founded Hooli. Ada founded Umbrella.\n",
    "sub/d.md": "Fourth post\nNothing to see here, Erin said.\n",
    "e.md": "Fifth post\nFrank founded Vandelay.\n",
}


@pytest.fixture
def fakes():
    return pipeline_fakes


def write_posts(folder: Path, posts: dict[str, str]) -> Path:
    for name, text in posts.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def settings_for(tmp_path: Path, out: str = "out", **changes) -> Settings:
    values = dict(content_dir=tmp_path / "content", out_dir=tmp_path / out, formats=("turtle", "json"), processes=1)
    values.update(changes)
    return Settings(**values)


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.json")}


def test_parallel_build_is_byte_identical_to_single_process(fakes, tmp_path):
    write_posts(tmp_path / "content", POSTS)
    one = fakes.build(settings_for(tmp_path, "one", processes=1, cache=False, batch_size=2))
    two = fakes.build(settings_for(tmp_path, "two", processes=2, cache=False, batch_size=1))
    assert one.parsed == two.parsed == len(POSTS)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    graph = load_graph(tmp_path / "two")
    assert graph.has_edge("person/ada", "organization/umbrella")
    assert len([n for n, d in graph.nodes(data=True) if d["kind"] == "post"]) == len(POSTS)


def test_unchanged_posts_come_from_cache_without_loading_the_model(fakes, tmp_path, monkeypatch):
    write_posts(tmp_path / "content", POSTS)
    cold = fakes.build(settings_for(tmp_path))
    assert (cold.cached, cold.parsed) == (0, len(POSTS))
    first = outputs(tmp_path / "out")

    def no_model(preferred=None):
        raise AssertionError("the model was loaded although nothing changed")

    monkeypatch.setattr(pipeline_fakes, "load_nlp", no_model)
    warm = fakes.build(settings_for(tmp_path))
    assert (warm.cached, warm.parsed, warm.up_to_date) == (len(POSTS), 0, True)
    assert warm.entities == cold.entities and warm.facts == cold.facts and warm.outputs == cold.outputs
    assert outputs(tmp_path / "out") == first


def test_an_up_to_date_build_writes_again_when_an_output_or_a_setting_changed(fakes, tmp_path):
    write_posts(tmp_path / "content", POSTS)
    fakes.build(settings_for(tmp_path))
    assert fakes.build(settings_for(tmp_path)).up_to_date
    (tmp_path / "out" / "graph.ttl").write_text("damaged by hand")
    report = fakes.build(settings_for(tmp_path))
    assert not report.up_to_date and (report.cached, report.parsed) == (len(POSTS), 0)
    assert (tmp_path / "out" / "graph.ttl").read_text() != "damaged by hand"
    assert fakes.build(settings_for(tmp_path)).up_to_date
    report = fakes.build(settings_for(tmp_path, min_confidence=0.9))
    assert not report.up_to_date and report.facts == {}
    (tmp_path / "out" / "graph.json").unlink()
    assert not fakes.build(settings_for(tmp_path, min_confidence=0.9)).up_to_date
    assert (tmp_path / "out" / "graph.json").is_file()


def test_one_changed_post_is_the_only_one_parsed(fakes, tmp_path):
    content = write_posts(tmp_path / "content", POSTS)
    fakes.build(settings_for(tmp_path))
    (content / "b.md").write_text("Second post\nCarol founded Soylent.\n", encoding="utf-8")
    report = fakes.build(settings_for(tmp_path))
    assert (report.cached, report.parsed) == (len(POSTS) - 1, 1)
    graph = load_graph(tmp_path / "out")
    assert graph.has_edge("person/carol", "organization/soylent")
    assert not graph.has_edge("person/carol", "organization/globex")
    fresh = fakes.build(settings_for(tmp_path, "fresh", cache=False))
    assert fresh.parsed == len(POSTS)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")


def test_renamed_post_and_changed_author_settings_are_parsed_again(fakes, tmp_path):
    content = write_posts(tmp_path / "content", POSTS)
    fakes.build(settings_for(tmp_path))
    (content / "e.md").rename(content / "f.md")
    assert fakes.build(settings_for(tmp_path)).parsed == 1
    report = fakes.build(settings_for(tmp_path, authors=(("sub/*", "Grace Writer"),)))
    assert report.parsed == len(POSTS)  # the loader's settings are part of the cache fingerprint
    assert load_graph(tmp_path / "out").has_edge("post/sub/c.md", "person/grace writer")


@pytest.mark.parametrize("processes", [1, 2])
def test_a_failing_post_is_a_warning_and_the_rest_is_built(fakes, tmp_path, processes):
    posts = dict(POSTS)
    posts["bad1.md"] = "Refused\nUNREADABLE file\n"
    posts["bad2.md"] = "Parser trap\nZed founded Acme. PARSERFAIL\n"
    posts["bad3.md"] = "Rule trap\nYan founded Bolt. EXPLODE\n"
    write_posts(tmp_path / "content", posts)
    report = fakes.build(settings_for(tmp_path, processes=processes, batch_size=2))
    text = "\n".join(report.warnings)
    assert "bad1.md: refused on purpose" in text
    assert "bad2.md: could not be parsed (ValueError: the parser fell over); kept without facts" in text
    assert "bad3.md: fact extraction failed (RuntimeError: a rule fell over); kept without facts" in text
    assert report.posts_read == len(posts) - 1
    graph = load_graph(tmp_path / "out")
    assert "post/bad2.md" in graph and "post/bad3.md" in graph and "post/bad1.md" not in graph
    assert graph.has_edge("person/frank", "organization/vandelay")
    # posts that failed inside blogweave are not cached: the next build tries them again
    again = fakes.build(settings_for(tmp_path, processes=processes))
    assert again.parsed == 3 and again.cached == len(posts) - 3


def test_extractions_keep_no_post_text(fakes, tmp_path):
    from blogweave.pipeline.build import extract_all, BuildReport

    write_posts(tmp_path / "content", POSTS)
    extractions = extract_all(settings_for(tmp_path, processes=2, batch_size=1), BuildReport(), stages=fakes.stages())
    assert len(extractions) == len(POSTS)
    assert all(e.post.text == "" and e.post.spans == () for e in extractions)
    assert [e.post.rel_path for e in extractions] == sorted(POSTS)


def test_plan_batches_covers_every_job_once_largest_first():
    jobs = [Job(i, Path(f"{i}.md"), size=s) for i, s in enumerate([5, 500, 40, 40, 1, 1, 1, 900, 3])]
    batches = plan_batches(jobs, workers=2, batch_size=3)
    assert sorted(j.index for b in batches for j in b) == list(range(len(jobs)))
    assert all(1 <= len(b) <= 3 for b in batches)
    assert batches[0][0].size == 900 and len(batches[0]) == 1


def test_stale_temporaries_are_removed_and_a_parked_folder_restored(tmp_path):
    out = tmp_path / "out"
    (out / ".graph.ttl.abc123.tmp").parent.mkdir(parents=True)
    (out / ".graph.ttl.abc123.tmp").write_text("half")
    (out / ".neo4j.old").mkdir()
    (out / ".neo4j.old" / "nodes.csv").write_text("id\n")
    (out / ".graph.html.xyz.tmp").mkdir()
    (out / ".notes.tmp").write_text("not ours")
    clean_stale_outputs(out)
    assert sorted(os.listdir(out)) == [".notes.tmp", "neo4j"]
    assert (out / "neo4j" / "nodes.csv").read_text() == "id\n"


def test_a_second_build_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with _build_lock(out):
        with pytest.raises(BlogweaveError, match="another build is writing to"):
            with _build_lock(out):
                pass
    with _build_lock(out):  # released again
        pass


# --- with the real stages ---------------------------------------------------------------

TINY = {
    "2021-01-10-joining.md": "---\ntitle: A new job\nauthor: Rosa Quill\n---\n\n"
    "I joined Parcelwise as a data engineer in March 2021. Parcelwise was founded by Tomas Verhoeven in 2015.\n",
    "2022-06-01-tools.md": "---\ntitle: Tools we use\nauthor: Rosa Quill\n---\n\n"
    "At Parcelwise we built Routekit, a scheduling library written in Python. "
    "The company received funding from the Northbridge Innovation Fund.\n",
    "notes/meeting.md": "# Meeting notes\n\nTomas Verhoeven worked at Lumenfold before he started Parcelwise. "
    "Lumenfold developed a database called Stonebase.\n",
}


@pytest.mark.model
def test_real_build_with_one_and_two_processes_is_byte_identical(tmp_path):
    write_posts(tmp_path / "content", TINY)
    one = build(settings_for(tmp_path, "one", processes=1, cache=False))
    two = build(settings_for(tmp_path, "two", processes=2, cache=False, batch_size=1))
    assert one.posts_read == two.posts_read == len(TINY)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    cached = build(settings_for(tmp_path, "one", processes=2))
    assert cached.parsed == len(TINY)  # --no-cache wrote no cache
    warm = build(settings_for(tmp_path, "one", processes=2))
    assert (warm.cached, warm.parsed) == (len(TINY), 0)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


@pytest.mark.parametrize("text", [
    "One paragraph.\n\nTwo paragraph here.\n\n" * 40,
    "line after line\n" * 300,
    "no breaks at all " * 400,
    "x" * 5000,
    "short",
])
def test_split_text_gives_pieces_that_join_to_the_text(text):
    from blogweave.pipeline.batches import split_text

    pieces = split_text(text, size=500)
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= 500 for piece in pieces)


def test_a_long_text_parsed_in_pieces_keeps_every_offset():
    import spacy

    from blogweave.pipeline import batches

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Hollowbrook Labs"}])
    text = "".join(f"Paragraph {n} mentions Hollowbrook Labs once.\n\n" for n in range(3000))
    doc = batches.parse_text(nlp, text)
    assert len(text) > batches.LONG_POST and doc.text == text
    assert len(doc.ents) == 3000
    assert all(text[e.start_char : e.end_char] == "Hollowbrook Labs" for e in doc.ents)


def test_the_graph_knows_where_the_posts_are_from_the_outputs(fakes, tmp_path):
    write_posts(tmp_path / "content", POSTS)
    fakes.build(settings_for(tmp_path, "deep/out", cache=False))
    assert load_graph(tmp_path / "deep" / "out").graph["content_dir"] == "../../content"


def test_an_unreadable_folder_is_a_warning(fakes, tmp_path, monkeypatch):
    write_posts(tmp_path / "content", POSTS)
    real = fakes.find_posts

    def noting(content_dir, exclude=(), problems=None, follow_symlinks=False):
        if problems is not None:
            problems.append(f"{content_dir}/locked: cannot read this folder")
        return real(content_dir, exclude=exclude, problems=problems, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(fakes, "find_posts", noting)
    report = fakes.build(settings_for(tmp_path, cache=False))
    assert any("locked: cannot read this folder" in w for w in report.warnings)


def test_a_stage_warning_reaches_the_report_also_from_the_cache(fakes, tmp_path):
    write_posts(tmp_path / "content", {**POSTS, "odd.md": "Odd post\nGrace founded Acme. ODDSENTENCE\n"})
    cold = fakes.build(settings_for(tmp_path))
    assert cold.warnings == ["odd.md:1: a rule failed on a sentence"]
    assert cold.failed == 0  # the post's other facts are kept and cached
    write_posts(tmp_path / "content", {"e.md": "Fifth post\nFrank founded Vandelay again.\n"})
    warm = fakes.build(settings_for(tmp_path))
    assert (warm.up_to_date, warm.parsed) == (False, 1)
    assert warm.warnings == cold.warnings

def test_a_rebuild_removes_the_outputs_it_no_longer_writes(fakes, tmp_path):
    write_posts(tmp_path / "content", POSTS)
    first = fakes.build(settings_for(tmp_path, formats=("graphml", "neo4j"), cache=False))
    out = tmp_path / "out"
    assert set(first.outputs) == {"graphml", "neo4j", "turtle", "json"}  # the readers' formats always come too
    (out / "mine.graphml").write_text("not blogweave's", encoding="utf-8")
    (tmp_path / "content" / "extra.md").write_text("Zed founded Yonder.\n", encoding="utf-8")
    second = fakes.build(settings_for(tmp_path, formats=("turtle",), cache=False))
    assert sorted(second.removed) == [out / "graph.graphml", out / "neo4j"]
    assert not (out / "graph.graphml").exists() and not (out / "neo4j").exists()
    assert (out / "graph.json").is_file() and (out / "mine.graphml").is_file()


def test_a_foreign_folder_named_like_an_output_is_not_removed(fakes, tmp_path):
    write_posts(tmp_path / "content", POSTS)
    fakes.build(settings_for(tmp_path, cache=False))
    (tmp_path / "out" / "neo4j").mkdir()  # a folder blogweave did not write (no marker file)
    report = fakes.build(settings_for(tmp_path, cache=False, min_confidence=0.1))
    assert report.removed == [] and (tmp_path / "out" / "neo4j").is_dir()
