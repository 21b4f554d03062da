#include "emulator/lambda/function_ref.h"

#include <vector>

#include "emulator/core/arn.h"
#include "emulator/core/names.h"

namespace sfn::lambda {
namespace {

// botocore's lambda model, FunctionName.
constexpr std::string_view kFunctionNamePattern =
    "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?"
    "(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

bool AllNameChars(std::string_view s) {
  return !s.empty() && HasValidCharacters(NameKind::kLambdaFunction, s);
}

// The model's region part: [a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}.
bool IsLambdaRegion(std::string_view s) {
  return IsRegionName(s) && s[2] == '-' && s.rfind('-') == s.size() - 2;
}

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(':', start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

Status Invalid(std::string_view ref) {
  // The message AWS's request validation gives for FunctionName.
  return Status(ErrorCode::kValidationException,
                "1 validation error detected: Value '" + std::string(ref) +
                    "' at 'functionName' failed to satisfy constraint: Member must satisfy "
                    "regular expression pattern: " +
                    std::string(kFunctionNamePattern));
}

bool ValidQualifier(std::string_view q) { return q == "$LATEST" || AllNameChars(q); }

}  // namespace

bool IsVersionNumber(std::string_view s) {
  return !s.empty() && s.size() <= 10 && s[0] != '0' &&
         s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool IsValidAliasName(std::string_view s) { return CheckName(NameKind::kLambdaAlias, s).ok(); }

bool IsValidFunctionName(std::string_view s) {
  return CheckName(NameKind::kLambdaFunction, s).ok();
}

Result<FunctionRef> ParseFunctionRef(std::string_view ref) {
  if (ref.empty() || ref.size() > 170) return Invalid(ref);
  std::vector<std::string_view> parts = Split(ref);
  FunctionRef out;
  size_t i = 0;
  if (parts[0] == "arn") {
    // arn:partition:lambda:region:account:function:name[:qualifier]
    if (parts.size() < 7 || parts.size() > 8 || parts[1].rfind("aws", 0) != 0 ||
        parts[2] != "lambda" || !IsAccountId(parts[4]) || parts[5] != "function" ||
        !IsLambdaRegion(parts[3])) {
      return Invalid(ref);
    }
    out.region = std::string(parts[3]);
    out.account = std::string(parts[4]);
    i = 6;
  } else if (parts.size() >= 3 && IsAccountId(parts[0]) && parts[1] == "function") {
    out.account = std::string(parts[0]);
    i = 2;
  } else if (parts.size() > 2) {
    return Invalid(ref);
  }
  if (!CheckName(NameKind::kLambdaFunction, parts[i]).ok()) return Invalid(ref);
  out.name = std::string(parts[i]);
  if (i + 1 < parts.size()) {
    if (i + 2 < parts.size() || !ValidQualifier(parts[i + 1])) return Invalid(ref);
    out.qualifier = std::string(parts[i + 1]);
  }
  return out;
}

Result<std::optional<std::string>> MergeQualifier(const FunctionRef& ref,
                                                  const std::optional<std::string>& explicit_q) {
  if (explicit_q && !ValidQualifier(*explicit_q)) {
    return Status(ErrorCode::kValidationException,
                  "1 validation error detected: Value '" + *explicit_q +
                      "' at 'qualifier' failed to satisfy constraint: Member must satisfy "
                      "regular expression pattern: (|[a-zA-Z0-9$_-]+)");
  }
  if (ref.qualifier && explicit_q && *ref.qualifier != *explicit_q) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "The derived qualifier from the function name does not match the specified "
                  "qualifier.");
  }
  return explicit_q ? explicit_q : ref.qualifier;
}

QualifierKind KindOf(const std::optional<std::string>& qualifier) {
  if (!qualifier || *qualifier == "$LATEST") return QualifierKind::kLatest;
  if (IsVersionNumber(*qualifier)) return QualifierKind::kVersion;
  return QualifierKind::kAlias;
}

bool IsRoleArn(std::string_view arn) {
  Result<Arn> parsed = ParseArn(arn);
  return parsed.ok() && CheckRoleArn(arn, parsed->partition).ok();
}

std::string FunctionArn(std::string_view region, std::string_view account,
                        std::string_view name) {
  return MakeLambdaFunctionArn(region, account, name);
}

std::string QualifiedArn(std::string_view region, std::string_view account,
                         std::string_view name, std::string_view qualifier) {
  return MakeLambdaFunctionArn(region, account, name, qualifier);
}

}  // namespace sfn::lambda
