// Choice state: the first matching rule's Next, else Default, else
// States.NoChoiceMatched. Output is the effective input after OutputPath
// (JSONPath), or the matching rule's (else the state's) Output (JSONata).
#include "emulator/states/choice_rules.h"
#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

Decision RunChoice(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return Decision::Failed(effective.failure());
  Outcome<const asl::ChoiceRule*> selected = SelectChoice(s, MakeScope(ctx, effective.value()));
  if (!selected.ok()) return Decision::Failed(InState(ctx, selected.failure()));
  const asl::ChoiceRule* rule = selected.value();
  std::optional<std::string> next = rule ? std::optional<std::string>(rule->next) : s.default_next;
  if (!next) {
    return Decision::Failed(InState(ctx, {errors::kNoChoiceMatched, "No Matches!"}));
  }
  // A matching rule's Assign (and JSONata Output) replaces the state's;
  // Default uses the state's (AWS "Choice state": "Assign" in a Choice Rule).
  const std::optional<dataflow::Field>& assign = rule ? rule->assign_template : s.assign_template;
  std::optional<Json> assigned;
  if (assign) {
    Outcome<Json> a = EvaluateAssign(ctx, *assign, effective.value());
    if (!a.ok()) return Decision::Failed(a.failure());
    assigned = std::move(a).value();
  }
  Outcome<Json> output =
      s.query_language == asl::QueryLanguage::kJsonata
          ? EvaluateOutput(ctx, rule ? rule->output : s.output, effective.value(), nullptr)
          : ApplyOutput(ctx, effective.value());
  if (!output.ok()) return Decision::Failed(output.failure());
  return Decision::Of(Advance{std::move(output).value(), std::move(next),
                              assigned ? std::move(*assigned) : Json()});
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
