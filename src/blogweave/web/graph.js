// blogweave graph page: search, filters and the facts panel around a vis-network graph.
// Every piece of text from posts is put on the page with textContent (never innerHTML),
// and links are only ever relative paths to posts.
(function () {
  "use strict";
  var timings = { scriptStart: performance.now() };
  var data = JSON.parse(document.getElementById("bw-data").textContent);
  timings.parsed = performance.now();
  var meta = data.meta;
  var byId = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    n._search = [n.name || n.label].concat(n.aliases || []).join("\n").toLowerCase();
  });
  var factsByNode = {};
  data.facts.forEach(function (f) {
    (factsByNode[f.from] = factsByNode[f.from] || []).push(f);
    if (f.to !== f.from) (factsByNode[f.to] = factsByNode[f.to] || []).push(f);
  });
  var typeShown = {}, relShown = {};
  meta.types.forEach(function (t) { typeShown[t.name] = t.shown; });
  meta.relations.forEach(function (r) { relShown[r.name] = r.shown; });
  var relLabel = {};
  meta.relations.forEach(function (r) { relLabel[r.name] = r.label; });

  // The DataSets hold only what is shown: hidden posts and fact-less entities (often most of a
  // blog's graph) cost nothing until they are switched on, and a filter adds or removes items.
  var isolatedShown = meta.isolated.shown;
  function nodeHidden(n) { return !typeShown[n.type] || (n.isolated === true && !isolatedShown); }
  function edgeHidden(e) {
    return !relShown[e.predicate] || nodeHidden(byId[e.from]) || nodeHidden(byId[e.to]);
  }

  // vis-network copies every field of an item into its options; hand it only the fields it draws
  // (our own fields stay in data.nodes / data.edges), which makes a large graph build faster.
  var DRAWN = ["id", "label", "x", "y", "shape", "color", "size", "title", "from", "to", "arrows", "smooth"];
  function drawn(item) {
    var out = {};
    DRAWN.forEach(function (k) { if (item[k] !== undefined) out[k] = item[k]; });
    return out;
  }
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var nodes = new vis.DataSet(data.nodes.filter(function (n) { return !nodeHidden(n); }).map(drawn));
  var edges = new vis.DataSet(data.edges.filter(function (e) { return !edgeHidden(e); }).map(drawn));
  var container = document.getElementById("bw-graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  timings.networkBuilt = performance.now();
  var api = window.blogweave = {
    network: network, nodes: nodes, edges: edges, ready: false, matches: [], timings: timings,
    total: { nodes: data.nodes.length, edges: data.edges.length },
    visibleNodeIds: function () { return nodes.getIds(); },
    visibleEdgeIds: function () { return edges.getIds(); },
    search: search, openPanel: openPanel, applyFilters: applyFilters
  };
  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyAt = timings.firstDraw = performance.now();
    document.body.setAttribute("data-ready", "true");
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // A relative path only: no scheme (javascript:, data:, http:), no "//host", no absolute path.
  function safeHref(href) {
    if (typeof href !== "string" || !href) return null;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "/" || href.charAt(0) === "\\") return null;
    if (/[\u0000-\u001f]/.test(href)) return null;
    return href;
  }

  // ---- legend and filters ----
  function swatch(t) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("class", "bw-swatch");
    var s;
    if (t.shape === "dot") {
      s = document.createElementNS(svg.namespaceURI, "circle");
      s.setAttribute("cx", "7"); s.setAttribute("cy", "7"); s.setAttribute("r", "6");
    } else if (t.shape === "square") {
      s = document.createElementNS(svg.namespaceURI, "rect");
      s.setAttribute("x", "1"); s.setAttribute("y", "1"); s.setAttribute("width", "12"); s.setAttribute("height", "12");
    } else {
      s = document.createElementNS(svg.namespaceURI, "polygon");
      var points = { diamond: "7,0 14,7 7,14 0,7", triangle: "7,1 13,13 1,13" };
      s.setAttribute("points", points[t.shape] || "7,0 13,3.5 13,10.5 7,14 1,10.5 1,3.5");
    }
    s.setAttribute("fill", t.color);
    svg.appendChild(s);
    return svg;
  }
  function checkbox(parent, name, label, checked, count, icon, onChange) {
    var row = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.value = name;
    box.addEventListener("change", function () { onChange(box.checked); });
    row.appendChild(box);
    if (icon) row.appendChild(icon);
    row.appendChild(el("span", label));
    if (count !== undefined) row.appendChild(el("span", count, "bw-count"));
    parent.appendChild(row);
  }
  var typeBox = document.getElementById("bw-types");
  meta.types.forEach(function (t) {
    checkbox(typeBox, t.name, t.name === "Post" ? "Posts" : t.name, t.shown, t.count, swatch(t), function (on) {
      typeShown[t.name] = on; applyFilters();
    });
  });
  if (meta.isolated.count) {
    checkbox(typeBox, "isolated", "Entities without facts", isolatedShown, meta.isolated.count, null, function (on) {
      isolatedShown = on; applyFilters();
    });
  }
  var relBox = document.getElementById("bw-relations");
  var relCounts = {};
  data.edges.forEach(function (e) { relCounts[e.predicate] = (relCounts[e.predicate] || 0) + 1; });
  meta.relations.forEach(function (r) {
    var line = el("span", null, "bw-line");
    line.style.borderTopColor = r.color;
    checkbox(relBox, r.name, r.label, r.shown, relCounts[r.name] || 0, line, function (on) {
      relShown[r.name] = on; applyFilters();
    });
  });

  // Only the items whose state changes are added or removed, so filtering 5,000 nodes stays quick.
  function applyFilters() {
    var removeNodes = [], addNodes = [], removeEdges = [], addEdges = [];
    data.nodes.forEach(function (n) {
      var shown = nodes.get(n.id) !== null;
      if (shown === !nodeHidden(n)) return;
      (shown ? removeNodes : addNodes).push(n);
    });
    data.edges.forEach(function (e) {
      var shown = edges.get(e.id) !== null;
      if (shown === !edgeHidden(e)) return;
      (shown ? removeEdges : addEdges).push(e);
    });
    if (removeNodes.length) {  // remember where the user dragged them
      var ids = removeNodes.map(function (n) { return n.id; }), pos = network.getPositions(ids);
      removeNodes.forEach(function (n) { if (pos[n.id]) { n.x = pos[n.id].x; n.y = pos[n.id].y; } });
    }
    edges.remove(removeEdges.map(function (e) { return e.id; }));
    nodes.remove(removeNodes.map(function (n) { return n.id; }));
    nodes.add(addNodes.map(drawn));
    edges.add(addEdges.map(drawn));
    updateStats();
    if (currentQuery) search(currentQuery);
  }
  function updateStats() {
    var n = api.visibleNodeIds().length, e = api.visibleEdgeIds().length;
    document.getElementById("bw-stats").textContent =
      "Showing " + n + " of " + data.nodes.length + " nodes and " + e + " of " + data.edges.length + " edges.";
  }

  // ---- search: matching nodes are drawn bright over a faded graph ----
  // The fade and the highlight are painted on the canvas after each frame, so a search costs one
  // redraw instead of an update of every node in the DataSet (which takes about a second at 5,000).
  var currentQuery = "";
  var input = document.getElementById("bw-search");
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, data.nodes.length > 1000 ? 120 : 40);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && api.matches.length) { clearTimeout(timer); search(input.value); focusNode(api.matches[0]); }
    if (ev.key === "Escape") { input.value = ""; search(""); }
  });
  function search(query) {
    currentQuery = String(query || "").trim().toLowerCase();
    var matches = [];
    api.hiddenMatches = 0;
    if (currentQuery) {
      data.nodes.forEach(function (n) {
        if (n._search.indexOf(currentQuery) === -1) return;
        if (!nodeHidden(n)) matches.push(n.id);
        else if (typeShown[n.type]) api.hiddenMatches += 1;  // hidden only for having no facts
      });
    }
    matches.sort(function (a, b) { return byId[a].name.localeCompare(byId[b].name); });
    api.matches = matches;
    showResults(matches);
    network.unselectAll();
    if (matches.length && matches.length <= 50) {
      showPositions(matches);
    }
    api.searchDone = performance.now();
    api.highlightsDrawn = -1;  // until the next frame paints them
    network.body.emitter.emit("_requestRedraw");  // one frame, on the next animation tick
    return matches;
  }
  // Centre the view on some nodes with room for their labels (computed from the positions, which
  // unlike vis-network's fit() does not depend on when each node was last drawn).
  function showPositions(ids) {
    var pos = network.getPositions(ids), xs = [], ys = [];
    ids.forEach(function (id) { if (pos[id]) { xs.push(pos[id].x); ys.push(pos[id].y); } });
    if (!xs.length) return;
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var width = container.clientWidth - (panel.hidden ? 0 : panel.offsetWidth);
    var scale = Math.min(1.2, (width - 160) / Math.max(maxX - minX, 1), (container.clientHeight - 160) / Math.max(maxY - minY, 1));
    scale = Math.max(scale, 0.05);
    var shift = panel.hidden ? 0 : panel.offsetWidth / 2 / scale;
    network.moveTo({ position: { x: (minX + maxX) / 2 + shift, y: (minY + maxY) / 2 }, scale: scale, animation: false });
  }
  var HIGHLIGHT_LIMIT = 2000;
  network.on("afterDrawing", function (ctx) {
    api.highlightsDrawn = 0;
    if (!currentQuery) return;
    var scale = network.getScale();
    var box = container.getBoundingClientRect();
    var a = network.DOMtoCanvas({ x: 0, y: 0 }), b = network.DOMtoCanvas({ x: box.width, y: box.height });
    ctx.save();
    ctx.fillStyle = "rgba(255,255,255,0.78)";
    ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
    var ids = api.matches.slice(0, HIGHLIGHT_LIMIT);
    var pos = network.getPositions(ids);
    var font = 14 / scale;
    ctx.font = "600 " + font + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ids.forEach(function (id) {
      var n = byId[id], p = pos[id];
      if (!p) return;
      var r = (n.size || 10) + 4 / scale;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r + 3 / scale, 0, 2 * Math.PI);
      ctx.fillStyle = n.color;
      ctx.fill();
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = "#d62728";
      ctx.stroke();
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "#ffffff";
      ctx.fillStyle = "#111111";
      n.label.split("\n").forEach(function (line, i) {
        var y = p.y + r + (6 + 17 * i) / scale;
        ctx.strokeText(line, p.x, y);
        ctx.fillText(line, p.x, y);
      });
      api.highlightsDrawn += 1;
    });
    ctx.restore();
    api.highlightedAt = performance.now();
  });
  function showResults(matches) {
    var status = document.getElementById("bw-search-status");
    var list = document.getElementById("bw-results");
    list.textContent = "";
    if (!currentQuery) { status.textContent = ""; return; }
    status.textContent = (matches.length === 1 ? "1 match" : matches.length + " matches") +
      (api.hiddenMatches ? " (and " + api.hiddenMatches + " among the hidden entities without facts)" : "");
    matches.slice(0, 50).forEach(function (id) {
      var li = el("li");
      var b = el("button", byId[id].name + " (" + byId[id].type + ")");
      b.type = "button";
      b.addEventListener("click", function () { focusNode(id); });
      li.appendChild(b);
      list.appendChild(li);
    });
  }
  function focusNode(id) {
    network.selectNodes([id], true);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    openPanel(id);
  }

  // ---- the facts panel ----
  var panel = document.getElementById("bw-panel");
  var body = document.getElementById("bw-panel-body");
  document.getElementById("bw-panel-close").addEventListener("click", function () { panel.hidden = true; });
  network.on("click", function (params) {
    if (params.nodes.length) openPanel(params.nodes[0]);
    else if (params.edges.length) openEdge(params.edges[0]);
  });

  function postLink(postId, line) {
    var p = data.posts[postId];
    var wrap = el("span");
    if (!p) { wrap.textContent = String(postId).replace(/^post\//, "") + (line ? ":" + line : ""); return wrap; }
    var href = safeHref(p.href);
    var a = el(href ? "a" : "span", p.title || p.path);
    if (href) { a.setAttribute("href", href); a.setAttribute("rel", "noopener noreferrer"); a.setAttribute("target", "_blank"); }
    wrap.appendChild(a);
    wrap.appendChild(el("span", " (" + p.path + (line ? ", line " + line : "") + (p.date ? ", " + p.date : "") + ")", "bw-meta"));
    return wrap;
  }
  function nodeButton(id) {
    var n = byId[id];
    var b = el("button", n ? n.name : id);
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function factBlock(f) {
    var box = el("div", null, "bw-fact");
    var head = el("div", null, "bw-fact-head");
    head.appendChild(nodeButton(f.from));
    head.appendChild(document.createTextNode(" " + (relLabel[f.predicate] || f.predicate) + " "));
    head.appendChild(nodeButton(f.to));
    box.appendChild(head);
    box.appendChild(el("div", "confidence " + f.confidence + " \u00b7 " + f.evidence.length + " sentence" +
      (f.evidence.length === 1 ? "" : "s"), "bw-meta"));
    f.evidence.forEach(function (ev) {
      var e = el("div", null, "bw-evidence");
      e.appendChild(el("blockquote", ev.evidence));
      var details = [];
      if (ev.role) details.push("role: " + ev.role);
      if (ev.start_date) details.push("from " + ev.start_date);
      if (ev.end_date) details.push("until " + ev.end_date);
      if (ev.amount) details.push("amount: " + ev.amount);
      details.push("rule " + ev.rule);
      details.push("confidence " + ev.confidence);
      e.appendChild(el("div", details.join(" \u00b7 "), "bw-meta"));
      var src = el("div", null, "bw-meta");
      src.appendChild(document.createTextNode("source: "));
      src.appendChild(postLink("post/" + ev.post, ev.line));
      e.appendChild(src);
      box.appendChild(e);
    });
    return box;
  }
  function openPanel(id) {
    var n = byId[id];
    if (!n) return;
    body.textContent = "";
    body.appendChild(el("h2", n.name));
    body.appendChild(el("p", n.type, "bw-type"));
    if (n.aliases && n.aliases.length) body.appendChild(el("p", "Also written: " + n.aliases.join(", "), "bw-meta"));
    if (n.type === "Post") {
      body.appendChild(postLink(id));
    }
    var facts = factsByNode[id] || [];
    body.appendChild(el("h3", facts.length ? "Facts (" + facts.length + ")" : "No facts extracted"));
    facts.forEach(function (f) { body.appendChild(factBlock(f)); });
    if (n.posts && n.posts.length) {
      body.appendChild(el("h3", "Mentioned in " + n.posts.length + " post" + (n.posts.length === 1 ? "" : "s")));
      var ul = el("ul");
      n.posts.forEach(function (p) { var li = el("li"); li.appendChild(postLink(p)); ul.appendChild(li); });
      body.appendChild(ul);
    }
    panel.hidden = false;
    panel.scrollTop = 0;
    api.panelFor = id;
    if (nodes.get(id)) network.selectNodes([id], true);
    keepClearOfPanel(id);
  }
  // The panel covers the right of the graph: bring the node into the part still in view.
  function keepClearOfPanel(id) {
    var p = network.getPositions([id])[id];
    if (!p) return;
    var free = container.clientWidth - panel.offsetWidth;
    var dom = network.canvasToDOM(p);
    if (free < 120 || (dom.x > 40 && dom.x < free - 40)) return;
    var view = network.getViewPosition(), scale = network.getScale();
    network.moveTo({ position: { x: view.x + (dom.x - free / 2) / scale, y: view.y }, animation: false });
  }
  function openEdge(edgeId) {
    var f = data.facts.filter(function (x) { return x.edge === edgeId; })[0];
    if (!f) return;
    body.textContent = "";
    body.appendChild(el("h2", "Fact"));
    body.appendChild(factBlock(f));
    panel.hidden = false;
    api.panelFor = edgeId;
  }

  updateStats();
})();
