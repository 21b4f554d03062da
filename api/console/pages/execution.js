// One execution: its graph coloured by what happened (live while it runs), every visit of a state
// with input, output, variables, error, retries and timings, Map iterations by index and map
// runs, the event table (virtualised, with filters), input and output, links to the parent and
// child executions, and the actions Stop and Redrive.

import {h, replace, fmtTime, fmtDuration, toDate, statusBadge, route, toast, dialog, jsonBlock, prettyJson,
        debounce} from "../lib/dom.js";
import {sfn} from "../lib/api.js";
import {onChange} from "../lib/live.js";
import {buildModel} from "../lib/graph_model.js";
import {layoutModel} from "../lib/graph_layout.js";
import {GraphView} from "../lib/graph_view.js";
import {HistoryModel, detailsOf, mergeStatuses} from "../lib/history_model.js";
import {VirtualList} from "../lib/virtual_list.js";

const PAGE_SIZE = 1000;
const VISITS_SHOWN = 25;

function machineArnOf(desc) {
  const arn = desc.stateMachineVersionArn || desc.stateMachineArn;
  return arn.replace(/:\d+$/, "");
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function eventSummary(e) {
  const d = detailsOf(e);
  if (!d) return "";
  if (d.error !== undefined || d.cause !== undefined) return [d.error, d.cause].filter(Boolean).join(": ");
  if (d.name !== undefined && d.index !== undefined) return `${d.name} #${d.index}`;
  if (d.name !== undefined) return d.name;
  if (d.resource) return `${d.resourceType || ""} ${d.resource}`;
  if (d.length !== undefined) return `${d.length} items`;
  return "";
}

function collapsible(title, text, open) {
  if (text === undefined || text === null) return null;
  return h("details", {class: "payload", open: open || null}, h("summary", {}, title), jsonBlock(text));
}

export async function render(main, arn, params, ctx) {
  const t0 = performance.now();
  const historyPage = (token, reverse) => sfn("GetExecutionHistory", {
    executionArn: arn, maxResults: PAGE_SIZE, ...(reverse ? {reverseOrder: true} : {}), ...(token ? {nextToken: token} : {})});
  // The history's two ends are asked for at once (oldest page, newest page): the server reads them
  // while the graph is laid out.
  const firstPage = historyPage(null);
  const lastPage = historyPage(null, true);
  firstPage.catch(() => {});
  lastPage.catch(() => {});
  const [desc, machineDesc] = await Promise.all([
    sfn("DescribeExecution", {executionArn: arn}),
    sfn("DescribeStateMachineForExecution", {executionArn: arn}),
  ]);
  if (ctx.stale()) return null;
  let definition;
  try {
    definition = JSON.parse(machineDesc.definition);
  } catch {
    definition = {States: {}};
  }
  const graphModel = buildModel(definition);
  const failInfo = (name) => {
    const nodes = graphModel.byName.get(name);
    return nodes ? {error: nodes[0].def.Error, cause: nodes[0].def.Cause} : null;
  };
  const model = new HistoryModel(failInfo);
  let execution = desc;
  let selected = params.get("state") || null;
  let iteration = null;  // {map: visit index, index, state: map state name}
  let disposed = false;

  // Header --------------------------------------------------------------------------------------
  const head = h("div", {class: "page-head"});
  const facts = h("dl", {class: "facts"});
  const related = h("div", {class: "related"});
  const drawHead = () => {
    const e = execution;
    const actions = [];
    if (e.status === "RUNNING") {
      actions.push(h("button", {type: "button", class: "danger", "data-action": "stop", onclick: stop}, "Stop"));
    } else if (e.status !== "SUCCEEDED") {
      actions.push(h("button", {type: "button", "data-action": "redrive", onclick: redrive}, "Redrive"));
    }
    replace(head, h("h1", {id: "execution-name"}, e.name), h("span", {id: "execution-status"}, statusBadge(e.status)),
            h("div", {class: "actions"}, actions));
    const start = toDate(e.startDate), stop_ = toDate(e.stopDate);
    const machineArn = machineArnOf(e);
    replace(facts,
      h("dt", {}, "ARN"), h("dd", {class: "mono"}, e.executionArn),
      h("dt", {}, "State machine"), h("dd", {}, h("a", {href: route("machine", machineArn)}, machineArn.split(":").pop())),
      e.stateMachineVersionArn ? [h("dt", {}, "Version"), h("dd", {id: "execution-version"}, `v${e.stateMachineVersionArn.split(":").pop()}`)] : null,
      e.stateMachineAliasArn ? [h("dt", {}, "Alias"), h("dd", {id: "execution-alias"}, e.stateMachineAliasArn.split(":").pop())] : null,
      h("dt", {}, "Started"), h("dd", {}, fmtTime(e.startDate)),
      h("dt", {}, "Stopped"), h("dd", {}, fmtTime(e.stopDate)),
      h("dt", {}, "Duration"), h("dd", {}, stop_ ? fmtDuration(stop_ - start) : "running"),
      e.redriveCount ? [h("dt", {}, "Redrives"), h("dd", {}, String(e.redriveCount))] : null);
  };
  const stop = async () => {
    const v = await dialog("Stop execution", [
      {name: "error", label: "Error (optional)"}, {name: "cause", label: "Cause (optional)"}], "Stop");
    if (!v) return;
    try {
      const body = {executionArn: arn};
      if (v.error) body.error = v.error;
      if (v.cause) body.cause = v.cause;
      await sfn("StopExecution", body);
      toast("Stopped");
      sync();
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  };
  const redrive = async () => {
    try {
      await sfn("RedriveExecution", {executionArn: arn});
      toast("Redriven");
      sync();
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  };
  const drawRelated = () => {
    const links = [];
    const input = parseJson(execution.input || "");
    const parent = input && input.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID;
    if (typeof parent === "string" && parent.startsWith("arn:")) {
      links.push(h("span", {}, "Started by ", h("a", {href: route("execution", parent), id: "parent-execution"}, parent.split(":").slice(-2).join(":"))));
    }
    const children = new Set();
    for (const e of model.events) {
      const d = detailsOf(e);
      if (!d || d.resourceType !== "states" || !/^Task(Succeeded|Submitted)$/.test(e.type)) continue;
      const out = parseJson(d.output || "");
      if (out && typeof out.ExecutionArn === "string") children.add(out.ExecutionArn);
    }
    if (children.size) {
      links.push(h("span", {}, "Started ", [...children].map((c) => h("a", {href: route("execution", c), class: "child-execution"}, c.split(":").slice(-2).join(":")))));
    }
    replace(related, ...links);
  };

  // Graph and state details ---------------------------------------------------------------------
  const detailHost = h("aside", {class: "state-detail", id: "state-detail"});
  const tl = performance.now();
  const laidOut = layoutModel(graphModel, machineDesc.definition);
  performance.measure("sfn:layout", {start: tl, end: performance.now()});
  const view = new GraphView(laidOut, {onSelect: (name) => select(name)});
  const select = (name) => {
    selected = name;
    view.select(name);
    drawDetail();
  };

  const mapVisitsOf = (name) => model.visitsOf(name).filter((v) => v.type === "Map");

  // A distributed Map's run (DescribeMapRun): its iterations are not in this history.
  const mapRuns = new Map();
  function mapRunView(mapRunArn) {
    const host = h("div", {class: "map-run"}, h("p", {class: "mono small", id: "map-run"}, mapRunArn));
    const fill = (r) => host.append(
      h("p", {}, statusBadge(r.status), ` max concurrency ${r.maxConcurrency}`,
        r.toleratedFailurePercentage ? ` · tolerated failures ${r.toleratedFailurePercentage}%` : "",
        r.toleratedFailureCount ? ` · tolerated failures ${r.toleratedFailureCount}` : ""),
      h("p", {id: "map-run-items"}, "Items: ", Object.entries(r.itemCounts || {}).filter(([k, n]) => n && k !== "resultsWritten")
        .map(([k, n]) => `${n} ${k}`).join(", ")));
    if (!mapRuns.has(mapRunArn) || execution.status === "RUNNING") {
      mapRuns.set(mapRunArn, sfn("DescribeMapRun", {mapRunArn}));
    }
    mapRuns.get(mapRunArn).then(fill, (e) => host.append(h("p", {class: "error"}, `${e.code}: ${e.message}`)));
    return host;
  }

  function iterationNav(name) {
    const visits = mapVisitsOf(name);
    if (!visits.length) return null;
    // The latest visit of this Map at the place shown (the selected iteration's, else the last).
    const at = iteration && iteration.state === name ? model.visits[iteration.map] : visits[visits.length - 1];
    const mv = visits.filter((v) => v.parent === at.parent && v.index === at.index).pop();
    const count = mv.length ?? mv.iterations.size;
    // A redrive runs only the iterations that had not succeeded: the others are the earlier runs'
    // visits of this Map (same place, earlier run). Each index shows its latest run.
    const owner = new Map();  // index -> the map visit that ran it last
    for (const v of visits) {
      if (v.run > mv.run || v.parent !== mv.parent || v.index !== mv.index) continue;
      if (v.run === mv.run && v !== mv) continue;
      for (const i of v.iterations.keys()) owner.set(i, v);
    }
    const statusOf = (i) => owner.get(i).iterations.get(i);
    const tally = {};
    for (const i of owner.keys()) tally[statusOf(i)] = (tally[statusOf(i)] || 0) + 1;
    const failed = [];
    for (const i of owner.keys()) if (statusOf(i) === "failed" && failed.length < 20) failed.push(i);
    const shown = iteration && iteration.state === name && (owner.get(iteration.index) || mv).i === iteration.map;
    const input = h("input", {type: "number", min: 0, max: Math.max(0, count - 1), id: "iteration-index",
                              value: shown ? iteration.index : "", placeholder: "index"});
    const go = (i) => {
      if (!Number.isInteger(i) || i < 0 || i >= count) return toast(`No iteration ${i}`, "error");
      iteration = {map: (owner.get(i) || mv).i, index: i, state: name};
      redraw();
    };
    return h("div", {class: "iterations"},
      h("h3", {}, mv.distributed || mv.mapRunArn ? "Map run" : "Iterations"),
      h("p", {}, `${count} item${count === 1 ? "" : "s"}: `,
        Object.entries(tally).map(([s, n]) => h("span", {class: `count st-${s}`}, `${n} ${s} `))),
      mv.mapRunArn ? mapRunView(mv.mapRunArn) : null,
      count > 0 && !mv.mapRunArn ? h("form", {class: "inline", onsubmit: (e) => { e.preventDefault(); go(Number(input.value)); }},
        h("button", {type: "button", class: "small", onclick: () => go((shown ? iteration.index : 1) - 1)}, "‹"),
        input,
        h("button", {type: "button", class: "small", onclick: () => go((shown ? iteration.index : -1) + 1)}, "›"),
        h("button", {type: "submit", class: "small", "data-action": "show-iteration"}, "Show"),
        iteration ? h("button", {type: "button", class: "small", onclick: () => { iteration = null; redraw(); }}, "All iterations") : null) : null,
      shown ? h("p", {class: "note", id: "iteration-shown"},
        `The graph shows iteration ${iteration.index} of ${name}.`) : null,
      failed.length ? h("p", {}, "Failed: ", failed.map((i) => h("a", {href: "#", onclick: (e) => { e.preventDefault(); go(i); }}, `#${i} `))) : null);
  }

  function visitView(v, n) {
    const status = model.status(v);
    const end = v.end ? toDate(v.end) : null;
    const dur = end ? end - toDate(v.start) : null;
    const failures = v.failures.filter((f) => f.error !== undefined || f.cause !== undefined);
    return h("div", {class: `visit st-${status}`, "data-visit": n},
      h("div", {class: "visit-head"},
        h("strong", {}, `Visit ${n + 1}`), " ", statusBadge(status),
        v.index !== null ? h("span", {class: "muted"}, ` iteration ${v.index}`) : null,
        v.run ? h("span", {class: "muted redrive-run"}, ` · redrive ${v.run}`) : null,
        h("span", {class: "muted"}, ` ${fmtTime(v.start)}`), dur !== null ? h("span", {class: "muted"}, ` · ${fmtDuration(dur)}`) : null,
        v.attempts > 1 || v.retries ? h("span", {class: "retries"}, ` · ${v.retries} retr${v.retries === 1 ? "y" : "ies"}`) : null),
      failures.map((f, i) => h("div", {class: "failure"},
        h("div", {}, h("span", {class: "label"}, i < failures.length - 1 || v.retries > i ? `Attempt ${i + 1} error ` : "Error "),
          h("code", {class: "error-name"}, f.error ?? "")),
        f.cause !== undefined ? h("pre", {class: "cause"}, prettyJson(f.cause)) : null)),
      collapsible("Input", v.input, false),
      collapsible("Output", v.output, false),
      v.assigned ? collapsible("Variables assigned", v.assigned, true) : null,
      h("details", {class: "payload"}, h("summary", {}, `Events (${v.events.length})`),
        h("ol", {class: "visit-events"}, v.events.slice(0, 200).map((id) => {
          const e = model.events[id - 1];
          return h("li", {}, h("a", {href: "#", onclick: (ev) => { ev.preventDefault(); showEvent(id); }}, `#${id} ${e.type}`),
                   h("span", {class: "muted"}, ` ${fmtTime(e.timestamp)}`));
        }))));
  }

  let visitPage = 0;
  function drawDetail() {
    if (!selected) {
      replace(detailHost, h("p", {class: "muted"}, "Click a state to see its visits: input, output, variables, errors, retries and timings."));
      return;
    }
    const nodes = graphModel.byName.get(selected) || [];
    const node = nodes[0];
    const visits = model.visitsOf(selected, iteration && iteration.state !== selected ? iteration : null);
    const from = Math.min(visitPage * VISITS_SHOWN, Math.max(0, visits.length - 1));
    const shown = [];
    // Newest visits first.
    for (let k = visits.length - 1 - from; k >= 0 && shown.length < VISITS_SHOWN; k--) shown.push([visits[k], k]);
    replace(detailHost,
      h("h2", {id: "detail-name"}, selected),
      h("p", {class: "muted"}, node ? node.type : "", ` · ${visits.length} visit${visits.length === 1 ? "" : "s"}`,
        iteration && iteration.state !== selected ? ` in iteration ${iteration.index} of ${iteration.state}` : ""),
      iterationNav(selected),
      shown.length ? shown.map(([v, k]) => visitView(v, k)) : h("p", {class: "muted"}, "Not reached."),
      visits.length > VISITS_SHOWN ? h("div", {class: "pager"},
        h("button", {type: "button", class: "small", disabled: visitPage === 0, onclick: () => { visitPage--; drawDetail(); }}, "‹ Newer"),
        h("span", {class: "muted"}, `${from + 1}–${from + shown.length} of ${visits.length}`),
        h("button", {type: "button", class: "small", disabled: from + shown.length >= visits.length,
                     onclick: () => { visitPage++; drawDetail(); }}, "Older ›")) : null,
      node ? h("details", {class: "payload"}, h("summary", {}, "Definition"), jsonBlock(JSON.stringify(node.def))) : null);
  }

  // Events table ----------------------------------------------------------------------------------
  let filtered = [];
  const typeSel = h("select", {"aria-label": "Event type", "data-filter": "type", onchange: () => refilter()});
  const stateInput = h("input", {type: "search", placeholder: "state", "aria-label": "State", "data-filter": "state",
                                 oninput: debounce(() => refilter(), 150)});
  const textInput = h("input", {type: "search", placeholder: "search details", "aria-label": "Search",
                                "data-filter": "text", oninput: debounce(() => refilter(), 200)});
  const eventCount = h("span", {class: "muted", id: "event-count"});
  const eventDetail = h("div", {class: "event-detail"});
  const startTime = () => toDate(model.events.length ? model.events[0].timestamp : execution.startDate);
  const list = new VirtualList({rowHeight: 26, className: "events", renderRow: (i) => {
    const e = model.events[filtered[i] - 1];
    const failed = /Failed|TimedOut|Aborted/.test(e.type);
    return h("div", {class: ["erow", failed ? "efail" : ""], "data-event": e.id, onclick: () => showEvent(e.id)},
      h("span", {class: "c-id"}, String(e.id)),
      h("span", {class: "c-type"}, e.type),
      h("span", {class: "c-state"}, model.stateOfEvent(e.id)),
      h("span", {class: "c-time"}, `+${fmtDuration(toDate(e.timestamp) - startTime())}`),
      h("span", {class: "c-sum"}, eventSummary(e)));
  }});
  const searchCache = new Map();
  function refilter(keepScroll) {
    const type = typeSel.value;
    const st = stateInput.value.trim().toLowerCase();
    const text = textInput.value.trim().toLowerCase();
    filtered = [];
    for (const e of model.events) {
      if (type === "errors" ? !/Failed|TimedOut|Aborted/.test(e.type) : type && e.type !== type) continue;
      if (st && !model.stateOfEvent(e.id).toLowerCase().includes(st)) continue;
      if (text) {
        let s = searchCache.get(e.id);
        if (s === undefined) searchCache.set(e.id, (s = JSON.stringify(e).toLowerCase()));
        if (!s.includes(text)) continue;
      }
      filtered.push(e.id);
    }
    eventCount.textContent = `${filtered.length} of ${model.events.length} events`;
    list.setCount(filtered.length, keepScroll);
  }
  function drawTypes() {
    const cur = typeSel.value;
    replace(typeSel, h("option", {value: ""}, "All types"), h("option", {value: "errors"}, "Errors only"),
      [...model.types.entries()].sort().map(([t, n]) => h("option", {value: t}, `${t} (${n})`)));
    typeSel.value = cur;
  }
  function showEvent(id) {
    const e = model.events[id - 1];
    if (!e) return;
    tabs.show("events");
    const i = filtered.indexOf(id);
    if (i >= 0) list.scrollToIndex(i);
    const d = detailsOf(e) || {};
    replace(eventDetail, h("h3", {}, `#${e.id} ${e.type}`),
      h("p", {class: "muted"}, fmtTime(e.timestamp), ` · previous #${e.previousEventId}`),
      Object.entries(d).map(([k, v]) => h("div", {class: "kv"}, h("span", {class: "label"}, k),
        typeof v === "string" && /^[[{]/.test(v) ? jsonBlock(v) : h("pre", {}, typeof v === "string" ? v : JSON.stringify(v, null, 2)))));
  }

  // Input and output --------------------------------------------------------------------------
  const ioHost = h("div", {class: "io"});
  const drawIO = () => replace(ioHost,
    h("section", {}, h("h3", {}, "Input"), jsonBlock(execution.input)),
    h("section", {}, h("h3", {}, "Output"), execution.output !== undefined ? jsonBlock(execution.output, "output") : h("p", {class: "muted"}, "None yet.")),
    execution.error !== undefined || execution.cause !== undefined
      ? h("section", {class: "failure"}, h("h3", {}, "Error"), h("code", {class: "error-name"}, execution.error || ""), h("pre", {class: "cause"}, prettyJson(execution.cause || "")))
      : null);

  // Tabs --------------------------------------------------------------------------------------
  const panes = {
    graph: h("div", {class: "pane graph-pane"}, h("div", {class: "graph-host", id: "graph"}), detailHost),
    events: h("div", {class: "pane events-pane", hidden: true},
      h("div", {class: "filters"}, typeSel, stateInput, textInput, eventCount),
      h("div", {class: "events-split"},
        h("div", {class: "events-table"},
          h("div", {class: "erow ehead"}, ["#", "Type", "State", "Time", "Details"].map((c, i) => h("span", {class: ["c-id", "c-type", "c-state", "c-time", "c-sum"][i]}, c))),
          list.element),
        eventDetail)),
    io: h("div", {class: "pane", hidden: true}, ioHost),
    definition: h("div", {class: "pane", hidden: true}, jsonBlock(machineDesc.definition)),
  };
  const tabButtons = {};
  const tabs = {
    show(name) {
      for (const [k, p] of Object.entries(panes)) p.hidden = k !== name;
      for (const [k, b] of Object.entries(tabButtons)) b.classList.toggle("active", k === name);
      if (name === "events") list.refresh();
    },
  };
  const tabBar = h("div", {class: "tabs"}, [["graph", "Graph"], ["events", "Events"], ["io", "Input & output"], ["definition", "Definition"]]
    .map(([k, label]) => (tabButtons[k] = h("button", {type: "button", class: k === "graph" ? "active" : "", "data-tab": k, onclick: () => tabs.show(k)}, label))));

  const machineArn = machineArnOf(execution);
  drawHead();
  drawIO();
  replace(main,
    h("div", {class: "crumbs"}, h("a", {href: "#/"}, "State machines"), " / ",
      h("a", {href: route("machine", machineArn)}, machineArn.split(":").pop()), " / ", execution.name),
    head, facts, related, tabBar, ...Object.values(panes));
  view.mount(panes.graph.querySelector("#graph"));
  if (selected) view.select(selected);
  drawDetail();
  performance.mark("sfn:graph-drawn");
  document.body.dataset.graph = "drawn";

  // History: all pages, then whatever is new when the live channel says so.
  function redraw() {
    view.setStatuses(model.stateStatuses(iteration));
    drawDetail();
    drawTypes();
    refilter(true);
    drawRelated();
  }
  // The first load reads the history from both ends at once, oldest pages forward and newest pages
  // with reverseOrder, until the two meet: GetExecutionHistory serves them concurrently, which about
  // halves the wait for a long history (pages hold at most 1,000 events and the tokens are opaque,
  // so two streams are as parallel as the public API allows). Each stream asks for its next page
  // before it handles the one it has. The model takes events in id order, so the newest pages wait
  // until the forward stream reaches them; meanwhile the graph is coloured from what both ends have
  // shown (the oldest pages' model merged with a tail model of the newest page): "coloured" first,
  // exact once every page is in ("complete").
  let coloured = false;  // sfn:graph-coloured is marked
  async function loadBothEnds() {
    let high = 0;  // the highest id read forward
    let low = Infinity;  // the lowest id read backward
    const newest = [];  // backward pages' events, newest first
    let tail = null;  // a model of the newest page alone, until the streams meet
    let forwardStarted = false;
    let shown = 0;
    const progress = (force) => {
      if (!forwardStarted || !tail || iteration) return;
      if (!force && performance.now() - shown < 250) return;
      view.setStatuses(mergeStatuses(model.stateStatuses(null), tail.stateStatuses(null)));
      shown = performance.now();
      if (!coloured) {
        coloured = true;
        performance.mark("sfn:graph-coloured");
        document.body.dataset.graph = "coloured";
      }
    };
    const forward = async () => {
      let next = firstPage;
      while (next) {
        const page = await next;
        if (disposed) return;
        const n = page.events.length;
        if (n) high = Math.max(high, page.events[n - 1].id);
        next = page.nextToken && high + 1 < low ? historyPage(page.nextToken) : null;
        model.add(page.events);
        forwardStarted = true;
        if (next) progress(!coloured);
      }
    };
    const backward = async () => {
      let next = lastPage;
      while (next) {
        const page = await next;
        if (disposed) return;
        const n = page.events.length;
        if (n) low = Math.min(low, page.events[n - 1].id);
        next = page.nextToken && low - 1 > high ? historyPage(page.nextToken, true) : null;
        newest.push(page.events);
        if (!tail && next && n) {
          tail = new HistoryModel(failInfo, low);
          tail.add([...page.events].reverse());
          progress(true);
        }
      }
    };
    await Promise.all([forward(), backward()]);
    if (disposed) return;
    // Each stream stops only once the other has read up to it (or at its end): no gap between them.
    const rest = [];
    for (let p = newest.length - 1; p >= 0; p--) {
      const events = newest[p];
      for (let i = events.length - 1; i >= 0; i--) if (events[i].id > model.lastId) rest.push(events[i]);
    }
    model.add(rest);
  }

  let syncing = null, again = false;
  async function fetchNew() {
    if (model.lastId === 0) {
      await loadBothEnds();
      return;
    }
    // Newest first until what we have.
    const fresh = [];
    let token = null;
    for (;;) {
      const page = await historyPage(token, true);
      if (disposed) return;
      let done = false;
      for (const e of page.events) {
        if (e.id <= model.lastId) {
          done = true;
          break;
        }
        fresh.push(e);
      }
      token = page.nextToken;
      if (done || !token) break;
    }
    fresh.reverse();
    model.add(fresh);
  }
  async function sync() {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      do {
        again = false;
        const before = model.lastId;
        const d = await sfn("DescribeExecution", {executionArn: arn});
        if (disposed) return;
        await fetchNew();
        if (disposed) return;
        const statusChanged = d.status !== execution.status;
        execution = d;
        if (statusChanged || model.lastId !== before) {
          drawHead();
          drawIO();
          redraw();
        }
      } while (again && !disposed);
    })();
    try {
      await syncing;
    } finally {
      syncing = null;
    }
  }
  await fetchNew();
  if (disposed || ctx.stale()) return null;
  redraw();
  await new Promise((r) => requestAnimationFrame(() => r()));
  if (!coloured) performance.mark("sfn:graph-coloured");  // one page pair held it all
  performance.mark("sfn:graph-complete");
  performance.measure("sfn:execution-open", {start: t0, end: performance.now()});
  document.body.dataset.graph = "complete";

  const unsubscribe = onChange(({reset, changes}) => {
    if (reset || changes.some((c) => c.executionArn === arn && (c.lastEventId > model.lastId || c.status !== execution.status))) sync();
  });
  // The execution may have moved between the first reads and the subscription.
  if (execution.status === "RUNNING") sync();
  return () => {
    disposed = true;
    unsubscribe();
  };
}
