// Lambda functions (ListFunctions: their $LATEST) and the recent invocations of every function,
// stubs included (GET /_emulator/lambda/invocations).

import {h, replace, route} from "../lib/dom.js";
import {lambdaAll} from "../lib/api.js";
import {invocationsPanel} from "./invocations.js";

export async function render(main, key, params, ctx) {
  const fns = await lambdaAll("/functions/", "Functions");
  fns.sort((a, b) => a.FunctionName.localeCompare(b.FunctionName));
  const panel = await invocationsPanel(null, ctx);
  if (ctx.stale()) return panel.dispose;
  replace(main,
    h("div", {class: "page-head"}, h("h1", {}, "Lambda functions"), h("span", {class: "muted"}, `${fns.length}`)),
    fns.length === 0
      ? h("div", {class: "panel"}, h("p", {}, "No functions yet. Create one with ",
          h("code", {}, "aws lambda create-function --endpoint-url " + location.origin + " ..."),
          " (stub functions from --functions are not listed, as on the Lambda API; their invocations are below)."))
      : h("table", {class: "list", id: "functions"},
          h("thead", {}, h("tr", {}, ["Name", "Runtime", "Handler", "Version", "Last modified"].map((c) => h("th", {}, c)))),
          h("tbody", {}, fns.map((f) => h("tr", {},
            h("td", {}, h("a", {href: route("function", f.FunctionName)}, f.FunctionName)),
            h("td", {}, f.Runtime || ""), h("td", {class: "mono"}, f.Handler || ""), h("td", {}, f.Version),
            h("td", {}, String(f.LastModified || "").replace("T", " ")))))),
    panel.element);
  return panel.dispose;
}
