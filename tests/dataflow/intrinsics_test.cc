#include "emulator/dataflow/intrinsics.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sfn::dataflow {
namespace {

Json J(const char* text) { return Json::parse(text); }

struct EvalCase {
  const char* expr;
  const char* input;
  const char* expected;  // JSON text of the result
};

class IntrinsicEvalTest : public ::testing::TestWithParam<EvalCase> {};

TEST_P(IntrinsicEvalTest, Evaluates) {
  const auto& c = GetParam();
  auto intrinsic = Intrinsic::Parse(c.expr);
  ASSERT_TRUE(intrinsic.ok()) << c.expr << ": " << intrinsic.status().ToString();
  Json input = J(c.input);
  Json context = J(R"({"StateMachine": {"Name": "sm-name-x", "Id": "arn:sm"},
                       "Execution": {"Input": {"csv": "a,b"}}})");
  Json variables = J(R"({"v": {"n": 41}, "list": [1, 2]})");
  Scope scope{input, context, &variables};
  auto result = intrinsic->Evaluate(scope);
  ASSERT_TRUE(result.ok()) << c.expr << ": " << result.failure().cause;
  EXPECT_EQ(DumpJson(result.value()), DumpJson(J(c.expected))) << c.expr;
}

INSTANTIATE_TEST_SUITE_P(
    Generic, IntrinsicEvalTest,
    ::testing::Values(
        EvalCase{"States.Format('Hello {}', $.name)", R"({"name":"World"})", R"("Hello World")"},
        EvalCase{"States.Format('Formatting argument {}.', $.x)", R"({"x":1.1})",
                 R"("Formatting argument 1.1.")"},
        EvalCase{"States.Format('{} and {}', $.a, $.b)", R"({"a":null,"b":1})", R"("null and 1")"},
        EvalCase{"States.Format('fst={}', $.o)", R"({"o":{"Arg1":1,"Arg2":[]}})",
                 R"("fst={Arg1=1, Arg2=[]}")"},
        EvalCase{"States.Format('{}', $.l)", R"({"l":[1,"a",true,{"k":"v"}]})",
                 R"("[1, a, true, {k=v}]")"},
        EvalCase{R"(States.Format('\{\} {} it\'s \\', 'x'))", "{}", R"("{} x it's \\")"},
        EvalCase{"States.Format($.t, 'x')", R"({"t":"a{}b"})", R"("axb")"},
        EvalCase{"States.Format('no placeholders')", "{}", R"("no placeholders")"},
        EvalCase{"States.Format('{}', $$.StateMachine.Name)", "{}", R"("sm-name-x")"},
        EvalCase{"States.Format('{}', $v.n)", "{}", R"("41")"},
        EvalCase{"States.Format('{} {}', 1, true)", "{}", R"("1 true")"},
        EvalCase{"States.StringToJson($.s)", R"({"s":"{\"a\":[1,2.5]}"})", R"({"a":[1,2.5]})"},
        EvalCase{"States.StringToJson($.s)", R"({"s":""})", "null"},
        EvalCase{"States.StringToJson($.s)", R"({"s":"-0"})", "0"},
        EvalCase{"States.StringToJson($.s)", R"({"s":"1"})", "1"},
        EvalCase{"States.StringToJson($.s)", R"({"s":"1.1"})", "1.1"},
        EvalCase{"States.StringToJson('{\"a\": 1}')", "{}", R"({"a":1})"},
        EvalCase{"States.JsonToString($.o)", R"({"o":{"Arg1":1,"Arg2":[]}})",
                 R"("{\"Arg1\":1,\"Arg2\":[]}")"},
        EvalCase{"States.JsonToString($.o)", R"({"o":"HelloWorld"})", R"("\"HelloWorld\"")"},
        EvalCase{"States.JsonToString($.o)", R"({"o":0})", R"("0")"},
        EvalCase{"States.Array($.a, $.b)", R"({"a":1,"b":1.1})", "[1,1.1]"},
        EvalCase{"States.Array()", "{}", "[]"},
        EvalCase{"States.Array('a', 1, -2.5, true, false, null)", "{}",
                 R"(["a",1,-2.5,true,false,null])"},
        EvalCase{"States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)", "{}",
                 R"("sm")"},
        EvalCase{"States.StringSplit('Hello\nWorld', '\n')", "{}", R"(["Hello","World"])"},
        EvalCase{"States.StringSplit($$.Execution.Input.csv, ',')", "{}", R"(["a","b"])"},
        EvalCase{"States.JsonMerge(States.StringToJson('{\"k\": \"false\"}'), $.o, false)",
                 R"({"o":{"x":1}})", R"({"k":"false","x":1})"},
        EvalCase{"  States.Array( $.a ,  $.b )  ", R"({"a":1,"b":2})", "[1,2]"},
        EvalCase{"States.Array($.l[?(@ > 1)], $['a,b'])", R"({"l":[1,2,3],"a,b":0})", "[[2,3],0]"},
        EvalCase{"States.ArrayLength($list)", "{}", "2"},
        EvalCase{"States.Array($.a[*])", R"({"a":[]})", "[[]]"}));

INSTANTIATE_TEST_SUITE_P(
    Arrays, IntrinsicEvalTest,
    ::testing::Values(
        EvalCase{"States.ArrayPartition($.a, 2)", R"({"a":[0,1,2]})", "[[0,1],[2]]"},
        EvalCase{"States.ArrayPartition($.a, 4)", R"({"a":[0,1,2,3]})", "[[0,1,2,3]]"},
        EvalCase{"States.ArrayPartition($.a, 1)", R"({"a":[]})", "[]"},
        EvalCase{"States.ArrayContains($.a, $.v)", R"({"a":[[1,2,3],2],"v":[1,2,3]})", "true"},
        EvalCase{"States.ArrayContains($.a, $.v)", R"({"a":[],"v":[]})", "false"},
        EvalCase{"States.ArrayContains($.a, $.v)", R"({"a":[[1,2,3],2],"v":null})", "false"},
        EvalCase{"States.ArrayContains($.a, $.v)", R"({"a":[true,false],"v":false})", "true"},
        EvalCase{"States.ArrayContains($.a, $.v)", R"({"a":[{"x":1,"y":2}],"v":{"y":2,"x":1}})",
                 "true"},
        EvalCase{"States.ArrayContains($.a, 1)", R"({"a":[true]})", "false"},
        EvalCase{"States.ArrayUnique($.a)", R"({"a":[{"x":1,"y":2},{"y":2,"x":1}]})",
                 R"([{"x":1,"y":2}])"},
        EvalCase{"States.ArrayRange(0, 9, 3)", "{}", "[0,3,6,9]"},
        EvalCase{"States.ArrayRange(0, 10, 3)", "{}", "[0,3,6,9]"},
        EvalCase{"States.ArrayRange(1, 9, 9)", "{}", "[1]"},
        EvalCase{"States.ArrayRange(5, 1, -2)", "{}", "[5,3,1]"},
        EvalCase{"States.ArrayRange(1, 0, 1)", "{}", "[]"},
        EvalCase{"States.ArrayGetItem($.a, 5)", R"({"a":[1,2,3,4,5,6,7,8,9]})", "6"},
        EvalCase{"States.ArrayLength($.a)", R"({"a":[1,2,3,4,5,6,7,8,9]})", "9"},
        EvalCase{"States.ArrayUnique($.a)",
                 R"({"a":[null,null,true,true,1,1,1.1,"x","x",[],[],{"a":1},{"a":1},{"a":2}]})",
                 R"([null,true,1,1.1,"x",[],{"a":1},{"a":2}])"}));

INSTANTIATE_TEST_SUITE_P(
    EncodingAndHash, IntrinsicEvalTest,
    ::testing::Values(
        EvalCase{"States.Base64Encode($.s)", R"({"s":"Data to encode"})",
                 R"("RGF0YSB0byBlbmNvZGU=")"},
        EvalCase{"States.Base64Encode('')", "{}", R"("")"},
        EvalCase{"States.Base64Encode('ab')", "{}", R"("YWI=")"},
        EvalCase{"States.Base64Decode($.s)", R"({"s":"RGF0YSB0byBlbmNvZGU="})",
                 R"("Data to encode")"},
        EvalCase{"States.Base64Decode('YWI=')", "{}", R"("ab")"},
        EvalCase{"States.Base64Decode('')", "{}", R"("")"},
        EvalCase{"States.Hash($.d, 'MD5')", R"({"d":"input data"})",
                 R"("812f45842bc6d66ee14572ce20db8e86")"},
        EvalCase{"States.Hash($.d, 'SHA-1')", R"({"d":"input data"})",
                 R"("aaff4a450a104cd177d28d18d74485e8cae074b7")"},
        EvalCase{"States.Hash($.d, 'SHA-256')", R"({"d":"input data"})",
                 R"("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3")"},
        EvalCase{
            "States.Hash($.d, 'SHA-384')", R"({"d":"input data"})",
            R"("d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562")"},
        EvalCase{
            "States.Hash($.d, 'SHA-512')", R"({"d":"input data"})",
            R"("6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4")"}));

INSTANTIATE_TEST_SUITE_P(
    Math, IntrinsicEvalTest,
    ::testing::Values(EvalCase{"States.MathAdd($.a, $.b)", R"({"a":-9,"b":3})", "-6"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":-1.51,"b":0})", "-2"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":0.5,"b":0})", "1"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":2.5,"b":0})", "3"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":-0.5,"b":0.5})", "1"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":-1.5,"b":0})", "-1"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":1.49,"b":1.5})", "3"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":-1.49,"b":-1.5})", "-2"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":-1.5,"b":-1.51})", "-3"},
                      EvalCase{"States.MathAdd($.a, $.b)", R"({"a":-3.5,"b":0})", "-3"},
                      EvalCase{"States.MathAdd(1, -1)", "{}", "0"},
                      EvalCase{"States.MathRandom(5, 5)", "{}", "5"}));

struct FailCase {
  const char* expr;
  const char* input;
  const char* cause;  // expected cause
};

class IntrinsicFailTest : public ::testing::TestWithParam<FailCase> {};

TEST_P(IntrinsicFailTest, Fails) {
  const auto& c = GetParam();
  auto intrinsic = Intrinsic::Parse(c.expr);
  ASSERT_TRUE(intrinsic.ok()) << c.expr << ": " << intrinsic.status().ToString();
  Json input = J(c.input);
  Json context = Json::object();
  auto result = intrinsic->Evaluate(Scope{input, context});
  ASSERT_FALSE(result.ok()) << c.expr << " gave " << DumpJson(result.value());
  EXPECT_EQ(result.failure().error, "States.Runtime");
  EXPECT_EQ(result.failure().cause, c.cause);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, IntrinsicFailTest,
    ::testing::Values(
        FailCase{"States.Format('{}', $.missing)", R"({"a":1})",
                 "The JsonPath argument for the field '$.missing' could not be found in the "
                 "input '{\"a\":1}'"},
        FailCase{"States.Format('{} {}', 'x')", "{}",
                 "Invalid arguments in States.Format: the number of arguments (1) does not "
                 "match the number of placeholders (2)"},
        FailCase{"States.Format($.n)", R"({"n":1})",
                 "Invalid arguments in States.Format: the format string must be a string but "
                 "got '1'"},
        FailCase{"States.ArrayGetItem($.a, 3)", R"({"a":[1,2,3]})",
                 "Invalid arguments in States.ArrayGetItem: the index 3 is out of bounds for "
                 "an array of length 3"},
        FailCase{"States.ArrayGetItem($.a, -1)", R"({"a":[1]})",
                 "Invalid arguments in States.ArrayGetItem: the index must be a non-negative "
                 "integer but got '-1'"},
        FailCase{"States.ArrayLength($.a)", R"({"a":"x"})",
                 "Invalid arguments in States.ArrayLength: expected an array but got '\"x\"'"},
        FailCase{"States.ArrayPartition($.a, 0)", R"({"a":[1]})",
                 "Invalid arguments in States.ArrayPartition: the chunk size must be a "
                 "positive integer but got '0'"},
        FailCase{"States.ArrayRange(0, 10, 0)", "{}",
                 "Invalid arguments in States.ArrayRange: the step must not be 0"},
        FailCase{"States.ArrayRange(0, 1000, 1)", "{}",
                 "Invalid arguments in States.ArrayRange: the result exceeds the maximum of "
                 "1000 items"},
        FailCase{"States.ArrayRange(0, 1.5, 1)", "{}",
                 "Invalid arguments in States.ArrayRange: expected integer arguments but got "
                 "'1.5'"},
        FailCase{"States.StringToJson($.s)", R"({"s":"{bad"})",
                 "Invalid arguments in States.StringToJson: the string '\"{bad\"' is not valid "
                 "JSON"},
        FailCase{"States.JsonMerge($.a, $.b, true)", R"({"a":{},"b":{}})",
                 "Invalid arguments in States.JsonMerge: only shallow merging (false) is "
                 "supported"},
        FailCase{"States.JsonMerge($.a, $.b, false)", R"({"a":[],"b":{}})",
                 "Invalid arguments in States.JsonMerge: expected a JSON object but got '[]'"},
        FailCase{"States.Base64Decode('%%%%')", "{}",
                 "Invalid arguments in States.Base64Decode: the input '\"%%%%\"' is not a "
                 "valid Base64 string"},
        FailCase{"States.Hash('x', 'SHA-3')", "{}",
                 "Invalid arguments in States.Hash: the hash algorithm '\"SHA-3\"' is not one "
                 "of MD5, SHA-1, SHA-256, SHA-384, SHA-512"},
        FailCase{"States.MathAdd('1', 2)", "{}",
                 "Invalid arguments in States.MathAdd: expected numeric arguments but got "
                 "'\"1\"'"},
        FailCase{"States.MathRandom(10, 1)", "{}",
                 "Invalid arguments in States.MathRandom: the start 10 is greater than the end "
                 "1"},
        FailCase{"States.StringSplit(1, ',')", "{}",
                 "Invalid arguments in States.StringSplit: expected a string but got '1'"}));

TEST(IntrinsicTest, LargeInputsAreRejected) {
  Json input = {{"s", std::string(10001, 'a')}};
  Json context = Json::object();
  auto result = Intrinsic::Parse("States.Base64Encode($.s)")->Evaluate(Scope{input, context});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().cause,
            "Invalid arguments in States.Base64Encode: the input exceeds the maximum of 10000 "
            "characters");
}

class IntrinsicParseErrorTest : public ::testing::TestWithParam<const char*> {};

TEST_P(IntrinsicParseErrorTest, Rejects) {
  auto result = Intrinsic::Parse(GetParam());
  ASSERT_FALSE(result.ok()) << GetParam();
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidDefinition);
}

INSTANTIATE_TEST_SUITE_P(
    Syntax, IntrinsicParseErrorTest,
    ::testing::Values("States.Nope(1)", "States.Format", "States.Format(", "States.Format('x'",
                      "States.Format('x',)", "States.Format('x' 'y')", "States.Array(abc)",
                      "States.Array(\"x\")", "States.Array('unterminated)",
                      R"(States.StringToJson('{"t":"An \"q\" here"}'))", "States.ArrayLength()",
                      "States.ArrayLength($.a, $.b)", "States.UUID(1)",
                      "States.JsonMerge($.a, $.b)", "States.MathRandom(1)", "States.Array($.a[)",
                      "States.Array(1) x", "Format('x')", "States.Array($..)"));

