#include "emulator/lambda/function_ref.h"

#include <gtest/gtest.h>

namespace sfn::lambda {
namespace {

struct RefCase {
  const char* ref;
  bool ok;
  const char* name;
  const char* qualifier;  // nullptr: none
  const char* region;
  const char* account;
};

class FunctionRefTest : public testing::TestWithParam<RefCase> {};

TEST_P(FunctionRefTest, Parses) {
  const RefCase& c = GetParam();
  Result<FunctionRef> r = ParseFunctionRef(c.ref);
  ASSERT_EQ(r.ok(), c.ok) << c.ref << ": " << r.status().ToString();
  if (!c.ok) {
    EXPECT_EQ(r.status().code(), ErrorCode::kValidationException);
    return;
  }
  EXPECT_EQ(r->name, c.name);
  EXPECT_EQ(r->qualifier.value_or("<none>"), c.qualifier ? c.qualifier : "<none>");
  EXPECT_EQ(r->region.value_or("<none>"), c.region ? c.region : "<none>");
  EXPECT_EQ(r->account.value_or("<none>"), c.account ? c.account : "<none>");
}

INSTANTIATE_TEST_SUITE_P(
    All, FunctionRefTest,
    testing::Values(
        RefCase{"greet", true, "greet", nullptr, nullptr, nullptr},
        RefCase{"greet:7", true, "greet", "7", nullptr, nullptr},
        RefCase{"greet:live", true, "greet", "live", nullptr, nullptr},
        RefCase{"greet:$LATEST", true, "greet", "$LATEST", nullptr, nullptr},
        RefCase{"123456789012:function:greet", true, "greet", nullptr, nullptr, "123456789012"},
        RefCase{"123456789012:function:greet:2", true, "greet", "2", nullptr, "123456789012"},
        RefCase{"arn:aws:lambda:eu-west-1:123456789012:function:greet", true, "greet", nullptr,
                "eu-west-1", "123456789012"},
        RefCase{"arn:aws:lambda:eu-west-1:123456789012:function:greet:live", true, "greet",
                "live", "eu-west-1", "123456789012"},
        RefCase{"", false, "", nullptr, nullptr, nullptr},
        RefCase{"bad name", false, "", nullptr, nullptr, nullptr},
        RefCase{"greet:a:b", false, "", nullptr, nullptr, nullptr},
        RefCase{"greet:bad!", false, "", nullptr, nullptr, nullptr},
        RefCase{"arn:aws:states:us-east-1:123456789012:function:greet", false, "", nullptr,
                nullptr, nullptr},
        RefCase{"arn:aws:lambda:us-east-1:12345:function:greet", false, "", nullptr, nullptr,
                nullptr},
        RefCase{"arn:aws:lambda:us-east-1:123456789012:layer:greet", false, "", nullptr,
                nullptr, nullptr}));

TEST(QualifierTest, Kinds) {
  EXPECT_EQ(KindOf(std::nullopt), QualifierKind::kLatest);
  EXPECT_EQ(KindOf(std::string("$LATEST")), QualifierKind::kLatest);
  EXPECT_EQ(KindOf(std::string("12")), QualifierKind::kVersion);
  EXPECT_EQ(KindOf(std::string("live")), QualifierKind::kAlias);
  EXPECT_EQ(KindOf(std::string("v2")), QualifierKind::kAlias);
  EXPECT_FALSE(IsVersionNumber("012"));
  EXPECT_FALSE(IsValidAliasName("123"));
  EXPECT_TRUE(IsValidAliasName("blue-green_1"));
}

TEST(QualifierTest, MergeExplicitWithDerived) {
  FunctionRef plain{"greet", std::nullopt, std::nullopt, std::nullopt};
  FunctionRef qualified{"greet", std::string("1"), std::nullopt, std::nullopt};
  EXPECT_EQ(*MergeQualifier(plain, std::nullopt), std::nullopt);
  EXPECT_EQ(**MergeQualifier(plain, std::string("live")), "live");
  EXPECT_EQ(**MergeQualifier(qualified, std::nullopt), "1");
  EXPECT_EQ(**MergeQualifier(qualified, std::string("1")), "1");
  Result<std::optional<std::string>> conflict = MergeQualifier(qualified, std::string("2"));
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), ErrorCode::kInvalidParameterValueException);
}

TEST(ArnTest, Builds) {
  EXPECT_EQ(FunctionArn("us-east-1", "123456789012", "greet"),
            "arn:aws:lambda:us-east-1:123456789012:function:greet");
  EXPECT_EQ(QualifiedArn("us-east-1", "123456789012", "greet", "live"),
            "arn:aws:lambda:us-east-1:123456789012:function:greet:live");
}

}  // namespace
}  // namespace sfn::lambda
