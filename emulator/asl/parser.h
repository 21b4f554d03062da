// Parsing and validating Amazon States Language text.
//
// Parse turns definition text into a compiled, immutable Definition or a
// kInvalidDefinition Status whose message is AWS's, e.g.
//   Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields
//   are required: [StartAt] at /'
// (several problems are joined with ", " inside the quotes, as AWS does).
// Validate returns the diagnostics of ValidateStateMachineDefinition.
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/core/status.h"

namespace sfn::asl {

enum class MachineType { kStandard, kExpress };

struct Diagnostic {
  std::string severity = "ERROR";  // ERROR | WARNING
  std::string code;                // SCHEMA_VALIDATION_FAILED, INVALID_JSON_DESCRIPTION, ...
  std::string message;
  std::optional<std::string> location;  // JSON pointer such as /States/A/Next
};

// All problems found in `text`; empty when the definition is valid.
std::vector<Diagnostic> Validate(std::string_view text, MachineType type);

// The compiled definition, or kInvalidDefinition with AWS's message built from
// the ERROR diagnostics.
Result<DefinitionPtr> Parse(std::string_view text, MachineType type = MachineType::kStandard);

// The name TestState gives a state defined alone (AWS's messages locate its
// problems at /States/StateName/...).
inline constexpr char kSingleStateName[] = "StateName";

// TestState's definition of one state: `text` is the state's JSON, checked as
// the only state (kSingleStateName) of a machine, without that machine's
// transition checks (its Next names a state that is not there); the bodies
// of a Parallel or Map are checked whole.
Result<DefinitionPtr> ParseSingleState(std::string_view text);

}  // namespace sfn::asl
