#include "emulator/engine/driver.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <exception>

#include "emulator/core/fatal_signals.h"

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

Status Driver::Recover(const std::map<std::string, std::string>& crashed) {
  if (clock_.IsVirtual()) {
    SFN_ASSIGN_OR_RETURN(std::optional<TimePoint> latest, store_.LatestEventTime());
    if (latest) clock_.AdvanceTo(*latest);
  }
  SFN_ASSIGN_OR_RETURN(std::vector<ExecutionRecord> running, store_.LoadRunningExecutions());
  for (ExecutionRecord& rec : running) {
    if (auto it = crashed.find(rec.info.arn); it != crashed.end()) {
      SFN_RETURN_IF_ERROR(FailAtRecovery(rec, it->second));
      continue;
    }
    if (rec.load_error) {
      SFN_RETURN_IF_ERROR(
          FailAtRecovery(rec, "its saved state could not be read (" + *rec.load_error + ")"));
      continue;
    }
    Result<asl::DefinitionPtr> def = definitions_.Load(rec.info.revision_id);
    if (!def.ok()) {
      SFN_RETURN_IF_ERROR(FailAtRecovery(rec, "its state machine definition could not be loaded (" +
                                                  def.status().message() + ")"));
      continue;
    }
    std::string arn = rec.info.arn;
    // An Express start record runs again from its start (at-least-once).
    Persistence persistence =
        rec.info.express() ? Persistence::kStartRecord : Persistence::kDurable;
    Live live{std::move(rec.info), *def,   std::move(rec.state), std::nullopt, rec.record_version,
              persistence,         nullptr};
    bool outside = AwaitsOutside(live.state);
    Live& placed = live_.emplace(arn, std::move(live)).first->second;
    placed.rewrite_frames = true;
    CountOutside(placed, outside);
    // The step re-derives what is due, runnable or waiting from the state.
    SetTimer(arn, rec.timer);
    Schedule(arn, StepInput::Kind::kResume);
  }
  ArmWakeup();
  return Status::Ok();
}

Status Driver::FailAtRecovery(ExecutionRecord& rec, const std::string& cause) {
  spdlog::error("execution {} cannot be resumed: {}; it is failed so that the others can resume",
                rec.info.arn, cause);
  // An Express execution's start record keeps no history: it goes, as it
  // would at the execution's end (Ended).
  if (rec.info.express()) return store_.DeleteExecution(rec.info.arn);
  StepResult r = FailInternally(rec.state, cause, Now());
  Transition t;
  t.execution_arn = rec.info.arn;
  t.expected_record_version = rec.record_version;
  t.state = std::move(r.state);
  t.events = std::move(r.events);
  t.terminal = r.terminal;
  t.stop_date = t.events.back().timestamp;
  return store_.CommitTransition(t);
}

Driver::Starting Driver::PrepareStart(const ExecutionInfo& info, asl::DefinitionPtr definition,
                                      StartOptions options) {
  TimePoint now = Now();
  StepResult started = StartExecution(*definition, info, now);
  started.state.mock = std::move(options.mock);
  StepResult r;
  {
    FatalSignalScope crash_scope(info.arn);
    try {
      r = Step(*definition, info, started.state, StepInput{}, now, kStartBudget, env_);
    } catch (const std::exception& e) {
      spdlog::error("execution {} failed internally in its first step: {}", info.arn, e.what());
      r = FailInternally(started.state, e.what(), now);
    }
  }
  Starting out;
  out.info = info;
  out.definition = std::move(definition);
  out.persistence = options.persistence;
  out.on_end = std::move(options.on_end);
  out.events = std::move(started.events);
  out.events.insert(out.events.end(), std::make_move_iterator(r.events.begin()),
                    std::make_move_iterator(r.events.end()));
  r.events.clear();
  const bool durable = options.persistence == Persistence::kDurable;
  out.write = durable || (options.persistence == Persistence::kStartRecord && !r.terminal);
  if (out.write) {
    ExecutionRecord& rec = out.record;
    rec.info = info;
    rec.record_version = 1;
    if (durable) {
      rec.state = std::move(r.state);  // back into `result` once inserted (Launch)
      rec.timer = r.timer;
      rec.map_runs = std::move(r.map_runs);
      rec.task_tokens = r.task_tokens;
      if (r.terminal) {
        rec.status = r.terminal->status;
        rec.output = r.terminal->output;
        rec.error = r.terminal->error;
        rec.cause = r.terminal->cause;
        rec.not_redrivable = r.terminal->not_redrivable;
        rec.stop_date = out.events.back().timestamp;
      }
    } else {
      // What a restart runs again: the execution from its start.
      rec.state = started.state;
    }
  }
  out.result = std::move(r);
  return out;
}

