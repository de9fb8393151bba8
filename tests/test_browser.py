"""The HTML graph in a real browser: Playwright driving Debian's chromium, every network request blocked.

The page must render, fit, label without overlaps, highlight neighbours,
colour by community, show a person's timeline, search, filter and open the
facts panel from file://, fetch nothing, and show hostile text from posts as
text (issue 6). Screenshots go to pytest's temporary folder, never the checkout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from blogweave.exporters import export

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DIM = "#e4e6e9"  # the colour of a dimmed node (graph.js DIM_NODE)


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
    blocked: list = field(default_factory=list)  # every request that was not file:// (or, served, not local)
    dialogs: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def open_page(browser, url: str, allowed: str = "file://", bypass_csp: bool = True) -> Opened:
    # bypass_csp lets Playwright evaluate its probes; the page's escaping is tested without the CSP's help.
    page = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=bypass_csp)
    opened = Opened(page)

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            opened.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.goto(url)
    return opened


def open_graph(browser, graph, tmp_path, fragment: str = "") -> Opened:
    path = export(graph, "html", tmp_path / "output" / "graph.html")
    opened = open_page(browser, path.as_uri() + fragment)
    opened.page.wait_for_function("window.blogweave && window.blogweave.ready === true")
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


def node_point(page, node_id):
    return page.evaluate("id => blogweave.viewportPosition(id)", node_id)


def click_node(page, node_id):
    """Click where sigma drew the node (its viewport position, plus the canvas's place on the page)."""
    point = node_point(page, node_id)
    page.mouse.click(point["pageX"], point["pageY"])


def next_frame(page):
    """Wait until any render sigma has scheduled has run: scheduled renders run in an animation frame."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def overlapping(boxes):
    return [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]]


def test_renders_every_entity_with_posts_hidden(tiny, tiny_graph, tmp_path):
    page = tiny.page
    assert page.evaluate("blogweave.total") == {"nodes": tiny_graph.number_of_nodes(), "edges": tiny_graph.number_of_edges()}
    nodes, edges = visible(page)
    assert nodes == sorted(n for n, d in tiny_graph.nodes(data=True) if d["kind"] == "entity")
    assert edges == 6  # the six facts; author edges go with the hidden posts
    assert "Showing 5 of 7 nodes" in page.inner_text("#bw-stats")
    page.screenshot(path=str(tmp_path / "tiny-graph.png"))
    assert (tmp_path / "tiny-graph.png").stat().st_size > 10_000


def test_first_view_fits_every_shown_node(tiny):
    page = tiny.page
    box = page.evaluate("(() => { const r = document.getElementById('bw-graph').getBoundingClientRect(); "
                        "return {w: r.width, h: r.height}; })()")
    points = [node_point(page, n) for n in visible(page)[0]]
    assert all(0 < p["x"] < box["w"] and 0 < p["y"] < box["h"] for p in points)
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) > 0.5 * min(box["w"], box["h"])  # fits, not a speck
    # Switching posts on fits the view again, posts included.
    page.locator("#bw-types input[value=Post]").check()
    next_frame(page)
    points = [node_point(page, n) for n in visible(page)[0]]
    assert len(points) == 7 and all(0 < p["x"] < box["w"] and 0 < p["y"] < box["h"] for p in points)


def test_every_label_is_drawn_when_there_is_room_and_none_overlap(tiny):
    boxes = tiny.page.evaluate("blogweave.labelBoxes")
    assert sorted(b["id"] for b in boxes) == visible(tiny.page)[0]
    assert overlapping(boxes) == []


def test_labels_of_many_lone_pairs_never_overlap_and_more_appear_when_zoomed_in(browser, tmp_path):
    """The grid of unconnected pairs that crowded the old page's labels: 150 invented pairs."""
    from blogweave.graph.network import build_graph
    from blogweave.models import Entity, Provenance, ResolvedFact

    entities, facts = [], []
    for i in range(150):
        entities.append(Entity(f"person/p{i}", f"Quorra Vantablack-Ellison {i}", "Person", (), ("a.md",), 1))
        entities.append(Entity(f"organization/o{i}", f"Thistlewick Analytical Instruments {i}", "Organization", (), ("a.md",), 1))
        facts.append(ResolvedFact(f"person/p{i}", "workedAt", f"organization/o{i}", 0.8,
                                  (Provenance("a.md", i + 1, "A sentence.", "test.v1", 0.8),)))
    opened = open_graph(browser, build_graph(entities, facts, [], "https://example.org/kg/"), tmp_path)
    page = opened.page
    try:
        box = page.evaluate("(() => { const r = document.getElementById('bw-graph').getBoundingClientRect(); "
                            "return {w: r.width, h: r.height}; })()")
        first = page.evaluate("blogweave.labelBoxes")
        assert 0 < len(first) < 300  # some labels, not all: the rest would overlap
        assert overlapping(first) == []
        assert all(b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= box["w"] and b["y"] + b["h"] <= box["h"] for b in first)
        page.evaluate("blogweave.renderer.getCamera().setState({x: 0.5, y: 0.5, ratio: 0.25, angle: 0})")
        next_frame(page)
        zoomed = page.evaluate("blogweave.labelBoxes")
        assert overlapping(zoomed) == []
        # Zoomed in four times, the labels in view are spaced out: most of the nodes in view get theirs.
        in_view = page.evaluate("""() => blogweave.visibleNodeIds().filter(id => {
            const p = blogweave.viewportPosition(id), r = document.getElementById('bw-graph').getBoundingClientRect();
            return p.x > 0 && p.y > 0 && p.x < r.width && p.y < r.height; }).length""")
        assert len(zoomed) > 0.5 * in_view
        page.screenshot(path=str(tmp_path / "pairs.png"))
        assert opened.blocked == [] and opened.errors == []
    finally:
        page.close()


def test_hovering_a_node_highlights_its_neighbours_and_dims_the_rest(tiny):
    page = tiny.page
    colours = page.evaluate("Object.fromEntries(blogweave.visibleNodeIds().map(id => [id, blogweave.displayColor(id)]))")
    assert DIM not in colours.values()
    point = node_point(page, "technology/tessellate")
    page.mouse.move(point["pageX"], point["pageY"])
    page.wait_for_function("blogweave.emphasis !== null")
    next_frame(page)
    # Tessellate's neighbours: the lab that developed it, Ada who worked on it, the foundation that funded it.
    assert page.evaluate("blogweave.emphasis") == ["organization/brightwater-labs", "organization/norvane-foundation",
                                                    "person/ada-quill", "technology/tessellate"]
    assert page.evaluate("blogweave.displayColor('person/milo-brandt')") == DIM
    assert page.evaluate("blogweave.displayColor('person/ada-quill')") == colours["person/ada-quill"]
    assert sorted(b["id"] for b in page.evaluate("blogweave.labelBoxes")) == page.evaluate("blogweave.emphasis")
    assert "Tessellate (Technology)" in page.inner_text("#bw-tooltip")
    page.mouse.move(5, 795)
    page.wait_for_function("blogweave.emphasis === null")
    next_frame(page)
    assert page.evaluate("blogweave.displayColor('person/milo-brandt')") == colours["person/milo-brandt"]


def test_nodes_can_be_coloured_by_community(tiny, tiny_graph):
    page = tiny.page
    legend = page.evaluate("JSON.parse(document.getElementById('bw-data').textContent).meta")
    assert page.locator("#bw-communities").is_hidden()
    page.locator("input[name=bw-colour][value=community]").check()
    next_frame(page)
    assert page.locator("#bw-communities").is_visible()
    colour_of = {c["id"]: c["color"] for c in legend["communities"]}
    for node, d in tiny_graph.nodes(data=True):
        if d["kind"] == "entity":
            expected = colour_of.get(d["community"], legend["community_other"])
            assert page.evaluate("id => blogweave.displayColor(id)", node) == expected
    assert legend["communities"][0]["names"][0] in page.inner_text("#bw-communities")
    page.locator("input[name=bw-colour][value=type]").check()
    next_frame(page)
    type_colour = {t["name"]: t["color"] for t in legend["types"]}
    assert page.evaluate("blogweave.displayColor('person/ada-quill')") == type_colour["Person"]


def test_search_highlights_matches_by_name_and_alias(tiny):
    page = tiny.page
    page.fill("#bw-search", "brightwater")
    page.wait_for_function("blogweave.matches.length === 1")
    assert page.evaluate("blogweave.matches") == ["organization/brightwater-labs"]
    assert page.inner_text("#bw-search-status") == "1 match"
    next_frame(page)
    assert page.evaluate("blogweave.displayColor('person/ada-quill')") == DIM
    assert [b["id"] for b in page.evaluate("blogweave.labelBoxes")] == ["organization/brightwater-labs"]  # drawn once
    assert page.inner_text("#bw-results") == "Brightwater Labs (Organization)"
    page.fill("#bw-search", "tessellate.js")  # an alias
    page.wait_for_function("blogweave.matches.length === 1 && blogweave.matches[0] === 'technology/tessellate'")
    page.fill("#bw-search", "")
    page.wait_for_function("blogweave.matches.length === 0 && blogweave.emphasis === null")
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
    next_frame(page)
    assert page.evaluate("blogweave.renderer.getNodeDisplayData('technology/tessellate').hidden") is True
    page.locator("#bw-relations input[value=workedAt]").uncheck()
    assert visible(page)[1] == 1  # only "founded" is left
    page.locator("#bw-types input[value=Post]").check()
    nodes, edges = visible(page)
    assert "post/2021/leaving-brightwater.md" in nodes and edges == 3  # founded + two author edges
    page.locator("#bw-types input[value=Technology]").check()
    page.locator("#bw-relations input[value=workedAt]").check()
    assert visible(page)[1] == 8


def test_clicking_a_node_opens_its_facts_with_evidence_links_and_timeline(tiny, tmp_path):
    page = tiny.page
    click_node(page, "person/ada-quill")
    page.wait_for_selector("#bw-panel:not([hidden])")
    text = page.inner_text("#bw-panel")
    assert "Ada Quill" in text
    assert "I joined Brightwater Labs as a staff engineer in 2019." in text
    assert "employment.join.v1" in text and "role: staff engineer" in text and "from 2019" in text
    # The timeline joins the two sentences of one fact: the role from one, the end from the other.
    rows = page.eval_on_selector_all(".bw-tl-row", "rs => rs.map(r => r.querySelector('.bw-tl-label').textContent)")
    assert rows == ["staff engineer at Brightwater Labs \u00b7 2019 \u2013 2021-06"]
    bar = page.eval_on_selector(".bw-tl-bar", "b => [b.getBoundingClientRect().width, b.parentNode.getBoundingClientRect().width]")
    assert 0.3 * bar[1] < bar[0] < bar[1]
    hrefs = page.eval_on_selector_all("#bw-panel a", "as => as.map(a => a.getAttribute('href'))")
    assert "../content/2021/leaving-brightwater.md" in hrefs
    assert all(h.startswith("../content/") for h in hrefs)
    resolved = page.eval_on_selector_all("#bw-panel a", "as => as.map(a => a.href)")
    assert (tmp_path / "content" / "2021" / "leaving-brightwater.md").as_uri() in resolved
    # The clicked node keeps its neighbours lit after the mouse leaves it.
    page.mouse.move(5, 795)
    page.wait_for_function("JSON.stringify(blogweave.emphasis) === JSON.stringify(['organization/brightwater-labs', "
                           "'person/ada-quill', 'technology/tessellate'])")
    page.screenshot(path=str(tmp_path / "tiny-panel.png"))


def test_a_founding_is_a_point_on_the_timeline_and_undated_facts_are_left_out(tiny):
    page = tiny.page
    page.evaluate("blogweave.openPanel('person/milo-brandt')")
    rows = page.eval_on_selector_all(".bw-tl-row", "rs => rs.map(r => r.querySelector('.bw-tl-label').textContent)")
    assert rows == ["founded Brightwater Labs \u00b7 from 2016-03-01"]  # his CTO role has no date
    assert page.locator(".bw-tl-event").count() == 1
    page.evaluate("blogweave.openPanel('organization/brightwater-labs')")
    assert page.locator(".bw-timeline").count() == 0  # timelines are for people


def test_an_address_fragment_opens_an_entity_by_iri(browser, tiny_graph, tmp_path):
    from urllib.parse import quote

    iri = tiny_graph.nodes["organization/norvane-foundation"]["iri"]
    opened = open_graph(browser, tiny_graph, tmp_path, "#iri=" + quote(iri, safe=""))
    try:
        opened.page.wait_for_selector("#bw-panel:not([hidden])")
        assert opened.page.evaluate("blogweave.hashOpened") == "organization/norvane-foundation"
        assert "Norvane Foundation" in opened.page.inner_text("#bw-panel h2")
        assert opened.blocked == [] and opened.errors == []
    finally:
        opened.page.close()


def test_hostile_text_is_shown_literally_and_never_runs(browser, xss_graph, tmp_path):
    opened = open_graph(browser, xss_graph, tmp_path)
    page = opened.page
    try:
        for node in xss_graph.nodes:
            page.evaluate("id => blogweave.openPanel(id)", node)
        page.locator("#bw-types input[value=Post]").check()
        next_frame(page)
        for node in page.evaluate("blogweave.visibleNodeIds()") + ["person/eve"]:
            page.evaluate("document.getElementById('bw-panel').hidden = true")
            click_node(page, node)
            page.wait_for_function("id => blogweave.panelFor === id", arg=node)
            page.mouse.move(5, 795)
        page.fill("#bw-search", "<script>")
        page.wait_for_function("blogweave.matches.length === 1")
        # Hover a node so its tooltip shows, which must be text only.
        page.evaluate("document.getElementById('bw-panel').hidden = true")
        page.evaluate("blogweave.fit()")
        next_frame(page)
        point = node_point(page, "person/eve")
        page.mouse.move(point["pageX"], point["pageY"])
        page.wait_for_function("!document.getElementById('bw-tooltip').hidden")
        tooltip = page.evaluate("""() => { const t = document.getElementById('bw-tooltip');
            return {text: t.textContent, tags: [...t.querySelectorAll('*')].map(e => e.tagName)}; }""")
        assert "<script>window.__pwned='name'</script>" in tooltip["text"]
        assert tooltip["tags"] == []
        assert page.evaluate("window.__pwned") is None
        assert opened.dialogs == []
        assert opened.blocked == []  # not even the broken <img src=x> was requested
        assert opened.errors == []
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 3  # data, vendored libraries, ours
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
        page.click("#bw-results button")
        page.wait_for_selector(".bw-tl-row")
        assert problems == []
    finally:
        page.close()


# ---------------------------------------------------------------- the query page of blogweave serve

#: A value for each parameter of a shipped query, from the tiny graph (invented names).
PARAMS = {"name": "Ada Quill", "entity": "Brightwater Labs"}


def served(out, graph):
    import threading

    from blogweave.sparql import server as s

    export(graph, "turtle", out / "graph.ttl")
    export(graph, "html", out / "graph.html")
    srv = s.make_server(out, "127.0.0.1", 0, s.Limits(timeout=5, max_rows=100, workers=1))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory):
    from conftest import _tiny_graph  # module scope cannot use the function-scoped fixture

    out = tmp_path_factory.mktemp("query")
    srv = served(out, _tiny_graph())
    yield srv
    srv.close()


