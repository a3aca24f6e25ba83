// rasad serve: the page. Every piece of data is untrusted text from news pages: it is only
// ever put in the page with textContent, createTextNode or setAttribute on plain
// attributes, never parsed as HTML. The server's CSP forbids inline script as a second wall.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const PAGE = 50;
  const COLORS = [
    "#2e7d32", "#43a047", "#1565c0", "#00838f", "#5e35b1", "#7cb342", "#8d6e63", "#f9a825",
    "#ef6c00", "#6d4c41", "#c62828", "#ad1457", "#4e342e", "#546e7a", "#d84315", "#b71c1c",
  ];
  const state = { offset: 0, filters: {}, types: [], typeLabel: {}, typeColor: {} };

  // ---- DOM helpers: text only -------------------------------------------------------------
  function el(tag, props, children) {
    const node = document.createElement(tag);
    setProps(node, props);
    append(node, children);
    return node;
  }
  function svg(tag, attrs, children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    append(node, children);
    return node;
  }
  function setProps(node, props) {
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined) continue;
      if (k === "text") node.textContent = String(v);
      else if (k === "class") node.className = v;
      else if (k === "data") for (const [dk, dv] of Object.entries(v)) node.dataset[dk] = String(dv);
      else if (k === "color") node.style.backgroundColor = v; // CSSOM: allowed by the CSP, a style attribute is not
      else node.setAttribute(k, String(v));
    }
  }
  function append(node, children) {
    if (children === null || children === undefined) return;
    for (const c of Array.isArray(children) ? children : [children]) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  const $ = (id) => document.getElementById(id);

  // ---- API ------------------------------------------------------------------------------------
  function query(extra, plain) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...(plain ? {} : state.filters), ...(extra || {}) })) {
      if (v !== "" && v !== null && v !== undefined) params.append(k, String(v));
    }
    return params.toString();
  }
  async function api(path, extra, plain) {
    const qs = query(extra, plain);
    const response = await fetch(path + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const body = await response.json();
        detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      } catch (e) { /* not JSON */ }
      throw new Error(response.status + " " + detail);
    }
    return response.json();
  }
  function status(text) {
    $("status").textContent = text;
  }

  // ---- labels ---------------------------------------------------------------------------------
  function typeBadge(code) {
    return el("span", { class: "type", title: state.typeLabel[code] || code, color: state.typeColor[code] || "#777" }, code);
  }
  function actorList(codes, names) {
    if (!codes.length) return el("span", { class: "label" }, "—");
    const out = el("span");
    codes.forEach((code, i) => {
      if (i) out.appendChild(document.createTextNode(", "));
      out.appendChild(el("span", { class: "code" }, code));
      out.appendChild(el("span", { class: "label" }, " " + (names[i] || "")));
    });
    return out;
  }

  // ---- events table ---------------------------------------------------------------------------
  function loadEventsData() {
    return api("/api/events", { limit: PAGE, offset: state.offset });
  }
  async function loadEvents() {
    return drawEvents(await loadEventsData());
  }
  function drawEvents(page) {
    const body = $("event-table").tBodies[0];
    clear(body);
    for (const e of page.items) {
      const row = el("tr", { tabindex: 0, data: { doc: e.doc_id, seq: e.seq } }, [
        el("td", { text: e.date || "—" }),
        el("td", null, [typeBadge(e.type), el("div", { class: "label" }, state.typeLabel[e.type] || "")]),
        el("td", null, actorList(e.source, e.source_names)),
        el("td", null, actorList(e.target, e.target_names)),
        el("td", { dir: "auto", class: "trigger-cell" }, e.trigger),
        el("td", { dir: "auto", class: "sentence-cell" }, e.sentence.length > 220 ? e.sentence.slice(0, 220) + "…" : e.sentence),
        el("td", { dir: "auto" }, e.outlet || ""),
      ]);
      const open = () => openDocument(e.doc_id, e.seq);
      row.addEventListener("click", open);
      row.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
      body.appendChild(row);
    }
    if (!page.items.length) body.appendChild(el("tr", null, el("td", { colspan: 7, class: "label" }, "no events match")));
    $("events-range").textContent = page.items.length
      ? "(" + (page.offset + 1) + "–" + (page.offset + page.items.length) + ")" : "";
    $("prev").disabled = page.offset === 0;
    $("next").disabled = page.next_offset === null;
    return page.items.length;
  }

  // ---- timeline: stacked bars per month ------------------------------------------------------
  async function loadTimeline() {
    drawTimeline(await api("/api/counts", { by: "month", per_type: "true" }));
  }
  function drawTimeline(all) {
    const rows = all.filter((r) => /^\d{4}-\d{2}$/.test(r.key)); // events dated to the year only: not on a month axis
    const box = $("timeline");
    clear(box);
    const legend = $("timeline-legend");
    clear(legend);
    const W = 720, H = 240, L = 40, R = 10, T = 10, B = 34;
    const root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "events per month by type" });
    box.appendChild(root);
    if (!rows.length) {
      root.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no dated events"));
      return;
    }
    const months = fillMonths(rows.map((r) => r.key));
    const stacks = new Map(months.map((m) => [m, []]));
    for (const r of rows) if (stacks.has(r.key)) stacks.get(r.key).push(r);
    let max = 1;
    for (const list of stacks.values()) max = Math.max(max, list.reduce((s, r) => s + r.events, 0));
    const step = (W - L - R) / months.length;
    const bar = Math.max(1, step * 0.8);
    const y = (v) => T + (H - T - B) * (1 - v / max);
    for (const tick of niceTicks(max)) {
      root.appendChild(svg("line", { x1: L, x2: W - R, y1: y(tick), y2: y(tick), stroke: "#e3e7eb" }));
      root.appendChild(svg("text", { x: L - 4, y: y(tick) + 4, "text-anchor": "end" }, String(tick)));
    }
    const every = Math.ceil(months.length / 12);
    const used = new Set();
    months.forEach((m, i) => {
      const x = L + i * step + (step - bar) / 2;
      let base = 0;
      const list = stacks.get(m).sort((a, b) => state.types.indexOf(a.type) - state.types.indexOf(b.type));
      for (const r of list) {
        used.add(r.type);
        const rect = svg("rect", {
          x: x, width: bar, y: y(base + r.events), height: Math.max(0.5, y(base) - y(base + r.events)),
          fill: state.typeColor[r.type] || "#777", class: "bar", "data-type": r.type, "data-month": m,
        });
        rect.appendChild(svg("title", {}, m + " " + r.type + " (" + (state.typeLabel[r.type] || "") + "): " + r.events));
        rect.addEventListener("click", () => { setFilter({ type: r.type, from: m, to: m }); });
        root.appendChild(rect);
        base += r.events;
      }
      if (i % every === 0) {
        root.appendChild(svg("text", { x: x + bar / 2, y: H - B + 14, "text-anchor": "middle" }, m));
      }
    });
    root.appendChild(svg("line", { x1: L, x2: W - R, y1: y(0), y2: y(0), stroke: "#8795a1" }));
    for (const t of state.types) {
      if (!used.has(t)) continue;
      legend.appendChild(el("li", { title: state.typeLabel[t] }, [el("i", { color: state.typeColor[t] }), t + " — " + state.typeLabel[t]]));
    }
  }
  function fillMonths(keys) {
    const sorted = [...new Set(keys)].sort();
    const parse = (k) => { const [y, m] = k.split("-").map(Number); return y * 12 + (m || 1) - 1; };
    const first = parse(sorted[0]), last = parse(sorted[sorted.length - 1]);
    if (last - first > 600 || sorted.some((k) => !/^\d{4}-\d{2}$/.test(k))) return sorted;
    const out = [];
    for (let v = first; v <= last; v++) out.push(Math.floor(v / 12) + "-" + String((v % 12) + 1).padStart(2, "0"));
    return out;
  }
  function niceTicks(max) {
    const raw = max / 4;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) || raw;
    const ticks = [];
    for (let v = 0; v <= max + 1e-9; v += Math.max(1, Math.round(step))) ticks.push(v);
    return ticks;
  }

  // ---- network: circular layout of the dyads --------------------------------------------------
  async function loadNetwork() {
    drawNetwork(await api("/api/dyads", { depth: "country", limit: 40 }));
  }
  function drawNetwork(edges) {
    const box = $("network");
    clear(box);
    const W = 460, H = 320, cx = W / 2, cy = H / 2, radius = Math.min(W, H) / 2 - 34;
    const root = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "network", role: "img", "aria-label": "actor network" });
    box.appendChild(root);
    if (!edges.length) {
      root.appendChild(svg("text", { x: cx, y: cy, "text-anchor": "middle", class: "empty" }, "no events with a source and a target"));
      return;
    }
    const weight = new Map(), names = new Map();
    for (const e of edges) {
      weight.set(e.source, (weight.get(e.source) || 0) + e.events);
      weight.set(e.target, (weight.get(e.target) || 0) + e.events);
      names.set(e.source, e.source_name);
      names.set(e.target, e.target_name);
    }
    const nodes = [...weight.keys()].sort((a, b) => weight.get(b) - weight.get(a) || (a < b ? -1 : 1));
    const pos = new Map();
    nodes.forEach((n, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
      pos.set(n, { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a) });
    });
    const maxW = Math.max(...weight.values());
    const size = (n) => 5 + 9 * Math.sqrt(weight.get(n) / maxW);
    const maxE = Math.max(...edges.map((e) => e.events));
    const defs = svg("defs");
    defs.appendChild(svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
      svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#6b7c8c" })));
    root.appendChild(defs);
    for (const e of edges) {
      const a = pos.get(e.source), b = pos.get(e.target);
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
      const ux = dx / len, uy = dy / len;
      const sx = a.x + ux * size(e.source), sy = a.y + uy * size(e.source);
      const tx = b.x - ux * (size(e.target) + 2), ty = b.y - uy * (size(e.target) + 2);
      // bend every edge a little to its left, so A→B and B→A do not overlap
      const mx = (sx + tx) / 2 - uy * len * 0.12, my = (sy + ty) / 2 + ux * len * 0.12;
      const path = svg("path", {
        d: "M" + sx.toFixed(1) + "," + sy.toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) + " " + tx.toFixed(1) + "," + ty.toFixed(1),
        class: "edge", "stroke-width": (1 + 6 * e.events / maxE).toFixed(2), "marker-end": "url(#arrow)",
        "data-source": e.source, "data-target": e.target,
      });
      path.appendChild(svg("title", {}, e.source + " (" + e.source_name + ") → " + e.target + " (" + e.target_name + "): " + e.events + " events"));
      root.appendChild(path);
    }
    for (const n of nodes) {
      const p = pos.get(n);
      const g = svg("g", { class: "node", "data-code": n, tabindex: 0 });
      g.appendChild(svg("circle", { cx: p.x, cy: p.y, r: size(n).toFixed(1) }));
      const outside = p.x >= cx ? 1 : -1;
      g.appendChild(svg("text", { x: p.x + outside * (size(n) + 3), y: p.y + 4, "text-anchor": outside > 0 ? "start" : "end" }, n));
      g.appendChild(svg("title", {}, n + " — " + names.get(n) + ": " + weight.get(n) + " events (click: filter)"));
      g.addEventListener("click", () => setFilter({ actor: n }));
      root.appendChild(g);
    }
  }

  // ---- document view --------------------------------------------------------------------------
  async function openDocument(docId, seq) {
    let doc;
    try {
      doc = await api("/api/documents/" + encodeURIComponent(docId), null, true);
    } catch (err) {
      status("cannot open the document: " + err.message);
      return;
    }
    renderDocument(doc);
    selectEvent(seq);
    $("doc").hidden = false;
    $("doc").scrollIntoView({ block: "start" });
  }

  function renderDocument(doc) {
    const meta = $("doc-meta");
    clear(meta);
    meta.appendChild(el("span", { class: "title", dir: "auto" }, doc.title || "(no title)"));
    const bits = [doc.outlet, doc.published, doc.language, doc.status !== "ok" ? doc.status : null].filter(Boolean);
    meta.appendChild(el("span", { dir: "auto" }, bits.join(" · ")));
    if (doc.url) meta.appendChild(el("div", { class: "label", dir: "ltr" }, doc.url));

    const body = $("doc-body");
    clear(body);
    body.setAttribute("dir", doc.language === "ar" || !doc.language ? "rtl" : "auto");
    body.setAttribute("lang", doc.language || "ar");
    const spans = [];
    for (const a of doc.actors) for (const [s, e] of a.mentions) spans.push({ s, e, cls: "actor", code: a.code, title: a.code + " — " + a.name });
    for (const ev of doc.events) {
      if (ev.trigger_span) spans.push({ s: ev.trigger_span[0], e: ev.trigger_span[1], cls: "trigger", seq: ev.seq, title: ev.type + " — " + ev.type_label });
      if (ev.sentence_span) spans.push({ s: ev.sentence_span[0], e: ev.sentence_span[1], cls: "sentence", seq: ev.seq });
    }
    for (const st of doc.statements) if (st.content_span) spans.push({ s: st.content_span[0], e: st.content_span[1], cls: "statement", title: "statement of " + st.speaker_name });
    highlight(body, doc.text || "", spans);

    const list = $("doc-events");
    clear(list);
    for (const ev of doc.events) {
      const flags = [ev.negated ? "negated" : null, ev.claimed_by.length ? "claimed by " + ev.claimed_by.join(", ") : null].filter(Boolean);
      const li = el("li", { data: { seq: ev.seq }, tabindex: 0 }, [
        typeBadge(ev.type), " ", el("span", { class: "label" }, ev.type_label),
        flags.length ? el("span", { class: "flag" }, flags.join("; ")) : null,
        el("div", null, [actorList(ev.source, ev.source_names), " → ", actorList(ev.target, ev.target_names)]),
        el("div", null, [el("span", { class: "label" }, "trigger: "), el("span", { class: "trigger", dir: "auto" }, ev.trigger),
          el("span", { class: "label" }, "  date: " + (ev.date || "—") + (ev.location ? "  place: " : "")),
          ev.location ? el("span", { dir: "auto" }, ev.location) : null]),
      ]);
      li.addEventListener("click", () => selectEvent(ev.seq));
      list.appendChild(li);
    }
    if (!doc.events.length) list.appendChild(el("li", { class: "label" }, "no event coded"));

    const actors = $("doc-actors");
    clear(actors);
    for (const a of doc.actors) {
      actors.appendChild(el("li", null, [el("span", { class: "code" }, a.code), " ", el("span", { class: "label" }, a.name + " ×" + a.mentions.length)]));
    }
    const sts = $("doc-statements");
    clear(sts);
    for (const st of doc.statements) {
      sts.appendChild(el("li", null, [
        el("span", { class: "code" }, st.speaker || "?"), " ",
        el("span", { class: "label" }, st.speaker_label || ""), " ",
        el("span", { dir: "auto" }, "«" + st.speaker_name + "» " + st.cue + ": "),
        el("span", { dir: "auto", class: "statement" }, st.content.length > 160 ? st.content.slice(0, 160) + "…" : st.content),
      ]));
    }
  }

  // Cut the text at every span boundary; each piece is a text node inside a <span> carrying
  // the classes of the spans that cover it. Overlaps (a trigger inside a sentence inside a
  // statement) nest naturally this way.
  function highlight(container, text, spans) {
    const cuts = new Set([0, text.length]);
    for (const sp of spans) {
      sp.s = Math.max(0, Math.min(text.length, sp.s));
      sp.e = Math.max(sp.s, Math.min(text.length, sp.e));
      cuts.add(sp.s);
      cuts.add(sp.e);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const on = spans.filter((sp) => sp.s <= a && sp.e >= b && sp.e > sp.s);
      if (!on.length) {
        container.appendChild(document.createTextNode(piece));
        continue;
      }
      const classes = new Set(on.map((sp) => sp.cls));
      const node = el("span", { class: [...classes].join(" ") }, piece);
      const trig = on.filter((sp) => sp.cls === "trigger").map((sp) => sp.seq);
      const sent = on.filter((sp) => sp.cls === "sentence").map((sp) => sp.seq);
      if (trig.length) node.dataset.trigger = trig.join(" ");
      if (sent.length) node.dataset.sentence = sent.join(" ");
      const titles = on.map((sp) => sp.title).filter(Boolean);
      if (titles.length) node.title = titles.join("\n");
      container.appendChild(node);
    }
  }

  function selectEvent(seq) {
    const body = $("doc-body");
    for (const n of body.querySelectorAll(".selected, .selected-sentence")) n.classList.remove("selected", "selected-sentence");
    for (const li of $("doc-events").children) li.classList.toggle("selected", li.dataset.seq === String(seq));
    if (seq === undefined || seq === null) return;
    for (const n of body.querySelectorAll("[data-sentence]")) {
      if (n.dataset.sentence.split(" ").includes(String(seq))) n.classList.add("selected-sentence");
    }
    let first = null;
    for (const n of body.querySelectorAll("[data-trigger]")) {
      if (n.dataset.trigger.split(" ").includes(String(seq))) {
        n.classList.add("selected");
        first = first || n;
      }
    }
    if (first) first.scrollIntoView({ block: "center" });
  }

  // ---- filters --------------------------------------------------------------------------------
  function readForm() {
    const form = $("filters");
    const out = {};
    for (const name of ["type", "actor", "source", "target", "from", "to", "outlet", "text"]) {
      const v = form.elements[name].value.trim();
      if (v) out[name] = name === "actor" || name === "source" || name === "target" ? v.toUpperCase() : v;
    }
    return out;
  }
  function setFilter(values) {
    const form = $("filters");
    for (const [k, v] of Object.entries(values)) form.elements[k].value = v;
    apply();
  }
  async function apply() {
    state.filters = readForm();
    state.offset = 0;
    await refresh();
  }
  async function refresh() {
    status("loading…");
    try {
      const [n] = await Promise.all([loadEvents(), loadTimeline(), loadNetwork()]);
      status(n ? "" : "no events match the filter");
      if (!document.body.dataset.ready) document.body.dataset.ready = String(Math.round(performance.now()));
    } catch (err) {
      status("error: " + err.message);
    }
  }

  async function start() {
    // everything the first view needs, asked at once
    const first = Promise.all([loadEventsData(), api("/api/counts", { by: "month", per_type: "true" }),
      api("/api/dyads", { depth: "country", limit: 40 })]);
    first.catch(() => {});
    const types = await api("/api/types", null, true);
    state.types = types.map((t) => t.code);
    types.forEach((t, i) => { state.typeLabel[t.code] = t.label; state.typeColor[t.code] = COLORS[i % COLORS.length]; });
    const select = $("f-type");
    for (const t of types) select.appendChild(el("option", { value: t.code }, t.code + " — " + t.label));
    $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); apply(); });
    $("filters").addEventListener("reset", () => { setTimeout(apply, 0); });
    $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(); });
    $("next").addEventListener("click", () => { state.offset += PAGE; loadEvents(); });
    $("doc-close").addEventListener("click", () => { $("doc").hidden = true; });
    $("doc-events").addEventListener("keydown", (ev) => { if (ev.key === "Enter" && ev.target.dataset.seq) selectEvent(Number(ev.target.dataset.seq)); });
    try {
      const [page, timeline, dyads] = await first;
      const n = drawEvents(page);
      drawTimeline(timeline);
      drawNetwork(dyads);
      status(n ? "" : "no events match the filter");
      document.body.dataset.ready = String(Math.round(performance.now()));
    } catch (err) {
      status("error: " + err.message);
    }
    // lists for the filter bar: not needed for the first view
    Promise.all([api("/api/outlets", null, true), api("/api/actors", { limit: 300 }, true)]).then(([outlets, actors]) => {
      const o = $("f-outlet");
      for (const x of outlets) o.appendChild(el("option", { value: x.outlet, dir: "auto" }, x.outlet + " (" + x.documents + ")"));
      const list = $("actor-codes");
      for (const a of actors) list.appendChild(el("option", { value: a.code }, a.code + " — " + a.name));
    }).catch(() => {});
  }

  document.addEventListener("DOMContentLoaded", () => { start().catch((err) => status("error: " + err.message)); });
})();
