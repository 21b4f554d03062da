// The step loop: frames, events and their ids, the history quota, the
// context object, variable scoping, Retry and Catch. What a state does is
// its runner's (emulator/states/runner.h).
#include "emulator/engine/step.h"

#include "emulator/dataflow/io_paths.h"
#include "emulator/engine/interpreter.h"
#include "emulator/states/pipeline.h"
#include "emulator/states/retry_catch.h"

namespace sfn::engine {
namespace internal {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// The cause an execution fails with at the history quota (our wording: no
// recording shows AWS's).
constexpr char kHistoryFullCause[] =
    "The execution reached the maximum number of events in its history (25,000).";

// The cause of an execution that an internal error ended.
constexpr char kInternalErrorCause[] =
    "sfn-emulator failed internally while running this execution (please report it): ";

// AWS's limit on a state's input/output and on execution input/output
// ("Quotas": 256 KiB of UTF-8).
constexpr size_t kMaxPayloadBytes = 256 * 1024;

// AWS "Choosing workflow type": an Express workflow runs for at most five
// minutes.
constexpr std::chrono::seconds kExpressMaxDuration{300};

}  // namespace

void Interpreter::Stop(const StepInput& in) {
  SnapshotAllMapRuns("ABORTED");
  Finish(Terminal{ExecutionStatus::kAborted, std::nullopt, in.error, in.cause},
         events::ExecutionAborted(in.error, in.cause), /*link=*/0);
}

bool Interpreter::TimedOut() {
  if (!s_.deadline || now_ < *s_.deadline) return false;
  SnapshotAllMapRuns("ABORTED");
  Finish(Terminal{ExecutionStatus::kTimedOut, std::nullopt, std::nullopt, std::nullopt},
         events::ExecutionTimedOut(std::nullopt, std::nullopt), TopLink());
  return true;
}

// Wakes every frame whose time has come.
void Interpreter::FireTimers() {
  std::vector<int64_t> due;
  for (auto& [id, f] : s_.frames) {
    std::optional<TimePoint> wake = f.Wake();
    if (wake && *wake <= now_) due.push_back(id);
  }
  for (int64_t id : due) {
    if (r_.terminal) return;
    Frame* f = Get(id);
    if (f == nullptr) continue;
    std::optional<TimePoint> wake = f->Wake();
    if (!wake || *wake > now_) continue;
    const asl::State* st = StateOf(*f);
    if (st == nullptr) {
      FailFrame(*f, {MissingState(*f)});
      continue;
    }
    if (std::holds_alternative<Waiting>(f->phase)) {
      Waiting w = std::get<Waiting>(std::move(f->phase));
      f->phase = Running{};
      ExitState(*f, *st, std::move(w.output), std::move(w.next), w.assigned);
    } else if (std::holds_alternative<Retrying>(f->phase)) {
      RunBody(*f, *st);
    } else if (std::holds_alternative<AwaitingTask>(f->phase)) {
      TaskTimedOut(*f, *st);
    }
  }
}

// AWS's quota of 25,000 events per execution history ("Quotas related to
// state machine executions"): the execution fails when it is reached.
bool Interpreter::HistoryFull() {
  if (!history_full_ || r_.terminal) return false;
  Finish(Terminal{ExecutionStatus::kFailed, std::nullopt, std::string(errors::kRuntime),
                  std::string(kHistoryFullCause)},
         events::ExecutionFailed(std::string(errors::kRuntime), std::string(kHistoryFullCause)),
         TopLink());
  return true;
}

void Interpreter::RunLoop(int budget) {
  if (HistoryFull()) return;
  while (budget > 0 && !r_.terminal && !runnable_.empty() && !HistoryFull()) {
    int64_t id = runnable_.front();
    runnable_.pop_front();
    Frame* f = Get(id);
    while (f != nullptr && f->IsEntering() && budget > 0 && !r_.terminal) {
      EnterAndRun(*f);
      --budget;
      f = Get(id);
    }
    if (f != nullptr && f->IsEntering()) runnable_.push_front(id);
  }
  HistoryFull();
  r_.run_again = !r_.terminal && !runnable_.empty();
  if (!r_.terminal) r_.timer = NextWake();
}

Frame* Interpreter::Get(int64_t id) {
  auto it = s_.frames.find(id);
  if (it == s_.frames.end()) return nullptr;
  Touch(id);
  return &it->second;
}

std::optional<std::vector<int64_t>> Interpreter::Touched() const {
  if (all_touched_) return std::nullopt;
  return std::vector<int64_t>(touched_.begin(), touched_.end());
}

int64_t Interpreter::TopLink() {
  Frame* top = Get(0);
  return top ? top->link : s_.last_event_id;
}

// The body a frame runs in: the top level, or the branch/processor of the
// state that forked it (the child's index picks a Parallel branch).
const asl::StateMachineBody* Interpreter::BodyOf(const Frame& f) {
  if (f.parent < 0) return &def_.body;
  Frame* p = Get(f.parent);
  if (p == nullptr) return nullptr;
  const asl::State* owner = StateOf(*p);
  if (owner == nullptr) return nullptr;
  if (!owner->branches.empty()) {
    if (f.index < 0 || static_cast<size_t>(f.index) >= owner->branches.size()) return nullptr;
    return owner->branches[static_cast<size_t>(f.index)].get();
  }
  return owner->item_processor.get();
}

const asl::State* Interpreter::StateOf(const Frame& f) {
  const asl::StateMachineBody* body = BodyOf(f);
  return body ? body->Find(f.state_name) : nullptr;
}

// Only possible with a corrupt state row: validation rejects dangling Next.
Failure Interpreter::MissingState(const Frame& f) {
  return {errors::kRuntime, "State '" + f.state_name + "' does not exist."};
}

// The variables a frame sees: its own over its ancestors'.
Json Interpreter::Visible(const Frame& f) {
  std::vector<const Frame*> chain;
  for (const Frame* p = &f; p != nullptr; p = p->parent >= 0 ? Get(p->parent) : nullptr) {
    chain.push_back(p);
  }
  Json vars = Json::object();
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    for (auto v = (*it)->variables.begin(); v != (*it)->variables.end(); ++v) vars[v.key()] = *v;
  }
  return vars;
}

