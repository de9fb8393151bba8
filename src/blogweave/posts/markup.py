"""Markdown to plain prose, with every run of prose mapped back to its source offset.

``to_prose(lines, line_src)`` takes a document as a list of lines (no line
breaks) and, for each line, the offset in the source file of its first
character. Callers blank out or dedent lines freely (front matter, Liquid
tags, admonition bodies) as long as each character that stays in a line still
sits at ``line_src[i] + column`` in the source. The Markdown is parsed by
markdown-it-py, whose tokens carry line maps; within a line, each piece of
inline text is found by searching forward in that line, so the mapping is
exact for everything markdown-it copies verbatim.

What is kept: headings, paragraphs, list items, block quotes, table cells (a row's cells on one
line, joined by commas),
(headings and block quotes are also returned as regions of the prose),
footnote definitions, admonition bodies, MyST ``:::`` and ``{directive}``
bodies, link text, inline code, the text inside HTML (blocks and inline).
What is dropped: fenced and indented code, images, link targets, footnote
markers, HTML tags, the content of <script>, <style> and <template>,
admonition titles, TeX math between dollars. Blocks are separated by a blank line; soft line breaks
become spaces. HTML entities and backslash escapes are replaced by the
character they stand for ("&amp;" -> "&"), each as a run of its own that maps
to the start of the entity.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html import unescape

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

#: Stands in for masked characters (Liquid tags, attribute lists) inside a line,
#: so the line keeps its length and Markdown structure; never reaches the text.
MASK = "\u2060"

#: Fence infos of MyST directives whose body is code or data, not prose.
CODE_DIRECTIVES = frozenset(
    "code code-block code-cell sourcecode literalinclude math raw eval-rst mermaid "
    "jupyter-execute ipython csv-table list-table graphviz plot".split()
)
#: HTML elements whose content is not prose.
SKIP_ELEMENTS = frozenset({"script", "style", "template", "svg", "math"})
#: HTML elements that end a block of prose (a blank line goes in between).
BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section summary table td th tr ul".split()
)
MAX_DEPTH = 8  # nested :::/{directive} bodies parsed recursively
#: Levels of nested lists and block quotes the Markdown parser descends (markdown-it's ``maxNesting``).
MAX_NESTING = 20

_DIRECTIVE_OPTION = re.compile(r"^\s*:[\w-]+:")


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(admon_plugin).use(colon_fence_plugin)
    # $math$ and $$math$$ are dropped; "$5" and "$ 5 $" stay text. The block rule is off because
    # it swallows everything up to the next "$$" when a line goes on after its closing "$$".
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.disable(["text_join", "math_block", "math_block_label"], ignoreInvalid=True)
    return md


_MD = _make_parser()


class _Out:
    """The prose being built and its spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int]] = []
        self._next_src = -1  # the source offset that would continue the last run
        self.pending_break = False
        self.first_heading: str | None = None
        self.too_deep = False  # something nested past MAX_NESTING levels was left out
        #: (kind, start, end) in the prose: "h1".."h6" for a heading, "quote" for a block quote's text
        self.regions: list[tuple[str, int, int]] = []
        #: ("profile", start, end) of link text that points at a person's profile page (``PROFILE_URL``)
        self.profiles: list[tuple[str, int, int]] = []

    def region(self, kind: str, start: int) -> None:
        """Record that the prose from ``start`` to here is a heading or quoted text."""
        text = self.text()
        start += len(text[start:]) - len(text[start:].lstrip())  # not the blank line before the block
        if self.length <= start:
            return
        last = self.regions[-1] if self.regions else None
        if kind == "quote" and last and last[0] == "quote" and text[last[2]:start].strip() == "":
            self.regions[-1] = ("quote", last[1], self.length)  # one quote over several paragraphs
        else:
            self.regions.append((kind, start, self.length))

    def run(self, text: str, src: int) -> None:
        """Append ``text``, copied from source offset ``src`` (masked characters dropped)."""
        if MASK in text:
            for piece in re.finditer(f"[^{MASK}]+", text):
                self.run(piece.group(), src + piece.start())
            return
        if self.pending_break or not self.length:  # a block starts: no leading spaces
            stripped = text.lstrip()
            src += len(text) - len(stripped)
            text = stripped
        if not text:
            return
        if self.pending_break:
            self.pending_break = False
            if self.length:
                self._add("\n\n")
        if src != self._next_src:
            self.spans.append((self.length, src))
        self._add(text)
        self._next_src = src + len(text)

    def synthetic(self, text: str, src: int) -> None:
        """Append ``text`` that stands for source at ``src`` but is not a copy of it."""
        self.run(text, src)
        self._next_src = -1

    def block(self) -> None:
        """End the current block (trimming its trailing spaces): the next text starts after a blank line."""
        self.pending_break = True
        while self.parts and not self.parts[-1].strip():
            self.length -= len(self.parts.pop())
        if self.parts and self.parts[-1] != self.parts[-1].rstrip():
            trimmed = self.parts[-1].rstrip()
            self.length -= len(self.parts[-1]) - len(trimmed)
            self.parts[-1] = trimmed
        while self.spans and self.spans[-1][0] >= self.length:
            self.spans.pop()
        self._next_src = -1

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _locate(dl: str, cl: str, cursor: int) -> int:
    """Column in derived line ``dl`` where content line ``cl`` starts."""
    if cl and dl.endswith(cl) and len(dl) - len(cl) >= cursor:
        return len(dl) - len(cl)
    col = dl.find(cl, cursor) if cl else -1
    if col < 0:
        stripped = cl.strip()
        col = dl.find(stripped, cursor) if stripped else -1
    return col if col >= 0 else min(cursor, len(dl))


