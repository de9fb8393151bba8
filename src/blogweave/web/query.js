// blogweave query page: a SPARQL editor with highlighting, the shipped named queries as examples,
// results as a sortable table whose entities open in the HTML graph, and CSV/JSON downloads.
// Text from the graph is only ever shown with textContent; links point to this server only.
(function () {
  "use strict";
  var setup = null, current = null, lastText = null, sortState = { column: -1, dir: 1 }, rows = [], vars = [];
  var text = document.getElementById("q-text"), code = document.querySelector("#q-highlight code");
  var api = window.blogweaveQuery = { ready: false, runs: 0, lastError: null, rows: 0 };

  function el(tag, content, cls) {
    var e = document.createElement(tag);
    if (content !== undefined && content !== null) e.textContent = String(content);
    if (cls) e.className = cls;
    return e;
  }

  // ---- highlighting: one regular expression, one class per kind of token ----
  var KEYWORDS = ("select distinct reduced construct describe ask where from named prefix base optional filter union " +
    "minus graph service bind values as order by asc desc group having limit offset not exists in count sum min " +
    "max avg sample group_concat separator str lang langmatches datatype bound iri uri bnode rand abs ceil floor " +
    "round concat strlen ucase lcase encode_for_uri contains strstarts strends strbefore strafter year month day " +
    "hours minutes seconds timezone tz now uuid struuid md5 sha1 sha256 sha384 sha512 coalesce if strlang strdt " +
    "sameterm isiri isuri isblank isliteral isnumeric regex substr replace true false a").split(" ");
  var KEYWORD_SET = {};
  KEYWORDS.forEach(function (k) { KEYWORD_SET[k] = true; });
  var TOKEN = /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][A-Za-z_][\w]*)|([A-Za-z][\w.-]*)?:([A-Za-z_\d][\w.-]*)?|(\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_]\w*)/g;
  function highlight() {
    var src = text.value, out = document.createDocumentFragment(), last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(src))) {
      if (m.index > last) out.appendChild(document.createTextNode(src.slice(last, m.index)));
      var kind = m[1] ? "comment" : m[2] ? "string" : m[3] ? "iri" : m[4] ? "var" : m[0].indexOf(":") !== -1 ? "pname"
        : m[7] ? "number" : KEYWORD_SET[m[0].toLowerCase()] ? "keyword" : null;
      out.appendChild(kind ? el("span", m[0], "tok-" + kind) : document.createTextNode(m[0]));
      last = m.index + m[0].length;
      if (!m[0].length) TOKEN.lastIndex++;
    }
    out.appendChild(document.createTextNode(src.slice(last) + "\n"));
    code.textContent = "";
    code.appendChild(out);
    syncScroll();
  }
  function syncScroll() {
    var pre = code.parentNode;
    pre.scrollTop = text.scrollTop;
    pre.scrollLeft = text.scrollLeft;
  }
  text.addEventListener("input", highlight);
  text.addEventListener("scroll", syncScroll);
  text.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
    if (ev.key === "Tab" && !ev.shiftKey) {  // two spaces, not a jump out of the editor
      ev.preventDefault();
      var s = text.selectionStart;
      text.setRangeText("  ", s, text.selectionEnd, "end");
      highlight();
    }
  });

  // ---- examples ----
  function showExamples() {
    var list = document.getElementById("q-example-list");
    setup.queries.forEach(function (q) {
      var li = el("li"), b = el("button");
      b.type = "button";
      b.dataset.name = q.name;
      b.appendChild(el("span", q.name, "q-name"));
      b.appendChild(el("span", q.description, "q-desc"));
      b.addEventListener("click", function () { load(q); });
      li.appendChild(b);
      list.appendChild(li);
    });
  }
  function load(q) {
    current = q;
    Array.prototype.forEach.call(document.querySelectorAll("#q-example-list button"), function (b) {
      b.setAttribute("aria-current", b.dataset.name === q.name ? "true" : "false");
    });
    text.value = q.text;
    highlight();
    document.getElementById("q-description").textContent = q.description || "";
    var params = document.getElementById("q-params");
    params.textContent = "";
    q.params.forEach(function (p) {
      var label = el("label", "?" + p), input = document.createElement("input");
      input.type = "text"; input.name = p; input.placeholder = "a name or alias";
      input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") run(); });
      label.appendChild(input);
      params.appendChild(label);
    });
    if (q.params.length) {
      params.appendChild(el("span", "Each value is bound to its variable in every WHERE block (as VALUES) when the query runs.", "q-note"));
    }
  }
  // A named query's parameter is bound the way the command line binds it: the value as a literal, for
  // every use of the variable. Here that is a one-row VALUES at the start of each WHERE block, which
  // reaches the subqueries too; the value is escaped as a SPARQL string, never pasted as syntax.
  function bindParams(query) {
    var out = query;
    if (!current || current.text !== query) return out;
    Array.prototype.forEach.call(document.querySelectorAll("#q-params input"), function (input) {
      if (!input.value) return;
      var literal = '"' + input.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
      out = out.replace(/\bWHERE\s*\{/gi, function (m) { return m + " VALUES ?" + input.name + " { " + literal + " }"; });
    });
    return out;
  }

  // ---- running ----
  function showError(message) {
    var box = document.getElementById("q-error");
    box.textContent = message;
    box.hidden = false;
    api.lastError = message;
  }
  function run() {
    var query = bindParams(text.value);
    var missing = Array.prototype.filter.call(document.querySelectorAll("#q-params input"), function (i) { return !i.value; });
    document.getElementById("q-error").hidden = true;
    api.lastError = null;
    if (current && current.text === text.value && missing.length) {
      showError("Give a value for " + missing.map(function (i) { return "?" + i.name; }).join(", ") + " first.");
      return;
    }
    if (query.length > setup.limits.max_query_length) {
      showError("The query is " + query.length + " characters; this server takes at most " + setup.limits.max_query_length + ".");
      return;
    }
    var button = document.getElementById("q-run"), status = document.getElementById("q-status");
    button.disabled = true;
    status.textContent = "running\u2026";
    var started = performance.now();
    fetch(setup.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: "query=" + encodeURIComponent(query)
    }).then(function (response) {
      return response.text().then(function (body) { return { response: response, body: body }; });
    }).then(function (r) {
      var ms = Math.round(performance.now() - started);
      button.disabled = false;
      api.runs += 1;
      if (!r.response.ok) {
        status.textContent = "";
        clearResults();
        showError("The server answered " + r.response.status + ":\n" + r.body.trim());
        return;
      }
      lastText = query;
      var type = r.response.headers.get("Content-Type") || "";
      if (type.indexOf("sparql-results+json") !== -1) {
        var json = JSON.parse(r.body);
        if (json.boolean !== undefined) { showBoolean(json.boolean); status.textContent = "ASK in " + ms + " ms"; }
        else { showTable(json); status.textContent = rows.length + " row" + (rows.length === 1 ? "" : "s") + " in " + ms + " ms"; }
      } else {
        showGraph(r.body);
        status.textContent = "graph result in " + ms + " ms";
      }
      setDownloads(query, type.indexOf("sparql-results+json") !== -1);
    }).catch(function (err) {
      button.disabled = false;
      status.textContent = "";
      showError("The request failed: " + err.message);
    });
  }
  document.getElementById("q-run").addEventListener("click", run);

  function setDownloads(query, tabular) {
    var csv = document.getElementById("q-csv"), json = document.getElementById("q-json");
    var base = setup.endpoint + "?query=" + encodeURIComponent(query);
    csv.hidden = !tabular;
    csv.href = base + "&format=csv";
    json.textContent = tabular ? "JSON" : "Turtle";
    json.download = tabular ? "results.json" : "results.ttl";
    json.href = base + (tabular ? "&format=json" : "&format=turtle");
    json.hidden = false;
    if (base.length > setup.limits.max_query_length) {  // too long to download by GET: say so instead
      csv.hidden = json.hidden = true;
    }
  }

  // ---- results ----
  function clearResults() {
    rows = []; vars = [];
    api.rows = 0;
    document.getElementById("q-results").textContent = "";
    document.getElementById("q-csv").hidden = document.getElementById("q-json").hidden = true;
  }
  function showBoolean(value) {
    clearResults();
    document.getElementById("q-results").appendChild(el("p", value ? "true" : "false", "q-boolean"));
  }
  function showGraph(turtle) {
    clearResults();
    document.getElementById("q-results").appendChild(el("pre", turtle));
  }
  function showTable(json) {
    clearResults();
    vars = json.head.vars || [];
    rows = json.results.bindings || [];
    api.rows = rows.length;
    api.linked = false;
    sortState = { column: -1, dir: 1 };
    drawTable();
    linkEntities();
  }
  function cellValue(b) { return b ? b.value : ""; }
  function compare(a, b) {
    var x = cellValue(a), y = cellValue(b), nx = Number(x), ny = Number(y);
    if (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) return nx - ny;
    return x.localeCompare(y);
  }
  function sortBy(column) {
    sortState = { column: column, dir: sortState.column === column ? -sortState.dir : 1 };
    var name = vars[column];
    rows.sort(function (a, b) { return sortState.dir * compare(a[name], b[name]); });
    drawTable();
  }
  var entityIri = {};  // label -> entity IRI, filled after each result
  function graphLink(iri, label) {
    var a = el("a", label);
    a.href = setup.graph + "#iri=" + encodeURIComponent(iri);
    a.target = "_blank";
    a.rel = "noopener";
    a.title = "open " + iri + " in the HTML graph";
    return a;
  }
  function drawTable() {
    var box = document.getElementById("q-results");
    box.textContent = "";
    var table = el("table"), head = el("tr");
    vars.forEach(function (v, i) {
      var th = el("th", "?" + v);
      th.setAttribute("aria-sort", sortState.column === i ? (sortState.dir > 0 ? "ascending" : "descending") : "none");
      th.addEventListener("click", function () { sortBy(i); });
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (row) {
      var tr = el("tr");
      vars.forEach(function (v) {
        var td = el("td"), b = row[v];
        if (!b) td.appendChild(el("span", "\u2013", "q-unbound"));
        else if (b.type === "uri" && setup.graph) td.appendChild(graphLink(b.value, b.value));
        else if (b.type === "literal" && setup.graph && entityIri[b.value]) td.appendChild(graphLink(entityIri[b.value], b.value));
        else {
          td.appendChild(document.createTextNode(b.type === "bnode" ? "_:" + b.value : b.value));
          if (b["xml:lang"]) td.appendChild(el("span", " @" + b["xml:lang"], "q-lang"));
        }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(table);
  }
  // Names in a result become links to their entity in the HTML graph: one more query asks which of
  // the result's strings are an entity's label (at most 300 strings, so it stays far below the limits).
  function linkEntities() {
    if (!setup.graph) return;
    var seen = {}, values = [];
    rows.forEach(function (row) {
      vars.forEach(function (v) {
        var b = row[v];
        if (b && b.type === "literal" && !seen[b.value] && b.value.length < 200 && values.length < 300) {
          seen[b.value] = true;
          values.push('"' + b.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"');
        }
      });
    });
    if (!values.length) return;
    var q = "PREFIX bw: <https://w3id.org/blogweave/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "SELECT ?label ?e WHERE { VALUES ?label { " + values.join(" ") + " } VALUES ?class { bw:Person bw:Organization bw:Technology } " +
      "?e a ?class ; rdfs:label ?label }";
    var forRows = rows;
    fetch(setup.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json" },
      body: "query=" + encodeURIComponent(q)
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (json) {
      api.linked = true;
      if (!json || forRows !== rows) return;
      entityIri = {};
      json.results.bindings.forEach(function (b) { entityIri[b.label.value] = b.e.value; });
      drawTable();
    }).catch(function () { api.linked = true; });
  }

  // ---- start ----
  fetch("/query/setup.json").then(function (r) { return r.json(); }).then(function (s) {
    setup = s;
    var l = s.limits;
    document.getElementById("q-limits").textContent = "This server's limits: at most " + l.max_rows.toLocaleString("en") +
      " result rows (add LIMIT/OFFSET to page through more), " + l.timeout + " s per query, " +
      l.max_query_length.toLocaleString("en") + " characters per query. Read-only: updates and SERVICE are refused.";
    if (s.graph) { var g = document.getElementById("q-graph-link"); g.href = s.graph; g.hidden = false; }
    showExamples();
    if (s.queries.length) load(s.queries[0]);
    api.ready = true;
    document.body.setAttribute("data-ready", "true");
  }).catch(function (err) { showError("Could not read the page's setup from the server: " + err.message); });
  api.load = function (name) { load(setup.queries.filter(function (q) { return q.name === name; })[0]); };
  api.run = run;
})();
