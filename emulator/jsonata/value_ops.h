// The value rules every part of the evaluator shares, as jsonata-js 2.0.6
// defines them: truthiness ($boolean), deep and strict equality, JSON text
// ($string / JSON.stringify with 15-digit numbers), sequence appending and
// flattening, key lookup over arrays. Pure functions; thread-safe.
#pragma once

#include <string>

#include "emulator/jsonata/value.h"

namespace sfn::jsonata {

// How deeply nested a value the recursive helpers below walk before they
// fail with U1001 instead of exhausting the native stack.
inline constexpr int kMaxValueNesting = 10000;

// A number (not NaN); throws D1001 for an infinite one.
bool IsNumeric(const Value& v);
bool IsArrayOfNumbers(const Value& v);
bool IsArrayOfStrings(const Value& v);

// fn.boolean: undefined stays undefined (nullopt).
std::optional<bool> Truthy(const Value& v);
// boolize: undefined is false.
bool Boolize(const Value& v);

bool DeepEqual(const Value& a, const Value& b, int depth = 0);
// JavaScript `===`: primitives by value, arrays/objects/functions by identity.
bool StrictEqual(const Value& a, const Value& b);

// fn.string: strings as they are, functions "", numbers rounded to 15
// digits, the rest as JSON (pretty-printed with 2 spaces when asked).
// Throws D3001 for a non-finite number.
std::string StringOf(const Value& v, bool pretty = false);
// JSON.stringify text of a string.
std::string JsonQuote(std::string_view s);

// fn.append: a plain array joining both (either may be a single value).
Value Append(const Value& a, const Value& b);
// fn.lookup: a key of an object, or of every object in an array.
Value LookupKey(const Value& input, std::string_view key);
// Flattens nested arrays into `out`.
void FlattenInto(const Value& v, Values* out, int depth = 0);

// A number Value from a count or index.
inline Value Num(double d) { return Value::Number(d); }
inline Value Num(size_t n) { return Value::Number(static_cast<double>(n)); }

}  // namespace sfn::jsonata