Status Driver::Launch(Starting& start) {
  const bool durable = start.persistence == Persistence::kDurable;
  StepResult& r = start.result;
  if (durable && start.write) r.state = std::move(start.record.state);
  // Committed: now act on it as on any other transition.
  auto [it, inserted] = live_.emplace(
      start.info.arn, Live{start.info, std::move(start.definition), ExecutionState{}, std::nullopt,
                           1, start.persistence, std::move(start.on_end)});
  if (!inserted) {
    return Status(ErrorCode::kInternalFailure,
                  "execution " + start.info.arn + " is already running");
  }
  if (durable) Notify(start.info.arn, start.events, r.terminal);
  Pending p;
  p.arn = start.info.arn;
  p.stop_date = start.events.back().timestamp;
  bool again = r.run_again;
  p.result = std::move(r);
  Committed(it->second, p);
  if (again) Schedule(start.info.arn, StepInput::Kind::kRun);
  return Status::Ok();
}

Status Driver::Start(const ExecutionInfo& info, asl::DefinitionPtr definition,
                     StartOptions options) {
  Starting start = PrepareStart(info, std::move(definition), std::move(options));
  if (start.write) {
    const bool durable = start.persistence == Persistence::kDurable;
    SFN_RETURN_IF_ERROR(
        store_.InsertExecution(start.record, durable ? start.events : std::vector<HistoryEvent>{}));
  }
  Status launched = Launch(start);
  ArmWakeup();
  return launched;
}

void Driver::StartBatched(const ExecutionInfo& info, asl::DefinitionPtr definition,
                          StartOptions options, StartCommitted done) {
  options.persistence = Persistence::kDurable;
  Starting start = PrepareStart(info, std::move(definition), std::move(options));
  start.waiters.push_back(std::move(done));
  starting_index_[info.arn] = starting_.size();
  starting_.push_back(std::move(start));
  PostTurn();
}

const ExecutionRecord* Driver::FindStarting(const std::string& execution_arn) const {
  auto it = starting_index_.find(execution_arn);
  return it == starting_index_.end() ? nullptr : &starting_[it->second].record;
}

bool Driver::WhenStarted(const std::string& execution_arn, StartCommitted done) {
  auto it = starting_index_.find(execution_arn);
  if (it == starting_index_.end()) return false;
  starting_[it->second].waiters.push_back(std::move(done));
  return true;
}

Status Driver::Stop(const std::string& execution_arn, const std::optional<std::string>& error,
                    const std::optional<std::string>& cause, TimePoint* stop_date) {
  auto it = live_.find(execution_arn);
  if (it == live_.end()) {
    return Status(ErrorCode::kExecutionDoesNotExist,
                  "Execution Does Not Exist: '" + execution_arn + "'");
  }
  TimePoint now = Now();
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
  return StepNow(it->second, input, Now());
}

namespace {

Status TaskGone() {
  return Status(ErrorCode::kTaskTimedOut, "Task Timed Out: 'Provided task does not exist anymore'");
}

}  // namespace

