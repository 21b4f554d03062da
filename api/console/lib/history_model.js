// An execution's history as visits: one visit per time a state was entered, with its input,
// output, assigned variables, failures, retries, timings, its enclosing visit and, inside a Map,
// the iteration index. Events are added in id order, any number at a time (live updates).
//
// A model can also hold only a history's tail (`first` > 1: the newest page, read with
// reverseOrder before the older pages): events pointing before it start afresh, so its visits are
// incomplete, but it tells which states the newest events touched and how (a provisional colouring).
//
// Linking follows GetExecutionHistory's previousEventId: an event continues the visit of the
// event it points at, except that a container (Parallel, Map) continues after its children, so
// its own events point into a child: those climb to the nearest open visit of the right state.

const FAILURE = /(Failed|TimedOut)$/;
const PRECEDENCE = ["running", "failed", "caught", "retried", "succeeded", "cancelled"];

function detailsOf(e) {
  for (const k in e) if (k.endsWith("EventDetails")) return e[k];
  return null;
}

export class HistoryModel {
  // failInfo(name) -> {error, cause} of a Fail state from its definition (optional); `first`: the
  // id of the first event the model will hold (1 but for a tail).
  constructor(failInfo, first = 1) {
    this.failInfo = failInfo || (() => null);
    this.first = first;
    this.events = [];          // by id - first
    this.visitOf = [];         // event id - first -> visit index (-1: the execution itself)
    this.visits = [];
    this.byState = new Map();  // state name -> [visit index]
    this.ended = null;         // the execution's closing event
    this.mapRuns = [];         // map run ARNs (MapRunStarted)
    this.types = new Map();    // event type -> count
    this.run = 0;              // redrives so far (ExecutionRedriven); each visit has its run
    this.version = 0;          // bumped by every add()
  }

  get lastId() {
    return this.first - 1 + this.events.length;
  }

  // Visits `v` and its ancestors, nearest first, until `pred` holds.
  climb(v, pred) {
    while (v >= 0) {
      if (pred(this.visits[v])) return v;
      v = this.visits[v].parent;
    }
    return -1;
  }

  open(v) {
    return v.exited === 0 && !v.closed;
  }

  add(events) {
    for (const e of events) {
      if (e.id <= this.lastId) continue;  // seen (a page fetched twice)
      this.events.push(e);
      this.types.set(e.type, (this.types.get(e.type) || 0) + 1);
      this.visitOf.push(this.place(e));
    }
    this.version++;
  }

  place(e) {
    const d = detailsOf(e) || {};
    const prev = e.previousEventId - this.first;  // its index here (negative: not held)
    const prevVisit = prev >= 0 ? this.visitOf[prev] ?? -1 : -1;
    const prevEvent = prev >= 0 ? this.events[prev] : null;
    const t = e.type;
    if (t.endsWith("StateEntered")) return this.enter(e, d, prevVisit, prevEvent);
    if (t === "ExecutionRedriven") {
      // The states that had not succeeded run again (RedriveExecution): a new run begins.
      this.run++;
      this.ended = null;
      return -1;
    }
    if (t.startsWith("Execution")) {
      if (t !== "ExecutionStarted") this.endExecution(e, d, prevVisit);
      return -1;
    }
    let v;
    if (t.endsWith("StateExited")) {
      v = this.climb(prevVisit, (x) => x.state === d.name && this.open(x));
    } else if (t.startsWith("MapIteration")) {
      v = this.climb(prevVisit, (x) => x.state === d.name && this.open(x));
    } else if (t === "EvaluationFailed") {
      // AWS links it to the event before its state's entry: its state is the one it names.
      const named = this.byState.get(d.state) || [];
      v = named.length ? named[named.length - 1] : -1;
    } else if (/^(Parallel|Map)State/.test(t) || t.startsWith("MapRun")) {
      const type = t.startsWith("Parallel") ? "Parallel" : "Map";
      v = this.climb(prevVisit, (x) => x.type === type && this.open(x));
    } else {
      v = this.climb(prevVisit, (x) => this.open(x));
    }
    if (v < 0 && t.endsWith("StateExited") && this.first > 1) {
      // In a tail, a state entered before it: its exit alone says it ended.
      v = this.enter({...e, type: `${t.slice(0, -"StateExited".length)}StateEntered`}, {name: d.name}, -1, null);
      this.visits[v].entered = 0;
      this.visits[v].events = [];
    }
    if (v < 0) return -1;
    const visit = this.visits[v];
    visit.events.push(e.id);
    if (t.endsWith("StateExited")) {
      // A state that exits with a failure standing was caught (Catch: the state exits with the
      // error output, then its catcher is entered).
      if (visit.failure) visit.caught = true;
      visit.exited = e.id;
      visit.end = e.timestamp;
      visit.output = d.output;
      if (d.assignedVariables) visit.assigned = d.assignedVariables;
    } else if (t === "MapStateStarted") {
      visit.length = d.length;
    } else if (t === "MapRunStarted") {
      visit.mapRunArn = d.mapRunArn;
      this.mapRuns.push(d.mapRunArn);
    } else if (t.startsWith("MapIteration")) {
      if (t === "MapIterationStarted") visit.iterations.set(d.index, "running");
      else visit.iterations.set(d.index, t.slice(12).toLowerCase());  // succeeded|failed|aborted
    } else if (t.endsWith("Scheduled") || t === "ParallelStateStarted" || t === "MapStateStarted") {
      visit.attempts++;
      if (visit.failure) {
        visit.retries++;
        visit.failure = null;
      }
    } else if (FAILURE.test(t) && !t.startsWith("MapIteration")) {
      // ParallelStateFailed and MapStateFailed carry no error: it is the child's that ended them.
      const child = prevVisit >= 0 && prevVisit !== v ? this.visits[prevVisit].failure : null;
      visit.failure = {error: d.error ?? (child && child.error), cause: d.cause ?? (child && child.cause),
                       event: e.id, type: t};
      visit.failures.push(visit.failure);
    }
    return v;
  }

