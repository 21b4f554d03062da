// JavaScript strings for the ported parts of jsonata-js's function library.
//
// JavaScript strings are sequences of UTF-16 code units, and jsonata-js's
// picture-string algorithms ($formatNumber, $formatInteger, $fromMillis...)
// index, slice and split them unit by unit. Porting those algorithms onto
// std::u16string with the String methods below (same clamping, same
// negative-index rules, same empty-separator split) keeps their results
// identical to 2.0.6 for every input, astral characters included.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::jsonata {

// UTF-8 to UTF-16; an invalid byte decodes as U+FFFD.
std::u16string ToUtf16(std::string_view utf8);
// UTF-16 to UTF-8; a lone surrogate encodes as U+FFFD.
std::string ToUtf8(std::u16string_view utf16);
// One code point as UTF-16 (a lone surrogate value stays one unit).
std::u16string FromCodePoint(char32_t cp);
// The code points of `s` (String.prototype[Symbol.iterator]: a lone
// surrogate is its own element).
std::vector<char32_t> CodePoints(std::u16string_view s);

// String.prototype.indexOf / lastIndexOf: -1 when absent.
std::ptrdiff_t JsIndexOf(std::u16string_view s, std::u16string_view search,
                         std::ptrdiff_t from = 0);
std::ptrdiff_t JsLastIndexOf(std::u16string_view s, std::u16string_view search);
// String.prototype.substring(start [, end]): clamped to [0, length], swapped
// when start > end.
std::u16string JsSubstring(std::u16string_view s, std::ptrdiff_t start);
std::u16string JsSubstring(std::u16string_view s, std::ptrdiff_t start, std::ptrdiff_t end);
// String.prototype.substr(start [, length]): negative start counts from the
// end; a negative length gives "".
std::u16string JsSubstr(std::u16string_view s, std::ptrdiff_t start);
std::u16string JsSubstr(std::u16string_view s, std::ptrdiff_t start, std::ptrdiff_t length);
// String.prototype.slice(start [, end]): negative indexes count from the end.
std::u16string JsSlice(std::u16string_view s, std::ptrdiff_t start);
std::u16string JsSlice(std::u16string_view s, std::ptrdiff_t start, std::ptrdiff_t end);
// String.prototype.charAt: "" out of range.
std::u16string JsCharAt(std::u16string_view s, std::ptrdiff_t index);
// String.prototype.split(separator) with a string separator; an empty
// separator splits into code units.
std::vector<std::u16string> JsSplit(std::u16string_view s, std::u16string_view separator);
// s.split(from).join(to).
std::u16string JsReplaceAll(std::u16string_view s, std::u16string_view from,
                            std::u16string_view to);

// JavaScript's WhiteSpace and LineTerminator code units (what `\s` matches
// and what String.prototype.trim and Number() skip).
bool IsJsWhiteSpace(char16_t c);
// ASCII letters changed; everything else kept.
std::u16string AsciiToLower(std::u16string_view s);
std::u16string AsciiToUpper(std::u16string_view s);

}  // namespace sfn::jsonata