Result<TimePoint> Driver::Redrive(const std::string& execution_arn,
                                  const std::optional<std::string>& client_token) {
  if (live_.count(execution_arn) > 0) {
    return Status(ErrorCode::kExecutionNotRedrivable,
                  "Execution is RUNNING and cannot be redriven");
  }
  SFN_ASSIGN_OR_RETURN(ExecutionRecord rec, store_.LoadExecution(execution_arn));
  SFN_ASSIGN_OR_RETURN(asl::DefinitionPtr def, definitions_.Load(rec.info.revision_id));
  if (!rec.state.done || rec.state.redrive.empty()) {
    return Status(ErrorCode::kExecutionNotRedrivable, "Execution has nothing to redrive");
  }
  ++rec.info.redrive_count;
  TimePoint now = Now();
  auto [it, inserted] = live_.emplace(
      execution_arn, Live{std::move(rec.info), std::move(def), std::move(rec.state), std::nullopt,
                          rec.record_version, Persistence::kDurable, nullptr});
  Live& live = it->second;
  live.rewrite_frames = true;
  StepInput in;
  in.kind = StepInput::Kind::kRedrive;
  StepResult r = SafeStep(live, in, now, kStartBudget);
  bool again = r.run_again;
  Pending p = Prepare(live, std::move(r));
  if (!p.transition) {
    live_.erase(it);
    return Status(ErrorCode::kInternalFailure, "the redrive of " + execution_arn + " did nothing");
  }
  p.transition->redrive = RedriveMark{live.info.redrive_count, now, client_token};
  if (Status s = store_.CommitTransition(*p.transition); !s.ok()) {
    live_.erase(it);
    return s;
  }
  Committed(live, p);
  if (again) Schedule(execution_arn, StepInput::Kind::kRun);
  ArmWakeup();
  return now;
}

Status Driver::Complete(const std::string& execution_arn, TaskCompletion completion) {
  auto it = live_.find(execution_arn);
  if (it == live_.end()) {
    return Status(ErrorCode::kExecutionDoesNotExist,
                  "Execution Does Not Exist: '" + execution_arn + "'");
  }
  if (!Awaits(it->second.state, completion)) return TaskGone();
  StepInput in;
  in.kind = StepInput::Kind::kTaskAnswer;
  in.completion = std::move(completion);
  return StepNow(it->second, in, Now());
}

Status Driver::CompleteToken(const std::string& execution_arn, const std::string& token,
                             TaskAnswer answer) {
  auto it = live_.find(execution_arn);
  if (it == live_.end()) return TaskGone();
  std::optional<TaskCompletion> c = CompletionForToken(it->second.state, token, std::move(answer));
  if (!c) return TaskGone();
  return Complete(execution_arn, std::move(*c));
}

StepResult Driver::SafeStep(Live& live, const StepInput& input, TimePoint now, int budget) {
  // A crash from here on names this execution (fatal_signals.h).
  FatalSignalScope crash_scope(live.info.arn);
  // A durable execution's state moves into the step instead of being copied
  // (a Map with thousands of iterations in flight would cost a copy per
  // step): the store keeps the last committed state, which Restore() reads
  // back when the step throws or its commit fails. Express executions keep
  // no such copy in the store, so theirs is copied.
  const bool durable = live.persistence == Persistence::kDurable;
  try {
    if (durable) {
      return Step(*live.definition, live.info, std::move(live.state), input, now, budget, env_);
    }
    return Step(*live.definition, live.info, live.state, input, now, budget, env_);
  } catch (const std::exception& e) {
    // An internal bug: this execution ends with a clear error, nothing else
    // is disturbed.
    spdlog::error("execution {} failed internally: {}", live.info.arn, e.what());
    if (durable) Restore(live);
    return FailInternally(live.state, e.what(), now);
  }
}

void Driver::Restore(Live& live) {
  if (live.persistence != Persistence::kDurable) return;
  Result<ExecutionRecord> rec = store_.LoadExecution(live.info.arn);
  if (!rec.ok()) {
    // The store cannot be read either: the execution stays as it is here
    // until a restart resumes it from its last committed row.
    spdlog::error("cannot reload the committed state of {}: {}", live.info.arn,
                  rec.status().ToString());
    return;
  }
  live.state = std::move(rec->state);
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
  clock_.AdvanceTo(Now() + delta);
  FireDue();
  ArmWakeup();
}

