#include "emulator/jsonata/number_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <system_error>

#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Decimal digits d1 d2 ... dk (no leading or trailing zeros unless the value
// is zero) and the exponent of d1: value = 0.d1d2...dk * 10^(exponent + 1).
struct Digits {
  std::string digits;
  int exponent = 0;
};

// Splits to_chars' scientific text "d.ddde+XX" into digits and exponent.
Digits ParseScientific(std::string_view text) {
  Digits d;
  size_t e = text.find('e');
  for (char c : text.substr(0, e)) {
    if (c != '.') d.digits.push_back(c);
  }
  std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(),
                  d.exponent);
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  return d;
}

// The shortest round-trip digits of a finite positive value (what
// Number::toString prints).
Digits ShortestDigits(double positive) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), positive, std::chars_format::scientific);
  return ParseScientific(std::string_view(buf, static_cast<size_t>(res.ptr - buf)));
}

// Every digit of the exact binary value of a finite positive double (at most
// 767 significant digits).
Digits ExactDigits(double positive) {
  char buf[1100];
  auto res = std::to_chars(buf, buf + sizeof(buf), positive, std::chars_format::scientific, 800);
  return ParseScientific(std::string_view(buf, static_cast<size_t>(res.ptr - buf)));
}

// Keeps `precision` digits of `exact` (the exact expansion or a
// representation that rounds the same way), rounding half up.
Digits RoundDigits(Digits d, int precision) {
  auto p = static_cast<size_t>(precision);
  if (d.digits.size() <= p) {
    d.digits.resize(p, '0');
    return d;
  }
  bool up = d.digits[p] >= '5';
  d.digits.resize(p);
  if (up) {
    size_t i = p;
    while (i > 0 && d.digits[i - 1] == '9') {
      d.digits[i - 1] = '0';
      --i;
    }
    if (i == 0) {
      d.digits.insert(d.digits.begin(), '1');
      d.digits.pop_back();
      ++d.exponent;
    } else {
      ++d.digits[i - 1];
    }
  }
  return d;
}

// `precision` significant digits of a finite positive value, rounded from
// its exact value with ties away from zero (toPrecision's rule).
Digits PrecisionDigits(double positive, int precision) {
  // Past 15 digits the precision can be finer than the double's spacing, so
  // the exact value's own digits show.
  // Subnormal numbers have fewer significant bits, so the same goes for them.
  if (precision > 15 || positive < std::numeric_limits<double>::min()) {
    return RoundDigits(ExactDigits(positive), precision);
  }
  Digits shortest = ShortestDigits(positive);
  auto k = static_cast<int>(shortest.digits.size());
  // Up to 15 digits the precision's spacing is coarser than the double's, so
  // shortest digits that fit are the nearest ones; longer shortest digits
  // round like the exact value except when they end one digit past the cut
  // in a 5: only then can the exact value sit on either side of (or exactly
  // on) the halfway point.
  if (k <= precision || k > precision + 1 || shortest.digits.back() != '5') {
    return RoundDigits(std::move(shortest), precision);
  }
  return RoundDigits(ExactDigits(positive), precision);
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Parses all of `text` as a double; nullopt when something is left over.
std::optional<double> FromChars(std::string_view text, std::chars_format format) {
  double value = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), value, format);
  if (res.ptr != text.data() + text.size()) return std::nullopt;
  if (res.ec == std::errc::result_out_of_range) {
    // from_chars leaves the value alone on overflow and underflow; JavaScript
    // gives Infinity and 0. Look at the exponent to tell them apart.
    bool tiny = false;
    size_t e = text.find_first_of(format == std::chars_format::hex ? "pP" : "eE");
    if (e != std::string_view::npos) tiny = text.find('-', e) != std::string_view::npos;
    return tiny ? 0.0 : std::numeric_limits<double>::infinity();
  }
  if (res.ec != std::errc()) return std::nullopt;
  return value;
}

// An unsigned integer literal in base 2, 8 or 16 (digits only), rounded to
// the nearest double as JavaScript does.
double RadixLiteral(std::string_view digits, int bits_per_digit) {
  if (bits_per_digit == 4) return FromChars(digits, std::chars_format::hex).value_or(kNaN);
  std::string bits;
  for (char c : digits) {
    int v = c - '0';
    for (int b = bits_per_digit - 1; b >= 0; --b) bits.push_back(((v >> b) & 1) ? '1' : '0');
  }
  while (bits.size() % 4 != 0) bits.insert(bits.begin(), '0');
  std::string hex;
  for (size_t i = 0; i < bits.size(); i += 4) {
    int v = (bits[i] - '0') * 8 + (bits[i + 1] - '0') * 4 + (bits[i + 2] - '0') * 2 +
            (bits[i + 3] - '0');
    hex.push_back("0123456789abcdef"[v]);
  }
  return FromChars(hex, std::chars_format::hex).value_or(kNaN);
}

