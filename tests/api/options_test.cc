#include "api/options.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/api/test_env.h"

namespace sfn::api {
namespace {

using testing::Env;

TEST(OptionsTest, Defaults) {
  auto o = ParseOptions({}, Env({}));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->host, "127.0.0.1");
  EXPECT_EQ(o->port, 8083);
  EXPECT_EQ(o->data_dir, "./.sfn-emulator");
  EXPECT_EQ(o->account_id, "123456789012");
  EXPECT_EQ(o->clock, "real");
  EXPECT_EQ(o->workers, 0u);  // WorkerPool::DefaultSize()
}

TEST(OptionsTest, WorkersFromFlagOrEnvironment) {
  auto o = ParseOptions({}, Env({{"SFN_EMULATOR_WORKERS", "3"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->workers, 3u);
  o = ParseOptions({"--workers", "16"}, Env({{"SFN_EMULATOR_WORKERS", "3"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->workers, 16u);
  for (const char* bad : {"0", "-1", "two", "4x", "1025"}) {
    o = ParseOptions({"--workers", bad}, Env({}));
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_NE(o.status().message().find("--workers"), std::string::npos);
  }
}

TEST(OptionsTest, FlagsBeatEnvironment) {
  auto o = ParseOptions({"--port", "9000", "--clock=virtual", "--in-memory", "--seed", "7"},
                        Env({{"SFN_EMULATOR_PORT", "1234"}, {"SFN_EMULATOR_REGION", "eu-west-1"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->port, 9000);
  EXPECT_EQ(o->region, "eu-west-1");
  EXPECT_EQ(o->clock, "virtual");
  EXPECT_TRUE(o->in_memory);
  EXPECT_EQ(o->seed, 7u);
}

TEST(OptionsTest, LambdaFlagsAndStepFunctionsLocalVariable) {
  auto o = ParseOptions({"--functions", "stubs.json"},
                        Env({{"LAMBDA_ENDPOINT", "http://localhost:3001"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->functions_file, "stubs.json");
  EXPECT_EQ(o->lambda_endpoint, "http://localhost:3001");
  o = ParseOptions({}, Env({{"LAMBDA_ENDPOINT", "http://a:1"},
                            {"SFN_EMULATOR_LAMBDA_ENDPOINT", "http://b:2"},
                            {"SFN_EMULATOR_FUNCTIONS", "f.json"}}));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->lambda_endpoint, "http://b:2");
  EXPECT_EQ(o->functions_file, "f.json");
  o = ParseOptions({"--lambda-endpoint", "https://x"}, Env({}));
  EXPECT_FALSE(o.ok());
}

TEST(OptionsTest, RejectsBadValuesClearly) {
  struct Case {
    std::vector<std::string> args;
    const char* needle;
  };
  for (const Case& c : std::vector<Case>{{{"--port", "99999"}, "--port"},
                                         {{"--clock", "fast"}, "--clock"},
                                         {{"--wait-scale", "-1"}, "--wait-scale"},
                                         {{"--account-id", "12"}, "--account-id"},
                                         {{"--bogus"}, "unknown flag"},
                                         {{"--port"}, "needs a value"}}) {
    auto o = ParseOptions(c.args, Env({}));
    ASSERT_FALSE(o.ok());
    EXPECT_NE(o.status().message().find(c.needle), std::string::npos) << o.status().message();
  }
}

TEST(OptionsTest, RetentionDays) {
  auto o = ParseOptions({}, Env({}));
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->retention_days.has_value());  // keep everything
  o = ParseOptions({"--retention-days", "90"}, Env({}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->retention_days, 90);
  o = ParseOptions({}, Env({{"SFN_EMULATOR_RETENTION_DAYS", "7"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->retention_days, 7);
  for (const char* bad : {"0", "-1", "ten", "1.5", "1000001"}) {
    o = ParseOptions({"--retention-days", bad}, Env({}));
    ASSERT_FALSE(o.ok()) << bad;
    EXPECT_NE(o.status().message().find("--retention-days"), std::string::npos);
  }
}

TEST(OptionsTest, HardeningFlags) {
  auto o = ParseOptions({"--allowed-host", "sfn.example.com, other.example", "--max-connections",
                         "50", "--lambda-processes=5"},
                        Env({}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->allowed_hosts, (std::vector<std::string>{"sfn.example.com", "other.example"}));
  EXPECT_EQ(o->max_connections, 50u);
  EXPECT_EQ(o->lambda_processes, 5u);
  EXPECT_FALSE(o->verify_signatures);
  EXPECT_FALSE(ParseOptions({"--max-connections", "0"}, Env({})).ok());
}

TEST(OptionsTest, VerifySignaturesNeedsCredentials) {
  auto o = ParseOptions({"--verify-signatures"}, Env({}));
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("--verify-signatures needs credentials"), std::string::npos);
  o = ParseOptions({"--verify-signatures", "--credentials", "AKID:secret,K2:s2"}, Env({}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->credentials.size(), 2u);
  EXPECT_EQ(o->credentials[1], (std::pair<std::string, std::string>{"K2", "s2"}));
  o = ParseOptions({"--verify-signatures"},
                   Env({{"AWS_ACCESS_KEY_ID", "test"}, {"AWS_SECRET_ACCESS_KEY", "pw"}}));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->credentials.front().first, "test");
  EXPECT_FALSE(ParseOptions({"--credentials", "nocolon"}, Env({})).ok());
}

}  // namespace
}  // namespace sfn::api