def open_query_page(browser, srv, bypass_csp=True) -> Opened:
    opened = open_page(browser, srv.url + "/query", allowed=srv.url + "/", bypass_csp=bypass_csp)
    opened.page.wait_for_selector("body[data-ready=true]", state="attached")
    return opened


def run_example(page, name):
    page.click(f"#q-example-list button[data-name='{name}']")
    for param, value in PARAMS.items():
        if page.locator(f"#q-params input[name={param}]").count():
            page.fill(f"#q-params input[name={param}]", value)
    runs = page.evaluate("blogweaveQuery.runs")
    page.click("#q-run")
    page.wait_for_function("n => blogweaveQuery.runs > n", arg=runs)


def test_the_query_page_runs_every_shipped_query_and_shows_its_rows(browser, tiny_server, tmp_path):
    from blogweave.sparql.store import list_queries

    opened = open_query_page(browser, tiny_server)
    page = opened.page
    try:
        names = page.eval_on_selector_all("#q-example-list button", "bs => bs.map(b => b.dataset.name)")
        assert names == [q.name for q in list_queries()]
        for name in names:
            run_example(page, name)
            assert page.evaluate("blogweaveQuery.lastError") is None, name
            rows = page.evaluate("blogweaveQuery.rows")
            assert rows > 0, name
            assert page.locator("#q-results tbody tr").count() == rows
            assert page.inner_text("#q-status").startswith(f"{rows} row")
        # The highlighter marks the editor's keywords, variables and IRIs.
        assert page.locator("#q-highlight .tok-keyword").count() > 3
        assert page.locator("#q-highlight .tok-var").count() > 0
        assert "10 s" not in page.inner_text("#q-limits") and "100 result rows" in page.inner_text("#q-limits")
        page.screenshot(path=str(tmp_path / "query-page.png"))
        assert opened.blocked == [] and opened.errors == []
    finally:
        page.close()


