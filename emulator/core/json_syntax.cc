// Jackson-style wording for text that is not JSON (see json_syntax.h).
#include "emulator/core/json_syntax.h"

#include <cctype>

#include "emulator/core/json.h"

namespace sfn {
namespace {

constexpr size_t kMaxSourceChars = 500;

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// Jackson's "[Source: (String)"..."; line: L, column: C]"; `offset` is the
// 0-based offset of the parser's position (just past what it consumed).
std::string SourceLocation(std::string_view text, size_t offset) {
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string source;
  if (text.size() > kMaxSourceChars) {
    source = "\"" + std::string(text.substr(0, kMaxSourceChars)) + "\"[truncated " +
             std::to_string(text.size() - kMaxSourceChars) + " chars]";
  } else {
    source = "\"" + std::string(text) + "\"";
  }
  return "[Source: (String)" + source + "; line: " + std::to_string(line) +
         ", column: " + std::to_string(offset - line_start + 1) + "]";
}

// What Jackson expected at `pos`, found by replaying the structure before it
// (strings skipped). Jackson appends this to "Unexpected character".
std::string Expectation(std::string_view text, size_t pos) {
  enum class Want { kValue, kKey, kColon, kComma };
  std::string stack;  // '{' or '['
  Want want = Want::kValue;
  for (size_t i = 0; i < pos && i < text.size(); ++i) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      want = want == Want::kKey ? Want::kColon : Want::kComma;
    } else if (c == '{' || c == '[') {
      stack.push_back(c);
      want = c == '{' ? Want::kKey : Want::kValue;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      want = Want::kComma;
    } else if (c == ':') {
      want = Want::kValue;
    } else if (c == ',') {
      want = !stack.empty() && stack.back() == '{' ? Want::kKey : Want::kValue;
    } else {
      while (i + 1 < pos && IsTokenChar(text[i + 1])) ++i;
      want = Want::kComma;
    }
  }
  bool in_object = !stack.empty() && stack.back() == '{';
  switch (want) {
    case Want::kKey: return "was expecting double-quote to start field name";
    case Want::kColon: return "was expecting a colon to separate field name and value";
    case Want::kComma:
      if (stack.empty()) return "";
      return in_object ? "was expecting comma to separate Object entries"
                       : "was expecting comma to separate Array entries";
    case Want::kValue:
      return "expected a valid value (JSON String, Number, Array, Object or token 'null', "
             "'true' or 'false')";
  }
  return "";
}

JsonSyntaxError Describe(std::string_view text, size_t error_byte) {
  // nlohmann's byte is 1-based and points at the last character it read.
  size_t pos = error_byte > 0 ? error_byte - 1 : 0;
  if (pos > text.size()) pos = text.size();
  std::string message;
  size_t offset;
  // The token the parser stopped in (or just after), e.g. `tru` in `tru}`.
  size_t start = pos;
  size_t end = pos;
  if (pos < text.size() && IsTokenChar(text[pos])) {
    while (end < text.size() && IsTokenChar(text[end])) ++end;
  }
  while (start > 0 && IsTokenChar(text[start - 1])) --start;
  if (end > start && !std::isdigit(static_cast<unsigned char>(text[start])) &&
      !(start > 0 && text[start - 1] == '"')) {
    message = "Unrecognized token '" + std::string(text.substr(start, end - start)) +
              "': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
              "'false')";
    offset = end;
  } else if (pos >= text.size()) {
    message = "Unexpected end-of-input";
    offset = text.size();
  } else {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    message = "Unexpected character ('" + std::string(1, static_cast<char>(c)) + "' (code " +
              std::to_string(c) + "))";
    std::string expected = Expectation(text, pos);
    if (!expected.empty()) message += ": " + expected;
    offset = pos + 1;
  }
  return JsonSyntaxError{message, SourceLocation(text, offset)};
}

}  // namespace

std::optional<JsonSyntaxError> FindJsonSyntaxError(std::string_view text) {
  // Too deep to parse safely: refused before the parser runs, as Jackson
  // refuses it (at the bracket that goes one level too deep).
  size_t offset = 0;
  if (int depth = JsonTextDepth(text, kMaxJsonDepth, &offset); depth > kMaxJsonDepth) {
    return JsonSyntaxError{JsonDepthMessage(depth), SourceLocation(text, offset)};
  }
  try {
    Json parsed = Json::parse(text.begin(), text.end());
    (void)parsed;
    return std::nullopt;
  } catch (const Json::parse_error& e) {
    return Describe(text, e.byte);
  } catch (const Json::exception&) {
    return Describe(text, text.size() + 1);
  }
}

}  // namespace sfn
