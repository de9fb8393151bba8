"""Site generators' conventions: which files are posts, which are drafts, and who wrote them.

Blogs live in the source folders of static site generators, and each has its
own way of telling a post from the rest:

* **Jekyll**: posts in ``_posts/``, drafts in ``_drafts/``; pages elsewhere; ``published: false``.
* **Hugo**: ``_index.md`` is a section (listing) page; ``slug/index.md`` is a post
  (a page bundle); ``draft: true``; authors in ``params.author``.
* **Zola**: ``_index.md`` is a section page; ``draft = true``; authors in ``[taxonomies] authors``
  or ``[extra] author``.
* **MkDocs Material blog**: ``blog/index.md`` lists ``blog/posts/``; ``draft: true``;
  ``date: {created: ...}``; authors are slugs in ``.authors.yml``.
* **Pelican and Nikola**: ``pages/`` hold pages, not articles; ``Status: draft``; Nikola's
  ``.. key: value`` headers (read by :mod:`blogweave.posts.headers`).
* **Astro and Eleventy**: ``pubDate``; ``author: {name: ...}``; ``draft: true``.

And for every site: repository files (README, LICENSE, CHANGELOG, CONTRIBUTING
...) are not posts, nor is an ``index.md`` that lists other posts (the folder's
own front page: one at the top of the content folder, or beside other posts).

Two steps use this. :func:`select_posts`, on the list of files, before anything
is read (name rules and the ``include``/``exclude`` globs of the settings);
:func:`apply_site`, on the loaded posts (front-matter rules, which the loader
records in ``Post.kind``: drafts, listing layouts), which also resolves author
slugs through the site's authors files (:mod:`blogweave.posts.authors`) and
fills in ``default_author`` (the setting, else the author the site's own
configuration names: Jekyll ``author``, MkDocs ``site_author``, Hugo and Zola
``params.author``/``extra.author``, Pelican ``AUTHOR``, Nikola ``BLOG_AUTHOR``). The second runs after the build cache, so neither
the authors files nor ``--drafts`` invalidate a cached post.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any

from blogweave.posts.authors import AuthorDirectory, author_names, read_author_files
from blogweave.posts.bylines import parse_authors

#: File names (without suffix, any case) of repository files that are never posts.
REPOSITORY_FILES = frozenset(
    "readme license licence copying changelog changes history news contributing code_of_conduct "
    "authors contributors maintainers notice security support governance todo".split()
)
#: Front-matter ``layout`` values of listing pages.
LISTING_LAYOUTS = frozenset("home archive archives blog list category categories tag tags index".split())
#: Zola section front matter keys (a section page lists its posts).
SECTION_KEYS = frozenset({"sort_by", "paginate_by", "paginate_path", "transparent", "page_template"})

# Files that tell which generator a site uses (looked for at the site root).
_MARKERS = (
    ("Jekyll", ("_config.yml", "_config.yaml", "_posts")),
    ("Hugo", ("hugo.toml", "hugo.yaml", "hugo.json", "archetypes")),
    ("Zola", ("zola.toml",)),
    ("MkDocs", ("mkdocs.yml", "mkdocs.yaml")),
    ("Pelican", ("pelicanconf.py",)),
    ("Nikola", ("conf.py",)),
    ("Astro", ("astro.config.mjs", "astro.config.js", "astro.config.ts")),
    ("Eleventy", (".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs")),
)


@dataclass(frozen=True)
class Site:
    """What blogweave found out about the site around a content folder."""

    generators: tuple[str, ...] = ()
    authors: AuthorDirectory = field(default_factory=AuthorDirectory)
    jekyll_posts: bool = False  # the content folder has a _posts/ folder: only it (and _drafts/) hold posts
    author: str | None = None  # the site's own author setting, for posts that name none
    author_source: str = ""  # the file that named it

    def conventions(self) -> list[str]:
        """One line per convention used, for the build summary."""
        lines = [f"{name} site" for name in self.generators]
        if self.author:
            lines.append(f"site author from {self.author_source}")
        if self.jekyll_posts:
            lines.append("posts in _posts/ (other pages left out)")
        lines += [f"authors from {path}" for path in self.authors.files]
        return lines


def detect_site(content_dir: Path, problems: list[str] | None = None) -> Site:
    """The generator(s) and authors files of the site whose content is ``content_dir``."""
    content = Path(content_dir)
    roots = [content, *list(content.resolve().parents)[:3]]  # src/content/blog (Astro) is three below
    found: list[str] = []
    for name, markers in _MARKERS:
        for root in roots:
            hits = [m for m in markers if (root / m).exists()]
            if name == "Nikola" and hits and "nikola" not in _head(root / "conf.py"):
                hits = []
            if name == "Hugo" and not hits and (root / "config.toml").is_file() and "baseurl" in _head(root / "config.toml"):
                hits = ["config.toml"]
            if name == "Zola" and not hits and (root / "config.toml").is_file() and "base_url" in _head(root / "config.toml"):
                hits = ["config.toml"]
            if hits:
                found.append(name)
                break
    author, source = _site_author(roots)
    return Site(tuple(found), read_author_files(content, problems), (content / "_posts").is_dir(), author, source)


# A site's own author setting: (file, how to read it, key path).
_PY_AUTHOR = re.compile(r"""^(?:AUTHOR|BLOG_AUTHOR)\s*=\s*(?:\{[^}]*?:\s*)?(['"])(.{1,200}?)\1""", re.M)
_SITE_AUTHOR_FILES = (
    ("_config.yml", "yaml", ("author",)), ("mkdocs.yml", "yaml", ("site_author",)),
    ("hugo.toml", "toml", ("params", "author")), ("config.toml", "toml", ("params", "author")),
    ("config.toml", "toml", ("extra", "author")), ("hugo.toml", "toml", ("author",)),
    ("config.toml", "toml", ("author",)), ("pelicanconf.py", "py", ()), ("conf.py", "py", ()),
)  # fmt: skip


def _site_author(roots: list[Path]) -> tuple[str | None, str]:
    """The author a site's configuration names (Jekyll ``author``, MkDocs ``site_author``, Hugo/Zola
    ``params.author``/``extra.author``, Pelican ``AUTHOR``, Nikola ``BLOG_AUTHOR``), and the file."""
    for root in roots:
        for name, form, keys in _SITE_AUTHOR_FILES:
            path = root / name
            if not path.is_file():
                continue
            text = _head(path, lower=False)
            value: Any = None
            if form == "py":
                match = _PY_AUTHOR.search(text)
                value = match.group(2) if match else None
            else:
                try:
                    value = tomllib.loads(text) if form == "toml" else _yaml_lenient(text)
                except (tomllib.TOMLDecodeError, ValueError):
                    continue
                for key in keys:
                    value = value.get(key) if isinstance(value, dict) else None
            names = parse_authors(value) if value else []
            if names:
                return names[0][0], name
    return None, ""


def _yaml_lenient(text: str) -> Any:
    """A site config's YAML, or {} when it cannot be read safely (MkDocs configs use Python tags)."""
    import yaml

    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return {}


def _head(path: Path, lower: bool = True) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(64_000)
    except OSError:
        return ""
    return text.lower() if lower else text


def select_posts(
    rel_paths: list[str], site: Site, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), drafts: bool = False
) -> tuple[list[str], Counter]:
    """The paths (below the content folder, "/"-separated) that are posts, and why each other one was skipped."""
    skipped: Counter = Counter()
    kept: list[str] = []
    bundles: set[str] = set()  # Hugo leaf bundles: a folder (not the top) with an index file and no post below
    if "Hugo" in site.generators:
        has_index = {PurePosixPath(rel).parent.as_posix() for rel in rel_paths if PurePosixPath(rel).stem.lower() == "index"}
        deeper = {parent.as_posix() for rel in rel_paths for parent in PurePosixPath(rel).parents[1:]}
        bundles = {folder for folder in has_index if folder != "." and folder not in deeper}
    folders_with_posts: Counter = Counter()  # folder -> post files in it or below, besides index files
    for rel in rel_paths:
        path = PurePosixPath(rel)
        if path.stem.lower() != "index" and path.parent.as_posix() not in bundles:
            for parent in path.parents:
                folders_with_posts[parent.as_posix()] += 1
    for rel in rel_paths:
        path = PurePosixPath(rel)
        if path.parent.as_posix() in bundles and path.stem.lower() != "index":
            skipped["page bundle resource (beside a Hugo index.md)"] += 1
            continue
        reason = file_skip_reason(rel, site, include, exclude, drafts, folders_with_posts)
        if reason:
            skipped[reason] += 1
        else:
            kept.append(rel)
    return kept, skipped


def file_skip_reason(
    rel: str, site: Site, include: tuple[str, ...], exclude: tuple[str, ...], drafts: bool,
    folders_with_posts: Counter | None = None,
) -> str | None:
    """Why the file at ``rel`` is not a post, from its path alone; None when it may be one."""
    path = PurePosixPath(rel)
    parts = path.parts
    if any(_glob(rel, pattern) for pattern in exclude):
        return "excluded by an exclude glob"
    if include and not any(_glob(rel, pattern) for pattern in include):
        return "not matched by an include glob"
    if path.stem.lower() in REPOSITORY_FILES:
        return "repository file (README, LICENSE, CHANGELOG ...)"
    if path.stem.lower() == "_index":
        return "section page (_index)"
    if "_drafts" in parts[:-1]:
        return None if drafts else "draft (_drafts/)"
    if site.jekyll_posts and "_posts" not in parts[:-1]:
        return "page, not a post (outside _posts/)"
    if {"Pelican", "Nikola"} & set(site.generators) and parts[:1] in (("pages",), ("stories",)):
        return "page, not a post (pages/)"
    if path.stem.lower() == "index":
        folder = path.parent.as_posix()
        if folder == "." or (folders_with_posts or Counter()).get(folder, 0) > 0:
            return "listing page (index beside other posts)"
    return None


def _glob(rel: str, pattern: str) -> bool:
    """fnmatch with "**/" also matching no folder at all, and a folder pattern matching what is below it."""
    pattern = pattern.strip().lstrip("/")
    if not pattern:
        return False
    candidates = {pattern}
    if pattern.startswith("**/"):
        candidates.add(pattern[3:])
    if pattern.endswith("/"):
        candidates.add(pattern + "*")
    return any(fnmatch(rel, p) or fnmatch(rel, p.rstrip("/") + "/*") for p in candidates)


def post_kind(meta: dict[str, Any], tags: tuple[str, ...] = ()) -> str:
    """"draft", "listing" or "post", from a post's front matter (keys in lower case)."""
    if SECTION_KEYS & meta.keys() or str(meta.get("layout", "")).strip().lower() in LISTING_LAYOUTS:
        return "listing"
    if _true(meta.get("draft")) or _true(meta.get("drafts")) or meta.get("published") is False:
        return "draft"
    if str(meta.get("published", "")).strip().lower() in ("false", "no"):
        return "draft"
    if str(meta.get("status", "")).strip().lower() in ("draft", "hidden", "private"):
        return "draft"
    if any(tag.lower() == "draft" for tag in tags):  # Nikola's convention
        return "draft"
    return "post"


def _true(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1")


def apply_site(extractions: list, site: Site, drafts: bool = False, default_author: str | None = None):
    """Drop drafts (unless ``drafts``) and listing pages; authors through the site's authors files.

    Returns the extractions kept and a Counter of why the others were skipped.
    """
    kept, skipped = [], Counter()
    for extraction in extractions:
        post = extraction.post
        if post.kind == "listing":
            skipped["listing page (front matter)"] += 1
            continue
        if post.kind == "draft" and not drafts:
            skipped["draft (front matter)"] += 1
            continue
        names, aliases = author_names(post.authors, site.authors)
        if not names and (default_author or site.author):
            names = (default_author or site.author,)
        if names != post.authors or aliases:
            post = dataclasses.replace(post, authors=names, author_aliases=aliases)
            extraction = dataclasses.replace(extraction, post=post)
        kept.append(extraction)
    return kept, skipped
