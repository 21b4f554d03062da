// Succeed state: passes its (InputPath/OutputPath-filtered) input through and
// ends the execution (or branch) successfully.
#include "emulator/states/pipeline.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

StateOutcome RunSucceed(const StateContext& ctx, const Json& raw_input) {
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return StateOutcome::Fail(effective.failure());
  Outcome<Json> output = ApplyOutput(ctx, effective.value());
  if (!output.ok()) return StateOutcome::Fail(output.failure());
  return StateOutcome::Transition(std::move(output).value(), std::nullopt);
}

}  // namespace sfn::states