def test_results_sort_link_entities_to_the_graph_and_download(browser, tiny_server):
    opened = open_query_page(browser, tiny_server)
    page = opened.page
    try:
        run_example(page, "worked-at")
        page.wait_for_function("blogweaveQuery.linked === true")
        first = lambda: page.eval_on_selector_all("#q-results tbody tr td:first-child", "ts => ts.map(t => t.textContent)")  # noqa: E731
        assert first() == ["Ada Quill", "Milo Brandt"]
        page.click("#q-results th:first-child")
        page.click("#q-results th:first-child")  # the second click sorts descending
        assert first() == ["Milo Brandt", "Ada Quill"]
        assert page.get_attribute("#q-results th:first-child", "aria-sort") == "descending"
        href = page.get_attribute("#q-results tbody tr:last-child td:first-child a", "href")
        assert href == "/graph.html#iri=" + "https%3A%2F%2Fexample.org%2Fkg%2Fperson%2Fada-quill"
        csv_href = page.get_attribute("#q-csv", "href")
        body = page.evaluate("url => fetch(url).then(r => r.text())", csv_href)
        assert body.splitlines()[0].split(",")[:2] == ["person", "organization"] and "Ada Quill" in body
        # The link opens the entity in the HTML graph served beside the page.
        graph = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=True)
        try:
            graph.goto(tiny_server.url + href)
            graph.wait_for_selector("#bw-panel:not([hidden])")
            assert graph.inner_text("#bw-panel h2") == "Ada Quill"
        finally:
            graph.close()
        assert opened.blocked == [] and opened.errors == []
    finally:
        page.close()


