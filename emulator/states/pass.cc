// Pass state (Amazon States Language, "Pass State"): its result is `Result`
// when given, else the effective input (after InputPath and Parameters).
#include "emulator/states/pipeline.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

StateOutcome RunPass(const StateContext& ctx, const Json& raw_input) {
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return StateOutcome::Fail(effective.failure());
  const Json& result = ctx.state.result ? *ctx.state.result : effective.value();
  Outcome<Json> output = FinishOutput(ctx, raw_input, result, /*select=*/false);
  if (!output.ok()) return StateOutcome::Fail(output.failure());
  return StateOutcome::Transition(std::move(output).value(), ctx.state.next);
}

}  // namespace sfn::states
