// Recent Lambda invocations with their logs (the emulator keeps the last 200), refreshed while
// executions run.

import {h, replace, fmtTime, statusBadge, debounce} from "../lib/dom.js";
import {admin} from "../lib/api.js";
import {onChange} from "../lib/live.js";

export async function invocationsPanel(functionName, ctx) {
  const tbody = h("tbody");
  const logHost = h("div", {class: "log-host"});
  let current = [];
  let shown = null;
  const showLog = (inv) => {
    shown = inv.sequence;
    for (const tr of tbody.querySelectorAll("tr")) tr.classList.toggle("selected", tr.dataset.sequence === String(inv.sequence));
    replace(logHost,
      h("h3", {}, `${inv.functionName}:${inv.version} · ${inv.requestId}`),
      inv.errorType ? h("p", {class: "failure"}, h("code", {class: "error-name"}, inv.errorType), " ", inv.errorMessage || "") : null,
      h("pre", {class: "log", id: "invocation-log"}, inv.log || ""));
  };
  async function load() {
    const q = functionName ? `?functionName=${encodeURIComponent(functionName)}` : "";
    let r;
    try {
      r = await admin("GET", `lambda/invocations${q}`);
    } catch (e) {
      replace(tbody, h("tr", {}, h("td", {colspan: 7, class: "error"}, `${e.code}: ${e.message}`)));
      return;
    }
    if (ctx.stale()) return;
    current = r.invocations;
    replace(tbody, current.length ? current.map((inv) => h("tr", {"data-sequence": inv.sequence, class: inv.sequence === shown ? "selected" : "",
                                                              onclick: () => showLog(inv)},
      h("td", {}, fmtTime(inv.start)),
      h("td", {}, inv.functionName), h("td", {}, inv.version),
      h("td", {}, statusBadge(inv.status)),
      h("td", {}, `${inv.durationMs} ms`),
      h("td", {}, inv.source),
      h("td", {class: "mono small"}, inv.requestId))) : h("tr", {}, h("td", {colspan: 7, class: "muted"}, "No invocations yet.")));
  }
  await load();
  const element = h("section", {class: "panel", id: "invocations"},
    h("div", {class: "section-head"}, h("h2", {}, "Recent invocations"),
      h("button", {type: "button", class: "small", onclick: load}, "Refresh")),
    h("div", {class: "columns"},
      h("table", {class: "list clickable"},
        h("thead", {}, h("tr", {}, ["Started", "Function", "Version", "Status", "Duration", "From", "Request id"].map((c) => h("th", {}, c)))),
        tbody),
      logHost));
  const dispose = onChange(debounce(load, 400));
  return {element, dispose};
}
