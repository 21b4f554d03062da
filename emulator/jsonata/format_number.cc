#include "emulator/jsonata/format_number.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/jsonata/integer_picture.h"
#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/utf16.h"

namespace sfn::jsonata {
namespace {

using U16 = std::u16string;
using U16View = std::u16string_view;

// The decimal format properties of F&O 3.1 §4.7.1 with jsonata-js's
// defaults; "infinity" and "NaN" are accepted but, as in 2.0.6, unused.
struct DecimalFormat {
  U16 decimal_separator = u".";
  U16 grouping_separator = u",";
  U16 exponent_separator = u"e";
  U16 minus_sign = u"-";
  U16 percent = u"%";
  U16 per_mille = u"\u2030";
  U16 zero_digit = u"0";
  U16 digit = u"#";
  U16 pattern_separator = u";";
};

void ApplyOptions(const Json& options, DecimalFormat* f) {
  if (!options.is_object()) return;
  std::pair<const char*, U16*> fields[] = {{"decimal-separator", &f->decimal_separator},
                                           {"grouping-separator", &f->grouping_separator},
                                           {"exponent-separator", &f->exponent_separator},
                                           {"minus-sign", &f->minus_sign},
                                           {"percent", &f->percent},
                                           {"per-mille", &f->per_mille},
                                           {"zero-digit", &f->zero_digit},
                                           {"digit", &f->digit},
                                           {"pattern-separator", &f->pattern_separator}};
  for (const auto& [key, field] : fields) {
    auto it = options.find(key);
    if (it == options.end()) continue;
    *field = ToUtf16(it->is_string() ? it->get<std::string>()
                                     : it->dump(-1, ' ', false, Json::error_handler_t::replace));
  }
}

// splitParts' result for one sub-picture.
struct SubPicture {
  U16 prefix;
  U16 suffix;
  U16 active_part;
  U16 mantissa_part;
  std::optional<U16> exponent_part;
  U16 integer_part;
  U16 fractional_part;
  U16 subpicture;
};

// analyse's result for one sub-picture.
struct PictureVariables {
  std::vector<double> integer_grouping_positions;
  double regular_grouping = 0;
  double minimum_integer_size = 0;
  double scaling_factor = 0;
  U16 prefix;
  std::vector<double> fractional_grouping_positions;
  double minimum_fractional_size = 0;
  double maximum_fractional_size = 0;
  double minimum_exponent_size = 0;
  U16 suffix;
  U16 picture;
};

Error PictureError(const char* code) {
  static constexpr std::pair<std::string_view, std::string_view> kMessages[] = {
      {"D3080", "The picture string must only contain a maximum of two sub-pictures"},
      {"D3081",
       "The sub-picture must not contain more than one instance of the 'decimal-separator' "
       "character"},
      {"D3082",
       "The sub-picture must not contain more than one instance of the 'percent' character"},
      {"D3083",
       "The sub-picture must not contain more than one instance of the 'per-mille' character"},
      {"D3084", "The sub-picture must not contain both a 'percent' and a 'per-mille' character"},
      {"D3085",
       "The mantissa part of a sub-picture must contain at least one character that is either an "
       "'optional digit character' or a member of the 'decimal digit family'"},
      {"D3086",
       "The sub-picture must not contain a passive character that is preceded by an active "
       "character and that is followed by another active character"},
      {"D3087",
       "The sub-picture must not contain a 'grouping-separator' character that appears adjacent "
       "to a 'decimal-separator' character"},
      {"D3088",
       "The sub-picture must not contain a 'grouping-separator' at the end of the integer part"},
      {"D3089",
       "The sub-picture must not contain two adjacent instances of the 'grouping-separator' "
       "character"},
      {"D3090",
       "The integer part of the sub-picture must not contain a member of the 'decimal digit "
       "family' that is followed by an instance of the 'optional digit character'"},
      {"D3091",
       "The fractional part of the sub-picture must not contain an instance of the 'optional "
       "digit character' that is followed by a member of the 'decimal digit family'"},
      {"D3092",
       "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a "
       "character treated as an 'exponent-separator'"},
      {"D3093",
       "The exponent part of the sub-picture must comprise only of one or more characters that "
       "are members of the 'decimal digit family'"},
  };
  for (const auto& [c, message] : kMessages) {
    if (c == code) return Error{std::string(c), std::string(message)};
  }
  return Error{code, ""};
}

U16 Repeat(U16View s, double n) {
  U16 out;
  for (double i = 0; i < n; ++i) out += s;
  return out;
}

// fn:format-number as jsonata-js 2.0.6's formatNumber writes it; the code
// follows its steps and names so the two can be read side by side.
class NumberFormatter {
 public:
  explicit NumberFormatter(DecimalFormat f) : f_(std::move(f)) {
    if (!f_.zero_digit.empty()) {
      for (int i = 0; i < 10; ++i) {
        family_.emplace_back(1, static_cast<char16_t>(f_.zero_digit[0] + i));
      }
    }
    active_chars_ = family_;
    for (const U16* c : {&f_.decimal_separator, &f_.exponent_separator, &f_.grouping_separator,
                         &f_.digit, &f_.pattern_separator}) {
      active_chars_.push_back(*c);
    }
  }

