#include "emulator/dataflow/io_paths.h"

#include <string>
#include <utility>

namespace sfn::dataflow {
namespace {

// A definite path that matched nothing fails as Jayway JsonPath words it on
// AWS: a missing property before the last step is "Missing property in path
// $['a']" (up to that step); a missing last step "No results for path: ...".
// One walk down the path, so a path of many steps costs linear time.
Failure NoResults(const JsonPath& path, const Json& document) {
  size_t matched = path.MatchedSteps(document);
  if (matched + 1 < path.size()) {
    return Failure{errors::kRuntime, "Invalid path '" + path.text() +
                                         "' : Missing property in path " +
                                         path.NormalizedPrefix(matched + 1)};
  }
  return Failure{errors::kRuntime,
                 "Invalid path '" + path.text() + "' : No results for path: " + path.Normalized()};
}

}  // namespace

IoPath IoPath::Dollar() {
  IoPath io;
  io.path = JsonPath::Compile("$").value();
  return io;
}

Result<IoPath> IoPath::FromJson(const Json& value) {
  if (value.is_null()) return IoPath{};
  if (!value.is_string()) {
    return Status(ErrorCode::kInvalidDefinition,
                  "Expected a JSONPath string or null but got " + DumpJson(value));
  }
  SFN_ASSIGN_OR_RETURN(JsonPath path, JsonPath::Compile(value.get<std::string>()));
  IoPath io;
  io.path = std::move(path);
  return io;
}

Outcome<Json> ApplyIoPath(const Field& field, const EvalScope& scope) {
  Outcome<Value> value = field.Evaluate(scope);
  if (!value.ok()) return value.failure();
  if (value.value()) return std::move(*std::move(value).value());
  const Reference* ref = field.reference();
  if (ref == nullptr) {
    return Failure{errors::kRuntime, "Invalid path '" + field.text() + "' : No results"};
  }
  if (ref->root() == Reference::Root::kVariable) {
    return Failure{errors::kRuntime, "Invalid path '$" + ref->variable() +
                                         "' : No results for path: $['" + ref->variable() + "']"};
  }
  return NoResults(ref->path(), *ref->Document(scope));
}

Outcome<Json> ApplyResultPath(const IoPath& result_path, const Json& raw_input,
                              const Json& result) {
  if (!result_path.path) return raw_input;
  const JsonPath& path = *result_path.path;
  if (path.text() == "$") return result;
  Json output = raw_input;
  std::string failed_step;
  if (path.IsContextPath() || !path.Assign(output, result, &failed_step)) {
    if (path.IsContextPath()) failed_step = path.text();
    return Failure{errors::kResultPathMatchFailure,
                   "Unable to apply step \"" + failed_step + "\" to input " + DumpJson(raw_input)};
  }
  return output;
}

}  // namespace sfn::dataflow