void Driver::Schedule(const std::string& arn, StepInput::Kind kind) {
  ++queued_;
  ready_.emplace_back(arn, kind);
  PostTurn();
}

void Driver::PostTurn() {
  if (turn_posted_) return;
  turn_posted_ = true;
  boost::asio::post(io_, [this] { Turn(); });
}

bool Driver::CommitTurn(const std::vector<const Transition*>& writes) {
  std::vector<Starting> starts = std::move(starting_);
  starting_.clear();
  starting_index_.clear();
  std::vector<ExecutionStore::NewExecution> rows;
  rows.reserve(starts.size());
  for (const Starting& st : starts) rows.push_back({&st.record, &st.events});
  bool group_ok = (rows.empty() && writes.empty()) || store_.CommitGroup(rows, writes).ok();
  for (Starting& st : starts) {
    // A failed group: each start is committed on its own, and answered with
    // its own outcome; one that cannot be stored is answered so and dropped.
    Status committed = group_ok ? Status::Ok() : store_.InsertExecution(st.record, st.events);
    ExecutionStatus status = st.record.status;
    std::vector<StartCommitted> waiters = std::move(st.waiters);
    if (committed.ok()) committed = Launch(st);
    if (!committed.ok()) {
      spdlog::warn("execution {} could not be started: {}", st.info.arn, committed.ToString());
    }
    for (StartCommitted& w : waiters) w(committed, status);
  }
  return group_ok;
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
    StepResult r = SafeStep(live, in, Now(), kBudget);
    in_batch.insert(arn);
    batch.push_back(Prepare(live, std::move(r)));
  }
  for (auto it = later.rbegin(); it != later.rend(); ++it) ready_.push_front(std::move(*it));
  std::vector<const Transition*> writes;
  for (const Pending& p : batch) {
    if (p.transition) writes.push_back(&*p.transition);
  }
  // New executions (StartBatched) join the same transaction.
  bool group_ok = CommitTurn(writes);
  for (Pending& p : batch) {
    auto it = live_.find(p.arn);
    if (it == live_.end()) continue;
    if (!group_ok && p.transition && !store_.CommitTransition(*p.transition).ok()) {
      // Nothing of this transition happened. Try the same input again later.
      Restore(it->second);
      SetTimer(p.arn, Now() + Millis(1000));
      continue;
    }
    bool again = p.result.run_again;
    std::string arn = p.arn;
    Committed(it->second, p);
    if (again) Schedule(arn, StepInput::Kind::kRun);
  }
  ArmWakeup();
  if (!ready_.empty() || !starting_.empty()) PostTurn();
  MaybeAutoAdvance();
}

void Driver::RunOne(const std::string& arn, StepInput input) {
  auto it = live_.find(arn);
  if (it == live_.end()) return;  // finished or stopped meanwhile
  if (!StepNow(it->second, input, Now()).ok()) {
    // The commit failed: nothing happened. Try the same input again later.
    SetTimer(arn, Now() + Millis(1000));
    ArmWakeup();
  }
}