  Expected<std::string> Format(double value, U16View picture) {
    std::vector<U16> sub_pictures = JsSplit(picture, f_.pattern_separator);
    if (sub_pictures.size() > 2) return PictureError("D3080");
    std::vector<SubPicture> parts;
    for (const U16& sub : sub_pictures) {
      std::optional<SubPicture> part = SplitParts(sub);
      // 2.0.6 reads `prefix.length` of an undefined prefix (a sub-picture
      // with no active character); 2.2.2 reports D3086 instead.
      if (!part) return Error{"", "Cannot read properties of undefined (reading 'length')"};
      parts.push_back(std::move(*part));
    }
    for (const SubPicture& part : parts) {
      if (const char* code = Validate(part)) return PictureError(code);
    }
    std::vector<PictureVariables> variables;
    for (const SubPicture& part : parts) variables.push_back(Analyse(part));
    if (variables.size() == 1) {
      variables.push_back(variables[0]);
      variables[1].prefix = f_.minus_sign + variables[1].prefix;
    }
    const PictureVariables& pic = value >= 0 ? variables[0] : variables[1];
    double adjusted = value;
    if (JsIndexOf(pic.picture, f_.percent) != -1) {
      adjusted = value * 100;
    } else if (JsIndexOf(pic.picture, f_.per_mille) != -1) {
      adjusted = value * 1000;
    }
    double mantissa = adjusted;
    std::optional<double> exponent;
    if (pic.minimum_exponent_size != 0) {
      double max_mantissa = std::pow(10.0, pic.scaling_factor);
      double min_mantissa = std::pow(10.0, pic.scaling_factor - 1);
      exponent = 0;
      // 2.2.2's fix for 2.0.6's endless loops on zero and negative numbers
      // (jsonata-js issue 785); an infinite number would loop in both.
      if (mantissa != 0 && std::isfinite(mantissa)) {
        while (std::abs(mantissa) < min_mantissa) {
          mantissa *= 10;
          *exponent -= 1;
        }
        while (std::abs(mantissa) > max_mantissa) {
          mantissa /= 10;
          *exponent += 1;
        }
      }
    }
    double rounded = RoundHalfEven(mantissa, pic.maximum_fractional_size);
    Expected<U16> made = MakeString(rounded, pic.maximum_fractional_size);
    if (!made.ok()) return made.error();
    U16 s = std::move(made).value();
    std::ptrdiff_t decimal_pos = JsIndexOf(s, u".");
    if (decimal_pos == -1) {
      s += f_.decimal_separator;
    } else {
      s = s.substr(0, static_cast<size_t>(decimal_pos)) + f_.decimal_separator +
          s.substr(static_cast<size_t>(decimal_pos) + 1);
    }
    while (!s.empty() && JsCharAt(s, 0) == f_.zero_digit) s = JsSubstring(s, 1);
    while (!s.empty() && JsCharAt(s, Len(s) - 1) == f_.zero_digit) {
      s = JsSubstring(s, 0, Len(s) - 1);
    }
    decimal_pos = JsIndexOf(s, f_.decimal_separator);
    double pad_left = pic.minimum_integer_size - static_cast<double>(decimal_pos);
    double pad_right =
        pic.minimum_fractional_size - (static_cast<double>(Len(s) - decimal_pos) - 1);
    s = (pad_left > 0 ? Repeat(f_.zero_digit, pad_left) : U16()) + s;
    s += pad_right > 0 ? Repeat(f_.zero_digit, pad_right) : U16();
    decimal_pos = JsIndexOf(s, f_.decimal_separator);
    if (pic.regular_grouping > 0) {
      double group_count = std::floor(static_cast<double>(decimal_pos - 1) / pic.regular_grouping);
      for (double group = 1; group <= group_count; ++group) {
        auto at = static_cast<std::ptrdiff_t>(static_cast<double>(decimal_pos) -
                                              group * pic.regular_grouping);
        s = JsSlice(s, 0, at) + f_.grouping_separator + JsSlice(s, at);
      }
    } else {
      for (double pos : pic.integer_grouping_positions) {
        auto at = static_cast<std::ptrdiff_t>(static_cast<double>(decimal_pos) - pos);
        s = JsSlice(s, 0, at) + f_.grouping_separator + JsSlice(s, at);
        ++decimal_pos;
      }
    }
    decimal_pos = JsIndexOf(s, f_.decimal_separator);
    for (double pos : pic.fractional_grouping_positions) {
      auto at = static_cast<std::ptrdiff_t>(pos) + decimal_pos + 1;
      s = JsSlice(s, 0, at) + f_.grouping_separator + JsSlice(s, at);
    }
    decimal_pos = JsIndexOf(s, f_.decimal_separator);
    if (JsIndexOf(pic.picture, f_.decimal_separator) == -1 || decimal_pos == Len(s) - 1) {
      s = JsSubstring(s, 0, Len(s) - 1);
    }
    if (exponent) {
      Expected<U16> exp_text = MakeString(*exponent, 0);
      if (!exp_text.ok()) return exp_text.error();
      U16 string_exponent = std::move(exp_text).value();
      double pad = pic.minimum_exponent_size - static_cast<double>(string_exponent.size());
      if (pad > 0) string_exponent = Repeat(f_.zero_digit, pad) + string_exponent;
      s += f_.exponent_separator + (*exponent < 0 ? f_.minus_sign : U16()) + string_exponent;
    }
    return ToUtf8(pic.prefix + s + pic.suffix);
  }