void Interpreter::Emit(Frame& f, HistoryEvent e, bool advance_link) {
  if (f.quiet) return;
  // The last id is kept for the ExecutionFailed that ends a full history.
  if (env_.max_history_events > 0 && s_.last_event_id >= env_.max_history_events - 1) {
    history_full_ = true;
    return;
  }
  e.id = ++s_.last_event_id;
  e.previous_event_id = f.link;
  e.timestamp = now_;
  if (advance_link) f.link = e.id;
  r_.events.push_back(std::move(e));
}

// An event a state runner made.
void Interpreter::Emit(Frame& f, states::Event e) {
  HistoryEvent h;
  h.type = std::move(e.type);
  h.details_key = std::move(e.details_key);
  h.details = std::move(e.details);
  Emit(f, std::move(h), e.advances_link);
}

void Interpreter::Finish(Terminal t, HistoryEvent e, int64_t link) {
  if (history_full_ &&
      (t.status == ExecutionStatus::kSucceeded || t.status == ExecutionStatus::kFailed)) {
    // Events were dropped at the quota: the execution cannot end as if not.
    t = Terminal{ExecutionStatus::kFailed, std::nullopt, std::string(errors::kRuntime),
                 std::string(kHistoryFullCause)};
    e = events::ExecutionFailed(t.error, t.cause);
  }
  e.id = ++s_.last_event_id;
  e.previous_event_id = link;
  e.timestamp = now_;
  r_.events.push_back(std::move(e));
  for (const auto& [id, f] : s_.frames) Abandon(f);
  // AWS "Redriving executions": a failed, timed-out or stopped execution
  // may be redriven unless its history has no room for it (fewer than
  // 24,999 events).
  if (t.status == ExecutionStatus::kSucceeded) {
    s_.failed.clear();
    s_.redrive.clear();
  } else if (history_full_ ||
             (env_.max_history_events > 0 && s_.last_event_id >= env_.max_history_events - 1)) {
    s_.failed.clear();
    s_.redrive.clear();
    t.not_redrivable = "Execution history event limit exceeded";
  } else {
    PlanRedrive();
  }
  for (const auto& [id, f] : s_.frames) Touch(id);
  s_.frames.clear();
  s_.done = true;
  runnable_.clear();
  r_.timer.reset();
  r_.terminal = std::move(t);
}

