"""The HTML graph in a real browser: Playwright driving Debian's chromium, every network request blocked.

The page must render, search, filter and open the facts panel from file://,
fetch nothing, and show hostile text from posts as text (issue 6).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from blogweave.exporters import export

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "output" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@dataclass
class Opened:
    page: object
    blocked: list = field(default_factory=list)  # every request that was not file://
    dialogs: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def open_graph(browser, graph, tmp_path) -> Opened:
    path = export(graph, "html", tmp_path / "output" / "graph.html")
    # bypass_csp lets Playwright evaluate its probes; the page's escaping is tested without the CSP's help.
    page = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    opened = Opened(page)

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            opened.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function("window.blogweave && window.blogweave.ready === true")
    return opened


@pytest.fixture
def tiny(browser, tiny_graph, tmp_path):
    opened = open_graph(browser, tiny_graph, tmp_path)
    yield opened
    opened.page.close()
    assert opened.blocked == []
    assert opened.errors == []


def visible(page):
    return page.evaluate("[blogweave.visibleNodeIds().sort(), blogweave.visibleEdgeIds().length]")


def click_node(page, node_id):
    """Pan the node into view, then click where vis-network drew it (canvas to page coordinates)."""
    point = page.evaluate(
        """id => { const n = blogweave.network; const c = n.getPositions([id])[id];
                   n.moveTo({position: c, animation: false}); const p = n.canvasToDOM(c);
                   const r = document.querySelector('#bw-graph canvas').getBoundingClientRect();
                   return {x: r.left + p.x, y: r.top + p.y}; }""",
        node_id,
    )
    page.mouse.click(point["x"], point["y"])


def test_renders_every_entity_with_posts_hidden(tiny, tiny_graph):
    page = tiny.page
    assert page.evaluate("blogweave.total") == {"nodes": tiny_graph.number_of_nodes(), "edges": tiny_graph.number_of_edges()}
    nodes, edges = visible(page)
    assert nodes == sorted(n for n, d in tiny_graph.nodes(data=True) if d["kind"] == "entity")
    assert edges == 6  # the six facts; author edges go with the hidden posts
    assert page.locator("canvas").count() == 1
    assert "Showing 5 of 7 nodes" in page.inner_text("#bw-stats")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tiny-graph.png"))
    assert (SCREENSHOTS / "tiny-graph.png").stat().st_size > 10_000


def test_search_highlights_matches_by_name_and_alias(tiny):
    page = tiny.page
    page.fill("#bw-search", "brightwater")
    page.wait_for_function("blogweave.matches.length === 1")
    assert page.evaluate("blogweave.matches") == ["organization/brightwater-labs"]
    assert page.inner_text("#bw-search-status") == "1 match"
    page.wait_for_function("blogweave.highlightsDrawn === 1")  # painted over the faded graph
    assert page.inner_text("#bw-results") == "Brightwater Labs (Organization)"
    page.fill("#bw-search", "tessellate.js")  # an alias
    page.wait_for_function("blogweave.matches.length === 1 && blogweave.matches[0] === 'technology/tessellate'")
    page.fill("#bw-search", "")
    page.wait_for_function("blogweave.matches.length === 0")
    page.wait_for_function("blogweave.highlightsDrawn === 0")
    page.fill("#bw-search", "AN")
    page.wait_for_function("blogweave.matches.length === 2")  # Milo Brandt, Norvane Foundation
    assert page.evaluate("blogweave.matches") == ["person/milo-brandt", "organization/norvane-foundation"]
    page.locator("#bw-types input[value=Person]").uncheck()
    page.wait_for_function("blogweave.matches.length === 1")  # a hidden node is never a match


def test_type_and_relation_filters_change_what_is_shown(tiny):
    page = tiny.page
    page.locator("#bw-types input[value=Technology]").uncheck()
    nodes, edges = visible(page)
    assert "technology/tessellate" not in nodes and len(nodes) == 4
    assert edges == 3  # the three facts that do not touch Tessellate
    page.locator("#bw-relations input[value=workedAt]").uncheck()
    assert visible(page)[1] == 1  # only "founded" is left
    page.locator("#bw-types input[value=Post]").check()
    nodes, edges = visible(page)
    assert "post/2021/leaving-brightwater.md" in nodes and edges == 3  # founded + two author edges
    page.locator("#bw-types input[value=Technology]").check()
    page.locator("#bw-relations input[value=workedAt]").check()
    assert visible(page)[1] == 8


def test_clicking_a_node_opens_its_facts_with_evidence_and_links(tiny, tmp_path):
    page = tiny.page
    click_node(page, "person/ada-quill")
    page.wait_for_selector("#bw-panel:not([hidden])")
    text = page.inner_text("#bw-panel")
    assert "Ada Quill" in text
    assert "I joined Brightwater Labs as a staff engineer in 2019." in text
    assert "employment.join.v1" in text and "role: staff engineer" in text and "from 2019" in text
    hrefs = page.eval_on_selector_all("#bw-panel a", "as => as.map(a => a.getAttribute('href'))")
    assert "../content/2021/leaving-brightwater.md" in hrefs
    assert all(h.startswith("../content/") for h in hrefs)
    # With output/ beside content/, the link resolves to the post's file.
    resolved = page.eval_on_selector_all("#bw-panel a", "as => as.map(a => a.href)")
    assert (tmp_path / "content" / "2021" / "leaving-brightwater.md").as_uri() in resolved
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tiny-panel.png"))


def test_hostile_text_is_shown_literally_and_never_runs(browser, xss_graph, tmp_path):
    opened = open_graph(browser, xss_graph, tmp_path)
    page = opened.page
    try:
        for node in xss_graph.nodes:
            page.evaluate("id => blogweave.openPanel(id)", node)
        page.locator("#bw-types input[value=Post]").check()
        for node in page.evaluate("blogweave.visibleNodeIds()") + ["person/eve"]:
            page.evaluate("document.getElementById('bw-panel').hidden = true")
            click_node(page, node)
            page.wait_for_function("id => blogweave.panelFor === id", arg=node)
            page.mouse.move(5, 5)
        page.fill("#bw-search", "<script>")
        page.wait_for_function("blogweave.matches.length === 1")
        # Hover a node so vis-network shows its tooltip, which must be text only.
        page.evaluate("blogweave.network.fit({animation: false})")
        point = page.evaluate(
            """() => { const n = blogweave.network; const p = n.canvasToDOM(n.getPositions(['person/eve'])['person/eve']);
                       const r = document.querySelector('#bw-graph canvas').getBoundingClientRect();
                       return {x: r.left + p.x, y: r.top + p.y}; }""")
        page.mouse.move(point["x"], point["y"])
        page.wait_for_function("document.querySelector('div.vis-tooltip') && "
                               "document.querySelector('div.vis-tooltip').style.visibility === 'visible'")
        tooltip = page.evaluate("""() => { const t = document.querySelector('div.vis-tooltip');
            return {text: t.innerText, tags: [...t.querySelectorAll('*')].map(e => e.tagName)}; }""")
        assert "<script>window.__pwned='name'</script>" in tooltip["text"]
        assert set(tooltip["tags"]) <= {"BR"}  # innerText turns newlines into <br>, nothing else
        assert page.evaluate("window.__pwned") is None
        assert opened.dialogs == []
        assert opened.blocked == []  # not even the broken <img src=x> was requested
        assert opened.errors == []
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 3  # data, vis-network, ours
        panel = page.inner_text("#bw-panel")
        assert "<script>window.__pwned='name'</script>Eve \"Q\" O'Malley" in panel
        assert "She said <script>window.__pwned='evidence'; alert(1)</script> and <img src=x onerror=alert(2)>" in panel
        assert "<iframe src=\"javascript:window.__pwned='role'\"></iframe>" in panel
        hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("../content/") and ":" not in h for h in hrefs)
        results = page.inner_text("#bw-results")
        assert "<script>window.__pwned='name'</script>" in results
    finally:
        page.close()


def test_page_works_under_its_own_content_security_policy(browser, tiny_graph, tmp_path):
    """The other tests bypass the page's CSP to run probes; this one keeps it and reads only the DOM."""
    path = export(tiny_graph, "html", tmp_path / "output" / "graph.html")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
               else (problems.append(r.request.url), r.abort()))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready=true]", state="attached")
        assert "Showing 5 of 7 nodes" in page.inner_text("#bw-stats")
        page.fill("#bw-search", "ada")
        page.wait_for_selector("#bw-results button")
        assert page.inner_text("#bw-results") == "Ada Quill (Person)"
        assert problems == []
    finally:
        page.close()
