/* mes-graph map: draws the data of <script id="mes-data"> with vis-network.
 * Every text from the data is set with textContent (never innerHTML): a label is text.
 * Exposes window.mesMap = {network, nodes, edges, search, focus, ready} for tests. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("mes-data").textContent);
  var S = DATA.strings;
  var body = document.body;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fold(text) {
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function tooltip(tip) {
    var box = el("div", "mes-tip");
    box.appendChild(el("strong", null, tip.title));
    tip.rows.forEach(function (row) {
      var line = el("div", "mes-tip-row");
      line.appendChild(el("span", "mes-tip-key", row[0] + S.colon));
      line.appendChild(el("span", null, row[1]));
      box.appendChild(line);
    });
    return box;
  }

  var meta = new Map();
  function visNode(n) {
    var colour = {
      background: n.fill, border: n.border,
      highlight: {background: n.fill, border: "#000000"},
      hover: {background: n.fill, border: "#000000"}
    };
    var v = {
      id: n.id, label: n.label, shape: n.shape, size: n.size, color: colour,
      borderWidth: n.bw, borderWidthSelected: Math.max(n.bw, 3) + 1.5, title: tooltip(n.tip)
    };
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    if (n.faded) v.opacity = 0.3;
    return v;
  }
  function visEdge(e) {
    var v = {
      id: e.id, from: e.from, to: e.to, width: e.width, dashes: e.dashes,
      color: {color: e.color, highlight: "#000000", hover: "#000000", inherit: false},
      title: tooltip(e.tip)
    };
    v.arrows = e.arrow ? {to: {enabled: true, type: e.arrow, scaleFactor: 0.6}} : {to: {enabled: false}};
    return v;
  }
  var visNodes = DATA.nodes.map(function (n) {
    meta.set(n.id, n);
    return visNode(n);
  });
  /* The groupings the page can switch between: the first is drawn; each has its groups
   * and the links it bundles between them. */
  var actors = DATA.nodes.filter(function (n) { return !n.group; });
  var actorLinks = DATA.edges.filter(function (e) { return e.rel !== "aggregate"; });
  var groupings = (DATA.groupings || []).map(function (g, i) {
    return i ? g : {key: g.key, label: g.label,
      nodes: DATA.nodes.filter(function (n) { return n.group; }),
      edges: DATA.edges.filter(function (e) { return e.rel === "aggregate"; })};
  });
  var grouping = 0;
  function topGroups() { return groupings.length ? groupings[grouping].nodes : []; }
  var links = DATA.edges;  /* the links drawn: the actors', then the groups' bundles */

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(DATA.edges.map(visEdge));
  var big = !DATA.physics;
  var options = {
    autoResize: true,
    layout: {randomSeed: DATA.seed, improvedLayout: !big && DATA.nodes.length <= 100},
    nodes: {
      font: {size: 16, face: "system-ui, sans-serif", color: "#1a1a1a", strokeWidth: 3,
             strokeColor: "#ffffff"},
      widthConstraint: {maximum: 160}
    },
    edges: {smooth: big ? false : {type: "continuous"}, selectionWidth: 1.5, hoverWidth: 0.5},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                  keyboard: {enabled: true, bindToWindow: false}, multiselect: false},
    physics: DATA.physics ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -120, centralGravity: 0.012, springLength: 170,
                         springConstant: 0.08, damping: 0.5, avoidOverlap: 0.9},
      stabilization: {enabled: true, iterations: 600, updateInterval: 50, fit: true}
    } : {enabled: false}
  };
  var container = document.getElementById("map");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var api = {network: network, nodes: nodes, edges: edges, ready: false};
  window.mesMap = api;

  /* Labels readable at every zoom: a label is drawn at LABEL_PX screen pixels whatever the
   * scale, and only for the most important actors the view has room for (by size, the
   * metric of the map), more of them as one zooms in. */
  var LABEL_PX = 13, LABEL_WIDTH = 150;
  var ranked = [];
  function rank() {
    ranked = actors.concat(topGroups()).sort(function (a, b) {
      return b.size - a.size || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    }).map(function (n) { return n.id; });
  }
  rank();
  var labelled = null;
  function labelBudget(scale) {
    var box = container.getBoundingClientRect();
    var room = Math.floor(box.width * box.height / (150 * 45));
    var fit = api.fitScale || scale;  /* before the first fit, as fitted */
    return Math.max(room, Math.round(room * scale * scale / (fit * fit)));
  }
  function fitLabels(force) {  /* force: after filters or a view changed what is shown */
    var scale = network.getScale();
    var visible = ranked.filter(function (id) { return !nodes.get(id).hidden; });
    var shown = Math.min(visible.length, labelBudget(scale));
    var size = Math.round(10 * LABEL_PX / scale) / 10;
    var width = Math.round(LABEL_WIDTH / scale);
    if (!force && labelled && labelled.size === size && labelled.shown === shown) return;
    labelled = {size: size, shown: shown};
    var labels = new Set(visible.slice(0, shown));
    nodes.update(ranked.map(function (id) {
      return {id: id, font: {size: labels.has(id) ? size : 1}, widthConstraint: {maximum: width}};
    }));
  }
  api.labelPixels = function () {
    var scale = network.getScale();
    return ranked.filter(function (id) { return nodes.get(id).font.size > 1; })
      .map(function (id) { return nodes.get(id).font.size * scale; });
  };
  var pending = false;
  network.on("zoom", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; fitLabels(); });
  });

  function ready() {
    if (api.ready) return;
    api.fitScale = network.getScale() || 1;
    fitLabels();
    if (DATA.vis_options) network.setOptions(DATA.vis_options);  /* pyvis_network's restyling */
    api.ready = true;
    var status = document.getElementById("map-status");
    if (status) status.hidden = true;
    body.setAttribute("data-state", "ready");
  }
  if (DATA.physics && DATA.nodes.length > 0) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      network.once("afterDrawing", ready);
      network.fit();
    });
  } else {
    network.once("afterDrawing", ready);
    if (DATA.nodes.length === 0) ready();
  }

  /* --- side panel: the clicked actor's facts and links, read from its side --- */
  var panel = document.getElementById("panel-body");
  var panelTitle = document.getElementById("panel-title");

  function nameOf(id) {
    var n = meta.get(id);
    return n ? n.label.split("\n")[0] : id;
  }

  /* Each link reads from the actor's side, in the direction it has in the data: the
   * subject's phrase for a link out ("participe à : CSESS"), the object's for a link in
   * ("a pour membres : ARDES, APES"). One line per phrase, the other ends as buttons. */
  function linkLines(id) {
    var lines = new Map();
    links.forEach(function (e) {
      var out = e.from === id;
      if (!out && e.to !== id) return;
      var words = DATA.phrases[e.rel] || DATA.phrases.link;
      var key = (out ? "0" : "1") + e.rel;
      if (!lines.has(key)) lines.set(key, {words: words, out: out, items: []});
      lines.get(key).items.push({other: out ? e.to : e.from, text: e.desc || ""});
    });
    return Array.from(lines.keys()).sort().map(function (key) {
      var line = lines.get(key);
      line.phrase = line.out ? line.words[0] : line.words[line.items.length > 1 ? 2 : 1];
      return line;
    });
  }

  function linksSection(id) {
    var box = el("section", "mes-links");
    box.appendChild(el("h3", null, S.links_of));
    var lines = linkLines(id);
    if (!lines.length) {
      box.appendChild(el("p", "mes-none", S.nothing));
      return box;
    }
    var list = el("ul");
    lines.forEach(function (line) {
      var li = el("li");
      li.setAttribute("data-rel", (line.out ? "out:" : "in:") + line.items.length);
      li.appendChild(el("span", "mes-phrase", line.phrase + S.colon));
      line.items.forEach(function (item, i) {
        if (i) li.appendChild(document.createTextNode(", "));
        var button = el("button", "mes-link", nameOf(item.other));
        button.type = "button";
        button.addEventListener("click", function () { focusNode(item.other); });
        li.appendChild(button);
        if (item.text) li.appendChild(el("span", "mes-desc", " (" + item.text + ")"));
      });
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  function showPanel(id) {
    var n = meta.get(id);
    if (!n) return;
    panelTitle.textContent = n.tip.title;
    panel.replaceChildren();
    var rows = el("dl", "mes-facts");
    n.tip.rows.forEach(function (row) {
      if (row[0] === S.iri) return;  /* an address for machines, not a fact for people */
      var dt = el("dt", null, row[0]);
      if (DATA.hints[row[0]]) {
        dt.title = DATA.hints[row[0]];
        dt.className = "mes-hint";
      }
      rows.appendChild(dt);
      rows.appendChild(el("dd", null, row[1]));
    });
    panel.appendChild(rows);
    if (n.homepage && /^https?:\/\//.test(n.homepage)) {
      var link = el("a", "mes-homepage", n.homepage);
      link.href = n.homepage;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      var p = el("p");
      p.appendChild(link);
      panel.appendChild(p);
    }
    if (n.group) {
      panel.appendChild(el("p", "mes-note", S.group_note));
      var open = el("button", "mes-all", S.group_open);
      open.type = "button";
      open.id = "group-open";
      open.addEventListener("click", function () { openGroup(id); });
      panel.appendChild(open);
    }
    if (n.inGroup) {
      panel.appendChild(el("p", "mes-note", S.in_group.replace("{group}", nameOf(n.inGroup))));
      var close = el("button", "mes-all", S.group_close);
      close.type = "button";
      close.id = "group-close";
      close.addEventListener("click", function () { closeGroup(n.inGroup); });
      panel.appendChild(close);
    }
    panel.appendChild(linksSection(id));
    if (!n.group && !n.inGroup) panel.appendChild(exploreSection(id));
  }

  function focusNode(id) {
    if (!meta.has(id)) return;
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
    showPanel(id);
  }
  api.focus = focusNode;

  network.on("click", function (params) {
    if (params.nodes.length) showPanel(params.nodes[0]);
  });

  /* --- search: name or acronym, accents and case aside --- */
  function search(query) {
    var key = fold(query);
    if (!key) return null;
    var tiers = [[], [], [], []];
    actors.concat(topGroups()).forEach(function (n) {
      var best = 4;
      n.keys.forEach(function (k) {
        if (k === key) best = Math.min(best, 0);
        else if (k.indexOf(key) === 0) best = Math.min(best, 1);
        else if ((" " + k).indexOf(" " + key) >= 0) best = Math.min(best, 2);
        else if (k.indexOf(key) >= 0) best = Math.min(best, 3);
      });
      if (best < 4) tiers[best].push(n.id);
    });
    for (var i = 0; i < tiers.length; i++) if (tiers[i].length) return tiers[i][0];
    return searchMembers(key);
  }

  /* A région or a sector of the map whose name has every word searched, in any order. */
  function searchValue(query) {
    var wanted = words(query), found = null;
    DATA.filters.forEach(function (dimension) {
      if (found || (dimension.key !== "region" && dimension.key !== "sector")) return;
      dimension.values.forEach(function (value) {
        var have = words(value[1]);
        if (!found && wanted.length && wanted.every(function (w) {
          return have.some(function (h) { return h.indexOf(w) === 0; });
        })) found = [dimension.key, value[0]];
      });
    });
    return found;
  }

  /* --- groups: an actor counted in a group is found by search, and the group opens ---
   * A group opens into its members, or, when too large, into smaller groups (its parts).
   * The grouped actors sit in leaves, two non-executed elements each, read only when
   * needed: mes-m-<b> (JSON: base IRI, then each member's IRI end and name) and mes-k-<b>
   * (their folded names, one a line, which search reads as text). A group that opens
   * into actors lists its leaves: every grouping's groups are made of the same leaves. */
  var groupById = new Map(), pathOf = [];  /* leaf -> the groups to open, outermost first */
  function indexGroups() {
    groupById = new Map();
    pathOf = [];
    (function walk(list, path) {
      list.forEach(function (g) {
        groupById.set(g.id, g);
        if (g.parts) walk(g.parts, path.concat([g.id]));
        (g.leaves || []).forEach(function (leaf) { pathOf[leaf] = path.concat([g.id]); });
      });
    })(topGroups(), []);
  }
  indexGroups();
  function membersOfGroup(group) {
    return [].concat.apply([], group.leaves.map(membersOf));
  }
  var parsed = new Map(), folded = new Map();
  function membersOf(block) {
    if (!parsed.has(block)) {
      var found = JSON.parse(document.getElementById("mes-m-" + block).textContent);
      parsed.set(block, found.m.map(function (m) { return [found.base + m[0], m[1]]; }));
    }
    return parsed.get(block);
  }
  function keysOf(block) {
    if (!folded.has(block)) folded.set(block, document.getElementById("mes-k-" + block).textContent);
    return folded.get(block);
  }
  function words(text) { return fold(text).split(" ").filter(Boolean); }
  function searchMembers(key) {  /* every word, in any order: whole words first, then starts */
    var wanted = words(key), exact = null, start = null;
    for (var b = 0; b < pathOf.length && exact === null; b++) {
      var text = keysOf(b);
      if (!wanted.every(function (w) { return text.indexOf(w) >= 0; })) continue;
      var lines = text.split("\n");
      for (var i = 0; i < lines.length; i++) {
        var have = lines[i].split(" ");
        if (wanted.every(function (w) { return have.indexOf(w) >= 0; })) { exact = [b, i]; break; }
        if (start === null && wanted.every(function (w) {
          return have.some(function (h) { return h.indexOf(w) === 0; });
        })) start = [b, i];
      }
    }
    var hit = exact || start;
    if (!hit) return null;
    pathOf[hit[0]].forEach(openGroup);
    return membersOf(hit[0])[hit[1]][0];
  }
  function around(at, i, step) {  /* a sunflower around the opened group */
    var angle = i * 2.39996, radius = step * Math.sqrt(i + 1);
    return {x: at.x + radius * Math.cos(angle), y: at.y + radius * Math.sin(angle)};
  }
  function openGroup(gid) {
    var group = groupById.get(gid);
    if (!group || group.opened || !meta.has(gid)) return;
    group.opened = true;
    var at = network.getPositions([gid])[gid] || {x: 0, y: 0};
    var added;
    if (group.parts) {
      added = group.parts.map(function (part, i) {
        part.inGroup = gid;
        meta.set(part.id, part);
        var v = visNode(part), p = around(at, i, 60);
        v.x = p.x;
        v.y = p.y;
        return v;
      });
    } else {
      added = membersOfGroup(group).map(function (m, i) {
        meta.set(m[0], {id: m[0], label: m[1], tip: {title: m[1], rows: []}, inGroup: gid});
        var p = around(at, i, 12);
        return {
          id: m[0], label: m[1], shape: "dot", size: 6, x: p.x, y: p.y, font: {size: 12},
          color: {background: group.fill, border: group.border}, title: tooltip({title: m[1], rows: []})
        };
      });
    }
    nodes.add(added);
    nodes.update({id: gid, hidden: true});
  }
  function collapse(group) {  /* its members, or its parts and what they opened, removed */
    group.opened = false;
    var gone = group.parts ? group.parts.map(function (part) {
      if (part.opened) collapse(part);
      return part.id;
    }) : membersOfGroup(group).map(function (m) { return m[0]; });
    gone.forEach(function (id) { meta.delete(id); });
    nodes.remove(gone);
  }
  function closeGroup(gid) {
    var group = groupById.get(gid);
    if (!group || !group.opened) return;
    collapse(group);
    nodes.update({id: gid, hidden: false});
    network.selectNodes([gid]);
    showPanel(gid);
  }
  api.openGroup = openGroup;
  api.closeGroup = closeGroup;
  api.search = search;

  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var result = document.getElementById("search-result");
  var names = document.getElementById("names");
  input.placeholder = S.search_placeholder;
  function listNames() {
    names.replaceChildren();
    actors.concat(topGroups()).forEach(function (n) {
      var option = document.createElement("option");
      option.value = nameOf(n.id);
      names.appendChild(option);
    });
  }
  listNames();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var id = search(input.value);
    if (id === null) {
      var value = searchValue(input.value);
      if (value) {
        showActorsWith(value[0], value[1]);
        result.textContent = S.found.replace("{name}", value[1]);
      } else {
        result.textContent = S.not_found;
      }
      return;
    }
    focusNode(id);
    var hidden = nodes.get(id).hidden;
    result.textContent = S.found.replace("{name}", nameOf(id)) + (hidden ? S.hidden : "");
  });

  /* --- filters: kind, region, sector of the actors; relation of the links --- */
  var off = {};
  var filters = document.getElementById("filters");
  DATA.filters.forEach(function (dimension) {
    if (!dimension.values.length) return;
    off[dimension.key] = new Set();
    var box = el("details", "mes-filter");
    box.appendChild(el("summary", null, dimension.label + " (" + dimension.values.length + ")"));
    var drop = el("div", "mes-dropdown");
    var all = el("button", "mes-all", S.all);
    all.type = "button";
    drop.appendChild(all);
    var list = el("div", "mes-filter-values");
    var boxes = [];
    dimension.values.forEach(function (value) {
      var label = el("label");
      var check = document.createElement("input");
      check.type = "checkbox";
      check.checked = true;
      check.dataset.value = value[0];
      check.addEventListener("change", function () {
        if (check.checked) off[dimension.key].delete(value[0]);
        else off[dimension.key].add(value[0]);
        applyFilters();
      });
      boxes.push(check);
      label.appendChild(check);
      label.appendChild(document.createTextNode(" " + value[1] + " (" + value[2] + ")"));
      list.appendChild(label);
    });
    all.addEventListener("click", function () {
      boxes.forEach(function (check) { check.checked = true; });
      off[dimension.key].clear();
      applyFilters();
    });
    box.setAttribute("data-key", dimension.key);
    drop.appendChild(list);
    box.appendChild(drop);
    filters.appendChild(box);
  });

  /* --- date slider: the alliances as of 31 December of a year --- */
  var asOf = null;  /* "YYYY-12-31", or null for every date */
  function day(value, month, date) {  /* a lexical date's day, its missing parts filled in */
    var m = /^(\d{4})(-\d{2})?(-\d{2})?/.exec(value || "");
    return m ? m[1] + (m[2] || month) + (m[3] || date) : null;
  }
  function during(bounds) {
    if (asOf === null || !bounds) return true;
    var start = day(bounds[0], "-01", "-01"), end = day(bounds[1], "-12", "-31");
    return (start === null || start <= asOf) && (end === null || end >= asOf);
  }
  if (DATA.timeline) {
    var from = DATA.timeline[0], to = DATA.timeline[1];
    var box = el("label", "mes-timeline");
    box.title = S.timeline_hint;
    box.appendChild(el("span", null, S.timeline + S.colon));
    var slider = document.createElement("input");
    slider.type = "range";
    slider.id = "as-of";
    slider.min = String(from);
    slider.max = String(to + 1);  /* the last step: every date */
    slider.value = slider.max;
    var shown = el("output", null, S.timeline_all);
    shown.id = "as-of-value";
    slider.addEventListener("input", function () {
      var year = Number(slider.value);
      asOf = year > to ? null : year + "-12-31";
      shown.textContent = asOf === null ? S.timeline_all : S.timeline_at.replace("{year}", year);
      applyFilters();
    });
    box.appendChild(slider);
    box.appendChild(shown);
    filters.parentNode.appendChild(box);
  }

  function applyFilters() {
    shownView = only === null ? null : kept(only);
    var view = shownView;
    var hiddenNodes = new Set(), nodeUpdates = [];
    meta.forEach(function (n, id) {  /* drawn actors and groups, opened groups' parts and members */
      var hide = !!n.opened || !during(n.life) || (view !== null && !view.nodes.has(id));
      Object.keys(n.f || {}).forEach(function (key) {
        var values = n.f[key];
        if (off[key] && values.length && values.every(function (v) { return off[key].has(v); })) {
          hide = true;
        }
      });
      if (hide) hiddenNodes.add(id);
      nodeUpdates.push({id: id, hidden: hide});
    });
    nodes.update(nodeUpdates);
    var relations = off.relation || new Set();
    edges.update(links.map(function (e) {
      var hide = relations.has(e.rel) || !during(e.when) || hiddenNodes.has(e.from) ||
        hiddenNodes.has(e.to) || (view !== null && view.edges !== null && !view.edges.has(e.id));
      return {id: e.id, hidden: hide};
    }));
    if (api.ready) fitLabels(true);
  }
  api.applyFilters = applyFilters;

  /* --- views in the page: an actor's ego map (radius 1 to 3), the shortest paths between
   * two actors; read on the links drawn and not filtered out, both ways, as the command's */
  var only = null;  /* {ego: id, radius} or {from: id, to: id}: what the view keeps; null: all */
  var shownView = null;  /* what applyFilters found the view keeps, on the links shown */
  var viewBar = el("p", "mes-view");
  viewBar.id = "view-status";
  viewBar.hidden = true;
  filters.parentNode.appendChild(viewBar);
  function linked() {  /* drawn node -> the drawn nodes it links to, either way */
    var relations = off.relation || new Set(), around = new Map();
    links.forEach(function (e) {
      if (relations.has(e.rel) || !during(e.when) || !meta.has(e.from) || !meta.has(e.to)) return;
      [[e.from, e.to], [e.to, e.from]].forEach(function (pair) {
        if (!around.has(pair[0])) around.set(pair[0], []);
        around.get(pair[0]).push(pair[1]);
      });
    });
    return around;
  }
  function distances(around, from, limit) {
    var dist = new Map([[from, 0]]), queue = [from];
    for (var i = 0; i < queue.length; i++) {
      var d = dist.get(queue[i]);
      if (limit !== undefined && d >= limit) continue;
      (around.get(queue[i]) || []).forEach(function (next) {
        if (!dist.has(next)) { dist.set(next, d + 1); queue.push(next); }
      });
    }
    return dist;
  }
  function kept(view) {  /* the nodes, and (paths) the links, that a view keeps */
    var around = linked();
    if (view.ego !== undefined) {
      return {nodes: new Set(distances(around, view.ego, view.radius).keys()), edges: null};
    }
    var from = distances(around, view.from), to = distances(around, view.to);
    var length = from.get(view.to);
    var onPath = new Set(), steps = new Set();
    if (length === undefined) return {nodes: onPath, edges: steps, length: null};
    from.forEach(function (d, id) { if (to.get(id) === length - d) onPath.add(id); });
    links.forEach(function (e) {
      var a = from.get(e.from), b = to.get(e.to), c = from.get(e.to), d = to.get(e.from);
      if (onPath.has(e.from) && onPath.has(e.to) && (a + b + 1 === length || c + d + 1 === length)) {
        steps.add(e.id);
      }
    });
    return {nodes: onPath, edges: steps, length: length};
  }
  function showView(view) {
    only = view;
    applyFilters();
    viewBar.replaceChildren();
    viewBar.hidden = view === null;
    if (view === null) { network.fit(); fitLabels(true); return; }
    var found = shownView, text;
    if (view.ego !== undefined) {
      text = S.pick_ego_shown.replace("{name}", nameOf(view.ego)).replace("{count}", found.nodes.size)
        .replace("{radius}", view.radius === 1 ? S.pick_direct : S.pick_steps.replace("{n}", view.radius));
    } else {
      text = (found.length === null ? S.pick_no_path : S.pick_paths_shown)
        .replace("{from}", nameOf(view.from)).replace("{to}", nameOf(view.to))
        .replace("{length}", found.length).replace("{count}", found.nodes.size);
    }
    viewBar.appendChild(el("span", null, text + " "));
    var all = el("button", "mes-all", S.pick_all);
    all.type = "button";
    all.id = "view-all";
    all.addEventListener("click", function () { showView(null); });
    viewBar.appendChild(all);
    if (found.nodes.size) network.fit({nodes: Array.from(found.nodes)});
    fitLabels(true);
  }
  api.showView = showView;
  function exploreSection(id) {
    var box = el("section", "mes-explore");
    box.appendChild(el("h3", null, S.pick_explore));
    var ego = el("p"), radius = document.createElement("select");
    radius.id = "ego-radius";
    radius.setAttribute("aria-label", S.pick_radius);
    [1, 2, 3].forEach(function (r) {
      var option = el("option", null, r === 1 ? S.pick_direct : S.pick_steps.replace("{n}", r));
      option.value = String(r);
      radius.appendChild(option);
    });
    var show = el("button", "mes-all", S.pick_ego);
    show.type = "button";
    show.id = "ego-show";
    show.addEventListener("click", function () { showView({ego: id, radius: Number(radius.value)}); });
    ego.appendChild(el("span", null, S.pick_radius + " "));
    ego.appendChild(radius);
    ego.appendChild(document.createTextNode(" "));
    ego.appendChild(show);
    var paths = el("p"), to = document.createElement("input");
    to.id = "path-to";
    to.type = "search";
    to.setAttribute("list", "names");
    to.setAttribute("aria-label", S.pick_to);
    var go = el("button", "mes-all", S.pick_paths);
    go.type = "button";
    go.id = "path-show";
    go.addEventListener("click", function () {
      var other = search(to.value);
      if (other === null) { result.textContent = S.not_found; return; }
      showView({from: id, to: other});
    });
    paths.appendChild(el("span", null, S.pick_to + " "));
    paths.appendChild(to);
    paths.appendChild(document.createTextNode(" "));
    paths.appendChild(go);
    box.appendChild(ego);
    box.appendChild(paths);
    return box;
  }

  /* --- grouping: the actors not drawn counted by kind, by région (or by community) --- */
  function switchGrouping(i) {
    var before = groupings[grouping], after = groupings[i];
    before.nodes.forEach(function (g) { if (g.opened) collapse(g); meta.delete(g.id); });
    nodes.remove(before.nodes.map(function (g) { return g.id; }));
    edges.remove(before.edges.map(function (e) { return e.id; }));
    grouping = i;
    after.nodes.forEach(function (g) { meta.set(g.id, g); });
    nodes.add(after.nodes.map(visNode));
    edges.add(after.edges.map(visEdge));
    links = actorLinks.concat(after.edges);
    indexGroups();
    rank();
    listNames();
    applyFilters();
    network.fit();
    fitLabels(true);
  }
  api.switchGrouping = switchGrouping;
  if (groupings.length > 1) {
    var choice = el("label", "mes-grouping");
    choice.title = S.grouping_hint;
    choice.appendChild(el("span", null, S.grouping + S.colon));
    var select = document.createElement("select");
    select.id = "grouping";
    groupings.forEach(function (g, i) {
      var option = el("option", null, g.label);
      option.value = String(i);
      select.appendChild(option);
    });
    select.addEventListener("change", function () { switchGrouping(Number(select.value)); });
    choice.appendChild(select);
    filters.parentNode.appendChild(choice);
  }

  /* --- map of France: a click on a région or a département lists its actors in the
   * panel; a click on a point opens its actor (and the groups on the way to it) --- */
  /* The actors of a région, a département or a sector, listed in the panel. */
  function showActorsWith(key, name) {
    var having = actors.filter(function (n) { return n.f[key] && n.f[key].indexOf(name) >= 0; });
    panelTitle.textContent = name;
    panel.replaceChildren();
    var box = el("section", "mes-links");
    var heading = {region: S.geo_actors, departement: S.departement_actors}[key] || S.sector_actors;
    box.appendChild(el("h3", null, heading.replace("{count}", having.length)));
    var list = el("ul");
    having.forEach(function (n) {
      var button = el("button", "mes-link", nameOf(n.id));
      button.type = "button";
      button.addEventListener("click", function () { focusNode(n.id); });
      var li = el("li");
      li.appendChild(button);
      list.appendChild(li);
    });
    box.appendChild(list);
    var counts = {region: "regions", departement: "departements"}[key];
    var grouped = topGroups().filter(function (n) { return counts && n[counts] && n[counts][name]; });
    if (grouped.length) {  /* counted in groups, not drawn */
      var count = grouped.reduce(function (sum, n) { return sum + n[counts][name]; }, 0);
      var groups = grouped.map(function (n) {
        return nameOf(n.id) + " (" + n[counts][name].toLocaleString(DATA.lang) + ")";
      });
      box.appendChild(el("p", "mes-note", S.geo_grouped.replace("{count}",
        count.toLocaleString(DATA.lang)).replace("{groups}", groups.join(", "))));
    }
    panel.appendChild(box);
  }
  function reveal(id, leaf) {  /* an actor drawn, or counted in a leaf: its groups open */
    if (!meta.has(id) && leaf >= 0 && pathOf[leaf]) pathOf[leaf].forEach(openGroup);
    focusNode(id);
  }
  api.reveal = reveal;
  function clickable(item, open) {
    item.addEventListener("click", open);
    item.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); }
    });
  }
  ["region", "departement"].forEach(function (key) {
    document.querySelectorAll("#geo [data-" + key + "]").forEach(function (tile) {
      clickable(tile, function () { showActorsWith(key, tile.getAttribute("data-" + key)); });
    });
  });
  var geo = document.getElementById("geo");
  if (geo) geo.addEventListener("click", function (event) {  /* one listener for every point */
    var point = event.target.closest && event.target.closest(".mes-point");
    if (point) reveal(point.getAttribute("data-id"), Number(point.getAttribute("data-leaf")));
  });
  document.querySelectorAll("#geo [data-geo]").forEach(function (tab) {
    tab.addEventListener("click", function () {
      document.querySelectorAll("#geo [data-geo]").forEach(function (other) {
        other.setAttribute("aria-selected", String(other === tab));
      });
      document.querySelectorAll("#geo [data-geo-panel]").forEach(function (body) {
        body.hidden = body.getAttribute("data-geo-panel") !== tab.getAttribute("data-geo");
      });
    });
  });

  if (DATA.selected !== null && meta.has(DATA.selected)) {
    network.selectNodes([DATA.selected]);
    showPanel(DATA.selected);
  }
})();
