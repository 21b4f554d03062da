// ASL failures as values (DESIGN.md, "Values and errors", tier 1).
//
// A Failure is what a state raises: an error name (`States.Runtime`,
// `States.TaskFailed`, a user's own name, ...) and a cause text. Retry and
// Catch match on `error`; history records both. `Outcome<T>` is a value or a
// Failure, the return type of everything the interpreter evaluates.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sfn {

struct Failure {
  std::string error;
  std::string cause;
  // Set when the failing state's own evaluation raised this failure (a
  // JSONata expression, or a value a JSONata field gave): the field it was
  // evaluated for ("Output/a", "Items"), or "" when there is none. AWS
  // records an EvaluationFailed event for it; it is not carried past the
  // state that raised it.
  std::optional<std::string> evaluation;
  bool operator==(const Failure&) const = default;
};

// Well-known error names from the States Language spec ("Errors").
namespace errors {
inline constexpr char kAll[] = "States.ALL";
inline constexpr char kRuntime[] = "States.Runtime";
inline constexpr char kTimeout[] = "States.Timeout";
inline constexpr char kHeartbeatTimeout[] = "States.HeartbeatTimeout";
inline constexpr char kTaskFailed[] = "States.TaskFailed";
inline constexpr char kNoChoiceMatched[] = "States.NoChoiceMatched";
inline constexpr char kIntrinsicFailure[] = "States.IntrinsicFailure";
inline constexpr char kResultPathMatchFailure[] = "States.ResultPathMatchFailure";
inline constexpr char kParameterPathFailure[] = "States.ParameterPathFailure";
inline constexpr char kDataLimitExceeded[] = "States.DataLimitExceeded";
inline constexpr char kQueryEvaluationError[] = "States.QueryEvaluationError";
}  // namespace errors

template <typename T>
class [[nodiscard]] Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}        // NOLINT(runtime/explicit)
  Outcome(Failure failure) : v_(std::move(failure)) {}  // NOLINT(runtime/explicit)

  bool ok() const { return v_.index() == 0; }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Failure& failure() const { return std::get<1>(v_); }

 private:
  std::variant<T, Failure> v_;
};

}  // namespace sfn
