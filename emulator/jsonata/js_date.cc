#include "emulator/jsonata/js_date.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace sfn::jsonata {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  int64_t month;  // 1-12
  int64_t day;    // 1-31
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2 ? 1 : 0), m, d};
}

// V8's DateParser (src/date/dateparser-inl.h: ParseES5DateTime, then the
// legacy loop of DateParser::Parse, and the Day/Time/TimeZone composers),
// for the characters 2.0.6's $toMillis pattern admits: digits - + : . T Z.
class V8DateParser {
 public:
  explicit V8DateParser(std::string_view s) : s_(s) { next_ = Scan(); }

  double Parse() {
    Token token = ParseEs5();
    if (token.kind == Token::kInvalid) return kNaN;
    bool has_read_number = day_index_ > 0;
    for (; token.kind != Token::kEnd; token = Next()) {
      if (token.kind == Token::kNumber) {
        has_read_number = true;
        int n = token.value;
        if (SkipSymbol(':')) {
          if (SkipSymbol(':')) {
            if (time_index_ != 0) return kNaN;
            TimeAdd(n);
            TimeAdd(0);
          } else {
            if (!TimeAdd(n)) return kNaN;
            if (Peek().IsSymbol('.')) Next();
          }
        } else if (SkipSymbol('.') && TimeExpecting(n)) {
          TimeAdd(n);
          if (Peek().kind != Token::kNumber) return kNaN;
          int ms = ReadMilliseconds(Next());
          if (ms < 0) return kNaN;
          TimeAddFinal(ms);
        } else if (TzExpecting(n)) {
          tz_minute_ = n;
        } else if (TimeExpecting(n)) {
          TimeAddFinal(n);
          Token peek = Peek();
          if (peek.kind != Token::kEnd && !peek.IsKeywordZ() && !peek.IsSign()) return kNaN;
        } else {
          if (!DayAdd(n)) return kNaN;
          SkipSymbol('-');
        }
      } else if (token.kind == Token::kKeyword) {
        if (token.IsKeywordZ() && has_read_number) {
          TzSet(0);
        } else {
          // Garbage words (here: a 'T' past the ISO form) after a number.
          if (has_read_number) return kNaN;
          if (Peek().kind == Token::kNumber) return kNaN;
        }
      } else if (token.IsSign() && (TzIsUtc() || time_index_ != 0)) {
        tz_sign_ = token.symbol == '+' ? 1 : -1;
        int n = 0;
        int length = 0;
        if (Peek().kind == Token::kNumber) {
          Token number = Next();
          length = number.length;
          n = number.value;
        }
        has_read_number = true;
        if (Peek().IsSymbol(':')) {
          tz_hour_ = n;
          tz_minute_ = kNone;
        } else if (length == 2 || length == 1) {
          tz_hour_ = n;
          tz_minute_ = 0;
        } else if (length == 4 || length == 3) {
          tz_hour_ = n / 100;
          tz_minute_ = n % 100;
        } else {
          return kNaN;
        }
      } else if ((token.IsSign() || token.IsSymbol(')')) && has_read_number) {
        return kNaN;
      }
    }
    return Write();
  }

 private:
  static constexpr int kNone = std::numeric_limits<int>::max();
  static constexpr int kMaxSignificantDigits = 9;

  struct Token {
    enum Kind { kNumber, kSymbol, kKeyword, kEnd, kInvalid, kUnknown } kind = kUnknown;
    int value = 0;   // number value, or 1 for 'T' / 0 for 'Z'
    int length = 0;  // characters
    char symbol = 0;

    bool IsSymbol(char c) const { return kind == kSymbol && symbol == c; }
    bool IsSign() const { return IsSymbol('+') || IsSymbol('-'); }
    bool IsFixedLengthNumber(int n) const { return kind == kNumber && length == n; }
    bool IsKeywordZ() const { return kind == kKeyword && symbol == 'z' && length == 1; }
    bool IsTimeSeparator() const { return kind == kKeyword && symbol == 't' && length == 1; }
  };

