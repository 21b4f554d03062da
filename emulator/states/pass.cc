// Pass state (Amazon States Language, "Pass State"): its result is `Result`
// when given, else the effective input (after InputPath and Parameters).
#include "emulator/states/pipeline.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

StateOutcome RunPass(const StateContext& ctx, const Json& raw_input) {
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return StateOutcome::Fail(effective.failure());
  const Json& result = ctx.state.result ? *ctx.state.result : effective.value();
  return Finish(ctx, raw_input, result, /*select=*/false);
}

}  // namespace sfn::states
