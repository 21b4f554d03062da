// One Lambda function: its configuration, versions, aliases with their weights, and recent
// invocations with logs; actions: publish a version, shift an alias's weights.

import {h, replace, statusBadge, toast, dialog} from "../lib/dom.js";
import {lambda, lambdaAll} from "../lib/api.js";
import {invocationsPanel} from "./invocations.js";

export async function render(main, name, params, ctx) {
  const enc = encodeURIComponent(name);
  const [fn, versions, aliases] = await Promise.all([
    lambda("GET", `/functions/${enc}`),
    lambdaAll(`/functions/${enc}/versions`, "Versions"),
    lambdaAll(`/functions/${enc}/aliases`, "Aliases"),
  ]);
  const panel = await invocationsPanel(name, ctx);
  if (ctx.stale()) return panel.dispose;
  const cfg = fn.Configuration;
  // Drawn again through the router, so that this page's live subscription ends first.
  const rerender = () => window.dispatchEvent(new Event("hashchange"));
  const numbered = versions.filter((v) => v.Version !== "$LATEST");

  const publish = async () => {
    const v = await dialog(`Publish a version of ${name}`, [{name: "description", label: "Description (optional)"}], "Publish");
    if (!v) return;
    try {
      const r = await lambda("POST", `/functions/${enc}/versions`, v.description ? {Description: v.description} : {});
      toast(`Published version ${r.Version}`);
      rerender();
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  };
  const options = [["$LATEST", "$LATEST"], ...numbered.map((v) => [v.Version, `version ${v.Version}`])];
  const editAlias = async (a) => {
    const extra = Object.entries((a && a.RoutingConfig && a.RoutingConfig.AdditionalVersionWeights) || {})[0];
    const v = await dialog(a ? `Shift the weights of ${a.Name}` : `Create an alias of ${name}`, [
      ...(a ? [] : [{name: "name", label: "Alias name"}]),
      {name: "primary", label: "Version", type: "select", options, value: a ? a.FunctionVersion : (numbered.at(-1) || {}).Version},
      {name: "second", label: "Second version (optional)", type: "select", options: [["", "(none)"], ...options.slice(1)], value: extra ? extra[0] : ""},
      {name: "weight", label: "Second version's weight (%)", type: "number", value: extra ? String(Math.round(extra[1] * 100)) : "0"},
    ], "Save", (v) => {
      const w = Number(v.weight);
      if (!(w >= 0 && w <= 100)) return "The weight is a percentage, 0 to 100.";
      if (v.second && v.second === v.primary) return "Pick two different versions.";
      if (!a && !v.name.trim()) return "Name the alias.";
      return null;
    });
    if (!v) return;
    const body = {FunctionVersion: v.primary,
                  RoutingConfig: {AdditionalVersionWeights: v.second && Number(v.weight) > 0 ? {[v.second]: Number(v.weight) / 100} : {}}};
    try {
      if (a) await lambda("PUT", `/functions/${enc}/aliases/${encodeURIComponent(a.Name)}`, body);
      else await lambda("POST", `/functions/${enc}/aliases`, {Name: v.name.trim(), ...body});
      toast(a ? `Alias ${a.Name} updated` : "Alias created");
      rerender();
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  };
  const routing = (a) => {
    const extra = Object.entries((a.RoutingConfig && a.RoutingConfig.AdditionalVersionWeights) || {});
    const rest = extra.reduce((s, [, w]) => s - w, 1);
    return h("div", {class: "weights"},
      h("span", {class: "weight w0"}, `v${a.FunctionVersion} ${Math.round(rest * 100)}%`),
      extra.map(([ver, w], i) => h("span", {class: `weight w${i + 1}`}, `v${ver} ${Math.round(w * 100)}%`)));
  };

  replace(main,
    h("div", {class: "crumbs"}, h("a", {href: "#/functions"}, "Lambda functions"), " / ", name),
    h("div", {class: "page-head"}, h("h1", {}, name), statusBadge(cfg.State || ""),
      h("div", {class: "actions"},
        h("button", {type: "button", "data-action": "publish", onclick: publish}, "Publish version"),
        h("button", {type: "button", "data-action": "create-alias", onclick: () => editAlias(null)}, "Create alias"))),
    h("dl", {class: "facts"},
      h("dt", {}, "ARN"), h("dd", {class: "mono"}, cfg.FunctionArn),
      h("dt", {}, "Runtime"), h("dd", {}, cfg.Runtime || ""),
      h("dt", {}, "Handler"), h("dd", {class: "mono"}, cfg.Handler || ""),
      h("dt", {}, "Timeout"), h("dd", {}, `${cfg.Timeout} s`),
      h("dt", {}, "Code SHA-256"), h("dd", {class: "mono small"}, cfg.CodeSha256 || "")),
    h("div", {class: "columns"},
      h("section", {class: "panel"}, h("h2", {}, "Versions"),
        h("table", {class: "list", id: "function-versions"},
          h("thead", {}, h("tr", {}, ["Version", "Description", "Code SHA-256", "Last modified"].map((c) => h("th", {}, c)))),
          h("tbody", {}, versions.map((v) => h("tr", {},
            h("td", {}, v.Version), h("td", {}, v.Description || ""), h("td", {class: "mono small"}, (v.CodeSha256 || "").slice(0, 16)),
            h("td", {}, String(v.LastModified || "").replace("T", " "))))))),
      h("section", {class: "panel"}, h("h2", {}, "Aliases"),
        aliases.length ? h("table", {class: "list", id: "function-aliases"},
          h("thead", {}, h("tr", {}, h("th", {}, "Alias"), h("th", {}, "Routing"), h("th"))),
          h("tbody", {}, aliases.map((a) => h("tr", {"data-alias": a.Name},
            h("td", {}, a.Name), h("td", {}, routing(a)),
            h("td", {}, h("button", {type: "button", class: "small", "data-action": "edit-alias", onclick: () => editAlias(a)}, "Shift weights"))))))
          : h("p", {class: "muted"}, "No aliases."))),
    panel.element);
  return panel.dispose;
}
