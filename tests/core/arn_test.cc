#include "emulator/core/arn.h"

#include <gtest/gtest.h>

namespace sfn {
namespace {

TEST(PartitionTest, FromRegion) {
  struct Case {
    const char* region;
    const char* partition;
  };
  // botocore's partitions.json, one region of each.
  for (const Case& c : std::initializer_list<Case>{{"us-east-1", "aws"},
                                                   {"eu-west-3", "aws"},
                                                   {"ap-southeast-2", "aws"},
                                                   {"cn-north-1", "aws-cn"},
                                                   {"cn-northwest-1", "aws-cn"},
                                                   {"us-gov-west-1", "aws-us-gov"},
                                                   {"us-gov-east-1", "aws-us-gov"},
                                                   {"us-iso-east-1", "aws-iso"},
                                                   {"us-isob-east-1", "aws-iso-b"},
                                                   {"us-isof-south-1", "aws-iso-f"},
                                                   {"eu-isoe-west-1", "aws-iso-e"},
                                                   {"eusc-de-east-1", "aws-eusc"}}) {
    EXPECT_EQ(PartitionOf(c.region), c.partition) << c.region;
    EXPECT_TRUE(IsKnownPartition(c.partition));
  }
  EXPECT_FALSE(IsKnownPartition("aws-moon"));
}

TEST(ArnTest, BuildersTakeThePartitionFromTheRegion) {
  EXPECT_EQ(MakeStateMachineArn("cn-north-1", "123456789012", "orders"),
            "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:orders");
  EXPECT_EQ(MakeExecutionArn("us-gov-west-1", "123456789012", "orders", "run-1"),
            "arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:orders:run-1");
  EXPECT_EQ(MakeExpressExecutionArn("us-east-1", "123456789012", "o", "n", "id"),
            "arn:aws:states:us-east-1:123456789012:express:o:n:id");
  EXPECT_EQ(MakeActivityArn("us-iso-east-1", "123456789012", "work"),
            "arn:aws-iso:states:us-iso-east-1:123456789012:activity:work");
  EXPECT_EQ(MakeMapRunArn("arn:aws-cn:states:cn-north-1:123456789012:stateMachine:o:3", "m", "i"),
            "arn:aws-cn:states:cn-north-1:123456789012:mapRun:o/m:i");
  EXPECT_EQ(MakeLambdaFunctionArn("cn-north-1", "123456789012", "greet", "live"),
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:greet:live");
  EXPECT_EQ(MakeVersionArn("arn:aws:states:us-east-1:123456789012:stateMachine:o", 2),
            "arn:aws:states:us-east-1:123456789012:stateMachine:o:2");
}

TEST(ArnTest, StatesArnKinds) {
  const std::string sm = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders";
  struct Case {
    std::string arn;
    StatesArnKind kind;
  };
  for (const Case& c : std::initializer_list<Case>{
           {sm, kStateMachineArn},
           {sm + ":3", kVersionArn},
           {sm + ":prod", kAliasArn},
           {sm + "/items", kMapStateArn},
           {"arn:aws:states:eu-west-1:123456789012:execution:orders:run", kExecutionArn},
           {"arn:aws:states:eu-west-1:123456789012:execution:orders/items:c", kExecutionArn},
           {"arn:aws:states:eu-west-1:123456789012:express:orders:run:id", kExpressExecutionArn},
           {"arn:aws:states:eu-west-1:123456789012:mapRun:orders/items:id", kMapRunArn},
           {"arn:aws:states:eu-west-1:123456789012:activity:work", kActivityArn},
       }) {
    Result<StatesArn> parsed = ParseStatesArn(c.arn, c.kind);
    ASSERT_TRUE(parsed.ok()) << c.arn << ": " << parsed.status().message();
    EXPECT_EQ(parsed->kind, c.kind) << c.arn;
    EXPECT_EQ(parsed->region, "eu-west-1");
    if (c.kind != kActivityArn) {
      EXPECT_EQ(parsed->StateMachineArn(), sm) << c.arn;
    }
  }
  Result<StatesArn> version = ParseStatesArn(sm + ":3", kAnyStateMachineArn);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->version, 3);
  Result<StatesArn> run =
      ParseStatesArn("arn:aws:states:eu-west-1:123456789012:mapRun:orders/items:id", kMapRunArn);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->label, "items");
  EXPECT_EQ(run->execution, "id");
}

TEST(ArnTest, RejectsWithAwsMessages) {
  const std::string sm = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
  struct Case {
    std::string arn;
    StatesArnKinds allowed;
    std::string message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"not-an-arn", kAnyStateMachineArn, "Invalid Arn: 'Invalid ARN prefix: not-an-arn'"},
           {"arn:aws:states:us-east-1:123456789012:execution:a:b", kAnyStateMachineArn,
            "Invalid Arn: 'Resource type not valid in this context: execution'"},
           {sm, kAnyExecutionArn,
            "Invalid Arn: 'Resource type not valid in this context: "
            "stateMachine'"},
           // The right type in a form the field does not take.
           {sm + ":1", kStateMachineArn, "Invalid Arn: '" + sm + ":1'"},
           {sm + ":prod", kStateMachineArn | kVersionArn, "Invalid Arn: '" + sm + ":prod'"},
           // Accounts of 12 digits, the region's own partition, known partitions.
           {"arn:aws:states:us-east-1:1234:stateMachine:o", kAnyStateMachineArn,
            "Invalid Arn: 'arn:aws:states:us-east-1:1234:stateMachine:o'"},
           {"arn:aws:states:cn-north-1:123456789012:stateMachine:o", kAnyStateMachineArn,
            "Invalid Arn: 'arn:aws:states:cn-north-1:123456789012:stateMachine:o'"},
           {"arn:aws-cn:states:us-east-1:123456789012:stateMachine:o", kAnyStateMachineArn,
            "Invalid Arn: 'arn:aws-cn:states:us-east-1:123456789012:stateMachine:o'"},
           {"arn:moon:states:us-east-1:123456789012:stateMachine:o", kAnyStateMachineArn,
            "Invalid Arn: 'arn:moon:states:us-east-1:123456789012:stateMachine:o'"},
           {"arn:aws:lambda:us-east-1:123456789012:stateMachine:o", kAnyStateMachineArn,
            "Invalid Arn: 'arn:aws:lambda:us-east-1:123456789012:stateMachine:o'"},
           {"arn:aws:states:us-east-1:123456789012:stateMachine:", kAnyStateMachineArn,
            "Invalid Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:'"},
           {"arn:aws:states:us-east-1:123456789012:stateMachine:a b", kAnyStateMachineArn,
            "Invalid Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:a b'"},
           {sm + ":0", kAnyStateMachineArn, "Invalid Arn: '" + sm + ":0'"},
           {sm + ":a:b", kAnyStateMachineArn, "Invalid Arn: '" + sm + ":a:b'"},
       }) {
    Result<StatesArn> parsed = ParseStatesArn(c.arn, c.allowed);
    ASSERT_FALSE(parsed.ok()) << c.arn;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArn) << c.arn;
    EXPECT_EQ(parsed.status().message(), c.message) << c.arn;
  }
}

