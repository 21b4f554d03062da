// Pass state (Amazon States Language, "Pass State"): its result is `Result`
// when given, else the effective input (after InputPath and Parameters).
#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

class Pass : public StateRunner {
 public:
  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    Outcome<Json> effective = PrepareInput(ctx, raw_input);
    if (!effective.ok()) return Decision::Failed(effective.failure());
    const Json& result = ctx.state.result ? *ctx.state.result : effective.value();
    return Finish(ctx, raw_input, result, /*select=*/false);
  }
};

}  // namespace

const StateRunner& PassRunner() {
  static const Pass runner;
  return runner;
}

}  // namespace sfn::states
