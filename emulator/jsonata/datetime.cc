#include "emulator/jsonata/datetime.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/jsonata/date_picture.h"
#include "emulator/jsonata/integer_picture.h"
#include "emulator/jsonata/js_date.h"
#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/utf16.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {
namespace {

using U16 = std::u16string;
using U16View = std::u16string_view;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool In(U16View set, char16_t c) { return set.find(c) != U16View::npos; }

// ---------------------------------------------------------------------------
// $fromMillis (formatDateTime).

Error NameError(const DateMarker& m) {
  std::string component = ToUtf8(m.component);
  return Error{"D3133",
               "The 'name' modifier can only be applied to months and days in the date/time "
               "picture string, not " +
                   JsonQuote(component),
               std::nullopt, std::nullopt, Json(component)};
}

Expected<U16> FormatInteger(double value, const std::optional<IntegerPicture>& format) {
  if (!format) return Error{"", "Cannot read properties of undefined (reading 'primary')"};
  return FormatIntegerWith(value, *format);
}

Expected<U16> FormatComponent(double t, const DateFields& fields, const DateMarker& m,
                              double offset_hours, double offset_minutes) {
  DateFragment value =
      m.component.empty() ? DateFragment() : DateTimeFragment(t, fields, m.component[0]);
  if (ComponentIn(u"YMDdFWwXxHhms", m.component)) {
    double number = value.number;
    if (m.component == u"Y" && m.n && *m.n != -1) number = std::fmod(number, std::pow(10.0, *m.n));
    if (m.names) {
      std::optional<U16> name;
      if (m.component == u"M" || m.component == u"x") {
        if (number >= 1 && number <= 12) name = kMonthNames[static_cast<size_t>(number) - 1];
      } else if (m.component == u"F") {
        if (number >= 0 && number <= 7) name = kDayNames[static_cast<size_t>(number)];
      } else {
        return NameError(m);
      }
      // Only an invalid Date has no name; jsonata-js then trips over undefined.
      if (*m.names == LetterCase::kUpper) {
        if (!name) return Error{"", "Cannot read properties of undefined (reading 'toUpperCase')"};
        name = AsciiToUpper(*name);
      } else if (*m.names == LetterCase::kLower) {
        if (!name) return Error{"", "Cannot read properties of undefined (reading 'toLowerCase')"};
        name = AsciiToLower(*name);
      }
      if (m.width) {
        if (!name) return Error{"", "Cannot read properties of undefined (reading 'length')"};
        if (m.width->max && static_cast<double>(name->size()) > *m.width->max) {
          name = JsSubstring(*name, 0, static_cast<std::ptrdiff_t>(*m.width->max));
        }
      }
      return name ? *name : U16(u"undefined");
    }
    return FormatInteger(number, m.integer_format);
  }
  if (m.component == u"f") return FormatInteger(value.number, m.integer_format);
  if (m.component == u"Z" || m.component == u"z") {
    const IntegerPicture& format = *m.integer_format;
    double offset = offset_hours * 100 + offset_minutes;
    U16 text;
    if (format.regular) {
      Expected<U16> formatted = FormatIntegerWith(offset, format);
      if (!formatted.ok()) return formatted.error();
      text = formatted.value();
    } else {
      double digits = format.mandatory_digits;
      if (digits == 1 || digits == 2) {
        Expected<U16> hours = FormatIntegerWith(offset_hours, format);
        if (!hours.ok()) return hours.error();
        text = hours.value();
        if (offset_minutes != 0) {
          IntegerPicture two_digits = AnalyseIntegerPicture(u"00").value();
          text += u":" + FormatIntegerWith(std::floor(offset_minutes), two_digits).value();
        }
      } else if (digits == 3 || digits == 4) {
        Expected<U16> formatted = FormatIntegerWith(offset, format);
        if (!formatted.ok()) return formatted.error();
        text = formatted.value();
      } else {
        return Error{"D3134",
                     "The timezone integer format specifier cannot have more than four digits",
                     std::nullopt, std::nullopt, std::isnan(digits) ? Json() : Json(digits)};
      }
    }
    if (offset >= 0) text = u"+" + text;
    if (m.component == u"z") text = u"GMT" + text;
    if (offset == 0 && m.presentation2 == u't') text = u"Z";
    return text;
  }
  if (m.component == u"P") {
    if (m.names == LetterCase::kUpper) return AsciiToUpper(value.text);
    return value.text;
  }
  switch (value.kind) {
    case DateFragment::Kind::kString:
      return value.text;
    case DateFragment::Kind::kNumber:
      return ToUtf16(NumberToString(value.number));
    case DateFragment::Kind::kUndefined:
      break;
  }
  return U16(u"undefined");
}

// ---------------------------------------------------------------------------
// $toMillis with a picture (parseDateTime): jsonata-js builds one regular
// expression `^(part1)(part2)...$` (flag i) from the picture and reads the
// components from its groups. The matcher below is that expression's
// backtracking search, part by part, in the order JavaScript tries them.

struct MatchPart {
  enum class Kind { kLiteral, kDigits, kLetters, kRoman, kWords, kNames, kTimezone } kind;
  U16 literal;  // kLiteral; kDigits: text a malformed {m,n} quantifier matches literally
  size_t min = 1;
  std::optional<size_t> max;          // kDigits; nullopt: unbounded
  bool ordinal = false;               // kDigits: then (?:th|st|nd|rd)
  bool gmt = false;                   // kTimezone
  std::optional<char16_t> separator;  // kTimezone
};

// JavaScript's Canonicalize for the i flag (non-Unicode mode): upper case,
// except that nothing outside ASCII maps into it. Covers ASCII, Latin-1,
// Greek and Cyrillic, which is what picture literals hold.
char16_t Canonicalize(char16_t c) {
  if (c >= u'a' && c <= u'z') return static_cast<char16_t>(c - 32);
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
      (c >= 0x430 && c <= 0x44F)) {
    return static_cast<char16_t>(c - 32);
  }
  if (c == 0xFF) return 0x178;
  if (c == 0xB5) return 0x39C;
  if (c == 0x3C2) return 0x3A3;
  if (c >= 0x450 && c <= 0x45F) return static_cast<char16_t>(c - 80);
  return c;
}

