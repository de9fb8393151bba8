"""Finding and loading posts: headers, metadata, prose extraction and offsets back to the source."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from blogweave.config import Settings
from blogweave.errors import BlogweaveError
from blogweave.posts.bylines import parse_authors
from blogweave.posts.headers import parse_date
from blogweave.posts.loader import decode, find_posts, load_post

DATA = Path(__file__).parent / "data" / "posts"


def load(name: str, settings: Settings = Settings()):
    return load_post(DATA / name, DATA, settings)


def write(folder: Path, name: str, text: str, newline: str = "\n"):
    """Write a post into ``folder`` and load it."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return load_post(path, folder, Settings())


def source_line(path: Path, number: int) -> str:
    text = decode(path.read_bytes(), path)
    return re.split(r"\r\n|\r|\n", text)[number - 1]


# --- finding posts -----------------------------------------------------------------------------


def test_find_posts_lists_post_files_sorted_and_skips_hidden(tmp_path):
    for name in ["b.md", "a.txt", "sub/c.markdown", "sub/D.MD", "notes.rst", ".hidden.md", ".git/x.md", "img/x.png"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Some words.")
    found = [p.relative_to(tmp_path).as_posix() for p in find_posts(tmp_path)]
    assert found == ["a.txt", "b.md", "sub/D.MD", "sub/c.markdown"]


def test_find_posts_skips_excluded_output_folder(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "stale.md").write_text("Old output.")
    (tmp_path / "post.md").write_text("A post.")
    assert find_posts(tmp_path, exclude=[tmp_path / "out"]) == [tmp_path / "post.md"]


def test_find_posts_missing_folder_is_an_error(tmp_path):
    with pytest.raises(BlogweaveError, match="does not exist"):
        find_posts(tmp_path / "nowhere")
    (tmp_path / "file.md").write_text("x")
    with pytest.raises(BlogweaveError, match="not a folder"):
        find_posts(tmp_path / "file.md")


def test_find_posts_survives_a_folder_symlink_loop(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "post.md").write_text("A post.")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a", target_is_directory=True)
    problems: list[str] = []
    assert find_posts(tmp_path, problems=problems) == [tmp_path / "a" / "post.md"]
    assert sorted(problems) == [
        f"{tmp_path / 'a' / 'loop'}: folder skipped: a link to a folder already read (link loop?)",
        f"{tmp_path / 'a' / 'self'}: folder skipped: a link to a folder already read (link loop?)",
    ]


def test_find_posts_notes_an_unreadable_folder(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "open.md").write_text("A post.")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    problems: list[str] = []
    assert find_posts(tmp_path, problems=problems) == [tmp_path / "open.md"]
    assert problems == [f"{tmp_path / 'locked'}: folder skipped: Permission denied"]


def test_find_posts_follows_a_symlinked_folder_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "post.md").write_text("A post.")
    content = tmp_path / "content"
    content.mkdir()
    (content / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (content / "again").symlink_to(tmp_path / "real", target_is_directory=True)
    found = find_posts(content, follow_symlinks=True)  # the link leaves the content folder: asked for
    assert found == [content / "again" / "post.md"]


# --- metadata ----------------------------------------------------------------------------------


def test_yaml_front_matter_metadata():
    post = load("yaml-front.md")
    assert post.rel_path == "yaml-front.md"
    assert post.title == "Notes from the Harrowgate meetup"
    assert post.date == "2020-04-05"
    assert post.authors == ("Wendell Ostrowski", "Ruth Abernathy", "Lars Kovač")
    assert post.tags == ("meetups", "data engineering", "Community Events")
    assert post.text.startswith("Notes from the Harrowgate meetup.\n\nA heading that is not the title\n\nWendell Ostrowski joined Harrowgate Ltd in 2018.")


def test_pelican_header_metadata():
    post = load("pelican.md")
    assert (post.title, post.date, post.authors, post.tags) == (
        "Pelican style header", "2019-07-21", ("Odile Fairbanks",), ("compilers", "tutorial"),
    )  # fmt: skip
    assert post.text == "Pelican style header.\n\nOdile Fairbanks maintains the Tarn compiler."


def test_toml_front_matter_with_author_tables():
    post = load("toml-front.md")
    assert (post.title, post.date, post.authors) == ("TOML front matter", "2022-02-22", ("Hollis Bramwell", "Nadia Szabo"))
    assert post.text == "TOML front matter.\n\nHollis Bramwell founded Quillfeather Co."


def test_a_by_key_names_the_author(tmp_path):
    post = write(tmp_path, "by.md", "---\ntitle: Notes\nby: Odile Brask\n---\nBody.\n")
    assert post.authors == ("Odile Brask",)


def test_franklin_def_lines_are_the_header(tmp_path):
    post = write(tmp_path, "release.md", (
        "@def rss_pubdate = Date(2021, 4, 9)\n"
        '@def title = "Tarn 2.0 is out"\n'
        '@def rss_description = """ Tarn 2.0 brings\n  faster builds. """\n'
        '@def authors = """<a href="https://example.org/ob">Odile Brask</a>, Pim Vey (Quillfeather Co.)"""\n'
        "@def hascode = true\n\n"
        "Odile Brask maintains Tarn.\n"
    ))  # fmt: skip
    assert (post.title, post.authors) == ("Tarn 2.0 is out", ("Odile Brask", "Pim Vey"))
    assert "@def" not in post.text and post.text.endswith("Odile Brask maintains Tarn.")


def test_franklin_plus_block_with_julia_values(tmp_path):
    post = write(tmp_path, "notes.md", (
        "+++\n"
        'title = "Field notes" # the page title\n'
        'authors = "Ivo Lantz, Mara Quell, and many helpful contributors"\n'
        "date = Date(2023, 07, 06)\n"
        "tags = [\"tarn\", \"builds, fast\"]\n"
        "+++\n\n"
        "Body text.\n"
    ))  # fmt: skip
    assert (post.title, post.date, post.authors) == ("Field notes", "2023-07-06", ("Ivo Lantz", "Mara Quell"))
    assert post.text.endswith("Body text.")


def test_plus_block_that_is_neither_toml_nor_julia_names_the_toml_error(tmp_path):
    with pytest.raises(BlogweaveError, match="malformed TOML front matter"):
        write(tmp_path, "odd.md", "+++\ntitle = \"x\"\nthis is prose, not an assignment\n+++\nBody.\n")


def test_no_header_posted_on_line_gives_date_and_heading_gives_title():
    post = load("posted-on.md")
    assert (post.title, post.date, post.authors) == ("Field notes from the archive", "2018-03-03", ())
    assert "Posted" not in post.text
    assert post.text == "Field notes from the archive\n\nThe Embervale Fund paid for the archive scanner."


def test_no_header_file_name_gives_date_and_title():
    post = load("2017-08-09-dated-file-name.md")
    assert (post.title, post.date) == ("dated file name", "2017-08-09")
    assert post.text == "A post with no header at all, dated by its file name."


def test_configured_author_by_folder_pattern():
    settings = Settings(authors=(("blog/**", "Imogen Vale"),))
    assert load("blog/markup.md", settings).authors == ("Imogen Vale",)
    assert load("posted-on.md", settings).authors == ()
    assert load("pelican.md", settings).authors == ("Odile Fairbanks",)  # metadata wins


def test_content_hash_is_sha256_of_the_bytes():
    assert load("pelican.md").content_hash == hashlib.sha256((DATA / "pelican.md").read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Jane Doe", [("Jane Doe", None)]),
        ("Jane Doe (Acme), Bob Roe (Initech)", [("Jane Doe", "Acme"), ("Bob Roe", "Initech")]),
        ("Jane Doe (Acme, Berlin) and Bob Roe", [("Jane Doe", "Acme, Berlin"), ("Bob Roe", None)]),
        ("Jane Doe & Bob Roe; Cy Poe", [("Jane Doe", None), ("Bob Roe", None), ("Cy Poe", None)]),
        ('<a href="https://example.org">Jane Doe</a> (Acme)', [("Jane Doe", "Acme")]),
        ("[Jane Doe](https://github.com/jdoe) (Acme), [Bob Roe](https://x.example/broe)",
         [("Jane Doe", "Acme"), ("Bob Roe", None)]),  # Markdown links in a front-matter string
        ("Jane Doe (Acme) Bob Roe (Initech)", [("Jane Doe", "Acme"), ("Bob Roe", "Initech")]),  # no separator
        ("John Smith, Jr.", [("John Smith, Jr.", None)]),
        ("Jane Doe <jane@example.org>", [("Jane Doe", None)]),
        ("by Jane Doe and the Dask-like Team", [("Jane Doe", None), ("the Dask-like Team", None)]),
        (["Jane Doe", {"name": "Bob Roe", "affiliation": "Initech"}], [("Jane Doe", None), ("Bob Roe", "Initech")]),
        ({"name": "Jane Doe", "email": "jane@example.org"}, [("Jane Doe", None)]),
        ("Jane Doe, Jane Doe", [("Jane Doe", None)]),
        ("Jane Doe (jdoe42), Bob Roe (@broe), Cy Poe (NCAR)", [("Jane Doe", None), ("Bob Roe", None), ("Cy Poe", "NCAR")]),
        ("Jane Doe, Bob Roe and many helpful contributors", [("Jane Doe", None), ("Bob Roe", None)]),
        ("Jane Doe, Quillet Labs", [("Jane Doe", "Quillet Labs")]),  # an organization after a comma is hers
        ("Jane Doe, QuilletCo & Brindle Team, Bob Roe", [("Jane Doe", "QuilletCo"), ("Bob Roe", None)]),
        ("Jane Doe and the Quillet Team", [("Jane Doe", None), ("the Quillet Team", None)]),  # "and": a co-author
        (None, []),
        (42, []),
        ({"email": "no-name@example.org"}, []),
    ],
)
def test_parse_authors(value, expected):
    assert parse_authors(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-05-26", "2021-05-26"),
        ("2021-5-6 10:00", "2021-05-06"),
        ("26 May 2021", "2021-05-26"),
        ("May 26, 2021", "2021-05-26"),
        ("Wednesday, May 26th, 2021", "2021-05-26"),
        ("2021-13-45", None),
        ("not a date", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_yaml_author_null_and_odd_types_do_not_fail(tmp_path):
    post = write(tmp_path, "p.md", "---\ntitle: 2021\nauthor: null\ndate: 2021-13-45\ntags: [1, null, x]\n---\nBody.\n")
    assert (post.title, post.authors, post.date, post.tags) == ("2021", (), None, ("1", "x"))


def test_prose_that_looks_like_a_key_is_not_a_header(tmp_path):
    post = write(tmp_path, "p.md", "Note: this is just a sentence.\n\nAnother one.\n")
    assert post.text == "Note: this is just a sentence.\n\nAnother one."


# --- prose -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def markup_post():
    return load("blog/markup.md")


def test_markup_keeps_prose(markup_post):
    for kept in [
        "Intro paragraph with a link text and an image",
        "bold words inline.",
        "Second heading",
        "first item with",
        "second item with a footnote",
        "A quoted remark spread over two lines.",
        "Admonition body sentence.",
        "MyST tip body sentence.",
        "left cell",
        "beta",
        "Block HTML paragraph.",
        "Footnote definition sentence.",
        "Math  and  goes, but $5 stays.",
        "HTML block with a Markdown link inside.",
    ]:
        assert kept in markup_post.text


def test_markup_drops_code_liquid_html_and_link_targets(markup_post):
    text = markup_post.text
    for dropped in [
        "vanish", "{%", "%}", "{{", "page.variable", "<", ">", "example.com", "pic.png", "alt words",
        "[^note]", "^note", "annotate", ".lead", "{:", "!!!", ":::", "Admonition title", "|", "```", "frac", "x^2",
    ]:  # fmt: skip
        assert dropped not in text, dropped


def test_markup_separates_blocks_and_joins_soft_breaks(markup_post):
    blocks = markup_post.text.split("\n\n")
    assert "Intro paragraph with a link text and an image  and bold words inline." in blocks
    assert "A quoted remark spread over two lines." in blocks
    assert "\n" not in markup_post.text.replace("\n\n", "")


def test_html_entities_are_replaced(markup_post):
    assert "Entities: Tom & Jerry went\xa0home." in markup_post.text


def test_unclosed_script_in_paragraph_hides_only_script(tmp_path):
    post = write(tmp_path, "p.md", "Before <script>hidden()</script> after.\n\nNext <style>p{}</style>block.\n")
    assert post.text == "Before  after.\n\nNext block."


def test_myst_directive_fence_body_is_prose_but_code_directive_is_not(tmp_path):
    post = write(
        tmp_path, "p.md",
        "```{note}\n:class: tip\nA note sentence.\n```\n\n```{code-block} python\nhidden = 1\n```\n",
    )  # fmt: skip
    assert post.text == "A note sentence."


def test_empty_prose_is_fine_when_the_file_is_not_empty(tmp_path):
    post = write(tmp_path, "p.md", "---\ntitle: Only a notebook\n---\n{% notebook x.ipynb %}\n")
    assert (post.title, post.text) == ("Only a notebook", "Only a notebook.")  # the title is prose too
    assert post.line_of(0) == 2


# --- offsets -----------------------------------------------------------------------------------

WORDS = ["Intro", "bold", "Second", "first", "footnote", "quoted", "spread", "Admonition", "MyST", "left", "beta",
         "Block", "Tom", "Jerry", "home", "Footnote", "Math", "goes", "stays", "HTML", "Markdown", "inside"]  # fmt: skip


def _check_words_map_to_their_lines(post, path: Path, words):
    for word in words:
        index = post.text.find(word)
        assert index >= 0, word
        line = post.line_of(index)
        assert word in source_line(path, line), (word, line)


def _check_every_word_is_verbatim(post, path: Path):
    source = decode(path.read_bytes(), path)
    for match in re.finditer(r"\w+", post.text):
        start = post.source_offset(match.start())
        assert source[start : start + len(match.group())] == match.group(), match.group()


def test_every_word_maps_to_its_source_line(markup_post):
    _check_words_map_to_their_lines(markup_post, DATA / "blog" / "markup.md", WORDS)
    _check_every_word_is_verbatim(markup_post, DATA / "blog" / "markup.md")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_offsets_with_other_line_ends(tmp_path, newline):
    source = (DATA / "blog" / "markup.md").read_text(encoding="utf-8")
    post = write(tmp_path, "p.md", source, newline)
    assert post.text == load("blog/markup.md").text
    _check_words_map_to_their_lines(post, tmp_path / "p.md", WORDS)
    _check_every_word_is_verbatim(post, tmp_path / "p.md")


def test_offsets_with_byte_order_mark_and_utf16(tmp_path):
    source = (DATA / "yaml-front.md").read_text(encoding="utf-8")
    (tmp_path / "bom8.md").write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    (tmp_path / "bom16.md").write_bytes(source.encode("utf-16"))  # with a BOM
    for name in ["bom8.md", "bom16.md"]:
        post = load_post(tmp_path / name, tmp_path, Settings())
        assert post.title == "Notes from the Harrowgate meetup"
        _check_words_map_to_their_lines(post, tmp_path / name, ["heading", "Wendell", "Harrowgate", "2018"])
        _check_every_word_is_verbatim(post, tmp_path / name)


def test_offsets_in_lists_quotes_and_indented_blocks(tmp_path):
    text = (
        "Title: Nested\n\n"
        "1. Outer item\n   continued here\n   - inner item\n     > quoted inner\n     > still quoted\n"
        "\n> outer quote\nlazy continuation\n\n"
        "* item with `inline code` and \\*escaped\\* stars\n"
    )
    post = write(tmp_path, "p.md", text)
    assert "inline code" in post.text and "*escaped*" in post.text
    _check_words_map_to_their_lines(
        post, tmp_path / "p.md", ["Outer", "continued", "inner", "quoted", "still", "outer", "lazy", "inline", "escaped"]
    )
    _check_every_word_is_verbatim(post, tmp_path / "p.md")


def test_offsets_with_repeated_words_on_one_line(tmp_path):
    post = write(tmp_path, "p.md", "| apple | apple pie |\n|---|---|\n| pie | apple |\n\nZed apple *apple* [apple](apple) apple\n")
    source = (tmp_path / "p.md").read_text()
    for match in re.finditer(r"\w+", post.text):
        start = post.source_offset(match.start())
        assert source[start : start + len(match.group())] == match.group()
    # each "apple" in the last paragraph maps to a distinct, increasing source offset
    last = post.text.rindex("Zed")
    offsets = [post.source_offset(m.start()) for m in re.finditer("apple", post.text[last:])]
    offsets = [post.source_offset(last + m.start()) for m in re.finditer("apple", post.text[last:])]
    assert offsets == sorted(set(offsets)) and len(offsets) == 4


# --- the shared corpus -------------------------------------------------------------------------


@pytest.mark.shared
def test_every_corpus_post_loads_without_markup_left(shared_dir):
    corpus = shared_dir / "corpus"
    paths = find_posts(corpus)
    assert len(paths) >= 255
    texts = {p: load_post(p, corpus, Settings()).text for p in paths}  # raises on any PostError
    for path, text in texts.items():
        for leftover in ["{%", "%}", "```", "<script", "<div", "](http"]:
            assert leftover not in text, (path, leftover)
    words = sum(len(t.split()) for t in texts.values())
    assert words > 150_000  # prose is kept (about 272,000 words with code before extraction)


def test_posted_on_line_with_author(tmp_path):
    post = write(tmp_path, "p.md", "# Harbour notes\n\n*Published June 3, 2019 by Greta Lindholm*\n\nThe first sentence.\n")
    assert (post.date, post.authors, post.text) == ("2019-06-03", ("Greta Lindholm",), "Harbour notes\n\nThe first sentence.")


def test_metadata_title_is_kept_as_written(tmp_path):
    post = write(tmp_path, "p.md", "---\ntitle: 'The __init__ method and <em>HTML</em> &amp; entities'\n---\nBody.\n")
    assert post.title == "The __init__ method and HTML & entities"


def test_metadata_title_is_prose_and_maps_to_its_header_line(tmp_path):
    post = write(tmp_path, "p.md", "---\nlayout: post\ntitle: \"Two years at Brackenridge Foods\"\n---\n\nBody text here.\n")
    assert post.text.startswith("Two years at Brackenridge Foods.\n\n")
    assert post.line_of(0) == 3
    assert post.line_of(post.text.index("Body")) == 6


def regions_of(tmp_path, markdown: str) -> list[tuple[str, str]]:
    """(kind, text) of each region of the prose of a post written as ``markdown``."""
    (tmp_path / "p.md").write_text(markdown)
    post = load_post(tmp_path / "p.md", tmp_path, Settings())
    return [(kind, post.text[start:end]) for kind, start, end in post.regions]


def test_headings_and_block_quotes_are_regions_of_the_prose(tmp_path):
    found = regions_of(
        tmp_path,
        "---\ntitle: News from Quellbrook\n---\nOpening words.\n\n## The Vantor project\n\nWe fund it.\n\n"
        "> I joined Drumlane in 2019.\n>\n> It was fine.\n\nAfter the quote.\n\n### Next steps\n\nMore.\n",
    )
    assert found == [
        ("h2", "The Vantor project"),
        ("quote", "I joined Drumlane in 2019.\n\nIt was fine."),
        ("h3", "Next steps"),
    ]


def test_link_text_to_a_profile_page_is_a_region_of_the_prose(tmp_path):
    found = regions_of(
        tmp_path,
        "An idea from Jo Vell ([jvell](https://github.com/jvell/)), with [Ada](https://mastodon.example/@ada).\n\n"
        "> Thanks to [Vexa Labs](https://vexa.example/about) and [Acme](https://github.com/acme/tools).\n",
    )
    # a repository page or a site's page is no profile; the quote is still one region
    assert found == [("profile", "jvell"), ("profile", "Ada"), ("quote", "Thanks to Vexa Labs and Acme.")]


def test_site_owner_setting_reaches_every_post(tmp_path):
    (tmp_path / "blogweave.toml").write_text('site_owner = "Quellbrook Labs"\n')
    (tmp_path / "p.md").write_text("We shipped Vantor this week.\n")
    from blogweave.config import load_settings

    post = load_post(tmp_path / "p.md", tmp_path, load_settings(tmp_path))
    assert post.site_owner == "Quellbrook Labs"
    assert load_post(tmp_path / "p.md", tmp_path, Settings()).site_owner is None


def test_a_table_row_is_one_line_with_its_cells_joined_by_commas(tmp_path):
    post = write(tmp_path, "t.md", "Our council:\n\n| Name | Affiliation |\n| --- | --- |\n| Mara Quint | Halvern Systems |\n"
                 "| Tomas Hrun |  |\n")
    assert "Name, Affiliation\n\nMara Quint, Halvern Systems\n\nTomas Hrun" in post.text
    assert "|" not in post.text
    source = (tmp_path / "t.md").read_text()
    assert post.source_offset(post.text.index("Halvern Systems")) == source.index("Halvern Systems")
    assert post.line_of(post.text.index("Mara Quint")) == 5


@pytest.mark.parametrize("marker", ["> ", "- "])
def test_text_nested_past_the_parsers_limit_is_named_in_a_warning(tmp_path, marker):
    path = tmp_path / "deep.md"
    path.write_text("# Deep\n\nOskar Vell joined Quorra Labs.\n\n" + marker * 40 + "Lost words here.\n", encoding="utf-8")
    post = load_post(path, tmp_path, Settings(content_dir=tmp_path))
    assert "Quorra Labs" in post.text and "Lost words" not in post.text
    assert len(post.notes) == 1 and post.notes[0].startswith("deep.md: ") and "nest more than 20 levels" in post.notes[0]


def test_ordinary_nesting_gives_no_warning(tmp_path):
    path = tmp_path / "lists.md"
    path.write_text("# Lists\n\n- one\n  - two\n    - three\n\n> quoted\n> > twice\n", encoding="utf-8")
    post = load_post(path, tmp_path, Settings(content_dir=tmp_path))
    assert post.notes == () and "three" in post.text and "twice" in post.text
