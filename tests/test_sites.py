"""Site generators' layouts: which files are posts, their titles, dates and authors (blogweave.posts.sites).

Each test writes a small site in the layout of one generator (invented people
and companies), runs the build's scan and load stages on it (the real loader;
a stand-in model, since nothing here needs spaCy), and checks what was read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline_fakes as fakes
from blogweave.pipeline.build import extract_all
from blogweave.pipeline.report import BuildReport
from blogweave.pipeline.stages import Stages
from blogweave.config import Settings, load_settings
from blogweave.errors import ConfigError
from blogweave.posts.loader import find_posts, load_post, read_bytes
from blogweave.posts.sites import detect_site
from blogweave.resolve.entities import resolve_entities

STAGES = Stages(find_posts=find_posts, read_bytes=read_bytes, load_post=load_post, model_name=fakes.model_name,
                load_nlp=fakes.load_nlp, extract_post=fakes.extract_post, resolve_entities=resolve_entities)


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def read_site(content: Path, **settings):
    """(posts by path, report) of the scan and load stages on ``content``."""
    report = BuildReport()
    values = dict(content_dir=content, out_dir=content.parent / "out", processes=1, cache=False)
    values.update(settings)
    extractions = extract_all(Settings(**values), report, stages=STAGES)
    return {e.post.rel_path: e.post for e in extractions}, report


def summary(posts) -> dict[str, tuple]:
    return {rel: (p.title, p.date, p.authors) for rel, p in posts.items()}


def test_jekyll_posts_drafts_pages_and_authors_file(tmp_path):
    site = write(tmp_path / "site", {
        "_config.yml": "title: Notes\nauthor:\n  name: Quenna Vell\n",
        "_data/authors.yml": "qvell:\n  name: Quenna Vell\n  bio: writes\nodrum: Osric Drum\n",
        "_posts/2021-03-04-hello.md": "---\ntitle: Hello from Brindle\nauthor: qvell\n---\nQuenna joined Brindle.\n",
        "_posts/2021-05-06-two.md": "---\ntitle: Two\nauthors: [qvell, odrum]\n---\nBody.\n",
        "_posts/2021-07-08-three.md": "---\ntitle: Three\nauthor: mara-linde\n---\nBody.\n",
        "_posts/2021-09-01-hidden.md": "---\ntitle: Hidden\npublished: false\n---\nBody.\n",
        "_drafts/next.md": "---\ntitle: Next\n---\nDraft body.\n",
        "about.md": "---\nlayout: page\ntitle: About\n---\nAbout the site.\n",
        "index.md": "---\nlayout: home\n---\n",
        "README.md": "# Notes\n\nThe site's source.\n",
        "LICENSE.md": "Permission is granted.\n",
    })
    posts, report = read_site(site)
    assert summary(posts) == {
        "_posts/2021-03-04-hello.md": ("Hello from Brindle", "2021-03-04", ("Quenna Vell",)),
        "_posts/2021-05-06-two.md": ("Two", "2021-05-06", ("Quenna Vell", "Osric Drum")),
        "_posts/2021-07-08-three.md": ("Three", "2021-07-08", ("Mara Linde",)),  # unknown slug: readable
    }
    assert posts["_posts/2021-07-08-three.md"].author_aliases == (("Mara Linde", "mara-linde"),)
    assert report.skipped["draft (front matter)"] == 1
    assert report.skipped["draft (_drafts/)"] == 1
    assert report.skipped["repository file (README, LICENSE, CHANGELOG ...)"] == 2
    assert report.skipped["page, not a post (outside _posts/)"] == 2  # about.md, index.md
    assert report.posts_found == 9 and report.posts_read == 3
    conventions = detect_site(site).conventions()
    assert "Jekyll site" in conventions and "authors from _data/authors.yml" in conventions
    assert "site author from _config.yml" in conventions

    with_drafts, _ = read_site(site, drafts=True)
    assert {"_drafts/next.md", "_posts/2021-09-01-hidden.md"} <= set(with_drafts)


def test_hugo_bundles_sections_params_and_data_authors(tmp_path):
    root = write(tmp_path / "site", {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "data/authors/ivo.yaml": "name: Ivo Brandt\n",
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/posts/_index.md": "---\ntitle: Posts\n---\nAll posts.\n",
        "content/posts/first-light/index.md": (
            "---\ntitle: First light\ndate: 2022-01-02T10:00:00Z\nparams:\n  author: ivo\n---\nBody.\n"),
        "content/posts/second/index.md": (
            '+++\ntitle = "Second"\ndate = 2022-02-03\ndraft = true\n[params]\nauthor = "Ivo Brandt"\n+++\nBody.\n'),
        "content/posts/third.md": "---\ntitle: Third\ndate: 2022-03-04\nauthor: Ivo Brandt\n---\nBody.\n",
        "content/posts/first-light/output.txt": "A resource of the bundle, not a post.\n",
    })
    posts, report = read_site(root / "content")
    assert summary(posts) == {
        "posts/first-light/index.md": ("First light", "2022-01-02", ("Ivo Brandt",)),
        "posts/third.md": ("Third", "2022-03-04", ("Ivo Brandt",)),
    }
    assert report.skipped["section page (_index)"] == 2
    assert report.skipped["draft (front matter)"] == 1
    assert report.skipped["page bundle resource (beside a Hugo index.md)"] == 1
    conventions = detect_site(root / "content").conventions()
    assert "Hugo site" in conventions
    assert any(line.endswith("data/authors/ivo.yaml") for line in conventions)


def test_zola_taxonomies_and_extra(tmp_path):
    root = write(tmp_path / "blog", {
        "config.toml": 'base_url = "https://example.org"\ncompile_sass = false\n',
        "content/_index.md": '+++\ntitle = "Blog"\nsort_by = "date"\npaginate_by = 5\n+++\n',
        "content/2020-05-01-launch.md": (
            '+++\ntitle = "Launch"\ndate = 2020-05-01\n[taxonomies]\nauthors = ["Wren Alder", "Pax Moor"]\n+++\nBody.\n'),
        "content/notes/index.md": (
            '+++\ntitle = "Notes"\ndate = 2020-06-01\n[extra]\nauthor = "Wren Alder"\n+++\nBody.\n'),
        "content/drafty.md": '+++\ntitle = "Drafty"\ndraft = true\n+++\nBody.\n',
    })
    posts, report = read_site(root / "content")
    assert summary(posts) == {
        "2020-05-01-launch.md": ("Launch", "2020-05-01", ("Wren Alder", "Pax Moor")),
        "notes/index.md": ("Notes", "2020-06-01", ("Wren Alder",)),
    }
    assert report.skipped == {"section page (_index)": 1, "draft (front matter)": 1}


def test_mkdocs_material_blog(tmp_path):
    root = write(tmp_path / "proj", {
        "mkdocs.yml": "site_name: Proj\nplugins:\n  - blog\n",
        "docs/blog/.authors.yml": "authors:\n  tkoll:\n    name: Tamsin Koll\n    description: Maintainer\n",
        "docs/blog/index.md": "# Blog\n",
        "docs/blog/posts/release.md": (
            "---\ndate:\n  created: 2023-04-05\n  updated: 2023-05-01\nauthors:\n  - tkoll\n---\n\n# Release 2.0\n\nBody.\n"),
        "docs/blog/posts/wip.md": "---\ndate:\n  created: 2023-06-01\ndraft: true\nauthors: [tkoll]\n---\n# WIP\n",
        "docs/CHANGELOG.md": "# Changes\n\n- fixed\n",
    })
    posts, report = read_site(root / "docs")
    assert summary(posts) == {"blog/posts/release.md": ("Release 2.0", "2023-04-05", ("Tamsin Koll",))}
    assert posts["blog/posts/release.md"].author_aliases == (("Tamsin Koll", "tkoll"),)
    assert report.skipped == {"listing page (index beside other posts)": 1, "draft (front matter)": 1,
                              "repository file (README, LICENSE, CHANGELOG ...)": 1}
    assert "MkDocs site" in detect_site(root / "docs").conventions()


def test_pelican_and_nikola_dotted_headers(tmp_path):
    root = write(tmp_path / "site", {
        "pelicanconf.py": "AUTHOR = 'Lio Park'\n",
        "content/articles/first.md": "Title: First post\nDate: 2019-02-03 10:20\nAuthor: Lio Park\n\nBody.\n",
        "content/articles/unfinished.md": "Title: Unfinished\nDate: 2019-03-03\nStatus: draft\n\nBody.\n",
        "content/pages/about.md": "Title: About\n\nAbout me.\n",
        "content/articles/nikola.md": (
            "<!--\n.. title: In a comment\n.. slug: in-a-comment\n.. date: 2019-04-05 08:00:00 UTC+02:00\n"
            ".. author: Sela Brook\n.. tags: notes\n-->\n\nThe body starts here.\n"),
        "content/articles/bare.md": ".. title: Bare header\n.. date: 2019/05/06\n\nBody here.\n",
        "content/articles/draft-tag.md": "<!--\n.. title: Tagged\n.. tags: draft, notes\n-->\n\nBody.\n",
    })
    posts, report = read_site(root / "content")
    assert summary(posts) == {
        "articles/bare.md": ("Bare header", "2019-05-06", ("Lio Park",)),  # the site's AUTHOR
        "articles/first.md": ("First post", "2019-02-03", ("Lio Park",)),
        "articles/nikola.md": ("In a comment", "2019-04-05", ("Sela Brook",)),
    }
    # the metadata comment is not prose
    assert "slug" not in posts["articles/nikola.md"].text and "-->" not in posts["articles/nikola.md"].text
    assert report.skipped == {"draft (front matter)": 2, "page, not a post (pages/)": 1}
    assert "site author from pelicanconf.py" in detect_site(root / "content").conventions()
    named, _ = read_site(root / "content", default_author="Ann Example")
    assert named["articles/bare.md"].authors == ("Ann Example",)  # the setting wins over the site's


def test_astro_and_eleventy_pubdate_and_author_maps(tmp_path):
    root = write(tmp_path / "site", {
        "astro.config.mjs": "export default {}\n",
        "src/content/blog/one.md": (
            "---\ntitle: One\npubDate: 'Jul 08 2022'\nauthor:\n  name: Ren Oaks\n  url: https://example.org\n---\nBody.\n"),
        "src/content/blog/two.md": (
            "---\ntitle: Two\npubDate: 2022-08-09\nauthors:\n  - name: Ren Oaks\n  - name: Juno Vale\n---\nBody.\n"),
        "src/content/blog/three.md": "---\ntitle: Three\ndraft: true\n---\nBody.\n",
    })
    posts, report = read_site(root / "src" / "content" / "blog")
    assert summary(posts) == {
        "one.md": ("One", "2022-07-08", ("Ren Oaks",)),
        "two.md": ("Two", "2022-08-09", ("Ren Oaks", "Juno Vale")),
    }
    assert report.skipped == {"draft (front matter)": 1}
    assert "Astro site" in detect_site(root / "src" / "content" / "blog").conventions()


def test_include_exclude_and_default_author(tmp_path):
    content = write(tmp_path / "content", {
        "blog/a.md": "---\ntitle: A\n---\nBody.\n",
        "blog/old/b.md": "---\ntitle: B\n---\nBody.\n",
        "notes/c.md": "---\ntitle: C\nauthor: Zed Orr\n---\nBody.\n",
    })
    posts, report = read_site(content, include=("blog/**",), exclude=("**/old/*",), default_author="Ann Example")
    assert summary(posts) == {"blog/a.md": ("A", None, ("Ann Example",))}
    assert report.skipped == {"not matched by an include glob": 1, "excluded by an exclude glob": 1}
    everything, _ = read_site(content, default_author="Ann Example")
    assert everything["notes/c.md"].authors == ("Zed Orr",)  # a named author wins over the default


def test_site_settings_from_blogweave_toml(tmp_path):
    content = write(tmp_path / "content", {
        "blogweave.toml": 'exclude = ["drafts/**"]\ninclude = ["**/*.md"]\ndrafts = true\ndefault_author = "Ann  Example"\n',
    })
    settings = load_settings(content, cwd=tmp_path)
    assert settings.exclude == ("drafts/**",) and settings.include == ("**/*.md",)
    assert settings.drafts is True and settings.default_author == "Ann Example"
    (content / "blogweave.toml").write_text("exclude = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="exclude"):
        load_settings(content, cwd=tmp_path)


def test_prose_fields_are_text_with_their_line(tmp_path):
    content = write(tmp_path / "content", {
        "post.md": ("---\ntitle: A note\ndescription: Pell Orrin joined Varnex Labs in 2018.\n"
                    "summary: >\n  Varnex Labs funds\n  the Quill project.\n---\n\nBody line.\n"),
    })
    post = load_post(content / "post.md", content, Settings(content_dir=content))
    start = post.text.index("Pell Orrin joined Varnex Labs")
    assert post.line_of(start) == 3
    folded = post.text.index("Varnex Labs funds the Quill project.")
    assert post.line_of(folded) == 5
    assert post.line_of(post.text.index("Body line")) == 9


def test_slug_author_is_an_alias_of_one_person_across_posts(tmp_path):
    site = write(tmp_path / "site", {
        "_data/authors.yml": "qvell:\n  name: Quenna Vell\n",
        "_posts/2021-01-01-a.md": "---\ntitle: A\nauthor: qvell\n---\nBody.\n",
        "_posts/2021-01-02-b.md": "---\ntitle: B\nauthor: Quenna Vell\n---\nBody.\n",
    })
    report = BuildReport()
    settings = Settings(content_dir=site, out_dir=tmp_path / "out", processes=1, cache=False)
    entities, _, posts = resolve_entities(extract_all(settings, report, stages=STAGES))
    authors = {p.authors for p in posts}
    assert len(authors) == 1  # one person wrote both
    person = next(e for e in entities if (e.id,) in authors)
    assert (person.label, person.aliases) == ("Quenna Vell", ("qvell",))
