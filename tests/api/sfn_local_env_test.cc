#include "api/sfn_local_env.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/api/test_env.h"

namespace sfn::api {
namespace {

using testing::Env;

TEST(SfnLocalEnvTest, MapsAccountRegionAndWaitScale) {
  auto o = ParseOptions({}, Env({{"AWS_ACCOUNT_ID", "210987654321"},
                                 {"AWS_DEFAULT_REGION", "eu-north-1"},
                                 {"WAIT_TIME_SCALE", "0.01"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->account_id, "210987654321");
  EXPECT_EQ(o->region, "eu-north-1");
  EXPECT_DOUBLE_EQ(o->wait_scale, 0.01);
  EXPECT_EQ(o->clock, "real");
}

TEST(SfnLocalEnvTest, WaitTimeScaleZeroSelectsTheVirtualClock) {
  auto o = ParseOptions({}, Env({{"WAIT_TIME_SCALE", "0"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->clock, "virtual");
  EXPECT_DOUBLE_EQ(o->wait_scale, 1.0);
}

TEST(SfnLocalEnvTest, EmulatorVariablesAndFlagsWin) {
  auto o =
      ParseOptions({"--region", "ap-south-1"}, Env({{"AWS_DEFAULT_REGION", "eu-north-1"},
                                                    {"AWS_ACCOUNT_ID", "210987654321"},
                                                    {"SFN_EMULATOR_ACCOUNT_ID", "111122223333"},
                                                    {"WAIT_TIME_SCALE", "0"},
                                                    {"SFN_EMULATOR_CLOCK", "manual"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->region, "ap-south-1");
  EXPECT_EQ(o->account_id, "111122223333");
  EXPECT_EQ(o->clock, "manual");
}

TEST(SfnLocalEnvTest, EmptyValuesAreUnset) {
  // Step Functions Local's credentials file template leaves unused endpoints empty.
  auto o = ParseOptions(
      {}, Env({{"SQS_ENDPOINT", ""}, {"AWS_ACCOUNT_ID", ""}, {"WAIT_TIME_SCALE", ""}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->account_id, "123456789012");
}

TEST(SfnLocalEnvTest, LambdaEndpointIsLeftToTheLambdaOptions) {
  Options o;
  EXPECT_TRUE(ApplySfnLocalEnv(Env({{"LAMBDA_ENDPOINT", "http://localhost:3001"}}), o).ok());
}

TEST(SfnLocalEnvTest, EveryOtherEndpointIsRejectedByName) {
  int rejected = 0;
  for (const SfnLocalVariable& var : SfnLocalVariables()) {
    const std::string name = var.name;
    if (name.size() < 9 || name.substr(name.size() - 9) != "_ENDPOINT" ||
        name == "LAMBDA_ENDPOINT") {
      continue;
    }
    Options o;
    Status s = ApplySfnLocalEnv(Env({{name, "http://localhost:4566"}}), o);
    ASSERT_FALSE(s.ok()) << name;
    EXPECT_EQ(s.code(), ErrorCode::kValidationException);
    EXPECT_EQ(
        s.message().rfind(name + " is not supported: sfn-emulator emulates Lambda tasks only", 0),
        0u)
        << s.message();
    ++rejected;
  }
  EXPECT_EQ(
      rejected,
      10);  // Batch, DynamoDB, ECS, Glue, SageMaker, SQS, SNS, Step Functions, EKS, Databricks
}

TEST(SfnLocalEnvTest, RejectsBadValuesNamingTheVariable) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"AWS_ACCOUNT_ID", "12"}, {"WAIT_TIME_SCALE", "-1"}, {"WAIT_TIME_SCALE", "fast"}}) {
    auto o = ParseOptions({}, Env({{name, value}}));
    ASSERT_FALSE(o.ok()) << name << "=" << value;
    EXPECT_NE(o.status().message().find(name), std::string::npos) << o.status().message();
  }
}

}  // namespace
}  // namespace sfn::api
