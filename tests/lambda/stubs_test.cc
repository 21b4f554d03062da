#include "emulator/lambda/stubs.h"

#include <gtest/gtest.h>

namespace sfn::lambda {
namespace {

Json Parse(const char* text) { return *ParseJson(text); }

TEST(StubsTest, ResponseTemplateErrorAndSequence) {
  auto stubs = Stubs::Parse(Parse(R"({
    "a": {"$LATEST": {"Response": {"x": 1}}},
    "t": {"*": {"ResponseTemplate": {"v.$": "$.in", "f.$": "$$.FunctionName"}}},
    "s": {"1": {"Sequence": [{"Error": "E", "Cause": "c"}, {"Response": 2, "Delay": 5}]}}
  })"));
  ASSERT_TRUE(stubs.ok()) << stubs.status().ToString();
  Stubs& s = **stubs;
  Json ctx = {{"FunctionName", "t"}};
  EXPECT_EQ(s.Answer("a", "$LATEST", Json::object(), ctx).result.payload, R"({"x":1})");
  EXPECT_EQ(s.Answer("t", "9", Json{{"in", "yo"}}, ctx).result.payload, R"({"v":"yo","f":"t"})");
  StubAnswer first = s.Answer("s", "1", Json::object(), ctx);
  EXPECT_EQ(first.result.function_error, std::optional<std::string>("Unhandled"));
  EXPECT_EQ(first.result.payload, R"({"errorType":"E","errorMessage":"c"})");
  StubAnswer second = s.Answer("s", "1", Json::object(), ctx);
  EXPECT_EQ(second.result.payload, "2");
  EXPECT_EQ(second.delay_ms, 5);
  EXPECT_EQ(s.Answer("s", "1", Json::object(), ctx).result.payload, "2");  // last repeats
  EXPECT_TRUE(s.HasVersion("t", "anything"));
  EXPECT_TRUE(s.HasVersion("s", "1"));
  EXPECT_FALSE(s.HasVersion("s", "2"));
  EXPECT_FALSE(s.HasFunction("zzz"));
}

TEST(StubsTest, TemplatePathMissingIsAFunctionError) {
  auto stubs = Stubs::Parse(Parse(R"({"t": {"$LATEST": {"ResponseTemplate": {"v.$": "$.nope"}}}})"));
  ASSERT_TRUE(stubs.ok());
  StubAnswer a = (*stubs)->Answer("t", "$LATEST", Json::object(), Json::object());
  EXPECT_EQ(a.result.function_error, std::optional<std::string>("Unhandled"));
  EXPECT_NE(a.result.payload.find("States.Runtime"), std::string::npos);
}

class BadStubsTest : public testing::TestWithParam<const char*> {};

TEST_P(BadStubsTest, Rejected) {
  auto stubs = Stubs::Parse(Parse(GetParam()));
  ASSERT_FALSE(stubs.ok()) << GetParam();
  EXPECT_EQ(stubs.status().code(), ErrorCode::kInvalidParameterValueException);
}

INSTANTIATE_TEST_SUITE_P(
    All, BadStubsTest,
    testing::Values(R"([])", R"({"f": 1})", R"({"f": {}})", R"({"f": {"$LATEST": 3}})",
                    R"({"f": {"$LATEST": {"Error": 5}}})",
                    R"({"f": {"$LATEST": {"Response": 1, "Error": "E"}}})",
                    R"({"f": {"$LATEST": {"Delay": -1}}})",
                    R"({"f": {"$LATEST": {"Sequence": []}}})",
                    R"({"f": {"$LATEST": {"Bogus": 1}}})",
                    R"({"f": {"$LATEST": {"ResponseTemplate": {"a.$": "not a path"}}}})"));

}  // namespace
}  // namespace sfn::lambda