bool IsDigit(char16_t c) { return c >= u'0' && c <= u'9'; }
bool IsLetter(char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }
bool IsRomanLetter(char16_t c) { return In(u"mdclxviMDCLXVI", c); }

class PictureMatcher {
 public:
  // Enough for any real picture; a pathological one that needs more is
  // reported as no match rather than tying up the engine.
  static constexpr int64_t kBudget = 2'000'000;
  static constexpr int kMaxDepth = 5'000;

  PictureMatcher(const std::vector<MatchPart>& parts, U16View text)
      : parts_(parts), text_(text), captures_(parts.size()) {}

  std::optional<std::vector<U16>> Match() {
    if (!MatchFrom(0, 0)) return std::nullopt;
    std::vector<U16> out;
    for (const auto& [from, to] : captures_) out.emplace_back(text_.substr(from, to - from));
    return out;
  }

 private:
  bool Spend() { return --budget_ >= 0; }

  bool LiteralAt(size_t pos, U16View literal) const {
    if (pos + literal.size() > text_.size()) return false;
    for (size_t i = 0; i < literal.size(); ++i) {
      if (Canonicalize(text_[pos + i]) != Canonicalize(literal[i])) return false;
    }
    return true;
  }

  size_t RunLength(size_t pos, bool (*accept)(char16_t), size_t limit) const {
    size_t n = 0;
    while (pos + n < text_.size() && n < limit && accept(text_[pos + n])) ++n;
    return n;
  }

  bool Capture(size_t i, size_t from, size_t to) {
    captures_[i] = {from, to};
    return MatchFrom(i + 1, to);
  }