def test_a_bad_query_and_a_refused_update_show_the_servers_error(browser, tiny_server):
    opened = open_query_page(browser, tiny_server, bypass_csp=False)  # the page's own CSP stays on
    page = opened.page
    try:
        page.fill("#q-text", "SELECT ?x WHERE { ?x ?y }")
        page.click("#q-run")
        page.wait_for_selector("#q-error:not([hidden])")
        assert page.inner_text("#q-error").startswith("The server answered 400:")
        assert page.locator("#q-results table").count() == 0
        page.fill("#q-text", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        page.click("#q-run")
        page.locator("#q-error", has_text="The server answered 403").wait_for()
        page.fill("#q-text", "SELECT ?s WHERE { ?s ?p ?o }")  # more rows than this server's limit of 100
        page.click("#q-run")
        page.locator("#q-error", has_text="The server answered 413").wait_for()
        assert "LIMIT" in page.inner_text("#q-error")
        page.click("#q-example-list button[data-name='developed-by']")
        page.click("#q-run")
        assert "Give a value for ?name" in page.inner_text("#q-error")
        assert opened.blocked == [] and opened.errors == []
    finally:
        page.close()


def test_the_query_page_shows_hostile_results_as_text(browser, xss_graph, tmp_path):
    srv = served(tmp_path, xss_graph)
    opened = open_query_page(browser, srv)
    page = opened.page
    try:
        run_example(page, "entities")
        page.wait_for_function("blogweaveQuery.linked === true")
        text = page.inner_text("#q-results")
        assert "<script>window.__pwned='name'</script>Eve \"Q\" O'Malley" in text
        assert "<img src=x onerror=\"window.__pwned='img'\">Acme" in text
        hrefs = page.eval_on_selector_all("#q-results a", "as => as.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("/graph.html#iri=") for h in hrefs)
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('#q-results img, #q-results script, #q-results iframe').length") == 0
        assert opened.dialogs == [] and opened.blocked == [] and opened.errors == []
    finally:
        page.close()
        srv.close()
