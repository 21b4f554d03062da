// Succeed state: passes its (InputPath/OutputPath-filtered) input through and
// ends the execution (or branch) successfully.
#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

class Succeed : public StateRunner {
 public:
  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    Outcome<Json> effective = PrepareInput(ctx, raw_input);
    if (!effective.ok()) return Decision::Failed(effective.failure());
    Outcome<Json> output = ApplyOutput(ctx, effective.value());
    if (!output.ok()) return Decision::Failed(output.failure());
    return Decision::Of(Advance{std::move(output).value(), std::nullopt, Json()});
  }
};

}  // namespace

const StateRunner& SucceedRunner() {
  static const Succeed runner;
  return runner;
}

}  // namespace sfn::states
