#include "emulator/core/arn.h"

#include <charconv>
#include <vector>

#include "emulator/core/names.h"

namespace sfn {
namespace {

// botocore/data/partitions.json, each partition's regionRegex, most specific
// first (us-gov-*, us-iso-* and us-isob-* would otherwise read as us-*).
struct PartitionPrefix {
  std::string_view prefix;
  std::string_view partition;
};
constexpr PartitionPrefix kPartitions[] = {
    {"us-gov-", "aws-us-gov"}, {"us-isob-", "aws-iso-b"}, {"us-isof-", "aws-iso-f"},
    {"us-iso-", "aws-iso"},    {"eu-isoe-", "aws-iso-e"}, {"eusc-", "aws-eusc"},
    {"cn-", "aws-cn"},
};
constexpr std::string_view kDefaultPartition = "aws";

Status InvalidArn(std::string_view arn) {
  return Status(ErrorCode::kInvalidArn, "Invalid Arn: '" + std::string(arn) + "'");
}

Status WrongType(std::string_view type) {
  return Status(ErrorCode::kInvalidArn, "Invalid Arn: 'Resource type not valid in this context: " +
                                            std::string(type) + "'");
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

bool IsDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// A state machine or execution name inside an ARN: what CreateStateMachine
// and StartExecution accept (core/names.h).
bool IsResourceName(std::string_view s, NameKind kind) { return CheckName(kind, s).ok(); }

// Which resource types a set of kinds takes (for "not valid in this context").
bool TakesType(std::string_view type, StatesArnKinds allowed) {
  if (type == "stateMachine") return (allowed & (kAnyStateMachineArn | kMapStateArn)) != 0;
  if (type == "execution") return (allowed & kExecutionArn) != 0;
  if (type == "express") return (allowed & kExpressExecutionArn) != 0;
  if (type == "mapRun") return (allowed & kMapRunArn) != 0;
  if (type == "activity") return (allowed & kActivityArn) != 0;
  return false;
}

// <machine> or <machine>/<label> (a Map Run's state machine), into `out`.
bool ParseMachinePart(std::string_view part, StatesArn& out, bool label_allowed) {
  size_t slash = part.find('/');
  std::string_view machine = part.substr(0, slash);
  if (!IsResourceName(machine, NameKind::kStateMachine)) return false;
  out.name = std::string(machine);
  if (slash == std::string_view::npos) return true;
  std::string_view label = part.substr(slash + 1);
  if (!label_allowed || !CheckName(NameKind::kMapRunLabel, label).ok()) return false;
  out.label = std::string(label);
  return true;
}

}  // namespace

// --- partitions, accounts, regions --------------------------------------------

std::string_view PartitionOf(std::string_view region) {
  for (const PartitionPrefix& p : kPartitions) {
    if (region.substr(0, p.prefix.size()) == p.prefix) return p.partition;
  }
  return kDefaultPartition;
}

bool IsKnownPartition(std::string_view partition) {
  if (partition == kDefaultPartition) return true;
  for (const PartitionPrefix& p : kPartitions) {
    if (p.partition == partition) return true;
  }
  return false;
}

bool IsAccountId(std::string_view account) { return account.size() == 12 && IsDigits(account); }

bool IsRegionName(std::string_view region) {
  std::vector<std::string_view> words = Split(region, '-');
  if (words.size() < 3 || !IsDigits(words.back())) return false;
  for (std::string_view w : words) {
    if (w.empty() ||
        w.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// --- any ARN ----------------------------------------------------------------------

std::string Arn::ToString() const {
  return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

Result<Arn> ParseArn(std::string_view text) {
  if (text.substr(0, 4) != "arn:") {
    return Status(ErrorCode::kInvalidArn,
                  "Invalid Arn: 'Invalid ARN prefix: " + std::string(text) + "'");
  }
  // arn : partition : service : region : account : resource (which may hold ':')
  std::vector<size_t> colons;
  for (size_t i = 0; i < text.size() && colons.size() < 5; ++i) {
    if (text[i] == ':') colons.push_back(i);
  }
  if (colons.size() < 5) return InvalidArn(text);
  auto part = [&](int i) {
    return std::string(text.substr(colons[i] + 1, colons[i + 1] - colons[i] - 1));
  };
  Arn out{part(0), part(1), part(2), part(3), std::string(text.substr(colons[4] + 1))};
  if (!IsKnownPartition(out.partition) || out.service.empty() || out.resource.empty()) {
    return InvalidArn(text);
  }
  return out;
}

std::string BuildArn(std::string_view service, std::string_view region, std::string_view account,
                     std::string_view resource) {
  return Arn{std::string(PartitionOf(region)), std::string(service), std::string(region),
             std::string(account), std::string(resource)}
      .ToString();
}

// --- Step Functions ---------------------------------------------------------------

std::string StatesArn::StateMachineArn() const {
  return "arn:" + partition + ":states:" + region + ":" + account + ":stateMachine:" + name;
}

Result<StatesArn> ParseStatesArn(std::string_view text, StatesArnKinds allowed) {
  SFN_ASSIGN_OR_RETURN(Arn arn, ParseArn(text));
  if (arn.service != "states" || !IsRegionName(arn.region) || !IsAccountId(arn.account) ||
      PartitionOf(arn.region) != arn.partition) {
    return InvalidArn(text);
  }
  std::vector<std::string_view> parts = Split(arn.resource, ':');
  std::string_view type = parts[0];
  if (!TakesType(type, allowed)) return WrongType(type);
  StatesArn out;
  out.partition = arn.partition;
  out.region = arn.region;
  out.account = arn.account;
  auto accept = [&](StatesArnKind kind) -> Result<StatesArn> {
    if ((allowed & kind) == 0) return InvalidArn(text);
    out.kind = kind;
    return out;
  };

  if (type == "stateMachine") {
    if (parts.size() < 2 || parts.size() > 3) return InvalidArn(text);
    if (!ParseMachinePart(parts[1], out, true)) return InvalidArn(text);
    if (out.label) {
      if (parts.size() != 2) return InvalidArn(text);
      return accept(kMapStateArn);
    }
    if (parts.size() == 2) return accept(kStateMachineArn);
    std::string_view q = parts[2];
    if (IsDigits(q)) {
      int64_t number = 0;
      auto [end, ec] = std::from_chars(q.data(), q.data() + q.size(), number);
      if (ec != std::errc() || end != q.data() + q.size() || number < 1) return InvalidArn(text);
      out.version = number;
      return accept(kVersionArn);
    }
    if (!CheckName(NameKind::kStateMachineAlias, q).ok()) return InvalidArn(text);
    out.alias = std::string(q);
    return accept(kAliasArn);
  }
  if (type == "execution" || type == "express") {
    bool express = type == "express";
    if (parts.size() != (express ? 4u : 3u)) return InvalidArn(text);
    if (!ParseMachinePart(parts[1], out, !express)) return InvalidArn(text);
    if (!IsResourceName(parts[2], NameKind::kExecution)) return InvalidArn(text);
    out.execution = std::string(parts[2]);
    if (express) {
      if (parts[3].empty()) return InvalidArn(text);
      out.express_id = std::string(parts[3]);
      return accept(kExpressExecutionArn);
    }
    return accept(kExecutionArn);
  }
  if (type == "mapRun") {
    if (parts.size() != 3 || !ParseMachinePart(parts[1], out, true) || !out.label ||
        parts[2].empty()) {
      return InvalidArn(text);
    }
    out.execution = std::string(parts[2]);
    return accept(kMapRunArn);
  }
  // activity
  if (parts.size() != 2 || !IsResourceName(parts[1], NameKind::kActivity)) return InvalidArn(text);
  out.name = std::string(parts[1]);
  return accept(kActivityArn);
}

std::string MakeStateMachineArn(std::string_view region, std::string_view account,
                                std::string_view name) {
  return BuildArn("states", region, account, "stateMachine:" + std::string(name));
}

std::string MakeVersionArn(std::string_view state_machine_arn, int64_t number) {
  return std::string(state_machine_arn) + ":" + std::to_string(number);
}

std::string MakeAliasArn(std::string_view state_machine_arn, std::string_view alias) {
  return std::string(state_machine_arn) + ":" + std::string(alias);
}

std::string MakeExecutionArn(std::string_view region, std::string_view account,
                             std::string_view state_machine_name, std::string_view execution_name) {
  return BuildArn(
      "states", region, account,
      "execution:" + std::string(state_machine_name) + ":" + std::string(execution_name));
}

std::string MakeExpressExecutionArn(std::string_view region, std::string_view account,
                                    std::string_view state_machine_name,
                                    std::string_view execution_name, std::string_view id) {
  return BuildArn("states", region, account,
                  "express:" + std::string(state_machine_name) + ":" + std::string(execution_name) +
                      ":" + std::string(id));
}

std::string MakeMapRunArn(std::string_view state_machine_arn, std::string_view label,
                          std::string_view id) {
  Result<StatesArn> machine = ParseStatesArn(state_machine_arn, kAnyStateMachineArn);
  if (!machine.ok()) return std::string(state_machine_arn);
  return BuildArn("states", machine->region, machine->account,
                  "mapRun:" + machine->name + "/" + std::string(label) + ":" + std::string(id));
}

std::string MakeActivityArn(std::string_view region, std::string_view account,
                            std::string_view name) {
  return BuildArn("states", region, account, "activity:" + std::string(name));
}

// --- other services' ARNs ---------------------------------------------------------

Status CheckRoleArn(std::string_view arn, std::string_view partition) {
  Status invalid(ErrorCode::kInvalidArn, "Invalid Role Arn: '" + std::string(arn) + "'");
  Result<Arn> parsed = ParseArn(arn);
  if (!parsed.ok() || parsed->partition != partition || parsed->service != "iam" ||
      !parsed->region.empty() || !IsAccountId(parsed->account)) {
    return invalid;
  }
  // role/<path/><name>: IAM's characters (IAM API reference, Role: path and
  // name are [\w+=,.@-] with '/' separating the path).
  std::string_view resource = parsed->resource;
  constexpr std::string_view kType = "role/";
  if (resource.substr(0, kType.size()) != kType) return invalid;
  std::string_view rest = resource.substr(kType.size());
  if (rest.empty() || rest.back() == '/') return invalid;
  for (char c : rest) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("_+=,.@-/").find(c) != std::string_view::npos;
    if (!ok) return invalid;
  }
  return Status::Ok();
}

std::string MakeLambdaFunctionArn(std::string_view region, std::string_view account,
                                  std::string_view name, std::string_view qualifier) {
  std::string resource = "function:" + std::string(name);
  if (!qualifier.empty()) resource += ":" + std::string(qualifier);
  return BuildArn("lambda", region, account, resource);
}

std::optional<IntegrationResource> ParseIntegrationResource(std::string_view resource) {
  Result<Arn> arn = ParseArn(resource);
  if (!arn.ok() || arn->service != "states" || !arn->region.empty() || !arn->account.empty()) {
    return std::nullopt;
  }
  // <service>:<action>[.<pattern>], the pattern possibly holding ':' (sync:2).
  std::string_view rest = arn->resource;
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  IntegrationResource out;
  out.partition = arn->partition;
  out.service = std::string(rest.substr(0, colon));
  std::string_view action = rest.substr(colon + 1);
  size_t dot = action.find('.');
  if (dot != std::string_view::npos) {
    out.pattern = std::string(action.substr(dot + 1));
    action = action.substr(0, dot);
  }
  if (action.empty()) return std::nullopt;
  out.action = std::string(action);
  return out;
}

}  // namespace sfn