  bool MatchFrom(size_t i, size_t pos) {
    if (!Spend()) return false;
    if (i == parts_.size()) return pos == text_.size();
    const MatchPart& p = parts_[i];
    switch (p.kind) {
      case MatchPart::Kind::kLiteral:
        return LiteralAt(pos, p.literal) && Capture(i, pos, pos + p.literal.size());
      case MatchPart::Kind::kDigits: {
        size_t run = RunLength(pos, IsDigit, p.max.value_or(SIZE_MAX));
        for (size_t n = run + 1; n-- > p.min;) {
          size_t end = pos + n;
          if (!p.literal.empty()) {
            if (!LiteralAt(end, p.literal)) continue;
            end += p.literal.size();
          }
          if (p.ordinal) {
            bool suffix = false;
            for (U16View s : {u"th", u"st", u"nd", u"rd"}) {
              if (LiteralAt(end, s)) {
                suffix = true;
                break;
              }
            }
            if (!suffix) continue;
            end += 2;
          }
          if (Capture(i, pos, end)) return true;
          if (budget_ < 0) return false;
        }
        return false;
      }
      case MatchPart::Kind::kLetters:
      case MatchPart::Kind::kNames:
      case MatchPart::Kind::kRoman: {
        size_t run =
            RunLength(pos, p.kind == MatchPart::Kind::kRoman ? IsRomanLetter : IsLetter, SIZE_MAX);
        for (size_t n = run; n >= 1; --n) {
          if (Capture(i, pos, pos + n)) return true;
          if (budget_ < 0) return false;
        }
        return false;
      }
      case MatchPart::Kind::kWords:
        return Words(i, pos, pos, false, 0);
      case MatchPart::Kind::kTimezone: {
        size_t at = pos;
        if (p.gmt) {
          if (!LiteralAt(at, u"GMT")) return false;
          at += 3;
        }
        if (at >= text_.size() || (text_[at] != u'-' && text_[at] != u'+')) return false;
        ++at;
        size_t run = RunLength(at, IsDigit, SIZE_MAX);
        for (size_t n = run; n >= 1; --n) {
          size_t end = at + n;
          if (!p.separator) {
            if (Capture(i, pos, end)) return true;
          } else if (end < text_.size() &&
                     (*p.separator == u'.'
                          ? text_[end] != u'\n' && text_[end] != u'\r' && text_[end] != 0x2028 &&
                                text_[end] != 0x2029
                          : Canonicalize(text_[end]) == Canonicalize(*p.separator))) {
            size_t run2 = RunLength(end + 1, IsDigit, SIZE_MAX);
            for (size_t n2 = run2; n2 >= 1; --n2) {
              if (Capture(i, pos, end + 1 + n2)) return true;
              if (budget_ < 0) return false;
            }
          }
          if (budget_ < 0) return false;
        }
        return false;
      }
    }
    return false;
  }

  // (?:word1|word2|...|and|[\-, ])+ : greedy, alternatives in order. One
  // level of recursion per word; past kMaxDepth the match gives up.
  bool Words(size_t i, size_t start, size_t pos, bool matched_once, int depth) {
    if (depth > kMaxDepth) budget_ = -1;
    if (!Spend()) return false;
    for (const U16& word : NumberWords()) {
      if (LiteralAt(pos, word) && Words(i, start, pos + word.size(), true, depth + 1)) {
        return true;
      }
      if (budget_ < 0) return false;
    }
    if (LiteralAt(pos, u"and") && Words(i, start, pos + 3, true, depth + 1)) return true;
    if (pos < text_.size() && In(u"-, ", text_[pos]) && Words(i, start, pos + 1, true, depth + 1)) {
      return true;
    }
    return matched_once && Capture(i, start, pos);
  }

  const std::vector<MatchPart>& parts_;
  U16View text_;
  std::vector<std::pair<size_t, size_t>> captures_;
  int64_t budget_ = kBudget;
};

// What a group's text is worth: a number (maybe NaN) or undefined (a name
// that is not in the lookup).
using ComponentValue = std::optional<double>;

struct Component {
  MatchPart match;
  std::optional<char16_t> component;  // markers only
  std::function<ComponentValue(const U16&)> parse;
};