 private:
  static std::ptrdiff_t Len(U16View s) { return static_cast<std::ptrdiff_t>(s.size()); }

  bool IsActive(const U16& ch) const {
    return std::find(active_chars_.begin(), active_chars_.end(), ch) != active_chars_.end();
  }
  bool InFamily(const U16& ch) const {
    return std::find(family_.begin(), family_.end(), ch) != family_.end();
  }
  // How many code units of `s` are family digits (or the digit sign too).
  double CountDigits(U16View s, bool with_optional) const {
    double n = 0;
    for (char16_t c : s) {
      U16 ch(1, c);
      if (InFamily(ch) || (with_optional && ch == f_.digit)) ++n;
    }
    return n;
  }

  std::optional<SubPicture> SplitParts(const U16& subpicture) const {
    std::optional<U16> prefix;
    for (std::ptrdiff_t ii = 0; ii < Len(subpicture); ++ii) {
      U16 ch = JsCharAt(subpicture, ii);
      if (IsActive(ch) && ch != f_.exponent_separator) {
        prefix = JsSubstring(subpicture, 0, ii);
        break;
      }
    }
    std::optional<U16> suffix;
    for (std::ptrdiff_t ii = Len(subpicture) - 1; ii >= 0; --ii) {
      U16 ch = JsCharAt(subpicture, ii);
      if (IsActive(ch) && ch != f_.exponent_separator) {
        suffix = JsSubstring(subpicture, ii + 1);
        break;
      }
    }
    if (!prefix || !suffix) return std::nullopt;
    SubPicture p;
    p.prefix = *prefix;
    p.suffix = *suffix;
    p.subpicture = subpicture;
    p.active_part = JsSubstring(subpicture, Len(p.prefix), Len(subpicture) - Len(p.suffix));
    std::ptrdiff_t exponent_position = JsIndexOf(subpicture, f_.exponent_separator, Len(p.prefix));
    if (exponent_position == -1 || exponent_position > Len(subpicture) - Len(p.suffix)) {
      p.mantissa_part = p.active_part;
    } else {
      // jsonata-js applies the sub-picture's index to the active part.
      p.mantissa_part = JsSubstring(p.active_part, 0, exponent_position);
      p.exponent_part = JsSubstring(p.active_part, exponent_position + 1);
    }
    std::ptrdiff_t decimal_position = JsIndexOf(p.mantissa_part, f_.decimal_separator);
    if (decimal_position == -1) {
      p.integer_part = p.mantissa_part;
      p.fractional_part = p.suffix;  // sic
    } else {
      p.integer_part = JsSubstring(p.mantissa_part, 0, decimal_position);
      p.fractional_part = JsSubstring(p.mantissa_part, decimal_position + 1);
    }
    return p;
  }

