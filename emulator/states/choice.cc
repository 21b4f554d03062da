// Choice state: the first matching rule's Next, else Default, else
// States.NoChoiceMatched. Output is the effective input after OutputPath.
#include "emulator/states/choice_rules.h"
#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

Decision RunChoice(const StateContext& ctx, const Json& raw_input) {
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return Decision::Failed(effective.failure());
  Outcome<const asl::ChoiceRule*> selected =
      SelectChoice(ctx.state, MakeScope(ctx, effective.value()));
  if (!selected.ok()) return Decision::Failed(InState(ctx, selected.failure()));
  const asl::ChoiceRule* rule = selected.value();
  std::optional<std::string> next =
      rule ? std::optional<std::string>(rule->next) : ctx.state.default_next;
  if (!next) {
    return Decision::Failed(InState(ctx, {errors::kNoChoiceMatched, "No Matches!"}));
  }
  // A matching rule's Assign replaces the state's; Default uses the state's
  // (AWS "Choice state": "Assign" in a Choice Rule).
  const std::optional<dataflow::Template>& assign =
      rule ? rule->assign_template : ctx.state.assign_template;
  Json assigned;
  if (assign) {
    Outcome<Json> a = EvaluateAssign(ctx, *assign, effective.value());
    if (!a.ok()) return Decision::Failed(a.failure());
    assigned = std::move(a).value();
  }
  Outcome<Json> output = ApplyOutput(ctx, effective.value());
  if (!output.ok()) return Decision::Failed(output.failure());
  return Decision::Of(Advance{std::move(output).value(), std::move(next), std::move(assigned)});
}

class Choice : public StateRunner {
 public:
  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    return RunChoice(ctx, raw_input);
  }
};

}  // namespace

const StateRunner& ChoiceRunner() {
  static const Choice runner;
  return runner;
}

}  // namespace sfn::states
