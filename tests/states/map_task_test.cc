// Map and Task set-up: PlanMap, tolerance, ItemBatcher, PlanInvoke.
#include <gtest/gtest.h>

#include "emulator/asl/parser.h"
#include "emulator/states/map.h"
#include "emulator/states/task.h"

namespace sfn::states {
namespace {

struct Fixture {
  asl::DefinitionPtr def;
  Json context = Json{{"Execution", {{"Id", "e"}}}};
  Json vars = Json::object();
  const asl::State* state = nullptr;

  explicit Fixture(const std::string& state_json) {
    auto d = asl::Parse(R"({"StartAt":"S","States":{"S":)" + state_json + "}}");
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    def = *d;
    state = def->body.Find("S");
  }
  StateContext Ctx() const { return StateContext{*state, context, TimePoint{}, 2, &vars}; }
};

const char* kProcessor =
    R"("ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";

struct MapCase {
  std::string fields;  // extra Map fields
  std::string input;
  std::string expected;  // "items=<json> max=<n>" or the failure cause's tail
};

class PlanMapTest : public ::testing::TestWithParam<MapCase> {};

TEST_P(PlanMapTest, Plans) {
  const MapCase& c = GetParam();
  Fixture f(std::string(R"({"Type":"Map","End":true,)") + kProcessor +
            (c.fields.empty() ? "" : "," + c.fields) + "}");
  Outcome<MapPlan> plan = PlanMap(f.Ctx(), ParseJson(c.input).value());
  std::string got;
  if (plan.ok()) {
    MapPlan p = plan.value();
    std::optional<Failure> tol = ResolveTolerance(f.Ctx(), p);
    if (!tol) tol = BatchItems(f.Ctx(), p);
    got = tol ? tol->cause
              : "items=" + DumpJson(p.items) + " max=" + std::to_string(p.max_concurrency);
  } else {
    got = plan.failure().cause;
  }
  EXPECT_TRUE(got.ends_with(c.expected)) << got;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PlanMapTest,
    ::testing::Values(
        MapCase{"", "[1,2]", "items=[1,2] max=0"},
        MapCase{R"("ItemsPath":"$.a","MaxConcurrency":3)", R"({"a":[true]})", "items=[true] max=3"},
        MapCase{
            R"("ItemsPath":"$.a","MaxConcurrencyPath":"$.m")", R"({"a":[],"m":"x"})",
            "The MaxConcurrencyPath field refers to value \"x\" which is not a valid integer: $.m"},
        MapCase{R"("ItemsPath":"$.a","MaxConcurrencyPath":"$.m")", R"({"a":[],"m":"3"})",
                "items=[] max=3"},
        MapCase{R"("ItemsPath":"$.a","MaxConcurrencyPath":"$.m")", R"({"a":[],"m":2})",
                "items=[] max=2"},
        MapCase{"", R"({"a":1})", "Map state input must be an array but was: {\"a\":1}"},
        MapCase{R"("ItemsPath":"$.nope")", "{}",
                "Invalid path '$.nope' : No results for path: $['nope']"},
        MapCase{R"("ToleratedFailureCountPath":"$.c","ItemsPath":"$.a")", R"({"a":[],"c":-1})",
                "ToleratedFailureCount cannot be negative."},
        MapCase{R"("ToleratedFailurePercentagePath":"$.p","ItemsPath":"$.a")",
                R"({"a":[],"p":100.5})", "ToleratedFailurePercentage must be between 0 and 100."},
        MapCase{
            R"("ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
                   "ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"b":1}})",
            "[5,6,7]",
            R"(items=[{"BatchInput":{"b":1},"Items":[{"v":5,"i":0},{"v":6,"i":1}]},)"
            R"({"BatchInput":{"b":1},"Items":[{"v":7,"i":2}]}] max=0)"},
        MapCase{R"("ItemBatcher":{"MaxInputBytesPerBatch":4})", R"(["aa","bb","c"])",
                R"(items=[{"Items":["aa"]},{"Items":["bb"]},{"Items":["c"]}] max=0)"},
        // JSONata: Items, MaxConcurrency, the tolerances, ItemSelector and
        // ItemBatcher as expressions over $states.
        MapCase{R"("QueryLanguage":"JSONata","Items":"{% $states.input.a %}",
                   "MaxConcurrency":"{% $states.input.m %}")",
                R"({"a":[1],"m":2})", "items=[1] max=2"},
        MapCase{R"("QueryLanguage":"JSONata","Items":[1,"{% $states.input.m %}"])", R"({"m":2})",
                "items=[1,2] max=0"},
        MapCase{R"("QueryLanguage":"JSONata","Items":"{% $states.input.a %}")", R"({"a":true})",
                "The JSONata expression '$states.input.a' specified for the field 'Items' "
                "returned an unexpected result type. Expected 'array', but was 'boolean' for "
                "value: true"},
        MapCase{R"("QueryLanguage":"JSONata")", R"({"a":1})",
                "Map state input must be an array but was: {\"a\":1}"},
        MapCase{R"("QueryLanguage":"JSONata","MaxConcurrency":"{% -1 %}")", "[]",
                "The JSONata expression '-1' specified for the field 'MaxConcurrency' returned an "
                "unexpected result type. Expected 'integer', but was 'number' for value: -1"},
        MapCase{R"("QueryLanguage":"JSONata","ToleratedFailurePercentage":"{% 'x' %}")", "[]",
                "The JSONata expression ''x'' specified for the field "
                "'ToleratedFailurePercentage' returned an unexpected result type. Expected "
                "'number', but was 'string' for value: \"x\""},
        MapCase{R"("QueryLanguage":"JSONata","ToleratedFailureCount":"{% 1.5 %}")", "[]",
                "ToleratedFailureCount must be an integer."},
        MapCase{
            R"("QueryLanguage":"JSONata","Items":"{% $states.input.xs %}",
                   "ItemSelector":{"v":"{% $states.context.Map.Item.Value %}",
                                   "i":"{% $states.context.Map.Item.Index %}",
                                   "k":"{% $states.input.k %}"},
                   "ItemBatcher":{"MaxItemsPerBatch":"{% 2 %}","BatchInput":{"b":"{% 1 %}"}})",
            R"({"xs":[5,6,7],"k":0})",
            R"(items=[{"BatchInput":{"b":1},"Items":[{"v":5,"i":0,"k":0},{"v":6,"i":1,"k":0}]},)"
            R"({"BatchInput":{"b":1},"Items":[{"v":7,"i":2,"k":0}]}] max=0)"}));

