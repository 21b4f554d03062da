#include "emulator/engine/step.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>

#include "emulator/dataflow/io_paths.h"
#include "emulator/engine/lambda_result.h"
#include "emulator/states/map.h"
#include "emulator/states/pipeline.h"
#include "emulator/states/retry_catch.h"
#include "emulator/states/state_run.h"
#include "emulator/states/task.h"

namespace sfn::engine {
namespace {

using states::StateOutcome;

// The cause an execution fails with at the history quota (our wording: no
// recording shows AWS's).
constexpr char kHistoryFullCause[] =
    "The execution reached the maximum number of events in its history (25,000).";

// AWS's limit on a state's input/output and on execution input/output
// ("Quotas": 256 KiB of UTF-8).
constexpr size_t kMaxPayloadBytes = 256 * 1024;

// A failure with AWS's habit of leaving out a Fail state's absent fields.
struct FrameFailure {
  Failure failure;
  bool error_absent = false;
  bool cause_absent = false;
};

// One invocation of the step function: interprets every runnable frame of
// one execution at one instant `now`.
class Interpreter {
 public:
  Interpreter(const asl::Definition& def, const ExecutionInfo& info, StepResult& r, TimePoint now,
              const StepEnv& env)
      : def_(def), info_(info), r_(r), s_(r.state), now_(now), env_(env) {
    for (auto& [id, f] : s_.frames) {
      if (f.phase == Frame::Phase::kEnter) runnable_.push_back(id);
    }
  }

  void Stop(const StepInput& in) {
    for (auto& [id, f] : s_.frames) {
      if (f.phase == Frame::Phase::kForked && f.fork.distributed) SnapshotMapRun(f, "ABORTED");
    }
    Finish(Terminal{ExecutionStatus::kAborted, std::nullopt, in.error, in.cause},
           events::ExecutionAborted(in.error, in.cause), /*link=*/0);
  }

  bool TimedOut() {
    if (!s_.deadline || now_ < *s_.deadline) return false;
    for (auto& [id, f] : s_.frames) {
      if (f.phase == Frame::Phase::kForked && f.fork.distributed) SnapshotMapRun(f, "ABORTED");
    }
    Finish(Terminal{ExecutionStatus::kTimedOut, std::nullopt, std::nullopt, std::nullopt},
           events::ExecutionTimedOut(std::nullopt, std::nullopt), TopLink());
    return true;
  }

  // Wakes every frame whose time has come.
  void FireTimers() {
    std::vector<int64_t> due;
    for (auto& [id, f] : s_.frames) {
      if (f.wake && *f.wake <= now_) due.push_back(id);
    }
    for (int64_t id : due) {
      if (r_.terminal) return;
      Frame* f = Get(id);
      if (f == nullptr || !f->wake || *f->wake > now_) continue;
      const asl::State* st = StateOf(*f);
      f->wake.reset();
      if (st == nullptr) continue;
      if (f->phase == Frame::Phase::kWaiting) {
        ExitWait(*f, *st);
      } else if (f->phase == Frame::Phase::kRetrying) {
        RunBody(*f, *st);
      } else if (f->phase == Frame::Phase::kTask) {
        TaskTimedOut(*f, *st);
      }
    }
  }

  // The result of an invocation; ignored unless it answers the frame's
  // current scheduling (a timed-out or stopped task's late answer).
  void TaskResult(const StepInput& in) {
    Frame* f = Get(in.frame_id);
    if (f == nullptr || f->phase != Frame::Phase::kTask || f->task_attempt != in.task_attempt) {
      return;
    }
    const asl::State* st = StateOf(*f);
    if (st == nullptr) return;
    f->wake.reset();
    const Json task = std::move(f->task);
    f->task = nullptr;
    bool integration = task.at("integration").get<bool>();
    std::string resource = task.at("resource").get<std::string>();
    InvocationResult result = in.result;
    if (result.request_id.empty()) result.request_id = Uuid();
    Outcome<Json> output =
        InterpretInvocation(result, integration, integration ? "lambda" : resource, now_);
    if (!output.ok()) {
      TaskFailed(*f, *st, integration, output.failure());
      return;
    }
    std::string text = DumpJson(output.value());
    Emit(*f, integration ? events::TaskSucceeded("lambda", "invoke", text)
                         : events::LambdaFunctionSucceeded(text));
    f->phase = Frame::Phase::kEnter;  // transient: Finish settles it
    auto c = MakeCtx(*f, *st);
    StateOutcome o = states::Finish(c->ctx, f->input, output.value(), /*select=*/true);
    if (o.kind == StateOutcome::Kind::kFail) {
      HandleFailure(*f, *st, o.failure);
      return;
    }
    ExitState(*f, *st, std::move(o.output), o.next, o.assigned ? *o.assigned : Json());
  }

