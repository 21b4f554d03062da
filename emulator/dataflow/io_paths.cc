#include "emulator/dataflow/io_paths.h"

#include <string>
#include <utility>
#include <vector>

namespace sfn::dataflow {
namespace {

// The normalized prefixes of a definite path: "$['a']", "$['a']['b']", ...
std::vector<std::string> Prefixes(const std::string& normalized) {
  std::vector<std::string> out;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < normalized.size(); ++i) {
    char c = normalized[i];
    if (c == '\\' && quoted) {
      ++i;
      continue;
    }
    if (c == '\'') quoted = !quoted;
    if (quoted) continue;
    if (c == '[') ++depth;
    if (c == ']' && --depth == 0) out.push_back(normalized.substr(0, i + 1));
  }
  return out;
}

// A definite path that matched nothing fails as Jayway JsonPath words it on
// AWS: a missing property before the last step is "Missing property in path
// $['a']" (up to that step); a missing last step "No results for path: ...".
Failure NoResults(const JsonPath& path, const Json& document) {
  std::string normalized = path.Normalized();
  std::vector<std::string> prefixes = Prefixes(normalized);
  for (size_t i = 0; i + 1 < prefixes.size(); ++i) {
    Result<JsonPath> prefix = JsonPath::Compile(prefixes[i]);
    if (!prefix.ok()) break;
    std::optional<Json> v = prefix->Evaluate(document);
    if (!v) {
      return Failure{errors::kRuntime, "Invalid path '" + path.text() +
                                           "' : Missing property in path " + prefixes[i]};
    }
  }
  return Failure{errors::kRuntime,
                 "Invalid path '" + path.text() + "' : No results for path: " + normalized};
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
