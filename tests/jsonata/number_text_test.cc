// Numbers as text: JavaScript's Number::toString / toPrecision / toFixed, and
// jsonata-js 2.0.6's $string(number), $number(string) and $round. The
// "suite" tables hold every case of the JSONata test suite
// (../shared/jsonata-suite) in the function-string and function-number groups
// that reduces to these functions with literal arguments; the others are
// JavaScript's own results, checked against node.
#include "emulator/jsonata/number_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "tests/jsonata/expected_text.h"

namespace sfn::jsonata {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct ToStringCase {
  double value;
  const char* expect;
};

TEST(NumberTextTest, NumberToStringIsJavaScriptToString) {
  const ToStringCase cases[] = {
      {0, "0"},
      {-0.0, "0"},
      {1, "1"},
      {-1, "-1"},
      {0.1, "0.1"},
      {0.1 + 0.2, "0.30000000000000004"},
      {4.35, "4.35"},
      {1e20, "100000000000000000000"},
      {1e21, "1e+21"},
      {123456789012345680000.0, "123456789012345680000"},
      {1e-6, "0.000001"},
      {0.000123, "0.000123"},
      {1e-7, "1e-7"},
      {1.25e-7, "1.25e-7"},
      {1.5e300, "1.5e+300"},
      {-1.5e-300, "-1.5e-300"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {5890840712243076, "5890840712243076"},
      {kNaN, "NaN"},
      {kInf, "Infinity"},
      {-kInf, "-Infinity"},
  };
  for (const ToStringCase& c : cases) EXPECT_EQ(NumberToString(c.value), c.expect) << c.expect;
}

struct DigitsCase {
  double value;
  int digits;
  const char* expect;
};

TEST(NumberTextTest, ToPrecisionRoundsTheExactValueWithTiesAwayFromZero) {
  const DigitsCase cases[] = {
      {0.1, 17, "0.10000000000000001"},
      {123.456, 2, "1.2e+2"},
      {0.000001234, 2, "0.0000012"},
      {0.00001, 1, "0.00001"},
      {1e-7, 1, "1e-7"},
      {123456789012345.5, 15, "123456789012346"},
      {123456789012344.5, 15, "123456789012345"},  // a tie goes up, not to even
      {-2.5, 1, "-3"},
      {0, 3, "0.00"},
      {5e-324, 3, "4.94e-324"},  // subnormal: fewer digits than they print
      {999.99, 3, "1.00e+3"},
      {1.005, 3, "1.00"},  // 1.00499999999999989...
      {1e21, 3, "1.00e+21"},
      {kNaN, 5, "NaN"},
      {-kInf, 5, "-Infinity"},
  };
  for (const DigitsCase& c : cases) {
    EXPECT_EQ(NumberToPrecision(c.value, c.digits), c.expect) << c.value << " " << c.digits;
  }
}

TEST(NumberTextTest, ToFixedRoundsTheExactValueWithTiesAwayFromZero) {
  const DigitsCase cases[] = {
      {0.5, 0, "1"},      {2.5, 0, "3"},         {1.5, 0, "2"},
      {0.125, 2, "0.13"}, {-0.125, 2, "-0.13"},  {1.005, 2, "1.00"},
      {1.45, 1, "1.4"},   {0.05, 1, "0.1"},      {1e21, 2, "1e+21"},
      {-0.0, 2, "0.00"},  {-0.0001, 2, "-0.00"}, {123.456, 10, "123.4560000000"},
      {kNaN, 2, "NaN"},
  };
  for (const DigitsCase& c : cases) {
    EXPECT_EQ(NumberToFixed(c.value, c.digits), c.expect) << c.value << " " << c.digits;
  }
}

TEST(NumberTextTest, RoundTo15DigitsIsNumberOfToPrecision15) {
  EXPECT_EQ(RoundTo15Digits(0.1 + 0.2), 0.3);
  EXPECT_EQ(RoundTo15Digits(22.0 / 7), 3.14285714285714);
  EXPECT_EQ(RoundTo15Digits(5890840712243076), 5890840712243080);
  EXPECT_EQ(RoundTo15Digits(-0.1 - 0.2), -0.3);
  EXPECT_EQ(RoundTo15Digits(1.5), 1.5);
  EXPECT_TRUE(std::isinf(RoundTo15Digits(1.7976931348623157e308)));
}

struct StringCase {
  const char* id;
  double value;
  const char* expect;
};

// $string(number): the suite's function-string cases with a number argument
// (case008's two numbers are the sums its path computes).
TEST(NumberTextTest, StringOfNumberSuite) {
  const StringCase cases[] = {
      {"function-string/case000", 5.0, "5"},
      {"function-string/case001", 3.142857142857143, "3.14285714285714"},
      {"function-string/case002", 1e+100, "1e+100"},
      {"function-string/case003", 1e-100, "1e-100"},
      {"function-string/case004", 1e-06, "0.000001"},
      {"function-string/case005", 1e-07, "1e-7"},
      {"function-string/case006", 1e+20, "100000000000000000000"},
      {"function-string/case007", 1e+21, "1e+21"},
      {"function-string/case008 call 1", 90.57000000000001, "90.57"},
      {"function-string/case008 call 2", 245.79000000000002, "245.79"},
      {"function-string/case019", kInf,
       "error:D3001:Attempting to invoke string function on Infinity or NaN"},
      // 2.0.6's result; the suite expects "5890840712243076" (fixed after 2.0.6).
      {"function-string/case030", 5890840712243076.0, "5890840712243080"},
  };
  for (const StringCase& c : cases)
    EXPECT_EQ(ExpectedText(StringOfNumber(c.value)), c.expect) << c.id;
}

TEST(NumberTextTest, StringOfNumberBeyondTheSuite) {
  EXPECT_EQ(ExpectedText(StringOfNumber(0.1 + 0.2)), "0.3");
  EXPECT_EQ(ExpectedText(StringOfNumber(-0.0)), "0");
  EXPECT_EQ(ExpectedText(StringOfNumber(kNaN)),
            "error:D3001:Attempting to invoke string function on Infinity or NaN");
  // 15 digits round the largest double up to Infinity: JSON.stringify says null.
  EXPECT_EQ(ExpectedText(StringOfNumber(1.7976931348623157e308)), "null");
}

// function-string/case020: `$string({"inf": 1/0})`, a non-finite number
// inside the serialised value.
TEST(NumberTextTest, JsonTextOfNumber) {
  EXPECT_EQ(ExpectedText(JsonTextOfNumber(kInf)), "error:D1001:Number out of range: null");
  EXPECT_EQ(ExpectedText(JsonTextOfNumber(kNaN)), "null");
  EXPECT_EQ(ExpectedText(JsonTextOfNumber(78.8 / 2)), "39.4");
}

struct NumberCase {
  const char* id;
  const char* text;
  const char* expect;
};

// $number(string): the suite's function-number cases with a string argument.
TEST(NumberTextTest, NumberOfStringSuite) {
  const NumberCase cases[] = {
      {"function-number/case003", "0", "0"},
      {"function-number/case004", "-0.05", "-0.05"},
      {"function-number/case005", "1e2", "100"},
      {"function-number/case006", "1.0e-2", "0.01"},
      {"function-number/case007", "1e0", "1"},
      {"function-number/case008", "10e500",
       "error:D3030:Unable to cast value to a number: \"10e500\""},
      {"function-number/case009", "Hello world",
       "error:D3030:Unable to cast value to a number: \"Hello world\""},
      {"function-number/case010", "1/2", "error:D3030:Unable to cast value to a number: \"1/2\""},
      {"function-number/case011", "1234 hello",
       "error:D3030:Unable to cast value to a number: \"1234 hello\""},
      {"function-number/case012", "", "error:D3030:Unable to cast value to a number: \"\""},
      {"function-number/case018", "[1]", "error:D3030:Unable to cast value to a number: \"[1]\""},
      {"function-number/case027", "00", "0"},
      {"function-number/case028", "0123", "123"},
      {"function-number/case029", "-007", "-7"},
      {"function-number/case030", "000.00123000", "0.00123"},
      {"function-number/case031", "0x12", "18"},
      {"function-number/case032", "0B101", "5"},
      {"function-number/case033", "0O12", "10"},
  };
  for (const NumberCase& c : cases)
    EXPECT_EQ(ExpectedText(NumberOfString(c.text)), c.expect) << c.id;
}

TEST(NumberTextTest, NumberOfStringBeyondTheSuite) {
  const NumberCase cases[] = {
      {"hex prefix only anchors at the start", "0x12 hello", "NaN"},
      {"octal anywhere, through Number()", " 0o12", "10"},
      {"binary anchored at the end", "x0b1", "NaN"},
      {"no digits", "0x", "error:D3030:Unable to cast value to a number: \"0x\""},
      {"hex beyond 2^53 rounds", "0xFFFFFFFFFFFFFFFFFFFF", "1.2089258196146292e+24"},
      {"trailing point", "1.", "error:D3030:Unable to cast value to a number: \"1.\""},
      {"leading point", ".5", "error:D3030:Unable to cast value to a number: \".5\""},
      {"plus sign", "+1", "error:D3030:Unable to cast value to a number: \"+1\""},
      {"exponent", "1E+5", "100000"},
      {"underflow", "1e-400", "0"},
      {"quotes in the message", "a\"b", "error:D3030:Unable to cast value to a number: \"a\\\"b\""},
  };
  for (const NumberCase& c : cases)
    EXPECT_EQ(ExpectedText(NumberOfString(c.text)), c.expect) << c.id;
  Expected<double> negative_zero = NumberOfString("-0");
  ASSERT_TRUE(negative_zero.ok());
  EXPECT_TRUE(std::signbit(negative_zero.value()));
  Expected<double> error = NumberOfString("abc");
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().value, Json("abc"));
}

TEST(NumberTextTest, JsStringToNumberIsJavaScriptNumber) {
  EXPECT_EQ(JsStringToNumber(""), 0);
  EXPECT_EQ(JsStringToNumber(" \t12\n "), 12);
  EXPECT_EQ(JsStringToNumber("\xC2\xA0"
                             "7"
                             "\xE3\x80\x80"),
            7);  // NBSP, ideographic space
  EXPECT_EQ(JsStringToNumber("+.5"), 0.5);
  EXPECT_EQ(JsStringToNumber("5."), 5);
  EXPECT_EQ(JsStringToNumber("0x10"), 16);
  EXPECT_EQ(JsStringToNumber("0B101"), 5);
  EXPECT_EQ(JsStringToNumber("0o17"), 15);
  EXPECT_EQ(JsStringToNumber("-Infinity"), -kInf);
  EXPECT_EQ(JsStringToNumber("1e400"), kInf);
  EXPECT_TRUE(std::isnan(JsStringToNumber("-0x10")));
  EXPECT_TRUE(std::isnan(JsStringToNumber("infinity")));
  EXPECT_TRUE(std::isnan(JsStringToNumber("1_000")));
  EXPECT_TRUE(std::isnan(JsStringToNumber("0b2")));
}

TEST(NumberTextTest, JsParseIntReadsTheLeadingInteger) {
  EXPECT_EQ(JsParseInt("12px"), 12);
  EXPECT_EQ(JsParseInt("  -0x1A"), -26);
  EXPECT_EQ(JsParseInt("+0530"), 530);
  EXPECT_EQ(JsParseInt("007"), 7);
  EXPECT_TRUE(std::isnan(JsParseInt("px")));
  EXPECT_TRUE(std::isnan(JsParseInt("")));
  EXPECT_TRUE(std::isnan(JsParseInt("Z")));
}

struct RoundCase {
  double value;
  double precision;
  double expect;
};

TEST(NumberTextTest, RoundHalfEvenShiftsThroughTheText) {
  const RoundCase cases[] = {
      {2.5, 0, 2},
      {3.5, 0, 4},
      {-2.5, 0, -2},
      {-3.5, 0, -4},
      {0.5, 0, 0},
      {1.005, 2, 1},
      {0.125, 2, 0.12},
      {0.135, 2, 0.14},
      {123.456, 2, 123.46},
      {12345.6789, -2, 12300},
      {1.5e300, 2, 1.5e300},
      {-0.4, 0, 0},
      {0.49999999999999994, 0, 0},
  };
  for (const RoundCase& c : cases) {
    EXPECT_EQ(RoundHalfEven(c.value, c.precision), c.expect) << c.value << " " << c.precision;
  }
  EXPECT_FALSE(std::signbit(RoundHalfEven(-0.4)));
  EXPECT_TRUE(std::isnan(RoundHalfEven(1.5, 0.5)));  // "1.5e0.5" is not a number
  EXPECT_EQ(JsMathRound(-2.5), -2);
  EXPECT_TRUE(std::signbit(JsMathRound(-0.2)));
}

TEST(NumberTextTest, IntegersForJsonOutput) {
  EXPECT_TRUE(IsIntegral(5));
  EXPECT_TRUE(IsIntegral(-0.0));
  EXPECT_TRUE(IsIntegral(1e300));
  EXPECT_FALSE(IsIntegral(5.5));
  EXPECT_FALSE(IsIntegral(kInf));
  EXPECT_FALSE(IsIntegral(kNaN));
  EXPECT_EQ(ToInt64Exact(5), 5);
  EXPECT_EQ(ToInt64Exact(-9007199254740993.0), -9007199254740992);
  EXPECT_EQ(ToInt64Exact(-9223372036854775808.0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ToInt64Exact(9223372036854775808.0), std::nullopt);
  EXPECT_EQ(ToInt64Exact(0.5), std::nullopt);
}

}  // namespace
}  // namespace sfn::jsonata