std::optional<TimePoint> Interpreter::NextWake() {
  std::optional<TimePoint> t = s_.deadline;
  for (auto& [id, f] : s_.frames) {
    std::optional<TimePoint> wake = f.Wake();
    if (wake && (!t || *wake < *t)) t = wake;
  }
  return t;
}

std::unique_ptr<Interpreter::Ctx> Interpreter::MakeCtx(const Frame& f, const asl::State& st) {
  if (context_.is_null()) {
    context_ = MakeContextObject(info_, st.name, f.entered_time);  // with this State
  } else {
    context_["State"] = Json{{"EnteredTime", FormatIso8601(f.entered_time)}, {"Name", st.name}};
  }
  if (RunnerFor(st).Retriable()) {
    // AWS "Context object": State.RetryCount, in the states that can retry
    // (a Pass state's $$ has no such member in AWS's recordings).
    int retries = 0;
    for (int a : f.attempts) retries += a;
    context_["State"]["RetryCount"] = retries;
  }
  return std::make_unique<Ctx>(st, context_, Visible(f), now_, f.entered_event_id, env_.random);
}

void Interpreter::EnterAndRun(Frame& f) {
  const asl::State* st = StateOf(f);
  if (st == nullptr) {
    FailFrame(f, {MissingState(f)});
    return;
  }
  f.input = std::get<Entering>(std::move(f.phase)).input;
  f.phase = Running{};
  // The first state sees the execution input as the client wrote it.
  bool first = f.parent < 0 && s_.last_event_id == 1;
  f.entered_link = f.link;
  Emit(f, states::events::StateEntered(asl::StateTypeName(st->type), st->name,
                                       first ? info_.input : DumpJson(f.input)));
  f.entered_event_id = f.quiet ? 0 : s_.last_event_id;
  f.entered_time = now_;
  f.attempts.clear();
  RunBody(f, *st);
}

// Runs the state on `f.input` (first time, or again after a retry).
void Interpreter::RunBody(Frame& f, const asl::State& st) {
  f.phase = Running{};
  auto c = MakeCtx(f, st);
  // AWS "Context object": Task.Token, while a .waitForTaskToken Task
  // evaluates its parameters; the token is then the task's.
  bool callback = st.type == asl::StateType::kTask && st.resource &&
                  SplitPattern(*st.resource).pattern == Pattern::kWaitForTaskToken;
  if (callback) {
    pending_token_ = NewToken(f);
    context_["Task"] = Json{{"Token", *pending_token_}};
  }
  Decision d = RunnerFor(st).Run(c->ctx, f.input);
  if (callback) context_.erase("Task");
  Apply(f, st, std::move(d));
  pending_token_.reset();
}