  Token Scan() {
    Token t;
    if (pos_ >= s_.size()) {
      t.kind = Token::kEnd;
      return t;
    }
    char c = s_[pos_];
    if (c >= '0' && c <= '9') {
      size_t start = pos_;
      while (pos_ < s_.size() && s_[pos_] == '0') ++pos_;
      int n = 0;
      int i = 0;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
        if (i < kMaxSignificantDigits) n = n * 10 + (s_[pos_] - '0');
        ++i;
        ++pos_;
      }
      t.kind = Token::kNumber;
      t.value = n;
      t.length = static_cast<int>(pos_ - start);
      return t;
    }
    if (c == ':' || c == '-' || c == '+' || c == '.' || c == ')') {
      ++pos_;
      t.kind = Token::kSymbol;
      t.symbol = c;
      return t;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      size_t start = pos_;
      while (pos_ < s_.size() &&
             ((s_[pos_] >= 'a' && s_[pos_] <= 'z') || (s_[pos_] >= 'A' && s_[pos_] <= 'Z'))) {
        ++pos_;
      }
      t.kind = Token::kKeyword;
      t.symbol = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      t.length = static_cast<int>(pos_ - start);
      return t;
    }
    ++pos_;
    return t;  // unknown
  }

  Token Next() {
    Token t = next_;
    next_ = Scan();
    return t;
  }
  const Token& Peek() const { return next_; }
  bool SkipSymbol(char c) {
    if (!next_.IsSymbol(c)) return false;
    Next();
    return true;
  }

  static bool Between(int x, int lo, int hi) { return x >= lo && x <= hi; }
  static bool IsMonth(int x) { return Between(x, 1, 12); }
  static bool IsDay(int x) { return Between(x, 1, 31); }
  static bool IsHour(int x) { return Between(x, 0, 23); }
  static bool IsMinute(int x) { return Between(x, 0, 59); }
  static bool IsSecond(int x) { return Between(x, 0, 59); }
  static bool IsMillisecond(int x) { return Between(x, 0, 999); }

  static int ReadMilliseconds(const Token& number) {
    int n = number.value;
    int length = number.length;
    if (length == 1) {
      n *= 100;
    } else if (length == 2) {
      n *= 10;
    } else if (length > 3) {
      if (length > kMaxSignificantDigits) length = kMaxSignificantDigits;
      int factor = 1;
      do {
        factor *= 10;
        --length;
      } while (length > 3);
      n /= factor;
    }
    return n;
  }

  bool DayAdd(int n) {
    if (day_index_ >= 3) return false;
    day_[day_index_++] = n;
    return true;
  }
  bool TimeAdd(int n) {
    if (time_index_ >= 4) return false;
    time_[time_index_++] = n;
    return true;
  }
  bool TimeAddFinal(int n) {
    if (!TimeAdd(n)) return false;
    while (time_index_ < 4) time_[time_index_++] = 0;
    return true;
  }
  bool TimeExpecting(int n) const {
    return (time_index_ == 1 && IsMinute(n)) || (time_index_ == 2 && IsSecond(n)) ||
           (time_index_ == 3 && IsMillisecond(n));
  }
  void TzSet(int offset) {
    tz_sign_ = offset < 0 ? -1 : 1;
    tz_hour_ = std::abs(offset) / 60;
    tz_minute_ = std::abs(offset) % 60;
  }
  bool TzIsUtc() const { return tz_hour_ == 0 && tz_minute_ == 0; }
  bool TzExpecting(int n) const { return tz_hour_ != kNone && tz_minute_ == kNone && IsMinute(n); }

  // ParseES5DateTime: [yyyy[-MM[-DD]]][THH:mm[:ss[.sss]][Z|(+|-)hh:mm|(+|-)hhmm]].
  Token ParseEs5() {
    if (Peek().IsFixedLengthNumber(4)) {
      DayAdd(Next().value);
    } else {
      return Next();
    }
    if (SkipSymbol('-')) {
      if (!Peek().IsFixedLengthNumber(2) || !IsMonth(Peek().value)) return Next();
      DayAdd(Next().value);
      if (SkipSymbol('-')) {
        if (!Peek().IsFixedLengthNumber(2) || !IsDay(Peek().value)) return Next();
        DayAdd(Next().value);
      }
    }
    Token invalid;
    invalid.kind = Token::kInvalid;
    if (!Peek().IsTimeSeparator()) {
      if (Peek().kind != Token::kEnd) return Next();
    } else {
      Next();
      if (!Peek().IsFixedLengthNumber(2) || !Between(Peek().value, 0, 24)) return invalid;
      bool hour_is_24 = Peek().value == 24;
      TimeAdd(Next().value);
      if (!SkipSymbol(':')) return invalid;
      if (!Peek().IsFixedLengthNumber(2) || !IsMinute(Peek().value) ||
          (hour_is_24 && Peek().value > 0)) {
        return invalid;
      }
      TimeAdd(Next().value);
      if (SkipSymbol(':')) {
        if (!Peek().IsFixedLengthNumber(2) || !IsSecond(Peek().value) ||
            (hour_is_24 && Peek().value > 0)) {
          return invalid;
        }
        TimeAdd(Next().value);
        if (SkipSymbol('.')) {
          if (Peek().kind != Token::kNumber || (hour_is_24 && Peek().value > 0)) return invalid;
          TimeAdd(ReadMilliseconds(Next()));
        }
      }
      if (Peek().IsKeywordZ()) {
        Next();
        TzSet(0);
      } else if (Peek().IsSign()) {
        tz_sign_ = Next().symbol == '+' ? 1 : -1;
        if (Peek().IsFixedLengthNumber(4)) {
          int hourmin = Next().value;
          int hour = hourmin / 100;
          int min = hourmin % 100;
          if (!IsHour(hour) || !IsMinute(min)) return invalid;
          tz_hour_ = hour;
          tz_minute_ = min;
        } else {
          if (!Peek().IsFixedLengthNumber(2) || !IsHour(Peek().value)) return invalid;
          tz_hour_ = Next().value;
          if (!SkipSymbol(':')) return invalid;
          if (!Peek().IsFixedLengthNumber(2) || !IsMinute(Peek().value)) return invalid;
          tz_minute_ = Next().value;
        }
      }
      if (Peek().kind != Token::kEnd) return invalid;
    }
    if (tz_sign_ == kNone && time_index_ == 0) TzSet(0);
    iso_date_ = true;
    Token end;
    end.kind = Token::kEnd;
    return end;
  }

  double Write() {
    // DayComposer::Write
    if (day_index_ < 1) return kNaN;
    while (day_index_ < 3) day_[day_index_++] = 1;
    int year = 0;
    int month = 0;
    int day = 0;
    if (iso_date_ || !IsDay(day_[0])) {
      year = day_[0];
      month = day_[1];
      day = day_[2];
    } else {
      month = day_[0];
      day = day_[1];
      year = day_[2];
    }
    if (!iso_date_) {
      if (Between(year, 0, 49)) {
        year += 2000;
      } else if (Between(year, 50, 99)) {
        year += 1900;
      }
    }
    if (!IsMonth(month) || !IsDay(day)) return kNaN;
    // TimeComposer::Write
    while (time_index_ < 4) time_[time_index_++] = 0;
    int hour = time_[0];
    int minute = time_[1];
    int second = time_[2];
    int millisecond = time_[3];
    if (!IsHour(hour) || !IsMinute(minute) || !IsSecond(second) || !IsMillisecond(millisecond)) {
      if (hour != 24 || minute != 0 || second != 0 || millisecond != 0) return kNaN;
    }
    // TimeZoneComposer::Write; no zone means local time, which is UTC here.
    double offset_seconds = 0;
    if (tz_sign_ != kNone) {
      int h = tz_hour_ == kNone ? 0 : tz_hour_;
      int m = tz_minute_ == kNone ? 0 : tz_minute_;
      offset_seconds = tz_sign_ * (h * 3600.0 + m * 60.0);
    }
    double date =
        MakeDate(MakeDay(year, month - 1, day), MakeTime(hour, minute, second, millisecond));
    date -= offset_seconds * 1000;
    if (std::abs(date) > 8.64e15) return kNaN;
    return TimeClip(date);
  }

  std::string_view s_;
  size_t pos_ = 0;
  Token next_;
  int day_[3] = {0, 0, 0};
  int day_index_ = 0;
  bool iso_date_ = false;
  int time_[4] = {0, 0, 0, 0};
  int time_index_ = 0;
  int tz_sign_ = kNone;
  int tz_hour_ = kNone;
  int tz_minute_ = kNone;
};

}  // namespace

