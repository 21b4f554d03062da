// Lays out a graph model (graph_model.js): each scope is a layered graph laid out by dagre; the
// inner scopes of a Parallel (its branches, side by side) or a Map (its processor) are laid out
// first and give their state its size, so nesting needs nothing from dagre's compound mode.
// Positions are relative to the enclosing scope's top-left corner.

import {graphlib, layout as dagreLayout} from "../vendor/dagre.esm.js";

const CHAR_W = 7.2;       // average width of a label character (13px sans-serif)
const NODE_H = 46;
const NODE_MIN_W = 120;
const NODE_MAX_W = 240;
const PSEUDO_W = 64;
const PSEUDO_H = 28;
const PAD = 12;           // inside a compound box and around a branch
const HEADER = 34;        // a compound box's title row
const BRANCH_GAP = 16;
const LABEL_H = 16;

export const NAME_MAX_CHARS = Math.floor((NODE_MAX_W - 24) / CHAR_W);

function leafSize(node) {
  if (node.pseudo) return [PSEUDO_W, PSEUDO_H];
  const chars = Math.min(Math.max(node.name.length, (node.type || "").length + 4), NAME_MAX_CHARS);
  return [Math.max(NODE_MIN_W, Math.min(NODE_MAX_W, chars * CHAR_W + 24)), NODE_H];
}

function layoutScope(scope, dense) {
  const g = new graphlib.Graph({multigraph: true});
  // Network simplex gives the tightest ranks; past a few hundred nodes its cost grows quickly and
  // tight-tree ranks nearly as well.
  g.setGraph({rankdir: "TB", nodesep: dense ? 16 : 28, ranksep: dense ? 26 : 38, edgesep: 10,
              marginx: 8, marginy: 8, ranker: scope.states.length > 150 ? "tight-tree" : "network-simplex"});
  g.setDefaultEdgeLabel(() => ({}));
  const placed = [];
  for (const node of scope.states) {
    let w, h, inner = [];
    if (node.children.length) {
      const kids = node.children.map((c) => layoutScope(c, dense));
      // Branches side by side, each in its own box.
      let x = PAD;
      let height = 0;
      for (const k of kids) {
        inner.push({layout: k, dx: x, dy: HEADER, w: k.width + 2 * PAD, h: k.height + 2 * PAD});
        x += k.width + 2 * PAD + BRANCH_GAP;
        height = Math.max(height, k.height + 2 * PAD);
      }
      for (const b of inner) b.h = height;
      const [minW] = leafSize(node);
      w = Math.max(minW + 40, x - BRANCH_GAP + PAD);
      h = HEADER + height + PAD;
    } else {
      [w, h] = leafSize(node);
    }
    g.setNode(node.id, {width: w, height: h});
    placed.push({node, w, h, inner});
  }
  scope.edges.forEach((e, i) => {
    const label = e.label ? {width: Math.min(e.label.length, 38) * 6.4 + 8, height: LABEL_H, labelpos: "c"} : {};
    g.setEdge(e.from, e.to, {...label, minlen: 1}, `e${i}`);
  });
  dagreLayout(g);
  const nodes = placed.map((p) => {
    const pos = g.node(p.node.id);
    return {...p, x: pos.x - p.w / 2, y: pos.y - p.h / 2};
  });
  const edges = scope.edges.map((e, i) => {
    const d = g.edge({v: e.from, w: e.to, name: `e${i}`});
    return {...e, points: d.points, labelX: d.x, labelY: d.y};
  });
  const gg = g.graph();
  return {scope, width: gg.width || 0, height: gg.height || 0, nodes, edges};
}

// The laid-out tree of a model. `dense` packs large definitions a little tighter. Layouts are
// kept per definition text for the page's life: an execution, its state machine and its siblings
// share one (a 500-state definition takes a second or two to lay out).
const cache = new Map();
const CACHE_SIZE = 20;

export function layoutModel(model, key) {
  if (key !== undefined && cache.has(key)) return cache.get(key);
  const lay = layoutScope(model.root, model.count > 120);
  if (key !== undefined) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value);
    cache.set(key, lay);
  }
  return lay;
}