class _Block:
    """Maps offsets in a token's content to source offsets, line by line."""

    def __init__(self, content: str, first_line: int, lines: list[str], line_src: list[int], cursors: dict[int, int]):
        self.content = content
        self.starts: list[int] = []  # content offset where each content line starts
        self.src: list[int] = []  # source offset of that content line's first character
        offset = 0
        src = line_src[first_line] if first_line < len(line_src) else 0
        for i, cl in enumerate(content.split("\n")):
            line = first_line + i
            if line < len(lines):
                col = _locate(lines[line], cl, cursors.get(line, 0))
                cursors[line] = col + len(cl)
                src = line_src[line] + col
            elif i:  # a line past the token's map (should not happen): continue from the last one
                src = self.src[-1] + (offset - self.starts[-1])
            self.starts.append(offset)
            self.src.append(src)
            offset += len(cl) + 1

    def source(self, index: int) -> int:
        """Source offset of content offset ``index``."""
        line = max(bisect_right(self.starts, index) - 1, 0)
        return self.src[line] + (index - self.starts[line])

    def emit(self, out: _Out, index: int, text: str) -> None:
        """Emit ``text``, found at content offset ``index``, line by line."""
        for k, piece in enumerate(text.split("\n")):
            if k:
                out.synthetic(" ", self.source(index - 1))
            out.run(piece, self.source(index))
            index += len(piece) + 1


class _Slice:
    """A piece of a block's content, seen as content of its own (for text inside HTML blocks)."""

    def __init__(self, block: _Block, base: int, content: str):
        self.block, self.base, self.content = block, base, content

    def source(self, index: int) -> int:
        return self.block.source(self.base + index)

    def emit(self, out: _Out, index: int, text: str) -> None:
        self.block.emit(out, self.base + index, text)


#: A person's page on a code host or a social site: "https://github.com/jdoe", "https://x.com/jdoe",
#: "https://linkedin.com/in/jdoe", "https://mastodon.social/@jdoe". Link text pointing there is a handle
#: or a name, never an organization (a "profile" region of the prose).
PROFILE_URL = re.compile(r"^https?://(?:www\.)?(?:(?:github\.com|gitlab\.com|codeberg\.org|twitter\.com|x\.com)/[\w.-]+"
                         r"|linkedin\.com/in/[\w%.-]+|bsky\.app/profile/[\w.-]+|[\w.-]+/@[\w.-]+)/?$", re.I)


def _skip_destination(content: str, pos: int) -> int:
    """Offset just after a link's or image's ``](dest "title")`` / ``][ref]`` / ``]``."""
    close = content.find("]", pos)
    if close < 0:
        return pos
    pos = close + 1
    if content.startswith("(", pos):
        depth = 0
        for i in range(pos, len(content)):
            if content[i] == "\\":
                continue
            if content[i] == "(":
                depth += 1
            elif content[i] == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
        return pos
    if content.startswith("[", pos):
        end = content.find("]", pos)
        return end + 1 if end >= 0 else pos
    return pos


