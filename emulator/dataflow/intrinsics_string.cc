// States.Format, StringSplit, StringToJson, JsonToString, JsonMerge.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/dataflow/intrinsics_internal.h"

namespace sfn::dataflow {
namespace {

std::string Quoted(const Json& value) { return "'" + DumpJson(value) + "'"; }

// How States.Format renders a value: strings as they are, objects and arrays
// the way Java's Map/List toString does ({a=1, b=[x, y]}), other scalars as
// JSON.
std::string FormatValue(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out = "[";
    bool first = true;
    for (const auto& item : value) {
      if (!first) out += ", ";
      first = false;
      out += FormatValue(item);
    }
    return out + "]";
  }
  if (value.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      if (!first) out += ", ";
      first = false;
      out += key + "=" + FormatValue(item);
    }
    return out + "}";
  }
  return DumpJson(value);
}

// Splits a template that came from a path (no escapes) at each `{}`.
std::vector<std::string> SplitPlaceholders(const std::string& text) {
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '}') {
      pieces.emplace_back();
      ++i;
    } else {
      pieces.back().push_back(text[i]);
    }
  }
  return pieces;
}

// Length in bytes of the UTF-8 sequence starting with `lead`.
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < text.size();) {
    size_t n = std::min(Utf8Length(static_cast<unsigned char>(text[i])), text.size() - i);
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

Outcome<Json> FnFormat(CallArgs& args) {
  const Json& format = args.values[0];
  if (!format.is_string()) {
    return InvalidArgument(args.call,
                           "the format string must be a string but got " + Quoted(format));
  }
  const Intrinsic::Node& first = *args.call.args[0];
  std::vector<std::string> pieces = first.kind == Intrinsic::Node::Kind::kLiteral
                                        ? first.format_pieces
                                        : SplitPlaceholders(format.get<std::string>());
  size_t placeholders = pieces.size() - 1;
  size_t given = args.values.size() - 1;
  if (placeholders != given) {
    return InvalidArgument(args.call, "the number of arguments (" + std::to_string(given) +
                                          ") does not match the number of placeholders (" +
                                          std::to_string(placeholders) + ")");
  }
  std::string out = pieces[0];
  for (size_t i = 1; i < pieces.size(); ++i) {
    out += FormatValue(args.values[i]);
    out += pieces[i];
  }
  return Json(std::move(out));
}

// Like Java's StringTokenizer: every character of the delimiter separates,
// and empty tokens are dropped.
Outcome<Json> FnStringSplit(CallArgs& args) {
  const Json& text = args.values[0];
  const Json& delimiter = args.values[1];
  if (!text.is_string()) {
    return InvalidArgument(args.call, "expected a string but got " + Quoted(text));
  }
  if (!delimiter.is_string()) {
    return InvalidArgument(args.call,
                           "the delimiter must be a string but got " + Quoted(delimiter));
  }
  std::vector<std::string_view> delimiters = CodePoints(delimiter.get_ref<const std::string&>());
  Json out = Json::array();
  std::string token;
  for (std::string_view cp : CodePoints(text.get_ref<const std::string&>())) {
    bool is_delimiter = false;
    for (std::string_view d : delimiters) {
      if (d == cp) {
        is_delimiter = true;
        break;
      }
    }
    if (is_delimiter) {
      if (!token.empty()) out.push_back(std::move(token));
      token.clear();
    } else {
      token.append(cp);
    }
  }
  if (!token.empty()) out.push_back(std::move(token));
  return out;
}

Outcome<Json> FnStringToJson(CallArgs& args) {
  const Json& text = args.values[0];
  if (!text.is_string()) {
    return InvalidArgument(args.call, "expected a string but got " + Quoted(text));
  }
  const auto& s = text.get_ref<const std::string&>();
  bool blank = true;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      blank = false;
      break;
    }
  }
  if (blank) return Json();
  if (JsonTextDepth(s) > kMaxJsonDepth) {
    // Refused before parsing, like every document that enters (core/json.h).
    return InvalidArgument(args.call, "the string is nested deeper than the maximum of " +
                                          std::to_string(kMaxJsonDepth) + " levels");
  }
  auto parsed = ParseJson(s);
  if (!parsed.ok()) {
    return InvalidArgument(args.call, "the string " + Quoted(text) + " is not valid JSON");
  }
  return std::move(parsed).value();
}

Outcome<Json> FnJsonToString(CallArgs& args) { return Json(DumpJson(args.values[0])); }

Outcome<Json> FnJsonMerge(CallArgs& args) {
  const Json& left = args.values[0];
  const Json& right = args.values[1];
  const Json& deep = args.values[2];
  if (!left.is_object()) {
    return InvalidArgument(args.call, "expected a JSON object but got " + Quoted(left));
  }
  if (!right.is_object()) {
    return InvalidArgument(args.call, "expected a JSON object but got " + Quoted(right));
  }
  if (!deep.is_boolean()) {
    return InvalidArgument(args.call, "the merge mode must be a boolean but got " + Quoted(deep));
  }
  if (deep.get<bool>()) {
    return InvalidArgument(args.call, "only shallow merging (false) is supported");
  }
  Json out = left;
  for (const auto& [key, value] : right.items()) out[key] = value;
  return out;
}

}  // namespace sfn::dataflow