Driver::Pending Driver::Prepare(Live& live, StepResult r) {
  Pending p;
  p.arn = live.info.arn;
  if (r.terminal) p.stop_date = r.events.empty() ? Now() : r.events.back().timestamp;
  bool unchanged = r.events.empty() && !r.terminal && r.timer == live.timer && r.map_runs.empty() &&
                   r.task_tokens.empty() && !r.state_changed;
  // Express executions keep no history and no intermediate state.
  if (!unchanged && live.persistence == Persistence::kDurable) {
    Transition t;
    t.execution_arn = p.arn;
    t.expected_record_version = live.record_version;
    // Moved, not copied: a large state (a Map's thousands of frames) would
    // cost a copy per commit. Committed() moves it on into `live`.
    t.state = std::move(r.state);
    if (!live.rewrite_frames) t.touched_frames = std::move(r.touched_frames);
    t.events = std::move(r.events);
    t.timer = r.timer;
    t.terminal = r.terminal;
    t.map_runs = std::move(r.map_runs);
    t.task_tokens = r.task_tokens;
    if (r.terminal) t.stop_date = p.stop_date;
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
    live.rewrite_frames = false;
    Notify(arn, p.transition->events, p.transition->terminal);
  }
  std::vector<TaskDispatch> dispatch = std::move(r.dispatch);
  std::vector<TaskDispatch> awaits = std::move(r.awaits);
  std::vector<TaskDispatch> cancels = std::move(r.cancels);
  live.state = p.transition ? std::move(p.transition->state) : std::move(r.state);
  if (r.terminal) {
    CountOutside(live, false);
    SetTimer(arn, std::nullopt);
    Ended(live, *r.terminal, p.stop_date);  // `live` is gone from here on
  } else {
    CountOutside(live, AwaitsOutside(live.state));
    SetTimer(arn, r.timer);
  }
  // Only now that the scheduling is durable may the invocations start.
  if (!dispatch.empty()) Dispatch(arn, std::move(dispatch));
  if (!awaits.empty()) Await(arn, std::move(awaits));
  if (!cancels.empty()) Cancel(arn, cancels);
}

void Driver::CountOutside(Live& live, bool outside) {
  if (live.outside == outside) return;
  BeforeBusyChange();
  live.outside = outside;
  if (outside) {
    ++outside_;
  } else {
    --outside_;
  }
  AfterBusyChange();
}

TimePoint Driver::Now() {
  if (paced_) {
    auto real = std::chrono::steady_clock::now();
    auto elapsed = std::chrono::duration_cast<Millis>(real - paced_since_);
    if (elapsed > Millis(0)) {
      clock_.AdvanceTo(clock_.Now() + elapsed);
      paced_since_ += elapsed;
    }
  }
  return clock_.Now();
}

void Driver::BeforeBusyChange() { (void)Now(); }

void Driver::AfterBusyChange() {
  bool pace = clock_.AutoAdvance() && Busy();
  if (pace && !paced_) paced_since_ = std::chrono::steady_clock::now();
  paced_ = pace;
}

void Driver::Ended(Live& live, const Terminal& terminal, TimePoint stop_date) {
  std::function<void(const ExecutionEnd&)> on_end = std::move(live.on_end);
  Persistence persistence = live.persistence;
  std::string arn = live.info.arn;
  live_.erase(arn);
  if (persistence == Persistence::kStartRecord) {
    // Best effort: a record left behind only makes a restart run the
    // execution again, which at-least-once allows.
    if (Status s = store_.DeleteExecution(arn); !s.ok()) {
      spdlog::warn("cannot remove the start record of {}: {}", arn, s.ToString());
    }
  }
  if (on_end) on_end(ExecutionEnd{terminal, stop_date});
}

void Driver::Notify(const std::string& arn, const std::vector<HistoryEvent>& events,
                    const std::optional<Terminal>& terminal) {
  if (observers_.empty() || events.empty()) return;
  TransitionNotice notice{arn, terminal ? terminal->status : ExecutionStatus::kRunning,
                          events.back().id};
  for (const TransitionObserver& observer : observers_) observer(notice);
}

Status Driver::Apply(Live& live, StepResult r) {
  Pending p = Prepare(live, std::move(r));
  if (p.transition) {
    if (Status s = store_.CommitTransition(*p.transition); !s.ok()) {
      Restore(live);  // nothing of this transition happened
      return s;
    }
  }
  Committed(live, p);
  ArmWakeup();
  return Status::Ok();
}