  enter(e, d, prevVisit, prevEvent) {
    let parent = -1, mapVisit = -1, index = null;
    if (prevVisit >= 0 && prevEvent) {
      const pv = this.visits[prevVisit];
      const pt = prevEvent.type;
      if (pt === "MapIterationStarted") {
        parent = prevVisit;
        mapVisit = prevVisit;
        index = detailsOf(prevEvent).index;
      } else if (pt.endsWith("StateExited") || (FAILURE.test(pt) && !pt.startsWith("MapIteration")) ||
                 !this.open(pv)) {
        // After a sibling, or a Catch after a failure.
        if (pv.failure && pv.exited === 0) pv.caught = true;
        parent = pv.parent;
        mapVisit = pv.mapVisit;
        index = pv.index;
      } else {
        parent = prevVisit;  // the first state of a Parallel branch
        mapVisit = pv.mapVisit;
        index = pv.index;
      }
    }
    const type = e.type.slice(0, -"StateEntered".length);
    const v = {
      i: this.visits.length, state: d.name, type, entered: e.id, exited: 0, closed: false,
      start: e.timestamp, end: null, input: d.input, output: undefined, assigned: null,
      failure: null, failures: [], attempts: 0, retries: 0, caught: false,
      parent, mapVisit, index, events: [e.id], iterations: new Map(), length: null, mapRunArn: null,
      run: this.run,
    };
    if (type === "Fail") {
      const info = this.failInfo(d.name) || {};
      v.failure = {error: info.error, cause: info.cause, event: e.id, type: "FailStateEntered"};
      v.failures.push(v.failure);
    }
    this.visits.push(v);
    if (!this.byState.has(d.name)) this.byState.set(d.name, []);
    this.byState.get(d.name).push(v.i);
    return v.i;
  }

  endExecution(e, d, prevVisit) {
    this.ended = e;
    if (prevVisit >= 0 && (d.error || d.cause)) {
      const v = this.visits[prevVisit];
      if (v.failure && v.failure.error === undefined) v.failure = {...v.failure, error: d.error, cause: d.cause};
      else if (!v.failure && e.type !== "ExecutionAborted") {
        v.failure = {error: d.error, cause: d.cause, event: e.id, type: e.type};
        v.failures.push(v.failure);
      }
    }
    for (const v of this.visits) if (v.exited === 0) v.closed = true;
  }

  status(v) {
    if (v.caught) return "caught";
    if (v.exited) return v.retries > 0 ? "retried" : "succeeded";
    if (v.failure) return "failed";
    return v.closed ? "cancelled" : "running";
  }

  // True when visit `v` is inside iteration `index` of map visit `m`, or inside no visit of m's
  // state at all (a Map state visited again, in a loop or by a redrive, has other visits whose
  // iterations are not this one).
  inIteration(v, m, index) {
    const mapState = this.visits[m].state;
    for (let x = v; x.parent >= 0; x = this.visits[x.parent]) {
      if (x.parent === m) return x.index === index;
      if (this.visits[x.parent].state === mapState) return false;
    }
    return true;
  }

  // Map(state name -> {status, count}); with `iteration` {map, index}, visits inside that map
  // visit count only for that iteration. A state visited again by a redrive shows its latest run's
  // visits (a redriven state that failed before and succeeded now is succeeded); a state the
  // redrive did not revisit keeps its earlier run's status.
  stateStatuses(iteration) {
    const out = new Map();
    for (const v of this.visits) {
      if (iteration && !this.inIteration(v, iteration.map, iteration.index)) continue;
      const s = this.status(v);
      const cur = out.get(v.state);
      if (!cur) {
        out.set(v.state, {status: s, count: 1, run: v.run});
      } else {
        cur.count++;
        if (v.run > cur.run) {
          cur.run = v.run;
          cur.status = s;
        } else if (PRECEDENCE.indexOf(s) < PRECEDENCE.indexOf(cur.status)) {
          cur.status = s;
        }
      }
    }
    return out;
  }

  visitsOf(name, iteration) {
    const list = (this.byState.get(name) || []).map((i) => this.visits[i]);
    return iteration ? list.filter((v) => this.inIteration(v, iteration.map, iteration.index)) : list;
  }

  // The state a given event belongs to (for the event table), or "".
  stateOfEvent(id) {
    const v = this.visitOf[id - this.first];
    return v >= 0 ? this.visits[v].state : "";
  }
}

// A provisional colouring: the statuses of a history's head (a stateStatuses() map) merged with
// its tail's. Each state takes the status that ranks first and the larger count, except that the
// head's "running" yields to the tail's word (a visit open in the head may have ended since).
export function mergeStatuses(head, tail) {
  const out = new Map(head);
  for (const [name, s] of tail) {
    const cur = out.get(name);
    if (!cur || cur.status === "running") out.set(name, {status: s.status, count: Math.max(s.count, cur ? cur.count : 0)});
    else {
      out.set(name, {status: PRECEDENCE.indexOf(s.status) < PRECEDENCE.indexOf(cur.status) ? s.status : cur.status,
                     count: Math.max(s.count, cur.count)});
    }
  }
  return out;
}

export {detailsOf};
