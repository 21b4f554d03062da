#include "emulator/jsonata/integer_picture.h"

#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/utf16.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Beyond these, jsonata-js overflows V8's stack (roman numerals recurse once
// per numeral) or builds strings past what the emulator allows; both are
// reported as the RangeErrors V8 throws.
constexpr double kMaxRomanValue = 10'000'000;
constexpr double kMaxPadding = 10'000'000;

Error StackOverflow() { return Error{"", "Maximum call stack size exceeded"}; }

constexpr std::array<const char16_t*, 20> kFew = {
    u"Zero",     u"One",     u"Two",     u"Three",     u"Four",     u"Five",    u"Six",
    u"Seven",    u"Eight",   u"Nine",    u"Ten",       u"Eleven",   u"Twelve",  u"Thirteen",
    u"Fourteen", u"Fifteen", u"Sixteen", u"Seventeen", u"Eighteen", u"Nineteen"};
constexpr std::array<const char16_t*, 20> kOrdinals = {
    u"Zeroth",    u"First",     u"Second",      u"Third",      u"Fourth",
    u"Fifth",     u"Sixth",     u"Seventh",     u"Eighth",     u"Ninth",
    u"Tenth",     u"Eleventh",  u"Twelfth",     u"Thirteenth", u"Fourteenth",
    u"Fifteenth", u"Sixteenth", u"Seventeenth", u"Eighteenth", u"Nineteenth"};
constexpr std::array<const char16_t*, 9> kDecades = {u"Twenty", u"Thirty", u"Forty",
                                                     u"Fifty",  u"Sixty",  u"Seventy",
                                                     u"Eighty", u"Ninety", u"Hundred"};
constexpr std::array<const char16_t*, 4> kMagnitudes = {u"Thousand", u"Million", u"Billion",
                                                        u"Trillion"};

// jsonata-js's wordValues object, in its key order (later assignments to an
// existing key keep the key's place).
const std::vector<std::pair<std::u16string, double>>& WordValues() {
  static const auto* const kValues = [] {
    auto* values = new std::vector<std::pair<std::u16string, double>>();
    auto set = [values](std::u16string key, double v) {
      for (auto& [k, old] : *values) {
        if (k == key) {
          old = v;
          return;
        }
      }
      values->emplace_back(std::move(key), v);
    };
    for (size_t i = 0; i < kFew.size(); ++i) set(AsciiToLower(kFew[i]), static_cast<double>(i));
    for (size_t i = 0; i < kOrdinals.size(); ++i) {
      set(AsciiToLower(kOrdinals[i]), static_cast<double>(i));
    }
    for (size_t i = 0; i < kDecades.size(); ++i) {
      std::u16string word = AsciiToLower(kDecades[i]);
      double v = static_cast<double>((i + 2) * 10);
      set(word, v);
      // 'hundred' becomes 'hundreieth' here, as in jsonata-js.
      set(word.substr(0, word.size() - 1) + u"ieth", v);
    }
    set(u"hundredth", 100);
    for (size_t i = 0; i < kMagnitudes.size(); ++i) {
      std::u16string word = AsciiToLower(kMagnitudes[i]);
      double v = std::pow(10.0, static_cast<double>((i + 1) * 3));
      set(word, v);
      set(word + u"th", v);
    }
    return values;
  }();
  return *kValues;
}

// numberToWords's lookup. `value` is a non-negative integer.
std::u16string Words(double num, bool prev, bool ordinal) {
  std::u16string words;
  if (num <= 19) {
    auto i = static_cast<size_t>(num);
    words = std::u16string(prev ? u" and " : u"") + (ordinal ? kOrdinals[i] : kFew[i]);
  } else if (num < 100) {
    double tens = std::floor(num / 10);
    double remainder = std::fmod(num, 10);
    words = std::u16string(prev ? u" and " : u"") + kDecades[static_cast<size_t>(tens) - 2];
    if (remainder > 0) {
      words += u"-" + Words(remainder, false, ordinal);
    } else if (ordinal) {
      words = words.substr(0, words.size() - 1) + u"ieth";
    }
  } else if (num < 1000) {
    double hundreds = std::floor(num / 100);
    double remainder = std::fmod(num, 100);
    words = std::u16string(prev ? u", " : u"") + kFew[static_cast<size_t>(hundreds)] + u" Hundred";
    if (remainder > 0) {
      words += Words(remainder, true, ordinal);
    } else if (ordinal) {
      words += u"th";
    }
  } else {
    double mag = std::floor(std::log10(num) / 3);
    if (mag > static_cast<double>(kMagnitudes.size()))
      mag = static_cast<double>(kMagnitudes.size());
    double factor = std::pow(10.0, mag * 3);
    double mant = std::floor(num / factor);
    double remainder = num - mant * factor;
    words = std::u16string(prev ? u", " : u"") + Words(mant, false, false) + u" " +
            kMagnitudes[static_cast<size_t>(mag) - 1];
    if (remainder > 0) {
      words += Words(remainder, true, ordinal);
    } else if (ordinal) {
      words += u"th";
    }
  }
  return words;
}

