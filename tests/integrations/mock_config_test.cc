// Step Functions Local's mock configuration file: what is accepted, what is
// refused (with the JSON path of the problem), how a test case resolves, and
// how the file is re-read when it changes.
#include "emulator/integrations/mock_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sfn::integrations {
namespace {

// The developer guide's example ("Configuration file for mocked service
// integrations").
constexpr char kGuideExample[] = R"({
  "StateMachines":{
    "LambdaSQSIntegration":{
      "TestCases":{
        "HappyPath":{"LambdaState":"MockedLambdaSuccess","SQSState":"MockedSQSSuccess"},
        "RetryPath":{"LambdaState":"MockedLambdaRetry","SQSState":"MockedSQSSuccess"},
        "HybridPath":{"LambdaState":"MockedLambdaSuccess"}
      }
    }
  },
  "MockedResponses":{
    "MockedLambdaSuccess":{"0":{"Return":{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}}},
    "LambdaMockedResourceNotReady":{"0":{"Throw":{"Error":"Lambda.ResourceNotReadyException","Cause":"Lambda resource is not ready."}}},
    "MockedSQSSuccess":{"0":{"Return":{"MD5OfMessageBody":"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51","MessageId":"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
    "MockedLambdaRetry":{
      "0":{"Throw":{"Error":"Lambda.ResourceNotReadyException","Cause":"Lambda resource is not ready."}},
      "1-2":{"Throw":{"Error":"Lambda.TimeoutException","Cause":"Lambda timed out."}},
      "3":{"Return":{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}}
    }
  }
})";

TEST(MockConfigTest, TheGuidesExampleResolvesItsTestCases) {
  Result<MockFileContents> c = ParseMockConfig(kGuideExample);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  Result<engine::MockCase> retry = ResolveMockCase(*c, "LambdaSQSIntegration", "RetryPath");
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  const engine::StateMock* lambda = retry->Find("LambdaState");
  ASSERT_NE(lambda, nullptr);
  EXPECT_EQ(lambda->response_name, "MockedLambdaRetry");
  ASSERT_NE(lambda->At(0), nullptr);
  EXPECT_EQ(lambda->At(0)->error->error, "Lambda.ResourceNotReadyException");
  EXPECT_EQ(lambda->At(1)->error->error, "Lambda.TimeoutException");
  EXPECT_EQ(lambda->At(2)->error->cause, "Lambda timed out.");
  EXPECT_EQ((*lambda->At(3)->result)["Payload"]["body"], "Hello from Lambda!");
  EXPECT_EQ(lambda->At(4), nullptr);
  Result<engine::MockCase> hybrid = ResolveMockCase(*c, "LambdaSQSIntegration", "HybridPath");
  ASSERT_TRUE(hybrid.ok());
  EXPECT_EQ(hybrid->Find("SQSState"), nullptr);  // calls the real integration
  // The case survives its row.
  engine::MockCase back = engine::MockCase::FromJson(retry->ToJson());
  EXPECT_EQ(back.ToJson(), retry->ToJson());
}

TEST(MockConfigTest, UnknownTestCasesAreStepFunctionsLocalsNoMockMap) {
  Result<MockFileContents> c = ParseMockConfig(kGuideExample);
  ASSERT_TRUE(c.ok());
  Result<engine::MockCase> none = ResolveMockCase(*c, "LambdaSQSIntegration", "SadPath");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kValidationException);
  EXPECT_EQ(none.status().message(),
            "No mock map found for test SadPath: state machine 'LambdaSQSIntegration' has no test "
            "case 'SadPath' in the mock configuration file");
  none = ResolveMockCase(*c, "Other", "HappyPath");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(),
            "No mock map found for test HappyPath: the mock configuration file has no state "
            "machine 'Other'");
}

TEST(MockConfigTest, LenientWhereStepFunctionsLocalIs) {
  // A test case naming an absent or empty response, a response with gaps,
  // any JSON as Return: all fail (or not) only when a state reaches them.
  Result<MockFileContents> c = ParseMockConfig(R"({"StateMachines":{"sm":{"TestCases":{
      "t":{"A":"Missing","B":"Empty","C":"Gaps","D":"Scalar"}}}},
      "MockedResponses":{"Empty":{},"Gaps":{"1":{"Return":1},"5-6":{"Return":null}},
                         "Scalar":{"0":{"Return":"text"}}}})");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  Result<engine::MockCase> t = ResolveMockCase(*c, "sm", "t");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->Find("A")->defined);
  EXPECT_TRUE(t->Find("B")->defined);
  EXPECT_TRUE(t->Find("B")->responses.empty());
  EXPECT_EQ(t->Find("C")->At(0), nullptr);
  EXPECT_EQ(*t->Find("C")->At(1)->result, 1);
  EXPECT_TRUE(t->Find("C")->At(6)->result->is_null());
  EXPECT_EQ(*t->Find("D")->At(0)->result, "text");
}

