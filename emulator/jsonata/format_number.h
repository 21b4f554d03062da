// JSONata's number formatting functions, as jsonata-js 2.0.6 implements them:
//   $formatNumber(number, picture [, options])  XPath F&O 3.1 fn:format-number
//   $formatBase(number [, radix])
//   $formatInteger(number, picture)             XPath F&O 3.1 fn:format-integer
//   $parseInteger(string, picture)              its inverse
// Each function takes the already-evaluated arguments; an argument that is
// undefined makes the jsonata-js function return undefined, which is the
// caller's job (these functions are never called with it). Errors carry
// 2.0.6's codes and message texts (D3080-D3093, D3100, D3130, D3131). Where
// 2.0.6 itself fails with a JavaScript TypeError or RangeError instead of a
// JSONata error, the Error has an empty code and V8's message (e.g.
// "Maximum call stack size exceeded" for a roman numeral of 20 million).
// Guards where 2.0.6 would exhaust memory or never return: roman numerals
// above 10 million, zero padding beyond 10 million digits, letters for
// Infinity, words for NaN or Infinity all give such an Error.
// Pure functions; no global mutable state; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/json.h"
#include "emulator/jsonata/error.h"

namespace sfn::jsonata {

// $formatNumber. `options`, when not null, is the JSON object whose string
// members override the decimal format properties ("decimal-separator",
// "grouping-separator", "exponent-separator", "minus-sign", "infinity",
// "NaN", "percent", "per-mille", "zero-digit", "digit",
// "pattern-separator"). A member that is not a string is used as its JSON
// text.
//
// One deliberate deviation: 2.0.6 loops forever on a zero or negative number
// with an exponent picture ($formatNumber(0, '0e0')); this follows 2.2.2's
// fix (zero has exponent 0, a negative number is scaled by its magnitude).
Expected<std::string> FormatNumber(double value, std::string_view picture,
                                   const Json* options = nullptr);

// $formatBase: the value rounded half to even, written in `radix` (default
// 10; rounded half to even too) as JavaScript's Number.prototype.toString
// does, digits beyond 2^53 included. D3100 when the radix is outside 2..36.
Expected<std::string> FormatBase(double value, std::optional<double> radix = std::nullopt);

// $formatInteger: the value rounded down, formatted by the picture (decimal
// digit patterns of any Unicode decimal digit family with grouping
// separators, `a`/`A` letters, `i`/`I` roman numerals, `w`/`W`/`Ww` English
// words, `;o` ordinals). D3130 for a picture that is none of these, D3131
// when a digit pattern mixes digit families.
Expected<std::string> FormatInteger(double value, std::string_view picture);

// $parseInteger: the integer `text` spells under `picture`. Like 2.0.6 it
// does not validate `text` against the picture: text that does not spell a
// number gives NaN (2.0.6 returns NaN too), not an error.
Expected<double> ParseInteger(std::string_view text, std::string_view picture);

}  // namespace sfn::jsonata
