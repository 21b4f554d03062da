#include "emulator/core/arn.h"

#include <gtest/gtest.h>

namespace sfn {
namespace {

TEST(ArnTest, StateMachineRoundTrip) {
  std::string arn = MakeStateMachineArn("eu-west-1", "123456789012", "orders");
  EXPECT_EQ(arn, "arn:aws:states:eu-west-1:123456789012:stateMachine:orders");
  Result<StateMachineRef> ref = ParseStateMachineArn(arn);
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->name, "orders");
  EXPECT_EQ(ref->region, "eu-west-1");
  EXPECT_FALSE(ref->qualifier.has_value());
  Result<StateMachineRef> qualified = ParseStateMachineArn(arn + ":3");
  ASSERT_TRUE(qualified.ok());
  EXPECT_EQ(qualified->qualifier, "3");
}

TEST(ArnTest, ExecutionRoundTrip) {
  std::string arn = MakeExecutionArn("us-east-1", "123456789012", "orders", "run-1");
  Result<ExecutionRef> ref = ParseExecutionArn(arn);
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->state_machine_name, "orders");
  EXPECT_EQ(ref->execution_name, "run-1");
  EXPECT_EQ(ref->StateMachineArn(), "arn:aws:states:us-east-1:123456789012:stateMachine:orders");
}

TEST(ArnTest, RejectsWithAwsMessages) {
  Result<StateMachineRef> bad = ParseStateMachineArn("not-an-arn");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArn);
  EXPECT_EQ(bad.status().message(), "Invalid Arn: 'Invalid ARN prefix: not-an-arn'");
  Result<StateMachineRef> wrong_type =
      ParseStateMachineArn("arn:aws:states:us-east-1:123456789012:execution:a:b");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.status().message(),
            "Invalid Arn: 'Resource type not valid in this context: execution'");
}

TEST(ArnTest, IamRoleParses) {
  Result<ParsedArn> p = ParseArn("arn:aws:iam::123456789012:role/service-role/x");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->service, "iam");
  EXPECT_EQ(p->resource_type, "role");
  EXPECT_EQ(p->resource, "service-role/x");
}

TEST(ArnTest, ResourceNames) {
  for (const char* ok : {"a", "order-flow_1", "Ünïcode", "a.b"}) {
    EXPECT_TRUE(IsValidResourceName(ok)) << ok;
  }
  for (const char* bad : {"", "has space", "a:b", "a/b", "a*b", "a?b", "a\"b", "a#b", "a{b",
                          "tab\there"}) {
    EXPECT_FALSE(IsValidResourceName(bad)) << bad;
  }
  EXPECT_TRUE(IsValidResourceName(std::string(80, 'x')));
  EXPECT_FALSE(IsValidResourceName(std::string(81, 'x')));
}

}  // namespace
}  // namespace sfn
