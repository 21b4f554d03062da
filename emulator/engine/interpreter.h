// The step function's interpreter (internal to the engine): one invocation
// of Step over one execution at one instant. Its parts live in three files:
// step.cc (the loop, events, context and variables, Retry/Catch), step_tasks.cc
// (Task calls through the integration registry) and step_forks.cc (Parallel
// branches and Map iterations as child frames). Not thread-safe; one
// instance per step.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "emulator/engine/step.h"
#include "emulator/states/runner.h"

namespace sfn::engine::internal {

using states::Decision;
using states::StateRunner;

// A failure with AWS's habit of leaving out a Fail state's absent fields.
struct FrameFailure {
  Failure failure;
  bool error_absent = false;
  bool cause_absent = false;
};

// Interprets every runnable frame of one execution at one instant `now`.
class Interpreter {
 public:
  Interpreter(const asl::Definition& def, const ExecutionInfo& info, StepResult& r, TimePoint now,
              const StepEnv& env)
      : def_(def), info_(info), r_(r), s_(r.state), now_(now), env_(env) {
    for (auto& [id, f] : s_.frames) {
      if (f.IsEntering()) runnable_.push_back(id);
    }
  }

  void Stop(const StepInput& in);

  bool TimedOut();

  // Wakes every frame whose time has come.
  void FireTimers();

  // An answer to a task; ignored unless it answers the frame's current
  // scheduling (a timed-out or stopped task's late answer).
  void Answer(const TaskCompletion& c);

  // UpdateMapRun: new limits for a running distributed Map.
  void UpdateMapRun(const StepInput& in);

  // RedriveExecution (AWS "Redriving executions"): ExecutionRedriven, then
  // the top of the redrive plan re-enters its state. Only for an ended
  // execution with a plan.
  void Redrive();

  // The map runs that changed in this step, for the transition.
  void FlushMapRuns();

  // After a restart: every task in flight is sent again exactly as planned
  // (a Lambda task with the version resolved when it was scheduled).
  void Redispatch();

  // AWS's quota of 25,000 events per execution history ("Quotas related to
  // state machine executions"): the execution fails when it is reached.
  bool HistoryFull();

  void RunLoop(int budget);

 private:
  Frame* Get(int64_t id);

  static states::ForkRecord* ForkOf(Frame& f);

  static const StateRunner& RunnerFor(const asl::State& st) { return states::RunnerFor(st.type); }

  int64_t TopLink();

  // The body a frame runs in: the top level, or the branch/processor of the
  // state that forked it (the child's index picks a Parallel branch).
  const asl::StateMachineBody* BodyOf(const Frame& f);

  const asl::State* StateOf(const Frame& f);

  // Only possible with a corrupt state row: validation rejects dangling Next.
  static Failure MissingState(const Frame& f);

  // The variables a frame sees: its own over its ancestors'.
  Json Visible(const Frame& f);

  void Emit(Frame& f, HistoryEvent e, bool advance_link = true);

  // An event a state runner made.
  void Emit(Frame& f, states::Event e);

  void Finish(Terminal t, HistoryEvent e, int64_t link);

  std::optional<TimePoint> NextWake();

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
  std::unique_ptr<Ctx> MakeCtx(const Frame& f, const asl::State& st);

  // Where and when a task's pure parts run (for the current scheduling of
  // `f`'s task).
  TaskEnv Env(const Frame& f) const;

  // A new task token for a scheduling of `f`.
  std::string NewToken(const Frame& f);

  void EnterAndRun(Frame& f);

  // Runs the state on `f.input` (first time, or again after a retry).
  void RunBody(Frame& f, const asl::State& st);

  // Carries out a runner's decision for the state `st` of frame `f`.
  void Apply(Frame& f, const asl::State& st, Decision d);

  // Leaves the current state with `output` towards `next` (nullopt: the
  // frame ends).
  void ExitState(Frame& f, const asl::State& st, Json output, std::optional<std::string> next,
                 const Json& assigned);

  void FrameSucceeded(Frame& f, Json output);

  void FailFrame(Frame& f, const FrameFailure& failure);

  // EvaluationFailed for a failure of the state's own evaluation (JSONata
  // states); clears `failure.evaluation`.
  void RecordEvaluationFailure(Frame& f, const asl::State& st, Failure& failure);

  // Retry, else Catch, else the frame fails (ASL "Error handling").
  // `final_events` are emitted only when the state is not retried.
  // `shape` says which of the failure's members AWS leaves out of the
  // ExecutionFailed it may end in; `match_as`, when set, is the error name
  // Retry and Catch match instead (a heartbeat timeout is recorded as
  // States.Timeout, and matched as States.HeartbeatTimeout, which
  // States.Timeout includes).
  void HandleFailure(Frame& f, const asl::State& st, const Failure& failure,
                     std::vector<states::Event> final_events = {},
                     const FrameFailure* shape = nullptr, const char* match_as = nullptr);

