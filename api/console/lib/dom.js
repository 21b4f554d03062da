// DOM helpers. Every piece of text reaches the page through textContent or an attribute set with
// setAttribute, never through innerHTML, so a state named `<img src=x onerror=alert(1)>` is text.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.setAttribute("class", Array.isArray(v) ? v.filter(Boolean).join(" ") : v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "value" && "value" in el) el.value = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// h("a", {href: "#/x", class: "btn"}, "text", child, ...)
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

// AWS JSON timestamps are epoch seconds (numbers); ISO strings come from /_emulator/.
export function toDate(t) {
  if (t === undefined || t === null || t === "") return null;
  return typeof t === "number" ? new Date(t * 1000) : new Date(t);
}

export function fmtTime(t) {
  const d = toDate(t);
  if (!d || isNaN(d)) return "";
  return d.toISOString().replace("T", " ").replace(".000Z", "Z");
}

export function fmtDuration(ms) {
  if (ms === null || ms === undefined || isNaN(ms)) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60), rs = Math.round(s % 60);
  if (m < 60) return `${m} min ${rs} s`;
  const hr = Math.floor(m / 60);
  if (hr < 48) return `${hr} h ${m % 60} min`;
  return `${Math.floor(hr / 24)} d ${hr % 24} h`;
}

// Pretty JSON text of a JSON string (left as is when it does not parse).
export function prettyJson(text) {
  if (text === undefined || text === null) return "";
  if (typeof text !== "string") return JSON.stringify(text, null, 2);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function jsonBlock(text, cls) {
  return h("pre", {class: ["json", cls]}, prettyJson(text));
}

export function statusBadge(status) {
  const s = String(status || "").toLowerCase();
  return h("span", {class: ["badge", `st-${s.replace(/_/g, "-")}`]}, status || "");
}

export function shortArn(arn) {
  return String(arn || "").split(":").slice(6).join(":");
}

export function link(href, ...children) {
  return h("a", {href}, ...children);
}

// A route link to an ARN-keyed page: #/execution/<arn>
export function route(kind, key, extra) {
  return `#/${kind}/${encodeURIComponent(key)}${extra || ""}`;
}

let toastTimer = null;
export function toast(message, kind) {
  const el = document.getElementById("toast");
  el.className = ["toast", kind].filter(Boolean).join(" ");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), kind === "error" ? 8000 : 3000);
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

// A small modal form: fields [{name, label, type: "text"|"textarea"|"select"|"number", value,
// options: [[value, label]]}]; resolves with the values, or null when cancelled.
export function dialog(title, fields, submitLabel = "OK", validate = null) {
  return new Promise((resolve) => {
    const inputs = {};
    const error = h("p", {class: "error", hidden: true});
    const close = (value) => {
      back.remove();
      resolve(value);
    };
    const form = h("form", {class: "dialog", onsubmit: (e) => {
      e.preventDefault();
      const values = {};
      for (const [k, el] of Object.entries(inputs)) values[k] = el.value;
      const problem = validate ? validate(values) : null;
      if (problem) {
        error.textContent = problem;
        error.hidden = false;
        return;
      }
      close(values);
    }},
      h("h3", {}, title),
      fields.map((f) => {
        let input;
        if (f.type === "textarea") input = h("textarea", {name: f.name, rows: f.rows || 8, spellcheck: "false"});
        else if (f.type === "select") input = h("select", {name: f.name}, (f.options || []).map(([v, l]) => h("option", {value: v}, l)));
        else input = h("input", {name: f.name, type: f.type || "text", placeholder: f.placeholder || ""});
        if (f.value !== undefined) input.value = f.value;
        inputs[f.name] = input;
        return h("label", {}, h("span", {}, f.label), input);
      }),
      error,
      h("div", {class: "buttons"},
        h("button", {type: "button", class: "secondary", onclick: () => close(null)}, "Cancel"),
        h("button", {type: "submit", class: "primary", "data-role": "submit"}, submitLabel)));
    const back = h("div", {class: "modal", onkeydown: (e) => e.key === "Escape" && close(null)}, form);
    document.body.append(back);
    const first = form.querySelector("input, textarea, select");
    if (first) first.focus();
  });
}
