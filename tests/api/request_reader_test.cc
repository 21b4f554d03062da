#include "api/request_reader.h"

#include <gtest/gtest.h>

#include <functional>

#include "api/error_table.h"

namespace sfn::api {
namespace {

TEST(RequestReaderTest, MissingMemberIsAwsValidationMessage) {
  Json body = Json::object();
  RequestReader r(body);
  r.RequiredString("stateMachineArn", 1, 256);
  Status s = r.Finish();
  EXPECT_EQ(s.code(), ErrorCode::kValidationException);
  EXPECT_EQ(s.message(),
            "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(RequestReaderTest, WrongTypeIsSerializationException) {
  Json body = {{"maxResults", "ten"}};
  RequestReader r(body);
  r.OptInt("maxResults", 0, 1000);
  EXPECT_EQ(r.Finish().code(), ErrorCode::kSerializationException);
}

TEST(RequestReaderTest, RangesAndEnumsCollectAllViolations) {
  Json body = {{"maxResults", 5000}, {"type", "BATCH"}};
  RequestReader r(body);
  r.OptInt("maxResults", 0, 1000);
  r.OptEnum("type", {"STANDARD", "EXPRESS"});
  Status s = r.Finish();
  EXPECT_EQ(s.code(), ErrorCode::kValidationException);
  EXPECT_NE(s.message().find("2 validation errors detected"), std::string::npos);
  EXPECT_NE(s.message().find("Member must satisfy enum value set: [STANDARD, EXPRESS]"),
            std::string::npos);
}

TEST(RequestReaderTest, RoutingConfigurationAsAwsChecksIt) {
  struct Case {
    const char* what;
    Json body;
    ErrorCode code;       // kOk: accepted
    std::string message;  // checked when not empty
  };
  const std::string v1 = "arn:aws:states:us-east-1:123456789012:stateMachine:m:1";
  const std::vector<Case> cases = {
      {"one item",
       {{"rc", {{{"stateMachineVersionArn", v1}, {"weight", 100}}}}},
       ErrorCode::kOk,
       ""},
      {"weight above 100",
       {{"rc", {{{"stateMachineVersionArn", v1}, {"weight", 101}}}}},
       ErrorCode::kValidationException,
       "1 validation error detected: Value '101' at 'rc.1.member.weight' failed to satisfy "
       "constraint: Member must have value less than or equal to 100"},
      {"weight below 0",
       {{"rc", {{{"stateMachineVersionArn", v1}, {"weight", -1}}}}},
       ErrorCode::kValidationException,
       "1 validation error detected: Value '-1' at 'rc.1.member.weight' failed to satisfy "
       "constraint: Member must have value greater than or equal to 0"},
      {"missing arn",
       {{"rc", {{{"weight", 100}}}}},
       ErrorCode::kValidationException,
       "1 validation error detected: Value null at 'rc.1.member.stateMachineVersionArn' failed "
       "to satisfy constraint: Member must not be null"},
      {"empty list", {{"rc", Json::array()}}, ErrorCode::kValidationException,
       "1 validation error detected: Value '[]' at 'rc' failed to satisfy constraint: Member "
       "must have length greater than or equal to 1"},
      {"three items",
       {{"rc",
         {{{"stateMachineVersionArn", "a"}, {"weight", 50}},
          {{"stateMachineVersionArn", "b"}, {"weight", 30}},
          {{"stateMachineVersionArn", "c"}, {"weight", 20}}}}},
       ErrorCode::kValidationException,
       "1 validation error detected: Value '[RoutingConfigurationListItem("
       "stateMachineVersionArn=a, weight=50), RoutingConfigurationListItem("
       "stateMachineVersionArn=b, weight=30), RoutingConfigurationListItem("
       "stateMachineVersionArn=c, weight=20)]' at 'rc' failed to satisfy constraint: Member "
       "must have length less than or equal to 2"},
      {"not a list", {{"rc", "x"}}, ErrorCode::kSerializationException, ""},
      {"weight not an integer",
       {{"rc", {{{"stateMachineVersionArn", v1}, {"weight", "50"}}}}},
       ErrorCode::kSerializationException, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    RequestReader r(c.body);
    auto items = r.RoutingConfiguration("rc", true);
    Status s = r.Finish();
    EXPECT_EQ(s.code(), c.code) << s.message();
    if (!c.message.empty()) {
      EXPECT_EQ(s.message(), c.message);
    }
    if (c.code == ErrorCode::kOk) {
      ASSERT_TRUE(items.has_value());
      EXPECT_EQ(items->front().first, v1);
      EXPECT_EQ(items->front().second, 100);
    }
  }
  Json empty = Json::object();
  RequestReader absent(empty);
  EXPECT_FALSE(absent.RoutingConfiguration("rc", false).has_value());
  EXPECT_TRUE(absent.Finish().ok());
}

TEST(RequestReaderTest, PatternViolationShowsValueAndPattern) {
  Json body = {{"name", "123"}};
  RequestReader r(body);
  r.Pattern("name", false, "^[a-z]+$");
  EXPECT_EQ(r.Finish().message(),
            "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: ^[a-z]+$");
}

TEST(ErrorTableTest, ServiceErrorsCarryModelNamespace) {
  HttpResponse r = JsonErrorResponse(Status(ErrorCode::kStateMachineDoesNotExist, "gone"));
  EXPECT_EQ(r.status, 400);
  Json body = Json::parse(r.body);
  EXPECT_EQ(body["__type"], "com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist");
  EXPECT_EQ(body["message"], "gone");
  EXPECT_EQ(JsonErrorResponse(Status(ErrorCode::kInternalFailure, "x")).status, 500);
}

// Lambda (REST-JSON): a wrong type is InvalidParameterValueException naming
// the member's path; constraint messages name members in lowerCamel.
TEST(RequestReaderTest, RestJsonAnswersAsLambda) {
  struct Case {
    const char* what;
    Json body;
    Json text;  // path labels, query parameters, headers
    std::function<void(RequestReader&, RequestReader&)> read;
    ErrorCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"wrong type",
       {{"Timeout", "3"}},
       Json::object(),
       [](RequestReader& b, RequestReader&) { b.OptInt("Timeout", 1, 900); },
       ErrorCode::kInvalidParameterValueException,
       "Timeout must be an integer"},
      {"nested wrong type",
       {{"Environment", {{"Variables", {{"A", true}}}}}},
       Json::object(),
       [](RequestReader& b, RequestReader&) {
         RequestReader env = b.Struct("Environment");
         env.OptStringMap("Variables");
       },
       ErrorCode::kInvalidParameterValueException,
       "Environment.Variables.A must be a string"},
      {"missing, lowerCamel", Json::object(), Json::object(),
       [](RequestReader& b, RequestReader&) {
         b.RequiredString("FunctionVersion", 1, 1024);
         b.Require("Code");
       },
       ErrorCode::kValidationException,
       "2 validation errors detected: Value null at 'functionVersion' failed to satisfy "
       "constraint: Member must not be null; Value null at 'code' failed to satisfy constraint: "
       "Member must not be null"},
      {"integer from text",
       Json::object(),
       {{"MaxItems", "0"}},
       [](RequestReader&, RequestReader& t) { t.OptInt("MaxItems", 1, 10000); },
       ErrorCode::kValidationException,
       "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
       "Member must have value greater than or equal to 1"},
      {"not an integer text",
       Json::object(),
       {{"MaxItems", "1e3"}},
       [](RequestReader&, RequestReader& t) { t.OptInt("MaxItems", 1, 10000); },
       ErrorCode::kInvalidParameterValueException,
       "MaxItems must be an integer"},
      {"repeated query parameter as a list",
       Json::object(),
       {{"TagKeys", {"a", "b"}}},
       [](RequestReader&, RequestReader& t) {
         EXPECT_EQ(t.StringList("TagKeys", true), (std::vector<std::string>{"a", "b"}));
       },
       ErrorCode::kOk,
       ""},
      {"one query parameter as a list",
       Json::object(),
       {{"TagKeys", "a"}},
       [](RequestReader&, RequestReader& t) {
         EXPECT_EQ(t.StringList("TagKeys", true), (std::vector<std::string>{"a"}));
       },
       ErrorCode::kOk,
       ""},
      {"the first type error wins over violations",
       {{"Name", 1}},
       {{"MaxItems", "0"}},
       [](RequestReader& b, RequestReader& t) {
         t.OptInt("MaxItems", 1, 10000);
         b.OptString("Name", 1, 10);
       },
       ErrorCode::kInvalidParameterValueException,
       "Name must be a string"},
  };
  for (const Case& c : cases) {
    RequestReader body(c.body, Protocol::kRestJson);
    RequestReader text = body.Text(c.text);
    c.read(body, text);
    Status s = body.Finish();
    EXPECT_EQ(s.code(), c.code) << c.what << ": " << s.ToString();
    EXPECT_EQ(s.message(), c.message) << c.what;
  }
}

TEST(RequestReaderTest, AStructMemberOfTheWrongTypeIsATypeError) {
  Json body = {{"loggingConfiguration", "off"}};
  RequestReader r(body);
  RequestReader logging = r.Struct("loggingConfiguration");
  EXPECT_FALSE(logging.Has("level"));
  EXPECT_EQ(r.Finish().message(),
            "Unexpected value type for member 'loggingConfiguration': expected structure");
}

}  // namespace
}  // namespace sfn::api
