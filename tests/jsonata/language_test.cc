// The JSONata language, construct by construct (jsonata-js 2.0.6 semantics).
#include <gtest/gtest.h>

#include "tests/jsonata/eval_helper.h"

namespace sfn::jsonata {
namespace {

using jtest::Case;
using jtest::Eval;

const char* kDoc = R"({"a": {"b": [{"c": 1, "d": "x"}, {"c": 2, "d": "y"}, {"c": 3}]},
  "n": [3, 1, 2], "s": "hello", "o": {"k1": 1, "k2": [2, 3]}, "e": [], "z": null})";

class LanguageTest : public ::testing::TestWithParam<Case> {};

TEST_P(LanguageTest, Evaluates) {
  const Case& c = GetParam();
  EXPECT_EQ(Eval(c.expr, c.input), c.want) << c.expr;
}

INSTANTIATE_TEST_SUITE_P(
    Paths, LanguageTest,
    ::testing::Values(
        Case{"a.b.c", kDoc, "[1,2,3]"}, Case{"a.b[0].c", kDoc, "1"}, Case{"a.b[-1].c", kDoc, "3"},
        Case{"a.b.d", kDoc, R"(["x","y"])"}, Case{"a.b[c > 1].c", kDoc, "[2,3]"},
        Case{"a.b[d].c", kDoc, "[1,2]"}, Case{"a.x", kDoc, "undefined"}, Case{"z", kDoc, "null"},
        Case{"a.b[0].c[]", kDoc, "[1]"}, Case{"o.*", kDoc, "[1,2,3]"},
        Case{"**.c", kDoc, "[1,2,3]"}, Case{"$count(a.b)", kDoc, "3"},
        Case{"`a`.b[1].`d`", kDoc, R"("y")"}, Case{"$", "[1,2]", "[1,2]"},
        Case{"$[0]", "[1,2]", "1"}, Case{"e", kDoc, "[]"}, Case{"a.b[[0,2]].c", kDoc, "[1,3]"},
        Case{"n[[1..2]]", kDoc, "[1,2]"}, Case{"a.b#$i[$i > 0].c", kDoc, "[2,3]"},
        Case{"a.b@$x.($x.c)", kDoc, "[1,2,3]"}, Case{"a.b.c.%.d", kDoc, R"(["x","y"])"},
        Case{"a.b{d: c}", kDoc, R"({"x":1,"y":2})"}, Case{"a.b^(>c).c", kDoc, "[3,2,1]"},
        Case{"n^($)", kDoc, "[1,2,3]"}));

INSTANTIATE_TEST_SUITE_P(
    Operators, LanguageTest,
    ::testing::Values(
        Case{"1 + 2 * 3", nullptr, "7"}, Case{"7 % 3", nullptr, "1"},
        Case{"10 / 4", nullptr, "2.5"}, Case{"-s", kDoc, "error D1002"},
        Case{"'a' & 1 & true", nullptr, R"("a1true")"}, Case{"1 = 1.0", nullptr, "true"},
        Case{"[1,{'a':2}] = [1,{'a':2}]", nullptr, "true"}, Case{"'a' < 'b'", nullptr, "true"},
        Case{"1 < 'b'", nullptr, "error T2009"}, Case{"{} < 1", nullptr, "error T2010"},
        Case{"x + 1", "{}", "undefined"}, Case{"'x' + 1", nullptr, "error T2001"},
        Case{"1 + 'x'", nullptr, "error T2002"}, Case{"2 in [1,2]", nullptr, "true"},
        Case{"true and 0", nullptr, "false"}, Case{"false or 'x'", nullptr, "true"},
        Case{"[1..4]", nullptr, "[1,2,3,4]"}, Case{"[1.5..3]", nullptr, "error T2003"},
        Case{"[1..20000000]", nullptr, "error D2014"}, Case{"1 > 0 ? 'y' : 'n'", nullptr, R"("y")"},
        Case{"false ? 1", nullptr, "undefined"},
        Case{"0.1 + 0.2", nullptr, "0.30000000000000004"}));

