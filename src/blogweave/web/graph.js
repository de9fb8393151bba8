// blogweave graph page, part 2: the graph drawn by sigma.js (WebGL), with filters, search,
// neighbour highlighting, colour by type or community, and a label layer of our own.
(function () {
  "use strict";
  var timings = { scriptStart: performance.now() };
  var data = JSON.parse(document.getElementById("bw-data").textContent);
  timings.parsed = performance.now();
  var meta = data.meta, el = blogweavePanel.el;
  var byId = {}, byIri = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    if (n.iri) byIri[n.iri] = n.id;
    n._search = [n.name].concat(n.aliases || []).join("\n").toLowerCase();
  });
  var factsByNode = {}, factByEdge = {};
  data.facts.forEach(function (f) {
    factByEdge[f.edge] = f;
    (factsByNode[f.from] = factsByNode[f.from] || []).push(f);
    if (f.to !== f.from) (factsByNode[f.to] = factsByNode[f.to] || []).push(f);
  });
  var typeShown = {}, typeColor = {}, relShown = {}, relLabel = {}, relColor = {}, communityColor = {};
  meta.types.forEach(function (t) { typeShown[t.name] = t.shown; typeColor[t.name] = t.color; });
  meta.relations.forEach(function (r) { relShown[r.name] = r.shown; relLabel[r.name] = r.label; relColor[r.name] = r.color; });
  meta.communities.forEach(function (c) { communityColor[c.id] = c.color; });
  var isolatedShown = meta.isolated.shown;
  var colorMode = "type";
  var DIM_NODE = "#e4e6e9", DIM_EDGE = "#f1f2f4";

  function nodeHidden(n) { return !typeShown[n.type] || (n.isolated === true && !isolatedShown); }
  function edgeHidden(e) { return !relShown[e.predicate] || nodeHidden(byId[e.from]) || nodeHidden(byId[e.to]); }
  function nodeColor(n) {
    if (colorMode === "community" && n.type !== "Post") {
      return communityColor[n.community] !== undefined && !n.isolated ? communityColor[n.community] : meta.community_other;
    }
    return typeColor[n.type];
  }

  // ---- the graphology graph and the sigma renderer ----
  var graph = new graphology.MultiDirectedGraph();
  data.nodes.forEach(function (n) { graph.addNode(n.id, { x: n.x, y: -n.y, size: n.size, label: null }); });
  data.edges.forEach(function (e) {
    var attrs = { size: e.predicate === "author" ? 0.6 : 1, color: relColor[e.predicate] || "#a8b0b8" };
    if (e.curve) { attrs.type = "curve"; attrs.curvature = e.curve; } else { attrs.type = "arrow"; }
    graph.addDirectedEdgeWithKey(e.id, e.from, e.to, attrs);
  });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  // What is emphasised: the hovered node and its neighbours, else the clicked one's, else the
  // search matches. Everything else is dimmed; null means nothing is.
  var hovered = null, selected = null, matchSet = null, emphasis = null;
  function neighbourhood(id) {
    var set = new Set([id]);
    graph.forEachNeighbor(id, function (m) { if (!nodeHidden(byId[m])) set.add(m); });
    return set;
  }
  function updateEmphasis() {
    var focus = hovered || selected;
    emphasis = focus ? neighbourhood(focus) : matchSet;
    api.emphasis = emphasis ? Array.from(emphasis).sort() : null;
    api.hovered = hovered;
  }

  function drawHover(context, d, settings) {  // a ring only: our label layer draws the name
    context.beginPath();
    context.arc(d.x, d.y, d.size + 3, 0, Math.PI * 2);
    context.lineWidth = 2.5;
    context.strokeStyle = "#d62728";
    context.stroke();
  }
  var container = document.getElementById("bw-graph");
  var renderer = new Sigma(graph, container, {
    renderLabels: false,
    defaultDrawNodeHover: drawHover,
    enableEdgeEvents: data.edges.length <= 60000,
    edgeProgramClasses: { curve: Sigma.rendering.EdgeCurveProgram },
    zIndex: true,
    stagePadding: 40,
    minCameraRatio: 0.01,
    maxCameraRatio: 3,
    nodeReducer: function (id, attrs) {
      var n = byId[id], out = { x: attrs.x, y: attrs.y, size: attrs.size, label: null };
      if (nodeHidden(n)) { out.hidden = true; return out; }
      var lit = !emphasis || emphasis.has(id);
      out.color = lit ? nodeColor(n) : DIM_NODE;
      out.zIndex = lit ? 2 : 0;
      if (id === hovered || id === selected || (matchSet && !hovered && !selected && matchSet.has(id))) out.highlighted = true;
      return out;
    },
    edgeReducer: function (id, attrs) {
      var e = edgeById[id], out = { size: attrs.size, color: attrs.color, type: attrs.type, curvature: attrs.curvature };
      if (edgeHidden(e)) { out.hidden = true; return out; }
      var focus = hovered || selected;
      var lit = focus ? (e.from === focus || e.to === focus) : !emphasis || (emphasis.has(e.from) && emphasis.has(e.to));
      if (!lit) { out.color = DIM_EDGE; out.zIndex = 0; } else { out.zIndex = 1; if (focus) out.size = attrs.size + 1; }
      return out;
    }
  });
  timings.networkBuilt = performance.now();

  // ---- the first view fits the shown nodes ----
  function fitShown(ids) {
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    (ids || data.nodes.filter(function (n) { return !nodeHidden(n); }).map(function (n) { return n.id; })).forEach(function (id) {
      var a = graph.getNodeAttributes(id);
      if (a.x < x0) x0 = a.x; if (a.x > x1) x1 = a.x; if (a.y < y0) y0 = a.y; if (a.y > y1) y1 = a.y;
    });
    if (x0 === Infinity) return;
    renderer.setCustomBBox({ x: [x0, x1], y: [y0, y1] });
    renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    renderer.refresh();
  }

  // ---- labels: placed greedily, most connected (and emphasised) first, never overlapping ----
  var order = data.nodes.map(function (n) { return n.id; });
  order.sort(function (a, b) { return ((byId[b].degree || 0) - (byId[a].degree || 0)) || (byId[a].name < byId[b].name ? -1 : 1); });
  var FONT = "12px system-ui, sans-serif", BOLD = "600 13px system-ui, sans-serif", CELL = 64, MAX_LABELS = 500;
  var widths = {}, boldWidths = {};
  function shortName(n) { return n.name.length > 40 ? n.name.slice(0, 39) + "\u2026" : n.name; }
  function drawLabels() {
    var ctx = renderer.getCanvases().labels.getContext("2d");
    var w = container.clientWidth, h = container.clientHeight;
    var grid = {}, boxes = [];
    function cells(b, add) {
      for (var cx = Math.floor(b.x / CELL); cx <= Math.floor((b.x + b.w) / CELL); cx++) {
        for (var cy = Math.floor(b.y / CELL); cy <= Math.floor((b.y + b.h) / CELL); cy++) {
          var key = cx + "," + cy, list = grid[key];
          if (add) { (grid[key] = list || []).push(b); continue; }
          if (list) for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
          }
        }
      }
      return true;
    }
    var first = emphasis ? Array.from(emphasis).sort(function (a, b) {
      return (a === (hovered || selected) ? -1 : 0) - (b === (hovered || selected) ? -1 : 0) || (byId[b].degree || 0) - (byId[a].degree || 0);
    }) : [];
    var candidates = first.concat(order), seen = new Set();
    for (var i = 0; i < candidates.length && boxes.length < MAX_LABELS; i++) {
      var id = candidates[i];
      if (seen.has(id)) continue;
      seen.add(id);
      var n = byId[id];
      if (nodeHidden(n) || (emphasis && !emphasis.has(id))) continue;
      var strong = emphasis !== null;
      var d = renderer.getNodeDisplayData(id);
      if (!d) continue;
      var p = renderer.framedGraphToViewport(d), size = renderer.scaleSize(d.size);
      if (p.x < 0 || p.y < 0 || p.x > w || p.y > h) continue;
      var cache = strong ? boldWidths : widths;
      if (cache[id] === undefined) { ctx.font = strong ? BOLD : FONT; cache[id] = ctx.measureText(shortName(n)).width; }
      // Right of the node, else left, below or above; never clipped at the edge, never over another.
      var bw = cache[id] + 2, spots = [[p.x + size + 3, p.y - 8], [p.x - size - 3 - bw, p.y - 8],
                                       [p.x - bw / 2, p.y + size + 2], [p.x - bw / 2, p.y - size - 18]];
      for (var s = 0; s < spots.length; s++) {
        var box = { x: spots[s][0], y: spots[s][1], w: bw, h: 16, id: id };
        if (box.x < 0 || box.x + box.w > w || box.y < 0 || box.y + box.h > h || !cells(box, false)) continue;
        cells(box, true);
        boxes.push(box);
        break;
      }
    }
    ctx.lineJoin = "round";
    boxes.forEach(function (b) {
      var strong = emphasis !== null;
      ctx.font = strong ? BOLD : FONT;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(shortName(byId[b.id]), b.x + 1, b.y + 12);
      ctx.fillStyle = strong ? "#111" : "#333";
      ctx.fillText(shortName(byId[b.id]), b.x + 1, b.y + 12);
    });
    api.labelBoxes = boxes;
  }

  var api = window.blogweave = {
    renderer: renderer, graph: graph, ready: false, matches: [], timings: timings, labelBoxes: [], emphasis: null,
    total: { nodes: data.nodes.length, edges: data.edges.length },
    visibleNodeIds: function () { return data.nodes.filter(function (n) { return !nodeHidden(n); }).map(function (n) { return n.id; }); },
    visibleEdgeIds: function () { return data.edges.filter(function (e) { return !edgeHidden(e); }).map(function (e) { return e.id; }); },
    displayColor: function (id) { return renderer.getNodeDisplayData(id).color; },
    viewportPosition: function (id) {
      var p = renderer.graphToViewport(graph.getNodeAttributes(id)), r = container.getBoundingClientRect();
      return { x: p.x, y: p.y, pageX: r.left + p.x, pageY: r.top + p.y };
    },
    search: search, openPanel: openPanel, applyFilters: applyFilters, setColorMode: setColorMode, fit: fitShown
  };
  renderer.on("afterRender", function () {
    drawLabels();
    if (!api.ready) {
      api.ready = true;
      api.readyAt = timings.firstDraw = performance.now();
      document.body.setAttribute("data-ready", "true");
    }
    api.frames = (api.frames || 0) + 1;
    api.renderedAt = performance.now();
  });

  // ---- legend and filters ----
  function dot(color) { var s = el("span", null, "bw-swatch"); s.style.backgroundColor = color; return s; }
  function checkbox(parent, name, label, checked, count, icon, onChange) {
    var row = el("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = checked; box.value = name;
    box.addEventListener("change", function () { onChange(box.checked); });
    row.appendChild(box);
    if (icon) row.appendChild(icon);
    row.appendChild(el("span", label));
    if (count !== undefined) row.appendChild(el("span", count, "bw-count"));
    parent.appendChild(row);
  }
  var typeBox = document.getElementById("bw-types");
  meta.types.forEach(function (t) {
    checkbox(typeBox, t.name, t.name === "Post" ? "Posts" : t.name, t.shown, t.count, dot(t.color), function (on) {
      typeShown[t.name] = on; applyFilters();
    });
  });
  if (meta.isolated.count) {
    checkbox(typeBox, "isolated", "Entities without facts", isolatedShown, meta.isolated.count, null, function (on) {
      isolatedShown = on; applyFilters();
    });
  }
  var communityBox = document.getElementById("bw-communities");
  meta.communities.forEach(function (c, i) {
    var row = el("div", null, "bw-community");
    row.appendChild(dot(c.color));
    row.appendChild(el("span", (i + 1) + ". " + c.names.join(", ") + (c.count > c.names.length ? ", \u2026" : "")));
    row.appendChild(el("span", c.count, "bw-count"));
    communityBox.appendChild(row);
  });
  var rest = el("div", null, "bw-community");
  rest.appendChild(dot(meta.community_other));
  rest.appendChild(el("span", meta.communities.length ? "smaller communities" : "no community of three or more"));
  communityBox.appendChild(rest);
  var relBox = document.getElementById("bw-relations"), relCounts = {};
  data.edges.forEach(function (e) { relCounts[e.predicate] = (relCounts[e.predicate] || 0) + 1; });
  meta.relations.forEach(function (r) {
    var line = el("span", null, "bw-line");
    line.style.borderTopColor = r.color;
    checkbox(relBox, r.name, r.label, r.shown, relCounts[r.name] || 0, line, function (on) { relShown[r.name] = on; applyFilters(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[name=bw-colour]"), function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) setColorMode(radio.value); });
  });
  function setColorMode(mode) {
    colorMode = mode === "community" ? "community" : "type";
    document.querySelector("input[name=bw-colour][value=" + colorMode + "]").checked = true;
    communityBox.hidden = colorMode !== "community";
    document.getElementById("bw-types-legend").textContent = colorMode === "community" ? "Entity types and communities" : "Entity types";
    renderer.refresh();
  }
  function applyFilters() {
    if (hovered && nodeHidden(byId[hovered])) hovered = null;
    if (selected && nodeHidden(byId[selected])) selected = null;
    if (currentQuery) search(currentQuery, true);
    updateEmphasis();
    updateStats();
    fitShown();
  }
  function updateStats() {
    document.getElementById("bw-stats").textContent = "Showing " + api.visibleNodeIds().length + " of " + data.nodes.length +
      " nodes and " + api.visibleEdgeIds().length + " of " + data.edges.length + " edges.";
  }

  // ---- hover, click, tooltip ----
  var tooltip = document.getElementById("bw-tooltip");
  function showTip(text, event) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    var r = container.getBoundingClientRect();
    tooltip.style.left = Math.min(r.left + event.x + 14, window.innerWidth - tooltip.offsetWidth - 8) + "px";
    tooltip.style.top = Math.min(r.top + event.y + 14, window.innerHeight - tooltip.offsetHeight - 8) + "px";
  }
  function hideTip() { tooltip.hidden = true; }
  function nameOf(id) { return byId[id] ? byId[id].name : id; }
  renderer.on("enterNode", function (e) {
    hovered = e.node; updateEmphasis(); renderer.refresh({ schedule: true });
    showTip(blogweavePanel.nodeTip(byId[e.node], factsByNode[e.node]), e.event);
  });
  renderer.on("leaveNode", function () { hovered = null; updateEmphasis(); renderer.refresh({ schedule: true }); hideTip(); });
  renderer.on("enterEdge", function (e) {
    var f = factByEdge[e.edge], x = edgeById[e.edge];
    showTip(f ? blogweavePanel.factTip(f, nameOf, relLabel) : nameOf(x.from) + " \u2192 " + relLabel[x.predicate] + " \u2192 " + nameOf(x.to), e.event);
  });
  renderer.on("leaveEdge", hideTip);
  // sigma 3.0.2 sends leaveNode when the mouse leaves the canvas but keeps the node as hovered, so
  // coming back onto that same node would send no enterNode: forget it here.
  renderer.on("leaveStage", function () { renderer.hoveredNode = null; hideTip(); });
  renderer.on("clickNode", function (e) { openPanel(e.node); });
  // sigma takes any second click within 300 ms, anywhere, as a double click: on a node it is a click
  // (so two nodes clicked in quick succession both open), and it does not zoom.
  renderer.on("doubleClickNode", function (e) { e.preventSigmaDefault(); openPanel(e.node); });
  renderer.on("clickEdge", function (e) { var f = factByEdge[e.edge]; if (f) { panel.openFact(f); api.panelFor = e.edge; } });
  renderer.on("clickStage", function () { selected = null; updateEmphasis(); renderer.refresh({ schedule: true }); });

  // ---- the facts panel ----
  var panel = blogweavePanel.create({ data: data, byId: byId, factsByNode: factsByNode, relLabel: relLabel, relColor: relColor,
                                      onFocus: function (id) { focusNode(id); } });
  function openPanel(id) {
    if (!panel.openNode(id)) return;
    api.panelFor = id;
    if (!nodeHidden(byId[id])) { selected = id; updateEmphasis(); renderer.refresh({ schedule: true }); }
  }
  function focusNode(id) {
    var n = byId[id];
    if (!n) return;
    if (nodeHidden(n)) {  // a node hidden by a filter is shown when asked for by name or link
      typeShown[n.type] = true;
      if (n.isolated) isolatedShown = true;
      Array.prototype.forEach.call(document.querySelectorAll("#bw-types input"), function (b) {
        b.checked = b.value === "isolated" ? isolatedShown : typeShown[b.value];
      });
      applyFilters();
    }
    openPanel(id);
    centreOn([id]);
  }
  // Move the camera so the nodes are in view, left of the panel when it is open.
  function centreOn(ids) {
    var xs = [], ys = [];
    ids.forEach(function (id) {  // from the graph's own coordinates: display data may await processing
      if (nodeHidden(byId[id])) return;
      var d = renderer.viewportToFramedGraph(renderer.graphToViewport(graph.getNodeAttributes(id)));
      xs.push(d.x); ys.push(d.y);
    });
    if (!xs.length) return;
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var ratio = Math.min(1, Math.max(0.08, 1.3 * Math.max(x1 - x0, y1 - y0)));
    var covered = panel.element.hidden ? 0 : panel.element.offsetWidth / Math.max(container.clientWidth, 1);
    renderer.getCamera().setState({ x: (x0 + x1) / 2 + covered * ratio / 2, y: (y0 + y1) / 2, ratio: ratio, angle: 0 });
  }

  // ---- search: matching nodes stay bright over a dimmed graph ----
  var currentQuery = "", input = document.getElementById("bw-search"), timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, data.nodes.length > 1000 ? 120 : 40);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && api.matches.length) { clearTimeout(timer); search(input.value); focusNode(api.matches[0]); }
    if (ev.key === "Escape") { input.value = ""; search(""); }
  });
  function search(query, quiet) {
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
    matchSet = currentQuery ? new Set(matches) : null;
    showResults(matches);
    if (quiet) return matches;
    selected = null;
    updateEmphasis();
    renderer.refresh({ schedule: true });
    if (matches.length && matches.length <= 50) centreOn(matches);
    api.searchDone = performance.now();
    return matches;
  }
  function showResults(matches) {
    var status = document.getElementById("bw-search-status"), list = document.getElementById("bw-results");
    list.textContent = "";
    if (!currentQuery) { status.textContent = ""; return; }
    status.textContent = (matches.length === 1 ? "1 match" : matches.length + " matches") +
      (api.hiddenMatches ? " (and " + api.hiddenMatches + " among the hidden entities without facts)" : "");
    matches.slice(0, 50).forEach(function (id) {
      var li = el("li"), b = el("button", byId[id].name + " (" + byId[id].type + ")");
      b.type = "button";
      b.addEventListener("click", function () { focusNode(id); });
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  // ---- #node=<id> or #iri=<iri> in the address opens that entity (the query page links here) ----
  function openFromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var id = params.get("node") || byIri[params.get("iri")];
    if (id && byId[id]) focusNode(id);
    api.hashOpened = id && byId[id] ? id : null;
  }
  window.addEventListener("hashchange", openFromHash);

  updateStats();
  fitShown();
  if (location.hash) openFromHash();
})();