  // F&O 4.7.3; like jsonata-js, the last rule broken wins.
  const char* Validate(const SubPicture& parts) const {
    const char* error = nullptr;
    const U16& sub = parts.subpicture;
    std::ptrdiff_t decimal_pos = JsIndexOf(sub, f_.decimal_separator);
    if (decimal_pos != JsLastIndexOf(sub, f_.decimal_separator)) error = "D3081";
    if (JsIndexOf(sub, f_.percent) != JsLastIndexOf(sub, f_.percent)) error = "D3082";
    if (JsIndexOf(sub, f_.per_mille) != JsLastIndexOf(sub, f_.per_mille)) error = "D3083";
    if (JsIndexOf(sub, f_.percent) != -1 && JsIndexOf(sub, f_.per_mille) != -1) error = "D3084";
    bool valid = false;
    for (char16_t c : parts.mantissa_part) {
      U16 ch(1, c);
      if (InFamily(ch) || ch == f_.digit) {
        valid = true;
        break;
      }
    }
    if (!valid) error = "D3085";
    for (char16_t c : parts.active_part) {
      if (!IsActive(U16(1, c))) error = "D3086";
    }
    if (decimal_pos != -1) {
      if (JsCharAt(sub, decimal_pos - 1) == f_.grouping_separator ||
          JsCharAt(sub, decimal_pos + 1) == f_.grouping_separator) {
        error = "D3087";
      }
    } else if (JsCharAt(parts.integer_part, Len(parts.integer_part) - 1) == f_.grouping_separator) {
      error = "D3088";
    }
    if (JsIndexOf(sub, f_.grouping_separator + f_.grouping_separator) != -1) error = "D3089";
    std::ptrdiff_t optional_pos = JsIndexOf(parts.integer_part, f_.digit);
    if (optional_pos != -1 &&
        CountDigits(JsSubstring(parts.integer_part, 0, optional_pos), false) > 0) {
      error = "D3090";
    }
    optional_pos = JsLastIndexOf(parts.fractional_part, f_.digit);
    if (optional_pos != -1 &&
        CountDigits(JsSubstring(parts.fractional_part, optional_pos), false) > 0) {
      error = "D3091";
    }
    bool exponent_exists = parts.exponent_part.has_value();
    if (exponent_exists && !parts.exponent_part->empty() &&
        (JsIndexOf(sub, f_.percent) != -1 || JsIndexOf(sub, f_.per_mille) != -1)) {
      error = "D3092";
    }
    if (exponent_exists &&
        (parts.exponent_part->empty() || CountDigits(*parts.exponent_part, false) !=
                                             static_cast<double>(Len(*parts.exponent_part)))) {
      error = "D3093";
    }
    return error;
  }

  std::vector<double> GroupingPositions(const SubPicture& parts, const U16& part,
                                        bool to_left) const {
    std::vector<double> positions;
    std::ptrdiff_t position = JsIndexOf(part, f_.grouping_separator);
    while (position != -1) {
      U16 side = to_left ? JsSubstring(part, 0, position) : JsSubstring(part, position);
      positions.push_back(CountDigits(side, true));
      // jsonata-js looks for the next one in the integer part, whichever part
      // it is reading.
      std::ptrdiff_t next = JsIndexOf(parts.integer_part, f_.grouping_separator, position + 1);
      if (next != -1 && next <= position) break;  // an empty separator would loop forever
      position = next;
    }
    return positions;
  }

