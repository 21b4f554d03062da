// Implementation detail of Intrinsic: the parsed call tree, the function
// table and the functions themselves (one .cc per group). Not for use outside
// emulator/dataflow.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/dataflow/intrinsics.h"
#include "emulator/dataflow/reference.h"
#include "emulator/dataflow/scope.h"

namespace sfn::dataflow {

struct FunctionSpec;

struct Intrinsic::Node {
  enum class Kind { kLiteral, kReference, kCall };
  Kind kind = Kind::kLiteral;
  std::string text;  // source text of this node
  // kLiteral.
  Json literal;
  // kLiteral strings: the text split at unescaped `{}` (for States.Format).
  std::vector<std::string> format_pieces;
  // kReference.
  std::optional<Reference> reference;
  // kCall.
  const FunctionSpec* function = nullptr;
  std::vector<std::shared_ptr<const Node>> args;
};

// What a function implementation receives: the evaluated arguments and the
// call node (for literal-specific behaviour such as Format's escapes).
struct CallArgs {
  std::vector<Json>& values;
  const Intrinsic::Node& call;
  const EvalScope& scope;
};

using IntrinsicFn = Outcome<Json> (*)(CallArgs& args);

struct FunctionSpec {
  std::string_view name;  // without the `States.` prefix
  int min_args;
  int max_args;  // -1: unbounded
  IntrinsicFn fn;
};

const FunctionSpec* FindIntrinsicFunction(std::string_view name);

// The failure every intrinsic function raises at run time.
Failure IntrinsicFailure(std::string cause);
// "Invalid arguments in States.<fn>: <detail>"-style failure.
Failure InvalidArgument(const Intrinsic::Node& call, const std::string& detail);

// Helpers for argument checks.
bool IsIntegral(const Json& value);  // an integer, or a float with no fraction
int64_t AsInt64(const Json& value);  // for values where IsIntegral holds

// Function groups.
Outcome<Json> FnArray(CallArgs& args);
Outcome<Json> FnArrayPartition(CallArgs& args);
Outcome<Json> FnArrayContains(CallArgs& args);
Outcome<Json> FnArrayRange(CallArgs& args);
Outcome<Json> FnArrayGetItem(CallArgs& args);
Outcome<Json> FnArrayLength(CallArgs& args);
Outcome<Json> FnArrayUnique(CallArgs& args);

Outcome<Json> FnFormat(CallArgs& args);
Outcome<Json> FnStringSplit(CallArgs& args);
Outcome<Json> FnStringToJson(CallArgs& args);
Outcome<Json> FnJsonToString(CallArgs& args);
Outcome<Json> FnJsonMerge(CallArgs& args);

Outcome<Json> FnBase64Encode(CallArgs& args);
Outcome<Json> FnBase64Decode(CallArgs& args);
Outcome<Json> FnHash(CallArgs& args);

Outcome<Json> FnMathRandom(CallArgs& args);
Outcome<Json> FnMathAdd(CallArgs& args);
Outcome<Json> FnUuid(CallArgs& args);

}  // namespace sfn::dataflow