TEST(ArnTest, RoleArns) {
  for (const char* ok : {"arn:aws:iam::123456789012:role/x",
                         "arn:aws:iam::123456789012:role/service-role/my_role+=,.@-1"}) {
    EXPECT_TRUE(CheckRoleArn(ok, "aws").ok()) << ok;
  }
  EXPECT_TRUE(CheckRoleArn("arn:aws-cn:iam::123456789012:role/x", "aws-cn").ok());
  for (const char* bad :
       {"not-an-arn", "arn:aws:iam::1234:role/x", "arn:aws:iam::123456789012:user/x",
        "arn:aws:iam::123456789012:role/", "arn:aws:iam:us-east-1:123456789012:role/x",
        "arn:aws:sts::123456789012:role/x", "arn:aws-cn:iam::123456789012:role/x",
        "arn:aws:iam::123456789012:role/a b"}) {
    Status s = CheckRoleArn(bad, "aws");
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArn) << bad;
    EXPECT_EQ(s.message(), "Invalid Role Arn: '" + std::string(bad) + "'");
  }
}

TEST(ArnTest, IntegrationResources) {
  std::optional<IntegrationResource> r =
      ParseIntegrationResource("arn:aws-cn:states:::states:startExecution.sync:2");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->partition, "aws-cn");
  EXPECT_EQ(r->service, "states");
  EXPECT_EQ(r->action, "startExecution");
  EXPECT_EQ(r->pattern, "sync:2");
  r = ParseIntegrationResource("arn:aws:states:::aws-sdk:s3:listObjectsV2");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->service, "aws-sdk");
  EXPECT_EQ(r->action, "s3:listObjectsV2");
  EXPECT_FALSE(ParseIntegrationResource("arn:aws:lambda:us-east-1:123456789012:function:f"));
  EXPECT_FALSE(ParseIntegrationResource("lambda:invoke"));
}

}  // namespace
}  // namespace sfn
