// Intrinsic evaluation: argument resolution and the function table.

#include "emulator/dataflow/intrinsics.h"

#include <cmath>
#include <limits>
#include <utility>

#include "emulator/dataflow/intrinsics_internal.h"

namespace sfn::dataflow {
namespace {

constexpr FunctionSpec kFunctions[] = {
    {"Format", 1, -1, FnFormat},
    {"StringToJson", 1, 1, FnStringToJson},
    {"JsonToString", 1, 1, FnJsonToString},
    {"Array", 0, -1, FnArray},
    {"ArrayPartition", 2, 2, FnArrayPartition},
    {"ArrayContains", 2, 2, FnArrayContains},
    {"ArrayRange", 3, 3, FnArrayRange},
    {"ArrayGetItem", 2, 2, FnArrayGetItem},
    {"ArrayLength", 1, 1, FnArrayLength},
    {"ArrayUnique", 1, 1, FnArrayUnique},
    {"Base64Encode", 1, 1, FnBase64Encode},
    {"Base64Decode", 1, 1, FnBase64Decode},
    {"Hash", 2, 2, FnHash},
    {"JsonMerge", 3, 3, FnJsonMerge},
    {"MathRandom", 2, 3, FnMathRandom},
    {"MathAdd", 2, 2, FnMathAdd},
    {"StringSplit", 2, 2, FnStringSplit},
    {"UUID", 0, 0, FnUuid},
};

Outcome<Json> EvaluateNode(const Intrinsic::Node& node, const EvalScope& scope) {
  switch (node.kind) {
    case Intrinsic::Node::Kind::kLiteral:
      return node.literal;
    case Intrinsic::Node::Kind::kReference: {
      Outcome<std::optional<Json>> selected = node.reference->Evaluate(scope);
      if (!selected.ok()) return selected.failure();
      std::optional<Json>& value = selected.value();
      if (!value) {
        const Json* document = node.reference->Document(scope);
        return Failure{errors::kRuntime,
                       "The JsonPath argument for the field '" + node.text +
                           "' could not be found in the input '" +
                           (document ? DumpJson(*document) : std::string("null")) + "'"};
      }
      return std::move(*value);
    }
    case Intrinsic::Node::Kind::kCall: {
      std::vector<Json> values;
      values.reserve(node.args.size());
      for (const auto& arg : node.args) {
        auto value = EvaluateNode(*arg, scope);
        if (!value.ok()) return value.failure();
        values.push_back(std::move(value).value());
      }
      CallArgs args{values, node, scope};
      return node.function->fn(args);
    }
  }
  return Json();
}

}  // namespace

const FunctionSpec* FindIntrinsicFunction(std::string_view name) {
  for (const auto& spec : kFunctions) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

Failure IntrinsicFailure(std::string cause) { return Failure{errors::kRuntime, std::move(cause)}; }

Failure InvalidArgument(const Intrinsic::Node& call, const std::string& detail) {
  return IntrinsicFailure("Invalid arguments in States." + std::string(call.function->name) + ": " +
                          detail);
}

bool IsIntegral(const Json& value) {
  // An unsigned value above int64's range would wrap in AsInt64.
  if (value.is_number_unsigned()) {
    return value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  }
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  double d = value.get<double>();
  return std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18;
}

int64_t AsInt64(const Json& value) {
  if (value.is_number_unsigned()) return static_cast<int64_t>(value.get<uint64_t>());
  if (value.is_number_integer()) return value.get<int64_t>();
  return static_cast<int64_t>(value.get<double>());
}

Outcome<Json> Intrinsic::Evaluate(const EvalScope& scope) const {
  if (!root_) return Json();
  try {
    return EvaluateNode(*root_, scope);
  } catch (const std::exception& e) {
    return IntrinsicFailure(std::string("Failed to evaluate '") + text_ + "': " + e.what());
  }
}

}  // namespace sfn::dataflow