def _inline(token, block: _Block, out: _Out, html_skip: list[str]) -> None:
    """Emit the prose of one inline token's children."""
    content = block.content
    pos = 0
    image_depth = 0
    links: list[tuple[int, str]] = []  # (prose offset, target) of each open link
    for child in token.children or ():
        kind = child.type
        if kind == "image":
            start = content.find("![", pos)
            if start >= 0:
                pos = _skip_destination(content, start + 2 + len(child.content))
            continue
        if kind == "footnote_ref":
            start = content.find("[^", pos)
            if start >= 0:
                end = content.find("]", start)
                pos = end + 1 if end >= 0 else pos
            continue
        if kind.startswith("math_inline"):
            start = content.find(child.markup, pos)
            if start >= 0:
                inner = content.find(child.content, start + len(child.markup))
                after = inner + len(child.content) if inner >= 0 else start + len(child.markup)
                end = content.find(child.markup, after)
                pos = end + len(child.markup) if end >= 0 else pos
            continue
        if kind == "link_open":
            links.append((out.length, child.attrGet("href") or ""))
            continue
        if kind == "link_close":
            if links:
                start, href = links.pop()
                if PROFILE_URL.match(href) and out.length > start:
                    out.profiles.append(("profile", start, out.length))
            if child.markup == "autolink":
                end = content.find(">", pos)
                pos = end + 1 if end >= 0 else pos
            else:
                pos = _skip_destination(content, pos)
            continue
        if kind == "html_inline":
            start = content.find(child.content, pos)
            if start >= 0:
                pos = start + len(child.content)
            _track_html(child.content, html_skip)
            if re.match(r"<br\b", child.content, re.I) and not html_skip:
                out.synthetic(" ", block.source(max(start, 0)))
            continue
        if html_skip or image_depth:
            continue
        if kind == "text":
            start = content.find(child.content, pos)
            if start < 0:
                start = pos
            block.emit(out, start, child.content)
            pos = start + len(child.content)
        elif kind == "text_special":  # an entity or a backslash escape
            start = content.find(child.markup, pos)
            if start < 0:
                start = pos
            out.synthetic(child.content, block.source(start))
            pos = start + len(child.markup)
        elif kind == "code_inline":
            start = content.find(child.markup, pos)
            start = pos if start < 0 else start + len(child.markup)
            found = content.find(child.content, start)
            if found >= 0 and "\n" not in content[start:found]:
                block.emit(out, found, child.content)
                pos = found + len(child.content)
            else:
                out.synthetic(child.content, block.source(start))
            end = content.find(child.markup, pos)
            pos = end + len(child.markup) if end >= 0 else pos
        elif kind in ("softbreak", "hardbreak"):
            start = content.find("\n", pos)
            if start < 0:
                start = pos
            out.synthetic(" " if kind == "softbreak" else "\n", block.source(start))
            pos = start + 1


def _track_html(tag: str, stack: list[str]) -> None:
    """Keep the stack of open elements whose content is skipped (script, style, ...)."""
    match = re.match(r"<(/?)([A-Za-z][\w-]*)", tag)
    if not match:
        return
    name = match.group(2).lower()
    if name not in SKIP_ELEMENTS or tag.rstrip().endswith("/>"):
        return
    if match.group(1):
        if name in stack:
            del stack[stack.index(name) :]
    else:
        stack.append(name)


# One HTML token: a comment, CDATA, doctype or processing instruction (each may run to the
# end when unclosed, as in HTML), a start or end tag, or a character reference. Every
# alternative scans forward only to its terminator, so a whole block is scanned in linear
# time (html.parser is quadratic on unclosed tags and comments: 60 kB of "<a " took 30 s).
_HTML_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[!?][^>]*(?:>|\Z)"
    r"|<(/?)([A-Za-z][\w:-]*)[^>]*(?:>|\Z)"
    r"|&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});",
    re.S,
)


def _html_block(token, block: _Block, out: _Out) -> None:
    """The text of an HTML block: tags dropped, entities replaced, Markdown links in the text read."""
    content = block.content
    lowered = None
    pos = 0

    def emit(start: int, data: str) -> None:
        # Each non-blank line of text is a run of its own, with its layout spaces trimmed.
        for match in re.finditer(r"[^\n]+", data):
            piece = match.group()
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                if out.length and not out.pending_break and not out.parts[-1].endswith((" ", "\n")):
                    out.synthetic(" ", block.source(start + match.start()))
                # Markdown is not parsed inside HTML blocks; links and emphasis in their text are.
                inline = _MD.parseInline(stripped)[0]
                _inline(inline, _Slice(block, start + match.start() + lead, stripped), out, [])

    while pos < len(content):
        match = _HTML_TOKEN.search(content, pos)
        if not match:
            emit(pos, content[pos:])
            break
        if match.start() > pos:
            emit(pos, content[pos : match.start()])
        pos = match.end()
        text = match.group()
        if text.startswith("&"):
            out.synthetic(unescape(text), block.source(match.start()))
            continue
        name = (match.group(2) or "").lower()
        if not name:
            continue  # comment, doctype, CDATA, processing instruction
        if name in BLOCK_ELEMENTS:
            out.block()
        if name in SKIP_ELEMENTS and not match.group(1) and not text.endswith("/>"):
            lowered = lowered if lowered is not None else content.lower()
            close = lowered.find(f"</{name}", pos)
            if close < 0:
                break  # unclosed: the rest of the block is script/style
            end = content.find(">", close)
            pos = end + 1 if end >= 0 else len(content)
    out.block()


