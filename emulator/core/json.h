// The one JSON type of the tree (DESIGN.md, "Values and errors").
//
// `Json` keeps object keys in insertion order, as AWS keeps them in outputs.
// ParseJson is the only way text becomes Json at a boundary: it never throws.
// DumpJson is the one way Json becomes text; its numbers follow JavaScript's
// rules (see JavaScriptNumberText), which is how AWS writes what JSONata
// computed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn {

using Json = nlohmann::ordered_json;

// Parses `text`; on failure returns `code` with the parser's message.
Result<Json> ParseJson(std::string_view text,
                       ErrorCode code = ErrorCode::kSerializationException);

// Compact text as AWS writes JSON payloads (no spaces). Integers are written
// as they are; a double holding an integer below 10^15 keeps its ".0" (AWS's
// JSONPath states write an input's 0.0 back as 0.0, and JSONata never makes
// such a double: its integral results are integers); every other double is
// written as JavaScript's JSON.stringify writes it (JavaScriptNumberText;
// NaN and infinities as null). Invalid UTF-8 in strings becomes U+FFFD.
std::string DumpJson(const Json& value);

// JavaScript's Number::toString(x) (ECMA-262 §6.1.6.1.20): the shortest
// digits that round-trip; "0" for both zeros; integers below 1e21 without
// exponent or fraction ("100000000000000000000"), plain decimals for
// 1e-7 <= |x| < 1e21 ("0.00001"), exponent form outside ("1e+21", "1.5e-7");
// "NaN", "Infinity", "-Infinity".
std::string JavaScriptNumberText(double value);

// Short type names used in AWS messages ("string", "number", "object", ...).
std::string_view JsonTypeName(const Json& value);

}  // namespace sfn