// Carries out a runner's decision for the state `st` of frame `f`.
void Interpreter::Apply(Frame& f, const asl::State& st, Decision d) {
  if (f.redrive_fork && !f.redrive_fork->map_run_arn.empty() &&
      std::holds_alternative<states::Fork>(d.command)) {
    // A redriven distributed Map resumes its map run (AWS "Redriving Map Runs").
    for (states::Event& e : d.events) {
      if (e.type == "MapRunStarted") {
        e = states::events::MapRunRedriven(f.redrive_fork->map_run_arn, info_.redrive_count);
      }
    }
  }
  for (states::Event& e : d.events) Emit(f, std::move(e));
  std::visit(Overloaded{
                 [&](states::Advance& a) {
                   ExitState(f, st, std::move(a.output), std::move(a.next), a.assigned);
                 },
                 [&](states::FailState& x) {
                   RecordEvaluationFailure(f, st, x.failure);
                   if (x.final_state) {
                     FailFrame(f, {x.failure, x.error_absent, x.cause_absent});
                   } else {
                     HandleFailure(f, st, x.failure, std::move(x.final_events));
                   }
                 },
                 [&](states::WaitUntil& w) {
                   if (w.until <= now_) {
                     // A wait that is already over: exit now, as AWS does for Seconds 0.
                     ExitState(f, st, std::move(w.output), std::move(w.next), w.assigned);
                   } else {
                     f.phase = Waiting{w.until, std::move(w.output), std::move(w.next),
                                       std::move(w.assigned)};
                   }
                 },
                 [&](states::Invoke& i) { Schedule(f, st, std::move(i)); },
                 [&](states::Fork& k) {
                   if (f.redrive_fork) ResumeFork(f, k.record);
                   f.phase = Forked{std::move(k.record)};
                   AdvanceFork(f, st);
                 },
             },
             d.command);
}

// Leaves the current state with `output` towards `next` (nullopt: the
// frame ends).
void Interpreter::ExitState(Frame& f, const asl::State& st, Json output,
                            std::optional<std::string> next, const Json& assigned) {
  // Checked before anything dumps or copies them (both recurse per level):
  // a document deeper than any the API accepts fails the state instead of
  // the process (our wording: AWS's Jackson refuses such text on input).
  if (JsonDepthExceeds(output) || JsonDepthExceeds(assigned)) {
    HandleFailure(f, st,
                  {errors::kDataLimitExceeded,
                   "The state/task '" + st.name +
                       "' returned a result nested deeper than the maximum of " +
                       std::to_string(kMaxJsonDepth) + " levels."});
    return;
  }
  std::string text = DumpJson(output);
  if (text.size() > kMaxPayloadBytes) {
    HandleFailure(f, st,
                  {errors::kDataLimitExceeded,
                   "The state/task '" + st.name +
                       "' returned a result with a size exceeding the maximum number "
                       "of bytes service limit."});
    return;
  }
  if (assigned.is_object()) {
    for (auto it = assigned.begin(); it != assigned.end(); ++it) f.variables[it.key()] = *it;
  }
  ForgetRedrive(f);
  Emit(f, states::events::StateExited(asl::StateTypeName(st.type), st.name, text, assigned));
  f.attempts.clear();
  f.input = nullptr;
  if (next) {
    f.phase = Entering{std::move(output)};
    f.state_name = *next;
    runnable_.push_back(f.id);
  } else {
    FrameSucceeded(f, std::move(output));
  }
}

void Interpreter::FrameSucceeded(Frame& f, Json output) {
  if (f.parent < 0) {
    std::string text = DumpJson(output);
    Finish(Terminal{ExecutionStatus::kSucceeded, text, std::nullopt, std::nullopt},
           events::ExecutionSucceeded(text), f.link);
    return;
  }
  ChildDone(f, std::move(output), nullptr);
}