INSTANTIATE_TEST_SUITE_P(Constructors, LanguageTest,
                         ::testing::Values(Case{"[1, [2, 3], n]", kDoc, "[1,[2,3],3,1,2]"},
                                           Case{"{'k': 1, 'l': [1]}", nullptr,
                                                R"({"k":1,"l":[1]})"},
                                           Case{"{1: 2}", nullptr, "error T1003"},
                                           Case{"a.b{'k': c, 'k': d}", kDoc, "error D1009"},
                                           Case{"[]", nullptr, "[]"}, Case{"{}", nullptr, "{}"}));

INSTANTIATE_TEST_SUITE_P(
    Functions, LanguageTest,
    ::testing::Values(
        Case{"($f := function($x) { $x * 2 }; $f(4))", nullptr, "8"},
        Case{"(function($x, $y) { $x + $y })(1, 2)", nullptr, "3"},
        Case{"($add := function($x, $y) { $x + $y }; $inc := $add(?, 1); $inc(5))", nullptr, "6"},
        Case{"($first := $substring(?, 0, 2); $first('hello'))", nullptr, R"("he")"},
        Case{"'abc' ~> $uppercase()", nullptr, R"("ABC")"},
        Case{"($f := $uppercase ~> $substring(?, 0, 1); $f('xyz'))", nullptr, R"("X")"},
        Case{"($c := function() { ($x := 5; function() { $x }) }; $c()())", nullptr, "5"},
        Case{"(function($x)<n:n> { $x })('a')", nullptr, "error T0410"},
        Case{"($f := function($n, $acc) { $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(50000, 0))",
             nullptr, "50000"},
        Case{"$undefinedFn(1)", nullptr, "error T1006"}, Case{"s(1)", kDoc, "error T1006"},
        Case{"1 ~> 2", nullptr, "error T2006"},
        Case{
            "$ ~> |a.b|{'c': 0}|", kDoc,
            R"({"a":{"b":[{"c":0,"d":"x"},{"c":0,"d":"y"},{"c":0}]},"n":[3,1,2],"s":"hello","o":{"k1":1,"k2":[2,3]},"e":[],"z":null})"},
        Case{"$ ~> |o|{}, ['k1']|", R"({"o": {"k1": 1, "k2": 2}})", R"({"o":{"k2":2}})"},
        Case{"/l+/('hello').match", nullptr, R"("ll")"}));

INSTANTIATE_TEST_SUITE_P(
    Syntax, LanguageTest,
    ::testing::Values(Case{"'abc", nullptr, "error S0101"}, Case{"1e999", nullptr, "error S0102"},
                      Case{"'\\q'", nullptr, "error S0103"}, Case{"`a", nullptr, "error S0105"},
                      Case{"/* x", nullptr, "error S0106"}, Case{"(1", nullptr, "error S0203"},
                      Case{"[1}", nullptr, "error S0202"}, Case{"1 ! 2", nullptr, "error S0204"},
                      Case{"1 +", nullptr, "error S0207"},
                      Case{"function(a) { 1 }", nullptr, "error S0208"},
                      Case{")", nullptr, "error S0211"}, Case{"1 := 2", nullptr, "error S0212"},
                      Case{"a.1", nullptr, "error S0213"}, Case{"a@1", nullptr, "error S0214"},
                      Case{"%", nullptr, "error S0217"}, Case{"//", nullptr, "error S0301"},
                      Case{"/a", nullptr, "error S0302"},
                      Case{"function($a)<x<n>:n> { $a }", nullptr, "error S0401"},
                      Case{"1 2", nullptr, "error S0201"}));

TEST(Language, UndefinedIsNotNull) {
  EXPECT_EQ(Eval("nothing", "{}"), "undefined");
  EXPECT_EQ(Eval("z", R"({"z": null})"), "null");
  EXPECT_EQ(Eval("$exists(z)", R"({"z": null})"), "true");
  EXPECT_EQ(Eval("$exists(y)", R"({"z": null})"), "false");
  EXPECT_EQ(Eval("$", nullptr), "undefined");
}

TEST(Language, VariablesFromBindings) {
  Bindings b;
  b["x"] = Json::parse(R"({"y": [1, 2]})");
  EXPECT_EQ(Eval("$x.y[1]", nullptr, b), "2");
  EXPECT_EQ(Eval("$sum($x.y)", nullptr, b), "3");
}

}  // namespace
}  // namespace sfn::jsonata
