// Describes why text is not JSON in the words of the Jackson parser AWS uses
// ("Unrecognized token 'not': was expecting (JSON String, Number, Array,
// Object or token 'null', 'true' or 'false')"), so that InvalidDefinition
// diagnostics and InvalidExecutionInput messages read as AWS writes them.
// Text nested deeper than kMaxJsonDepth is an error too (Jackson's
// "Document nesting depth (1001) exceeds the maximum allowed (1000, ...)").
// Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sfn {

struct JsonSyntaxError {
  std::string message;   // Jackson's message, without the location
  std::string location;  // "[Source: (String)\"...\"; line: L, column: C]"
};

// nullopt when `text` parses.
std::optional<JsonSyntaxError> FindJsonSyntaxError(std::string_view text);

}  // namespace sfn
