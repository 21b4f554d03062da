// Draws a laid-out graph (graph_layout.js) as SVG, colours states by status, and lets the user
// select a state, pan (drag) and zoom (wheel, buttons). The drawing is made once per definition;
// a status change only swaps classes on the state's group.

import {h, svg, clear} from "./dom.js";
import {NAME_MAX_CHARS} from "./graph_layout.js";

export const STATUSES = ["notreached", "running", "succeeded", "failed", "caught", "retried", "cancelled"];
const LABELS = {notreached: "Not reached", running: "Running", succeeded: "Succeeded", failed: "Failed",
                caught: "Caught", retried: "Retried", cancelled: "Cancelled"};

function pathOf(points) {
  if (!points || !points.length) return "";
  let d = `M${points[0].x},${points[0].y}`;
  if (points.length === 2) return `${d}L${points[1].x},${points[1].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mx = (points[i].x + points[i + 1].x) / 2, my = (points[i].y + points[i + 1].y) / 2;
    d += i === points.length - 2 ? `Q${points[i].x},${points[i].y} ${points[i + 1].x},${points[i + 1].y}`
                                 : `Q${points[i].x},${points[i].y} ${mx},${my}`;
  }
  return d;
}

function clipName(name) {
  return name.length > NAME_MAX_CHARS ? `${name.slice(0, NAME_MAX_CHARS - 1)}…` : name;
}

export class GraphView {
  constructor(layout, {onSelect} = {}) {
    this.layout = layout;
    this.onSelect = onSelect || (() => {});
    this.groups = new Map();  // state name -> [<g>]
    this.badges = new Map();  // state name -> [<text>]
    this.scale = 1;
    this.tx = 0;
    this.ty = 0;
    this.viewport = svg("g", {class: "viewport"});
    this.svg = svg("svg", {class: "graph", xmlns: "http://www.w3.org/2000/svg", role: "img",
                           "aria-label": "State machine graph"},
      svg("defs", {},
        svg("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
                       orient: "auto-start-reverse"}, svg("path", {d: "M0,0L10,5L0,10z", class: "arrowhead"})),
        svg("marker", {id: "arrow-catch", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
                       orient: "auto-start-reverse"}, svg("path", {d: "M0,0L10,5L0,10z", class: "arrowhead catch"}))),
      this.viewport);
    this.drawScope(layout, this.viewport);
    this.element = h("div", {class: "graph-wrap"},
      h("div", {class: "graph-tools"},
        h("button", {type: "button", title: "Zoom in", onclick: () => this.zoomBy(1.25)}, "+"),
        h("button", {type: "button", title: "Zoom out", onclick: () => this.zoomBy(0.8)}, "−"),
        h("button", {type: "button", title: "Fit", onclick: () => this.fit()}, "Fit"),
        h("button", {type: "button", title: "Actual size", onclick: () => this.setTransform(1, 10, 10)}, "1:1")),
      this.legend(), this.svg);
    this.installPanZoom();
  }

  legend() {
    return h("div", {class: "legend"}, STATUSES.map((s) => h("span", {class: `key st-${s}`}, h("i"), LABELS[s])));
  }

  drawScope(lay, parent) {
    for (const e of lay.edges) {
      const cls = ["edge", `edge-${e.kind}`];
      parent.append(svg("path", {class: cls, d: pathOf(e.points),
                                 "marker-end": e.kind === "catch" ? "url(#arrow-catch)" : "url(#arrow)"}));
      if (e.label) {
        const w = Math.min(e.label.length, 38) * 6.4 + 8;
        parent.append(svg("g", {class: `edge-label edge-${e.kind}`, transform: `translate(${e.labelX},${e.labelY})`},
          svg("rect", {x: -w / 2, y: -8, width: w, height: 16, rx: 3}),
          svg("text", {"text-anchor": "middle", y: 4}, e.label)));
      }
    }
    for (const p of lay.nodes) {
      const n = p.node;
      const g = svg("g", {class: ["state", "st-notreached", n.pseudo ? `pseudo ${n.pseudo}` : `type-${(n.type || "").toLowerCase()}`,
                                  p.inner.length ? "compound" : ""],
                          transform: `translate(${p.x},${p.y})`, "data-state": n.pseudo ? null : n.name,
                          tabindex: n.pseudo ? null : 0});
      g.append(svg("title", {}, n.pseudo ? n.name : `${n.name} (${n.type})`));
      if (n.pseudo) {
        g.append(svg("rect", {width: p.w, height: p.h, rx: p.h / 2, class: "box"}),
                 svg("text", {x: p.w / 2, y: p.h / 2 + 4, "text-anchor": "middle", class: "name"}, n.name));
        parent.append(g);
        continue;
      }
      g.append(svg("rect", {width: p.w, height: p.h, rx: 6, class: "box"}));
      if (p.inner.length) {
        g.append(svg("text", {x: 10, y: 20, class: "name"}, clipName(n.name)),
                 svg("text", {x: p.w - 10, y: 20, "text-anchor": "end", class: "type"},
                     n.kind === "map" ? (n.distributed ? "Map (distributed)" : "Map") : "Parallel"));
        for (const b of p.inner) {
          const inner = svg("g", {transform: `translate(${b.dx},${b.dy})`, class: "scope"});
          inner.append(svg("rect", {width: b.w, height: b.h, rx: 4, class: "branch"}));
          const body = svg("g", {transform: `translate(${12},${12})`});
          this.drawScope(b.layout, body);
          inner.append(body);
          g.append(inner);
        }
      } else {
        g.append(svg("text", {x: 12, y: 20, class: "name"}, clipName(n.name)),
                 svg("text", {x: 12, y: 37, class: "type"}, n.type || ""));
      }
      const badge = svg("text", {x: p.w - 8, y: p.inner.length ? p.h - 6 : 37, "text-anchor": "end", class: "badge-count"});
      g.append(badge);
      g.addEventListener("click", (ev) => {
        ev.stopPropagation();
        this.onSelect(n.name);
      });
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          this.onSelect(n.name);
        }
      });
      if (!this.groups.has(n.name)) {
        this.groups.set(n.name, []);
        this.badges.set(n.name, []);
      }
      this.groups.get(n.name).push(g);
      this.badges.get(n.name).push(badge);
      parent.append(g);
    }
  }

  // statuses: Map(state name -> {status, count}); states not in it are "not reached".
  setStatuses(statuses) {
    for (const [name, groups] of this.groups) {
      const s = statuses.get(name);
      const status = s ? s.status : "notreached";
      groups.forEach((g, i) => {
        const cls = g.getAttribute("class").replace(/\bst-[a-z]+\b/, `st-${status}`);
        if (cls !== g.getAttribute("class")) g.setAttribute("class", cls);
        const badge = this.badges.get(name)[i];
        const text = s && s.count > 1 ? `×${s.count}` : "";
        if (badge.textContent !== text) badge.textContent = text;
      });
    }
  }

  select(name) {
    for (const [n, groups] of this.groups) {
      for (const g of groups) g.classList.toggle("selected", n === name);
    }
  }

  // Pan and zoom ---------------------------------------------------------------------------------
  setTransform(scale, tx, ty) {
    this.scale = Math.max(0.05, Math.min(4, scale));
    this.tx = tx;
    this.ty = ty;
    this.viewport.setAttribute("transform", `translate(${this.tx},${this.ty}) scale(${this.scale})`);
  }

  zoomBy(f, cx, cy) {
    const rect = this.svg.getBoundingClientRect();
    cx = cx ?? rect.width / 2;
    cy = cy ?? rect.height / 2;
    const s = Math.max(0.05, Math.min(4, this.scale * f));
    const k = s / this.scale;
    this.setTransform(s, cx - (cx - this.tx) * k, cy - (cy - this.ty) * k);
  }

  fit() {
    const rect = this.svg.getBoundingClientRect();
    const w = this.layout.width || 1, h = this.layout.height || 1;
    if (!rect.width || !rect.height) return this.setTransform(1, 10, 10);
    // Legible first: a large definition opens at a readable size at its top, not as a speck.
    const s = Math.max(0.45, Math.min(1.2, (rect.width - 20) / w, (rect.height - 20) / h));
    this.setTransform(s, Math.max(10, (rect.width - w * s) / 2), 10);
  }

  installPanZoom() {
    let drag = null;
    this.svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || e.target.closest("g.state:not(.compound)")) return;
      drag = {x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false};
      this.svg.setPointerCapture(e.pointerId);
    });
    this.svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) this.setTransform(this.scale, drag.tx + dx, drag.ty + dy);
    });
    const end = () => (drag = null);
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);
    this.svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const rect = this.svg.getBoundingClientRect();
      this.zoomBy(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - rect.left, e.clientY - rect.top);
    }, {passive: false});
  }

  mount(parent) {
    clear(parent).append(this.element);
    requestAnimationFrame(() => this.fit());
  }
}
