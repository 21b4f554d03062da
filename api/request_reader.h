// Checks the members of a request against the operation's shape (botocore's
// service models): types, presence, lengths, ranges and enums. Collects
// every problem, then Finish() answers as the service does. A constraint
// violation is one ValidationException listing them all ("1 validation error
// detected: Value null at 'name' failed to satisfy constraint: Member must
// not be null"), for both protocols. A member of the wrong type is answered
// per protocol:
//   AWS JSON 1.0 (Step Functions): SerializationException, "Unexpected value
//     type for member 'name': expected string";
//   REST-JSON (Lambda): InvalidParameterValueException, "Timeout must be an
//     integer", and constraint messages name members in lowerCamel
//     ('timeout', as Lambda does).
// Unknown members are ignored, as AWS ignores them.
//
// A REST request's members outside the body (path labels, query string,
// headers) are read through Text(), nested structures through Struct(); they
// report into the same Finish(). One reader (and its sub-readers) per
// request; not shared between threads. The Json it reads must outlive it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/names.h"
#include "emulator/core/status.h"

namespace sfn::api {

enum class Protocol { kAwsJson, kRestJson };

class RequestReader {
 public:
  explicit RequestReader(const Json& body, Protocol protocol = Protocol::kAwsJson);

  // A reader of members given as text (REST path labels, query parameters and
  // headers, each under its member name in `members`: a string, or a list of
  // strings for a repeated query parameter). Integers and booleans are read
  // from their text.
  RequestReader Text(const Json& members) const;
  // A reader of the structure member `name` (of no members when it is
  // absent or not a structure; the latter is a type error), whose members are
  // named "<name>.<member>".
  RequestReader Struct(const char* name);

  // Whether member `name` is present (and not null).
  bool Has(const char* name) const { return Member(name) != nullptr; }
  // Records "Member must not be null" when member `name` is absent (for
  // members read by other means, such as a Struct()).
  void Require(const char* name);

  // String lengths are counted as AWS counts them: in UTF-16 code units
  // (core/text.h).
  std::string RequiredString(const char* name, size_t min_len, size_t max_len);
  std::optional<std::string> OptString(const char* name, size_t min_len, size_t max_len);
  // A name of `kind` (core/names.h): its lengths and, for a kind constrained
  // by a pattern, the pattern, as constraint violations. The characters of a
  // Step Functions resource name are the service's to check (InvalidName).
  std::string RequiredName(const char* name, NameKind kind);
  std::optional<std::string> OptName(const char* name, NameKind kind);
  std::optional<std::string> OptEnum(const char* name, const std::vector<std::string>& values);
  std::optional<int> OptInt(const char* name, int min, int max);
  std::optional<double> OptDouble(const char* name, double min, double max);
  std::optional<bool> OptBool(const char* name);
  std::optional<Json> OptObject(const char* name);
  // A map of strings (REST-JSON's Tags, Environment.Variables).
  std::optional<std::map<std::string, std::string>> OptStringMap(const char* name);
  // A map of numbers (Lambda's AdditionalVersionWeights).
  std::optional<std::map<std::string, double>> OptNumberMap(const char* name);
  // A list of strings; empty when absent (a violation when `required`).
  std::vector<std::string> StringList(const char* name, bool required);
  std::vector<std::string> RequiredStringList(const char* name) { return StringList(name, true); }
  // Step Functions' list of Tag structures ({key, value}).
  std::vector<std::pair<std::string, std::string>> Tags(const char* name, bool required);
  // A list of RoutingConfigurationListItem (1..2 items, each a version ARN of
  // 1..256 characters and a weight 0..100); nullopt when absent.
  std::optional<std::vector<std::pair<std::string, int>>> RoutingConfiguration(const char* name,
                                                                               bool required);
  // Records a pattern violation of member `name` (its value shown) when
  // `matches` is false; `pattern` is the model's regular expression.
  void Pattern(const char* name, bool matches, std::string_view pattern);
  // Records a length violation of the list member `name` (of `size` items)
  // outside [min, max].
  void ListLength(const char* name, size_t size, size_t min, size_t max);
  // Records that an item of the list member `name` is outside `values`.
  void EnumMember(const char* name, const std::string& value,
                  const std::vector<std::string>& values);
  // The member as sent (nullptr when absent), for members read whole.
  const Json* Raw(const char* name) const { return Member(name); }

  Status Finish() const;

 private:
  struct Problems {
    std::optional<Status> type_error;  // the first one
    std::vector<std::string> violations;
  };

  RequestReader(const Json* body, Protocol protocol, bool text, std::string prefix,
                std::shared_ptr<Problems> problems);

  const Json* Member(const char* name) const;
  // The member's name in messages: its path, in lowerCamel for REST-JSON
  // constraint messages.
  std::string Path(const char* name) const;
  std::string ConstraintName(const std::string& path) const;
  void TypeError(const char* name, const char* expected);
  void Constraint(const Json* value, const char* name, const std::string& constraint);
  void ConstraintShown(const std::string& shown, const std::string& name,
                       const std::string& constraint);

  const Json* body_;
  Protocol protocol_;
  bool text_ = false;   // members are text (REST labels, query, headers)
  std::string prefix_;  // "Environment." inside Struct("Environment")
  std::shared_ptr<Problems> problems_;
};

}  // namespace sfn::api
