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

// Starts children while the fork allows; completes it when every child is
// done.
void Interpreter::AdvanceFork(Frame& f, const asl::State& st) {
  for (states::ForkRecord* fork = ForkOf(f); fork != nullptr && fork->CanStartMore();
       fork = ForkOf(f)) {
    if (!StartChild(f, st, fork->next_index++)) return;
  }
  states::ForkRecord* fork = ForkOf(f);
  if (fork == nullptr) return;
  if (fork->AllDone()) {
    ForkSucceeded(f, st);
  } else if (!fork->map_run_arn.empty()) {
    SnapshotMapRun(*fork, "RUNNING");
  }
}

bool Interpreter::StartChild(Frame& f, const asl::State& st, int64_t index) {
  states::ForkRecord& fork = *ForkOf(f);
  auto c = MakeCtx(f, st);
  Outcome<states::ChildStart> start = RunnerFor(st).StartChild(c->ctx, context_, fork, index);
  if (!start.ok()) {
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
  if (p == nullptr || ForkOf(*p) == nullptr) {
    s_.frames.erase(child.id);
    return;
  }
  const asl::State* st = StateOf(*p);
  int64_t index = child.index;
  int64_t child_link = child.link;
  bool quiet = child.quiet;
  Outcome<Json> result =
      failure ? Outcome<Json>(failure->failure) : Outcome<Json>(std::move(output));
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

void Interpreter::KillDescendants(int64_t id) {
  std::vector<int64_t> doomed;
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
  for (int64_t d : doomed) s_.frames.erase(d);
}

void Interpreter::ForkSucceeded(Frame& f, const asl::State& st) {
  states::ForkRecord fork = std::move(*ForkOf(f));
  if (!fork.map_run_arn.empty()) SnapshotMapRun(fork, "SUCCEEDED");
  f.phase = Running{};
  auto c = MakeCtx(f, st);
  Apply(f, st, RunnerFor(st).OnForkSucceeded(c->ctx, f.input, fork));
}

void Interpreter::ForkFailed(Frame& f, const asl::State& st, const Failure& failure) {
  states::ForkRecord fork = std::move(*ForkOf(f));
  if (!fork.map_run_arn.empty()) SnapshotMapRun(fork, "FAILED");
  std::vector<int64_t> running;  // in start order
  for (auto& [id, child] : s_.frames) {
    if (child.parent == f.id) running.push_back(child.index);
  }
  Decision d = RunnerFor(st).OnForkFailed(LightCtx(f, st), fork, failure, running);
  KillDescendants(f.id);
  f.phase = Running{};
  Apply(f, st, std::move(d));
}

}  // namespace sfn::engine::internal