  // UpdateMapRun: new limits for a running distributed Map.
  void UpdateMapRun(const StepInput& in) {
    for (auto& [id, f] : s_.frames) {
      if (f.phase != Frame::Phase::kForked || f.fork.map_run_arn != in.map_run_arn) continue;
      if (in.max_concurrency) f.fork.max_concurrency = *in.max_concurrency;
      if (in.tolerated_failure_percentage) {
        f.fork.tolerated_percentage = *in.tolerated_failure_percentage;
      }
      if (in.tolerated_failure_count) f.fork.tolerated_count = *in.tolerated_failure_count;
      if (const asl::State* st = StateOf(f)) AdvanceFork(f, *st);
      return;
    }
  }

  // The map runs that changed in this step, for the transition.
  void FlushMapRuns() {
    for (auto& [arn, m] : map_runs_) r_.map_runs.push_back(std::move(m));
    map_runs_.clear();
  }

  // After a restart: every invocation in flight is started again with the
  // version resolved when it was scheduled.
  void Redispatch() {
    for (auto& [id, f] : s_.frames) {
      if (f.phase != Frame::Phase::kTask || !f.task.contains("function")) continue;
      const Json& fn = f.task.at("function");
      r_.dispatch.push_back(TaskDispatch{
          id, f.task_attempt,
          ResolvedFunction{fn.at("name").get<std::string>(), fn.at("arn").get<std::string>(),
                           fn.at("version").get<std::string>()},
          f.task.at("payload").get<std::string>()});
    }
  }

  // AWS's quota of 25,000 events per execution history ("Quotas related to
  // state machine executions"): the execution fails when it is reached.
  bool HistoryFull() {
    if (!history_full_ || r_.terminal) return false;
    Finish(Terminal{ExecutionStatus::kFailed, std::nullopt, std::string(errors::kRuntime),
                    std::string(kHistoryFullCause)},
           events::ExecutionFailed(std::string(errors::kRuntime), std::string(kHistoryFullCause)),
           TopLink());
    return true;
  }

  void RunLoop(int budget) {
    if (HistoryFull()) return;
    while (budget > 0 && !r_.terminal && !runnable_.empty() && !HistoryFull()) {
      int64_t id = runnable_.front();
      runnable_.pop_front();
      Frame* f = Get(id);
      while (f != nullptr && f->phase == Frame::Phase::kEnter && budget > 0 && !r_.terminal) {
        EnterAndRun(*f);
        --budget;
        f = Get(id);
      }
      if (f != nullptr && f->phase == Frame::Phase::kEnter) runnable_.push_front(id);
    }
    HistoryFull();
    r_.run_again = !r_.terminal && !runnable_.empty();
    if (!r_.terminal) r_.timer = NextWake();
  }

 private:
  Frame* Get(int64_t id) {
    auto it = s_.frames.find(id);
    return it == s_.frames.end() ? nullptr : &it->second;
  }

  int64_t TopLink() {
    Frame* top = Get(0);
    return top ? top->link : s_.last_event_id;
  }

  const asl::StateMachineBody* BodyOf(const Frame& f) {
    if (f.parent < 0) return &def_.body;
    Frame* p = Get(f.parent);
    if (p == nullptr) return nullptr;
    const asl::State* owner = StateOf(*p);
    if (owner == nullptr) return nullptr;
    if (owner->type == asl::StateType::kParallel) {
      if (f.index < 0 || static_cast<size_t>(f.index) >= owner->branches.size()) return nullptr;
      return owner->branches[static_cast<size_t>(f.index)].get();
    }
    return owner->item_processor.get();
  }