def _sub_document(token, lines: list[str], line_src: list[int], cursors: dict[int, int]) -> tuple[list[str], list[int]]:
    """The body of a fence (:::, ```{directive}) as lines of its own, with their source offsets."""
    first = token.map[0] + 1
    body = token.content.split("\n")
    if body and body[-1] == "":
        body.pop()
    sub_lines, sub_src = [], []
    options = True
    for i, cl in enumerate(body):
        line = first + i
        if line >= len(lines):
            break
        if options and _DIRECTIVE_OPTION.match(cl):  # MyST ":class: tip" option lines
            cl = ""
        elif cl.strip():
            options = False
        col = _locate(lines[line], cl, 0)
        sub_lines.append(cl)
        sub_src.append(line_src[line] + col)
    return sub_lines, sub_src


def _render(lines: list[str], line_src: list[int], out: _Out, depth: int = 0) -> None:
    tokens = _MD.parse("\n".join(lines))
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        out.too_deep = True  # the parser stops descending there: what is nested deeper is lost
    cursors: dict[int, int] = {}
    html_skip: list[str] = []
    heading = ""
    title_depth = 0
    quote_depth = 0
    row: list[int] | None = None  # inside a table row: the number of cells written so far
    for token in tokens:
        kind = token.type
        if kind == "tr_open":
            row = [0]
        elif kind == "tr_close":
            row = None
            out.block()
        elif kind == "inline" and row is not None and token.map and not title_depth:
            # a table row is one line, its cells joined by commas: "Jane Doe, Acme, 2021"
            if not token.content.strip():
                continue
            block = _Block(token.content, token.map[0], lines, line_src, cursors)
            if row[0]:
                out.synthetic(", ", block.source(0))
            else:
                out.block()
            _inline(token, block, out, html_skip)
            row[0] += 1
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "admonition_title_open":
            title_depth += 1
        elif kind == "admonition_title_close":
            title_depth -= 1
        elif kind == "heading_open":
            heading = token.tag  # "h1" .. "h6"
        elif kind == "heading_close":
            heading = ""
        elif kind == "inline" and token.map and not title_depth:
            block = _Block(token.content, token.map[0], lines, line_src, cursors)
            out.block()
            before = out.length
            _inline(token, block, out, html_skip)
            if heading and out.first_heading is None and out.length > before:
                out.first_heading = out.text()[before:].strip()
            if heading:
                out.region(heading, before)
            elif quote_depth:
                out.region("quote", before)
            out.block()
        elif kind == "html_block" and token.map:
            block = _Block(token.content.rstrip("\n"), token.map[0], lines, line_src, cursors)
            out.block()
            _html_block(token, block, out)
        elif kind in ("colon_fence", "fence") and token.map and depth < MAX_DEPTH:
            if kind == "fence":
                match = re.match(r"\{([\w:-]+)\}", token.info.strip())
                if not match or match.group(1).split(":")[-1] in CODE_DIRECTIVES:
                    continue  # ordinary code
            elif token.info.strip().lstrip("{").split("}")[0] in CODE_DIRECTIVES:
                continue
            sub_lines, sub_src = _sub_document(token, lines, line_src, cursors)
            out.block()
            _render(sub_lines, sub_src, out, depth + 1)
            out.block()


def to_prose(lines: list[str], line_src: list[int]):
    """Prose of a Markdown document given as lines: (text, spans, first heading or None, regions,
    too deep).

    ``too deep`` is True when lists or quotes nest deeper than ``MAX_NESTING`` levels, the parser's
    limit: what is nested deeper is left out of the text (the loader warns).

    ``regions`` holds ``(kind, start, end)`` in the prose for each heading (kind "h1" to "h6")
    and each block quote (kind "quote"; consecutive paragraphs of one quote joined), and the text of each
    link to a person's profile page (kind "profile"), in text order.
    """
    out = _Out()
    _render(lines, line_src, out)
    text = out.text()
    regions = tuple(sorted(((kind, start, min(end, len(text))) for kind, start, end in out.regions + out.profiles),
                           key=lambda r: r[1]))
    return text, tuple(out.spans), out.first_heading, regions, out.too_deep