// V8's MakeDay: years beyond ±1,000,000 and months beyond ±10,000,000 are
// NaN.
double MakeDay(double year, double month, double date) {
  if (!std::isfinite(year) || !std::isfinite(month) || !std::isfinite(date)) return kNaN;
  year = std::trunc(year);
  month = std::trunc(month);
  if (year < -1e6 || year > 1e6 || month < -1e7 || month > 1e7) return kNaN;
  auto y = static_cast<int64_t>(year);
  auto m = static_cast<int64_t>(month);
  y += m / 12;
  m %= 12;
  if (m < 0) {
    m += 12;
    y -= 1;
  }
  return static_cast<double>(DaysFromCivil(y, m + 1, 1)) - 1 + std::trunc(date);
}

double MakeTime(double h, double m, double s, double ms) {
  if (!std::isfinite(h) || !std::isfinite(m) || !std::isfinite(s) || !std::isfinite(ms)) {
    return kNaN;
  }
  return std::trunc(h) * 3600000 + std::trunc(m) * 60000 + std::trunc(s) * 1000 + std::trunc(ms);
}

double MakeDate(double day, double time) {
  if (!std::isfinite(day) || !std::isfinite(time)) return kNaN;
  return time + day * kMsPerDay;
}

double TimeClip(double t) {
  if (!std::isfinite(t) || std::abs(t) > 8.64e15) return kNaN;
  return std::trunc(t) + 0.0;
}