void Driver::Dispatch(const std::string& arn, std::vector<TaskDispatch> dispatch) {
  for (TaskDispatch& d : dispatch) {
    const TaskIntegration* integration =
        env_.integrations ? env_.integrations->Find(d.task.integration) : nullptr;
    if (integration == nullptr) continue;  // the step failed such a task already
    BeforeBusyChange();
    ++in_flight_;
    AfterBusyChange();
    int64_t frame_id = d.frame_id;
    int64_t attempt = d.task_attempt;
    integration->Dispatch(d.task, [this, arn, frame_id, attempt](TaskAnswer answer) {
      boost::asio::post(io_, [this, arn, frame_id, attempt, answer = std::move(answer)]() mutable {
        BeforeBusyChange();
        --in_flight_;
        AfterBusyChange();
        StepInput in;
        in.kind = StepInput::Kind::kTaskAnswer;
        in.completion = TaskCompletion{frame_id, attempt, std::move(answer)};
        RunOne(arn, std::move(in));
        MaybeAutoAdvance();
      });
    });
  }
}

void Driver::Await(const std::string& arn, std::vector<TaskDispatch> awaits) {
  for (TaskDispatch& d : awaits) {
    const TaskIntegration* integration =
        env_.integrations ? env_.integrations->Find(d.task.integration) : nullptr;
    if (integration == nullptr) continue;
    int64_t frame_id = d.frame_id;
    int64_t attempt = d.task_attempt;
    // Not counted in flight: a job's end may be far off (a child execution
    // with its own timers), and the clock must be free to move meanwhile.
    integration->Await(d.task, [this, arn, frame_id, attempt](TaskAnswer answer) {
      boost::asio::post(io_, [this, arn, frame_id, attempt, answer = std::move(answer)]() mutable {
        StepInput in;
        in.kind = StepInput::Kind::kTaskAnswer;
        in.completion = TaskCompletion{frame_id, attempt, std::move(answer)};
        RunOne(arn, std::move(in));
        MaybeAutoAdvance();
      });
    });
  }
}

void Driver::Cancel(const std::string& arn, const std::vector<TaskDispatch>& cancels) {
  for (const TaskDispatch& d : cancels) {
    const TaskIntegration* integration =
        env_.integrations ? env_.integrations->Find(d.task.integration) : nullptr;
    if (integration != nullptr)
      integration->Cancel(d.task, TaskRef{arn, d.frame_id, d.task_attempt});
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
    if (Busy() && clock_.AutoAdvance()) {
      // Real work is under way (a Lambda invocation, a worker or a callback
      // holding a task token): virtual time keeps at least the pace of real
      // time, so a Task's TimeoutSeconds still fires on a hung function
      // instead of waiting for it forever, and HeartbeatSeconds gives a
      // worker its real seconds.
      TimePoint due = timers_.begin()->first;
      Millis delay = due - Now();
      if (delay < Millis(0)) delay = Millis(0);
      wakeup_.expires_after(delay);
      wakeup_.async_wait([this, due](const boost::system::error_code& ec) {
        if (ec) return;
        if (Now() < due) clock_.AdvanceTo(due);
        FireDue();
        ArmWakeup();
      });
      return;
    }
    wakeup_.cancel();
    MaybeAutoAdvance();
    return;
  }
  Millis delay = clock_.RealDelay(timers_.begin()->first - Now());
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
  TimePoint now = Now();
  while (!timers_.empty() && timers_.begin()->first <= now) {
    std::string arn = timers_.begin()->second;
    timers_.erase(timers_.begin());
    auto it = live_.find(arn);
    if (it != live_.end()) it->second.timer.reset();
    Schedule(arn, StepInput::Kind::kTimerFired);
  }
}

void Driver::MaybeAutoAdvance() {
  if (!clock_.AutoAdvance() || auto_advance_posted_ || queued_ > 0 || !starting_.empty() ||
      Busy() || timers_.empty()) {
    return;
  }
  auto_advance_posted_ = true;
  boost::asio::post(io_, [this] {
    auto_advance_posted_ = false;
    if (queued_ > 0 || !starting_.empty() || Busy() || timers_.empty()) return;
    clock_.AdvanceTo(timers_.begin()->first);
    FireDue();
  });
}

}  // namespace sfn::engine
