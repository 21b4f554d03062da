// The function library, family by family (jsonata-js 2.0.6 plus AWS's own).
#include <gtest/gtest.h>

#include <regex>

#include "tests/jsonata/eval_helper.h"

namespace sfn::jsonata {
namespace {

using jtest::Case;
using jtest::Eval;

class FunctionsTest : public ::testing::TestWithParam<Case> {};

TEST_P(FunctionsTest, Evaluates) {
  const Case& c = GetParam();
  EXPECT_EQ(Eval(c.expr, c.input), c.want) << c.expr;
}

INSTANTIATE_TEST_SUITE_P(
    Aggregation, FunctionsTest,
    ::testing::Values(Case{"$sum([1,2,3])", nullptr, "6"}, Case{"$sum([])", nullptr, "0"},
                      Case{"$count([1,2])", nullptr, "2"}, Case{"$count(nothing)", nullptr, "0"},
                      Case{"$max([1,5,2])", nullptr, "5"}, Case{"$min([4,2,8])", nullptr, "2"},
                      Case{"$average([1,2,3,4])", nullptr, "2.5"},
                      Case{"$max([])", nullptr, "undefined"},
                      Case{"$sum(['a'])", nullptr, "error T0412"}));

INSTANTIATE_TEST_SUITE_P(
    Strings, FunctionsTest,
    ::testing::Values(
        Case{"$string(5)", nullptr, R"("5")"},
        Case{"$string(1/3)", nullptr, R"("0.333333333333333")"},
        Case{"$string({'a': [1, true, null]})", nullptr, R"("{\"a\":[1,true,null]}")"},
        Case{"$string(1e21)", nullptr, R"("1e+21")"},
        Case{"$substring('hello', 1, 3)", nullptr, R"("ell")"},
        Case{"$substring('hello', -3)", nullptr, R"("llo")"},
        Case{"$substringBefore('a-b', '-')", nullptr, R"("a")"},
        Case{"$substringAfter('a-b', '-')", nullptr, R"("b")"},
        Case{"$uppercase('abc')", nullptr, R"("ABC")"},
        Case{"$lowercase('ÀB')", nullptr, R"("àb")"}, Case{"$length('héllo')", nullptr, "5"},
        Case{"$trim('  a \n b ')", nullptr, R"("a b")"},
        Case{"$pad('x', 3, '#')", nullptr, R"("x##")"}, Case{"$pad('x', -3)", nullptr, R"("  x")"},
        Case{"$contains('abc', 'b')", nullptr, "true"},
        Case{"$contains('abc', /B/i)", nullptr, "true"},
        Case{"$split('a,b,c', ',')", nullptr, R"(["a","b","c"])"},
        Case{"$split('a1b22c', /\\d+/)", nullptr, R"(["a","b","c"])"},
        Case{"$split('abc', '', 2)", nullptr, R"(["a","b"])"},
        Case{"$join(['a','b'], '-')", nullptr, R"("a-b")"},
        Case{"$match('ab12cd345', /\\d+/).match", nullptr, R"(["12","345"])"},
        Case{"$match('ab12', /(a)(b)/).groups", nullptr, R"(["a","b"])"},
        Case{"$replace('hello', 'l', 'L')", nullptr, R"("heLLo")"},
        Case{"$replace('John Smith', /(\\w+)\\s(\\w+)/, '$2, $1')", nullptr, R"("Smith, John")"},
        Case{"$replace('abc', /b/, function($m) { $uppercase($m.match) })", nullptr, R"("aBc")"},
        Case{"$replace('a', '', 'b')", nullptr, "error D3010"},
        Case{"$match('aaa', /x*/)", nullptr, "error D1004"},
        Case{"$base64encode('hello')", nullptr, R"("aGVsbG8=")"},
        Case{"$base64decode('aGVsbG8=')", nullptr, R"("hello")"},
        Case{"$encodeUrlComponent('a b&c')", nullptr, R"("a%20b%26c")"},
        Case{"$encodeUrl('http://x/a b?q=1')", nullptr, R"("http://x/a%20b?q=1")"},
        Case{"$decodeUrlComponent('a%20b%26c')", nullptr, R"("a b&c")"},
        Case{"$decodeUrl('%E0%A4%A')", nullptr, "error D3140"}));

INSTANTIATE_TEST_SUITE_P(
    Numeric, FunctionsTest,
    ::testing::Values(Case{"$number('12.5')", nullptr, "12.5"},
                      Case{"$number('0x1F')", nullptr, "31"},
                      Case{"$number('x')", nullptr, "error D3030"},
                      Case{"$number(true)", nullptr, "1"}, Case{"$floor(2.7)", nullptr, "2"},
                      Case{"$ceil(2.1)", nullptr, "3"}, Case{"$round(2.5)", nullptr, "2"},
                      Case{"$round(3.5)", nullptr, "4"}, Case{"$round(1.005, 2)", nullptr, "1"},
                      Case{"$round(1234, -2)", nullptr, "1200"}, Case{"$abs(-3)", nullptr, "3"},
                      Case{"$sqrt(16)", nullptr, "4"}, Case{"$sqrt(-1)", nullptr, "error D3060"},
                      Case{"$power(2, 10)", nullptr, "1024"},
                      Case{"$power(10, 400)", nullptr, "error D3061"}));

INSTANTIATE_TEST_SUITE_P(
    BooleanArrayObject, FunctionsTest,
    ::testing::Values(
        Case{"$boolean([])", nullptr, "false"}, Case{"$boolean([0, 1])", nullptr, "true"},
        Case{"$not('')", nullptr, "true"}, Case{"$exists(null)", nullptr, "true"},
        Case{"$type(1)", nullptr, R"("number")"},
        Case{"$type(function(){1})", nullptr, R"("function")"},
        Case{"$keys({'a':1,'b':2})", nullptr, R"(["a","b"])"},
        Case{"$lookup({'a':1}, 'a')", nullptr, "1"}, Case{"$append([1], 2)", nullptr, "[1,2]"},
        Case{"$spread({'a':1,'b':2})", nullptr, R"([{"a":1},{"b":2}])"},
        Case{"$merge([{'a':1},{'b':2}])", nullptr, R"({"a":1,"b":2})"},
        Case{"$reverse([1,2,3])", nullptr, "[3,2,1]"},
        Case{"$each({'a':1,'b':2}, function($v, $k) { $k & $v })", nullptr, R"(["a1","b2"])"},
        Case{"$sift({'a':1,'b':2}, function($v) { $v > 1 })", nullptr, R"({"b":2})"},
        Case{"$distinct([1,2,1,[1],[1]])", nullptr, "[1,2,[1]]"},
        Case{"$sort([3,1,2])", nullptr, "[1,2,3]"},
        Case{"$sort([{'a':1}])", nullptr, R"([{"a":1}])"},
        Case{"$sort([1,'a'])", nullptr, "error D3070"},
        Case{"$count($shuffle([1,2,3]))", nullptr, "3"},
        Case{"$zip([1,2],[3,4])", nullptr, "[[1,3],[2,4]]"},
        Case{"$clone({'a':[1]})", nullptr, R"({"a":[1]})"},
        Case{"$error('boom')", nullptr, "error D3137"},
        Case{"$assert(false, 'no')", nullptr, "error D3141"},
        Case{"$assert(true)", nullptr, "undefined"}));

INSTANTIATE_TEST_SUITE_P(
    HigherOrder, FunctionsTest,
    ::testing::Values(Case{"$map([1,2,3], function($v) { $v * 10 })", nullptr, "[10,20,30]"},
                      Case{"$map([1,2], function($v, $i) { $i })", nullptr, "[0,1]"},
                      Case{"$filter([1,2,3,4], function($v) { $v % 2 = 0 })", nullptr, "[2,4]"},
                      Case{"$single([1,2,3], function($v) { $v = 2 })", nullptr, "2"},
                      Case{"$single([1,2], function($v) { $v > 0 })", nullptr, "error D3138"},
                      Case{"$reduce([1,2,3], function($a, $b) { $a + $b })", nullptr, "6"},
                      Case{"$reduce([1,2,3], function($a, $b) { $a + $b }, 10)", nullptr, "16"},
                      Case{"$reduce([1], function($a) { $a })", nullptr, "error D3050"},
                      Case{"$sort([3,1,2], function($a, $b) { $a < $b })", nullptr, "[3,2,1]"}));

INSTANTIATE_TEST_SUITE_P(
    TimeAndAws, FunctionsTest,
    ::testing::Values(Case{"$fromMillis(1700000000123)", nullptr, R"("2023-11-14T22:13:20.123Z")"},
                      Case{"$toMillis('2023-11-14T22:13:20.123Z')", nullptr, "1700000000123"},
                      Case{"$toMillis('2023-11-14')", nullptr, "1699920000000"},
                      Case{"$toMillis('not a date')", nullptr, "error D3110"},
                      Case{"$partition([1,2,3,4,5], 2)", nullptr, "[[1,2],[3,4],[5]]"},
                      Case{"$range(0, 10, 5)", nullptr, "[0,5,10]"},
                      Case{"$range(3, 1, -1)", nullptr, "[3,2,1]"},
                      Case{"$parse('{\"a\": [1, 2]}').a[1]", nullptr, "2"},
                      Case{"$parse('{nope')", nullptr, "error D3152"}));

TEST(Functions, TimeAndRandomnessComeFromTheEnvironment) {
  Environment env;
  env.now = FromEpochMillis(1700000000000);
  EXPECT_EQ(jtest::Eval("$millis()", nullptr, {}, env), "1700000000000");
  EXPECT_EQ(jtest::Eval("$now()", nullptr, {}, env), R"("2023-11-14T22:13:20.000Z")");
  Random r1(42), r2(42);
  env.random = &r1;
  std::string a = jtest::Eval("[$random(), $uuid()]", nullptr, {}, env);
  env.random = &r2;
  EXPECT_EQ(jtest::Eval("[$random(), $uuid()]", nullptr, {}, env), a);
  EXPECT_TRUE(std::regex_search(a, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-")));
  // A seed gives the same number whatever the environment.
  EXPECT_EQ(jtest::Eval("$random(7) = $random(7)", nullptr), "true");
}

}  // namespace
}  // namespace sfn::jsonata