Expected<std::vector<Component>> GenerateMatchers(const DatePicture& spec) {
  std::vector<Component> out;
  for (const DatePicturePart& part : spec) {
    Component c;
    if (part.literal) {
      c.match.kind = MatchPart::Kind::kLiteral;
      c.match.literal = part.value;
      out.push_back(std::move(c));
      continue;
    }
    const DateMarker& m = part.marker;
    c.component = m.component.empty() ? u'\0' : m.component[0];
    if (m.component == u"Z" || m.component == u"z") {
      const IntegerPicture& format = *m.integer_format;
      std::optional<U16> separator;
      if (format.regular) separator = format.separators[0].character;
      c.match.kind = MatchPart::Kind::kTimezone;
      c.match.gmt = m.component == u"z";
      if (separator && !separator->empty()) c.match.separator = (*separator)[0];
      bool gmt = c.match.gmt;
      c.parse = [gmt, separator](const U16& text) -> ComponentValue {
        U16 value = gmt ? JsSubstring(text, 3) : text;
        double hours = 0;
        double minutes = 0;
        if (separator) {
          std::ptrdiff_t at = JsIndexOf(value, *separator);
          hours = JsParseInt(ToUtf8(JsSubstring(value, 0, at)));
          minutes = JsParseInt(ToUtf8(JsSubstring(value, at + 1)));
        } else if (value.size() - 1 <= 2) {
          hours = JsParseInt(ToUtf8(value));
        } else {
          hours = JsParseInt(ToUtf8(JsSubstring(value, 0, 3)));
          minutes = JsParseInt(ToUtf8(JsSubstring(value, 3)));
        }
        return hours * 60 + minutes;
      };
    } else if (m.integer_format) {
      const IntegerPicture& format = *m.integer_format;
      switch (format.primary) {
        case IntegerPrimary::kLetters:
          c.match.kind = MatchPart::Kind::kLetters;
          break;
        case IntegerPrimary::kRoman:
          c.match.kind = MatchPart::Kind::kRoman;
          break;
        case IntegerPrimary::kWords:
          c.match.kind = MatchPart::Kind::kWords;
          break;
        case IntegerPrimary::kDecimal: {
          c.match.kind = MatchPart::Kind::kDigits;
          c.match.ordinal = format.ordinal;
          double n = m.n.value_or(kNaN);
          if (n > 0) {
            double low = format.optional_digits == 0 ? n : n - format.optional_digits;
            if (low < 0) {
              // `[0-9]{-1,2}` is no quantifier: JavaScript matches it as text.
              c.match.min = 1;
              c.match.max = 1;
              c.match.literal = ToUtf16("{" + NumberToString(low) + "," + NumberToString(n) + "}");
            } else {
              c.match.min = static_cast<size_t>(low);
              c.match.max = static_cast<size_t>(n);
            }
          }
          break;
        }
        case IntegerPrimary::kSequence:
          return FormatIntegerWith(0, format).error();  // D3130
      }
      IntegerPicture captured = format;
      c.parse = [captured](const U16& text) -> ComponentValue {
        Expected<double> v = ParseIntegerWith(text, captured);
        return v.ok() ? v.value() : kNaN;
      };
    } else {
      c.match.kind = MatchPart::Kind::kNames;
      std::vector<std::pair<U16, double>> lookup;
      std::optional<double> max;
      if (m.width && m.width->max && *m.width->max != 0 && !std::isnan(*m.width->max)) {
        max = *m.width->max;
      }
      auto add = [&lookup, max](U16View name, double v) {
        U16 key = max ? JsSubstring(name, 0, static_cast<std::ptrdiff_t>(*max)) : U16(name);
        lookup.emplace_back(std::move(key), v);
      };
      if (m.component == u"M" || m.component == u"x") {
        for (size_t i = 0; i < kMonthNames.size(); ++i)
          add(kMonthNames[i], static_cast<double>(i + 1));
      } else if (m.component == u"F") {
        for (size_t i = 1; i < kDayNames.size(); ++i) add(kDayNames[i], static_cast<double>(i));
      } else if (m.component == u"P") {
        lookup = {{u"am", 0}, {u"AM", 0}, {u"pm", 1}, {u"PM", 1}};
      } else {
        return NameError(m);
      }
      c.parse = [lookup](const U16& text) -> ComponentValue {
        // A later key replaces an earlier one, as in a JavaScript object.
        for (auto it = lookup.rbegin(); it != lookup.rend(); ++it) {
          if (it->first == text) return it->second;
        }
        return std::nullopt;
      };
    }
    out.push_back(std::move(c));
  }
  return out;
}

// JavaScript truthiness of a component's value.
bool Truthy(const std::map<char16_t, ComponentValue>& components, char16_t c) {
  auto it = components.find(c);
  return it != components.end() && it->second && *it->second != 0 && !std::isnan(*it->second);
}

