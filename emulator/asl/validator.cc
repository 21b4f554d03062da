// Graph checks of a parsed body: transition targets, terminal states and
// reachability, as AWS reports them (MISSING_TRANSITION_TARGET,
// MISSING_END_STATE).
#include <deque>
#include <set>
#include <string>

#include "emulator/asl/parse_context.h"

namespace sfn::asl::internal {
namespace {

void CheckTarget(const StateMachineBody& body, const std::string& target,
                 const std::string& location, ParseContext& ctx) {
  if (body.Find(target) == nullptr) {
    ctx.Error("Missing 'Next' target: " + target, location, kMissingTransitionTarget);
  }
}

// Every transition out of `state`.
std::vector<std::string> Successors(const State& state) {
  std::vector<std::string> out;
  if (state.next) out.push_back(*state.next);
  for (const ChoiceRulePtr& rule : state.choices) out.push_back(rule->next);
  if (state.default_next) out.push_back(*state.default_next);
  for (const Catcher& catcher : state.catches) out.push_back(catcher.next);
  return out;
}

}  // namespace

// This body's own transitions, terminal states and reachability.
void CheckOwnGraph(const StateMachineBody& body, const std::string& location, ParseContext& ctx);

void ValidateGraph(const StateMachineBody& body, const std::string& location, ParseContext& ctx,
                   bool nested_only) {
  const std::string states_loc = Child(location, "States");
  if (!nested_only) CheckOwnGraph(body, location, ctx);
  for (const std::string& name : body.order) {
    const State& state = *body.states.at(name);
    std::string loc = Child(states_loc, name);
    for (size_t i = 0; i < state.branches.size(); ++i) {
      ValidateGraph(*state.branches[i], Indexed(Child(loc, "Branches"), i), ctx);
    }
    if (state.item_processor) {
      const char* field = state.raw.contains("Iterator") ? "Iterator" : "ItemProcessor";
      ValidateGraph(*state.item_processor, Child(loc, field), ctx);
    }
  }
}

void CheckOwnGraph(const StateMachineBody& body, const std::string& location, ParseContext& ctx) {
  const std::string states_loc = Child(location, "States");
  CheckTarget(body, body.start_at, Child(location, "StartAt"), ctx);
  bool has_terminal = false;
  for (const std::string& name : body.order) {
    const State& state = *body.states.at(name);
    std::string loc = Child(states_loc, name);
    if (state.next) CheckTarget(body, *state.next, Child(loc, "Next"), ctx);
    for (size_t i = 0; i < state.choices.size(); ++i) {
      CheckTarget(body, state.choices[i]->next,
                  Child(Indexed(Child(loc, "Choices"), i), "Next"), ctx);
    }
    if (state.default_next) CheckTarget(body, *state.default_next, Child(loc, "Default"), ctx);
    for (size_t i = 0; i < state.catches.size(); ++i) {
      CheckTarget(body, state.catches[i].next, Child(Indexed(Child(loc, "Catch"), i), "Next"),
                  ctx);
    }
    if (state.end || state.type == StateType::kSucceed || state.type == StateType::kFail) {
      has_terminal = true;
    }
  }
  if (!has_terminal) {
    ctx.Error("Workflow has no terminal state", std::nullopt, kMissingEndState);
  } else {
    std::set<std::string> reached;
    std::deque<std::string> queue;
    if (body.Find(body.start_at)) {
      reached.insert(body.start_at);
      queue.push_back(body.start_at);
    }
    while (!queue.empty()) {
      const State* state = body.Find(queue.front());
      queue.pop_front();
      for (const std::string& next : Successors(*state)) {
        if (body.Find(next) && reached.insert(next).second) queue.push_back(next);
      }
    }
    for (const std::string& name : body.order) {
      if (!reached.count(name)) {
        ctx.Error("State \"" + name + "\" is not reachable.", Child(states_loc, name),
                  kMissingTransitionTarget);
      }
    }
  }
}

}  // namespace sfn::asl::internal
