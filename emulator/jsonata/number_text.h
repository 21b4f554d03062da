// Numbers as text, the way jsonata-js 2.0.6 (and the JavaScript engine under
// it) writes and reads them:
//   - NumberToString: JavaScript's Number::toString(x) (ECMA-262 §6.1.6.1.20),
//     the shortest digits that round-trip, with JavaScript's choice between
//     plain and exponent form ("1e+21", "1e-7", "0.000001", "-0" prints "0").
//   - NumberToPrecision / NumberToFixed: Number.prototype.toPrecision and
//     toFixed, exact decimal rounding with ties away from zero.
//   - RoundTo15Digits / StringOfNumber / JsonTextOfNumber: jsonata-js's rule
//     for numbers in $string and in the JSON text $string writes
//     (`Number(x.toPrecision(15))`, so `$string(0.1+0.2)` is "0.3").
//   - NumberOfString: $number(string) as 2.0.6 accepts it (JSON number syntax,
//     plus `0x`/`0o`/`0b` literals through JavaScript's Number()).
//   - RoundHalfEven: $round(number [, precision]), whose decimal shift goes
//     through the number's text as jsonata-js does it.
//   - IsIntegral / ToInt64Exact: whether a double is an integer that JSON
//     text writes without ".0".
// Pure functions over plain values; no global mutable state; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/json.h"
#include "emulator/jsonata/error.h"

namespace sfn::jsonata {

// JavaScript's ToString(number): "NaN", "Infinity", "-Infinity", "0" for both
// zeros, integers below 1e21 without exponent or fraction, otherwise the
// shortest round-trip digits in plain form for 1e-7 < |x| < 1e21 and
// exponent form ("1.5e+300", "1e-7") outside. The rule lives in core
// (JavaScriptNumberText), whose DumpJson writes JSONata's numbers with it.
std::string NumberToString(double value);

// Number.prototype.toPrecision(precision), precision in [1, 100] (the
// caller checks the range; values outside are clamped). Rounds the exact
// binary value; a tie picks the larger magnitude, as ECMA-262 §21.1.3.5 says.
std::string NumberToPrecision(double value, int precision);

// Number.prototype.toFixed(digits), digits in [0, 100] (clamped). |x| >= 1e21
// gives NumberToString(x), as ECMA-262 §21.1.3.3 says.
std::string NumberToFixed(double value, int digits);

// `Number(value.toPrecision(15))`: the value jsonata-js writes for a number
// when it turns it into text. Non-finite values are returned unchanged.
double RoundTo15Digits(double value);

// $string(number): D3001 for Infinity and NaN ("Attempting to invoke string
// function on Infinity or NaN"), otherwise NumberToString(RoundTo15Digits(x))
// ("null" for the few numbers near the largest double whose 15 digits round
// up to Infinity, as JSON.stringify writes it).
Expected<std::string> StringOfNumber(double value);

// A number nested in a value that $string serialises (JSON.stringify with
// jsonata-js's replacer): "null" for NaN, D1001 "Number out of range: null"
// for an infinite number, otherwise as StringOfNumber.
Expected<std::string> JsonTextOfNumber(double value);

// $number(string) in jsonata-js 2.0.6: a string matching
// `-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?` whose value is finite, or one
// matching 2.0.6's (unanchored) `0x`/`0o`/`0b` pattern, which goes through
// JavaScript's Number() and can therefore be NaN (`$number("0x1 x")`).
// Anything else is D3030 "Unable to cast value to a number: \"...\"".
Expected<double> NumberOfString(std::string_view text);

// JavaScript's Number(string) (ECMA-262 StringToNumber): surrounding white
// space ignored, "" is 0, decimal literals with optional sign, "Infinity",
// and unsigned 0x/0o/0b literals; NaN for anything else.
double JsStringToNumber(std::string_view text);

// JavaScript's parseInt(string) without a radix: leading white space and a
// sign skipped, a "0x" prefix selects base 16, then the longest run of digits;
// NaN when there is none ("12px" is 12, "px" is NaN).
double JsParseInt(std::string_view text);

// JavaScript's Math.round: halves round towards +Infinity, -0 is kept.
double JsMathRound(double value);

// $round(number [, precision]) in jsonata-js 2.0.6: round half to even at
// `precision` decimal places (negative precision rounds to tens, hundreds...).
// The shift by 10^precision is done on the number's text (`1.005` with
// precision 2 becomes "1.005e2"), so results match jsonata-js digit for
// digit. Never returns -0.
double RoundHalfEven(double value, double precision = 0);

// True when `value` is finite and has no fractional part.
bool IsIntegral(double value);

// `value` as an int64_t when it is integral and inside the int64 range, so
// that JSON output can write it without ".0".
std::optional<int64_t> ToInt64Exact(double value);

}  // namespace sfn::jsonata