Expected<std::optional<double>> ParseDateTime(U16View timestamp, U16View picture,
                                              double now_millis) {
  now_millis = TimeClip(now_millis);  // a Date, as jsonata-js's timestamp is
  Expected<DatePicture> spec = AnalyseDatePicture(picture);
  if (!spec.ok()) return spec.error();
  Expected<std::vector<Component>> matchers = GenerateMatchers(spec.value());
  if (!matchers.ok()) return matchers.error();
  std::vector<MatchPart> parts;
  for (const Component& c : matchers.value()) parts.push_back(c.match);
  std::optional<std::vector<U16>> groups = PictureMatcher(parts, timestamp).Match();
  if (!groups) return std::optional<double>();

  std::map<char16_t, ComponentValue> components;
  for (size_t i = 0; i < groups->size(); ++i) {
    const Component& c = matchers.value()[i];
    if (c.parse) components[*c.component] = c.parse((*groups)[i]);
  }
  if (components.empty()) return std::optional<double>();

  // Which of F&O's date and time combinations the picture gives, by bit
  // masks over which components are truthy (jsonata-js's scheme).
  int mask = 0;
  auto shift = [&](U16View letters) {
    mask = 0;
    for (char16_t c : letters) mask = (mask << 1) + (Truthy(components, c) ? 1 : 0);
  };
  auto is_type = [&mask](int type) { return (~type & mask) == 0 && (type & mask) != 0; };
  shift(u"YXMxWwdD");
  bool date_a = is_type(161);
  bool date_b = !date_a && is_type(130);
  bool date_c = is_type(84);
  bool date_d = !date_c && is_type(72);
  shift(u"PHhmsf");
  bool time_a = is_type(23);
  bool time_b = !time_a && is_type(47);

  U16 comps = date_b ? u"YD" : date_c ? u"XxwF" : date_d ? u"XWF" : u"YMD";
  comps += time_b ? u"Phmsf" : u"Hmsf";

  // Unspecified components before the first given one come from now, those
  // after it are their minimum; a gap between given ones is an error.
  bool start_specified = false;
  bool end_specified = false;
  for (char16_t part : comps) {
    auto it = components.find(part);
    if (it == components.end() || !it->second) {
      if (start_specified) {
        components[part] = In(u"MDd", part) ? 1.0 : 0.0;
        end_specified = true;
      } else {
        DateFragment now = DateTimeFragment(now_millis, part);
        // P from now is the string "am"/"pm", never equal to 1 below.
        components[part] = now.kind == DateFragment::Kind::kNumber ? now.number : kNaN;
      }
    } else {
      start_specified = true;
      if (end_specified) {
        return Error{"D3136",
                     "The date/time picture string is missing specifiers required to parse the "
                     "timestamp"};
      }
    }
  }
  auto get = [&components](char16_t c) {
    auto it = components.find(c);
    return it == components.end() || !it->second ? kNaN : *it->second;
  };
  double month = get(u'M') > 0 ? get(u'M') - 1 : 0;
  double date = get(u'D');
  if (date_b) {
    double first_jan = DateUtc(get(u'Y'), 0);
    DateFields derived = UtcFields(TimeClip(first_jan + (get(u'd') - 1) * kMsPerDay));
    month = derived.month;
    date = derived.date;
  }
  if (date_c || date_d) {
    return Error{"D3136",
                 "The date/time picture string is missing specifiers required to parse the "
                 "timestamp"};
  }
  double hours = get(u'H');
  if (time_b) {
    hours = get(u'h') == 12 ? 0 : get(u'h');
    if (get(u'P') == 1) hours += 12;
  }
  double millis = DateUtc(get(u'Y'), month, date, hours, get(u'm'), get(u's'), get(u'f'));
  double offset = Truthy(components, u'Z') ? get(u'Z') : get(u'z');
  if (Truthy(components, u'Z') || Truthy(components, u'z')) millis -= offset * 60 * 1000;
  return std::optional<double>(millis);
}

// ---------------------------------------------------------------------------
// $toMillis without a picture: 2.0.6's ISO 8601 pattern, then V8's
// Date.parse (its ES5 ISO parser, falling back to its legacy parser for what
// the pattern admits beyond ISO, e.g. "2018.5" is 1 May 2018).

