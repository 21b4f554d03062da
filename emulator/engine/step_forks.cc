// The step loop's forks: a runner's Fork becomes child frames (Parallel
// branches, Map iterations) started as the fork's concurrency allows; each
// child's end goes back to the runner, and a distributed Map's progress is
// published as its map run.
#include "emulator/core/arn.h"
#include "emulator/engine/interpreter.h"

namespace sfn::engine::internal {

// UpdateMapRun: new limits for a running distributed Map.
void Interpreter::UpdateMapRun(const StepInput& in) {
  for (auto& [id, f] : s_.frames) {
    states::ForkRecord* fork = ForkOf(f);
    if (fork == nullptr || fork->map_run_arn != in.map_run_arn) continue;
    Touch(id);
    if (in.max_concurrency) fork->max_concurrency = *in.max_concurrency;
    if (in.tolerated_failure_percentage) {
      fork->tolerated_percentage = *in.tolerated_failure_percentage;
    }
    if (in.tolerated_failure_count) fork->tolerated_count = *in.tolerated_failure_count;
    if (const asl::State* st = StateOf(f)) AdvanceFork(f, *st);
    return;
  }
}

// The map runs that changed in this step, for the transition.
void Interpreter::FlushMapRuns() {
  for (auto& [arn, m] : map_runs_) r_.map_runs.push_back(std::move(m));
  map_runs_.clear();
}

states::ForkRecord* Interpreter::ForkOf(Frame& f) {
  auto* forked = std::get_if<Forked>(&f.phase);
  return forked ? &forked->fork : nullptr;
}

void Interpreter::SnapshotMapRun(const states::ForkRecord& k, const char* status) {
  MapRunRecord m;
  m.arn = k.map_run_arn;
  m.execution_arn = info_.arn;
  // arn:...:mapRun:<machine>/<label>:<id> -> arn:...:stateMachine:<machine>/<label>
  if (Result<StatesArn> run = ParseStatesArn(m.arn, kMapRunArn); run.ok()) {
    m.state_machine_arn = run->StateMachineArn() + "/" + run->label.value_or("");
  }
  m.status = status;
  m.start = k.started;
  if (m.status != "RUNNING") m.stop = now_;
  m.max_concurrency = k.max_concurrency;
  m.tolerated_failure_percentage = k.tolerated_percentage.value_or(0);
  m.tolerated_failure_count = k.tolerated_count.value_or(0);
  m.total = k.total;
  m.failed = k.failed;
  m.pending = k.total - k.next_index;
  m.running = k.running;
  m.succeeded = k.next_index - k.running - k.failed;
  if (m.status != "RUNNING") {
    m.aborted = m.running + m.pending;
    m.running = 0;
    m.pending = 0;
  }
  map_runs_[m.arn] = std::move(m);
}

void Interpreter::SnapshotAllMapRuns(const char* status) {
  for (auto& [id, f] : s_.frames) {
    states::ForkRecord* fork = ForkOf(f);
    if (fork != nullptr && !fork->map_run_arn.empty()) SnapshotMapRun(*fork, status);
  }
}

// Starts children while the fork allows (first those a redrive resumes);
// completes it when every child is done. A call of the fork's own holds both
// back until it is answered.
void Interpreter::AdvanceFork(Frame& f, const asl::State& st) {
  for (auto* k = std::get_if<Forked>(&f.phase); k != nullptr; k = std::get_if<Forked>(&f.phase)) {
    if (k->call) return;  // in flight
    if (k->fork.call) {
      // The map run is visible (RUNNING) while its items are read.
      if (!k->fork.map_run_arn.empty()) SnapshotMapRun(k->fork, "RUNNING");
      StartForkCall(f, st);
      return;
    }
    if (const Frame* planned = NextPlanned(f.id)) {
      if (k->fork.max_concurrency != 0 && k->fork.running >= k->fork.max_concurrency) break;
      if (!AdoptChild(f, st, planned->id)) return;
      continue;
    }
    if (!k->fork.CanStartMore()) break;
    if (!StartChild(f, st, k->fork.next_index++)) return;
  }
  states::ForkRecord* fork = ForkOf(f);
  if (fork == nullptr) return;
  if (fork->AllDone() && NextPlanned(f.id) == nullptr) {
    auto c = MakeCtx(f, st);
    RunnerFor(st).BeforeForkEnds(c->ctx, *fork, nullptr, {});
    if (fork->call) {
      StartForkCall(f, st);
      return;
    }
    ForkSucceeded(f, st);
  } else if (!fork->map_run_arn.empty()) {
    SnapshotMapRun(*fork, "RUNNING");
  }
}

// Plans and sends the call the runner asked for (ForkRecord::call); it
// writes no task events. A call that cannot be planned is answered with its
// failure at once.
void Interpreter::StartForkCall(Frame& f, const asl::State& st) {
  Forked& k = std::get<Forked>(f.phase);
  states::ForkCall call = std::move(*k.fork.call);
  k.fork.call.reset();
  const TaskIntegration* integration =
      env_.integrations ? env_.integrations->Match(call.resource) : nullptr;
  if (integration == nullptr) {
    std::string cause =
        env_.integrations ? env_.integrations->Unmatched(call.resource)
                          : "The resource '" + call.resource + "' is not emulated by sfn-emulator.";
    ForkCallAnswered(f, st, Failure{errors::kRuntime, std::move(cause)});
    return;
  }
  TaskCall task_call{call.resource, std::move(call.parameters), std::nullopt, std::nullopt};
  Outcome<PlannedTask> planned = integration->Plan(task_call, Env(f));
  if (!planned.ok()) {
    ForkCallAnswered(f, st, planned.failure());
    return;
  }
  PlannedTask task = std::move(planned).value();
  if (std::optional<Failure> unbound = integration->Bind(task_call, Env(f), task)) {
    ForkCallAnswered(f, st, *unbound);
    return;
  }
  ++f.task_attempt;
  k.call = task;
  r_.dispatch.push_back(TaskDispatch{f.id, f.task_attempt, std::move(task)});
}

// The fork's own call answered: the runner takes the answer; then the fork
// goes on, fails, or (when it was failing already) ends with its failure.
void Interpreter::ForkCallAnswered(Frame& f, const asl::State& st, Outcome<Json> answer) {
  Forked& k = std::get<Forked>(f.phase);
  auto c = MakeCtx(f, st);
  std::optional<Failure> bad = RunnerFor(st).OnForkCall(c->ctx, k.fork, answer);
  if (k.fork.failing) {
    Failure failing = *k.fork.failing;
    ForkFailed(f, st, failing);
  } else if (bad) {
    ForkFailed(f, st, *bad);
  } else {
    AdvanceFork(f, st);
  }
}

bool Interpreter::StartChild(Frame& f, const asl::State& st, int64_t index) {
  states::ForkRecord& fork = *ForkOf(f);
  auto c = MakeCtx(f, st);
  Outcome<states::ChildStart> start = RunnerFor(st).StartChild(c->ctx, context_, fork, index);
  if (!start.ok()) {
    --fork.next_index;  // never started: a redrive starts it
    ForkFailed(f, st, start.failure());
    return false;
  }
  states::ChildStart& s = start.value();
  Frame child;
  child.id = s_.next_frame_id++;
  child.parent = f.id;
  child.index = index;
  // A distributed Map's iterations are child workflows: their events are
  // not in this history.
  child.quiet = f.quiet || fork.distributed;
  child.phase = Entering{std::move(s.input)};
  child.state_name = s.body->start_at;
  for (states::Event& e : s.events) Emit(f, std::move(e));
  child.link = f.link;
  ++fork.running;
  int64_t id = child.id;
  Touch(id);
  s_.frames.emplace(id, std::move(child));
  runnable_.push_back(id);
  return true;
}

// The context of a runner's fork bookkeeping: its state, no variables.
states::StateContext Interpreter::LightCtx(const Frame& f, const asl::State& st) {
  if (context_.is_null()) context_ = MakeContextObject(info_, st.name, f.entered_time);
  return states::StateContext{st, context_, now_, f.entered_event_id, nullptr, env_.random};
}

// A child frame ended with `output` or `failure`; it is removed here.
void Interpreter::ChildDone(Frame& child, Json output, const FrameFailure* failure) {
  Frame* p = Get(child.parent);
  Touch(child.id);
  if (p == nullptr || ForkOf(*p) == nullptr) {
    s_.frames.erase(child.id);
    return;
  }
  const asl::State* st = StateOf(*p);
  int64_t index = child.index;
  int64_t child_link = child.link;
  bool quiet = child.quiet;
  // A child's failure reaches its parent as a plain one (the child already
  // recorded its own evaluation failure).
  Outcome<Json> result =
      failure ? Outcome<Json>(Failure{failure->failure.error, failure->failure.cause})
              : Outcome<Json>(std::move(output));
  if (failure) RememberFailed(child);
  // A finished child has no live children: its forks ended first.
  s_.frames.erase(child.id);  // `child` is gone from here on
  Frame& f = *p;
  states::ForkRecord& fork = *ForkOf(f);
  --fork.running;
  if (!quiet) f.link = child_link;
  if (st == nullptr) return;
  states::ChildEnd end = RunnerFor(*st).OnChildEnded(LightCtx(f, *st), fork, index, result);
  for (states::Event& e : end.events) Emit(f, std::move(e));
  if (end.fork_failure) {
    ForkFailed(f, *st, *end.fork_failure);
    return;
  }
  AdvanceFork(f, *st);
}

void Interpreter::StopDescendants(int64_t id) {
  std::vector<int64_t> doomed;  // parents before children (ids grow)
  for (auto& [fid, fr] : s_.frames) {
    for (int64_t p = fr.parent; p >= 0;) {
      if (p == id) {
        doomed.push_back(fid);
        break;
      }
      auto it = s_.frames.find(p);
      p = it == s_.frames.end() ? -1 : it->second.parent;
    }
  }
  for (int64_t d : doomed) {
    Abandon(s_.frames.at(d));
    RememberFailed(s_.frames.at(d));
    Touch(d);
    s_.frames.erase(d);
  }
}

void Interpreter::ForkSucceeded(Frame& f, const asl::State& st) {
  states::ForkRecord fork = std::move(*ForkOf(f));
  ForgetRedrive(f);  // children that failed within the tolerance
  if (!fork.map_run_arn.empty()) SnapshotMapRun(fork, "SUCCEEDED");
  f.phase = Running{};
  auto c = MakeCtx(f, st);
  Apply(f, st, RunnerFor(st).OnForkSucceeded(c->ctx, f.input, fork));
}

void Interpreter::ForkFailed(Frame& f, const asl::State& st, const Failure& failure) {
  Forked& k = std::get<Forked>(f.phase);
  std::vector<int64_t> running;  // in start order
  for (auto& [id, child] : s_.frames) {
    if (child.parent == f.id) running.push_back(child.index);
  }
  if (!k.fork.failing) {
    // The runner's last call before the fork ends (a Map writing its
    // results, failed ones and pending ones included): the children stop
    // now, the fork fails once the call is answered.
    auto c = MakeCtx(f, st);
    RunnerFor(st).BeforeForkEnds(c->ctx, k.fork, &failure, running);
    if (k.fork.call) {
      k.fork.failing = failure;
      StopDescendants(f.id);
      StartForkCall(f, st);
      return;
    }
  }
  Failure final_failure = k.fork.failing ? *k.fork.failing : failure;
  states::ForkRecord fork = std::move(k.fork);
  if (!fork.map_run_arn.empty()) SnapshotMapRun(fork, "FAILED");
  Decision d = RunnerFor(st).OnForkFailed(LightCtx(f, st), fork, final_failure, running);
  StopDescendants(f.id);
  // What a redrive keeps of the state: the children that succeeded.
  f.redrive_fork = std::move(fork);
  f.phase = Running{};
  Apply(f, st, std::move(d));
}

}  // namespace sfn::engine::internal