  const asl::State* StateOf(const Frame& f) {
    const asl::StateMachineBody* body = BodyOf(f);
    return body ? body->Find(f.state_name) : nullptr;
  }

  // The variables a frame sees: its own over its ancestors'.
  Json Visible(const Frame& f) {
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

  void Emit(Frame& f, HistoryEvent e, bool advance_link = true) {
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

  void Finish(Terminal t, HistoryEvent e, int64_t link) {
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
    s_.frames.clear();
    s_.done = true;
    runnable_.clear();
    r_.timer.reset();
    r_.terminal = std::move(t);
  }

  std::optional<TimePoint> NextWake() {
    std::optional<TimePoint> t = s_.deadline;
    for (auto& [id, f] : s_.frames) {
      if (f.wake && (!t || *f.wake < *t)) t = f.wake;
    }
    return t;
  }

  // A state's evaluation context with the documents it borrows. The context
  // object is built once per step and only its State member changes per
  // state, so a large execution input is never copied per state.
  struct Ctx {
    Ctx(const asl::State& st, const Json& context_object, Json variables, TimePoint now,
        int64_t entered_event_id, Random* random)
        : vars(std::move(variables)), ctx{st,    context_object, now, entered_event_id,
                                          &vars, random} {}
    Json vars;
    states::StateContext ctx;
  };
  std::unique_ptr<Ctx> MakeCtx(const Frame& f, const asl::State& st) {
    if (context_.is_null()) context_ = MakeContextObject(info_, st.name, f.entered_time);
    context_["State"] = Json{{"EnteredTime", FormatIso8601(f.entered_time)}, {"Name", st.name}};
    if (st.type == asl::StateType::kTask || st.type == asl::StateType::kParallel ||
        st.type == asl::StateType::kMap) {
      // AWS "Context object": State.RetryCount, in the states that can retry
      // (a Pass state's $$ has no such member in AWS's recordings).
      int retries = 0;
      for (int a : f.attempts) retries += a;
      context_["State"]["RetryCount"] = retries;
    }
    return std::make_unique<Ctx>(st, context_, Visible(f), now_, f.entered_event_id, env_.random);
  }

  void EnterAndRun(Frame& f) {
    const asl::State* st = StateOf(f);
    if (st == nullptr) {
      // Only possible with a corrupt state row: validation rejects dangling Next.
      FailFrame(f, {{errors::kRuntime, "State '" + f.state_name + "' does not exist."}});
      return;
    }
    f.input = std::move(f.data);
    f.data = nullptr;
    // The first state sees the execution input as the client wrote it.
    bool first = f.parent < 0 && s_.last_event_id == 1;
    Emit(f, events::StateEntered(asl::StateTypeName(st->type), st->name,
                                 first ? info_.input : DumpJson(f.input)));
    f.entered_event_id = f.quiet ? 0 : s_.last_event_id;
    f.entered_time = now_;
    f.attempts.clear();
    RunBody(f, *st);
  }

  // Runs the state's work on `f.input` (first time, or again after a retry).
  void RunBody(Frame& f, const asl::State& st) {
    f.phase = Frame::Phase::kEnter;  // transient; each branch below settles it
    auto c = MakeCtx(f, st);
    if (st.type == asl::StateType::kParallel || st.type == asl::StateType::kMap ||
        st.type == asl::StateType::kTask) {
      if (std::optional<Failure> unsupported = states::CheckSupported(c->ctx)) {
        FailFrame(f, {*unsupported});
        return;
      }
    }
    switch (st.type) {
      case asl::StateType::kParallel:
        StartParallel(f, st, c->ctx);
        return;
      case asl::StateType::kMap:
        StartMap(f, st, c->ctx);
        return;
      case asl::StateType::kTask:
        StartTask(f, st, c->ctx);
        return;
      default:
        break;
    }
    StateOutcome o = states::RunState(c->ctx, f.input);
    switch (o.kind) {
      case StateOutcome::Kind::kTransition:
        ExitState(f, st, std::move(o.output), o.next, o.assigned ? *o.assigned : Json());
        return;
      case StateOutcome::Kind::kWait:
        f.phase = Frame::Phase::kWaiting;
        f.data = std::move(o.output);
        f.next = o.next;
        f.wake = o.wait_until;
        f.pending_assign = o.assigned ? std::move(*o.assigned) : Json();
        if (o.wait_until <= now_) {
          // A wait that is already over: exit now, as AWS does for Seconds 0.
          f.wake.reset();
          ExitWait(f, st);
        }
        return;
      case StateOutcome::Kind::kFail:
        if (o.from_fail_state) {
          FailFrame(f, {o.failure, o.error_absent, o.cause_absent});
        } else {
          HandleFailure(f, st, o.failure);
        }
        return;
    }
  }

  // Leaves a Wait state whose time has come, with the output and variables
  // it computed when entered.
  void ExitWait(Frame& f, const asl::State& st) {
    Json output = std::move(f.data);
    Json assigned = std::move(f.pending_assign);
    f.data = nullptr;
    f.pending_assign = nullptr;
    ExitState(f, st, std::move(output), f.next, assigned);
  }

  // Leaves the current state with `output` towards `next` (nullopt: the
  // frame ends).
  void ExitState(Frame& f, const asl::State& st, Json output, std::optional<std::string> next,
                 const Json& assigned) {
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
    Emit(f, events::StateExited(asl::StateTypeName(st.type), st.name, text, assigned));
    f.attempts.clear();
    f.input = nullptr;
    f.next.reset();
    if (next) {
      f.phase = Frame::Phase::kEnter;
      f.state_name = *next;
      f.data = std::move(output);
      runnable_.push_back(f.id);
    } else {
      FrameSucceeded(f, std::move(output));
    }
  }

  void FrameSucceeded(Frame& f, Json output) {
    if (f.parent < 0) {
      std::string text = DumpJson(output);
      Finish(Terminal{ExecutionStatus::kSucceeded, text, std::nullopt, std::nullopt},
             events::ExecutionSucceeded(text), f.link);
      return;
    }
    ChildDone(f, std::move(output), nullptr);
  }

  void FailFrame(Frame& f, const FrameFailure& failure) {
    if (f.parent < 0) {
      std::optional<std::string> error, cause;
      if (!failure.error_absent) error = failure.failure.error;
      if (!failure.cause_absent) cause = failure.failure.cause;
      Finish(Terminal{ExecutionStatus::kFailed, std::nullopt, error, cause},
             events::ExecutionFailed(error, cause), f.link);
      return;
    }
    ChildDone(f, nullptr, &failure);
  }

  // Retry, else Catch, else the frame fails (ASL "Error handling").
  // `final_events` are emitted only when the state is not retried (AWS
  // records MapStateFailed/ParallelStateFailed once, after the last attempt).
  void HandleFailure(Frame& f, const asl::State& st, const Failure& failure,
                     std::vector<HistoryEvent> final_events = {}) {
    bool can_handle = st.type == asl::StateType::kTask || st.type == asl::StateType::kParallel ||
                      st.type == asl::StateType::kMap;
    if (can_handle) {
      if (auto d = states::DecideRetry(st, failure, f.attempts, env_.random)) {
        if (f.attempts.size() <= d->retrier) f.attempts.resize(d->retrier + 1, 0);
        ++f.attempts[d->retrier];
        if (d->delay.count() <= 0) {
          RunBody(f, st);
        } else {
          f.phase = Frame::Phase::kRetrying;
          f.wake = now_ + d->delay;
        }
        return;
      }
    }
    for (HistoryEvent& e : final_events) Emit(f, std::move(e));
    if (can_handle) {
      if (const asl::Catcher* c = states::FindCatcher(st, failure)) {
        Json error_output = states::ErrorOutput(failure);
        Json assigned;
        auto cx = MakeCtx(f, st);
        if (c->assign_template) {
          Outcome<Json> a = states::EvaluateAssign(cx->ctx, *c->assign_template, error_output);
          if (!a.ok()) {
            FailFrame(f, {a.failure()});
            return;
          }
          assigned = std::move(a).value();
        }
        Outcome<Json> output = dataflow::ApplyResultPath(c->result_path, f.input, error_output);
        if (!output.ok()) {
          FailFrame(f, {states::InState(cx->ctx, output.failure())});
          return;
        }
        ExitState(f, st, std::move(output).value(), c->next, assigned);
        return;
      }
    }
    // A timeout has no cause (AWS leaves it out of ExecutionFailed).
    FailFrame(f, {failure, false, failure.error == errors::kTimeout && failure.cause.empty()});
  }

  // --- Task ---------------------------------------------------------------

  std::string Uuid() {
    return env_.random
               ? env_.random->Uuid()
               : "00000000-0000-4000-8000-" + std::to_string(100000000000 + s_.last_event_id);
  }

  // The region and account of this execution (from its ARN).
  std::pair<std::string, std::string> RegionAccount() const {
    // arn:aws:states:<region>:<account>:execution:...
    std::vector<std::string> parts;
    size_t start = 0;
    for (int i = 0; i < 5; ++i) {
      size_t colon = info_.arn.find(':', start);
      if (colon == std::string::npos) break;
      parts.push_back(info_.arn.substr(start, colon - start));
      start = colon + 1;
    }
    if (parts.size() < 5) return {"us-east-1", "123456789012"};
    return {parts[3], parts[4]};
  }

  void StartTask(Frame& f, const asl::State& st, const states::StateContext& ctx) {
    Outcome<states::TaskPlan> planned = states::PlanTask(ctx, f.input);
    if (!planned.ok()) {
      HandleFailure(f, st, planned.failure());
      return;
    }
    const states::TaskPlan& plan = planned.value();
    bool integration = plan.kind == states::TaskPlan::Kind::kLambdaInvoke;
    auto [region, account] = RegionAccount();
    if (integration) {
      Emit(f, events::TaskScheduled("lambda", "invoke", region, DumpJson(plan.parameters),
                                    plan.timeout_seconds, plan.heartbeat_seconds));
      Emit(f, events::TaskStarted("lambda", "invoke"));
    } else {
      Emit(f, events::LambdaFunctionScheduled(plan.resource, plan.payload, plan.timeout_seconds));
      Emit(f, events::Bare("LambdaFunctionStarted"));
    }
    ++f.task_attempt;
    // The version is fixed now, so a dispatch repeated after a restart runs
    // exactly what was scheduled (an alias drawing now, $LATEST as it is now).
    if (env_.lambda == nullptr) {
      TaskFailed(f, st, integration,
                 InvocationFailure("ResourceNotFoundException",
                                   "Function not found: " + plan.function_ref, Uuid()));
      return;
    }
    Result<ResolvedFunction> fn = env_.lambda->Resolve(plan.function_ref, region, account);
    if (!fn.ok()) {
      TaskFailed(f, st, integration, InvocationFailure(fn.status(), Uuid()));
      return;
    }
    f.task =
        Json{{"integration", integration},
             {"resource", plan.resource},
             {"payload", plan.payload},
             {"function",
              {{"name", fn->function_name}, {"arn", fn->function_arn}, {"version", fn->version}}}};
    f.phase = Frame::Phase::kTask;
    if (plan.timeout_seconds) f.wake = now_ + std::chrono::seconds(*plan.timeout_seconds);
    r_.dispatch.push_back(TaskDispatch{f.id, f.task_attempt, *fn, plan.payload});
  }

  void TaskFailed(Frame& f, const asl::State& st, bool integration, const Failure& failure) {
    Emit(f,
         integration
             ? events::TaskEnded("TaskFailed", "lambda", "invoke", failure.error, failure.cause)
             : events::LambdaFunctionEnded("LambdaFunctionFailed", failure.error, failure.cause));
    f.task = nullptr;
    HandleFailure(f, st, failure);
  }

  void TaskTimedOut(Frame& f, const asl::State& st) {
    bool integration = f.task.is_object() && f.task.value("integration", true);
    Emit(f, integration ? events::TaskEnded("TaskTimedOut", "lambda", "invoke",
                                            std::string(errors::kTimeout), std::nullopt)
                        : events::LambdaFunctionEnded("LambdaFunctionTimedOut",
                                                      std::string(errors::kTimeout), std::nullopt));
    f.task = nullptr;
    ++f.task_attempt;  // a late answer is stale
    HandleFailure(f, st, {errors::kTimeout, ""});
  }

  // --- Parallel and Map ---------------------------------------------------

  void SnapshotMapRun(const Frame& f, const char* status) {
    const Fork& k = f.fork;
    MapRunRecord m;
    m.arn = k.map_run_arn;
    m.execution_arn = info_.arn;
    // arn:...:mapRun:<machine>/<label>:<id> -> arn:...:stateMachine:<machine>/<label>
    size_t at = m.arn.find(":mapRun:");
    size_t last = m.arn.rfind(':');
    if (at != std::string::npos && last > at + 8) {
      m.state_machine_arn =
          m.arn.substr(0, at) + ":stateMachine:" + m.arn.substr(at + 8, last - at - 8);
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

  void StartParallel(Frame& f, const asl::State& st, const states::StateContext& ctx) {
    Outcome<Json> input = states::PrepareInput(ctx, f.input);
    if (!input.ok()) {
      HandleFailure(f, st, input.failure());
      return;
    }
    Emit(f, events::Bare("ParallelStateStarted"));
    Fork fork;
    fork.total = static_cast<int64_t>(st.branches.size());
    fork.effective_input = std::move(input).value();
    fork.results = Json::array();
    for (int64_t i = 0; i < fork.total; ++i) fork.results.push_back(nullptr);
    f.fork = std::move(fork);
    f.phase = Frame::Phase::kForked;
    AdvanceFork(f, st);
  }

  void StartMap(Frame& f, const asl::State& st, const states::StateContext& ctx) {
    Outcome<states::MapPlan> planned = states::PlanMap(ctx, f.input);
    if (!planned.ok()) {
      HandleFailure(f, st, planned.failure());
      return;
    }
    states::MapPlan plan = std::move(planned).value();
    Emit(f, events::MapStateStarted(static_cast<int64_t>(plan.items.size())));
    if (std::optional<Failure> bad = states::ResolveTolerance(ctx, plan)) {
      HandleFailure(f, st, *bad);
      return;
    }
    if (std::optional<Failure> bad = states::BatchItems(ctx, plan)) {
      HandleFailure(f, st, *bad);
      return;
    }
    Fork fork;
    fork.map = true;
    fork.distributed = plan.distributed;
    fork.batched = plan.batched;
    fork.total = static_cast<int64_t>(plan.items.size());
    fork.max_concurrency = plan.max_concurrency;
    fork.tolerated_count = plan.tolerated_count;
    fork.tolerated_percentage = plan.tolerated_percentage;
    fork.effective_input = std::move(plan.effective_input);
    fork.items = std::move(plan.items);
    fork.results = Json::array();
    for (int64_t i = 0; i < fork.total; ++i) fork.results.push_back(nullptr);
    if (fork.distributed) {
      // arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<id>
      std::string prefix = info_.state_machine_arn;
      size_t pos = prefix.find(":stateMachine:");
      // <machine>/<Label or a UUID>:<UUID> as AWS names map runs.
      auto uuid = [this] {
        return env_.random ? env_.random->Uuid() : std::to_string(s_.last_event_id);
      };
      std::string label = st.raw.contains("Label") && st.raw.at("Label").is_string()
                              ? st.raw.at("Label").get<std::string>()
                              : uuid();
      std::string id = uuid();
      fork.map_run_arn =
          prefix.substr(0, pos) + ":mapRun:" + info_.state_machine_name + "/" + label + ":" + id;
      fork.started = now_;
      Emit(f, events::MapRunStarted(fork.map_run_arn));
    }
    f.fork = std::move(fork);
    f.phase = Frame::Phase::kForked;
    AdvanceFork(f, st);
  }

  // Starts children while the concurrency allows; completes the fork when
  // every child is done.
  void AdvanceFork(Frame& f, const asl::State& st) {
    while (f.phase == Frame::Phase::kForked && f.fork.next_index < f.fork.total &&
           (f.fork.max_concurrency == 0 || f.fork.running < f.fork.max_concurrency)) {
      if (!StartChild(f, st, f.fork.next_index++)) return;
    }
    if (f.phase == Frame::Phase::kForked && f.fork.running == 0 &&
        f.fork.next_index >= f.fork.total) {
      ForkSucceeded(f, st);
    } else if (f.phase == Frame::Phase::kForked && f.fork.distributed) {
      SnapshotMapRun(f, "RUNNING");
    }
  }

  bool StartChild(Frame& f, const asl::State& st, int64_t index) {
    Json input;
    if (f.fork.map) {
      auto c = MakeCtx(f, st);
      const Json& item = f.fork.items[static_cast<size_t>(index)];
      context_["Map"] = Json{{"Item", {{"Index", index}, {"Value", item}}}};
      Outcome<Json> in =
          states::IterationInput(c->ctx, f.fork.effective_input, item, index, f.fork.batched);
      context_.erase("Map");
      if (!in.ok()) {
        ForkFailed(f, st, in.failure());
        return false;
      }
      input = std::move(in).value();
    } else {
      input = f.fork.effective_input;
    }
    const asl::StateMachineBody* body =
        f.fork.map ? st.item_processor.get() : st.branches[static_cast<size_t>(index)].get();
    Frame child;
    child.id = s_.next_frame_id++;
    child.parent = f.id;
    child.index = index;
    child.quiet = f.quiet || f.fork.distributed;
    child.phase = Frame::Phase::kEnter;
    child.state_name = body->start_at;
    child.data = std::move(input);
    if (f.fork.map && !child.quiet) {
      Emit(f, events::MapIteration("MapIterationStarted", index, st.name));
    }
    child.link = f.link;
    ++f.fork.running;
    int64_t id = child.id;
    s_.frames.emplace(id, std::move(child));
    runnable_.push_back(id);
    return true;
  }

  // A child frame ended with `output` or `failure`; it is removed here.
  void ChildDone(Frame& child, Json output, const FrameFailure* failure) {
    Frame* p = Get(child.parent);
    if (p == nullptr || p->phase != Frame::Phase::kForked) {
      s_.frames.erase(child.id);
      return;
    }
    const asl::State* st = StateOf(*p);
    int64_t index = child.index;
    int64_t child_link = child.link;
    bool quiet = child.quiet;
    std::optional<FrameFailure> failed;
    if (failure) failed = *failure;
    // A finished child has no live children: its forks ended first.
    s_.frames.erase(child.id);  // `child` is gone from here on
    Frame& f = *p;
    --f.fork.running;
    if (!quiet) f.link = child_link;
    if (st == nullptr) return;
    const char* done_type = failed ? "MapIterationFailed" : "MapIterationSucceeded";
    if (f.fork.map && !quiet) {
      HistoryEvent e = events::MapIteration(done_type, index, st->name);
      Emit(f, std::move(e), /*advance_link=*/false);
    }
    if (failed) {
      f.fork.results[static_cast<size_t>(index)] = states::ErrorOutput(failed->failure);
      if (!f.fork.map) {
        ForkFailed(f, *st, failed->failure);
        return;
      }
      ++f.fork.failed;
      if (states::ExceedsTolerance(f.fork.tolerated_count, f.fork.tolerated_percentage,
                                   f.fork.failed, f.fork.total)) {
        Failure cause = failed->failure;
        if (f.fork.tolerated_count || f.fork.tolerated_percentage) {
          cause = {"States.ExceedToleratedFailureThreshold",
                   "The specified tolerated failure threshold was exceeded"};
        }
        ForkFailed(f, *st, cause);
        return;
      }
    } else {
      f.fork.results[static_cast<size_t>(index)] = std::move(output);
    }
    AdvanceFork(f, *st);
  }

  void KillDescendants(int64_t id) {
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

  void ForkSucceeded(Frame& f, const asl::State& st) {
    bool map = f.fork.map;
    if (map && f.fork.distributed) {
      SnapshotMapRun(f, "SUCCEEDED");
      Emit(f, events::Bare("MapRunSucceeded"), false);
    }
    Emit(f, events::Bare(map ? "MapStateSucceeded" : "ParallelStateSucceeded"), false);
    Json results = std::move(f.fork.results);
    f.fork = Fork{};
    auto c = MakeCtx(f, st);
    StateOutcome o = states::Finish(c->ctx, f.input, results, /*select=*/true);
    if (o.kind == StateOutcome::Kind::kFail) {
      HandleFailure(f, st, o.failure);
      return;
    }
    ExitState(f, st, std::move(o.output), o.next, o.assigned ? *o.assigned : Json());
  }

  void ForkFailed(Frame& f, const asl::State& st, const Failure& failure) {
    bool map = f.fork.map;
    bool distributed = f.fork.distributed;
    if (distributed) SnapshotMapRun(f, "FAILED");
    if (map && !distributed && !f.quiet) {
      // The iterations still running are stopped ("MapIterationAborted").
      std::vector<int64_t> running;
      for (auto& [id, child] : s_.frames) {
        if (child.parent == f.id) running.push_back(child.index);
      }
      for (int64_t index : running) {
        Emit(f, events::MapIteration("MapIterationAborted", index, st.name), false);
      }
    }
    KillDescendants(f.id);
    std::vector<HistoryEvent> final_events;
    if (map && distributed)
      final_events.push_back(events::MapRunFailed(std::nullopt, std::nullopt));
    final_events.push_back(events::Bare(map ? "MapStateFailed" : "ParallelStateFailed"));
    f.fork = Fork{};
    HandleFailure(f, st, failure, std::move(final_events));
  }

  const asl::Definition& def_;
  const ExecutionInfo& info_;
  StepResult& r_;
  ExecutionState& s_;
  TimePoint now_;
  const StepEnv& env_;
  std::deque<int64_t> runnable_;
  bool history_full_ = false;
  Json context_;                                  // $$, built on first use
  std::map<std::string, MapRunRecord> map_runs_;  // changed in this step, by ARN
};

}  // namespace

Json MakeContextObject(const ExecutionInfo& info, const std::string& state_name,
                       TimePoint entered_time) {
  Json input = ParseJson(info.input).ok() ? *ParseJson(info.input) : Json::object();
  return Json{{"Execution",
               {{"Id", info.arn},
                {"Input", std::move(input)},
                {"StartTime", FormatIso8601(info.start_time)},
                {"Name", info.name},
                {"RoleArn", info.role_arn},
                {"RedriveCount", info.redrive_count}}},
              {"StateMachine", {{"Id", info.state_machine_arn}, {"Name", info.state_machine_name}}},
              {"State", {{"EnteredTime", FormatIso8601(entered_time)}, {"Name", state_name}}}};
}

StepResult StartExecution(const asl::Definition& definition, const ExecutionInfo& info,
                          TimePoint now) {
  StepResult r;
  Frame top;
  top.id = 0;
  top.phase = Frame::Phase::kEnter;
  top.state_name = definition.body.start_at;
  Result<Json> input = ParseJson(info.input);
  top.data = input.ok() ? std::move(input).value() : Json::object();
  // The first state entered links to 0, not to ExecutionStarted (as AWS).
  top.link = 0;
  r.state.frames.emplace(0, std::move(top));
  if (definition.timeout_seconds) {
    r.state.deadline = now + std::chrono::seconds(*definition.timeout_seconds);
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

StepResult Step(const asl::Definition& definition, const ExecutionInfo& info, ExecutionState state,
                const StepInput& input, TimePoint now, int budget, const StepEnv& env) {
  StepResult r;
  r.state = std::move(state);
  if (r.state.done) return r;
  Interpreter interp(definition, info, r, now, env);
  if (input.kind == StepInput::Kind::kStop) {
    interp.Stop(input);
  } else if (!interp.TimedOut()) {
    if (input.kind == StepInput::Kind::kTaskResult) interp.TaskResult(input);
    if (input.kind == StepInput::Kind::kResume) interp.Redispatch();
    if (input.kind == StepInput::Kind::kUpdateMapRun) interp.UpdateMapRun(input);
    interp.FireTimers();
    interp.RunLoop(budget);
  }
  interp.FlushMapRuns();
  return r;
}

}  // namespace sfn::engine
