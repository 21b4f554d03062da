#include "emulator/engine/step.h"

#include "emulator/states/state_run.h"

namespace sfn::engine {
namespace {

// Appends `e` with the next id. AWS links every event to the one before it,
// except that the first state entered after ExecutionStarted says 0.
void Append(StepResult& r, HistoryEvent e, TimePoint now) {
  ExecutionState& s = r.state;
  e.id = s.last_event_id + 1;
  bool after_start = !r.events.empty() ? r.events.back().type == "ExecutionStarted"
                                       : s.last_event_id == 1;
  // ExecutionAborted is caused by an API call, not by an event: AWS says 0.
  bool unlinked = (after_start && e.type.ends_with("StateEntered")) || e.type == "ExecutionAborted";
  e.previous_event_id = unlinked ? 0 : s.last_event_id;
  e.timestamp = now;
  s.last_event_id = e.id;
  r.events.push_back(std::move(e));
}

void Finish(StepResult& r, Terminal t, HistoryEvent e, TimePoint now) {
  Append(r, std::move(e), now);
  r.state.phase = ExecutionState::Phase::kDone;
  r.state.data = nullptr;
  r.timer.reset();
  r.terminal = std::move(t);
}

void Succeed(StepResult& r, const Json& output, TimePoint now) {
  std::string text = DumpJson(output);
  Finish(r, Terminal{ExecutionStatus::kSucceeded, text, std::nullopt, std::nullopt},
         events::ExecutionSucceeded(text), now);
}

void FailExecution(StepResult& r, const states::StateOutcome& o, TimePoint now) {
  std::optional<std::string> error, cause;
  if (!o.error_absent) error = o.failure.error;
  if (!o.cause_absent) cause = o.failure.cause;
  Finish(r, Terminal{ExecutionStatus::kFailed, std::nullopt, error, cause},
         events::ExecutionFailed(error, cause), now);
}

// Leaves the current state with `output` towards `next` (nullopt: the end).
void Exit(StepResult& r, std::string_view type_name, const Json& output,
          const std::optional<std::string>& next, TimePoint now) {
  Append(r, events::StateExited(type_name, r.state.state_name, DumpJson(output)), now);
  if (next) {
    r.state.phase = ExecutionState::Phase::kEnter;
    r.state.state_name = *next;
    r.state.data = output;
    r.state.next.reset();
  } else {
    Succeed(r, output, now);
  }
}

// Enters and runs the current state once.
void EnterAndRun(const asl::Definition& def, const ExecutionInfo& info, StepResult& r,
                 TimePoint now) {
  const asl::State* state = def.body.Find(r.state.state_name);
  if (state == nullptr) {
    // Only possible with a corrupt state row: validation rejects dangling Next.
    states::StateOutcome o = states::StateOutcome::Fail(
        {errors::kRuntime, "State '" + r.state.state_name + "' does not exist."});
    FailExecution(r, o, now);
    return;
  }
  std::string_view type_name = asl::StateTypeName(state->type);
  Json raw_input = std::move(r.state.data);
  Append(r, events::StateEntered(type_name, state->name, DumpJson(raw_input)), now);
  r.state.entered_event_id = r.state.last_event_id;

  Json context = MakeContextObject(info, state->name, now);
  states::StateContext ctx{*state, context, now, r.state.entered_event_id};
  states::StateOutcome o = states::RunState(ctx, raw_input);
  switch (o.kind) {
    case states::StateOutcome::Kind::kTransition:
      Exit(r, type_name, o.output, o.next, now);
      return;
    case states::StateOutcome::Kind::kWait:
      r.state.phase = ExecutionState::Phase::kWaiting;
      r.state.data = std::move(o.output);
      r.state.next = o.next;
      r.state.wait_until = o.wait_until;
      r.timer = o.wait_until;
      return;
    case states::StateOutcome::Kind::kFail:
      FailExecution(r, o, now);
      return;
  }
}

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
  r.state.phase = ExecutionState::Phase::kEnter;
  r.state.state_name = definition.body.start_at;
  Result<Json> input = ParseJson(info.input);
  r.state.data = input.ok() ? std::move(input).value() : Json::object();
  Append(r, events::ExecutionStarted(info.input, info.role_arn, info.version_arn, info.alias_arn),
         now);
  r.run_again = true;
  return r;
}

StepResult Step(const asl::Definition& definition, const ExecutionInfo& info,
                ExecutionState state, const StepInput& input, TimePoint now, int budget) {
  StepResult r;
  r.state = std::move(state);
  if (r.state.phase == ExecutionState::Phase::kDone) return r;

  if (input.kind == StepInput::Kind::kStop) {
    Finish(r, Terminal{ExecutionStatus::kAborted, std::nullopt, input.error, input.cause},
           events::ExecutionAborted(input.error, input.cause), now);
    return r;
  }
  if (r.state.phase == ExecutionState::Phase::kWaiting) {
    if (input.kind != StepInput::Kind::kTimerFired || now < r.state.wait_until) {
      r.timer = r.state.wait_until;  // not yet: keep waiting
      return r;
    }
    const asl::State* state_def = definition.body.Find(r.state.state_name);
    std::string_view type_name =
        state_def ? asl::StateTypeName(state_def->type) : std::string_view("Wait");
    Json output = std::move(r.state.data);
    Exit(r, type_name, output, r.state.next, now);
  }
  for (int i = 0; i < budget && r.state.phase == ExecutionState::Phase::kEnter; ++i) {
    EnterAndRun(definition, info, r, now);
  }
  r.run_again = r.state.phase == ExecutionState::Phase::kEnter;
  return r;
}

}  // namespace sfn::engine