// Date.UTC(year, month [, date [, hours [, minutes [, seconds [, ms]]]]]).
double DateUtc(double year, double month, double date, double h, double m, double s, double ms) {
  if (!std::isnan(year)) {
    double yi = std::trunc(year);
    if (yi >= 0 && yi <= 99) year = 1900 + yi;
  }
  return TimeClip(MakeDate(MakeDay(year, month, date), MakeTime(h, m, s, ms)));
}

DateFields UtcFields(double t) {
  DateFields f{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
  if (std::isnan(t)) return f;
  double day = std::floor(t / kMsPerDay);
  double in_day = t - day * kMsPerDay;
  Civil c = CivilFromDays(static_cast<int64_t>(day));
  f.year = static_cast<double>(c.year);
  f.month = static_cast<double>(c.month - 1);
  f.date = static_cast<double>(c.day);
  f.hours = std::floor(in_day / 3600000);
  f.minutes = std::fmod(std::floor(in_day / 60000), 60);
  f.seconds = std::fmod(std::floor(in_day / 1000), 60);
  f.millis = std::fmod(in_day, 1000);
  double wd = std::fmod(day + 4, 7);
  f.weekday = wd < 0 ? wd + 7 : wd;
  return f;
}

double V8DateParse(std::string_view text) { return V8DateParser(text).Parse(); }

}  // namespace sfn::jsonata