std::optional<double> WordValue(std::u16string_view word) {
  for (const auto& [k, v] : WordValues()) {
    if (k == word) return v;
  }
  return std::nullopt;
}

// text.split(/,\s|\sand\s|[\s\\-]/)
std::vector<std::u16string> SplitWords(std::u16string_view text) {
  auto separator_at = [text](size_t q) -> size_t {
    if (q + 1 < text.size() && text[q] == u',' && IsJsWhiteSpace(text[q + 1])) return 2;
    if (q + 4 < text.size() && IsJsWhiteSpace(text[q]) && text.substr(q + 1, 3) == u"and" &&
        IsJsWhiteSpace(text[q + 4])) {
      return 5;
    }
    if (IsJsWhiteSpace(text[q]) || text[q] == u'\\' || text[q] == u'-') return 1;
    return 0;
  };
  std::vector<std::u16string> parts;
  size_t p = 0;
  size_t q = 0;
  while (q < text.size()) {
    size_t len = separator_at(q);
    if (len == 0) {
      ++q;
      continue;
    }
    parts.emplace_back(text.substr(p, q - p));
    p = q = q + len;
  }
  parts.emplace_back(text.substr(p));
  return parts;
}

// wordsToNumber; an unknown word makes the result NaN.
double WordsToNumber(std::u16string_view text) {
  std::vector<double> segs = {0};
  for (const std::u16string& part : SplitWords(text)) {
    double value = WordValue(part).value_or(kNaN);
    if (value < 100) {
      double top = segs.back();
      segs.pop_back();
      if (top >= 1000) {
        segs.push_back(top);
        top = 0;
      }
      segs.push_back(top + value);
    } else {
      double top = segs.back();
      segs.pop_back();
      segs.push_back(top * value);
    }
  }
  return std::accumulate(segs.begin(), segs.end(), 0.0);
}

constexpr std::array<std::pair<double, const char16_t*>, 13> kRomanNumerals = {{
    {1000, u"m"},
    {900, u"cm"},
    {500, u"d"},
    {400, u"cd"},
    {100, u"c"},
    {90, u"xc"},
    {50, u"l"},
    {40, u"xl"},
    {10, u"x"},
    {9, u"ix"},
    {5, u"v"},
    {4, u"iv"},
    {1, u"i"},
}};

std::u16string DecimalToRoman(double value) {
  std::u16string out;
  for (const auto& [v, numeral] : kRomanNumerals) {
    while (value >= v) {
      out += numeral;
      value -= v;
    }
  }
  return out;
}

double RomanValue(char16_t c) {
  switch (c) {
    case u'M':
      return 1000;
    case u'D':
      return 500;
    case u'C':
      return 100;
    case u'L':
      return 50;
    case u'X':
      return 10;
    case u'V':
      return 5;
    case u'I':
      return 1;
    default:
      return kNaN;  // undefined in jsonata-js's lookup
  }
}

double RomanToDecimal(std::u16string_view roman) {
  double decimal = 0;
  double max = 1;
  for (size_t i = roman.size(); i-- > 0;) {
    double value = RomanValue(roman[i]);
    if (value < max) {
      decimal -= value;
    } else {
      max = value;
      decimal += value;
    }
  }
  return decimal;
}

// String.prototype.toUpperCase, as far as it can produce a roman digit:
// ASCII letters, and dotless i (U+0131) which uppercases to 'I'.
std::u16string RomanUpper(std::u16string_view s) {
  std::u16string out = AsciiToUpper(s);
  for (char16_t& c : out) {
    if (c == 0x0131) c = u'I';
  }
  return out;
}

std::u16string DecimalToLetters(double value, char16_t a) {
  std::u16string letters;
  while (value > 0) {
    letters.insert(letters.begin(), static_cast<char16_t>(std::fmod(value - 1, 26) + a));
    value = std::floor((value - 1) / 26);
  }
  return letters;
}

double LettersToDecimal(std::u16string_view letters, char16_t a) {
  double decimal = 0;
  for (size_t i = 0; i < letters.size(); ++i) {
    decimal += (static_cast<double>(letters[letters.size() - i - 1]) - a + 1) *
               std::pow(26.0, static_cast<double>(i));
  }
  return decimal;
}

