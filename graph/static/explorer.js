/* newsgraph explorer: search, filters and the evidence panel over a vis-network graph.
 *
 * Every string from the data goes into the page through textContent or vis's canvas labels,
 * never through innerHTML: article text is data, not markup.
 */
(function () {
  "use strict";

  // Milliseconds since navigation start at each stage, for benchmarks/bench_explorer.py.
  var timings = { script: performance.now() };
  var data = JSON.parse(document.getElementById("newsgraph-data").textContent);
  timings.parsed = performance.now();
  var api = { ready: false, readyAt: null, data: data, timings: timings };
  window.newsgraphExplorer = api;

  // ---- small DOM helpers (text only) ----------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "className") node.className = attrs[k];
        else if (k === "style") Object.assign(node.style, attrs[k]);
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function own(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  // Offsets and article ids inside list items (e.g. an official's dated posts) are plumbing;
  // the evidence panel already names the articles.
  var PLUMBING = { article_id: 1, start: 1, end: 1 };
  function fmt(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) {
      var seen = new Set();
      return value.map(function (v) {
        if (v && typeof v === "object") {
          return Object.keys(v).filter(function (k) { return !PLUMBING[k]; })
            .map(function (k) { return fmt(v[k]); }).filter(Boolean).join(" · ");
        }
        return fmt(v);
      }).filter(function (s) {
        if (!s || seen.has(s)) return false;
        seen.add(s);
        return true;
      }).join("；");
    }
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  var labelStyle = {}, typeStyle = {};
  data.legend.labels.forEach(function (l) { labelStyle[l.name] = l; });
  data.legend.types.forEach(function (t) { typeStyle[t.name] = t; });

  document.getElementById("page-title").textContent = data.title;
  var notes = document.getElementById("notes");
  data.notes.forEach(function (n) { notes.appendChild(el("p", { text: n })); });

  // ---- data sets and filtered views -------------------------------------------------------
  // The embedded data is compact (see _page_data in explorer.py): style comes from the legend,
  // edges are [from index, to index, type index], edgeInfo[i] is 0 when the edge has nothing.
  var typeNames = data.legend.types.map(function (t) { return t.name; });
  function edgeInfo(i) {
    var info = data.edgeInfo[i] || {};
    return { props: info.props || {}, evidence: info.evidence || [], more: info.more || 0 };
  }
  // Hover tooltips give the full name (canvas labels are shortened).  vis-network sets a string
  // tooltip with innerText, so this stays text.
  data.nodes.forEach(function (n) {
    var style = labelStyle[n.group] || {};
    n.shape = style.shape || "dot";
    n.color = style.color || "#adb5bd";
    var info = own(data.nodeInfo, n.id);
    if (!info) return;
    n.title = info.name + "\n" + (style.zh ? style.zh + " " : "") + info.label +
      (info.aliases.length ? "\n别名 aliases: " + info.aliases.join("、") : "");
  });
  // Label ranks: the most connected first (ties by id), so that at the whole-graph zoom only
  // the first data.labelsAtFit carry labels and more appear as one zooms in.
  var rankOf = {};
  data.nodes.map(function (n) {
    var info = own(data.nodeInfo, n.id);
    return { id: n.id, degree: info ? info.degree : 0 };
  }).sort(function (a, b) { return b.degree - a.degree || (a.id < b.id ? -1 : 1); })
    .forEach(function (e, i) { rankOf[e.id] = i; });
  var fullLabel = {};
  data.nodes.forEach(function (n) {
    fullLabel[n.id] = n.label;
    if (rankOf[n.id] >= data.labelsAtFit) n.label = "";
  });
  data.edges = data.edges.map(function (e, i) {
    var type = typeNames[e[2]];
    var style = typeStyle[type] || {};
    var role = edgeInfo(i).props.role;
    return {
      id: i, from: data.nodes[e[0]].id, to: data.nodes[e[1]].id, type: type,
      color: style.color, dashes: style.dashes, width: style.width,
      title: (style.zh ? style.zh + " " : "") + type + (role ? "\n" + role : "")
    };
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var state = {
    labels: new Set(data.legend.labels.map(function (l) { return l.name; })),
    types: new Set(data.legend.types.map(function (t) { return t.name; })),
    from: "", to: "", undated: true
  };
  function nodeVisible(n) {
    if (!state.labels.has(n.group)) return false;
    if (n.group === "Meeting" && (state.from || state.to)) {
      if (!n.date) return state.undated;
      // ISO dates compare as strings; a bare year or month compares by its prefix.
      if (state.from && n.date < state.from.slice(0, n.date.length)) return false;
      if (state.to && n.date > state.to.slice(0, n.date.length)) return false;
    }
    return true;
  }
  var visibleIds = new Set();
  function recomputeVisible() {
    visibleIds = new Set();
    nodes.forEach(function (n) { if (nodeVisible(n)) visibleIds.add(n.id); });
  }
  recomputeVisible();
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return visibleIds.has(n.id); } });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) {
      return state.types.has(e.type) && visibleIds.has(e.from) && visibleIds.has(e.to);
    }
  });

  timings.datasets = performance.now();
  // vis-network re-applies a node's group options whenever the node is updated (a label or a
  // font size change); without groups of our own those are vis's palette colours.
  data.options.groups = {};
  data.legend.labels.forEach(function (l) {
    data.options.groups[l.name] = { color: l.color, shape: l.shape };
  });
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  timings.network = performance.now();
  window.network = network;
  Object.assign(api, { network: network, nodes: nodes, edges: edges, nodesView: nodesView,
                       edgesView: edgesView });

  var counts = document.getElementById("counts");
  function updateCounts() {
    counts.textContent = "节点 nodes " + nodesView.length.toLocaleString() + " / " +
      nodes.length.toLocaleString() + " · 关系 edges " + edgesView.length.toLocaleString() + " / " +
      edges.length.toLocaleString();
  }
  function refresh() {
    recomputeVisible();
    nodesView.refresh();
    edgesView.refresh();
    updateCounts();
  }
  updateCounts();

  // "ready" = drawn at final positions: after stabilisation with physics, else the first frame.
  var stable = !data.physics;
  network.once("stabilizationIterationsDone", function () { stable = true; network.redraw(); });
  network.on("afterDrawing", function () {
    if (stable && !api.ready) {
      api.ready = true;
      api.readyAt = timings.ready = performance.now();
      document.body.setAttribute("data-ready", "1");
      fitScale = network.getScale();
      labelHubs();
      updateLabels();
    }
  });

  // ---- labels by zoom ---------------------------------------------------------------------
  // At the whole-graph zoom (fitScale) the data.labelsAtFit most connected nodes carry labels;
  // zooming in shows more, in rank order, as many as the screen area grows (scale squared); at
  // scale 1 and beyond every label shows.  The selected node and its neighbours always do.
  var fitScale = null, labelBudget = data.labelsAtFit, lit = null;  // lit: the highlighted ids
  function budgetFor(scale) {
    if (!fitScale || scale >= 1) return nodes.length;
    return Math.max(data.labelsAtFit, Math.floor(data.labelsAtFit * Math.pow(scale / fitScale, 2)));
  }
  function labelShown(id) {
    return rankOf[id] < labelBudget || (lit !== null && lit.has(id));
  }
  var BASE_FONT = data.options.nodes.font.size, hubFont = BASE_FONT;
  function labelHubs() {
    // The hubs' labels must be readable at the whole-graph zoom, where 14 px type would be
    // below vis's drawThreshold; on screen vis caps them at scaling.label.maxVisible.
    hubFont = Math.max(BASE_FONT, Math.ceil(13 / fitScale));
    if (hubFont === BASE_FONT) return;
    nodes.update(data.nodes.filter(function (n) { return rankOf[n.id] < data.labelsAtFit; }).map(look));
  }
  // A node's whole look (colour, type, label).  Every update gives all of it: vis re-applies
  // the group's options for whatever an update leaves out, which would undo a fade or a size.
  function look(n) {
    var on = lit === null || lit.has(n.id);
    return { id: n.id, color: on ? nodeColour(n) : mix(nodeColour(n), FADE),
             font: { color: on ? TEXT : FADED_TEXT,
                     size: rankOf[n.id] < data.labelsAtFit ? hubFont : BASE_FONT },
             label: labelShown(n.id) ? fullLabel[n.id] : "" };
  }
  function updateLabels(force) {
    var budget = budgetFor(network.getScale());
    if (budget === labelBudget && !force) return;
    var lo = Math.min(budget, labelBudget), hi = Math.max(budget, labelBudget);
    labelBudget = budget;
    var changes = [];
    data.nodes.forEach(function (n) {
      var r = rankOf[n.id];
      if (force || (r >= lo && r < hi)) {
        var label = labelShown(n.id) ? fullLabel[n.id] : "";
        if (nodes.get(n.id).label !== label) changes.push(look(n));
      }
    });
    if (changes.length) nodes.update(changes);
  }
  network.on("zoom", function () { updateLabels(); });
  network.on("animationFinished", function () { updateLabels(); });

  // ---- highlight: the selected node, its neighbours, and the rest faded --------------------
  function mix(hex, amount) {
    // hex colour mixed with white by `amount` (0..1): faded, but opaque, so overlaps stay clean
    var m = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return "#e9ecef";
    var v = parseInt(m[1], 16), out = "#";
    [16, 8, 0].forEach(function (shift) {
      var c = (v >> shift) & 255;
      out += ("0" + Math.round(c + (255 - c) * amount).toString(16)).slice(-2);
    });
    return out;
  }
  var FADE = 0.85, FADED_TEXT = "#ced4da", TEXT = data.options.nodes.font.color;
  function nodeColour(n) { return (labelStyle[n.group] || {}).color || "#adb5bd"; }
  function edgeColour(e) { return (typeStyle[e.type] || {}).color || "#adb5bd"; }
  function highlight(id) {
    var keep = new Set([id].concat(network.getConnectedNodes(id)));
    var links = new Set(network.getConnectedEdges(id));
    lit = keep;
    nodes.update(data.nodes.map(look));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, color: links.has(e.id) ? edgeColour(e) : mix(edgeColour(e), FADE + 0.05) };
    }));
    api.highlighted = keep;
  }
  function unhighlight() {
    if (lit === null) return;
    lit = null;
    api.highlighted = null;
    nodes.update(data.nodes.map(look));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: edgeColour(e) }; }));
  }

  // ---- legend + filters -------------------------------------------------------------------
  var labelBox = document.getElementById("label-filters");
  data.legend.labels.forEach(function (l) {
    var box = el("input", { type: "checkbox", "data-label": l.name });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) state.labels.add(l.name); else state.labels.delete(l.name);
      refresh();
    });
    labelBox.appendChild(el("label", { title: l.name }, [
      box, el("span", { className: "glyph", text: l.glyph, style: { color: l.color } }),
      l.zh + " " + l.name + " ", el("span", { className: "count", text: String(l.count) })
    ]));
  });
  var typeBox = document.getElementById("type-filters");
  data.legend.types.forEach(function (t) {
    var box = el("input", { type: "checkbox", "data-type": t.name });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) state.types.add(t.name); else state.types.delete(t.name);
      refresh();
    });
    var dash = !t.dashes ? "" : (t.dashes[0] <= 2 ? " dotted" : " dashed");
    typeBox.appendChild(el("label", { title: t.name }, [
      box, el("span", { className: "line" + dash, style: { borderTopColor: t.color } }),
      t.zh + " " + t.name + " ", el("span", { className: "count", text: String(t.count) })
    ]));
  });
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  var undated = document.getElementById("date-undated");
  function dateChanged() {
    state.from = dateFrom.value; state.to = dateTo.value; state.undated = undated.checked;
    refresh();
  }
  [dateFrom, dateTo, undated].forEach(function (i) { i.addEventListener("change", dateChanged); });
  document.getElementById("date-clear").addEventListener("click", function () {
    dateFrom.value = ""; dateTo.value = ""; undated.checked = true; dateChanged();
  });
  var dates = data.nodes.filter(function (n) { return n.date; }).map(function (n) { return n.date; }).sort();
  if (dates.length) {
    dateFrom.placeholder = dates[0];
    dateTo.placeholder = dates[dates.length - 1];
  } else {
    var fieldset = document.getElementById("date-filter");
    fieldset.setAttribute("disabled", "");
    fieldset.appendChild(el("span", { className: "hint", text: "没有带日期的会议 no dated meetings" }));
  }

  // ---- side panel -------------------------------------------------------------------------
  var details = document.getElementById("details");

  function highlighted(sentence, names) {
    // Split the sentence into text nodes and <mark>s; never parse it as HTML.
    var out = el("div", { className: "sentence" });
    var terms = names.filter(function (n) { return n && n.length > 1; })
      .sort(function (a, b) { return b.length - a.length; });
    var i = 0, text = String(sentence);
    while (i < text.length) {
      var best = -1, term = null;
      terms.forEach(function (t) {
        var j = text.indexOf(t, i);
        if (j !== -1 && (best === -1 || j < best)) { best = j; term = t; }
      });
      if (best === -1) { out.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) out.appendChild(document.createTextNode(text.slice(i, best)));
      out.appendChild(el("mark", { text: term }));
      i = best + term.length;
    }
    return out;
  }

  function evidenceList(items, more, names) {
    var box = el("div", { className: "evidence-list" });
    box.appendChild(el("h2", { text: "证据 Evidence (" + (items.length + more) + ")" }));
    if (!items.length) box.appendChild(el("p", { className: "hint", text: "无证据句 no evidence" }));
    items.forEach(function (ev) {
      var source = ev[0], articleId = ev[1], sentence = ev[2];  // [source, article_id, sentence]
      var art = own(data.articles, articleId) || {};
      var meta = [source, art.title ? "《" + art.title + "》" : articleId, art.date]
        .filter(Boolean).join(" · ");
      box.appendChild(el("div", { className: "evidence" }, [
        highlighted(sentence || "", names), el("div", { className: "meta", text: meta })
      ]));
    });
    if (more) box.appendChild(el("p", { className: "more", text: "另有 " + more + " 条未嵌入 (+" + more + " more)" }));
    return box;
  }

  // "职务 titles": the Chinese name of a property beside its name in the data.
  function propName(key) {
    var zh = own(data.propertyNames, key);
    return zh ? zh + " " + key : "属性 " + key;
  }

  function propTable(rows) {
    var table = el("table", { className: "props" });
    rows.forEach(function (r) {
      var text = fmt(r[1]);
      if (text === "") return;
      table.appendChild(el("tr", null, [el("th", { text: r[0] }), el("td", { text: text })]));
    });
    return table;
  }

  function nodeLink(id) {
    var info = own(data.nodeInfo, id);
    var a = el("a", { className: "node-link", text: info ? info.name : id, tabindex: "0" });
    a.addEventListener("click", function () { focusNode(id); });
    return a;
  }

  function showNode(id) {
    var info = own(data.nodeInfo, id);
    if (!info) return;
    clear(details);
    var style = labelStyle[info.label] || { color: "#868e96", zh: "" };
    details.appendChild(el("h3", null, [
      el("span", { className: "badge", text: style.zh + " " + info.label, style: { background: style.color } }),
      " ", info.name
    ]));
    var rows = [["编号 id", id], ["键 key", info.key], ["别名 aliases", info.aliases], ["度 degree", info.degree]];
    Object.keys(info.props).forEach(function (k) { rows.push([propName(k), info.props[k]]); });
    details.appendChild(propTable(rows));
    details.appendChild(evidenceList(info.evidence, info.more, [info.name].concat(info.aliases)));
    var linked = network.getConnectedEdges(id);
    if (linked.length) {
      details.appendChild(el("h2", { text: "关系 Relations (" + linked.length + ")" }));
      var list = el("ul", { className: "links" });
      linked.slice(0, 100).forEach(function (eid) {
        var e = edges.get(eid);
        var other = e.from === id ? e.to : e.from;
        var arrow = e.from === id ? " → " : " ← ";
        var rel = el("a", { text: e.type, tabindex: "0" });
        rel.addEventListener("click", function () { network.selectEdges([eid]); showEdge(eid); });
        list.appendChild(el("li", null, [rel, arrow, nodeLink(other)]));
      });
      details.appendChild(list);
      if (linked.length > 100) details.appendChild(el("p", { className: "more", text: "… +" + (linked.length - 100) }));
    }
  }

  function showEdge(eid) {
    var e = edges.get(eid);
    if (!e) return;
    var info = edgeInfo(eid);
    clear(details);
    var style = typeStyle[e.type] || { color: "#868e96", zh: "" };
    details.appendChild(el("h3", null, [
      el("span", { className: "badge", text: style.zh + " " + e.type, style: { background: style.color } })
    ]));
    details.appendChild(el("p", null, [nodeLink(e.from), " → ", nodeLink(e.to)]));
    var rows = [];
    Object.keys(info.props).forEach(function (k) { rows.push([propName(k), info.props[k]]); });
    details.appendChild(propTable(rows));
    var names = [];
    [e.from, e.to].forEach(function (id) {
      var n = own(data.nodeInfo, id);
      if (n) names = names.concat([n.name], n.aliases);
    });
    if (info.props.role) names.push(String(info.props.role));
    details.appendChild(evidenceList(info.evidence, info.more, names));
  }

  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) { unhighlight(); showEdge(params.edges[0]); }
    else unhighlight();
  });

  // ---- search -----------------------------------------------------------------------------
  var index = Object.keys(data.nodeInfo).map(function (id) {
    var info = own(data.nodeInfo, id);
    return { id: id, names: [info.name].concat(info.aliases).map(function (s) { return String(s).toLowerCase(); }),
             degree: info.degree };
  });
  function search(query) {
    var q = String(query).trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    index.forEach(function (entry) {
      var rank = 9;
      entry.names.forEach(function (n) {
        if (n === q) rank = Math.min(rank, 0);
        else if (n.indexOf(q) === 0) rank = Math.min(rank, 1);
        else if (n.indexOf(q) !== -1) rank = Math.min(rank, 2);
      });
      if (entry.id.toLowerCase() === q) rank = 0;
      if (rank < 9) hits.push({ id: entry.id, rank: rank, degree: entry.degree });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || b.degree - a.degree || (a.id < b.id ? -1 : 1); });
    return hits.map(function (h) { return h.id; });
  }

  function focusNode(id) {
    var n = nodes.get(id);
    if (!n) return false;
    // A search hit hidden by a filter is shown again rather than silently not found.
    if (!visibleIds.has(id)) {
      state.labels.add(n.group);
      var box = labelBox.querySelector('input[data-label="' + CSS.escape(n.group) + '"]');
      if (box) box.checked = true;
      if (!nodeVisible(n)) { dateFrom.value = ""; dateTo.value = ""; state.from = ""; state.to = ""; }
      refresh();
    }
    network.selectNodes([id]);
    highlight(id);
    // Without physics the graph is large and every animation frame is a full redraw.
    var animation = data.physics ? { duration: 350, easingFunction: "easeInOutQuad" } : false;
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: animation });
    showNode(id);
    return true;
  }

  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  var current = [];
  var active = 0;
  function renderResults() {
    clear(results);
    current.slice(0, 20).forEach(function (id, i) {
      var info = own(data.nodeInfo, id);
      var style = labelStyle[info.label] || { color: "#868e96", glyph: "●" };
      var li = el("li", { "data-id": id, className: i === active ? "active" : "" }, [
        el("span", { className: "glyph", text: style.glyph, style: { color: style.color } }),
        el("span", { text: info.name }),
        el("span", { className: "sub", text: info.aliases.length ? info.aliases.join("、") : info.label })
      ]);
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      results.appendChild(li);
    });
    results.hidden = current.length === 0;
  }
  function choose(id) {
    results.hidden = true;
    input.value = own(data.nodeInfo, id).name;
    focusNode(id);
  }
  input.addEventListener("input", function () { current = search(input.value); active = 0; renderResults(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!current.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : -1) + Math.min(current.length, 20)) % Math.min(current.length, 20);
      renderResults();
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      current = search(input.value);
      if (current.length) choose(current[Math.min(active, current.length - 1)]);
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  input.addEventListener("blur", function () { results.hidden = true; });

  document.getElementById("fit").addEventListener("click", function () {
    network.fit({ animation: data.physics ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
    if (!data.physics) updateLabels();  // no animation, so no animationFinished event
  });

  // `newsgraph view --around NAME`: start with the centre(s) selected and described.
  if (data.focus && data.focus.length) {
    network.selectNodes(data.focus.filter(function (id) { return nodes.get(id); }));
    if (nodes.get(data.focus[0])) highlight(data.focus[0]);
    showNode(data.focus[0]);
  }

  Object.assign(api, { search: search, focusNode: focusNode, showNode: showNode, showEdge: showEdge,
                       refresh: refresh, state: state, highlight: highlight, unhighlight: unhighlight,
                       rankOf: rankOf, labelBudget: function () { return labelBudget; } });
})();
