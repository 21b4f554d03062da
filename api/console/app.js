// The console's entry point: a hash router over the pages, the clock in the header and the live
// channel. Plain ES modules, no bundler; everything is read from this origin.

import {h, replace, toast, fmtTime, debounce} from "./lib/dom.js";
import {admin} from "./lib/api.js";
import {startLive, onChange} from "./lib/live.js";
import * as machines from "./pages/machines.js";
import * as machine from "./pages/machine.js";
import * as execution from "./pages/execution.js";
import * as functions from "./pages/functions.js";
import * as fn from "./pages/function.js";

const routes = [
  [/^#?\/?$/, machines, "machines"],
  [/^#\/machine\/([^?]+)(?:\?(.*))?$/, machine, "machines"],
  [/^#\/execution\/([^?]+)(?:\?(.*))?$/, execution, "machines"],
  [/^#\/functions\/?$/, functions, "functions"],
  [/^#\/function\/([^?]+)(?:\?(.*))?$/, fn, "functions"],
];

const main = document.getElementById("main");
let cleanup = null;
let generation = 0;

async function navigate() {
  const hash = location.hash || "#/";
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.error(e);
    }
    cleanup = null;
  }
  const mine = ++generation;
  for (const [re, page, nav] of routes) {
    const m = hash.match(re);
    if (!m) continue;
    for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === nav);
    const key = m[1] ? decodeURIComponent(m[1]) : null;
    const params = new URLSearchParams(m[2] || "");
    replace(main, h("p", {class: "muted"}, "Loading…"));
    try {
      const c = await page.render(main, key, params, {stale: () => mine !== generation, clock});
      if (mine !== generation) {
        if (c) c();
      } else {
        cleanup = c || null;
      }
    } catch (e) {
      if (mine === generation) {
        replace(main, h("div", {class: "panel error-panel"}, h("h2", {}, e.code || "Error"), h("p", {}, e.message)));
      }
    }
    return;
  }
  replace(main, h("div", {class: "panel"}, h("h2", {}, "Not found"), h("p", {}, "No page at ", hash)));
}

// The clock: the emulator's time, and with a virtual or manual clock a way to move it.
const clock = {
  now: null,
  virtual: false,
  el: document.getElementById("clock"),
  async refresh() {
    try {
      const c = await admin("GET", "clock");
      this.now = c.now;
      this.virtual = c.virtual;
      this.draw();
    } catch (e) {
      this.el.textContent = "";
    }
  },
  async advance(seconds) {
    try {
      const c = await admin("POST", "clock", {advance: seconds});
      this.now = c.now;
      this.draw();
      toast(`Clock advanced by ${seconds} s`);
    } catch (e) {
      toast(`${e.code}: ${e.message}`, "error");
    }
  },
  draw() {
    if (this.drawnVirtual !== this.virtual || !this.nowEl) {
      this.drawnVirtual = this.virtual;
      this.nowEl = h("span", {class: "clock-now", title: "The emulator's clock"});
      const parts = [this.nowEl];
      if (this.virtual) {
        const input = h("input", {type: "number", min: "0", step: "any", value: "3600", "aria-label": "Seconds",
                                  class: "clock-seconds"});
        parts.push(
          h("button", {type: "button", class: "small", "data-action": "advance-minute", onclick: () => this.advance(60)}, "+1 min"),
          h("button", {type: "button", class: "small", "data-action": "advance-hour", onclick: () => this.advance(3600)}, "+1 h"),
          h("form", {class: "inline", onsubmit: (e) => {
            e.preventDefault();
            const s = Number(input.value);
            if (s > 0) this.advance(s);
          }}, input, h("button", {type: "submit", class: "small", "data-action": "advance"}, "Advance")));
      }
      replace(this.el, ...parts);
    }
    this.nowEl.textContent = fmtTime(this.now);
  },
};

window.addEventListener("hashchange", navigate);
clock.refresh();
onChange(debounce(() => clock.refresh(), 300));
startLive(document.getElementById("live"));
navigate();
