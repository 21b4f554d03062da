// The state pipeline over compiled fields: JSONPath and JSONata input and
// output, Assign, the runners' use of one field per meaning, and Catch.
#include "emulator/states/pipeline.h"

#include <gtest/gtest.h>

#include <string>

#include "emulator/asl/parser.h"
#include "emulator/dataflow/jsonata_expression.h"
#include "emulator/states/retry_catch.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

struct Fixture {
  asl::DefinitionPtr def;
  Json context = Json{{"Execution", {{"Id", "e"}}}};
  Json vars = Json{{"w", 30}, {"name", "n1"}};
  const asl::State* state = nullptr;

  // `state_json` is state "S" (with state "N" to go to when it names it);
  // `ql` the top-level QueryLanguage.
  explicit Fixture(const std::string& state_json, const std::string& ql = "JSONPath") {
    std::string next =
        state_json.find("\"N\"") != std::string::npos ? R"(,"N":{"Type":"Succeed"})" : "";
    auto d = asl::Parse(R"({"QueryLanguage":")" + ql + R"(","StartAt":"S","States":{"S":)" +
                        state_json + next + "}}");
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    if (!d.ok()) return;
    def = *d;
    state = def->body.Find("S");
  }
  StateContext Ctx() const {
    return StateContext{*state, context, TimePoint{std::chrono::seconds(1000)}, 2, &vars};
  }
};

// What a state did: "-> <next> <output> [assigned]", "wait <seconds> ...", or
// "fail <error>: <cause>".
std::string Describe(const Decision& d) {
  if (const auto* f = std::get_if<FailState>(&d.command)) {
    return "fail " + f->failure.error + ": " + f->failure.cause;
  }
  std::string s;
  const Json* output = nullptr;
  const std::optional<std::string>* next = nullptr;
  const Json* assigned = nullptr;
  if (const auto* w = std::get_if<WaitUntil>(&d.command)) {
    s = "wait " + std::to_string((w->until.time_since_epoch().count() - 1000000) / 1000) + " ";
    output = &w->output;
    next = &w->next;
    assigned = &w->assigned;
  } else {
    const auto& a = std::get<Advance>(d.command);
    output = &a.output;
    next = &a.next;
    assigned = &a.assigned;
  }
  s += "-> " + next->value_or("end") + " " + DumpJson(*output);
  if (!assigned->is_null()) s += " " + DumpJson(*assigned);
  return s;
}

constexpr char kPrefix[] =
    "An error occurred while executing the state 'S' (entered at the event id #2). ";

struct Case {
  const char* name;
  std::string ql;
  std::string state;
  std::string input;
  std::string expected;  // Describe() of RunState
};

const Case kCases[] = {
    {"jsonpath pipeline", "JSONPath",
     R"({"Type":"Pass","InputPath":"$.a","Parameters":{"x.$":"$.b","v.$":"$name"},
         "ResultPath":"$.r","OutputPath":"$.r","Assign":{"got.$":"$.x"},"Next":"N"})",
     R"({"a":{"b":1}})", R"(-> N {"x":1,"v":"n1"} {"got":1})"},
    {"null paths", "JSONPath", R"({"Type":"Pass","InputPath":null,"OutputPath":null,"End":true})",
     R"({"a":1})", "-> end {}"},
    {"input path from a variable", "JSONPath", R"({"Type":"Pass","InputPath":"$name","End":true})",
     "{}", R"(-> end "n1")"},
    {"input path missing", "JSONPath", R"({"Type":"Pass","InputPath":"$.a.b.c","End":true})",
     R"({"a":{}})",
     std::string("fail States.Runtime: ") + kPrefix +
         "Invalid path '$.a.b.c' : Missing property in path $['a']['b']"},
    {"wait seconds from a variable", "JSONPath", R"({"Type":"Wait","SecondsPath":"$w","Next":"N"})",
     "{}", "wait 30 -> N {}"},
    {"wait seconds path not a number", "JSONPath",
     R"({"Type":"Wait","SecondsPath":"$.s","Next":"N"})", R"({"s":"x"})",
     std::string("fail States.Runtime: ") + kPrefix +
         "The SecondsPath parameter cannot be parsed as a long value: $.s == x"},
    {"wait timestamp path", "JSONPath", R"({"Type":"Wait","TimestampPath":"$.t","Next":"N"})",
     R"({"t":"nope"})",
     std::string("fail States.Runtime: ") + kPrefix +
         "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
         "date-time format string: $.t == nope"},
    {"fail paths", "JSONPath",
     R"j({"Type":"Fail","ErrorPath":"$name","CausePath":"States.Format('c{}',$.n)"})j",
     R"({"n":1})", "fail n1: c1"},
    {"jsonata plain output and assign", "JSONata",
     R"({"Type":"Pass","Output":{"k":[1," {% x %}"]},"Assign":{"a":true},"Next":"N"})", "{}",
     R"(-> N {"k":[1," {% x %}"]} {"a":true})"},
    {"jsonata default output", "JSONata", R"({"Type":"Pass","End":true})", R"({"in":1})",
     R"(-> end {"in":1})"},
    {"jsonata wait literal", "JSONata", R"({"Type":"Wait","Seconds":5,"Next":"N"})", "[]",
     "wait 5 -> N []"},
    {"jsonata expression", "JSONata", R"({"Type":"Pass","Output":{"a":"{% 1 %}"},"End":true})",
     "{}", std::string("fail States.Runtime: ") + kPrefix + dataflow::kJsonataNotSupported},
    {"jsonata fail error", "JSONata", R"({"Type":"Fail","Error":"{% 'E' %}"})", "{}",
     std::string("fail States.Runtime: ") + kPrefix + dataflow::kJsonataNotSupported},
    {"jsonata choice rule output", "JSONata",
     R"({"Type":"Choice","Choices":[{"Condition":true,"Next":"N","Output":"rule"}],
         "Output":"state"})",
     "{}", R"(-> N "rule")"},
    {"jsonata choice condition", "JSONata",
     R"({"Type":"Choice","Choices":[{"Condition":"{% true %}","Next":"N"}]})", "{}",
     std::string("fail States.Runtime: ") + kPrefix + dataflow::kJsonataNotSupported},
};

