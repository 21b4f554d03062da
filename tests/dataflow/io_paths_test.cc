#include "emulator/dataflow/io_paths.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace sfn::dataflow {
namespace {

Json J(const char* text) { return Json::parse(text); }

IoPath Path(const char* text) { return IoPath::FromJson(Json(text)).value(); }
IoPath NullPath() { return IoPath::FromJson(Json()).value(); }

// InputPath/OutputPath as the parser compiles them: a path, or null (a
// literal {}).
Field IoField(std::optional<const char*> text) {
  if (!text) return Field("InputPath", MakeLiteral(Json::object()));
  return Field("InputPath", MakePath(Reference::Parse(*text).value()));
}

TEST(IoPathTest, FromJson) {
  EXPECT_FALSE(IoPath::FromJson(Json()).value().path.has_value());
  EXPECT_EQ(IoPath::FromJson(Json("$.a")).value().path->text(), "$.a");
  EXPECT_EQ(IoPath::Dollar().path->text(), "$");
  for (const char* bad : {"1", "true", "{}", "[]", "\"x\"", "\"$.a[\""}) {
    auto result = IoPath::FromJson(J(bad));
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.status().code(), ErrorCode::kInvalidDefinition);
  }
}

struct SelectCase {
  const char* name;
  std::optional<const char*> path;  // nullopt: the definition said null
  const char* document;
  const char* expected;  // nullptr: failure
  const char* cause;
};

class InputPathTest : public ::testing::TestWithParam<SelectCase> {};

TEST_P(InputPathTest, Applies) {
  const auto& c = GetParam();
  Field field = IoField(c.path);
  Json input = J(c.document);
  Json context = J(R"({"Execution": {"Id": "id-1"}})");
  auto result = ApplyIoPath(field, EvalScope{input, context});
  if (c.expected == nullptr) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure().error, "States.Runtime");
    EXPECT_EQ(result.failure().cause, c.cause);
  } else {
    ASSERT_TRUE(result.ok()) << result.failure().cause;
    EXPECT_EQ(DumpJson(result.value()), DumpJson(J(c.expected)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Paths, InputPathTest,
    ::testing::Values(
        SelectCase{"dollar", "$", R"({"a":1})", R"({"a":1})", nullptr},
        SelectCase{"null", std::nullopt, R"({"a":1})", "{}", nullptr},
        SelectCase{"field", "$.a", R"({"a":{"b":[1]}})", R"({"b":[1]})", nullptr},
        SelectCase{"null value", "$.a", R"({"a":null})", "null", nullptr},
        SelectCase{"index", "$.l[1]", R"({"l":[1,2]})", "2", nullptr},
        SelectCase{"indefinite", "$.l[*].x", R"({"l":[{"x":1},{"y":2}]})", "[1]", nullptr},
        SelectCase{"indefinite none", "$.l[*].z", R"({"l":[{"x":1}]})", "[]", nullptr},
        SelectCase{"context", "$$.Execution.Id", "{}", R"("id-1")", nullptr},
        SelectCase{"missing", "$.NoSuchInputPath", R"({"a":1})", nullptr,
                   "Invalid path '$.NoSuchInputPath' : No results for path: "
                   "$['NoSuchInputPath']"},
        SelectCase{"missing deep", "$.a.b", R"({"a":{}})", nullptr,
                   "Invalid path '$.a.b' : No results for path: $['a']['b']"},
        SelectCase{"missing index", "$.l[3]", R"({"l":[]})", nullptr,
                   "Invalid path '$.l[3]' : No results for path: $['l'][3]"},
        SelectCase{"missing before the last step", "$.a.b.c", R"({"a":{}})", nullptr,
                   "Invalid path '$.a.b.c' : Missing property in path $['a']['b']"}));

// A variable reference (`"InputPath": "$name.a"`) reads the variable.
TEST(IoPathTest, VariableReference) {
  Json input = J(R"({"x":1})");
  Json context = Json::object();
  Json variables = J(R"({"v":{"a":[7]}})");
  EvalScope scope{input, context, &variables};
  Field field("InputPath", MakePath(Reference::Parse("$v.a[0]").value()));
  auto result = ApplyIoPath(field, scope);
  ASSERT_TRUE(result.ok()) << result.failure().cause;
  EXPECT_EQ(result.value(), Json(7));
  Field undefined("InputPath", MakePath(Reference::Parse("$nope.a").value()));
  auto missing = ApplyIoPath(undefined, scope);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.failure().cause, "Invalid path '$nope' : No results for path: $['nope']");
}

struct ResultCase {
  const char* name;
  std::optional<const char*> path;
  const char* input;
  const char* result;
  const char* expected;  // nullptr: failure
  const char* cause;
};

class ResultPathTest : public ::testing::TestWithParam<ResultCase> {};

TEST_P(ResultPathTest, Applies) {
  const auto& c = GetParam();
  IoPath io = c.path ? Path(*c.path) : NullPath();
  auto out = ApplyResultPath(io, J(c.input), J(c.result));
  if (c.expected == nullptr) {
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.failure().error, "States.ResultPathMatchFailure");
    EXPECT_EQ(out.failure().cause, c.cause);
  } else {
    ASSERT_TRUE(out.ok()) << out.failure().cause;
    EXPECT_EQ(DumpJson(out.value()), DumpJson(J(c.expected)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Paths, ResultPathTest,
    ::testing::Values(
        ResultCase{"dollar", "$", R"({"a":1})", R"("r")", R"("r")", nullptr},
        ResultCase{"null", std::nullopt, R"({"a":1})", R"("r")", R"({"a":1})", nullptr},
        ResultCase{"new field", "$.r", R"({"a":1})", R"({"x":1})", R"({"a":1,"r":{"x":1}})",
                   nullptr},
        ResultCase{"replace field", "$.a", R"({"a":1,"b":2})", "3", R"({"a":3,"b":2})", nullptr},
        ResultCase{"create nested", "$.x.y", R"({"a":1})", "[1]", R"({"a":1,"x":{"y":[1]}})",
                   nullptr},
        ResultCase{"not an object", "$.r", R"("hello")", "1", nullptr,
                   "Unable to apply step \"r\" to input \"hello\""},
        ResultCase{"through a scalar", "$.a.b", R"({"a":5})", "1", nullptr,
                   "Unable to apply step \"b\" to input {\"a\":5}"}));

TEST(ResultPathTest, DoesNotModifyRawInput) {
  Json raw = J(R"({"a":1})");
  auto out = ApplyResultPath(Path("$.b"), raw, J("2"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(DumpJson(raw), R"({"a":1})");
  EXPECT_EQ(DumpJson(out.value()), R"({"a":1,"b":2})");
}

}  // namespace
}  // namespace sfn::dataflow