TEST(IntrinsicTest, LooksLikeIntrinsic) {
  EXPECT_TRUE(Intrinsic::LooksLikeIntrinsic("States.Format('x')"));
  EXPECT_TRUE(Intrinsic::LooksLikeIntrinsic("States.UUID()"));
  EXPECT_TRUE(Intrinsic::LooksLikeIntrinsic("States.Nope (1)"));
  EXPECT_FALSE(Intrinsic::LooksLikeIntrinsic("$.States.Format"));
  EXPECT_FALSE(Intrinsic::LooksLikeIntrinsic("States.Format"));
  EXPECT_FALSE(Intrinsic::LooksLikeIntrinsic("Hello"));
}

TEST(IntrinsicTest, KeepsText) {
  auto intrinsic = Intrinsic::Parse("States.UUID()");
  ASSERT_TRUE(intrinsic.ok());
  EXPECT_EQ(intrinsic->text(), "States.UUID()");
}

TEST(IntrinsicTest, UuidIsVersion4AndUnique) {
  auto intrinsic = Intrinsic::Parse("States.UUID()");
  Json input = Json::object();
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    auto result = intrinsic->Evaluate(Scope{input, input});
    ASSERT_TRUE(result.ok());
    std::string uuid = result.value().get<std::string>();
    ASSERT_EQ(uuid.size(), 36u);
    EXPECT_EQ(uuid[14], '4');
    EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(IntrinsicTest, UuidUsesScopeRandom) {
  auto intrinsic = Intrinsic::Parse("States.UUID()");
  Json input = Json::object();
  Random a(7), b(7);
  auto first = intrinsic->Evaluate(Scope{input, input, nullptr, &a});
  auto second = intrinsic->Evaluate(Scope{input, input, nullptr, &b});
  EXPECT_EQ(first.value(), second.value());
}

TEST(IntrinsicTest, MathRandomStaysInRangeAndSeedIsDeterministic) {
  Json input = {{"s", 0}, {"e", 10}};
  auto random = Intrinsic::Parse("States.MathRandom($.s, $.e)");
  for (int i = 0; i < 100; ++i) {
    auto r = random->Evaluate(Scope{input, input});
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r.value().is_number_integer());
    int64_t v = r.value().get<int64_t>();
    EXPECT_GE(v, 0);
    EXPECT_LT(v, 10);
  }
  auto seeded = Intrinsic::Parse("States.MathRandom(0, 999, 3)");
  auto a = seeded->Evaluate(Scope{input, input});
  auto b = seeded->Evaluate(Scope{input, input});
  EXPECT_EQ(a.value(), b.value());
}

}  // namespace
}  // namespace sfn::dataflow

