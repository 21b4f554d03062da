// Choice state: the first matching rule's Next, else Default, else
// States.NoChoiceMatched. Output is the effective input after OutputPath.
#include "emulator/states/choice_rules.h"
#include "emulator/states/pipeline.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

StateOutcome RunChoice(const StateContext& ctx, const Json& raw_input) {
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return StateOutcome::Fail(effective.failure());
  Outcome<std::optional<std::string>> selected =
      SelectChoice(ctx.state, MakeScope(ctx, effective.value()));
  if (!selected.ok()) return StateOutcome::Fail(InState(ctx, selected.failure()));
  std::optional<std::string> next = selected.value();
  if (!next) next = ctx.state.default_next;
  if (!next) {
    return StateOutcome::Fail(InState(
        ctx, {errors::kNoChoiceMatched, "No Matches!"}));
  }
  Outcome<Json> output = ApplyOutput(ctx, effective.value());
  if (!output.ok()) return StateOutcome::Fail(output.failure());
  return StateOutcome::Transition(std::move(output).value(), std::move(next));
}

}  // namespace sfn::states