bool IsJsSpace(std::string_view s, size_t i, size_t* len) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x20) {
    *len = 1;
    return true;
  }
  // The non-ASCII white space and line terminators, as UTF-8.
  static constexpr std::string_view kSpaces[] = {
      "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82",
      "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87",
      "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9",
      "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF"};
  for (std::string_view sp : kSpaces) {
    if (s.substr(i, sp.size()) == sp) {
      *len = sp.size();
      return true;
    }
  }
  return false;
}

std::string_view TrimJsSpace(std::string_view s) {
  size_t len = 0;
  while (!s.empty() && IsJsSpace(s, 0, &len)) s.remove_prefix(len);
  while (!s.empty()) {
    // Find whether the string ends with a white space sequence.
    bool trimmed = false;
    for (size_t back = 1; back <= 3 && back <= s.size(); ++back) {
      size_t i = s.size() - back;
      if (IsJsSpace(s, i, &len) && len == back) {
        s.remove_suffix(back);
        trimmed = true;
        break;
      }
    }
    if (!trimmed) break;
  }
  return s;
}

// StrUnsignedDecimalLiteral: digits [. digits] | . digits, then an optional
// exponent.
bool IsUnsignedDecimal(std::string_view s) {
  size_t i = 0;
  size_t int_digits = 0;
  while (i < s.size() && IsAsciiDigit(s[i])) ++i, ++int_digits;
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

// `-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?`, anchored at both ends.
bool IsJsonataNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t start = i;
  while (i < s.size() && IsAsciiDigit(s[i])) ++i;
  if (i == start) return false;
  if (i < s.size() && s[i] == '.') {
    start = ++i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    start = i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

bool IsRadixDigit(char c, char prefix) {
  switch (prefix) {
    case 'x':
      return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    case 'o':
      return c >= '0' && c <= '7';
    default:
      return c == '0' || c == '1';
  }
}

// 0<p><digits>+ starting at `at`; returns the end of the digits or npos.
size_t RadixLiteralAt(std::string_view s, size_t at, char prefix) {
  if (at + 2 >= s.size() || s[at] != '0' ||
      std::tolower(static_cast<unsigned char>(s[at + 1])) != prefix) {
    return std::string_view::npos;
  }
  size_t i = at + 2;
  while (i < s.size() && IsRadixDigit(s[i], prefix)) ++i;
  return i == at + 2 ? std::string_view::npos : i;
}

// 2.0.6's `/^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/.test(s)`: its
// alternatives are anchored only at one end (or none).
bool MatchesRadixPattern(std::string_view s) {
  if (RadixLiteralAt(s, 0, 'x') != std::string_view::npos) return true;
  for (size_t i = 0; i < s.size(); ++i) {
    if (RadixLiteralAt(s, i, 'o') != std::string_view::npos) return true;
    size_t end = RadixLiteralAt(s, i, 'b');
    // The digits run greedily to the end only when nothing else follows.
    if (end != std::string_view::npos && end == s.size()) return true;
  }
  return false;
}

}  // namespace

std::string NumberToString(double value) { return JavaScriptNumberText(value); }

std::string NumberToPrecision(double value, int precision) {
  precision = std::clamp(precision, 1, 100);
  if (std::isnan(value)) return "NaN";
  std::string sign;
  if (value < 0) {
    sign = "-";
    value = -value;
  }
  if (std::isinf(value)) return sign + "Infinity";
  Digits d;
  if (value == 0) {
    d.digits.assign(static_cast<size_t>(precision), '0');
    d.exponent = 0;
  } else {
    d = PrecisionDigits(value, precision);
  }
  int e = d.exponent;
  const std::string& m = d.digits;
  if (e < -6 || e >= precision) {
    std::string out = sign + m.substr(0, 1);
    if (precision != 1) out += "." + m.substr(1);
    return out + (e >= 0 ? "e+" : "e-") + std::to_string(std::abs(e));
  }
  if (e == precision - 1) return sign + m;
  if (e >= 0) {
    return sign + m.substr(0, static_cast<size_t>(e + 1)) + "." +
           m.substr(static_cast<size_t>(e + 1));
  }
  return sign + "0." + std::string(static_cast<size_t>(-(e + 1)), '0') + m;
}

std::string NumberToFixed(double value, int digits) {
  digits = std::clamp(digits, 0, 100);
  if (std::isnan(value)) return "NaN";
  if (std::abs(value) >= 1e21) return NumberToString(value);
  std::string sign;
  if (value < 0) sign = "-";
  value = std::abs(value);  // -0 prints without a sign
  // The binary fraction of `value` has `fraction_bits` digits after the point,
  // so its exact decimal expansion has that many fraction digits, the last a
  // 5. Only when that digit falls just past the cut is there a tie, which
  // toFixed breaks upwards (to_chars would break it to even).
  int exp2 = 0;
  double mantissa = std::frexp(value, &exp2);
  auto bits = static_cast<uint64_t>(std::ldexp(mantissa, 53));
  int fraction_bits = 0;
  if (bits != 0) {
    int low = 53 - exp2;  // value = bits * 2^-low
    while ((bits & 1) == 0) {
      bits >>= 1;
      --low;
    }
    fraction_bits = std::max(low, 0);
  }
  char buf[512];
  if (fraction_bits == digits + 1) {
    auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed, digits + 1);
    std::string text(buf, res.ptr);
    text.pop_back();                   // the exact trailing 5
    if (digits == 0) text.pop_back();  // and the point before it
    size_t i = text.size();
    while (i > 0 && (text[i - 1] == '9' || text[i - 1] == '.')) {
      if (text[i - 1] == '9') text[i - 1] = '0';
      --i;
    }
    if (i == 0) {
      text.insert(text.begin(), '1');
    } else {
      ++text[i - 1];
    }
    return sign + text;
  }
  auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed, digits);
  return sign + std::string(buf, res.ptr);
}

