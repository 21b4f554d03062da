// Diagnostics for definition text that is not JSON, worded like the Jackson
// parser AWS uses ("Unrecognized token 'not': was expecting ...").
#include <cctype>
#include <string>

#include "emulator/asl/parse_context.h"

namespace sfn::asl::internal {
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

}  // namespace

Diagnostic JsonSyntaxDiagnostic(std::string_view text, size_t error_byte) {
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
    offset = pos + 1;
  }
  std::string location = SourceLocation(text, offset);
  return Diagnostic{"ERROR", kInvalidJsonDescription, message + "\n at " + location, location};
}

}  // namespace sfn::asl::internal
