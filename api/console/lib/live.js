// The live channel: one long poll of GET /_emulator/changes at a time. The server answers when an
// execution's transition commits (or after `wait` seconds with nothing); listeners get every change
// {executionArn, status, lastEventId}, or a reset (the feed lost track: reload what is shown).

const listeners = new Set();
let cursor = null;
let running = false;
let indicator = null;

export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function setState(state) {
  if (!indicator) return;
  indicator.className = `live ${state}`;
  indicator.title = state === "on" ? "Live: executions update as they run" : "Live updates paused (reconnecting)";
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startLive(el) {
  indicator = el;
  if (running) return;
  running = true;
  let failures = 0;
  for (;;) {
    try {
      const q = cursor === null ? "" : `?after=${cursor}&wait=25`;
      const r = await fetch(`/_emulator/changes${q}`, {cache: "no-store"});
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const page = await r.json();
      const first = cursor === null;
      cursor = page.cursor;
      failures = 0;
      setState("on");
      if (!first && (page.reset || page.changes.length)) {
        for (const fn of [...listeners]) {
          try {
            fn(page.reset ? {reset: true, changes: []} : {reset: false, changes: page.changes});
          } catch (e) {
            console.error(e);
          }
        }
      }
      // At most a few answers a second while executions run.
      if (page.changes.length) await sleep(150);
    } catch (e) {
      failures++;
      setState("off");
      cursor = null;  // the emulator may have restarted
      await sleep(Math.min(5000, 250 * 2 ** Math.min(failures, 5)));
      for (const fn of [...listeners]) fn({reset: true, changes: []});
    }
  }
}
