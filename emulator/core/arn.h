// Step Functions ARNs and resource names.
//
// Builders and parsers for state machine, execution and (later) version and
// alias ARNs, plus AWS's name rules (1-80 characters, none of whitespace,
// brackets, wildcards, `"#%\^|~`$&,;:/` or control characters). Parse errors
// are kInvalidArn with AWS's message ("Invalid Arn: '...'"). Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn {

struct ParsedArn {
  std::string partition;
  std::string service;
  std::string region;
  std::string account;
  std::string resource_type;  // "stateMachine", "execution", "express", ...
  std::string resource;       // everything after the resource type and ':'
};

// Splits "arn:partition:service:region:account:type:rest".
Result<ParsedArn> ParseArn(std::string_view arn);

struct StateMachineRef {
  std::string region, account, name;
  std::optional<std::string> qualifier;  // version number or alias name
  std::string UnqualifiedArn() const;
};

struct ExecutionRef {
  std::string region, account, state_machine_name, execution_name;
  std::string StateMachineArn() const;
};

std::string MakeStateMachineArn(std::string_view region, std::string_view account,
                                std::string_view name);
std::string MakeExecutionArn(std::string_view region, std::string_view account,
                             std::string_view state_machine_name, std::string_view execution_name);

// kInvalidArn unless `arn` names a state machine (optionally qualified).
Result<StateMachineRef> ParseStateMachineArn(std::string_view arn);
// kInvalidArn unless `arn` names an execution.
Result<ExecutionRef> ParseExecutionArn(std::string_view arn);

// Whether an execution ARN names an Express execution
// (`arn:...:express:<machine>:<name>:<id>`): AWS keeps no history for those.
bool IsExpressExecutionArn(std::string_view arn);

// AWS's rule for state machine and execution names.
bool IsValidResourceName(std::string_view name);

// The model's pattern for state machine alias names (CharacterRestrictedName):
// letters, digits, '_', '-', '.', with at least one non-digit, so an alias
// qualifier never looks like a version number.
inline constexpr std::string_view kAliasNamePattern = "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$";
bool IsValidAliasName(std::string_view name);

}  // namespace sfn
