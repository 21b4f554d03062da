#include "emulator/integrations/url_encoding.h"

#include <vector>

namespace sfn::integrations {
namespace {

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// Names as written, values already percent-encoded.
using Pairs = std::vector<std::pair<std::string, std::string>>;

void AddValue(const std::string& name, const Json& value, ArrayFormat format, Pairs& out);

void AddArray(const std::string& name, const Json& items, ArrayFormat format, Pairs& out) {
  if (format == ArrayFormat::kCommas) {
    std::string joined;
    for (size_t i = 0; i < items.size(); ++i) {
      // The separators stay readable, as AWS's example shows.
      if (i > 0) joined += ',';
      joined += PercentEncode(ScalarText(items[i]));
    }
    out.emplace_back(name, std::move(joined));
    return;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item_name = name;
    if (format == ArrayFormat::kIndices) item_name += "[" + std::to_string(i) + "]";
    if (format == ArrayFormat::kBrackets) item_name += "[]";
    AddValue(item_name, items[i], format, out);
  }
}

void AddValue(const std::string& name, const Json& value, ArrayFormat format, Pairs& out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      AddValue(name + "[" + it.key() + "]", *it, format, out);
    }
  } else if (value.is_array()) {
    AddArray(name, value, format, out);
  } else {
    out.emplace_back(name, PercentEncode(ScalarText(value)));
  }
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (Unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::optional<ArrayFormat> ParseArrayFormat(std::string_view name) {
  if (name == "INDICES") return ArrayFormat::kIndices;
  if (name == "REPEAT") return ArrayFormat::kRepeat;
  if (name == "COMMAS") return ArrayFormat::kCommas;
  if (name == "BRACKETS") return ArrayFormat::kBrackets;
  return std::nullopt;
}

std::string ScalarText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return DumpJson(value);
}

std::string FormEncode(const Json& object, ArrayFormat format) {
  Pairs pairs;
  if (object.is_object()) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      AddValue(it.key(), *it, format, pairs);
    }
  }
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += PercentEncode(name);
    out += '=';
    out += value;
  }
  return out;
}

}  // namespace sfn::integrations
