#include "emulator/dataflow/reference.h"

#include <gtest/gtest.h>

namespace sfn::dataflow {
namespace {

Json J(const char* text) { return Json::parse(text); }

struct RefCase {
  const char* text;
  Reference::Root root;
  const char* expected;  // nullptr: nothing found
};

class ReferenceTest : public ::testing::TestWithParam<RefCase> {};

TEST_P(ReferenceTest, Evaluates) {
  const auto& c = GetParam();
  auto ref = Reference::Parse(c.text);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->root(), c.root);
  EXPECT_EQ(ref->text(), c.text);
  Json input = J(R"({"a": {"b": 1}})");
  Json context = J(R"({"State": {"Name": "S"}})");
  Json variables = J(R"({"x": {"y": [5, 6]}, "flag": false, "_v2": null})");
  auto value = ref->Evaluate(Scope{input, context, &variables}).value();
  if (c.expected == nullptr) {
    EXPECT_FALSE(value.has_value());
  } else {
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(DumpJson(*value), DumpJson(J(c.expected)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Refs, ReferenceTest,
    ::testing::Values(RefCase{"$", Reference::Root::kInput, R"({"a": {"b": 1}})"},
                      RefCase{"$.a.b", Reference::Root::kInput, "1"},
                      RefCase{"$.nope", Reference::Root::kInput, nullptr},
                      RefCase{"$$.State.Name", Reference::Root::kContext, R"("S")"},
                      RefCase{"$x", Reference::Root::kVariable, R"({"y": [5, 6]})"},
                      RefCase{"$x.y[1]", Reference::Root::kVariable, "6"},
                      RefCase{"$x['y'][*]", Reference::Root::kVariable, "[5, 6]"},
                      RefCase{"$flag", Reference::Root::kVariable, "false"},
                      RefCase{"$_v2", Reference::Root::kVariable, "null"},
                      RefCase{"$missing", Reference::Root::kVariable, nullptr},
                      RefCase{"$x.nope", Reference::Root::kVariable, nullptr}));

TEST(ReferenceTest, VariablesWithoutScopeVariables) {
  auto ref = Reference::Parse("$x");
  Json doc = Json::object();
  EXPECT_FALSE(ref->Evaluate(Scope{doc, doc}).value().has_value());
}

TEST(ReferenceTest, RejectsInvalid) {
  for (const char* text : {"", "x", "$x.", "$x[", "$.a[", "$$x"}) {
    auto ref = Reference::Parse(text);
    EXPECT_FALSE(ref.ok()) << text;
  }
  EXPECT_TRUE(Reference::LooksLikeVariable("$abc"));
  EXPECT_FALSE(Reference::LooksLikeVariable("$.abc"));
  EXPECT_FALSE(Reference::LooksLikeVariable("$$"));
  EXPECT_FALSE(Reference::LooksLikeVariable("$1"));
}

}  // namespace
}  // namespace sfn::dataflow
