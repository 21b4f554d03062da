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

TEST(SfnLocalEnvTest, EveryServiceEndpointBecomesAnEndpointFlag) {
  int mapped = 0;
  for (const SfnLocalVariable& var : SfnLocalVariables()) {
    const std::string name = var.name;
    if (name.size() < 9 || name.substr(name.size() - 9) != "_ENDPOINT" ||
        name == "LAMBDA_ENDPOINT") {
      continue;
    }
    Options o;
    Status s = ApplySfnLocalEnv(Env({{name, "http://localhost:4566"}}), o);
    ASSERT_TRUE(s.ok()) << name << ": " << s.ToString();
    ASSERT_EQ(o.endpoints.size(), 1u) << name;
    // The flag it maps to names the same service.
    EXPECT_EQ(std::string(var.maps_to), "--endpoint " + o.endpoints[0].first + "=URL") << name;
    EXPECT_EQ(o.endpoints[0].second, "http://localhost:4566");
    ++mapped;
  }
  EXPECT_EQ(
      mapped,
      10);  // Batch, DynamoDB, ECS, Glue, SageMaker, SQS, SNS, Step Functions, EKS, Databricks
}

TEST(SfnLocalEnvTest, EndpointsFlagsAndMockConfigKeepTheirPrecedence) {
  auto o = ParseOptions({"--endpoint", "sqs=http://flag:1", "--endpoint", "sns=http://flag:2"},
                        Env({{"SQS_ENDPOINT", "http://local:1"},
                             {"DYNAMODB_ENDPOINT", "http://local:3"},
                             {"SFN_EMULATOR_ENDPOINT", "sqs=http://env:1,events=http://env:4"},
                             {"SFN_MOCK_CONFIG", "/tmp/MockConfigFile.json"},
                             {"AWS_ACCESS_KEY_ID", "AKID"},
                             {"AWS_SECRET_ACCESS_KEY", "SECRET"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  // In order: Step Functions Local's variables, SFN_EMULATOR_ENDPOINT, flags (a
  // later entry for the same service wins).
  std::vector<std::pair<std::string, std::string>> expected = {
      {"dynamodb", "http://local:3"}, {"sqs", "http://local:1"}, {"sqs", "http://env:1"},
      {"events", "http://env:4"},     {"sqs", "http://flag:1"},  {"sns", "http://flag:2"}};
  EXPECT_EQ(o->endpoints, expected);
  EXPECT_EQ(o->mock_config, "/tmp/MockConfigFile.json");
  EXPECT_EQ(o->aws_access_key_id, "AKID");
  EXPECT_EQ(o->aws_secret_access_key, "SECRET");
  o = ParseOptions({"--mock-config", "other.json"}, Env({{"SFN_MOCK_CONFIG", "/tmp/x.json"}}));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->mock_config, "other.json");
}

TEST(SfnLocalEnvTest, BadEndpointsNameTheVariableOrFlag) {
  auto o = ParseOptions({}, Env({{"SQS_ENDPOINT", "localhost:9324"}}));
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(),
            "invalid value 'localhost:9324' for SQS_ENDPOINT (Step Functions Local): expected "
            "http://host[:port]");
  o = ParseOptions({"--endpoint", "sqz=http://x:1"}, Env({}));
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("invalid value 'sqz=http://x:1' for --endpoint: unknown "
                                      "service 'sqz'"),
            std::string::npos)
      << o.status().message();
  o = ParseOptions({"--endpoint", "sqs"}, Env({}));
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(), "invalid value 'sqs' for --endpoint: expected SERVICE=URL");
  o = ParseOptions({"--aws-endpoint", "https://x"}, Env({}));
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(),
            "invalid --aws-endpoint 'https://x': expected http://host[:port]");
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
