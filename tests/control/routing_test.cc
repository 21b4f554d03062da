#include "emulator/control/routing.h"

#include <gtest/gtest.h>

#include "emulator/control/lookup.h"

namespace sfn::control {
namespace {

const std::string kSm = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
const std::string kV1 = kSm + ":1";
const std::string kV2 = kSm + ":2";
const std::string kOther = "arn:aws:states:us-east-1:123456789012:stateMachine:other:1";

struct RoutingCase {
  const char* what;
  std::vector<RoutingRequest> items;
  std::string error;  // empty: accepted
};

TEST(RoutingTest, ChecksLikeAws) {
  const std::vector<RoutingCase> cases = {
      {"one version", {{kV1, 100}}, ""},
      {"two versions", {{kV1, 30}, {kV2, 70}}, ""},
      {"zero weight allowed", {{kV1, 0}, {kV2, 100}}, ""},
      {"sum below",
       {{kV1, 70}, {kV2, 29}},
       "Sum of routing configuration weights must equal 100. Received: [70, 29]"},
      {"sum above",
       {{kV1, 70}, {kV2, 31}},
       "Sum of routing configuration weights must equal 100. Received: [70, 31]"},
      {"single below 100",
       {{kV1, 99}},
       "Sum of routing configuration weights must equal 100. Received: [99]"},
      {"duplicate",
       {{kV1, 50}, {kV1, 50}},
       "Routing configuration must contain distinct state machine version ARNs. Received: [" + kV1 +
           ", " + kV1 + "]"},
      {"unqualified",
       {{kSm, 50}, {kV2, 50}},
       "Routing configuration must contain state machine version ARNs. Received: [" + kSm + ", " +
           kV2 + "]"},
      {"alias instead of version",
       {{kSm + ":prod", 100}},
       "Routing configuration must contain state machine version ARNs. Received: [" + kSm +
           ":prod]"},
      {"not an arn",
       {{"nope", 100}},
       "Routing configuration must contain state machine version ARNs. Received: [nope]"},
      {"two machines",
       {{kV1, 50}, {kOther, 50}},
       "Routing configuration must contain state machine version ARNs of the same state "
       "machine. Received: [" +
           kV1 + ", " + kOther + "]"},
  };
  for (const RoutingCase& c : cases) {
    SCOPED_TRACE(c.what);
    Result<Routing> r = CheckRouting(c.items);
    if (c.error.empty()) {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(r->state_machine_arn, kSm);
      ASSERT_EQ(r->entries.size(), c.items.size());
      EXPECT_EQ(r->entries[0].weight, c.items[0].weight);
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), ErrorCode::kValidationException);
      EXPECT_EQ(r.status().message(), c.error);
    }
  }
}

TEST(RoutingTest, PicksByWeight) {
  struct PickCase {
    std::vector<RoutingEntry> entries;
    uint64_t draw;
    int64_t expected;
  };
  const std::vector<PickCase> cases = {
      {{{1, 100}}, 99, 1},         {{{1, 30}, {2, 70}}, 0, 1},   {{{1, 30}, {2, 70}}, 29, 1},
      {{{1, 30}, {2, 70}}, 30, 2}, {{{1, 30}, {2, 70}}, 199, 2}, {{{1, 30}, {2, 70}}, 129, 1},
      {{{1, 0}, {2, 100}}, 0, 2},  {{{1, 100}, {2, 0}}, 99, 1},
  };
  for (const PickCase& c : cases) {
    EXPECT_EQ(PickVersion(c.entries, c.draw), c.expected) << "draw " << c.draw;
  }
  // Over every residue the split is exactly the weights.
  int first = 0;
  for (uint64_t d = 0; d < 100; ++d) first += PickVersion({{1, 37}, {2, 63}}, d) == 1;
  EXPECT_EQ(first, 37);
}

TEST(LookupTest, ParsesQualifiedArns) {
  struct ArnCase {
    std::string arn;
    bool ok;
    std::optional<int64_t> version;
    std::optional<std::string> alias;
  };
  const std::vector<ArnCase> cases = {
      {kSm, true, std::nullopt, std::nullopt},
      {kSm + ":3", true, 3, std::nullopt},
      {kSm + ":prod", true, std::nullopt, "prod"},
      {kSm + ":v-1.blue", true, std::nullopt, "v-1.blue"},
      {kSm + ":12x", true, std::nullopt, "12x"},
      {kSm + ":bad alias", false, std::nullopt, std::nullopt},
      {kSm + ":-1", true, std::nullopt, "-1"},
      {kSm + ":1:2", false, std::nullopt, std::nullopt},
      {"arn:aws:states:us-east-1:123456789012:execution:m:e", false, std::nullopt, std::nullopt},
  };
  for (const ArnCase& c : cases) {
    SCOPED_TRACE(c.arn);
    Result<MachineArn> m = ParseMachineArn(c.arn);
    ASSERT_EQ(m.ok(), c.ok) << m.status().ToString();
    if (!c.ok) {
      EXPECT_EQ(m.status().code(), ErrorCode::kInvalidArn);
      continue;
    }
    EXPECT_EQ(m->unqualified, kSm);
    EXPECT_EQ(m->version, c.version);
    EXPECT_EQ(m->alias, c.alias);
  }
  EXPECT_EQ(MakeVersionArn(kSm, 7), kSm + ":7");
  EXPECT_EQ(MakeAliasArn(kSm, "prod"), kSm + ":prod");
}

}  // namespace
}  // namespace sfn::control