// /^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$/
bool MatchesIsoPattern(std::string_view s) {
  auto digit = [s](size_t i, char lo = '0', char hi = '9') {
    return i < s.size() && s[i] >= lo && s[i] <= hi;
  };
  auto zone_then_end = [&](size_t p) {
    if (p == s.size()) return true;
    if (s[p] == 'Z') return p + 1 == s.size();
    if (s[p] != '+' && s[p] != '-') return false;
    if (!digit(p + 1, '0', '2') || !digit(p + 2)) return false;
    size_t q = p + 3;
    if (q < s.size() && s[q] == ':' && digit(q + 1, '0', '5') && digit(q + 2) &&
        q + 3 == s.size()) {
      return true;
    }
    return digit(q, '0', '5') && digit(q + 1) && q + 2 == s.size();
  };
  auto fraction_then_rest = [&](size_t p) {
    if (zone_then_end(p)) return true;
    if (p < s.size() && s[p] == '.') {
      for (size_t q = p + 1; digit(q); ++q) {
        if (zone_then_end(q + 1)) return true;
      }
    }
    return false;
  };
  auto times_then_rest = [&](size_t p) {
    while (true) {
      if (fraction_then_rest(p)) return true;
      if (p < s.size() && s[p] == 'T' && digit(p + 1, '0', '2') && digit(p + 2) &&
          p + 3 < s.size() && s[p + 3] == ':' && digit(p + 4, '0', '5') && digit(p + 5) &&
          p + 6 < s.size() && s[p + 6] == ':' && digit(p + 7, '0', '5') && digit(p + 8)) {
        p += 9;
      } else {
        return false;
      }
    }
  };
  if (!digit(0) || !digit(1) || !digit(2) || !digit(3)) return false;
  // (-[01]\d)*(-[0-3]\d)* admits exactly the runs of (-[0-3]\d).
  size_t p = 4;
  while (true) {
    if (times_then_rest(p)) return true;
    if (p < s.size() && s[p] == '-' && digit(p + 1, '0', '3') && digit(p + 2)) {
      p += 3;
    } else {
      return false;
    }
  }
}

// The default picture for a valid time in years 0-9999 and UTC, written
// directly: what [Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]
// gives for it, without interpreting the picture ($now() is mostly this).
std::string Iso8601Text(const DateFields& f) {
  char buf[96];  // room for any int, as the compiler counts
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", static_cast<int>(f.year),
                static_cast<int>(f.month) + 1, static_cast<int>(f.date), static_cast<int>(f.hours),
                static_cast<int>(f.minutes), static_cast<int>(f.seconds),
                static_cast<int>(f.millis));
  return buf;
}

}  // namespace

Expected<std::string> FromMillis(double millis, std::optional<std::string_view> picture,
                                 std::optional<std::string_view> timezone) {
  double offset_hours = 0;
  double offset_minutes = 0;
  if (timezone) {
    // jsonata-js assumes ±HHMM and splits the integer it reads.
    double offset = JsParseInt(*timezone);
    offset_hours = std::floor(offset / 100);
    offset_minutes = std::fmod(offset, 100);
  }
  DatePicture analysed;
  const DatePicture* spec = &Iso8601DatePicture();
  if (picture) {
    Expected<DatePicture> parsed = AnalyseDatePicture(ToUtf16(*picture));
    if (!parsed.ok()) return parsed.error();
    analysed = std::move(parsed).value();
    spec = &analysed;
  }
  double offset_millis = (60 * offset_hours + offset_minutes) * 60 * 1000;
  double t = TimeClip(millis + offset_millis);
  DateFields fields = UtcFields(t);
  if (!picture && !timezone && !std::isnan(t) && fields.year >= 0 && fields.year <= 9999) {
    return Iso8601Text(fields);
  }
  U16 result;
  for (const DatePicturePart& part : *spec) {
    if (part.literal) {
      result += part.value;
      continue;
    }
    Expected<U16> text = FormatComponent(t, fields, part.marker, offset_hours, offset_minutes);
    if (!text.ok()) return text.error();
    result += text.value();
  }
  return ToUtf8(result);
}

Expected<std::optional<double>> ToMillis(std::string_view timestamp,
                                         std::optional<std::string_view> picture,
                                         double now_millis) {
  if (picture) return ParseDateTime(ToUtf16(timestamp), ToUtf16(*picture), now_millis);
  if (!MatchesIsoPattern(timestamp)) {
    return Error{"D3110",
                 "The argument of the toMillis function must be an ISO 8601 formatted timestamp. "
                 "Given " +
                     JsonQuote(timestamp),
                 std::nullopt, std::nullopt, Json(std::string(timestamp))};
  }
  return std::optional<double>(V8DateParse(timestamp));
}

}  // namespace sfn::jsonata
