// One state machine: its revision, versions and aliases (with weights), its executions (filters,
// paging, live), its definition as a graph, and the actions: start an execution on the machine, a
// version or an alias; publish a version; create an alias or shift its weights.

import {h, replace, fmtTime, fmtDuration, toDate, statusBadge, route, toast, dialog, debounce} from "../lib/dom.js";
import {sfn, sfnAll} from "../lib/api.js";
import {onChange} from "../lib/live.js";
import {buildModel} from "../lib/graph_model.js";
import {layoutModel} from "../lib/graph_layout.js";
import {GraphView} from "../lib/graph_view.js";

const STATUSES = ["", "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];
const PAGE = 50;

function versionOf(arn) {
  const m = /:(\d+)$/.exec(arn || "");
  return m ? m[1] : "";
}

function aliasName(arn) {
  return arn ? arn.split(":").pop() : "";
}

export async function startDialog(targets, preselect) {
  const values = await dialog("Start execution", [
    {name: "target", label: "Run", type: "select", options: targets, value: preselect || targets[0][0]},
    {name: "name", label: "Name (optional)", placeholder: "generated when empty"},
    {name: "input", label: "Input (JSON)", type: "textarea", value: "{}"},
  ], "Start", (v) => {
    try {
      JSON.parse(v.input || "{}");
    } catch (e) {
      return `The input is not JSON: ${e.message}`;
    }
    return null;
  });
  if (!values) return null;
  const body = {stateMachineArn: values.target, input: values.input.trim() || "{}"};
  if (values.name.trim()) body.name = values.name.trim();
  return sfn("StartExecution", body);
}

export async function render(main, arn, params, ctx) {
  const [desc, versionList, aliasList] = await Promise.all([
    sfn("DescribeStateMachine", {stateMachineArn: arn}),
    sfnAll("ListStateMachineVersions", {stateMachineArn: arn, maxResults: 1000}, "stateMachineVersions"),
    sfnAll("ListStateMachineAliases", {stateMachineArn: arn, maxResults: 100}, "stateMachineAliases"),
  ]);
  const versions = await Promise.all(versionList.slice(0, 100).map(async (v) => {
    const d = await sfn("DescribeStateMachine", {stateMachineArn: v.stateMachineVersionArn});
    return {...v, ...d, number: versionOf(v.stateMachineVersionArn)};
  }));
  const aliases = await Promise.all(aliasList.map((a) => sfn("DescribeStateMachineAlias", {stateMachineAliasArn: a.stateMachineAliasArn})));
  if (ctx.stale()) return null;

  const targets = [[arn, `${desc.name} (unqualified: the latest revision)`],
    ...versions.map((v) => [v.stateMachineVersionArn, `version ${v.number}${v.description ? ` — ${v.description}` : ""}`]),
    ...aliases.map((a) => [a.stateMachineAliasArn, `alias ${a.name}`])];

  // Drawn again through the router, so that this page's live subscription ends first.
  const rerender = () => window.dispatchEvent(new Event("hashchange"));
  const start = async (preselect) => {
    try {
      const r = await startDialog(targets, preselect);
      if (r) {
        toast(`Started ${r.executionArn.split(":").pop()}`);
        location.hash = route("execution", r.executionArn);
      }
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  };
  const publish = async () => {
    const v = await dialog("Publish a version", [
      {name: "description", label: "Description (optional)"}], "Publish");
    if (!v) return;
    try {
      const body = {stateMachineArn: arn};
      if (v.description.trim()) body.description = v.description.trim();
      const r = await sfn("PublishStateMachineVersion", body);
      toast(`Published version ${versionOf(r.stateMachineVersionArn)}`);
      rerender();
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  };
  const versionOptions = versions.map((v) => [v.stateMachineVersionArn, `version ${v.number}`]);
  const routingDialog = (title, initial, withName) => dialog(title, [
    ...(withName ? [{name: "name", label: "Alias name"}] : []),
    {name: "first", label: "Version", type: "select", options: versionOptions, value: initial[0] && initial[0].stateMachineVersionArn},
    {name: "weight", label: "Its weight (%)", type: "number", value: String(initial[0] ? initial[0].weight : 100)},
    {name: "second", label: "Second version (optional)", type: "select", options: [["", "(none)"], ...versionOptions],
     value: initial[1] ? initial[1].stateMachineVersionArn : ""},
  ], "Save", (v) => {
    const w = Number(v.weight);
    if (!Number.isInteger(w) || w < 0 || w > 100) return "The weight is a whole percentage, 0 to 100.";
    if (!v.second && w !== 100) return "With one version its weight is 100.";
    if (v.second && v.second === v.first) return "Pick two different versions.";
    if (withName && !v.name.trim()) return "Name the alias.";
    return null;
  });
  const routingOf = (v) => {
    const w = Number(v.weight);
    const r = [{stateMachineVersionArn: v.first, weight: w}];
    if (v.second) r.push({stateMachineVersionArn: v.second, weight: 100 - w});
    return r;
  };
  const createAlias = async () => {
    if (!versions.length) return toast("Publish a version first: an alias routes to versions.", "error");
    const v = await routingDialog("Create an alias", [], true);
    if (!v) return;
    try {
      await sfn("CreateStateMachineAlias", {name: v.name.trim(), routingConfiguration: routingOf(v)});
      toast(`Created alias ${v.name.trim()}`);
      rerender();
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  };
  const editAlias = async (a) => {
    const v = await routingDialog(`Shift the weights of ${a.name}`, a.routingConfiguration, false);
    if (!v) return;
    try {
      await sfn("UpdateStateMachineAlias", {stateMachineAliasArn: a.stateMachineAliasArn, routingConfiguration: routingOf(v)});
      toast(`Alias ${a.name} updated`);
      rerender();
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  };

  // Executions: filters, paging, live refresh of the first page.
  const state = {target: params.get("target") || arn, status: params.get("status") || "", tokens: [null], page: 0};
  const tbody = h("tbody");
  const pager = h("div", {class: "pager"});
  const statusSel = h("select", {"aria-label": "Status", "data-filter": "status",
    onchange: () => { state.status = statusSel.value; reset(); }},
    STATUSES.map((s) => h("option", {value: s}, s || "All statuses")));
  statusSel.value = state.status;
  const targetSel = h("select", {"aria-label": "Version or alias", "data-filter": "target",
    onchange: () => { state.target = targetSel.value; reset(); }},
    targets.map(([v, l]) => h("option", {value: v}, v === arn ? "All versions and aliases" : l)));
  targetSel.value = state.target;
  const reset = () => {
    state.tokens = [null];
    state.page = 0;
    loadExecutions();
  };
  let loading = 0;
  async function loadExecutions() {
    const mine = ++loading;
    const body = {stateMachineArn: state.target, maxResults: PAGE};
    if (state.status) body.statusFilter = state.status;
    if (state.tokens[state.page]) body.nextToken = state.tokens[state.page];
    let page;
    try {
      page = await sfn("ListExecutions", body);
    } catch (e) {
      replace(tbody, h("tr", {}, h("td", {colspan: 7, class: "error"}, `${e.code}: ${e.message}`)));
      return;
    }
    if (mine !== loading || ctx.stale()) return;
    state.tokens[state.page + 1] = page.nextToken || null;
    const rows = page.executions || [];
    replace(tbody, rows.length ? rows.map((e) => {
      const start = toDate(e.startDate), stop = toDate(e.stopDate);
      return h("tr", {"data-execution": e.name},
        h("td", {}, h("a", {href: route("execution", e.executionArn)}, e.name)),
        h("td", {}, statusBadge(e.status)),
        h("td", {class: "version"}, e.stateMachineVersionArn ? `v${versionOf(e.stateMachineVersionArn)}` : ""),
        h("td", {class: "alias"}, aliasName(e.stateMachineAliasArn)),
        h("td", {}, fmtTime(e.startDate)),
        h("td", {}, fmtTime(e.stopDate)),
        h("td", {}, stop ? fmtDuration(stop - start) : ""));
    }) : h("tr", {}, h("td", {colspan: 7, class: "muted"}, "No executions.")));
    replace(pager,
      h("button", {type: "button", class: "small", disabled: state.page === 0,
                   onclick: () => { state.page--; loadExecutions(); }}, "‹ Newer"),
      h("span", {class: "muted"}, `Page ${state.page + 1}`),
      h("button", {type: "button", class: "small", disabled: !page.nextToken, "data-action": "older",
                   onclick: () => { state.page++; loadExecutions(); }}, "Older ›"));
  }

  // The definition as a graph.
  const graphHost = h("div", {class: "graph-host"});
  let graphDrawn = false;
  const drawGraph = () => {
    if (graphDrawn) return;
    graphDrawn = true;
    try {
      const model = buildModel(JSON.parse(desc.definition));
      new GraphView(layoutModel(model, desc.definition), {onSelect: () => {}}).mount(graphHost);
    } catch (e) {
      replace(graphHost, h("p", {class: "error"}, `Cannot draw the definition: ${e.message}`));
    }
  };

  const weightBar = (routing) => h("div", {class: "weights"}, routing.map((r, i) =>
    h("span", {class: `weight w${i}`, "data-weight": r.weight, title: `${r.weight}% to version ${versionOf(r.stateMachineVersionArn)}`},
      `v${versionOf(r.stateMachineVersionArn)} ${r.weight}%`)));

  replace(main,
    h("div", {class: "crumbs"}, h("a", {href: "#/"}, "State machines"), " / ", desc.name),
    h("div", {class: "page-head"},
      h("h1", {}, desc.name), h("span", {class: "badge"}, desc.type),
      h("div", {class: "actions"},
        h("button", {type: "button", class: "primary", "data-action": "start", onclick: () => start()}, "Start execution"),
        h("button", {type: "button", "data-action": "publish", onclick: publish}, "Publish version"),
        h("button", {type: "button", "data-action": "create-alias", onclick: createAlias}, "Create alias"))),
    h("dl", {class: "facts"},
      h("dt", {}, "ARN"), h("dd", {class: "mono"}, arn),
      h("dt", {}, "Revision"), h("dd", {class: "mono", title: "revisionId of the latest revision"}, desc.revisionId || ""),
      h("dt", {}, "Created"), h("dd", {}, fmtTime(desc.creationDate)),
      desc.description ? [h("dt", {}, "Description"), h("dd", {}, desc.description)] : null),
    h("div", {class: "columns"},
      h("section", {class: "panel"}, h("h2", {}, "Versions"),
        versions.length ? h("table", {class: "list", id: "versions"},
          h("thead", {}, h("tr", {}, h("th", {}, "Version"), h("th", {}, "Description"), h("th", {}, "Revision"), h("th", {}, "Created"), h("th"))),
          h("tbody", {}, versions.map((v) => h("tr", {"data-version": v.number},
            h("td", {}, `v${v.number}`), h("td", {}, v.description || ""),
            h("td", {class: "mono small"}, (v.revisionId || "").slice(0, 12)),
            h("td", {}, fmtTime(v.creationDate)),
            h("td", {}, h("button", {type: "button", class: "small", onclick: () => start(v.stateMachineVersionArn)}, "Start"))))))
          : h("p", {class: "muted"}, "No versions published.")),
      h("section", {class: "panel"}, h("h2", {}, "Aliases"),
        aliases.length ? h("table", {class: "list", id: "aliases"},
          h("thead", {}, h("tr", {}, h("th", {}, "Alias"), h("th", {}, "Routing"), h("th"))),
          h("tbody", {}, aliases.map((a) => h("tr", {"data-alias": a.name},
            h("td", {}, a.name), h("td", {}, weightBar(a.routingConfiguration || [])),
            h("td", {class: "nowrap"},
              h("button", {type: "button", class: "small", "data-action": "edit-alias", onclick: () => editAlias(a)}, "Shift weights"),
              h("button", {type: "button", class: "small", onclick: () => start(a.stateMachineAliasArn)}, "Start"))))))
          : h("p", {class: "muted"}, "No aliases."))),
    h("section", {class: "panel"},
      h("div", {class: "section-head"}, h("h2", {}, "Executions"), h("div", {class: "filters"}, targetSel, statusSel)),
      h("table", {class: "list", id: "executions"},
        h("thead", {}, h("tr", {}, ["Name", "Status", "Version", "Alias", "Started", "Stopped", "Duration"].map((c) => h("th", {}, c)))),
        tbody),
      pager),
    h("details", {class: "panel", ontoggle: (e) => e.target.open && drawGraph()},
      h("summary", {}, h("h2", {class: "inline"}, "Definition")), graphHost));
  await loadExecutions();

  const prefix = arn.replace(":stateMachine:", ":execution:") + ":";
  const expressPrefix = arn.replace(":stateMachine:", ":express:") + ":";
  const refresh = debounce(() => state.page === 0 && loadExecutions(), 250);
  return onChange(({reset: all, changes}) => {
    if (all || changes.some((c) => c.executionArn.startsWith(prefix) || c.executionArn.startsWith(expressPrefix))) refresh();
  });
}
