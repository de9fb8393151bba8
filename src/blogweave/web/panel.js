// blogweave graph page, part 1: the facts panel (facts, evidence, a person's timeline) and tooltip text.
// Every piece of text from posts is put on the page with textContent (never innerHTML), and links are
// only ever relative paths to posts.
var blogweavePanel = (function () {
  "use strict";

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

  // "2019", "2019-06" or "2019-06-01" as a fractional year (the middle of the month or day); null otherwise.
  function yearOf(text) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(text || ""));
    if (!m) return null;
    var month = m[2] ? Number(m[2]) - 1 : 0, day = m[3] ? Number(m[3]) - 1 : 0;
    return Number(m[1]) + (m[2] ? (month + (m[3] ? day / 31 : 0.5)) / 12 : 0);
  }

  // One row per fact of the person that carries a date: the span from its earliest start to its
  // latest end across the evidence, and every role the sentences give.
  function timelineRows(facts, personId, nameOf, relLabel) {
    var rows = [];
    facts.forEach(function (f) {
      if (f.from !== personId) return;
      var starts = [], ends = [], roles = [];
      f.evidence.forEach(function (ev) {
        if (ev.start_date) starts.push(String(ev.start_date));
        if (ev.end_date) ends.push(String(ev.end_date));
        if (ev.role && roles.indexOf(ev.role) === -1) roles.push(ev.role);
      });
      starts.sort(); ends.sort();
      var start = starts.length ? starts[0] : null, end = ends.length ? ends[ends.length - 1] : null;
      if (yearOf(start) === null && yearOf(end) === null) return;
      var what = (roles.length ? roles.join(", ") + " at " : (relLabel[f.predicate] || f.predicate) + " ") + nameOf(f.to);
      rows.push({ fact: f, label: what, start: start, end: end, event: f.predicate === "founded" && !end });
    });
    rows.sort(function (a, b) { return (yearOf(a.start || a.end) - yearOf(b.start || b.end)) || a.label.localeCompare(b.label); });
    return rows;
  }

  function timeline(rows) {
    var years = [];
    rows.forEach(function (r) {
      if (yearOf(r.start) !== null) years.push(yearOf(r.start));
      if (yearOf(r.end) !== null) years.push(yearOf(r.end));
    });
    var lo = Math.floor(Math.min.apply(null, years)), hi = Math.ceil(Math.max.apply(null, years));
    if (hi - lo < 2) { lo -= 1; hi += 1; }
    var pct = function (y) { return (100 * (y - lo) / (hi - lo)).toFixed(2) + "%"; };
    var box = el("div", null, "bw-timeline");
    rows.forEach(function (r) {
      var row = el("div", null, "bw-tl-row");
      var when = r.start && r.end ? r.start + " \u2013 " + r.end : r.start ? "from " + r.start : "until " + r.end;
      row.appendChild(el("div", r.label + " \u00b7 " + when, "bw-tl-label"));
      var track = el("div", null, "bw-tl-track");
      var s = yearOf(r.start), e = yearOf(r.end);
      var bar = el("div", null, r.event ? "bw-tl-event" : "bw-tl-bar");
      bar.style.backgroundColor = r.color;
      if (r.event) {
        bar.style.left = pct(s);
      } else {
        // An open end (no end date, or no start date) runs to the edge of the axis, faded.
        if (s === null) bar.classList.add("bw-tl-open-start");
        if (e === null) bar.classList.add("bw-tl-open-end");
        var from = s === null ? lo : s, to = e === null ? hi : e;
        bar.style.left = pct(from);
        bar.style.width = "calc(" + pct(Math.max(to, from)) + " - " + pct(from) + " + 4px)";
      }
      track.appendChild(bar);
      row.appendChild(track);
      box.appendChild(row);
    });
    var axis = el("div", null, "bw-tl-axis");
    axis.appendChild(el("span", lo));
    axis.appendChild(el("span", hi));
    box.appendChild(axis);
    return box;
  }

  // env: {data, byId, factsByNode, relLabel, relColor, onFocus(id)}
  function create(env) {
    var panel = document.getElementById("bw-panel");
    var body = document.getElementById("bw-panel-body");
    var state = { openFor: null };
    document.getElementById("bw-panel-close").addEventListener("click", close);
    function nameOf(id) { return env.byId[id] ? env.byId[id].name : id; }

    function postLink(postId, line) {
      var p = env.data.posts[postId];
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
      var b = el("button", nameOf(id));
      b.type = "button";
      b.addEventListener("click", function () { env.onFocus(id); });
      return b;
    }
    function factBlock(f) {
      var box = el("div", null, "bw-fact");
      var head = el("div", null, "bw-fact-head");
      head.appendChild(nodeButton(f.from));
      head.appendChild(document.createTextNode(" " + (env.relLabel[f.predicate] || f.predicate) + " "));
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
      if (f.reject) box.appendChild(el("div", "to remove it, paste into blogweave.toml: " + f.reject, "bw-meta bw-correct"));
      return box;
    }
    function show(id) {
      panel.hidden = false;
      panel.scrollTop = 0;
      state.openFor = id;
    }
    function openNode(id) {
      var n = env.byId[id];
      if (!n) return false;
      body.textContent = "";
      body.appendChild(el("h2", n.name));
      var kind = n.type + (n.community !== undefined && !n.isolated ? " \u00b7 community " + (n.community + 1) : "");
      body.appendChild(el("p", kind, "bw-type"));
      if (n.aliases && n.aliases.length) body.appendChild(el("p", "Also written: " + n.aliases.join(", "), "bw-meta"));
      if (n.curation && n.curation.length) body.appendChild(el("p", "Curated: " + n.curation.join(", "), "bw-meta"));
      if (n.correct && n.correct.length) body.appendChild(el("p", "To correct it, paste into blogweave.toml: " +
        n.correct.join("  |  "), "bw-meta bw-correct"));
      if (n.type === "Post") body.appendChild(postLink(id));
      var facts = env.factsByNode[id] || [];
      var rows = n.type === "Person" ? timelineRows(facts, id, nameOf, env.relLabel) : [];
      if (rows.length) {
        rows.forEach(function (r) { r.color = env.relColor[r.fact.predicate] || "#888"; });
        body.appendChild(el("h3", "Timeline"));
        body.appendChild(timeline(rows));
      }
      body.appendChild(el("h3", facts.length ? "Facts (" + facts.length + ")" : "No facts extracted"));
      facts.forEach(function (f) { body.appendChild(factBlock(f)); });
      if (n.posts && n.posts.length) {
        body.appendChild(el("h3", "Mentioned in " + n.posts.length + " post" + (n.posts.length === 1 ? "" : "s")));
        var ul = el("ul");
        n.posts.forEach(function (p) { var li = el("li"); li.appendChild(postLink(p)); ul.appendChild(li); });
        body.appendChild(ul);
      }
      show(id);
      return true;
    }
    function openFact(f) {
      body.textContent = "";
      body.appendChild(el("h2", "Fact"));
      body.appendChild(factBlock(f));
      show(f.edge);
    }
    function close() { panel.hidden = true; state.openFor = null; }
    return { openNode: openNode, openFact: openFact, close: close, state: state, element: panel };
  }

  // The hover text of a node and of an edge (shown with textContent).
  function nodeTip(n, facts) {
    var lines = [n.name + " (" + n.type + ")"];
    if (n.aliases && n.aliases.length) lines.push("also: " + n.aliases.join(", ").slice(0, 200));
    if (n.type !== "Post") lines.push((facts || []).length + " facts, " + (n.posts || []).length + " posts; click for evidence");
    return lines.join("\n");
  }
  function factTip(f, nameOf, relLabel) {
    var lines = [nameOf(f.from) + " \u2192 " + (relLabel[f.predicate] || f.predicate) + " \u2192 " + nameOf(f.to) +
                 " (confidence " + f.confidence + ")"];
    f.evidence.slice(0, 3).forEach(function (ev) {
      var s = String(ev.evidence || "");
      lines.push("\u201c" + (s.length > 280 ? s.slice(0, 279) + "\u2026" : s) + "\u201d");
      lines.push("    " + ev.post + ":" + ev.line + "  [" + ev.rule + "]");
    });
    if (f.evidence.length > 3) lines.push("\u2026 and " + (f.evidence.length - 3) + " more (click for all)");
    return lines.join("\n");
  }

  return { create: create, el: el, nodeTip: nodeTip, factTip: factTip, timelineRows: timelineRows, yearOf: yearOf };
})();