struct Malformed {
  std::string name;
  std::string text;
  std::string message;
};

class MalformedMockConfig : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedMockConfig, IsRefusedWithTheJsonPathOfTheProblem) {
  Result<MockFileContents> c = ParseMockConfig(GetParam().text);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kValidationException);
  EXPECT_EQ(c.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    , MalformedMockConfig,
    ::testing::Values(
        Malformed{"NotAnObject", "[]", "$: expected an object, got array"},
        Malformed{"MissingMockedResponses", R"({"StateMachines":{}})",
                  "$: missing MockedResponses"},
        Malformed{"UnknownTopLevelField",
                  R"({"StateMachines":{},"MockedResponse":{},"MockedResponses":{}})",
                  "$.MockedResponse: unknown field (expected StateMachines and MockedResponses)"},
        Malformed{"NoTestCases", R"({"StateMachines":{"sm":{}},"MockedResponses":{}})",
                  "$.StateMachines.sm: missing TestCases"},
        Malformed{"TestCaseValueNotAString",
                  R"({"StateMachines":{"my sm":{"TestCases":{"t":{"S":1}}}},"MockedResponses":{}})",
                  "$.StateMachines['my sm'].TestCases.t.S: expected the name of a mocked "
                  "response (a string), got number"},
        Malformed{"BadRange",
                  R"({"StateMachines":{},"MockedResponses":{"R":{"1-x":{"Return":1}}}})",
                  "$.MockedResponses.R['1-x']: not an invocation number or range (expected "
                  "\"0\", \"1\", ... or an inclusive range such as \"1-2\")"},
        Malformed{"DescendingRange",
                  R"({"StateMachines":{},"MockedResponses":{"R":{"3-1":{"Return":1}}}})",
                  "$.MockedResponses.R['3-1']: not an invocation number or range (expected "
                  "\"0\", \"1\", ... or an inclusive range such as \"1-2\")"},
        Malformed{
            "Overlap",
            R"({"StateMachines":{},"MockedResponses":{"R":{"0-2":{"Return":1},"2":{"Return":2}}}})",
            "$.MockedResponses.R['2']: invocations 2 overlap '0-2'"},
        Malformed{"BothReturnAndThrow",
                  R"({"StateMachines":{},"MockedResponses":{"R":{"0":{"Return":1,"Throw":{}}}}})",
                  "$.MockedResponses.R['0']: has both Return and Throw; expected exactly one"},
        Malformed{"Neither", R"({"StateMachines":{},"MockedResponses":{"R":{"0":{}}}})",
                  "$.MockedResponses.R['0']: expected a Return or a Throw"},
        Malformed{"ThrowWithoutCause",
                  R"({"StateMachines":{},"MockedResponses":{"R":{"0":{"Throw":{"Error":"E"}}}}})",
                  "$.MockedResponses.R['0'].Throw: missing Cause"},
        Malformed{
            "ThrowErrorNotAString",
            R"({"StateMachines":{},"MockedResponses":{"R":{"0":{"Throw":{"Error":1,"Cause":"c"}}}}})",
            "$.MockedResponses.R['0'].Throw.Error: expected a string, got number"},
        Malformed{"NotJson", "{\"StateMachines\": {}\n,,}",
                  "$: not valid JSON: [json.exception.parse_error.101] parse error at line 2, "
                  "column 2: syntax error while parsing object key - unexpected ','; expected "
                  "string literal"}),
    [](const auto& info) { return info.param.name; });

TEST(MockConfigFileTest, IsReReadWhenItChangesAndRefusedWhileMalformed) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("sfn-mock-config-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "MockConfigFile.json").string();
  auto write = [&](const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
    // A later modification time, whatever the file system's resolution.
    std::filesystem::last_write_time(
        path, std::filesystem::last_write_time(path) + std::chrono::seconds(1));
  };
  EXPECT_FALSE(MockConfig::Load(path).ok());  // no file yet
  write(R"({"StateMachines":{"sm":{"TestCases":{"a":{}}}},"MockedResponses":{}})");
  auto config = MockConfig::Load(path);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ((*config)->test_case_count(), 1u);
  EXPECT_TRUE((*config)->Find("sm", "a").ok());
  EXPECT_FALSE((*config)->Find("sm", "b").ok());
  write(R"({"StateMachines":{"sm":{"TestCases":{"a":{},"b":{}}}},"MockedResponses":{}})");
  EXPECT_TRUE((*config)->Find("sm", "b").ok());
  write(R"({"StateMachines":{"sm":{"TestCases":{"b":1}}},"MockedResponses":{}})");
  Result<engine::MockCase> broken = (*config)->Find("sm", "b");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().message(), "malformed mock configuration file " + path +
                                           ": $.StateMachines.sm.TestCases.b: expected an "
                                           "object, got number");
  write(R"({"StateMachines":{"sm":{"TestCases":{"b":{}}}},"MockedResponses":{}})");
  EXPECT_TRUE((*config)->Find("sm", "b").ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sfn::integrations