namespace sfn::dataflow {
namespace {

// Issue 14: no intrinsic recurses or overflows without a bound.
TEST(IntrinsicLimitsTest, CallsNestOnlySoDeep) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "States.Array(";
  text += "1" + std::string(100, ')');
  auto deep = Intrinsic::Parse(text);
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.status().message().find("nested deeper than 64"), std::string::npos);
  std::string fine;
  for (int i = 0; i < 10; ++i) fine += "States.Array(";
  fine += "1" + std::string(10, ')');
  EXPECT_TRUE(Intrinsic::Parse(fine).ok());
}

TEST(IntrinsicLimitsTest, StringToJsonRefusesDeepText) {
  Json input = {{"s", std::string(100000, '[') + std::string(100000, ']')}};
  Json context = Json::object();
  auto result = Intrinsic::Parse("States.StringToJson($.s)")->Evaluate(Scope{input, context});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().error, "States.Runtime");
  EXPECT_EQ(result.failure().cause,
            "Invalid arguments in States.StringToJson: the string is nested deeper than the "
            "maximum of 1000 levels");
}

struct OverflowCase {
  const char* expr;
  const char* expected;  // result JSON, or nullptr for a failure
};

class IntrinsicOverflowTest : public ::testing::TestWithParam<OverflowCase> {};

