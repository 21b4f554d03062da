// The expression interface: each form (literal, path, variable, intrinsic,
// payload template, JSONata) evaluated through Field::Evaluate.
#include "emulator/dataflow/expression.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>

#include "emulator/dataflow/field.h"
#include "emulator/dataflow/jsonata_expression.h"

namespace sfn::dataflow {
namespace {

Json J(const char* text) { return Json::parse(text); }

ExpressionPtr Path(const char* text) { return MakePath(Reference::Parse(text).value()); }
ExpressionPtr Call(const char* text) { return MakeIntrinsic(Intrinsic::Parse(text).value()); }
ExpressionPtr Templ(const char* text) {
  Json source = J(text);
  return MakeTemplate(Template::Compile(source).value(), source);
}
ExpressionPtr Jsonata(const char* text) { return CompileJsonata(J(text), "Output").expression; }

struct Case {
  const char* name;
  std::function<ExpressionPtr()> make;
  ExpressionKind kind;
  const char* text;                  // text()
  std::optional<const char*> value;  // nullopt: nothing, unless `cause` is set
  const char* error = nullptr;       // a Failure: its error name
  const char* cause = nullptr;       // ... and its cause
};

// `$` = {"a": 1, "l": [{"x": 1}, {"y": 2}]}, `$$` = {"Execution": {"Id": "e-1"}},
// variables {"v": {"a": [7]}, "s": "text"}.
const Case kCases[] = {
    {"literal", [] { return MakeLiteral(J("5")); }, ExpressionKind::kLiteral, "5", "5"},
    {"literal null", [] { return MakeLiteral(Json()); }, ExpressionKind::kLiteral, "null", "null"},
    {"input path", [] { return Path("$.a"); }, ExpressionKind::kPath, "$.a", "1"},
    {"missing path", [] { return Path("$.b"); }, ExpressionKind::kPath, "$.b", std::nullopt},
    {"indefinite path", [] { return Path("$.l[*].x"); }, ExpressionKind::kPath, "$.l[*].x", "[1]"},
    {"context path", [] { return Path("$$.Execution.Id"); }, ExpressionKind::kPath,
     "$$.Execution.Id", R"("e-1")"},
    {"variable", [] { return Path("$v.a[0]"); }, ExpressionKind::kPath, "$v.a[0]", "7"},
    {"bare variable", [] { return Path("$s"); }, ExpressionKind::kPath, "$s", R"("text")"},
    {"undefined variable", [] { return Path("$nope"); }, ExpressionKind::kPath, "$nope",
     std::nullopt},
    {"intrinsic", [] { return Call("States.Format('{}-{}', $.a, $s)"); },
     ExpressionKind::kIntrinsic, "States.Format('{}-{}', $.a, $s)", R"("1-text")"},
    {"intrinsic failure", [] { return Call("States.ArrayGetItem($.l, 5)"); },
     ExpressionKind::kIntrinsic, "States.ArrayGetItem($.l, 5)", std::nullopt, "States.Runtime",
     nullptr},
    {"template", [] { return Templ(R"({"x.$": "$.a", "y": [2, {"z.$": "$v.a"}]})"); },
     ExpressionKind::kTemplate, R"({"x.$":"$.a","y":[2,{"z.$":"$v.a"}]})",
     R"({"x": 1, "y": [2, {"z": [7]}]})"},
    {"template missing path", [] { return Templ(R"({"x.$": "$.b"})"); }, ExpressionKind::kTemplate,
     R"({"x.$":"$.b"})", std::nullopt, "States.Runtime",
     "The JSONPath '$.b' specified for the field 'x.$' could not be found in the input "
     "'{\"a\":1,\"l\":[{\"x\":1},{\"y\":2}]}'"},
    {"jsonata literal", [] { return Jsonata(R"({"a": " {% 1 %}", "b": [1, "x"]})"); },
     ExpressionKind::kLiteral, R"({"a":" {% 1 %}","b":[1,"x"]})",
     R"({"a": " {% 1 %}", "b": [1, "x"]})"},
    {"jsonata expression", [] { return Jsonata(R"("{% $states.input.a %}")"); },
     ExpressionKind::kJsonata, "{% $states.input.a %}", "1"},
    {"jsonata inside an object", [] { return Jsonata(R"({"a": 1, "b": ["{% $v.a[0] + 1 %}"]})"); },
     ExpressionKind::kJsonata, R"({"a":1,"b":["{% $v.a[0] + 1 %}"]})", R"({"a": 1, "b": [8]})"},
    {"jsonata context", [] { return Jsonata(R"("{% $states.context.Execution.Id %}")"); },
     ExpressionKind::kJsonata, "{% $states.context.Execution.Id %}", R"("e-1")"},
    {"jsonata undefined", [] { return Jsonata(R"({"x": "{% $nope %}"})"); },
     ExpressionKind::kJsonata, R"({"x":"{% $nope %}"})", std::nullopt,
     "States.QueryEvaluationError",
     "The JSONata expression '$nope' specified for the field 'Output/x' returned nothing "
     "(undefined)."},
    {"jsonata error", [] { return Jsonata(R"(["{%  $sum('a') %}"])"); }, ExpressionKind::kJsonata,
     R"(["{%  $sum('a') %}"])", std::nullopt, "States.QueryEvaluationError",
     "The JSONata expression '$sum('a')' specified for the field 'Output[0]' threw an error "
     "during evaluation. T0412: Argument 1 of function \"sum\" must be an array of "
     "\"numbers\""},
};

class ExpressionTest : public ::testing::TestWithParam<Case> {};

TEST_P(ExpressionTest, Evaluates) {
  const Case& c = GetParam();
  Json input = J(R"({"a": 1, "l": [{"x": 1}, {"y": 2}]})");
  Json context = J(R"({"Execution": {"Id": "e-1"}})");
  Json variables = J(R"({"v": {"a": [7]}, "s": "text"})");
  Field field("Field", c.make());
  EXPECT_EQ(field.name(), "Field");
  EXPECT_EQ(field.kind(), c.kind);
  EXPECT_EQ(field.text(), c.text);
  EXPECT_EQ(field.reference() != nullptr, c.kind == ExpressionKind::kPath);
  Outcome<Value> v = field.Evaluate(EvalScope{input, context, &variables});
  if (c.error) {
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.failure().error, c.error);
    if (c.cause) {
      EXPECT_EQ(v.failure().cause, c.cause);
    }
    return;
  }
  ASSERT_TRUE(v.ok()) << v.failure().cause;
  if (!c.value) {
    EXPECT_FALSE(v.value().has_value()) << DumpJson(*v.value());
  } else {
    ASSERT_TRUE(v.value().has_value());
    EXPECT_EQ(*v.value(), J(*c.value));
  }
}

INSTANTIATE_TEST_SUITE_P(Forms, ExpressionTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.name;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

// What AWS refuses when the definition is created, located below the field.
TEST(JsonataCompileTest, ReportsAwsDiagnostics) {
  CompiledJsonata c = CompileJsonata(J(R"({"a": "{% 1 + %}", "b": ["{% x.y %}"]})"), "Output");
  EXPECT_EQ(c.expression, nullptr);
  ASSERT_EQ(c.diagnostics.size(), 2u);
  EXPECT_EQ(c.diagnostics[0].code, "INVALID_JSONATA_EXPRESSION");
  EXPECT_EQ(c.diagnostics[0].message, "Unexpected end of expression");
  EXPECT_EQ(c.diagnostics[0].location, "/a");
  EXPECT_EQ(c.diagnostics[1].code, "UNSUPPORTED_JSONATA_EXPRESSION");
  EXPECT_EQ(c.diagnostics[1].message, "Reference to 'x' at the top level is not supported.");
  EXPECT_EQ(c.diagnostics[1].location, "/b[0]");

  c = CompileJsonata(J(R"("{% [$states.result, $states.errorOutput] %}")"), "Output");
  ASSERT_EQ(c.diagnostics.size(), 2u);
  EXPECT_EQ(c.diagnostics[0].message, "Field '$states.result' does not exist.");
  EXPECT_EQ(c.diagnostics[1].message, "Field '$states.errorOutput' does not exist.");
  StatesAccess both;
  both.result = both.error_output = true;
  c = CompileJsonata(J(R"("{% [$states.result, $states.errorOutput] %}")"), "Output", both);
  EXPECT_TRUE(c.diagnostics.empty());
  ASSERT_NE(c.expression, nullptr);
  EXPECT_EQ(c.expression->location(), "Output");
}

// $states.result and $states.errorOutput read what the scope gives.
TEST(JsonataEvaluateTest, ReadsStatesMembers) {
  StatesAccess both;
  both.result = both.error_output = true;
  ExpressionPtr e = CompileJsonata(J(R"({"i": "{% $states.input %}", "r": "{% $states.result %}",
                              "e": "{% $states.errorOutput.Error %}"})"),
                                   "Output", both)
                        .expression;
  Json input = J(R"({"in": 1})");
  Json context = J("{}");
  Json result = J("[2]");
  Json error = J(R"({"Error": "E", "Cause": "C"})");
  EvalScope scope{input, context};
  scope.states_input = &input;
  scope.states_result = &result;
  scope.states_error_output = &error;
  Outcome<Value> v = e->Evaluate(scope);
  ASSERT_TRUE(v.ok()) << v.failure().cause;
  EXPECT_EQ(*v.value(), J(R"({"i": {"in": 1}, "r": [2], "e": "E"})"));
}

// A type mismatch of a whole-string field, in AWS's words.
TEST(JsonataEvaluateTest, UnexpectedType) {
  ExpressionPtr e = CompileJsonata(J(R"("{% 'a' %}")"), "Items").expression;
  Failure f = UnexpectedJsonataType(*e, "array", J(R"("a")"));
  EXPECT_EQ(f.error, "States.QueryEvaluationError");
  EXPECT_EQ(f.cause,
            "The JSONata expression ''a'' specified for the field 'Items' returned an unexpected "
            "result type. Expected 'array', but was 'string' for value: \"a\"");
  EXPECT_EQ(f.evaluation, "Items");
}

TEST(JsonataTextTest, WholeStringsOnly) {
  EXPECT_TRUE(IsJsonataText(Json("{% x %}")));
  EXPECT_TRUE(IsJsonataText(Json("{%%}")));
  EXPECT_FALSE(IsJsonataText(Json(" {% x %}")));
  EXPECT_FALSE(IsJsonataText(Json("{% x %} ")));
  EXPECT_FALSE(IsJsonataText(Json("{%}")));
  EXPECT_FALSE(IsJsonataText(Json(1)));
  EXPECT_TRUE(ContainsJsonata(J(R"({"a": [1, {"b": "{% 1 %}"}]})")));
  EXPECT_FALSE(ContainsJsonata(J(R"({"{% k %}": [1, {"b": "{% 1"}]})")));
}

}  // namespace
}  // namespace sfn::dataflow
