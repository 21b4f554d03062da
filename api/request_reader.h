// Checks the members of an AWS JSON 1.0 request body against the operation's
// shape (botocore's stepfunctions model): types, presence, lengths, ranges
// and enums. Collects every problem, then Finish() answers as AWS does:
// a member of the wrong JSON type is SerializationException; constraint
// violations are one ValidationException listing them all
// ("1 validation error detected: Value null at 'name' failed to satisfy
// constraint: Member must not be null"). Unknown members are ignored, as AWS
// ignores them. One reader per request; not shared.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/status.h"

namespace sfn::api {

class RequestReader {
 public:
  explicit RequestReader(const Json& body) : body_(body) {}

  std::string RequiredString(const char* name, size_t min_len, size_t max_len);
  std::optional<std::string> OptString(const char* name, size_t min_len, size_t max_len);
  std::optional<std::string> OptEnum(const char* name, const std::vector<std::string>& values);
  std::optional<int> OptInt(const char* name, int min, int max);
  std::optional<double> OptDouble(const char* name, double min, double max);
  std::optional<bool> OptBool(const char* name);
  std::optional<Json> OptObject(const char* name);
  std::vector<std::pair<std::string, std::string>> Tags(const char* name, bool required);
  std::vector<std::string> RequiredStringList(const char* name);
  // A list of RoutingConfigurationListItem (1..2 items, each a version ARN of
  // 1..256 characters and a weight 0..100); nullopt when absent.
  std::optional<std::vector<std::pair<std::string, int>>> RoutingConfiguration(const char* name,
                                                                               bool required);
  // Records a pattern violation of member `name` (its value shown) when
  // `matches` is false; `pattern` is the model's regular expression.
  void Pattern(const char* name, bool matches, std::string_view pattern);

  Status Finish() const;

 private:
  const Json* Member(const char* name) const;
  void TypeError(const char* name, const char* expected);
  void Constraint(const Json* value, const char* name, const std::string& constraint);
  void ConstraintShown(const std::string& shown, const std::string& name,
                       const std::string& constraint);

  const Json& body_;
  std::optional<std::string> serialization_error_;
  std::vector<std::string> violations_;
};

}  // namespace sfn::api
