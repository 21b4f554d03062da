// Qualified state machine ARNs and the lookups every control service shares.
//
// A state machine ARN may carry a qualifier (AWS "Versions and aliases"):
// `...:stateMachine:name` is the state machine (its latest revision),
// `...:stateMachine:name:3` is version 3, and `...:stateMachine:name:prod`
// is the alias prod (alias names always contain a non-digit). This file is
// the one place that tells them apart, builds their ARNs, and answers the
// "does not exist" errors for them. Free functions over a Repository; they
// run on the engine thread like the services.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/control/ports.h"
#include "emulator/core/arn.h"
#include "emulator/core/random.h"

namespace sfn::control {

struct MachineArn {
  std::string arn;          // as given
  std::string unqualified;  // the state machine's ARN
  std::optional<int64_t> version;
  std::optional<std::string> alias;
  bool qualified() const { return version || alias; }
};

// kInvalidArn unless `arn` names a state machine, a version or an alias.
Result<MachineArn> ParseMachineArn(std::string_view arn);

std::string VersionArn(const std::string& state_machine_arn, int64_t number);
std::string AliasArn(const std::string& state_machine_arn, const std::string& name);

// AWS's StateMachineDoesNotExist for `arn`.
Status StateMachineDoesNotExist(std::string_view arn);
// AWS's ResourceNotFound for versions and aliases.
Status ResourceNotFound();
// AWS's answer to an operation Express state machines do not have
// (ListExecutions, StartSyncExecution on a Standard one).
Status StateMachineTypeNotSupported();

// The head of the state machine an unqualified `arn` names; a qualified ARN
// or a missing machine is kStateMachineDoesNotExist.
Result<StateMachineRecord> RequireStateMachine(Repository& repo, std::string_view arn);

// The execution `arn` names; kInvalidArn for a malformed one and for an
// Express execution (AWS keeps none of them), kExecutionDoesNotExist when
// there is none.
Result<engine::ExecutionRecord> RequireExecution(Repository& repo, const std::string& arn);

// What StartExecution runs for a state machine, version or alias ARN.
struct StartTarget {
  StateMachineRecord head;
  RevisionRecord revision;  // the revision the execution runs
  std::optional<std::string> version_arn;
  std::optional<std::string> alias_arn;
};

// Resolves `arn` at the moment of the call: unqualified -> the latest
// revision; a version -> its revision forever; an alias -> one of its
// versions, chosen by weight with `random` (so --seed reproduces the split).
// Missing machines, versions and aliases are kStateMachineDoesNotExist.
Result<StartTarget> ResolveStartTarget(Repository& repo, Random& random, std::string_view arn);

}  // namespace sfn::control
