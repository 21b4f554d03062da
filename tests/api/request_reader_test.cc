#include "api/request_reader.h"

#include <gtest/gtest.h>

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

TEST(ErrorTableTest, ServiceErrorsCarryModelNamespace) {
  HttpResponse r = JsonErrorResponse(Status(ErrorCode::kStateMachineDoesNotExist, "gone"));
  EXPECT_EQ(r.status, 400);
  Json body = Json::parse(r.body);
  EXPECT_EQ(body["__type"], "com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist");
  EXPECT_EQ(body["message"], "gone");
  EXPECT_EQ(JsonErrorResponse(Status(ErrorCode::kInternalFailure, "x")).status, 500);
}

}  // namespace
}  // namespace sfn::api