// A JSONata field's failure says where it happened, for EvaluationFailed.
TEST(PlanMapTest, JsonataFailuresCarryTheirField) {
  Fixture f(std::string(R"({"Type":"Map","QueryLanguage":"JSONata","End":true,)") + kProcessor +
            R"(,"Items":"{% $states.input.a %}"})");
  Outcome<MapPlan> plan = PlanMap(f.Ctx(), ParseJson(R"({"a":1})").value());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.failure().error, "States.QueryEvaluationError");
  EXPECT_EQ(plan.failure().evaluation, "Items");
  plan = PlanMap(f.Ctx(), ParseJson("{}").value());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.failure().evaluation, "Items");
  EXPECT_TRUE(plan.failure().cause.ends_with("returned nothing (undefined)."));
}

TEST(ToleranceTest, EitherThresholdFails) {
  const std::optional<int64_t> no_count;
  const std::optional<double> no_pct;
  EXPECT_FALSE(ExceedsTolerance(no_count, no_pct, 0, 10));
  EXPECT_TRUE(ExceedsTolerance(no_count, no_pct, 1, 10));
  EXPECT_FALSE(ExceedsTolerance(2, no_pct, 2, 10));
  EXPECT_TRUE(ExceedsTolerance(2, no_pct, 3, 10));
  EXPECT_FALSE(ExceedsTolerance(no_count, 20.0, 2, 10));
  EXPECT_TRUE(ExceedsTolerance(no_count, 20.0, 3, 10));
  EXPECT_TRUE(ExceedsTolerance(2, 50.0, 3, 10)) << "the count is exceeded";
}

