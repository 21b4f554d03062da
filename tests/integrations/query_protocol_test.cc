// The query protocol's answers (SNS): an empty list or map element reads as
// [] or {} where the service's output shapes have a list or map, as an SDK
// reads it; anything else keeps the XML's text.
#include "emulator/integrations/query_protocol.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sfn::integrations {
namespace {

constexpr const char* kNs = R"( xmlns="https://sns.amazonaws.com/doc/2010-03-31/")";

std::string Answer(const std::string& action, const std::string& result) {
  return "<" + action + "Response" + kNs + "><" + action + "Result>" + result + "</" + action +
         "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" + action +
         "Response>";
}

TEST(QueryResult, EmptyListsAndMapsOfTheOutputShapes) {
  const QueryCollections& sns = QueryOutputCollections("sns");
  struct Case {
    std::string action, result, expected;
  };
  for (const Case& c : std::vector<Case>{
           {"ListTagsForResource", "<Tags/>", R"({"Tags":[]})"},
           {"ListSubscriptionsByTopic", "<Subscriptions></Subscriptions><NextToken/>",
            R"({"Subscriptions":[],"NextToken":""})"},
           {"ListTopics", "<Topics><member><TopicArn>a</TopicArn></member></Topics>",
            R"({"Topics":[{"TopicArn":"a"}]})"},
           {"PublishBatch", "<Successful/><Failed/>", R"({"Successful":[],"Failed":[]})"},
           {"GetTopicAttributes", "<Attributes/>", R"({"Attributes":{}})"},
           {"GetTopicAttributes",
            "<Attributes><entry><key>Owner</key><value>1</value></entry></Attributes>",
            R"({"Attributes":{"Owner":"1"}})"},
           {"Publish", "<MessageId>m</MessageId>", R"({"MessageId":"m"})"},
       }) {
    Result<Json> out = QueryResult(c.action, Answer(c.action, c.result), sns);
    ASSERT_TRUE(out.ok()) << c.result;
    EXPECT_EQ(ParseJson(c.expected).value(), *out) << c.result;
  }
}

TEST(QueryResult, WithoutTheShapesAnEmptyElementIsText) {
  Result<Json> out = QueryResult("ListTagsForResource", Answer("ListTagsForResource", "<Tags/>"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(ParseJson(R"({"Tags":""})").value(), *out);
  EXPECT_TRUE(QueryOutputCollections("sqs").lists.empty());
}

}  // namespace
}  // namespace sfn::integrations