// The decimal digit families (the code point of their zero).
constexpr std::array<char32_t, 37> kDecimalGroups = {
    0x30,   0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6,
    0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0,
    0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
    0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

// regularRepeat: the interval when every separator is the same character at
// every multiple of one interval, else 0.
double RegularInterval(const std::vector<GroupingSeparator>& separators) {
  if (separators.empty()) return 0;
  for (const GroupingSeparator& s : separators) {
    if (s.character != separators[0].character) return 0;
  }
  auto gcd = [](double a, double b) {
    while (b != 0) a = std::fmod(a, b), std::swap(a, b);
    return a;
  };
  double factor = separators[0].position;
  for (size_t i = 1; i < separators.size(); ++i) factor = gcd(factor, separators[i].position);
  for (size_t index = 1; index <= separators.size(); ++index) {
    bool found = false;
    for (const GroupingSeparator& s : separators) {
      if (s.position == static_cast<double>(index) * factor) found = true;
    }
    if (!found) return 0;
  }
  return factor;
}

Error SequenceError(const IntegerPicture& format) {
  std::string token = ToUtf8(format.token);
  return Error{"D3130",
               "Formatting or parsing an integer as a sequence starting with " + JsonQuote(token) +
                   " is not supported by this implementation",
               std::nullopt, std::nullopt, Json(token)};
}

std::u16string Repeat(char16_t c, double n) { return std::u16string(static_cast<size_t>(n), c); }

}  // namespace

IntegerPicture::IntegerPicture() : mandatory_digits(kNaN), optional_digits(kNaN) {}

Expected<IntegerPicture> AnalyseIntegerPicture(std::u16string_view picture) {
  IntegerPicture format;
  std::u16string primary_format;
  std::ptrdiff_t semicolon = JsLastIndexOf(picture, u";");
  if (semicolon == -1) {
    primary_format = picture;
  } else {
    primary_format = JsSubstring(picture, 0, semicolon);
    std::u16string modifier = JsSubstring(picture, semicolon + 1);
    if (!modifier.empty() && modifier[0] == u'o') format.ordinal = true;
  }
  if (primary_format == u"A" || primary_format == u"a") {
    if (primary_format == u"A") format.letter_case = LetterCase::kUpper;
    format.primary = IntegerPrimary::kLetters;
  } else if (primary_format == u"I" || primary_format == u"i") {
    if (primary_format == u"I") format.letter_case = LetterCase::kUpper;
    format.primary = IntegerPrimary::kRoman;
  } else if (primary_format == u"W") {
    format.letter_case = LetterCase::kUpper;
    format.primary = IntegerPrimary::kWords;
  } else if (primary_format == u"Ww") {
    format.letter_case = LetterCase::kTitle;
    format.primary = IntegerPrimary::kWords;
  } else if (primary_format == u"w") {
    format.primary = IntegerPrimary::kWords;
  } else {
    // A decimal digit pattern when it holds a digit of any decimal family;
    // read from the right so separator positions count digits after them.
    std::optional<char32_t> zero_code;
    double mandatory = 0;
    double optional = 0;
    double position = 0;
    std::vector<GroupingSeparator> separators;
    std::vector<char32_t> cps = CodePoints(primary_format);
    for (auto it = cps.rbegin(); it != cps.rend(); ++it) {
      char32_t cp = *it;
      bool digit = false;
      for (char32_t group : kDecimalGroups) {
        if (cp >= group && cp <= group + 9) {
          digit = true;
          ++mandatory;
          ++position;
          if (!zero_code) {
            zero_code = group;
          } else if (group != *zero_code) {
            return Error{"D3131",
                         "In a decimal digit pattern, all digits must be from the same decimal "
                         "group"};
          }
          break;
        }
      }
      if (!digit) {
        if (cp == U'#') {
          ++position;
          ++optional;
        } else {
          separators.push_back({position, FromCodePoint(cp)});
        }
      }
    }
    if (mandatory > 0) {
      format.primary = IntegerPrimary::kDecimal;
      format.zero_code = *zero_code;
      format.mandatory_digits = mandatory;
      format.optional_digits = optional;
      double regular = RegularInterval(separators);
      if (regular > 0) {
        format.regular = true;
        format.separators = {{regular, separators[0].character}};
      } else {
        format.regular = false;
        format.separators = std::move(separators);
      }
    } else {
      // A numbering sequence, which jsonata-js does not implement.
      format.primary = IntegerPrimary::kSequence;
      format.token = primary_format;
    }
  }
  return format;
}

