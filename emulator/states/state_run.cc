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

std::optional<Failure> CheckSupported(const StateContext&) { return std::nullopt; }

StateOutcome RunState(const StateContext& ctx, const Json& raw_input) {
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