class RunStateTest : public ::testing::TestWithParam<Case> {};

TEST_P(RunStateTest, Runs) {
  const Case& c = GetParam();
  Fixture f(c.state, c.ql);
  ASSERT_NE(f.state, nullptr);
  EXPECT_EQ(Describe(RunnerFor(f.state->type).Run(f.Ctx(), Json::parse(c.input))), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Fields, RunStateTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.name;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

// A Task's end (Finish): JSONata's Output sees $states.result and defaults to it.
TEST(FinishTest, JsonataTaskOutputDefaultsToTheResult) {
  Fixture f(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
               "Arguments":{"FunctionName":"f"},"Next":"N"})",
            "JSONata");
  ASSERT_NE(f.state, nullptr);
  Outcome<Json> args = PrepareInput(f.Ctx(), Json::parse(R"({"in":1})"));
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(args.value(), Json::parse(R"({"FunctionName":"f"})"));
  Decision o = Finish(f.Ctx(), Json::parse(R"({"in":1})"), Json(42), /*select=*/true);
  EXPECT_EQ(Describe(o), "-> N 42");
}

struct CatchCase {
  const char* name;
  std::string ql;
  std::string catcher;
  std::string expected;
};

const CatchCase kCatchCases[] = {
    {"jsonpath result path and assign", "JSONPath",
     R"({"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Assign":{"e.$":"$.Error"},
         "Next":"N"})",
     R"(-> N {"in":1,"err":{"Error":"E","Cause":"C"}} {"e":"E"})"},
    {"jsonpath default", "JSONPath", R"({"ErrorEquals":["States.ALL"],"Next":"N"})",
     R"(-> N {"Error":"E","Cause":"C"})"},
    {"jsonata default output", "JSONata", R"({"ErrorEquals":["States.ALL"],"Next":"N"})",
     R"(-> N {"Error":"E","Cause":"C"})"},
    {"jsonata plain output", "JSONata",
     R"({"ErrorEquals":["States.ALL"],"Output":{"failed":true},"Assign":{"x":1},"Next":"N"})",
     R"(-> N {"failed":true} {"x":1})"},
    {"jsonata expression", "JSONata",
     R"({"ErrorEquals":["States.ALL"],"Output":"{% $states.errorOutput %}","Next":"N"})",
     std::string("fail States.Runtime: ") + kPrefix + dataflow::kJsonataNotSupported},
};

class ApplyCatcherTest : public ::testing::TestWithParam<CatchCase> {};

TEST_P(ApplyCatcherTest, Applies) {
  const CatchCase& c = GetParam();
  Fixture f(R"({"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}],
               "Catch":[)" +
                c.catcher + R"(],"End":true})",
            c.ql);
  ASSERT_NE(f.state, nullptr);
  ASSERT_EQ(f.state->catches.size(), 1u);
  Decision o = ApplyCatcher(f.Ctx(), f.state->catches[0], Json::parse(R"({"in":1})"), {"E", "C"});
  EXPECT_EQ(Describe(o), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Catchers, ApplyCatcherTest, ::testing::ValuesIn(kCatchCases),
                         [](const ::testing::TestParamInfo<CatchCase>& info) {
                           std::string name = info.param.name;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace sfn::states
