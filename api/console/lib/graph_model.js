// A state machine definition as a graph of scopes: the top level, each Parallel branch and each
// Map processor is a scope of states with its own edges (ASL transitions never leave their scope:
// Next, Choice rules, Default and Catch name states of the same States object). A Parallel or Map
// state holds its inner scopes as children, so the layout nests them as boxes.

const MAX_LABEL = 38;

function clip(text, n = MAX_LABEL) {
  text = String(text);
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

const OPERATORS = [
  ["Equals", "=="], ["LessThanEquals", "<="], ["GreaterThanEquals", ">="], ["LessThan", "<"],
  ["GreaterThan", ">"], ["Matches", "matches"],
];

function fmtValue(v) {
  return typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
}

// A short text for one Choice rule (the console's edge label; the full rule is in the details).
export function ruleText(rule) {
  if (!rule || typeof rule !== "object") return "";
  if (typeof rule.Condition === "string") return clip(rule.Condition.replace(/^\{%\s*|\s*%\}$/g, ""));
  if (Array.isArray(rule.And)) return clip(rule.And.map(ruleText).join(" and "));
  if (Array.isArray(rule.Or)) return clip(rule.Or.map(ruleText).join(" or "));
  if (rule.Not) return clip(`not (${ruleText(rule.Not)})`);
  const variable = rule.Variable || "";
  for (const key of Object.keys(rule)) {
    if (key === "Variable" || key === "Next" || key === "Assign" || key === "Output") continue;
    if (key.startsWith("Is")) return clip(`${variable} ${key}${rule[key] === false ? " false" : ""}`);
    const path = key.endsWith("Path");
    const base = path ? key.slice(0, -4) : key;
    for (const [suffix, op] of OPERATORS) {
      if (base.endsWith(suffix)) return clip(`${variable} ${op} ${path ? rule[key] : fmtValue(rule[key])}`);
    }
    return clip(`${variable} ${key} ${fmtValue(rule[key])}`);
  }
  return clip(variable);
}

let nextScope = 0;

function buildScope(states, startAt, path, top, index) {
  const scope = {id: `scope${nextScope++}`, path, top, startAt, states: [], edges: []};
  for (const [name, def] of Object.entries(states || {})) {
    const node = {id: `${path}/${name}`, name, type: def && def.Type, def: def || {}, children: [], kind: null};
    if (node.type === "Parallel") {
      node.kind = "parallel";
      (def.Branches || []).forEach((b, i) => {
        node.children.push(buildScope(b.States, b.StartAt, `${node.id}#${i}`, false, index));
      });
    } else if (node.type === "Map") {
      node.kind = "map";
      const proc = def.ItemProcessor || def.Iterator;
      if (proc) node.children.push(buildScope(proc.States, proc.StartAt, `${node.id}#p`, false, index));
      const mode = proc && proc.ProcessorConfig && proc.ProcessorConfig.Mode;
      node.distributed = mode === "DISTRIBUTED";
    }
    scope.states.push(node);
    if (!index.has(name)) index.set(name, []);
    index.get(name).push(node);
  }
  const ids = new Map(scope.states.map((n) => [n.name, n.id]));
  const edge = (from, toName, kind, label) => {
    const to = ids.get(toName);
    if (to) scope.edges.push({from, to, kind, label: label || ""});
  };
  if (top) {
    scope.states.unshift({id: `${path}/__start`, name: "Start", pseudo: "start", children: []});
    scope.states.push({id: `${path}/__end`, name: "End", pseudo: "end", children: []});
    if (ids.has(startAt)) scope.edges.push({from: `${path}/__start`, to: ids.get(startAt), kind: "next", label: ""});
  }
  for (const node of scope.states) {
    if (node.pseudo) continue;
    const def = node.def;
    if (node.type === "Choice") {
      (def.Choices || []).forEach((rule) => edge(node.id, rule.Next, "choice", ruleText(rule)));
      if (def.Default) edge(node.id, def.Default, "default", "Default");
    } else if (def.Next) {
      edge(node.id, def.Next, "next", "");
    }
    for (const c of def.Catch || []) {
      edge(node.id, c.Next, "catch", clip((c.ErrorEquals || []).join(", ")));
    }
    const ends = def.End === true || node.type === "Succeed" || node.type === "Fail";
    if (top && ends) scope.edges.push({from: node.id, to: `${path}/__end`, kind: "end", label: ""});
  }
  return scope;
}

// {root, byName: Map(state name -> [nodes])}; `definition` is the parsed definition.
export function buildModel(definition) {
  const index = new Map();
  const root = buildScope(definition.States, definition.StartAt, "", true, index);
  return {root, byName: index, count: [...index.values()].reduce((n, l) => n + l.length, 0)};
}
