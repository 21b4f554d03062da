#include "emulator/engine/driver.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <exception>

namespace sfn::engine {
namespace {

// Transitions per step before other executions get a turn.
constexpr int kBudget = 1000;
// Transitions of a new execution's first step, committed with its row (one
// commit instead of two; short executions finish within their start).
constexpr int kStartBudget = 64;
// Executions stepped and committed together in one engine-loop turn.
constexpr size_t kBatch = 256;

}  // namespace

Driver::Driver(boost::asio::io_context& io, ExecutionStore& store, Clock& clock,
               DefinitionSource& definitions, Random* random, const TaskIntegrations* integrations)
    : io_(io),
      store_(store),
      clock_(clock),
      definitions_(definitions),
      env_{random, integrations},
      wakeup_(io) {}

Status Driver::Recover() {
  if (clock_.IsVirtual()) {
    SFN_ASSIGN_OR_RETURN(std::optional<TimePoint> latest, store_.LatestEventTime());
    if (latest) clock_.AdvanceTo(*latest);
  }
  SFN_ASSIGN_OR_RETURN(std::vector<ExecutionRecord> running, store_.LoadRunningExecutions());
  for (ExecutionRecord& rec : running) {
    Result<asl::DefinitionPtr> def = definitions_.Load(rec.info.revision_id);
    if (!def.ok()) return def.status();
    std::string arn = rec.info.arn;
    Live live{std::move(rec.info), *def, std::move(rec.state), std::nullopt, rec.record_version};
    live_.emplace(arn, std::move(live));
    // The step re-derives what is due, runnable or waiting from the state.
    SetTimer(arn, rec.timer);
    Schedule(arn, StepInput::Kind::kResume);
  }
  ArmWakeup();
  return Status::Ok();
}

Status Driver::Start(const ExecutionInfo& info, asl::DefinitionPtr definition,
                     std::optional<MockCase> mock) {
  TimePoint now = clock_.Now();
  StepResult started = StartExecution(*definition, info, now);
  started.state.mock = std::move(mock);
  StepResult r;
  try {
    r = Step(*definition, info, started.state, StepInput{}, now, kStartBudget, env_);
  } catch (const std::exception& e) {
    spdlog::error("execution {} failed internally in its first step: {}", info.arn, e.what());
    r = FailInternally(started.state, e.what(), now);
  }
  ExecutionRecord rec;
  rec.info = info;
  rec.state = r.state;
  rec.timer = r.timer;
  rec.record_version = 1;
  rec.map_runs = std::move(r.map_runs);
  std::vector<HistoryEvent> events = std::move(started.events);
  events.insert(events.end(), std::make_move_iterator(r.events.begin()),
                std::make_move_iterator(r.events.end()));
  if (r.terminal) {
    rec.status = r.terminal->status;
    rec.output = r.terminal->output;
    rec.error = r.terminal->error;
    rec.cause = r.terminal->cause;
    rec.stop_date = events.back().timestamp;
  }
  SFN_RETURN_IF_ERROR(store_.InsertExecution(rec, events));
  // Committed: now act on it as on any other transition.
  auto [it, inserted] =
      live_.emplace(info.arn, Live{info, std::move(definition), ExecutionState{}, std::nullopt, 1});
  if (!inserted) {
    return Status(ErrorCode::kInternalFailure, "execution " + info.arn + " is already running");
  }
  Notify(info.arn, events, r.terminal);
  Pending p;
  p.arn = info.arn;
  bool again = r.run_again;
  r.events.clear();
  p.result = std::move(r);
  Committed(it->second, p);
  if (again) Schedule(info.arn, StepInput::Kind::kRun);
  ArmWakeup();
  return Status::Ok();
}

Status Driver::Stop(const std::string& execution_arn, const std::optional<std::string>& error,
                    const std::optional<std::string>& cause, TimePoint* stop_date) {
  auto it = live_.find(execution_arn);
  if (it == live_.end()) {
    return Status(ErrorCode::kExecutionDoesNotExist,
                  "Execution Does Not Exist: '" + execution_arn + "'");
  }
  TimePoint now = clock_.Now();
  SFN_RETURN_IF_ERROR(StepNow(it->second, StepInput{StepInput::Kind::kStop, error, cause}, now));
  if (stop_date) *stop_date = now;
  return Status::Ok();
}

Status Driver::UpdateMapRun(const std::string& execution_arn, StepInput input) {
  auto it = live_.find(execution_arn);
  if (it == live_.end()) {
    return Status(ErrorCode::kResourceNotFound, "Resource not found: '" + input.map_run_arn + "'");
  }
  input.kind = StepInput::Kind::kUpdateMapRun;
  return StepNow(it->second, input, clock_.Now());
}

Status Driver::Complete(const std::string& execution_arn, TaskCompletion completion) {
  auto it = live_.find(execution_arn);
  if (it == live_.end()) {
    return Status(ErrorCode::kExecutionDoesNotExist,
                  "Execution Does Not Exist: '" + execution_arn + "'");
  }
  StepInput in;
  in.kind = StepInput::Kind::kTaskAnswer;
  in.completion = std::move(completion);
  return StepNow(it->second, in, clock_.Now());
}

StepResult Driver::SafeStep(Live& live, const StepInput& input, TimePoint now, int budget) {
  try {
    return Step(*live.definition, live.info, live.state, input, now, budget, env_);
  } catch (const std::exception& e) {
    // An internal bug: this execution ends with a clear error, nothing else
    // is disturbed.
    spdlog::error("execution {} failed internally: {}", live.info.arn, e.what());
    return FailInternally(live.state, e.what(), now);
  }
}

Status Driver::StepNow(Live& live, const StepInput& input, TimePoint now) {
  std::string arn = live.info.arn;  // `live` is gone once the execution ends
  StepResult r = SafeStep(live, input, now, kBudget);
  bool again = r.run_again;
  SFN_RETURN_IF_ERROR(Apply(live, std::move(r)));
  if (again) Schedule(arn, StepInput::Kind::kRun);
  return Status::Ok();
}

void Driver::AdvanceClock(Millis delta) {
  clock_.AdvanceTo(clock_.Now() + delta);
  FireDue();
  ArmWakeup();
}

void Driver::Schedule(const std::string& arn, StepInput::Kind kind) {
  ++queued_;
  ready_.emplace_back(arn, kind);
  if (turn_posted_) return;
  turn_posted_ = true;
  boost::asio::post(io_, [this] { Turn(); });
}

void Driver::Turn() {
  turn_posted_ = false;
  // Step up to kBatch executions, one input each: an execution scheduled
  // twice waits for the next turn, so that its second step sees the first.
  std::vector<Pending> batch;
  std::set<std::string> in_batch;
  std::deque<std::pair<std::string, StepInput::Kind>> later;
  while (!ready_.empty() && batch.size() < kBatch) {
    auto [arn, kind] = std::move(ready_.front());
    ready_.pop_front();
    if (in_batch.count(arn) > 0) {
      later.emplace_back(std::move(arn), kind);
      continue;
    }
    --queued_;
    auto it = live_.find(arn);
    if (it == live_.end()) continue;  // finished or stopped meanwhile
    Live& live = it->second;
    StepInput in;
    in.kind = kind;
    StepResult r = SafeStep(live, in, clock_.Now(), kBudget);
    in_batch.insert(arn);
    batch.push_back(Prepare(live, std::move(r)));
  }
  for (auto it = later.rbegin(); it != later.rend(); ++it) ready_.push_front(std::move(*it));
  std::vector<const Transition*> writes;
  for (const Pending& p : batch) {
    if (p.transition) writes.push_back(&*p.transition);
  }
  bool group_ok = writes.empty() || store_.CommitTransitions(writes).ok();
  for (Pending& p : batch) {
    auto it = live_.find(p.arn);
    if (it == live_.end()) continue;
    if (!group_ok && p.transition && !store_.CommitTransition(*p.transition).ok()) {
      // Nothing of this transition happened. Try the same input again later.
      SetTimer(p.arn, clock_.Now() + Millis(1000));
      continue;
    }
    bool again = p.result.run_again;
    std::string arn = p.arn;
    Committed(it->second, p);
    if (again) Schedule(arn, StepInput::Kind::kRun);
  }
  ArmWakeup();
  if (!ready_.empty() && !turn_posted_) {
    turn_posted_ = true;
    boost::asio::post(io_, [this] { Turn(); });
  }
  MaybeAutoAdvance();
}

void Driver::RunOne(const std::string& arn, StepInput input) {
  auto it = live_.find(arn);
  if (it == live_.end()) return;  // finished or stopped meanwhile
  if (!StepNow(it->second, input, clock_.Now()).ok()) {
    // The commit failed: nothing happened. Try the same input again later.
    SetTimer(arn, clock_.Now() + Millis(1000));
    ArmWakeup();
  }
}

Driver::Pending Driver::Prepare(Live& live, StepResult r) {
  Pending p;
  p.arn = live.info.arn;
  bool unchanged = r.events.empty() && !r.terminal && r.timer == live.timer && r.map_runs.empty();
  if (!unchanged) {
    Transition t;
    t.execution_arn = p.arn;
    t.expected_record_version = live.record_version;
    t.state = r.state;
    t.events = std::move(r.events);
    t.timer = r.timer;
    t.terminal = r.terminal;
    t.map_runs = std::move(r.map_runs);
    if (r.terminal) t.stop_date = t.events.empty() ? clock_.Now() : t.events.back().timestamp;
    p.transition = std::move(t);
  }
  p.result = std::move(r);
  return p;
}

void Driver::Committed(Live& live, Pending& p) {
  std::string arn = p.arn;
  StepResult& r = p.result;
  if (p.transition) {
    ++live.record_version;
    Notify(arn, p.transition->events, p.transition->terminal);
  }
  std::vector<TaskDispatch> dispatch = std::move(r.dispatch);
  live.state = std::move(r.state);
  if (r.terminal) {
    SetTimer(arn, std::nullopt);
    live_.erase(arn);  // `live` is gone from here on
  } else {
    SetTimer(arn, r.timer);
  }
  // Only now that the scheduling is durable may the invocations start.
  if (!dispatch.empty()) Dispatch(arn, std::move(dispatch));
}

void Driver::Notify(const std::string& arn, const std::vector<HistoryEvent>& events,
                    const std::optional<Terminal>& terminal) {
  if (!observer_ || events.empty()) return;
  observer_(TransitionNotice{arn, terminal ? terminal->status : ExecutionStatus::kRunning,
                             events.back().id});
}

Status Driver::Apply(Live& live, StepResult r) {
  Pending p = Prepare(live, std::move(r));
  if (p.transition) SFN_RETURN_IF_ERROR(store_.CommitTransition(*p.transition));
  Committed(live, p);
  ArmWakeup();
  return Status::Ok();
}

void Driver::Dispatch(const std::string& arn, std::vector<TaskDispatch> dispatch) {
  for (TaskDispatch& d : dispatch) {
    const TaskIntegration* integration =
        env_.integrations ? env_.integrations->Find(d.task.integration) : nullptr;
    if (integration == nullptr) continue;  // the step failed such a task already
    ++in_flight_;
    int64_t frame_id = d.frame_id;
    int64_t attempt = d.task_attempt;
    integration->Dispatch(d.task, [this, arn, frame_id, attempt](TaskAnswer answer) {
      boost::asio::post(io_, [this, arn, frame_id, attempt, answer = std::move(answer)]() mutable {
        --in_flight_;
        StepInput in;
        in.kind = StepInput::Kind::kTaskAnswer;
        in.completion = TaskCompletion{frame_id, attempt, std::move(answer)};
        RunOne(arn, std::move(in));
        MaybeAutoAdvance();
      });
    });
  }
}

void Driver::SetTimer(const std::string& arn, std::optional<TimePoint> at) {
  auto it = live_.find(arn);
  if (it == live_.end()) return;
  if (it->second.timer) timers_.erase({*it->second.timer, arn});
  it->second.timer = at;
  if (at) timers_.insert({*at, arn});
}

void Driver::ArmWakeup() {
  if (timers_.empty()) {
    wakeup_.cancel();
    return;
  }
  if (clock_.IsVirtual()) {
    if (in_flight_ > 0 && clock_.AutoAdvance()) {
      // Real work is under way (a Lambda invocation): virtual time keeps at
      // least the pace of real time, so a Task's TimeoutSeconds still fires
      // on a hung function instead of waiting for it forever.
      TimePoint due = timers_.begin()->first;
      Millis delay = due - clock_.Now();
      if (delay < Millis(0)) delay = Millis(0);
      wakeup_.expires_after(delay);
      wakeup_.async_wait([this, due](const boost::system::error_code& ec) {
        if (ec) return;
        if (clock_.Now() < due) clock_.AdvanceTo(due);
        FireDue();
        ArmWakeup();
      });
      return;
    }
    wakeup_.cancel();
    MaybeAutoAdvance();
    return;
  }
  Millis delay = clock_.RealDelay(timers_.begin()->first - clock_.Now());
  if (delay < Millis(0)) delay = Millis(0);
  wakeup_.expires_after(delay);
  wakeup_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) OnWakeup();
  });
}

void Driver::OnWakeup() {
  FireDue();
  ArmWakeup();
}

void Driver::FireDue() {
  TimePoint now = clock_.Now();
  while (!timers_.empty() && timers_.begin()->first <= now) {
    std::string arn = timers_.begin()->second;
    timers_.erase(timers_.begin());
    auto it = live_.find(arn);
    if (it != live_.end()) it->second.timer.reset();
    Schedule(arn, StepInput::Kind::kTimerFired);
  }
}

void Driver::MaybeAutoAdvance() {
  if (!clock_.AutoAdvance() || auto_advance_posted_ || queued_ > 0 || in_flight_ > 0 ||
      timers_.empty()) {
    return;
  }
  auto_advance_posted_ = true;
  boost::asio::post(io_, [this] {
    auto_advance_posted_ = false;
    if (queued_ > 0 || in_flight_ > 0 || timers_.empty()) return;
    clock_.AdvanceTo(timers_.begin()->first);
    FireDue();
  });
}

}  // namespace sfn::engine
