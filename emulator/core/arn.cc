#include "emulator/core/arn.h"

#include <vector>

namespace sfn {
namespace {

Status InvalidArn(std::string_view arn) {
  return Status(ErrorCode::kInvalidArn, "Invalid Arn: '" + std::string(arn) + "'");
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

}  // namespace

Result<ParsedArn> ParseArn(std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") {
    return Status(ErrorCode::kInvalidArn,
                  "Invalid Arn: 'Invalid ARN prefix: " + std::string(arn) + "'");
  }
  std::vector<std::string> parts = Split(arn, ':');
  if (parts.size() < 6) return InvalidArn(arn);
  ParsedArn out{parts[1], parts[2], parts[3], parts[4], parts[5], ""};
  if (parts.size() == 6) {
    // "type/resource" (IAM roles) or a bare resource.
    size_t slash = out.resource_type.find('/');
    if (slash != std::string::npos) {
      out.resource = out.resource_type.substr(slash + 1);
      out.resource_type.resize(slash);
    }
  }
  for (size_t i = 6; i < parts.size(); ++i) {
    if (i > 6) out.resource += ':';
    out.resource += parts[i];
  }
  if (out.partition.empty() || out.service.empty()) return InvalidArn(arn);
  return out;
}

std::string StateMachineRef::UnqualifiedArn() const {
  return MakeStateMachineArn(region, account, name);
}

std::string ExecutionRef::StateMachineArn() const {
  return MakeStateMachineArn(region, account, state_machine_name);
}

std::string MakeStateMachineArn(std::string_view region, std::string_view account,
                                std::string_view name) {
  return "arn:aws:states:" + std::string(region) + ":" + std::string(account) + ":stateMachine:" +
         std::string(name);
}

std::string MakeExecutionArn(std::string_view region, std::string_view account,
                             std::string_view state_machine_name, std::string_view execution_name) {
  return "arn:aws:states:" + std::string(region) + ":" + std::string(account) + ":execution:" +
         std::string(state_machine_name) + ":" + std::string(execution_name);
}

Result<StateMachineRef> ParseStateMachineArn(std::string_view arn) {
  SFN_ASSIGN_OR_RETURN(ParsedArn p, ParseArn(arn));
  if (p.service != "states") return InvalidArn(arn);
  if (p.resource_type != "stateMachine") {
    return Status(ErrorCode::kInvalidArn,
                  "Invalid Arn: 'Resource type not valid in this context: " + p.resource_type +
                      "'");
  }
  std::vector<std::string> rest = Split(p.resource, ':');
  if (rest.empty() || rest.size() > 2 || rest[0].empty()) return InvalidArn(arn);
  StateMachineRef ref{p.region, p.account, rest[0], std::nullopt};
  if (rest.size() == 2) {
    if (rest[1].empty()) return InvalidArn(arn);
    ref.qualifier = rest[1];
  }
  return ref;
}

Result<ExecutionRef> ParseExecutionArn(std::string_view arn) {
  SFN_ASSIGN_OR_RETURN(ParsedArn p, ParseArn(arn));
  if (p.service != "states") return InvalidArn(arn);
  if (p.resource_type != "execution" && p.resource_type != "express") {
    return Status(ErrorCode::kInvalidArn,
                  "Invalid Arn: 'Resource type not valid in this context: " + p.resource_type +
                      "'");
  }
  std::vector<std::string> rest = Split(p.resource, ':');
  if (rest.size() < 2 || rest[0].empty() || rest[1].empty()) return InvalidArn(arn);
  return ExecutionRef{p.region, p.account, rest[0], rest[1]};
}

bool IsExpressExecutionArn(std::string_view arn) {
  Result<ParsedArn> p = ParseArn(arn);
  return p.ok() && p->service == "states" && p->resource_type == "express";
}

bool IsValidResourceName(std::string_view name) {
  if (name.empty() || name.size() > 80) return false;
  static constexpr std::string_view kForbidden = " <>{}[]?*\"#%\\^|~`$&,;:/";
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return false;
    if (kForbidden.find(static_cast<char>(c)) != std::string_view::npos) return false;
    if (c == '\t' || c == '\n' || c == '\r') return false;
  }
  return true;
}

bool IsValidAliasName(std::string_view name) {
  bool non_digit = false;
  for (char c : name) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    bool mark = c == '_' || c == '-' || c == '.';
    if (!letter && !digit && !mark) return false;
    if (!digit) non_digit = true;
  }
  return non_digit;
}

}  // namespace sfn
