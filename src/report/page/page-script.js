// The report page's script (kubewire report). It runs from disk, loads nothing, and builds every element from
// the data embedded in the page with textContent: no markup is ever made from the cassette's text. The list is
// virtual (only rows in view exist), so 10,000 exchanges scroll and filter without freezing.
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("kubewire-report-data").textContent);
  const EXCHANGES = DATA.exchanges;
  const MARKER = new RegExp(DATA.markerPattern, "g");
  const ROW_HEIGHT = 26;
  const OVERSCAN = 8;
  const CHILD_PAGE = 200;
  const TEXT_LIMIT = 2000000;
  const MAX_TICKS = 60;
  const VERB_ORDER = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

  // ---------------------------------------------------------------------------------------------------------
  // Small DOM helpers: every text goes through textContent (or a text node), never through markup.

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const key of Object.keys(attrs)) {
        const value = attrs[key];
        if (value === undefined || value === null || value === false) continue;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    if (children) for (const child of children) append(node, child);
    return node;
  }

  function append(parent, child) {
    if (child === undefined || child === null || child === false) return;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  /** Text with every redaction marker wrapped in a visible, labelled element. */
  function marked(text) {
    const frag = document.createDocumentFragment();
    MARKER.lastIndex = 0;
    let from = 0;
    let m;
    while ((m = MARKER.exec(text)) !== null) {
      if (m.index > from) frag.appendChild(document.createTextNode(text.slice(from, m.index)));
      frag.appendChild(
        el("mark", {
          class: "redacted",
          title:
            m[0] === "<masked>"
              ? "masked by kubectl: the log held no more"
              : "redacted by kubewire: the value's length in bytes and a short keyed digest (if any) stand for it",
          text: m[0],
        }),
      );
      from = m.index + m[0].length;
      if (m[0].length === 0) MARKER.lastIndex++;
    }
    if (from === 0) return document.createTextNode(text);
    if (from < text.length) frag.appendChild(document.createTextNode(text.slice(from)));
    return frag;
  }

  function formatMs(ms) {
    if (ms === 0) return "0 ms";
    if (ms < 1) return Math.round(ms * 1000) + " \u00b5s";
    if (ms < 1000) return Math.round(ms) + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + " s";
    const minutes = Math.floor(ms / 60000);
    return minutes + " min " + Math.round((ms - minutes * 60000) / 1000) + " s";
  }

  function formatBytes(bytes) {
    if (bytes < 1000) return bytes + " B";
    if (bytes < 1e6) return (bytes / 1e3).toFixed(1) + " kB";
    return (bytes / 1e6).toFixed(1) + " MB";
  }

  function statusLabel(e) {
    return e.status === undefined ? "no response" : String(e.status);
  }

  function statusClass(e) {
    return e.status === undefined ? "s-none" : "s-" + Math.floor(e.status / 100) + "xx";
  }

  function urlTarget(url) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url);
    return m ? m[1] || "/" : url;
  }

  function agentOf(e) {
    return e.agent >= 0 ? DATA.agents[e.agent] : "";
  }

  function endOf(e) {
    return e.at + Math.max(e.total === undefined ? e.duration : e.total, e.duration);
  }

  function countBy(key) {
    const counts = new Map();
    for (const e of EXCHANGES) {
      const k = key(e);
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    return counts;
  }

  // ---------------------------------------------------------------------------------------------------------
  // State: what the filters ask for, and the rows they leave.

  const verbCounts = countBy((e) => e.verb);
  const statusCounts = countBy(statusLabel);
  const resourceCounts = countBy((e) => (e.resource === undefined ? "" : e.resource));
  const namespaceCounts = countBy((e) => (e.namespace === undefined ? "" : e.namespace));
  const agentCounts = countBy(agentOf);

  const state = {
    verbs: new Set(verbCounts.keys()),
    statuses: new Set(statusCounts.keys()),
    resource: null,
    namespace: null,
    agent: null,
    text: "",
    inBodies: false,
    groupBy: "none",
    colorBy: "verb",
    collapsed: new Set(),
    items: [],
    shown: [],
    active: 0,
    openSeq: null,
    t0: 0,
    span: 1,
  };

  const bySeq = new Map();
  for (const e of EXCHANGES) bySeq.set(e.seq, e);

  const searchText = new Map();
  function searchable(e) {
    let s = searchText.get(e);
    if (s === undefined) {
      const parts = [e.seq, e.method, e.verb, e.url, statusLabel(e), e.statusText, e.kind, e.resource];
      parts.push(e.namespace, e.name, agentOf(e));
      for (const w of e.warnings || []) parts.push(w.text);
      if (e.failure) parts.push(e.failure.reason, e.failure.message);
      if (e.error) parts.push(e.error.name, e.error.message);
      s = parts
        .filter((p) => p !== undefined && p !== null && p !== "")
        .join(" ")
        .toLowerCase();
      searchText.set(e, s);
    }
    return s;
  }

  /** Headers as `[name, value]` lines, a repeated header once per value. */
  function headerPairs(headers) {
    const out = [];
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      for (const v of Array.isArray(value) ? value : [value]) out.push([name, v]);
    }
    return out;
  }

  /** A body's text (a watch's chunks joined; binary bodies have none to search). */
  function textOf(b) {
    if (b.text !== undefined) return b.text;
    if (b.chunks) return b.chunks.map((c) => c[1]).join("");
    return "";
  }

  const bodyText = new Map();
  function searchableBodies(e) {
    let s = bodyText.get(e);
    if (s === undefined) {
      const parts = [];
      for (const m of [e.request, e.response]) {
        if (!m) continue;
        for (const h of headerPairs(m.headers)) parts.push(h[0] + ": " + h[1]);
        if (m.body) parts.push(textOf(m.body));
      }
      s = parts.join("\n").toLowerCase();
      bodyText.set(e, s);
    }
    return s;
  }

  const markerHolders = new Map();
  /** Whether redaction reached the URL or a body (every request's credential header is not news). */
  function holdsMarkers(e) {
    let held = markerHolders.get(e);
    if (held === undefined) {
      held = false;
      if (e.redacted) {
        const texts = [e.url];
        for (const m of [e.request, e.response]) if (m && m.body) texts.push(textOf(m.body));
        held = texts.some((t) => t.includes("[redacted len=") || t.includes("%5Bredacted%20len%3D"));
      }
      markerHolders.set(e, held);
    }
    return held;
  }

  function matches(e) {
    if (!state.verbs.has(e.verb) || !state.statuses.has(statusLabel(e))) return false;
    if (state.resource !== null && (e.resource === undefined ? "" : e.resource) !== state.resource)
      return false;
    if (state.namespace !== null && (e.namespace === undefined ? "" : e.namespace) !== state.namespace)
      return false;
    if (state.agent !== null && agentOf(e) !== state.agent) return false;
    if (state.text) {
      const words = state.text.toLowerCase().split(/\s+/).filter(Boolean);
      for (const w of words)
        if (!searchable(e).includes(w) && !(state.inBodies && searchableBodies(e).includes(w))) return false;
    }
    return true;
  }

  const GROUPS = {
    verb: (e) => e.verb,
    status: statusLabel,
    resource: (e) => e.resource || "(non-resource URLs)",
    namespace: (e) => (e.namespace === undefined ? "(no namespace)" : e.namespace),
    agent: (e) => agentOf(e) || "(no User-Agent)",
  };

  function groupRank(groupBy, key) {
    if (groupBy === "verb") {
      const i = VERB_ORDER.indexOf(key);
      return i < 0 ? VERB_ORDER.length : i;
    }
    return 0;
  }

  function recompute() {
    const shown = EXCHANGES.filter(matches);
    state.shown = shown;
    let t0 = Infinity;
    let t1 = -Infinity;
    for (const e of shown) {
      t0 = Math.min(t0, e.at);
      t1 = Math.max(t1, endOf(e));
    }
    state.t0 = Number.isFinite(t0) ? t0 : 0;
    state.span = Number.isFinite(t1) && t1 > state.t0 ? t1 - state.t0 : 1;
    const items = [];
    if (state.groupBy === "none") {
      for (const e of shown) items.push({ e: e });
    } else {
      const key = GROUPS[state.groupBy];
      const groups = new Map();
      for (const e of shown) {
        const k = key(e);
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k).push(e);
      }
      const keys = [...groups.keys()].sort(
        (a, b) => groupRank(state.groupBy, a) - groupRank(state.groupBy, b) || (a < b ? -1 : a > b ? 1 : 0),
      );
      for (const k of keys) {
        const members = groups.get(k);
        const id = state.groupBy + ":" + k;
        items.push({ group: k, id: id, count: members.length });
        if (!state.collapsed.has(id)) for (const e of members) items.push({ e: e });
      }
    }
    state.items = items;
    state.active = Math.max(0, Math.min(state.active, items.length - 1));
    countOutput.textContent =
      shown.length === EXCHANGES.length
        ? EXCHANGES.length.toLocaleString("en") + " exchanges"
        : shown.length.toLocaleString("en") + " of " + EXCHANGES.length.toLocaleString("en") + " exchanges";
    spacer.style.height = items.length * ROW_HEIGHT + "px";
    viewport.setAttribute("aria-rowcount", String(items.length + 1));
    emptyNote.hidden = items.length > 0;
    renderAxis();
    renderRows();
  }

  // ---------------------------------------------------------------------------------------------------------
  // The toolbar: filters, grouping, colouring.

  const app = document.getElementById("app");

  function checkboxGroup(legend, counts, selected, order, cls) {
    const keys = [...counts.keys()].sort(order);
    const boxes = el("div", { class: "checks" });
    for (const k of keys) {
      const input = el("input", { type: "checkbox", value: k });
      input.checked = true;
      input.addEventListener("change", () => {
        if (input.checked) selected.add(k);
        else selected.delete(k);
        recompute();
      });
      boxes.appendChild(
        el("label", { class: "check" }, [
          input,
          el("span", { class: cls(k), text: k }),
          el("span", { class: "count", text: String(counts.get(k)) }),
        ]),
      );
    }
    return el("fieldset", { class: "filter" }, [el("legend", { text: legend }), boxes]);
  }

  function selectFilter(label, counts, emptyLabel, onChange) {
    // Named by aria-label too: a label wrapping a select would otherwise add the chosen option to the name.
    const select = el("select", { "aria-label": label }, [
      el("option", { value: "\u0000all", text: "all (" + counts.size + ")" }),
    ]);
    const keys = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || (a < b ? -1 : 1));
    for (const k of keys)
      select.appendChild(
        el("option", { value: k, text: (k === "" ? emptyLabel : k) + " (" + counts.get(k) + ")" }),
      );
    select.addEventListener("change", () => {
      onChange(select.value === "\u0000all" ? null : select.value);
      recompute();
    });
    return el("label", { class: "field" }, [el("span", { text: label }), select]);
  }

  const search = el("input", {
    type: "search",
    placeholder: "Search URL, kind, name, warning\u2026  ( / )",
    "aria-label": "Search exchanges",
    autocomplete: "off",
  });
  let searchTimer = 0;
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.text = search.value.trim();
      recompute();
    }, 120);
  });
  const inBodies = el("input", { type: "checkbox" });
  inBodies.addEventListener("change", () => {
    state.inBodies = inBodies.checked;
    if (state.text) recompute();
  });

  function choice(label, options, onChange) {
    const select = el(
      "select",
      { "aria-label": label },
      options.map((o) => el("option", { value: o[0], text: o[1] })),
    );
    select.addEventListener("change", () => onChange(select.value));
    return el("label", { class: "field" }, [el("span", { text: label }), select]);
  }

  const countOutput = el("output", { class: "shown", "aria-live": "polite" });

  const verbOrder = (a, b) => {
    const ia = VERB_ORDER.indexOf(a);
    const ib = VERB_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
  };
  const statusOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  const toolbar = el("form", { class: "toolbar", role: "search", "aria-label": "Filter the exchanges" }, [
    checkboxGroup("Verb", verbCounts, state.verbs, verbOrder, (k) => "verb v-" + k),
    checkboxGroup("Status", statusCounts, state.statuses, statusOrder, (k) =>
      k === "no response" ? "status s-none" : "status s-" + k[0] + "xx",
    ),
    el("div", { class: "selects" }, [
      selectFilter("Resource", resourceCounts, "(non-resource URLs)", (v) => (state.resource = v)),
      selectFilter("Namespace", namespaceCounts, "(none)", (v) => (state.namespace = v)),
      selectFilter("User-Agent", agentCounts, "(none)", (v) => (state.agent = v)),
    ]),
    el("div", { class: "searchbox" }, [
      search,
      el("label", { class: "check" }, [inBodies, el("span", { text: "headers and bodies too" })]),
    ]),
    el("div", { class: "selects" }, [
      choice(
        "Group by",
        [
          ["none", "nothing"],
          ["verb", "verb"],
          ["status", "status"],
          ["resource", "resource"],
          ["namespace", "namespace"],
          ["agent", "User-Agent"],
        ],
        (v) => {
          state.groupBy = v;
          state.collapsed.clear();
          recompute();
        },
      ),
      choice(
        "Colour by",
        [
          ["verb", "verb"],
          ["status", "status"],
        ],
        (v) => {
          state.colorBy = v;
          listPane.classList.toggle("by-status", v === "status");
        },
      ),
    ]),
    countOutput,
  ]);
  toolbar.addEventListener("submit", (ev) => ev.preventDefault());

  // ---------------------------------------------------------------------------------------------------------
  // The list: a header with the time axis, and a virtual grid of rows.

  const COLUMNS = [
    ["#", "num"],
    ["verb", ""],
    ["status", ""],
    ["resource \u00b7 namespace \u00b7 name", "where"],
    ["kind", "kind"],
    ["time", "num"],
    ["size", "num size"],
    ["\u26a0", "warn"],
  ];
  const axisTrack = el("div", { class: "track" });
  const axis = el("div", { class: "cell axis", role: "columnheader", "aria-label": "timeline" }, [axisTrack]);
  const header = el(
    "div",
    { class: "row head", role: "row", "aria-rowindex": "1" },
    COLUMNS.map((c) => el("div", { class: "cell " + c[1], role: "columnheader", text: c[0] })).concat([axis]),
  );
  const spacer = el("div", { class: "spacer" });
  const rowsLayer = el("div", { class: "rows", role: "rowgroup" });
  const emptyNote = el("p", { class: "empty", text: "No exchange matches the filters.", hidden: true });
  const viewport = el(
    "div",
    {
      class: "viewport",
      role: "grid",
      tabindex: "0",
      "aria-label": "Exchanges: arrow keys move, Enter opens, Escape closes",
      "aria-colcount": String(COLUMNS.length + 1),
    },
    [spacer, rowsLayer],
  );
  const listPane = el("section", { class: "list-pane", "aria-label": "Exchange list" }, [
    header,
    viewport,
    emptyNote,
  ]);
  const detail = el("section", { class: "detail", id: "detail", tabindex: "-1", hidden: true });
  const panes = el("div", { class: "panes" }, [listPane, detail]);
  app.appendChild(toolbar);
  app.appendChild(panes);

  function niceStep(span) {
    const raw = span / 5;
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (raw <= m * pow) return m * pow;
    return 10 * pow;
  }

  function renderAxis() {
    axisTrack.textContent = "";
    const step = niceStep(state.span);
    const first = Math.ceil(state.t0 / step) * step;
    for (let t = first; t <= state.t0 + state.span + 1e-9; t += step) {
      const tick = el("span", { class: "tick", text: formatMs(t) });
      tick.style.left = ((t - state.t0) / state.span) * 100 + "%";
      axisTrack.appendChild(tick);
    }
  }

  function pct(t) {
    return ((t - state.t0) / state.span) * 100;
  }

  function bar(e) {
    const wrap = el("div", { class: "cell waterfall", role: "gridcell" });
    const total = Math.max(e.total === undefined ? e.duration : e.total, e.duration);
    const b = el("div", {
      class: "bar verb-" + e.verb + " " + statusClass(e) + (e.verb === "watch" ? " watch" : ""),
      title:
        "started +" +
        formatMs(e.at) +
        ", headers after " +
        formatMs(e.duration) +
        (e.total !== undefined ? ", ended after " + formatMs(total) : "") +
        (e.events ? ", " + e.events.length + " events" : ""),
    });
    b.style.left = pct(e.at) + "%";
    b.style.width = Math.max((total / state.span) * 100, 0) + "%";
    if (total > e.duration) {
      const wait = el("div", { class: "wait" });
      wait.style.width = (e.duration / total) * 100 + "%";
      b.appendChild(wait);
    } else b.classList.add("headers-only");
    if (e.events && e.events.length) {
      let last = -Infinity;
      let n = 0;
      const minGap = total / MAX_TICKS;
      for (const t of e.events) {
        if (t - last < minGap && n > 0) continue;
        last = t;
        n++;
        const tick = el("span", { class: "event" });
        tick.style.left = (total > 0 ? (t / total) * 100 : 0) + "%";
        b.appendChild(tick);
      }
    }
    const track = el("div", { class: "track" }, [b]);
    wrap.appendChild(track);
    return wrap;
  }

  function rowFor(item, index) {
    if (item.group !== undefined) {
      const collapsed = state.collapsed.has(item.id);
      const row = el(
        "div",
        {
          class: "row group",
          role: "row",
          id: "item-" + index,
          "aria-rowindex": String(index + 2),
          "aria-expanded": String(!collapsed),
        },
        [
          el("div", { class: "cell", role: "gridcell" }, [
            el("span", { class: "caret", text: collapsed ? "\u25b8" : "\u25be" }),
            el("span", {
              class: state.groupBy === "verb" ? "verb v-" + item.group : "",
              text: item.group,
            }),
            el("span", { class: "count", text: String(item.count) }),
          ]),
        ],
      );
      row.addEventListener("click", () => {
        state.active = index;
        toggleGroup(item);
      });
      return row;
    }
    const e = item.e;
    const where = [];
    if (e.resource !== undefined) where.push(e.resource);
    else where.push(urlTarget(e.url).split("?")[0]);
    if (e.namespace !== undefined) where.push(e.namespace);
    if (e.name !== undefined) where.push(e.name);
    const row = el(
      "div",
      {
        class:
          "row" + (e.seq === state.openSeq ? " open" : "") + (e.error || e.status >= 400 ? " failed" : ""),
        role: "row",
        id: "item-" + index,
        "aria-rowindex": String(index + 2),
        "aria-selected": String(e.seq === state.openSeq),
        "data-seq": String(e.seq),
      },
      [
        el("div", { class: "cell num", role: "gridcell", text: String(e.seq) }),
        el("div", { class: "cell", role: "gridcell" }, [
          el("span", { class: "verb v-" + e.verb, text: e.verb }),
          e.dryRun
            ? el("span", { class: "tag", title: "server-side dry run (dryRun=All)", text: "dry" })
            : null,
        ]),
        el("div", { class: "cell", role: "gridcell" }, [
          el("span", { class: "status " + statusClass(e), text: statusLabel(e) }),
        ]),
        el("div", { class: "cell where", role: "gridcell", title: e.method + " " + urlTarget(e.url) }, [
          marked(where.join(" \u00b7 ")),
        ]),
        el("div", { class: "cell kind", role: "gridcell", text: e.kind || "" }),
        el("div", {
          class: "cell num",
          role: "gridcell",
          text: formatMs(e.total === undefined ? e.duration : e.total),
        }),
        el("div", { class: "cell num size", role: "gridcell", text: formatBytes(e.size) }),
        el("div", { class: "cell warn", role: "gridcell" }, [
          e.warnings
            ? el("span", {
                class: "warn-count",
                title: e.warnings.length + " warnings",
                text: String(e.warnings.length),
              })
            : null,
          holdsMarkers(e)
            ? el("span", { class: "lock", title: "secret values redacted in this exchange", text: "\u2298" })
            : null,
        ]),
        bar(e),
      ],
    );
    row.addEventListener("click", () => {
      state.active = index;
      openExchange(e.seq, false);
    });
    return row;
  }

  let frame = 0;
  function scheduleRender() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      renderRows();
    });
  }

  function renderRows() {
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(state.items.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    rowsLayer.textContent = "";
    rowsLayer.style.transform = "translateY(" + first * ROW_HEIGHT + "px)";
    for (let i = first; i < last; i++) {
      const row = rowFor(state.items[i], i);
      if (i === state.active) row.classList.add("active");
      rowsLayer.appendChild(row);
    }
    if (state.items.length && state.active >= first && state.active < last)
      viewport.setAttribute("aria-activedescendant", "item-" + state.active);
    else viewport.removeAttribute("aria-activedescendant");
  }

  viewport.addEventListener("scroll", scheduleRender);
  window.addEventListener("resize", scheduleRender);

  function scrollToActive() {
    const top = state.active * ROW_HEIGHT;
    const height = viewport.clientHeight || 600;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > viewport.scrollTop + height) viewport.scrollTop = top + ROW_HEIGHT - height;
    renderRows();
  }

  function toggleGroup(item) {
    if (state.collapsed.has(item.id)) state.collapsed.delete(item.id);
    else state.collapsed.add(item.id);
    recompute();
  }

  viewport.addEventListener("keydown", (ev) => {
    const n = state.items.length;
    if (!n) return;
    const page = Math.max(1, Math.floor((viewport.clientHeight || 600) / ROW_HEIGHT) - 1);
    let next = state.active;
    switch (ev.key) {
      case "ArrowDown":
        next++;
        break;
      case "ArrowUp":
        next--;
        break;
      case "PageDown":
        next += page;
        break;
      case "PageUp":
        next -= page;
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = n - 1;
        break;
      case "Enter":
      case " ": {
        ev.preventDefault();
        const item = state.items[state.active];
        if (item.group !== undefined) toggleGroup(item);
        else openExchange(item.e.seq, false);
        return;
      }
      case "Escape":
        if (state.openSeq !== null) {
          ev.preventDefault();
          closeExchange();
        }
        return;
      default:
        return;
    }
    ev.preventDefault();
    state.active = Math.max(0, Math.min(n - 1, next));
    scrollToActive();
    // With an exchange open, the panel follows the selection, as a browser's network panel does.
    const item = state.items[state.active];
    if (state.openSeq !== null && item.e) openExchange(item.e.seq, false);
  });

  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    const typing = t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
    if (ev.key === "/" && !typing) {
      ev.preventDefault();
      search.focus();
    } else if (ev.key === "Escape" && state.openSeq !== null && detail.contains(t)) {
      closeExchange();
      viewport.focus();
    }
  });

  // ---------------------------------------------------------------------------------------------------------
  // JSON: a foldable tree (children made when first opened) and the exact text.

  /** Parses keeping the exact text of numbers JavaScript would round (Chromium passes the source to revivers). */
  function parseExact(text) {
    // Only a number of 16 digits or more can lose digits; without one, the plain (much quicker) parse is exact.
    if (!/\d{16}/.test(text)) return JSON.parse(text);
    return JSON.parse(text, function (key, value, context) {
      if (typeof value === "number" && context && typeof context.source === "string") {
        const src = context.source;
        if (String(value) !== src && /^-?\d+$/.test(src)) return { __exactNumber: src };
      }
      return value;
    });
  }

  function isExactNumber(v) {
    return v !== null && typeof v === "object" && typeof v.__exactNumber === "string";
  }

  function scalar(value) {
    if (isExactNumber(value)) return el("span", { class: "j-num", text: value.__exactNumber });
    if (typeof value === "string") {
      const s = el("span", { class: "j-str" });
      s.appendChild(marked(JSON.stringify(value)));
      return s;
    }
    if (typeof value === "number") return el("span", { class: "j-num", text: String(value) });
    if (typeof value === "boolean") return el("span", { class: "j-bool", text: String(value) });
    return el("span", { class: "j-null", text: "null" });
  }

  function keyLabel(key) {
    if (key === undefined) return null;
    if (typeof key === "number") return el("span", { class: "j-idx", text: key + ": " });
    const k = el("span", { class: "j-key" });
    k.appendChild(marked(JSON.stringify(key)));
    k.appendChild(document.createTextNode(": "));
    return k;
  }

  function isContainer(v) {
    return v !== null && typeof v === "object" && !isExactNumber(v);
  }

  function summaryOf(value) {
    if (Array.isArray(value)) return "[ " + value.length + (value.length === 1 ? " item ]" : " items ]");
    const keys = Object.keys(value);
    const hint = typeof value.kind === "string" ? value.kind + " " : "";
    const meta = value.metadata;
    const name = meta && typeof meta === "object" && typeof meta.name === "string" ? meta.name + " " : "";
    return "{ " + hint + name + keys.length + (keys.length === 1 ? " key }" : " keys }");
  }

  function jsonNode(key, value, depth, last) {
    if (!isContainer(value)) {
      return el("div", { class: "j-line" }, [keyLabel(key), scalar(value), last ? null : ","]);
    }
    const entries = Array.isArray(value) ? value : Object.keys(value);
    const size = entries.length;
    if (size === 0)
      return el("div", { class: "j-line" }, [
        keyLabel(key),
        Array.isArray(value) ? "[]" : "{}",
        last ? null : ",",
      ]);
    const node = el("details", { class: "j-node" });
    const summary = el("summary", {}, [
      keyLabel(key),
      el("span", { class: "j-open", text: Array.isArray(value) ? "[" : "{" }),
      el("span", { class: "j-summary", text: summaryOf(value) }),
    ]);
    node.appendChild(summary);
    let built = false;
    const build = () => {
      if (built) return;
      built = true;
      const body = el("div", { class: "j-children" });
      let shownCount = 0;
      const more = () => {
        const until = Math.min(size, shownCount + CHILD_PAGE);
        for (let i = shownCount; i < until; i++) {
          if (Array.isArray(value)) body.appendChild(jsonNode(i, value[i], depth + 1, i === size - 1));
          else body.appendChild(jsonNode(entries[i], value[entries[i]], depth + 1, i === size - 1));
        }
        shownCount = until;
        if (shownCount < size) {
          const button = el("button", {
            type: "button",
            class: "more",
            text: "show " + Math.min(CHILD_PAGE, size - shownCount) + " more of " + (size - shownCount),
          });
          button.addEventListener("click", () => {
            button.remove();
            more();
          });
          body.appendChild(button);
        }
      };
      more();
      node.appendChild(body);
      node.appendChild(
        el("div", { class: "j-close", text: (Array.isArray(value) ? "]" : "}") + (last ? "" : ",") }),
      );
    };
    node.addEventListener("toggle", () => {
      if (node.open) build();
    });
    // Open the first levels of small documents; a large list opens to its items, each folded.
    if (depth < 2 || (depth < 4 && size <= 12)) {
      node.open = true;
      build();
    }
    return node;
  }

  /** Go's json.Indent with four spaces: what `kubectl get -o json` prints for the compact view. */
  function goIndent(compact) {
    let out = "";
    let depth = 0;
    let inString = false;
    const pad = (n) => "\n" + "    ".repeat(n);
    for (let i = 0; i < compact.length; i++) {
      const c = compact[i];
      if (inString) {
        out += c;
        if (c === "\\") out += compact[++i];
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') {
        inString = true;
        out += c;
      } else if (c === "{" || c === "[") {
        const close = c === "{" ? "}" : "]";
        if (compact[i + 1] === close) {
          out += c + close;
          i++;
        } else {
          depth++;
          out += c + pad(depth);
        }
      } else if (c === "}" || c === "]") {
        depth--;
        out += pad(depth) + c;
      } else if (c === ",") out += "," + pad(depth);
      else if (c === ":") out += ": ";
      else out += c;
    }
    return out + "\n";
  }

  function textBlock(text, cls) {
    const pre = el("pre", { class: "text" + (cls ? " " + cls : ""), tabindex: "0" });
    if (text.length > TEXT_LIMIT) {
      pre.appendChild(marked(text.slice(0, TEXT_LIMIT)));
      pre.appendChild(
        el("span", {
          class: "note",
          text: "\n\u2026 " + (text.length - TEXT_LIMIT).toLocaleString("en") + " more characters",
        }),
      );
    } else pre.appendChild(marked(text));
    return pre;
  }

  /** A JSON document (its exact text) as a tree, with a switch to its text (or to `exactText` when given). */
  function jsonViewer(text, label, exactText) {
    const wrap = el("div", { class: "json-viewer" });
    let value;
    try {
      value = parseExact(text);
    } catch {
      wrap.appendChild(el("p", { class: "note", text: "Not complete JSON, shown as text." }));
      wrap.appendChild(textBlock(text));
      return wrap;
    }
    const tree = el("div", { class: "json-tree", role: "tree", "aria-label": label });
    tree.appendChild(jsonNode(undefined, value, 0, true));
    let raw = null;
    const toggle = el("button", { type: "button", class: "small", "aria-pressed": "false", text: "as text" });
    toggle.addEventListener("click", () => {
      const showText = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(showText));
      if (showText && !raw) {
        raw = textBlock(exactText === undefined ? text : exactText);
        wrap.appendChild(raw);
      }
      tree.hidden = showText;
      if (raw) raw.hidden = !showText;
    });
    const openAll = el("button", { type: "button", class: "small", text: "unfold all" });
    openAll.addEventListener("click", () => {
      // Level by level, so lazily made children open too; bounded so a huge document cannot freeze the page.
      for (let round = 0; round < 12; round++) {
        const closed = tree.querySelectorAll("details:not([open])");
        if (!closed.length || closed.length > 5000) break;
        for (const d of closed) d.open = true;
      }
    });
    const closeAll = el("button", { type: "button", class: "small", text: "fold all" });
    closeAll.addEventListener("click", () => {
      for (const d of tree.querySelectorAll("details[open]")) d.open = false;
    });
    wrap.appendChild(el("div", { class: "viewer-tools" }, [toggle, openAll, closeAll]));
    wrap.appendChild(tree);
    return wrap;
  }

  function bodyView(body, label) {
    const facts = formatBytes(body.bytes) + (body.truncated ? ", known only in part (truncated)" : "");
    const wrap = el("div", { class: "body" }, [
      el("p", { class: "body-facts", text: body.kind + " \u00b7 " + facts }),
    ]);
    if (body.kind === "json") wrap.appendChild(jsonViewer(body.text, label));
    else if (body.kind === "text") wrap.appendChild(textBlock(body.text));
    else if (body.kind === "binary") {
      wrap.appendChild(el("p", { class: "note", text: "Binary (protobuf, CBOR\u2026): base64 below." }));
      wrap.appendChild(textBlock(body.base64));
    } else if (body.kind === "stream") wrap.appendChild(streamView(body));
    return wrap;
  }

  /** A watch: one row per event, its time, type and object; the raw chunks on demand. */
  function streamView(body) {
    const wrap = el("div", { class: "stream" });
    const rows = [];
    let pending = "";
    for (const chunk of body.chunks) {
      const text = pending + chunk[1];
      const lines = text.split("\n");
      pending = lines.pop();
      for (const line of lines) if (line.trim()) rows.push([chunk[0], line]);
    }
    if (pending.trim()) rows.push([body.chunks.length ? body.chunks[body.chunks.length - 1][0] : 0, pending]);
    const table = el("table", { class: "events" }, [
      el("thead", {}, [
        el(
          "tr",
          {},
          ["after headers", "type", "kind", "namespace/name", "resourceVersion"].map((c) =>
            el("th", { scope: "col", text: c }),
          ),
        ),
      ]),
    ]);
    const tbody = el("tbody");
    const limit = Math.min(rows.length, 2000);
    for (let i = 0; i < limit; i++) {
      const [at, line] = rows[i];
      let ev = null;
      try {
        ev = JSON.parse(line);
      } catch {
        ev = null;
      }
      const obj = ev && ev.object && typeof ev.object === "object" ? ev.object : {};
      const meta = obj.metadata && typeof obj.metadata === "object" ? obj.metadata : {};
      const tr = el("tr", {}, [
        el("td", { class: "num", text: "+" + formatMs(at) }),
        el("td", { text: ev && typeof ev.type === "string" ? ev.type : "(not JSON)" }),
        el("td", { text: typeof obj.kind === "string" ? obj.kind : "" }),
        el("td", {}, [marked([meta.namespace, meta.name].filter(Boolean).join("/"))]),
        el("td", { text: typeof meta.resourceVersion === "string" ? meta.resourceVersion : "" }),
      ]);
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    wrap.appendChild(
      el("p", { class: "body-facts", text: rows.length + " events in " + body.chunks.length + " chunks" }),
    );
    wrap.appendChild(table);
    if (rows.length > limit)
      wrap.appendChild(el("p", { class: "note", text: "The first " + limit + " events are listed." }));
    const raw = el("details", { class: "raw-chunks" }, [el("summary", { text: "the stream as received" })]);
    raw.addEventListener(
      "toggle",
      () => {
        if (raw.open && raw.childNodes.length === 1)
          raw.appendChild(textBlock(body.chunks.map((c) => c[1]).join("")));
      },
      { once: false },
    );
    wrap.appendChild(raw);
    return wrap;
  }

  function headersTable(headers, caption) {
    return el("table", { class: "headers" }, [
      el("caption", { class: "visually-hidden", text: caption }),
      el(
        "tbody",
        {},
        headers.map((h) =>
          el("tr", {}, [el("th", { scope: "row", text: h[0] }), el("td", {}, [marked(h[1])])]),
        ),
      ),
    ]);
  }

  function section(title, content, open, cls) {
    const d = el("details", { class: "section" + (cls ? " " + cls : "") }, [
      el("summary", {}, [el("h3", { text: title })]),
    ]);
    d.open = open !== false;
    for (const c of content) append(d, c);
    return d;
  }

  function diffTable(differences) {
    return el("table", { class: "diff-table" }, [
      el("caption", {
        text: "Path by path: what the API server sent, what kubectl prints, and why they differ",
      }),
      el("thead", {}, [
        el(
          "tr",
          {},
          ["path", "change", "as sent by the API server", "as printed by kubectl", "why"].map((c) =>
            el("th", { scope: "col", text: c }),
          ),
        ),
      ]),
      el(
        "tbody",
        {},
        differences.map((d) =>
          el("tr", { class: d.transformation ? "" : "unexplained" }, [
            el("td", {}, [el("code", { text: d.path })]),
            el("td", { text: d.change + (d.count !== undefined ? " (" + d.count + " items)" : "") }),
            el("td", {}, [marked(d.server)]),
            el("td", {}, [marked(d.kubectl)]),
            el("td", { text: d.explanation }),
          ]),
        ),
      ),
    ]);
  }

  function kubectlSection(e) {
    const k = e.kubectl;
    if (k.error) return section("kubectl's view", [el("p", { class: "note", text: k.error })]);
    const content = [
      el("p", {
        class: "note",
        text:
          "What `kubectl get -o json` prints for this response (kubectl 1.27\u20131.33), beside what the server sent, " +
          "and every difference with the kubectl behaviour that explains it.",
      }),
      k.differences.length ? diffTable(k.differences) : el("p", { text: "No difference." }),
      el("div", { class: "side-by-side" }, [
        el("div", {}, [
          el("h4", { text: "as sent by the API server" }),
          jsonViewer(e.response.body.text, "Server JSON"),
        ]),
        el("div", {}, [
          el("h4", { text: "as printed by kubectl (-o json)" }),
          jsonViewer(k.json, "kubectl's view", goIndent(k.json)),
        ]),
      ]),
    ];
    return section("kubectl's view", content, true, "kubectl");
  }

  // What a reader looks for first: admission's own changes, then defaults, then what the server always sets.
  const GROUP_ORDER = ["admission", "defaulted", "dropped", "unknown", "existing", "server-populated"];

  function sortedChanges(changes) {
    const rank = (c) => {
      const i = GROUP_ORDER.indexOf(c.group);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return changes
      .map((c, i) => [c, i])
      .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
      .map((x) => x[0]);
  }

  function admissionSection(e) {
    const a = e.admission;
    const facts = [a.operation + (a.dryRun ? " (server-side dry run: nothing stored)" : "")];
    if (a.fieldManager) facts.push("field manager " + a.fieldManager);
    facts.push(
      a.evidence === "managedFields"
        ? "defaulting told from admission by managedFields"
        : a.evidence === "known-fields"
          ? "no managedFields: known fields only"
          : "no evidence",
    );
    const content = [el("p", { class: "facts", text: facts.join(" \u00b7 ") })];
    if (a.rejected)
      content.push(
        el("p", {
          class: "rejected",
          text:
            "Rejected" +
            (a.rejected.status ? " (" + a.rejected.status + ")" : "") +
            (a.rejected.reason ? ": " + a.rejected.reason : "") +
            (a.rejected.message ? ": " + a.rejected.message : ""),
        }),
      );
    if (a.incomplete) content.push(el("p", { class: "note", text: "Incomplete: " + a.incomplete }));
    if (a.changes.length)
      content.push(
        el("table", { class: "admission-table" }, [
          el("caption", {
            text: "What changed between the object sent and the object returned, and who changed it",
          }),
          el("thead", {}, [
            el(
              "tr",
              {},
              ["who", "path", "change", "sent", "returned", "why"].map((c) =>
                el("th", { scope: "col", text: c }),
              ),
            ),
          ]),
          el(
            "tbody",
            {},
            sortedChanges(a.changes).map((c) =>
              el("tr", { class: "g-" + c.group }, [
                el("td", {}, [el("span", { class: "group", text: c.group })]),
                el("td", {}, [el("code", { text: c.path })]),
                el("td", { text: c.change }),
                el("td", {}, [marked(c.sent)]),
                el("td", {}, [marked(c.returned)]),
                el("td", { text: c.reason + (c.source ? " (" + c.source + ")" : "") }),
              ]),
            ),
          ),
        ]),
      );
    else if (!a.rejected && !a.incomplete)
      content.push(el("p", { text: "The server returned what was sent." }));
    return section("What the server changed (admission diff)", content, true, "admission");
  }

  function warningsSection(e) {
    return section(
      "Warnings",
      [
        el(
          "ul",
          { class: "warnings" },
          e.warnings.map((w) =>
            el("li", {}, [el("code", { text: w.code + " " + w.agent }), " ", marked(w.text)]),
          ),
        ),
      ],
      true,
      "warnings-section",
    );
  }

  function curlSection(e) {
    const pre = textBlock(e.curl, "curl");
    const copy = el("button", { type: "button", class: "small", text: "copy" });
    copy.addEventListener("click", () => {
      const done = () => (copy.textContent = "copied");
      const fallback = () => {
        const range = document.createRange();
        range.selectNodeContents(pre);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        copy.textContent = "selected: press Ctrl+C";
      };
      if (navigator.clipboard && window.isSecureContext)
        navigator.clipboard.writeText(e.curl).then(done, fallback);
      else fallback();
    });
    return section(
      "curl",
      [
        el("p", {
          class: "note",
          text: "Replays the request, body included. A bearer token kubewire does not hold stands as $KUBE_TOKEN.",
        }),
        el("div", { class: "viewer-tools" }, [copy]),
        pre,
      ],
      false,
    );
  }

  function messageSection(title, m, label) {
    const content = [headersTable(headerPairs(m.headers), title + " headers")];
    if (m.body) content.push(bodyView(m.body, label));
    else content.push(el("p", { class: "note", text: "No body." }));
    return section(title, content, true);
  }

  function renderDetail(e) {
    detail.textContent = "";
    const close = el("button", {
      type: "button",
      class: "close",
      "aria-label": "Close exchange",
      text: "\u00d7",
    });
    close.addEventListener("click", () => {
      closeExchange();
      viewport.focus();
    });
    const heading = el("h2", { id: "detail-title" }, [
      el("span", { class: "num", text: "#" + e.seq + " " }),
      el("span", { class: "verb v-" + e.verb, text: e.verb }),
      " ",
      el("span", {
        class: "status " + statusClass(e),
        text: statusLabel(e) + (e.statusText ? " " + e.statusText : ""),
      }),
    ]);
    detail.setAttribute("aria-labelledby", "detail-title");
    detail.appendChild(el("div", { class: "detail-head" }, [heading, close]));
    const url = el("p", { class: "url" }, [el("code", {}, [e.method + " ", marked(e.url)])]);
    detail.appendChild(url);
    const facts = [
      ["started", "+" + formatMs(e.at)],
      ["headers after", formatMs(e.duration)],
    ];
    if (e.total !== undefined)
      facts.push([e.verb === "watch" ? "stream ended after" : "body ended after", formatMs(e.total)]);
    facts.push(["response size", formatBytes(e.size)]);
    if (e.kind) facts.push(["kind", e.kind]);
    if (e.events) facts.push(["events", String(e.events.length)]);
    if (e.agent >= 0) facts.push(["User-Agent", agentOf(e)]);
    const dl = el("dl", { class: "facts" });
    for (const f of facts) {
      dl.appendChild(el("dt", { text: f[0] }));
      dl.appendChild(el("dd", { text: f[1] }));
    }
    detail.appendChild(dl);
    const notes = el("div", { class: "notes" });
    if (e.redacted)
      notes.appendChild(
        el("p", { class: "redaction-note" }, [
          "Redacted: values marked ",
          el("mark", { class: "redacted", text: "like this" }),
          " stood for secrets, tokens or credentials.",
        ]),
      );
    if (e.truncated)
      notes.appendChild(el("p", { class: "note", text: "A body of this exchange is known only in part." }));
    if (e.dryRun) notes.appendChild(el("p", { class: "note", text: "Server-side dry run (dryRun=All)." }));
    if (e.error)
      notes.appendChild(
        el("p", { class: "rejected", text: "No response: " + e.error.name + ": " + e.error.message }),
      );
    if (e.failure)
      notes.appendChild(
        el("p", {
          class: "rejected",
          text: "Failed: " + [e.failure.reason, e.failure.message].filter(Boolean).join(": "),
        }),
      );
    detail.appendChild(notes);
    if (e.warnings) detail.appendChild(warningsSection(e));
    if (e.admission) detail.appendChild(admissionSection(e));
    if (e.kubectl) detail.appendChild(kubectlSection(e));
    detail.appendChild(messageSection("Request", e.request, "Request body"));
    if (e.response) detail.appendChild(messageSection("Response", e.response, "Response body"));
    detail.appendChild(curlSection(e));
  }

  function openExchange(seq, fromHash) {
    const e = bySeq.get(seq);
    if (!e) return;
    state.openSeq = seq;
    renderDetail(e);
    detail.hidden = false;
    panes.classList.add("with-detail");
    const index = state.items.findIndex((item) => item.e === e);
    if (index >= 0) {
      state.active = index;
      scrollToActive();
    } else renderRows();
    if (!fromHash) history.replaceState(null, "", "#x-" + seq);
    detail.scrollTop = 0;
  }

  function closeExchange() {
    state.openSeq = null;
    detail.hidden = true;
    detail.textContent = "";
    panes.classList.remove("with-detail");
    history.replaceState(null, "", location.pathname + location.search);
    renderRows();
  }

  function fromHash() {
    const m = /^#x-(\d+)$/.exec(location.hash);
    if (!m) return;
    const seq = Number(m[1]);
    if (!bySeq.has(seq)) return;
    openExchange(seq, true);
    panes.scrollIntoView({ block: "start" });
  }

  window.addEventListener("hashchange", fromHash);
  document.documentElement.classList.add("js");
  recompute();
  fromHash();
})();