double RoundTo15Digits(double value) {
  if (!std::isfinite(value) || value == 0) return value;
  double magnitude = std::abs(value);
  Digits shortest = ShortestDigits(magnitude);
  // Digits that already fit in 15 are what toPrecision(15) prints, padded.
  if (shortest.digits.size() <= 15) return value;
  Digits d = PrecisionDigits(magnitude, 15);
  std::string text = d.digits + "e" + std::to_string(d.exponent - 14);
  double rounded = FromChars(text, std::chars_format::scientific).value_or(kNaN);
  return value < 0 ? -rounded : rounded;
}

Expected<std::string> StringOfNumber(double value) {
  if (!std::isfinite(value)) {
    return Error{"D3001", "Attempting to invoke string function on Infinity or NaN"};
  }
  return JsonTextOfNumber(value);
}

Expected<std::string> JsonTextOfNumber(double value) {
  if (std::isnan(value)) return std::string("null");
  if (std::isinf(value)) return Error{"D1001", "Number out of range: null"};
  // Near the largest double, 15 digits round up to Infinity, which
  // JSON.stringify writes as null.
  double rounded = RoundTo15Digits(value);
  return std::isfinite(rounded) ? NumberToString(rounded) : std::string("null");
}

double JsStringToNumber(std::string_view text) {
  std::string_view s = TrimJsSpace(text);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
    int bits = p == 'x' ? 4 : p == 'o' ? 3 : p == 'b' ? 1 : 0;
    if (bits != 0) {
      std::string_view digits = s.substr(2);
      for (char c : digits) {
        if (!IsRadixDigit(c, p)) return kNaN;
      }
      return RadixLiteral(digits, bits);
    }
  }
  bool negative = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity") {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (!IsUnsignedDecimal(body)) return kNaN;
  double v = FromChars(body, std::chars_format::general).value_or(kNaN);
  return negative ? -v : v;
}

double JsParseInt(std::string_view text) {
  size_t len = 0;
  while (!text.empty() && IsJsSpace(text, 0, &len)) text.remove_prefix(len);
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  bool hex = text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  if (hex) text.remove_prefix(2);
  size_t end = 0;
  while (end < text.size() && (hex ? IsRadixDigit(text[end], 'x') : IsAsciiDigit(text[end]))) {
    ++end;
  }
  if (end == 0) return kNaN;
  double v = FromChars(text.substr(0, end), hex ? std::chars_format::hex : std::chars_format::fixed)
                 .value_or(kNaN);
  return negative ? -v : v;
}

Expected<double> NumberOfString(std::string_view text) {
  if (IsJsonataNumber(text)) {
    double v = JsStringToNumber(text);
    if (std::isfinite(v)) return v;
  }
  if (MatchesRadixPattern(text)) return JsStringToNumber(text);
  return Error{"D3030", "Unable to cast value to a number: " + JsonQuote(text), std::nullopt,
               std::nullopt, Json(std::string(text))};
}

double JsMathRound(double value) {
  if (!std::isfinite(value) || value == 0) return value;
  double floor = std::floor(value);
  double rounded = value - floor >= 0.5 ? floor + 1 : floor;
  if (rounded == 0 && value < 0) return -0.0;
  return rounded;
}

double RoundHalfEven(double value, double precision) {
  // jsonata-js: `if (precision)`, then shift the decimal point in the text.
  bool shift = precision != 0 && !std::isnan(precision);
  auto shifted = [](double number, double by) {
    std::string text = NumberToString(number);
    size_t e = text.find('e');
    std::string exponent = e == std::string::npos
                               ? NumberToString(by)
                               : NumberToString(JsStringToNumber(text.substr(e + 1)) + by);
    return JsStringToNumber(text.substr(0, e) + "e" + exponent);
  };
  if (shift) value = shifted(value, precision);
  double result = JsMathRound(value);
  double diff = result - value;
  if (std::abs(diff) == 0.5 && std::abs(std::fmod(result, 2)) == 1) result -= 1;
  if (shift) result = shifted(result, -precision);
  if (result == 0) result = 0;  // no -0 in JSON
  return result;
}

bool IsIntegral(double value) { return std::isfinite(value) && std::trunc(value) == value; }

std::optional<int64_t> ToInt64Exact(double value) {
  // 2^63 is exactly representable; every integral double below it in
  // magnitude converts without loss.
  if (!IsIntegral(value) || value >= 9223372036854775808.0 || value < -9223372036854775808.0) {
    return std::nullopt;
  }
  return static_cast<int64_t>(value);
}

}  // namespace sfn::jsonata