Expected<std::u16string> FormatIntegerWith(double value, const IntegerPicture& format) {
  std::u16string formatted;
  bool negative = value < 0;
  value = std::abs(value);
  switch (format.primary) {
    case IntegerPrimary::kLetters:
      // jsonata-js grows its array of letters forever for Infinity.
      if (std::isinf(value)) return Error{"", "Invalid array length"};
      formatted = DecimalToLetters(value, format.letter_case == LetterCase::kUpper ? u'A' : u'a');
      break;
    case IntegerPrimary::kRoman:
      if (value > kMaxRomanValue) return StackOverflow();
      formatted = DecimalToRoman(value);
      if (format.letter_case == LetterCase::kUpper) formatted = AsciiToUpper(formatted);
      break;
    case IntegerPrimary::kWords:
      if (!std::isfinite(value)) return StackOverflow();  // numberToWords never ends
      formatted = Words(value, false, format.ordinal);
      if (format.letter_case == LetterCase::kUpper) {
        formatted = AsciiToUpper(formatted);
      } else if (format.letter_case == LetterCase::kLower) {
        formatted = AsciiToLower(formatted);
      }
      break;
    case IntegerPrimary::kDecimal: {
      formatted = ToUtf16(NumberToString(value));
      double pad = format.mandatory_digits - static_cast<double>(formatted.size());
      if (pad > kMaxPadding) return Error{"", "Invalid string length"};
      if (pad > 0) formatted = Repeat(u'0', pad) + formatted;
      if (format.zero_code != U'0') {
        std::u16string mapped;
        for (char32_t cp : CodePoints(formatted)) {
          mapped += FromCodePoint(cp + format.zero_code - U'0');
        }
        formatted = std::move(mapped);
      }
      if (format.regular) {
        const GroupingSeparator& sep = format.separators[0];
        auto n = static_cast<std::ptrdiff_t>(
            std::floor((static_cast<double>(formatted.size()) - 1) / sep.position));
        for (std::ptrdiff_t ii = n; ii > 0; --ii) {
          auto pos = static_cast<std::ptrdiff_t>(static_cast<double>(formatted.size()) -
                                                 static_cast<double>(ii) * sep.position);
          formatted = JsSubstr(formatted, 0, pos) + sep.character + JsSubstr(formatted, pos);
        }
      } else {
        for (auto it = format.separators.rbegin(); it != format.separators.rend(); ++it) {
          auto pos =
              static_cast<std::ptrdiff_t>(static_cast<double>(formatted.size()) - it->position);
          formatted = JsSubstr(formatted, 0, pos) + it->character + JsSubstr(formatted, pos);
        }
      }
      if (format.ordinal) {
        char16_t last = formatted.back();
        std::u16string suffix = last == u'1'   ? u"st"
                                : last == u'2' ? u"nd"
                                : last == u'3' ? u"rd"
                                               : u"";
        if (suffix.empty() || (formatted.size() > 1 && formatted[formatted.size() - 2] == u'1')) {
          suffix = u"th";
        }
        formatted += suffix;
      }
      break;
    }
    case IntegerPrimary::kSequence:
      return SequenceError(format);
  }
  if (negative) formatted = u"-" + formatted;
  return formatted;
}

Expected<double> ParseIntegerWith(std::u16string_view text, const IntegerPicture& format) {
  bool upper = format.letter_case == LetterCase::kUpper;
  switch (format.primary) {
    case IntegerPrimary::kLetters:
      return LettersToDecimal(text, upper ? u'A' : u'a');
    case IntegerPrimary::kRoman:
      return RomanToDecimal(upper ? std::u16string(text) : RomanUpper(text));
    case IntegerPrimary::kWords:
      return WordsToNumber(AsciiToLower(text));
    case IntegerPrimary::kDecimal: {
      std::u16string digits(text);
      if (format.ordinal) {
        digits = JsSubstring(digits, 0, static_cast<std::ptrdiff_t>(digits.size()) - 2);
      }
      if (format.regular) {
        // jsonata-js strips commas here whatever the separator is.
        digits = JsReplaceAll(digits, u",", u"");
      } else {
        for (const GroupingSeparator& sep : format.separators) {
          digits = JsReplaceAll(digits, sep.character, u"");
        }
      }
      if (format.zero_code != U'0') {
        std::u16string mapped;
        for (char16_t unit : digits) {
          auto cp = static_cast<int64_t>(unit) - static_cast<int64_t>(format.zero_code) + 0x30;
          if (cp < 0 || cp > 0x10FFFF) {
            return Error{"", "Invalid code point " + std::to_string(cp)};
          }
          mapped += FromCodePoint(static_cast<char32_t>(cp));
        }
        digits = std::move(mapped);
      }
      return JsParseInt(ToUtf8(digits));
    }
    case IntegerPrimary::kSequence:
      break;
  }
  return SequenceError(format);
}

const std::vector<std::u16string>& NumberWords() {
  static const auto* const kWords = [] {
    auto* words = new std::vector<std::u16string>();
    for (const auto& [k, v] : WordValues()) words->push_back(k);
    return words;
  }();
  return *kWords;
}

}  // namespace sfn::jsonata
