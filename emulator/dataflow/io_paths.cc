#include "emulator/dataflow/io_paths.h"

#include <string>
#include <utility>

namespace sfn::dataflow {
namespace {

Outcome<Json> Select(const JsonPath& path, const Json& document) {
  auto value = path.Evaluate(document);
  if (value) return std::move(*value);
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

Outcome<Json> ApplyInputPath(const IoPath& input_path, const Scope& scope) {
  if (!input_path.path) return Json::object();
  const JsonPath& path = *input_path.path;
  return Select(path, path.IsContextPath() ? scope.context : scope.input);
}

Outcome<Json> ApplyOutputPath(const IoPath& output_path, const Json& document) {
  if (!output_path.path) return Json::object();
  return Select(*output_path.path, document);
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
