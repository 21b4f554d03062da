#include "emulator/core/json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

#include "emulator/core/json_quote.h"

namespace sfn {
namespace {

// Appends `s` as a JSON string, escaped as nlohmann's dump escapes it. ASCII
// (nearly every key and value, and the JSON texts that history events carry
// as strings, full of quotes) is escaped here, runs of plain characters
// copied at once; a string with any byte past ASCII goes through nlohmann's
// escaping, which also replaces invalid UTF-8.
void WriteString(const std::string& s, std::string& out) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) > 0x7F) {
      out += Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
  }
  AppendJsonQuoted(s, out);
}

void WriteDouble(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";  // as JSON.stringify (and nlohmann) write NaN and infinities
    return;
  }
  if (std::trunc(d) == d && std::fabs(d) < 1e15) {
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof(buf), static_cast<int64_t>(d));
    if (std::signbit(d) && d == 0) out.push_back('-');
    out.append(buf, res.ptr);
    out += ".0";
    return;
  }
  out += JavaScriptNumberText(d);
}

template <typename T>
void WriteInteger(T v, std::string& out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, res.ptr);
}

void Write(const Json& v, std::string& out) {
  switch (v.type()) {
    case Json::value_t::null:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      WriteInteger(v.get<int64_t>(), out);
      return;
    case Json::value_t::number_unsigned:
      WriteInteger(v.get<uint64_t>(), out);
      return;
    case Json::value_t::number_float:
      WriteDouble(v.get<double>(), out);
      return;
    case Json::value_t::string:
      WriteString(v.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        WriteString(it.key(), out);
        out.push_back(':');
        Write(it.value(), out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& item : v) {
        if (!first) out.push_back(',');
        first = false;
        Write(item, out);
      }
      out.push_back(']');
      return;
    }
    default:  // binary and discarded values never come from JSON text
      out += v.dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
  }
}

}  // namespace

int JsonTextDepth(std::string_view text, int limit, size_t* offset) {
  int depth = 0;
  int deepest = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      // Skip the string, escapes included (an unterminated one ends the text).
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) {
          if (offset != nullptr) *offset = i + 1;
          return deepest;
        }
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

bool JsonDepthExceeds(const Json& value, int limit) {
  // Depth-first with an explicit stack of (value, its depth).
  std::vector<std::pair<const Json*, int>> stack{{&value, value.is_structured() ? 1 : 0}};
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    if (depth > limit) return true;
    if (!v->is_structured()) continue;
    for (const Json& child : *v) {
      if (child.is_structured()) stack.emplace_back(&child, depth + 1);
    }
  }
  return false;
}

std::string JsonDepthMessage(int depth, int limit) {
  return "Document nesting depth (" + std::to_string(depth) + ") exceeds the maximum allowed (" +
         std::to_string(limit) + ", from `StreamReadConstraints.getMaxNestingDepth()`)";
}

Result<Json> ParseJson(std::string_view text, ErrorCode code, int max_depth) {
  if (int depth = JsonTextDepth(text, max_depth); depth > max_depth) {
    return Status(code, JsonDepthMessage(depth, max_depth));
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    return Status(code, e.what());
  }
}

std::string DumpJson(const Json& value) {
  std::string out;
  Write(value, out);
  return out;
}

std::string JavaScriptNumberText(double value) {
  if (std::isnan(value)) return "NaN";
  if (value == 0) return "0";
  if (value < 0) return "-" + JavaScriptNumberText(-value);
  if (std::isinf(value)) return "Infinity";
  char buf[32];
  if (value < 9007199254740992.0 && std::trunc(value) == value) {
    // Integers below 2^53 print as their digits (the common case, and cheap).
    auto res = std::to_chars(buf, buf + sizeof(buf), static_cast<int64_t>(value));
    return std::string(buf, res.ptr);
  }
  // The shortest round-trip digits d1..dk and n with value = 0.d1..dk * 10^n.
  auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int n = std::atoi(std::string(sci.substr(e + 1)).c_str()) + 1;
  auto k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) return digits + std::string(static_cast<size_t>(n - k), '0');
  if (0 < n && n <= 21) {
    return digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  }
  if (-6 < n && n <= 0) return "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  std::string out = digits.substr(0, 1);
  if (k > 1) out += "." + digits.substr(1);
  out += n - 1 >= 0 ? "e+" : "e-";
  out += std::to_string(std::abs(n - 1));
  return out;
}

std::string_view JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::string:
      return "string";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    default:
      return "number";
  }
}

}  // namespace sfn
