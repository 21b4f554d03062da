// Qualified state machine ARNs and the lookups every control service shares.
//
// A state machine ARN may carry a qualifier (AWS "Versions and aliases"):
// `...:stateMachine:name` is the state machine (its latest revision),
// `...:stateMachine:name:3` is version 3, and `...:stateMachine:name:prod`
// is the alias prod (alias names always contain a non-digit). This file is
// where control tells them apart (with core/arn.h's parser, the one that
// knows their syntax) and answers the "does not exist" errors for them. Free
// functions over a Repository; they run on the engine thread like the
// services.
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
  std::optional<std::string> label;  // a Distributed Map state (kMapStateArn)
  bool qualified() const { return version || alias || label; }
};

// kInvalidArn unless `arn` names one of `allowed` (a state machine, a
// version, an alias, a Distributed Map state; core/arn.h).
Result<MachineArn> ParseMachineArn(std::string_view arn,
                                   StatesArnKinds allowed = kAnyStateMachineArn);

// AWS (DescribeStateMachine, UpdateStateMachine, DeleteStateMachine): "If you
// provide a qualified state machine ARN that refers to a Distributed Map
// state, the request fails with ValidationException."
Status MapStateArnNotSupported(std::string_view arn);

// AWS's StateMachineDoesNotExist for `arn`.
Status StateMachineDoesNotExist(std::string_view arn);
// AWS's ResourceNotFound for versions and aliases.
Status ResourceNotFound();
// AWS's answer to an operation Express state machines do not have
// (ListExecutions, StartSyncExecution on a Standard one).
Status StateMachineTypeNotSupported();

// The head of the state machine an unqualified `arn` names; a version or
// alias ARN or a missing machine is kStateMachineDoesNotExist (as AWS answers
// UpdateStateMachine on a version ARN), a Distributed Map state's ARN
// MapStateArnNotSupported.
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
