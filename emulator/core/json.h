// The one JSON type of the tree (DESIGN.md, "Values and errors").
//
// `Json` keeps object keys in insertion order, as AWS keeps them in outputs.
// ParseJson is the only way text becomes Json at a boundary: it never throws,
// and it refuses text nested deeper than kMaxJsonDepth before the parser runs
// (nlohmann's copy, dump and comparison recurse once per level, so a 200 KB
// document of brackets would otherwise overflow the stack of whichever thread
// touches it next). Documents the emulator builds are held to the same bound
// with JsonDepthExceeds before they are written or dumped.
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

// The deepest nesting of arrays and objects a document may have. AWS's
// services parse JSON with Jackson, whose StreamReadConstraints allow 1,000
// levels by default; deeper text is refused with Jackson's words.
inline constexpr int kMaxJsonDepth = 1000;

// The emulator's own rows (an execution's serialised state, which nests the
// documents of its frames a few levels down, possibly several of them inside
// each other): generous, and still far from what a stack holds.
inline constexpr int kMaxStoredJsonDepth = 4 * kMaxJsonDepth + 100;

// Parses `text`; on failure returns `code` with the parser's message. Text
// nested deeper than `max_depth` is refused without being parsed, with
// JsonDepthMessage.
Result<Json> ParseJson(std::string_view text,
                       ErrorCode code = ErrorCode::kSerializationException,
                       int max_depth = kMaxJsonDepth);

// The nesting depth of JSON text, counted without parsing it (strings are
// skipped; the text need not be valid JSON). Counting stops once it passes
// `limit`: the result is then limit + 1. `offset`, when given, receives the
// offset just past the bracket that went over `limit`.
int JsonTextDepth(std::string_view text, int limit = kMaxJsonDepth, size_t* offset = nullptr);

// Whether `value` nests deeper than `limit` (iterative: any depth is safe).
bool JsonDepthExceeds(const Json& value, int limit = kMaxJsonDepth);

// Jackson's words for a document nested `depth` levels, past `limit`.
std::string JsonDepthMessage(int depth, int limit = kMaxJsonDepth);

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
