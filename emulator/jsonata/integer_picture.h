// The integer picture of XPath F&O 3.1 fn:format-integer as jsonata-js 2.0.6
// reads, writes and parses it. $formatInteger and $parseInteger use it
// directly; $fromMillis and $toMillis use it for the numeric components of a
// date/time picture. Pictures and text are JavaScript strings (UTF-16), as
// in jsonata-js. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/jsonata/error.h"

namespace sfn::jsonata {

enum class IntegerPrimary { kDecimal, kLetters, kRoman, kWords, kSequence };
enum class LetterCase { kUpper, kLower, kTitle };

struct GroupingSeparator {
  double position = 0;  // digits to the right of the separator
  std::u16string character;
};

struct IntegerPicture {
  IntegerPrimary primary = IntegerPrimary::kDecimal;
  LetterCase letter_case = LetterCase::kLower;
  bool ordinal = false;
  // Decimal digit pictures only; NaN stands for jsonata-js's `undefined` in
  // the others (comparisons with it are false, as with undefined).
  char32_t zero_code = U'0';
  double mandatory_digits;
  double optional_digits;
  // Regular grouping has one separator whose position is the interval.
  bool regular = false;
  std::vector<GroupingSeparator> separators;  // increasing positions
  std::u16string token;                       // kSequence: the picture (for D3130)

  IntegerPicture();
};

// analyseIntegerPicture: D3131 when a digit pattern mixes digit families.
Expected<IntegerPicture> AnalyseIntegerPicture(std::u16string_view picture);

// _formatInteger: `value` is already an integer (or NaN). D3130 for a
// numbering sequence jsonata-js does not support.
Expected<std::u16string> FormatIntegerWith(double value, const IntegerPicture& picture);

// The parse function of generateRegex's integer matcher: the number `text`
// spells (NaN when it spells none). D3130 for a numbering sequence.
Expected<double> ParseIntegerWith(std::u16string_view text, const IntegerPicture& picture);

// The English number words jsonata-js recognises, in its key order (which
// decides how a date/time picture's word pattern matches).
const std::vector<std::u16string>& NumberWords();

}  // namespace sfn::jsonata