void Interpreter::FailFrame(Frame& f, const FrameFailure& failure) {
  if (f.parent < 0) {
    std::optional<std::string> error, cause;
    if (!failure.error_absent) error = failure.failure.error;
    if (!failure.cause_absent) cause = failure.failure.cause;
    Finish(Terminal{ExecutionStatus::kFailed, std::nullopt, error, cause},
           events::ExecutionFailed(error, cause), f.link);
    return;
  }
  // The state whose uncaught failure ends a Parallel branch is aborted: AWS
  // writes <Type>StateAborted after its failure event (as recorded for a
  // Task; the API has the event for Task, Wait, Map and Parallel states). A
  // Map iteration ends with MapIterationFailed instead.
  const asl::State* st = StateOf(f);
  Frame* parent = Get(f.parent);
  const asl::State* owner = parent ? StateOf(*parent) : nullptr;
  bool abortable =
      st && (st->type == asl::StateType::kTask || st->type == asl::StateType::kWait ||
             st->type == asl::StateType::kMap || st->type == asl::StateType::kParallel);
  if (abortable && owner && owner->type == asl::StateType::kParallel) {
    Emit(f, states::events::Bare(std::string(asl::StateTypeName(st->type)) + "StateAborted"));
  }
  ChildDone(f, nullptr, &failure);
}

// A state's own evaluation failure: AWS writes EvaluationFailed for it in
// JSONata states (API reference, "EvaluationFailedEventDetails"). The event
// links to what the state's StateEntered linked to while the state has
// written nothing since, and a Wait's to its WaitStateEntered, as AWS's
// recordings show. The failure goes on as a plain one.
void Interpreter::RecordEvaluationFailure(Frame& f, const asl::State& st, Failure& failure) {
  if (!failure.evaluation) return;
  std::string location = std::move(*failure.evaluation);
  failure.evaluation.reset();
  if (st.query_language != asl::QueryLanguage::kJsonata || f.quiet) return;
  if (st.type != asl::StateType::kWait && f.link == f.entered_event_id) f.link = f.entered_link;
  Emit(f, states::events::EvaluationFailed(failure.error, failure.cause, location, st.name));
}

// Retry, else Catch, else the frame fails (ASL "Error handling").
// `final_events` are emitted only when the state is not retried.
void Interpreter::HandleFailure(Frame& f, const asl::State& st, const Failure& failure,
                                std::vector<states::Event> final_events, const FrameFailure* shape,
                                const char* match_as) {
  bool can_handle = RunnerFor(st).Retriable();
  Failure matched = match_as ? Failure{match_as, failure.cause} : failure;
  if (can_handle) {
    if (auto d = states::DecideRetry(st, matched, f.attempts, env_.random)) {
      ForgetRedrive(f);  // the state runs again from scratch
      if (f.attempts.size() <= d->retrier) f.attempts.resize(d->retrier + 1, 0);
      ++f.attempts[d->retrier];
      if (d->delay.count() <= 0) {
        RunBody(f, st);
      } else {
        f.phase = Retrying{now_ + d->delay};
      }
      return;
    }
  }
  for (states::Event& e : final_events) Emit(f, std::move(e));
  if (can_handle) {
    if (const asl::Catcher* c = states::FindCatcher(st, matched)) {
      auto cx = MakeCtx(f, st);
      Decision caught = states::ApplyCatcher(cx->ctx, *c, f.input, failure);
      if (auto* a = std::get_if<states::Advance>(&caught.command)) {
        ExitState(f, st, std::move(a->output), std::move(a->next), a->assigned);
      } else {
        // The catcher itself failed (its Assign or Output): no further
        // Retry or Catch.
        Failure failed = std::get<states::FailState>(caught.command).failure;
        RecordEvaluationFailure(f, st, failed);
        FailFrame(f, {std::move(failed)});
      }
      return;
    }
  }
  // A timeout has no cause (AWS leaves it out of ExecutionFailed).
  bool timeout = failure.error == errors::kTimeout && failure.cause.empty();
  FailFrame(f, {failure, shape && shape->error_absent, timeout || (shape && shape->cause_absent)});
}

}  // namespace internal

