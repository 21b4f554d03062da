#include "emulator/dataflow/template.h"

#include <gtest/gtest.h>

#include <string>

namespace sfn::dataflow {
namespace {

Json J(const char* text) { return Json::parse(text); }

struct EvalCase {
  const char* name;
  const char* templ;
  const char* input;
  const char* expected;
};

class TemplateEvalTest : public ::testing::TestWithParam<EvalCase> {};

TEST_P(TemplateEvalTest, Evaluates) {
  const auto& c = GetParam();
  auto templ = Template::Compile(J(c.templ));
  ASSERT_TRUE(templ.ok()) << templ.status().ToString();
  Json input = J(c.input);
  Json context = J(R"({"Execution": {"Name": "exec", "Input": {"k": 1}}})");
  Json variables = J(R"({"count": 3, "cfg": {"mode": "fast"}})");
  auto result = templ->Evaluate(Scope{input, context, &variables});
  ASSERT_TRUE(result.ok()) << result.failure().cause;
  EXPECT_EQ(DumpJson(result.value()), DumpJson(J(c.expected)));
}

INSTANTIATE_TEST_SUITE_P(
    Templates, TemplateEvalTest,
    ::testing::Values(
        EvalCase{"literal", R"({"a": 1, "b": [1.0, "x"], "c": {"d": null}})", "{}",
                 R"({"a": 1, "b": [1.0, "x"], "c": {"d": null}})"},
        EvalCase{"scalar", "7", "{}", "7"},
        EvalCase{"path", R"({"v.$": "$.x"})", R"({"x": [1, 2]})", R"({"v": [1, 2]})"},
        EvalCase{"root", R"({"all.$": "$"})", R"({"x": 1})", R"({"all": {"x": 1}})"},
        EvalCase{"null value", R"({"v.$": "$.x"})", R"({"x": null})", R"({"v": null})"},
        EvalCase{"context", R"({"name.$": "$$.Execution.Name", "in.$": "$$.Execution.Input"})",
                 "{}", R"({"name": "exec", "in": {"k": 1}})"},
        EvalCase{"variable", R"({"n.$": "$count", "m.$": "$cfg.mode"})", "{}",
                 R"({"n": 3, "m": "fast"})"},
        EvalCase{"intrinsic", R"j({"s.$": "States.Format('{}-{}', $.a, $$.Execution.Name)"})j",
                 R"({"a": "x"})", R"({"s": "x-exec"})"},
        EvalCase{"indefinite", R"({"ids.$": "$.items[*].id"})",
                 R"({"items": [{"id": 1}, {"id": 2}]})", R"({"ids": [1, 2]})"},
        EvalCase{"nested", R"({"outer": {"inner.$": "$.a", "lit": true}, "z": 0})", R"({"a": 5})",
                 R"({"outer": {"inner": 5, "lit": true}, "z": 0})"},
        EvalCase{"in array", R"({"list": [{"v.$": "$.a"}, 2]})", R"({"a": "q"})",
                 R"({"list": [{"v": "q"}, 2]})"},
        EvalCase{"key order", R"({"z": 1, "a.$": "$.a", "m": 2})", R"({"a": 0})",
                 R"({"z": 1, "a": 0, "m": 2})"},
        EvalCase{"ints stay ints", R"({"i.$": "$.i", "f.$": "$.f"})", R"({"i": 1, "f": 1.0})",
                 R"({"i": 1, "f": 1.0})"}));

TEST(TemplateTest, KeyOrderAndNumberKindsAreExact) {
  auto templ = Template::Compile(J(R"({"z": 1, "a.$": "$.f", "m": 2.0})"));
  Json input = J(R"({"f": 1.0})");
  Json context = Json::object();
  auto result = templ->Evaluate(Scope{input, context});
  EXPECT_EQ(DumpJson(result.value()), R"({"z":1,"a":1.0,"m":2.0})");
}

struct FailCase {
  const char* templ;
  const char* input;
  const char* cause;
};

class TemplateFailTest : public ::testing::TestWithParam<FailCase> {};

TEST_P(TemplateFailTest, Fails) {
  const auto& c = GetParam();
  auto templ = Template::Compile(J(c.templ));
  ASSERT_TRUE(templ.ok()) << templ.status().ToString();
  Json input = J(c.input);
  Json context = J(R"({"Execution": {"Name": "e"}})");
  auto result = templ->Evaluate(Scope{input, context});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().error, "States.Runtime");
  EXPECT_EQ(result.failure().cause, c.cause);
}

INSTANTIATE_TEST_SUITE_P(
    Templates, TemplateFailTest,
    ::testing::Values(
        FailCase{R"({"value.$": "$.no_such_jsonpath"})", R"({"int-literal": 0})",
                 "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not "
                 "be found in the input '{\"int-literal\":0}'"},
        FailCase{R"({"outer": {"y.$": "$.x.y"}})", R"({"x": {}})",
                 "The JSONPath '$.x.y' specified for the field 'y.$' could not be found in the "
                 "input '{\"x\":{}}'"},
        FailCase{R"({"v.$": "$$.Execution.Nope"})", "{}",
                 "The JSONPath '$$.Execution.Nope' specified for the field 'v.$' could not be "
                 "found in the input '{\"Execution\":{\"Name\":\"e\"}}'"},
        FailCase{R"j({"v.$": "States.ArrayGetItem($.a, 1)"})j", R"({"a": [0]})",
                 "Invalid arguments in States.ArrayGetItem: the index 1 is out of bounds for an "
                 "array of length 1"}));

class TemplateInvalidTest : public ::testing::TestWithParam<const char*> {};

TEST_P(TemplateInvalidTest, Rejects) {
  auto templ = Template::Compile(J(GetParam()));
  ASSERT_FALSE(templ.ok()) << GetParam();
  EXPECT_EQ(templ.status().code(), ErrorCode::kInvalidDefinition);
}

INSTANTIATE_TEST_SUITE_P(Templates, TemplateInvalidTest,
                         ::testing::Values(R"({"v.$": 1})", R"({"v.$": "x"})", R"({"v.$": "$.a["})",
                                           R"j({"v.$": "States.Nope()"})j",
                                           R"({"deep": {"v.$": null}})",
                                           R"({"list": [{"v.$": "bad"}]})"));

TEST(TemplateTest, IllegalEscapeMessage) {
  auto templ = Template::Compile(J(
      R"j({"parsed.$": "States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')"})j"));
  ASSERT_FALSE(templ.ok());
  EXPECT_EQ(templ.status().message(),
            "The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic "
            "function call");
}

TEST(TemplateTest, UndefinedVariableFails) {
  auto templ = Template::Compile(J(R"({"v.$": "$nope"})"));
  ASSERT_TRUE(templ.ok());
  Json input = J(R"({"a": 1})");
  Json context = Json::object();
  Json variables = Json::object();
  auto result = templ->Evaluate(Scope{input, context, &variables});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().error, "States.Runtime");
}

}  // namespace
}  // namespace sfn::dataflow
