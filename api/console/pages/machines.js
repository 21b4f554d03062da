// State machines: every one with its type and creation date.

import {h, replace, fmtTime, route} from "../lib/dom.js";
import {sfnAll} from "../lib/api.js";

export async function render(main) {
  const list = await sfnAll("ListStateMachines", {maxResults: 1000}, "stateMachines");
  list.sort((a, b) => a.name.localeCompare(b.name));
  replace(main,
    h("div", {class: "page-head"}, h("h1", {}, "State machines"), h("span", {class: "muted"}, `${list.length}`)),
    list.length === 0
      ? h("div", {class: "panel"}, h("p", {}, "No state machines yet. Create one with ",
            h("code", {}, "aws stepfunctions create-state-machine --endpoint-url " + location.origin + " ..."), "."))
      : h("table", {class: "list", id: "machines"},
          h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Type"), h("th", {}, "Created"))),
          h("tbody", {}, list.map((m) => h("tr", {},
            h("td", {}, h("a", {href: route("machine", m.stateMachineArn)}, m.name)),
            h("td", {}, m.type),
            h("td", {}, fmtTime(m.creationDate)))))));
}
