#include "api/request_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "emulator/core/text.h"

namespace sfn::api {
namespace {

// An integer given as text ("25", "-3"); nullopt unless all of `text` is one.
std::optional<int64_t> IntegerText(const std::string& text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// The Json empty object a reader of an absent structure reads.
const Json& NoMembers() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}

}  // namespace

RequestReader::RequestReader(const Json& body, Protocol protocol)
    : RequestReader(&body, protocol, false, "", std::make_shared<Problems>()) {}

RequestReader::RequestReader(const Json* body, Protocol protocol, bool text, std::string prefix,
                             std::shared_ptr<Problems> problems)
    : body_(body),
      protocol_(protocol),
      text_(text),
      prefix_(std::move(prefix)),
      problems_(std::move(problems)) {}

RequestReader RequestReader::Text(const Json& members) const {
  return RequestReader(&members, protocol_, true, "", problems_);
}

RequestReader RequestReader::Struct(const char* name) {
  const Json* v = Member(name);
  if (v && !v->is_object()) {
    TypeError(name, "structure");
    v = nullptr;
  }
  return RequestReader(v ? v : &NoMembers(), protocol_, text_, Path(name) + ".", problems_);
}

const Json* RequestReader::Member(const char* name) const {
  if (!body_->is_object()) return nullptr;
  auto it = body_->find(name);
  if (it == body_->end() || it->is_null()) return nullptr;
  return &*it;
}

std::string RequestReader::Path(const char* name) const { return prefix_ + name; }

std::string RequestReader::ConstraintName(const std::string& path) const {
  if (protocol_ != Protocol::kRestJson) return path;
  // Lambda names members as its Java fields are named: "memorySize",
  // "environment.variables".
  std::string out = path;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i == 0 || out[i - 1] == '.') {
      out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
    }
  }
  return out;
}

void RequestReader::TypeError(const char* name, const char* expected) {
  if (problems_->type_error) return;
  std::string path = Path(name);
  if (protocol_ == Protocol::kRestJson) {
    bool vowel = std::string_view("aeiou").find(expected[0]) != std::string_view::npos;
    problems_->type_error = Status(ErrorCode::kInvalidParameterValueException,
                                   path + " must be " + (vowel ? "an " : "a ") + expected);
  } else {
    problems_->type_error =
        Status(ErrorCode::kSerializationException,
               "Unexpected value type for member '" + path + "': expected " + expected);
  }
}

void RequestReader::Constraint(const Json* value, const char* name,
                               const std::string& constraint) {
  std::string shown = value ? "'" + (value->is_string() ? value->get<std::string>()
                                                        : DumpJson(*value)) + "'"
                            : "null";
  ConstraintShown(shown, Path(name), constraint);
}

void RequestReader::ConstraintShown(const std::string& shown, const std::string& name,
                                    const std::string& constraint) {
  problems_->violations.push_back("Value " + shown + " at '" + ConstraintName(name) +
                                  "' failed to satisfy constraint: " + constraint);
}

void RequestReader::Require(const char* name) {
  if (!Has(name)) Constraint(nullptr, name, "Member must not be null");
}

void RequestReader::Pattern(const char* name, bool matches, std::string_view pattern) {
  if (!matches) {
    Constraint(Member(name), name,
               "Member must satisfy regular expression pattern: " + std::string(pattern));
  }
}

namespace {

// A list as AWS shows it in a constraint message (Java's List#toString).
std::string ShownList(const Json* v) {
  std::string out = "'[";
  if (v && v->is_array()) {
    for (size_t i = 0; i < v->size(); ++i) {
      const Json& item = (*v)[i];
      out += (i ? ", " : "") + (item.is_string() ? item.get<std::string>() : DumpJson(item));
    }
  }
  return out + "]'";
}

}  // namespace

void RequestReader::ListLength(const char* name, size_t size, size_t min, size_t max) {
  if (size < min) {
    ConstraintShown(ShownList(Member(name)), Path(name),
                    "Member must have length greater than or equal to " + std::to_string(min));
  } else if (size > max) {
    ConstraintShown(ShownList(Member(name)), Path(name),
                    "Member must have length less than or equal to " + std::to_string(max));
  }
}

void RequestReader::EnumMember(const char* name, const std::string& value,
                               const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    if (v == value) return;
  }
  std::string set;
  for (const std::string& v : values) set += (set.empty() ? "" : ", ") + v;
  ConstraintShown(
      ShownList(Member(name)), Path(name),
      "Member must satisfy constraint: [Member must satisfy enum value set: [" + set + "]]");
}

