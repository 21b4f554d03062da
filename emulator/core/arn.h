// Amazon Resource Names: the one parser and the one builder of every ARN the
// emulator reads or writes.
//
// An ARN is `arn:<partition>:<service>:<region>:<account>:<resource>` (AWS
// General Reference, "Amazon Resource Names"). The partition follows from the
// region (botocore's partitions.json): `aws-cn` for cn-*, `aws-us-gov` for
// us-gov-*, `aws-iso` for us-iso-*, `aws-iso-b` for us-isob-*, `aws-iso-e`
// for eu-isoe-*, `aws-iso-f` for us-isof-*, `aws-eusc` for eusc-*, else `aws`.
// Builders take the region and derive it; parsers refuse an unknown
// partition, one that is not the region's, and an account that is not 12
// digits.
//
// Step Functions ARNs are parsed for one field at a time: the caller says
// which kinds the field accepts (a state machine, a version, an alias, an
// execution, ...), and a malformed or unexpected ARN is kInvalidArn with
// AWS's texts:
//   "Invalid Arn: 'Invalid ARN prefix: <arn>'"      no `arn:` prefix
//   "Invalid Arn: 'Resource type not valid in this context: <type>'"
//                                                    a type the field never takes
//   "Invalid Arn: '<arn>'"                           anything else malformed, or a
//                                                    form of the right type the
//                                                    field does not take
// Role ARNs have their own check and text ("Invalid Role Arn: '<arn>'").
// An operation that reads an ARN parses it here with the kinds its field
// takes (activities: kActivityArn and MakeActivityArn), and gets a row in
// tests/e2e/test_arns.py's table of fields. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn {

// --- partitions, accounts, regions --------------------------------------------

// The partition of `region` (see above).
std::string_view PartitionOf(std::string_view region);
bool IsKnownPartition(std::string_view partition);
// 12 decimal digits.
bool IsAccountId(std::string_view account);
// A region name such as us-east-1 or us-gov-west-1: lowercase letters and
// digits in hyphen-separated words, ending in a number.
bool IsRegionName(std::string_view region);

// --- any ARN ----------------------------------------------------------------------

struct Arn {
  std::string partition;
  std::string service;
  std::string region;    // empty for global services (IAM)
  std::string account;   // empty for AWS-owned resources (arn:aws:states:::lambda:invoke)
  std::string resource;  // everything after the account's colon
  std::string ToString() const;
};

// The six parts of `text`. kInvalidArn ("Invalid ARN prefix" without `arn:`,
// else "Invalid Arn: '<text>'") when it has fewer parts, an unknown partition,
// or an empty service or resource. Region, account and resource are the
// caller's to check.
Result<Arn> ParseArn(std::string_view text);
// arn:<PartitionOf(region)>:<service>:<region>:<account>:<resource>
std::string BuildArn(std::string_view service, std::string_view region, std::string_view account,
                     std::string_view resource);

// --- Step Functions ---------------------------------------------------------------

// What a Step Functions ARN names; a field accepts a set of them.
enum StatesArnKind : uint32_t {
  kStateMachineArn = 1u << 0,      // stateMachine:<name>
  kVersionArn = 1u << 1,           // stateMachine:<name>:<number>
  kAliasArn = 1u << 2,             // stateMachine:<name>:<alias>
  kMapStateArn = 1u << 3,          // stateMachine:<name>/<label> (a Distributed Map state)
  kExecutionArn = 1u << 4,         // execution:<machine>:<name>
  kExpressExecutionArn = 1u << 5,  // express:<machine>:<name>:<id>
  kMapRunArn = 1u << 6,            // mapRun:<machine>/<label>:<id>
  kActivityArn = 1u << 7,          // activity:<name>
};
using StatesArnKinds = uint32_t;
inline constexpr StatesArnKinds kAnyStateMachineArn = kStateMachineArn | kVersionArn | kAliasArn;
inline constexpr StatesArnKinds kAnyExecutionArn = kExecutionArn | kExpressExecutionArn;

struct StatesArn {
  StatesArnKind kind = kStateMachineArn;
  std::string partition, region, account;
  std::string name;                  // the state machine's (or the activity's) name
  std::optional<int64_t> version;    // kVersionArn
  std::optional<std::string> alias;  // kAliasArn
  std::optional<std::string> label;  // kMapStateArn, kMapRunArn (and a Map Run's child executions)
  std::string execution;             // executions: the execution's name; map runs: the run id
  std::string express_id;            // kExpressExecutionArn

  // The state machine this ARN belongs to, unqualified (not for activities).
  std::string StateMachineArn() const;
};

// `text` as one of the kinds in `allowed`, else kInvalidArn (see above).
Result<StatesArn> ParseStatesArn(std::string_view text, StatesArnKinds allowed);

// Shorthands for the common fields.
inline Result<StatesArn> ParseStateMachineArn(std::string_view text) {
  return ParseStatesArn(text, kAnyStateMachineArn);
}
inline Result<StatesArn> ParseExecutionArn(std::string_view text) {
  return ParseStatesArn(text, kAnyExecutionArn);
}

std::string MakeStateMachineArn(std::string_view region, std::string_view account,
                                std::string_view name);
std::string MakeVersionArn(std::string_view state_machine_arn, int64_t number);
std::string MakeAliasArn(std::string_view state_machine_arn, std::string_view alias);
std::string MakeExecutionArn(std::string_view region, std::string_view account,
                             std::string_view state_machine_name, std::string_view execution_name);
std::string MakeExpressExecutionArn(std::string_view region, std::string_view account,
                                    std::string_view state_machine_name,
                                    std::string_view execution_name, std::string_view id);
// mapRun:<machine>/<label>:<id> for the state machine (or version, or alias)
// `state_machine_arn`.
std::string MakeMapRunArn(std::string_view state_machine_arn, std::string_view label,
                          std::string_view id);
std::string MakeActivityArn(std::string_view region, std::string_view account,
                            std::string_view name);

// --- other services' ARNs the emulator reads ------------------------------------

// An IAM role ARN, `arn:<partition>:iam::<12 digits>:role/<path/><name>` in
// `partition` (the caller's); else kInvalidArn "Invalid Role Arn: '<arn>'".
Status CheckRoleArn(std::string_view arn, std::string_view partition);

// A Lambda function ARN, `arn:<partition>:lambda:<region>:<account>:function:<name>`
// with `:<qualifier>` when one is given.
std::string MakeLambdaFunctionArn(std::string_view region, std::string_view account,
                                  std::string_view name, std::string_view qualifier = "");

// A Task state's service integration resource,
// `arn:<partition>:states:::<service>:<action>[.<pattern>]`
// (pattern: `sync`, `sync:2`, `waitForTaskToken`, or empty).
struct IntegrationResource {
  std::string partition, service, action, pattern;
};
std::optional<IntegrationResource> ParseIntegrationResource(std::string_view resource);

}  // namespace sfn
