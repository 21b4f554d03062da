// Choice state: the first matching rule's Next, else Default, else
// States.NoChoiceMatched. Output is the effective input after OutputPath
// (JSONPath), or the matching rule's (else the state's) Output (JSONata).
#include "emulator/states/choice_rules.h"
#include "emulator/states/pipeline.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

StateOutcome RunChoice(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return StateOutcome::Fail(effective.failure());
  Outcome<const asl::ChoiceRule*> selected = SelectChoice(s, MakeScope(ctx, effective.value()));
  if (!selected.ok()) return StateOutcome::Fail(InState(ctx, selected.failure()));
  const asl::ChoiceRule* rule = selected.value();
  std::optional<std::string> next = rule ? std::optional<std::string>(rule->next) : s.default_next;
  if (!next) {
    return StateOutcome::Fail(InState(ctx, {errors::kNoChoiceMatched, "No Matches!"}));
  }
  // A matching rule's Assign (and JSONata Output) replaces the state's;
  // Default uses the state's (AWS "Choice state": "Assign" in a Choice Rule).
  const std::optional<dataflow::Field>& assign = rule ? rule->assign_template : s.assign_template;
  std::optional<Json> assigned;
  if (assign) {
    Outcome<Json> a = EvaluateAssign(ctx, *assign, effective.value());
    if (!a.ok()) return StateOutcome::Fail(a.failure());
    assigned = std::move(a).value();
  }
  Outcome<Json> output =
      s.query_language == asl::QueryLanguage::kJsonata
          ? EvaluateOutput(ctx, rule ? rule->output : s.output, effective.value(), nullptr)
          : ApplyOutput(ctx, effective.value());
  if (!output.ok()) return StateOutcome::Fail(output.failure());
  StateOutcome o = StateOutcome::Transition(std::move(output).value(), std::move(next));
  o.assigned = std::move(assigned);
  return o;
}

}  // namespace sfn::states