std::optional<std::vector<std::pair<std::string, int>>> RequestReader::RoutingConfiguration(
    const char* name, bool required) {
  const Json* v = Member(name);
  if (!v) {
    if (required) Constraint(nullptr, name, "Member must not be null");
    return std::nullopt;
  }
  if (!v->is_array()) {
    TypeError(name, "list");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, int>> out;
  // AWS shows the list as its Java toString in length violations.
  std::string shown = "'[";
  for (size_t i = 0; i < v->size(); ++i) {
    const Json& item = (*v)[i];
    if (!item.is_object()) {
      TypeError(name, "list of RoutingConfigurationListItem structures");
      return std::nullopt;
    }
    std::string prefix = std::string(name) + "." + std::to_string(i + 1) + ".member.";
    std::string arn;
    auto a = item.find("stateMachineVersionArn");
    if (a == item.end() || a->is_null()) {
      ConstraintShown("null", prefix + "stateMachineVersionArn", "Member must not be null");
    } else if (!a->is_string()) {
      TypeError(name, "stateMachineVersionArn string");
      return std::nullopt;
    } else {
      arn = a->get<std::string>();
      if (arn.empty()) {
        ConstraintShown("''", prefix + "stateMachineVersionArn",
                        "Member must have length greater than or equal to 1");
      } else if (Utf16Length(arn) > 256) {
        ConstraintShown("'" + arn + "'", prefix + "stateMachineVersionArn",
                        "Member must have length less than or equal to 256");
      }
    }
    int weight = 0;
    auto w = item.find("weight");
    if (w == item.end() || w->is_null()) {
      ConstraintShown("null", prefix + "weight", "Member must not be null");
    } else if (!w->is_number_integer()) {
      TypeError(name, "weight integer");
      return std::nullopt;
    } else {
      int64_t n = w->get<int64_t>();
      if (n < 0) {
        ConstraintShown("'" + std::to_string(n) + "'", prefix + "weight",
                        "Member must have value greater than or equal to 0");
      } else if (n > 100) {
        ConstraintShown("'" + std::to_string(n) + "'", prefix + "weight",
                        "Member must have value less than or equal to 100");
      }
      weight = static_cast<int>(std::clamp<int64_t>(n, -1, 101));
    }
    shown += (i ? ", " : "") + std::string("RoutingConfigurationListItem(stateMachineVersionArn=") +
             arn + ", weight=" + std::to_string(weight) + ")";
    out.emplace_back(std::move(arn), weight);
  }
  shown += "]'";
  if (out.empty()) {
    ConstraintShown(shown, name, "Member must have length greater than or equal to 1");
  } else if (out.size() > 2) {
    ConstraintShown(shown, name, "Member must have length less than or equal to 2");
  }
  return out;
}

std::optional<std::string> RequestReader::OptString(const char* name, size_t min_len,
                                                    size_t max_len) {
  const Json* v = Member(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    TypeError(name, "string");
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  size_t length = Utf16Length(s);
  if (length < min_len) {
    Constraint(v, name, "Member must have length greater than or equal to " +
                            std::to_string(min_len));
  } else if (length > max_len) {
    Constraint(v, name,
               "Member must have length less than or equal to " + std::to_string(max_len));
  }
  return s;
}

std::string RequestReader::RequiredString(const char* name, size_t min_len, size_t max_len) {
  if (!Member(name)) {
    Constraint(nullptr, name, "Member must not be null");
    return "";
  }
  return OptString(name, min_len, max_len).value_or("");
}

std::optional<std::string> RequestReader::OptName(const char* name, NameKind kind) {
  const NameRule& rule = RuleFor(kind);
  size_t before = problems_->violations.size();
  std::optional<std::string> s = OptString(name, rule.min_length, rule.max_length);
  if (s && problems_->violations.size() == before && !rule.pattern.empty()) {
    Pattern(name, HasValidCharacters(kind, *s), rule.pattern);
  }
  return s;
}

std::string RequestReader::RequiredName(const char* name, NameKind kind) {
  if (!Member(name)) {
    Constraint(nullptr, name, "Member must not be null");
    return "";
  }
  return OptName(name, kind).value_or("");
}

std::optional<std::string> RequestReader::OptEnum(const char* name,
                                                  const std::vector<std::string>& values) {
  std::optional<std::string> s = OptString(name, 0, SIZE_MAX);
  if (!s) return s;
  for (const std::string& v : values) {
    if (v == *s) return s;
  }
  std::string set;
  for (const std::string& v : values) set += (set.empty() ? "" : ", ") + v;
  Constraint(Member(name), name, "Member must satisfy enum value set: [" + set + "]");
  return std::nullopt;
}

std::optional<int> RequestReader::OptInt(const char* name, int min, int max) {
  const Json* v = Member(name);
  if (!v) return std::nullopt;
  std::optional<int64_t> parsed;
  if (text_) {
    if (v->is_string()) parsed = IntegerText(v->get<std::string>());
  } else if (v->is_number_integer()) {
    parsed = v->get<int64_t>();
  }
  if (!parsed) {
    TypeError(name, "integer");
    return std::nullopt;
  }
  int64_t n = *parsed;
  if (n < min) {
    Constraint(v, name, "Member must have value greater than or equal to " + std::to_string(min));
    return std::nullopt;
  }
  if (n > max) {
    Constraint(v, name, "Member must have value less than or equal to " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<int>(n);
}

std::optional<double> RequestReader::OptDouble(const char* name, double min, double max) {
  const Json* v = Member(name);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    TypeError(name, "number");
    return std::nullopt;
  }
  double n = v->get<double>();
  if (n < min) {
    Constraint(v, name, "Member must have value greater than or equal to " + DumpJson(Json(min)));
    return std::nullopt;
  }
  if (n > max) {
    Constraint(v, name, "Member must have value less than or equal to " + DumpJson(Json(max)));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> RequestReader::OptBool(const char* name) {
  const Json* v = Member(name);
  if (!v) return std::nullopt;
  if (text_ && v->is_string() && (*v == "true" || *v == "false")) return *v == "true";
  if (!v->is_boolean()) {
    TypeError(name, "boolean");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<Json> RequestReader::OptObject(const char* name) {
  const Json* v = Member(name);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    TypeError(name, "structure");
    return std::nullopt;
  }
  return *v;
}

std::vector<std::pair<std::string, std::string>> RequestReader::Tags(const char* name,
                                                                     bool required) {
  std::vector<std::pair<std::string, std::string>> out;
  const Json* v = Member(name);
  if (!v) {
    if (required) Constraint(nullptr, name, "Member must not be null");
    return out;
  }
  if (!v->is_array()) {
    TypeError(name, "list");
    return out;
  }
  for (const Json& t : *v) {
    if (!t.is_object()) {
      TypeError(name, "list of Tag structures");
      return out;
    }
    auto k = t.find("key");
    auto val = t.find("value");
    if ((k != t.end() && !k->is_string()) || (val != t.end() && !val->is_string())) {
      TypeError(name, "Tag key and value strings");
      return out;
    }
    std::string key = k != t.end() ? k->get<std::string>() : "";
    std::string value = val != t.end() ? val->get<std::string>() : "";
    if (key.empty() || Utf16Length(key) > 128) {
      Constraint(k != t.end() ? &*k : nullptr, "tags.member.key",
                 "Member must have length between 1 and 128");
    }
    if (Utf16Length(value) > 256) {
      Constraint(&*val, "tags.member.value", "Member must have length less than or equal to 256");
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::vector<std::string> RequestReader::StringList(const char* name, bool required) {
  std::vector<std::string> out;
  const Json* v = Member(name);
  if (!v) {
    if (required) Constraint(nullptr, name, "Member must not be null");
    return out;
  }
  // A query parameter given once is one string.
  if (text_ && v->is_string()) return {v->get<std::string>()};
  if (!v->is_array()) {
    TypeError(name, "list");
    return out;
  }
  for (const Json& s : *v) {
    if (!s.is_string()) {
      TypeError(name, "list of strings");
      return out;
    }
    out.push_back(s.get<std::string>());
  }
  return out;
}

std::optional<std::map<std::string, std::string>> RequestReader::OptStringMap(const char* name) {
  const Json* v = Member(name);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    TypeError(name, "map");
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (!it->is_string()) {
      TypeError((std::string(name) + "." + it.key()).c_str(), "string");
      return std::nullopt;
    }
    out[it.key()] = it->get<std::string>();
  }
  return out;
}

std::optional<std::map<std::string, double>> RequestReader::OptNumberMap(const char* name) {
  const Json* v = Member(name);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    TypeError(name, "map");
    return std::nullopt;
  }
  std::map<std::string, double> out;
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (!it->is_number()) {
      TypeError((std::string(name) + "." + it.key()).c_str(), "number");
      return std::nullopt;
    }
    out[it.key()] = it->get<double>();
  }
  return out;
}

Status RequestReader::Finish() const {
  if (problems_->type_error) return *problems_->type_error;
  const std::vector<std::string>& violations = problems_->violations;
  if (violations.empty()) return Status::Ok();
  std::string msg = std::to_string(violations.size()) + " validation error" +
                    (violations.size() > 1 ? "s" : "") + " detected: ";
  for (size_t i = 0; i < violations.size(); ++i) msg += (i ? "; " : "") + violations[i];
  return Status(ErrorCode::kValidationException, msg);
}

}  // namespace sfn::api
