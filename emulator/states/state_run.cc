#include "emulator/states/state_run.h"

namespace sfn::states {

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

}  // namespace sfn::states