  // --- Task calls, through the integration registry -----------------------

  const TaskIntegration* IntegrationOf(const PlannedTask& task) const;

  // Only possible with a state row written by a build that had it.
  static Failure UnknownIntegration(const PlannedTask& task);

  void Schedule(Frame& f, const asl::State& st, states::Invoke invoke);

  // The dispatch's answer (a result, or a callback/job's submission), or
  // Await's (the job's end).
  void CallAnswered(Frame& f, const asl::State& st, const TaskAnswer& answer);

  // SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat for the frame's
  // token.
  void TokenAnswered(Frame& f, const asl::State& st, const TokenAnswer& answer);

  // The task's result: its Succeeded event, then the runner's OnTaskResult.
  void TaskSucceeded(Frame& f, const asl::State& st, EventFamily family, const PlannedTask& task,
                     const std::string& output_text, const Json& output);

  EventFamily FamilyOf(const PlannedTask& task) const;
  // A Task state its execution's mock test case names (task_mocks.h): the
  // events the real integration writes, with the mocked result or error.
  void ScheduleMocked(Frame& f, const asl::State& st, states::Invoke invoke, const StateMock& mock);

  void TaskTimedOut(Frame& f, const asl::State& st);

  // Frames dropped while awaiting a task: their tasks are cancelled after
  // the commit.
  void Abandon(const Frame& f);

  // --- Forks: Parallel branches and Map iterations -------------------------

  void SnapshotMapRun(const states::ForkRecord& k, const char* status);

  void SnapshotAllMapRuns(const char* status);

  // Starts children while the fork allows; completes it when every child is
  // done.
  void AdvanceFork(Frame& f, const asl::State& st);

  bool StartChild(Frame& f, const asl::State& st, int64_t index);

  // The fork's own calls (a Map's ItemReader and ResultWriter).
  void StartForkCall(Frame& f, const asl::State& st);
  void ForkCallAnswered(Frame& f, const asl::State& st, Outcome<Json> answer);

  // The context of a runner's fork bookkeeping: its state, no variables.
  states::StateContext LightCtx(const Frame& f, const asl::State& st);

  // A child frame ended with `output` or `failure`; it is removed here.
  void ChildDone(Frame& child, Json output, const FrameFailure* failure);

  // Every live descendant of frame `id` stops; each is kept for a redrive.
  void StopDescendants(int64_t id);

  // --- Redrive (step_redrive.cc) ---------------------------------------------

  // `f` as a redrive re-enters it: entering its current state again with its
  // input; a forked frame keeps its fork (the children's results) as
  // `redrive_fork`.
  static Frame ReentryOf(const Frame& f);

  // `f` failed or was stopped inside a fork that has not ended: kept until
  // the fork ends.
  void RememberFailed(const Frame& f);

  // The state of `f` exits or runs again: nothing of it is re-run by a
  // redrive any more.
  void ForgetRedrive(Frame& f);

  // The execution failed, timed out or was stopped: the frames a redrive
  // re-enters, from the top down.
  void PlanRedrive();

  // A redriven Parallel/Map state computed `fresh` again: it keeps the
  // results of the children that succeeded before and runs the others.
  void ResumeFork(Frame& f, states::ForkRecord& fresh);

  // The next child of frame `parent` a redrive resumes, or null.
  const Frame* NextPlanned(int64_t parent) const;

  // Resumes the planned child `id` of `f`'s fork; false when the fork failed.
  bool AdoptChild(Frame& f, const asl::State& st, int64_t id);

  void ForkSucceeded(Frame& f, const asl::State& st);

  void ForkFailed(Frame& f, const asl::State& st, const Failure& failure);

 public:
  // The frames this step may have changed, added or removed (StepResult::
  // touched_frames); nullopt when any may have.
  std::optional<std::vector<int64_t>> Touched() const;

 private:
  // Records that frame `id` may change (or appear, or go) in this step. Every
  // mutable way to a frame passes here: Get, the places that add or erase
  // frames, and the loops that change frames in place.
  void Touch(int64_t id) { touched_.insert(id); }

  const asl::Definition& def_;
  const ExecutionInfo& info_;
  StepResult& r_;
  ExecutionState& s_;
  TimePoint now_;
  const StepEnv& env_;
  std::deque<int64_t> runnable_;
  bool history_full_ = false;
  Json context_;                                  // $$, built on first use
  std::optional<std::string> pending_token_;      // issued to the Task being run
  std::map<std::string, MapRunRecord> map_runs_;  // changed in this step, by ARN
  std::set<int64_t> touched_;                     // frames this step may have changed
  bool all_touched_ = false;                      // any frame may have changed
};

}  // namespace sfn::engine::internal
