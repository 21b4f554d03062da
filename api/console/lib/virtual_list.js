// A virtualised list: only the rows in view (plus a margin) exist in the DOM, so a table of
// 25,000 history events scrolls like one of 25. Rows have one fixed height.

import {h, clear} from "./dom.js";

export class VirtualList {
  // renderRow(index) -> element; rowHeight in px.
  constructor({rowHeight = 26, renderRow, className = ""}) {
    this.rowHeight = rowHeight;
    this.renderRow = renderRow;
    this.count = 0;
    this.spacer = h("div", {class: "vlist-spacer"});
    this.rows = h("div", {class: "vlist-rows"});
    this.element = h("div", {class: ["vlist", className], tabindex: 0}, this.spacer, this.rows);
    this.element.addEventListener("scroll", () => this.schedule());
    this.drawn = {from: -1, to: -1};
    this.pending = false;
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  setCount(count, keepScroll = true) {
    this.count = count;
    this.spacer.style.height = `${count * this.rowHeight}px`;
    if (!keepScroll) this.element.scrollTop = 0;
    this.drawn = {from: -1, to: -1};
    this.schedule();
  }

  refresh() {
    this.drawn = {from: -1, to: -1};
    this.schedule();
  }

  scrollToIndex(i) {
    this.element.scrollTop = Math.max(0, i * this.rowHeight - this.element.clientHeight / 3);
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw() {
    const top = this.element.scrollTop;
    const height = this.element.clientHeight || 400;
    const from = Math.max(0, Math.floor(top / this.rowHeight) - 10);
    const to = Math.min(this.count, Math.ceil((top + height) / this.rowHeight) + 10);
    if (from === this.drawn.from && to === this.drawn.to) return;
    this.drawn = {from, to};
    clear(this.rows);
    this.rows.style.transform = `translateY(${from * this.rowHeight}px)`;
    for (let i = from; i < to; i++) {
      const row = this.renderRow(i);
      row.style.height = `${this.rowHeight}px`;
      this.rows.append(row);
    }
  }
}
