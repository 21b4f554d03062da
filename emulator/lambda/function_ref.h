// Lambda function references as the FunctionName parameter accepts them
// (API reference, Invoke "FunctionName"): a name ("my-function"), a name
// with a qualifier ("my-function:v1"), a partial ARN
// ("123456789012:function:my-function") or a full ARN
// ("arn:aws:lambda:us-west-2:123456789012:function:my-function"), each
// optionally followed by ":qualifier". A qualifier is "$LATEST", a version
// number or an alias name. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn::lambda {

struct FunctionRef {
  std::string name;
  std::optional<std::string> qualifier;
  std::optional<std::string> region;   // from a full ARN
  std::optional<std::string> account;  // from a partial or full ARN
};

// kValidationException with AWS's constraint message when `ref` does not
// match the FunctionName pattern.
Result<FunctionRef> ParseFunctionRef(std::string_view ref);

// Combines the qualifier inside the reference with an explicit Qualifier
// parameter: kInvalidParameterValueException when both are given and differ
// ("The derived qualifier from the function name does not match the
// specified qualifier.").
Result<std::optional<std::string>> MergeQualifier(const FunctionRef& ref,
                                                  const std::optional<std::string>& explicit_q);

enum class QualifierKind { kLatest, kVersion, kAlias };
QualifierKind KindOf(const std::optional<std::string>& qualifier);

// Version numbers: 1 to 10 digits, no leading zero. Alias and function
// names: core/names.h's kLambdaAlias and kLambdaFunction.
bool IsVersionNumber(std::string_view s);
bool IsValidAliasName(std::string_view s);
bool IsValidFunctionName(std::string_view s);

// An execution role (the model's RoleArn: an IAM role ARN of any aws*
// partition, checked by core/arn.h's role rule).
inline constexpr std::string_view kRoleArnPattern =
    "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
bool IsRoleArn(std::string_view arn);

std::string FunctionArn(std::string_view region, std::string_view account,
                        std::string_view name);
std::string QualifiedArn(std::string_view region, std::string_view account,
                         std::string_view name, std::string_view qualifier);

}  // namespace sfn::lambda