struct TaskCase {
  std::string state;
  std::string input;
  std::string expected;  // "resource parameters timeout heartbeat" or the failure cause's tail
};

class PlanInvokeTest : public ::testing::TestWithParam<TaskCase> {};

TEST_P(PlanInvokeTest, Plans) {
  const TaskCase& c = GetParam();
  Fixture f(c.state);
  Outcome<Invoke> plan = PlanInvoke(f.Ctx(), ParseJson(c.input).value());
  std::string got;
  if (plan.ok()) {
    const Invoke& p = plan.value();
    auto n = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; };
    got = p.resource + " " + DumpJson(p.parameters) + " " + n(p.timeout_seconds) + " " +
          n(p.heartbeat_seconds);
  } else {
    got = plan.failure().error + ": " + plan.failure().cause;
  }
  EXPECT_TRUE(got.ends_with(c.expected)) << got;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PlanInvokeTest,
    ::testing::Values(
        TaskCase{R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                   "Parameters":{"FunctionName":"f:1","Payload.$":"$"},"TimeoutSeconds":9})",
                 R"({"a":1})",
                 R"(arn:aws:states:::lambda:invoke {"FunctionName":"f:1","Payload":{"a":1}} 9 -)"},
        TaskCase{R"({"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
                   "InputPath":"$.x","End":true,"TimeoutSecondsPath":"$.t",
                   "HeartbeatSeconds":2})",
                 R"({"x":{"k":2},"t":4})",
                 R"(arn:aws:lambda:us-east-1:123456789012:function:f {"k":2} 4 2)"},
        TaskCase{R"({"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
                   "End":true,"TimeoutSecondsPath":"$.t"})",
                 R"({"t":"x"})", "which is not a valid positive integer: $.t"},
        TaskCase{R"({"Type":"Task","Resource":"arn:aws:states:::sns:publish","End":true,
                   "InputPath":"$.missing"})",
                 "{}",
                 "States.Runtime: An error occurred while executing the state 'S' (entered at "
                 "the event id #2). Invalid path '$.missing' : No results for path: "
                 "$['missing']"},
        TaskCase{R"({"Type":"Task","QueryLanguage":"JSONata","End":true,
                   "Resource":"arn:aws:states:::lambda:invoke",
                   "Arguments":{"FunctionName":"f","Payload":"{% $states.input %}"},
                   "TimeoutSeconds":"{% $states.input.t %}","HeartbeatSeconds":"{% 2 %}"})",
                 R"({"t":9})",
                 R"(arn:aws:states:::lambda:invoke {"FunctionName":"f","Payload":{"t":9}} 9 2)"},
        TaskCase{R"({"Type":"Task","QueryLanguage":"JSONata","End":true,
                   "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":"{% 'x' %}"})",
                 "{}",
                 "States.QueryEvaluationError: An error occurred while executing the state 'S' "
                 "(entered at the event id #2). The JSONata expression ''x'' specified for the "
                 "field 'TimeoutSeconds' returned an unexpected result type. Expected 'integer', "
                 "but was 'string' for value: \"x\""},
        TaskCase{R"({"Type":"Task","QueryLanguage":"JSONata","End":true,
                   "Resource":"arn:aws:states:::lambda:invoke",
                   "Arguments":{"FunctionName":"{% $states.input.f %}"}})",
                 "{}",
                 "The JSONata expression '$states.input.f' specified for the field "
                 "'Arguments/FunctionName' returned nothing (undefined)."}));

}  // namespace
}  // namespace sfn::states
