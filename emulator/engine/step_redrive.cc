// The step loop's redrive (AWS "Redriving executions"): what a failed,
// timed-out or stopped execution keeps so that RedriveExecution re-runs
// only the states that did not succeed (in a Parallel or Map, only the
// branches and iterations that failed or were stopped, from the state where
// they stopped), and the re-entry itself.
//
// While the execution runs, children of a fork that fail or are stopped
// wait in `ExecutionState::failed` until their fork ends; a fork that fails
// keeps its record (the results of the children that succeeded) in its
// frame's `redrive_fork`. When the execution ends unsuccessfully, every
// frame that did not succeed becomes the redrive plan
// (`ExecutionState::redrive`); a redrive re-enters the top of the plan, and
// each re-entered Parallel/Map resumes its planned children.
#include <set>

#include "emulator/engine/interpreter.h"

namespace sfn::engine::internal {
namespace {

// Erases from `frames` every frame below `ancestor` (parents have smaller
// ids than their children, so one ordered pass sees a parent first).
void EraseBelow(std::map<int64_t, Frame>& frames, std::set<int64_t>& doomed) {
  for (auto it = frames.begin(); it != frames.end();) {
    if (doomed.count(it->second.parent) > 0) {
      doomed.insert(it->first);
      it = frames.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

Frame Interpreter::ReentryOf(const Frame& f) {
  Frame r = f;
  if (const auto* forked = std::get_if<Forked>(&f.phase)) {
    r.redrive_fork = forked->fork;
    r.phase = Entering{f.input};
  } else if (!f.IsEntering()) {
    r.phase = Entering{f.input};
  }
  r.input = nullptr;
  r.attempts.clear();
  return r;
}

void Interpreter::RememberFailed(const Frame& f) { s_.failed[f.id] = ReentryOf(f); }

void Interpreter::ForgetRedrive(Frame& f) {
  f.redrive_fork.reset();
  if (s_.failed.empty() && s_.redrive.empty()) return;
  std::set<int64_t> doomed{f.id};
  // A frame of one map may sit below a frame of the other: repeat until
  // nothing more goes.
  for (size_t before = 0; before != doomed.size();) {
    before = doomed.size();
    EraseBelow(s_.failed, doomed);
    EraseBelow(s_.redrive, doomed);
  }
}

void Interpreter::PlanRedrive() {
  // Planned children not resumed yet, failed ones, and every live frame.
  std::map<int64_t, Frame> plan = std::move(s_.redrive);
  for (auto& [id, f] : s_.failed) plan[id] = std::move(f);
  for (const auto& [id, f] : s_.frames) plan[id] = ReentryOf(f);
  s_.failed.clear();
  s_.redrive.clear();
  // A redrive reaches the top frame, and the children of a re-entered frame
  // that resumes its fork; a frame that re-enters afresh starts its own
  // children anew.
  for (auto& [id, f] : plan) {
    if (f.parent < 0) {
      s_.redrive.emplace(id, std::move(f));
      continue;
    }
    auto parent = s_.redrive.find(f.parent);
    if (parent != s_.redrive.end() && parent->second.redrive_fork) {
      s_.redrive.emplace(id, std::move(f));
    }
  }
}

void Interpreter::Redrive() {
  all_touched_ = true;  // rare: the store rewrites every frame
  s_.done = false;
  // AWS: "the state machine level timeout, if defined, is reset to 0".
  s_.deadline.reset();
  if (def_.timeout_seconds) s_.deadline = AddSeconds(now_, *def_.timeout_seconds);
  HistoryEvent redriven = events::ExecutionRedriven(info_.redrive_count);
  redriven.id = ++s_.last_event_id;
  redriven.previous_event_id = redriven.id - 1;
  redriven.timestamp = now_;
  r_.events.push_back(std::move(redriven));
  for (auto it = s_.redrive.begin(); it != s_.redrive.end();) {
    if (it->second.parent >= 0) {
      ++it;
      continue;
    }
    Frame f = std::move(it->second);
    it = s_.redrive.erase(it);
    f.link = s_.last_event_id;
    int64_t id = f.id;
    s_.frames.emplace(id, std::move(f));
    runnable_.push_back(id);
  }
}

void Interpreter::ResumeFork(Frame& f, states::ForkRecord& fresh) {
  states::ForkRecord kept = std::move(*f.redrive_fork);
  f.redrive_fork.reset();
  if (kept.map != fresh.map || kept.total != fresh.total) {
    // The state computed another fork than the one that failed (its items
    // changed): it runs afresh.
    std::set<int64_t> doomed{f.id};
    EraseBelow(s_.redrive, doomed);
    return;
  }
  fresh.results = std::move(kept.results);
  fresh.next_index = kept.next_index;
  fresh.running = 0;
  fresh.failed = 0;
  if (!kept.map_run_arn.empty()) {
    fresh.map_run_arn = std::move(kept.map_run_arn);
    fresh.started = kept.started;
  }
}

const Frame* Interpreter::NextPlanned(int64_t parent) const {
  for (const auto& [id, f] : s_.redrive) {
    if (f.parent == parent) return &f;
  }
  return nullptr;
}

bool Interpreter::AdoptChild(Frame& f, const asl::State& st, int64_t id) {
  Frame child = std::move(s_.redrive.extract(id).mapped());
  states::ForkRecord& fork = *ForkOf(f);
  // The runner's events for the child's start (a Map's MapIterationStarted);
  // the child keeps the input it had.
  auto c = MakeCtx(f, st);
  Outcome<states::ChildStart> start = RunnerFor(st).StartChild(c->ctx, context_, fork, child.index);
  if (!start.ok()) {
    s_.failed.emplace(id, std::move(child));
    ForkFailed(f, st, start.failure());
    return false;
  }
  for (states::Event& e : start.value().events) Emit(f, std::move(e));
  child.link = f.link;
  child.quiet = f.quiet || fork.distributed;
  ++fork.running;
  Touch(id);
  s_.frames.emplace(id, std::move(child));
  runnable_.push_back(id);
  return true;
}

}  // namespace sfn::engine::internal