TEST_P(IntrinsicOverflowTest, NeverWrapsSilently) {
  Json input = Json::object();
  Json context = Json::object();
  auto result = Intrinsic::Parse(GetParam().expr)->Evaluate(Scope{input, context});
  if (GetParam().expected == nullptr) {
    ASSERT_FALSE(result.ok()) << DumpJson(result.value());
    EXPECT_EQ(result.failure().error, "States.Runtime");
  } else {
    ASSERT_TRUE(result.ok()) << result.failure().cause;
    EXPECT_EQ(DumpJson(result.value()), GetParam().expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, IntrinsicOverflowTest,
    ::testing::Values(
        OverflowCase{"States.MathAdd(9223372036854775807, 1)", nullptr},
        OverflowCase{"States.MathAdd(-9223372036854775807, -2)", nullptr},
        OverflowCase{"States.MathAdd(9223372036854775806, 1)", "9223372036854775807"},
        OverflowCase{"States.MathAdd(18446744073709551615, 0)", nullptr},
        OverflowCase{"States.ArrayRange(9223372036854775806, 9223372036854775807, 5)",
                     "[9223372036854775806]"},
        OverflowCase{"States.ArrayRange(-9223372036854775807, -9223372036854775808, -5)",
                     "[-9223372036854775807]"},
        OverflowCase{"States.ArrayGetItem(States.Array(1), 18446744073709551615)", nullptr}));

TEST(IntrinsicLimitsTest, MathRandomSpansTheWholeRange) {
  Json input = Json::object();
  Json context = Json::object();
  for (int seed = 0; seed < 20; ++seed) {
    auto result = Intrinsic::Parse("States.MathRandom(-9000000000000000000, "
                                   "9000000000000000000, " +
                                   std::to_string(seed) + ")")
                      ->Evaluate(Scope{input, context});
    ASSERT_TRUE(result.ok());
    int64_t v = result.value().get<int64_t>();
    EXPECT_GE(v, -9000000000000000000);
    EXPECT_LT(v, 9000000000000000000);
  }
}

}  // namespace
}  // namespace sfn::dataflow