Json MakeContextObject(const ExecutionInfo& info, const std::string& state_name,
                       TimePoint entered_time) {
  Result<Json> input = ParseJson(info.input);  // once: it was parsed twice (issue 16 part 1)
  Json execution = {{"Id", info.arn},
                    {"Input", input.ok() ? std::move(input).value() : Json::object()},
                    {"StartTime", FormatIso8601(info.start_time)},
                    {"Name", info.name},
                    {"RoleArn", info.role_arn}};
  // Express executions cannot be redriven: AWS's recordings of their $$ have
  // no RedriveCount.
  if (!info.express()) execution["RedriveCount"] = info.redrive_count;
  return Json{{"Execution", std::move(execution)},
              {"StateMachine", {{"Id", info.state_machine_arn}, {"Name", info.state_machine_name}}},
              {"State", {{"EnteredTime", FormatIso8601(entered_time)}, {"Name", state_name}}}};
}

StepResult StartExecution(const asl::Definition& definition, const ExecutionInfo& info,
                          TimePoint now) {
  StepResult r;
  Frame top;
  top.id = 0;
  top.state_name = definition.body.start_at;
  Result<Json> input = ParseJson(info.input);
  top.phase = Entering{input.ok() ? std::move(input).value() : Json::object()};
  // The first state entered links to 0, not to ExecutionStarted (as AWS).
  top.link = 0;
  r.state.frames.emplace(0, std::move(top));
  if (definition.timeout_seconds) {
    // A deadline past the clock's end (core/time.h) is none.
    r.state.deadline = AddSeconds(now, *definition.timeout_seconds);
  }
  if (info.express() &&
      (!r.state.deadline || *r.state.deadline > now + internal::kExpressMaxDuration)) {
    r.state.deadline = now + internal::kExpressMaxDuration;
  }
  HistoryEvent started =
      events::ExecutionStarted(info.input, info.role_arn, info.version_arn, info.alias_arn);
  started.id = ++r.state.last_event_id;
  started.previous_event_id = 0;
  started.timestamp = now;
  r.events.push_back(std::move(started));
  r.timer = r.state.deadline;
  r.run_again = true;
  return r;
}

StepResult FailInternally(const ExecutionState& state, const std::string& what, TimePoint now) {
  StepResult r;
  r.state = state;
  auto top = r.state.frames.find(0);
  int64_t link = top != r.state.frames.end() ? top->second.link : r.state.last_event_id;
  r.state.frames.clear();
  r.state.failed.clear();
  r.state.redrive.clear();
  r.state.done = true;
  std::string cause = std::string(internal::kInternalErrorCause) + what;
  HistoryEvent failed = events::ExecutionFailed(std::string(errors::kRuntime), cause);
  failed.id = ++r.state.last_event_id;
  failed.previous_event_id = link;
  failed.timestamp = now;
  r.events.push_back(std::move(failed));
  r.terminal = Terminal{ExecutionStatus::kFailed, std::nullopt, std::string(errors::kRuntime),
                        std::move(cause), "Execution failed inside sfn-emulator"};
  return r;
}

StepResult Step(const asl::Definition& definition, const ExecutionInfo& info, ExecutionState state,
                const StepInput& input, TimePoint now, int budget, const StepEnv& env) {
  StepResult r;
  r.state = std::move(state);
  const bool redrive = input.kind == StepInput::Kind::kRedrive;
  if (r.state.done != redrive || (redrive && r.state.redrive.empty())) return r;
  internal::Interpreter interp(definition, info, r, now, env);
  if (redrive) interp.Redrive();
  if (input.kind == StepInput::Kind::kStop) {
    interp.Stop(input);
  } else if (!interp.TimedOut()) {
    if (input.kind == StepInput::Kind::kTaskAnswer && input.completion) {
      interp.Answer(*input.completion);
    }
    if (input.kind == StepInput::Kind::kResume) interp.Redispatch();
    if (input.kind == StepInput::Kind::kUpdateMapRun) interp.UpdateMapRun(input);
    interp.FireTimers();
    interp.RunLoop(budget);
  }
  interp.FlushMapRuns();
  r.touched_frames = interp.Touched();
  return r;
}

}  // namespace sfn::engine
