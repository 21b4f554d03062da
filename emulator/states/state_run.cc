#include "emulator/states/state_run.h"

namespace sfn::states {

StateOutcome StateOutcome::Transition(Json output, std::optional<std::string> next) {
  StateOutcome o;
  o.kind = Kind::kTransition;
  o.output = std::move(output);
  o.next = std::move(next);
  return o;
}

StateOutcome StateOutcome::Fail(Failure failure, bool from_fail_state) {
  StateOutcome o;
  o.kind = Kind::kFail;
  o.failure = std::move(failure);
  o.from_fail_state = from_fail_state;
  return o;
}

std::optional<Failure> CheckSupported(const StateContext& ctx) {
  const asl::State& s = ctx.state;
  // A JSONata state without expressions behaves as its JSONPath twin with
  // default paths; one with expressions needs the JSONata engine.
  if (s.query_language == asl::QueryLanguage::kJsonata &&
      (s.output || s.arguments || s.items || s.assign || !s.expressions.empty())) {
    return Failure{errors::kRuntime,
                   "An error occurred while executing the state '" + s.name +
                       "' (entered at the event id #" + std::to_string(ctx.entered_event_id) +
                       "). Evaluating JSONata expressions is not supported by this version of "
                       "sfn-emulator."};
  }
  return std::nullopt;
}

StateOutcome RunState(const StateContext& ctx, const Json& raw_input) {
  if (std::optional<Failure> f = CheckSupported(ctx)) return StateOutcome::Fail(std::move(*f));
  switch (ctx.state.type) {
    case asl::StateType::kPass:
      return RunPass(ctx, raw_input);
    case asl::StateType::kWait:
      return RunWait(ctx, raw_input);
    case asl::StateType::kChoice:
      return RunChoice(ctx, raw_input);
    case asl::StateType::kSucceed:
      return RunSucceed(ctx, raw_input);
    case asl::StateType::kFail:
      return RunFail(ctx, raw_input);
    case asl::StateType::kTask:
    case asl::StateType::kParallel:
    case asl::StateType::kMap:
      break;
  }
  // Task, Parallel and Map are run by the engine, which owns their children
  // and invocations.
  return StateOutcome::Fail({errors::kRuntime, "State type '" +
                                                   std::string(asl::StateTypeName(ctx.state.type)) +
                                                   "' is run by the engine."});
}

}  // namespace sfn::states
