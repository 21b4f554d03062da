#include "emulator/states/runner.h"

#include <string>

namespace sfn::states {
namespace {

// Reached only when the engine asks a runner something its state type
// never waits for: a corrupt execution state row.
Failure Unexpected(const StateContext& ctx, const char* what) {
  return {errors::kRuntime, "State '" + ctx.state.name + "' of type " +
                                std::string(asl::StateTypeName(ctx.state.type)) +
                                " cannot handle " + what + "."};
}

}  // namespace

Decision StateRunner::OnTaskResult(const StateContext& ctx, const Json&, const Json&) const {
  return Decision::Failed(Unexpected(ctx, "a task result"));
}

Outcome<ChildStart> StateRunner::StartChild(const StateContext& ctx, Json&, const ForkRecord&,
                                            int64_t) const {
  return Unexpected(ctx, "children");
}

ChildEnd StateRunner::OnChildEnded(const StateContext& ctx, ForkRecord&, int64_t,
                                   const Outcome<Json>&) const {
  return ChildEnd{{}, Unexpected(ctx, "children")};
}

Decision StateRunner::OnForkSucceeded(const StateContext& ctx, const Json&, ForkRecord&) const {
  return Decision::Failed(Unexpected(ctx, "children"));
}

Decision StateRunner::OnForkFailed(const StateContext& ctx, const ForkRecord&, const Failure&,
                                   const std::vector<int64_t>&) const {
  return Decision::Failed(Unexpected(ctx, "children"));
}

std::optional<Failure> StateRunner::OnForkCall(const StateContext&, ForkRecord&,
                                               const Outcome<Json>& answer) const {
  if (answer.ok()) return std::nullopt;
  return answer.failure();
}

void StateRunner::BeforeForkEnds(const StateContext&, ForkRecord&, const Failure*,
                                 const std::vector<int64_t>&) const {}

const StateRunner& RunnerFor(asl::StateType type) {
  switch (type) {
    case asl::StateType::kPass:
      return PassRunner();
    case asl::StateType::kWait:
      return WaitRunner();
    case asl::StateType::kChoice:
      return ChoiceRunner();
    case asl::StateType::kSucceed:
      return SucceedRunner();
    case asl::StateType::kFail:
      return FailRunner();
    case asl::StateType::kTask:
      return TaskRunner();
    case asl::StateType::kParallel:
      return ParallelRunner();
    case asl::StateType::kMap:
      return MapRunner();
  }
  return PassRunner();  // unreachable: the enum is closed
}

}  // namespace sfn::states