  // F&O 4.7.4.
  PictureVariables Analyse(const SubPicture& parts) const {
    PictureVariables v;
    v.integer_grouping_positions = GroupingPositions(parts, parts.integer_part, false);
    const std::vector<double>& indexes = v.integer_grouping_positions;
    if (!indexes.empty()) {
      auto gcd = [](double a, double b) {
        while (b != 0) a = std::fmod(a, b), std::swap(a, b);
        return a;
      };
      double factor = indexes[0];
      for (size_t i = 1; i < indexes.size(); ++i) factor = gcd(factor, indexes[i]);
      v.regular_grouping = factor;
      for (size_t index = 1; index <= indexes.size(); ++index) {
        if (std::find(indexes.begin(), indexes.end(), static_cast<double>(index) * factor) ==
            indexes.end()) {
          v.regular_grouping = 0;
          break;
        }
      }
    }
    v.fractional_grouping_positions = GroupingPositions(parts, parts.fractional_part, true);
    v.minimum_integer_size = CountDigits(parts.integer_part, false);
    v.scaling_factor = v.minimum_integer_size;
    v.minimum_fractional_size = CountDigits(parts.fractional_part, false);
    v.maximum_fractional_size = CountDigits(parts.fractional_part, true);
    bool exponent_present = parts.exponent_part.has_value();
    if (v.minimum_integer_size == 0 && v.maximum_fractional_size == 0) {
      if (exponent_present) {
        v.minimum_fractional_size = 1;
        v.maximum_fractional_size = 1;
      } else {
        v.minimum_integer_size = 1;
      }
    }
    if (exponent_present && v.minimum_integer_size == 0 &&
        JsIndexOf(parts.integer_part, f_.digit) != -1) {
      v.minimum_integer_size = 1;
    }
    if (v.minimum_integer_size == 0 && v.minimum_fractional_size == 0) {
      v.minimum_fractional_size = 1;
    }
    if (exponent_present) v.minimum_exponent_size = CountDigits(*parts.exponent_part, false);
    v.prefix = parts.prefix;
    v.suffix = parts.suffix;
    v.picture = parts.subpicture;
    return v;
  }

  // Math.abs(value).toFixed(dp) in the zero digit's family.
  Expected<U16> MakeString(double value, double dp) const {
    if (dp < 0 || dp > 100) {
      return Error{"", "toFixed() digits argument must be between 0 and 100"};
    }
    U16 s = ToUtf16(NumberToFixed(std::abs(value), static_cast<int>(dp)));
    if (f_.zero_digit != u"0") {
      U16 mapped;
      for (char16_t c : s) {
        if (c >= u'0' && c <= u'9') {
          size_t d = static_cast<size_t>(c - u'0');
          if (d < family_.size()) mapped += family_[d];
        } else {
          mapped += c;
        }
      }
      s = std::move(mapped);
    }
    return s;
  }

  DecimalFormat f_;
  std::vector<U16> family_;
  std::vector<U16> active_chars_;
};

// V8's DoubleToRadixCString for an integral value: digits the double cannot
// represent (below its last significant bit) are written as zeros.
std::string IntegerToRadix(double value, int radix) {
  static constexpr char kChars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  bool negative = value < 0;
  double integer = std::floor(std::abs(value));
  std::string digits;
  constexpr double kTwo53 = 9007199254740992.0;
  while (integer / radix >= kTwo53) {
    integer /= radix;
    digits.push_back('0');
  }
  do {
    double remainder = std::fmod(integer, radix);
    digits.push_back(kChars[static_cast<int>(remainder)]);
    integer = (integer - remainder) / radix;
  } while (integer > 0);
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace

Expected<std::string> FormatNumber(double value, std::string_view picture, const Json* options) {
  DecimalFormat format;
  if (options != nullptr) ApplyOptions(*options, &format);
  return NumberFormatter(std::move(format)).Format(value, ToUtf16(picture));
}

Expected<std::string> FormatBase(double value, std::optional<double> radix) {
  value = RoundHalfEven(value);
  double r = radix ? RoundHalfEven(*radix) : 10;
  if (r < 2 || r > 36) {
    return Error{"D3100",
                 "The radix of the formatBase function must be between 2 and 36.  It was given " +
                     NumberToString(r),
                 std::nullopt, std::nullopt, Json(r)};
  }
  if (std::isnan(r)) return Error{"", "toString() radix argument must be between 2 and 36"};
  if (r == 10) return NumberToString(value);
  return IntegerToRadix(value, static_cast<int>(r));
}

Expected<std::string> FormatInteger(double value, std::string_view picture) {
  Expected<IntegerPicture> format = AnalyseIntegerPicture(ToUtf16(picture));
  if (!format.ok()) return format.error();
  Expected<std::u16string> text = FormatIntegerWith(std::floor(value), format.value());
  if (!text.ok()) return text.error();
  return ToUtf8(text.value());
}

Expected<double> ParseInteger(std::string_view text, std::string_view picture) {
  Expected<IntegerPicture> format = AnalyseIntegerPicture(ToUtf16(picture));
  if (!format.ok()) return format.error();
  return ParseIntegerWith(ToUtf16(text), format.value());
}

}  // namespace sfn::jsonata
