#include "emulator/control/mock_validation.h"

#include <cctype>
#include <optional>
#include <utility>

#include "emulator/control/service_shapes.h"
#include "emulator/core/arn.h"

namespace sfn::control {
namespace {

const Json& Models() {
  static const Json doc = [] {
    std::string text;
    for (const char* piece : ServiceShapesText()) text += piece;
    return Json::parse(text);
  }();
  return doc;
}

struct Api {
  const Json* shapes = nullptr;  // the service's shapes
  std::string output;            // the operation's output shape
  bool lambda_invoke = false;    // Step Functions' own envelope of Lambda's Invoke
};

// The API a Task resource calls: arn:<partition>:states:::<service>:<action>
// (an optimised integration) or ...:::aws-sdk:<service>:<action>, either
// with an optional .<pattern>.
std::optional<Api> ApiOf(const std::string& resource) {
  std::optional<IntegrationResource> r = ParseIntegrationResource(resource);
  if (!r) return std::nullopt;
  bool sdk = r->service == "aws-sdk";
  std::string service = r->service;
  std::string action = r->action;
  if (sdk) {
    size_t colon = action.find(':');
    if (colon == std::string::npos || colon + 1 >= action.size()) return std::nullopt;
    service = action.substr(0, colon);
    action = action.substr(colon + 1);
  }
  action[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(action[0])));
  const Json& doc = Models();
  auto name = doc.at("names").find(service);
  if (name == doc.at("names").end()) return std::nullopt;
  const Json& model = doc.at("services").at(name->get<std::string>());
  auto op = model.at("ops").find(action);
  if (op == model.at("ops").end()) return std::nullopt;
  return Api{&model.at("shapes"), op->get<std::string>(),
             !sdk && service == "lambda" && action == "Invoke"};
}

// Step Functions writes an API's members with an upper-case first letter
// (executionArn -> ExecutionArn).
std::string Capitalized(std::string name) {
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

Status Problem(const std::string& text) {
  return Status(ErrorCode::kValidationException, "Mock result schema validation error: " + text);
}

Status FieldProblem(const std::string& field, const std::string& what) {
  return Problem("Field '" + field + "' " + what);
}

class Checker {
 public:
  Checker(const Api& api, bool strict) : api_(api), strict_(strict) {}

  Status Check(const std::string& field, const Json& value, const std::string& shape_name,
               bool top = false) const {
    const Json& shape = api_.shapes->at(shape_name);
    const std::string& type = shape.at("t").get_ref<const std::string&>();
    if (type == "S") return Structure(field, value, shape, top);
    if (type == "L") {
      if (!value.is_array()) return FieldProblem(field, "must be an array");
      SFN_RETURN_IF_ERROR(Length(field, value.size(), shape));
      for (const Json& item : value) SFN_RETURN_IF_ERROR(Check(field, item, shape.at("e")));
      return Status::Ok();
    }
    if (type == "M") {
      if (!value.is_object()) return FieldProblem(field, "must be an object");
      for (auto it = value.begin(); it != value.end(); ++it) {
        SFN_RETURN_IF_ERROR(Check(it.key(), it.value(), shape.at("v")));
      }
      return Status::Ok();
    }
    if (type == "i" || type == "n") {
      if (!value.is_number()) return FieldProblem(field, "must be a number");
      if (type == "i" && !value.is_number_integer())
        return FieldProblem(field, "must be an integer");
      double v = value.get<double>();
      if (shape.contains("min") && v < shape.at("min").get<double>()) {
        return FieldProblem(field, "is less than the minimum value");
      }
      if (shape.contains("max") && v > shape.at("max").get<double>()) {
        return FieldProblem(field, "exceeds the maximum value");
      }
      return Status::Ok();
    }
    if (type == "b") {
      return value.is_boolean() ? Status::Ok() : FieldProblem(field, "must be a boolean");
    }
    // Strings, blobs (base64 text) and timestamps (ISO 8601 text).
    if (!value.is_string()) return FieldProblem(field, "must be a string");
    const std::string& text = value.get_ref<const std::string&>();
    if (shape.contains("enum")) {
      bool known = false;
      for (const Json& e : shape.at("enum")) known = known || e == text;
      if (!known) return FieldProblem(field, "is not an expected value");
    }
    if (type == "t") return Status::Ok();
    return Length(field, text.size(), shape);
  }

 private:
  Status Structure(const std::string& field, const Json& value, const Json& shape, bool top) const {
    if (!value.is_object()) return FieldProblem(field, "must be an object");
    const Json& members = shape.at("m");
    for (auto m = members.begin(); m != members.end(); ++m) {
      std::string name = Capitalized(m.key());
      auto present = value.find(name);
      if (present == value.end()) continue;
      // Lambda's Invoke through Step Functions: the Payload is the
      // function's JSON, not a blob.
      if (top && api_.lambda_invoke && name == "Payload") continue;
      SFN_RETURN_IF_ERROR(Check(name, *present, m.value().get<std::string>()));
    }
    if (strict_ && shape.contains("r")) {
      for (const Json& required : shape.at("r")) {
        std::string name = Capitalized(required.get<std::string>());
        if (!value.contains(name)) return Problem("Required field '" + name + "' is missing");
      }
    }
    return Status::Ok();
  }

  static Status Length(const std::string& field, size_t length, const Json& shape) {
    if (shape.contains("min") && static_cast<double>(length) < shape.at("min").get<double>()) {
      return FieldProblem(field, "is smaller than the minimum length");
    }
    if (shape.contains("max") && static_cast<double>(length) > shape.at("max").get<double>()) {
      return FieldProblem(field, "exceeds the maximum length");
    }
    return Status::Ok();
  }

  const Api& api_;
  bool strict_;
};

}  // namespace

Status ValidateMockResult(const std::string& resource, const Json& result,
                          const std::string& mode) {
  if (mode == "NONE") return Status::Ok();
  std::optional<Api> api = ApiOf(resource);
  if (!api) return Status::Ok();
  return Checker(*api, mode != "PRESENT").Check("", result, api->output, /*top=*/true);
}

}  // namespace sfn::control
