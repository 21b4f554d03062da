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
// "fail <error>: <cause>" (and " @<location>" for an evaluation failure).
std::string Describe(const Decision& d) {
  if (const auto* f = std::get_if<FailState>(&d.command)) {
    std::string s = "fail " + f->failure.error + ": " + f->failure.cause;
    if (f->failure.evaluation) s += " @" + *f->failure.evaluation;
    return s;
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
     "{}", R"(-> end {"a":1})"},
    {"jsonata states input, context and variables", "JSONata",
     R"({"Type":"Pass","Output":{"i":"{% $states.input.in %}","v":"{% $name %}",
         "c":"{% $states.context.Execution.Id %}","n":"{% $w * 2 %}"},"End":true})",
     R"({"in":[1]})", R"(-> end {"i":[1],"v":"n1","c":"e","n":60})"},
    {"jsonata assign sees the variables as they were", "JSONata",
     R"({"Type":"Pass","Assign":{"name":"{% $name & '!' %}","w":"{% $w + 1 %}"},
         "Output":"{% [$name, $w] %}","Next":"N"})",
     "{}", R"(-> N ["n1",30] {"name":"n1!","w":31})"},
    {"jsonata now is the evaluation's time", "JSONata",
     R"({"Type":"Pass","Output":"{% [$now(), $millis()] %}","End":true})", "{}",
     R"(-> end ["1970-01-01T00:16:40.000Z",1000000])"},
    {"jsonata computed numbers", "JSONata",
     R"({"Type":"Pass","Output":"{% [1.5 * 2, 0.1 + 0.2, 1e21 + 0, 1e-7 / 10] %}","End":true})",
     "{}", R"(-> end [3,0.30000000000000004,1e+21,1e-8])"},
    {"jsonata undefined", "JSONata", R"({"Type":"Pass","Output":"{% $nope %}","End":true})", "{}",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The JSONata expression '$nope' specified for the field 'Output' returned nothing "
         "(undefined). @Output"},
    {"jsonata undefined inside", "JSONata",
     R"({"Type":"Pass","Assign":{"a":{"b":[1,"{% $states.input.x %}"]}},"End":true})", "{}",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The JSONata expression '$states.input.x' specified for the field 'Assign/a/b[1]' "
         "returned nothing (undefined). @Assign/a/b[1]"},
    {"jsonata error", "JSONata",
     R"({"Type":"Pass","Output":{"n":"{% $number('x') %}"},"End":true})", "{}",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The JSONata expression '$number('x')' specified for the field 'Output/n' threw an "
         "error during evaluation. D3030: Unable to cast value to a number: \"x\" @Output/n"},
    {"jsonata function", "JSONata",
     R"({"Type":"Pass","Output":"{% function($x){$x} %}","End":true})", "{}",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The JSONata expression 'function($x){$x}' specified for the field 'Output' returned an "
         "unsupported result type. @Output"},
    {"jsonata wait seconds", "JSONata", R"({"Type":"Wait","Seconds":"{% $w %}","Next":"N"})", "{}",
     "wait 30 -> N {}"},
    {"jsonata wait seconds not an integer", "JSONata",
     R"({"Type":"Wait","Seconds":"{% 'x' %}","Next":"N"})", "{}",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The JSONata expression ''x'' specified for the field 'Seconds' returned an unexpected "
         "result type. Expected 'integer', but was 'string' for value: \"x\" @Seconds"},
    {"jsonata wait timestamp", "JSONata",
     R"({"Type":"Wait","Timestamp":"{% '1970-01-01T00:20:00Z' %}","Output":{"o":1},"Next":"N"})",
     "{}", R"(wait 200 -> N {"o":1})"},
    {"jsonata wait bad timestamp", "JSONata",
     R"({"Type":"Wait","Timestamp":"{% $states.input %}","Next":"N"})", R"("2016-13-05T21:29:29Z")",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format "
         "string: 2016-13-05T21:29:29Z @Timestamp"},
    {"jsonata fail error", "JSONata", R"({"Type":"Fail","Error":"{% 'E' %}"})", "{}", "fail E: "},
    {"jsonata fail cause", "JSONata",
     R"({"Type":"Fail","Error":"E","Cause":"{% $states.input.c %}"})", R"({"c":"why"})",
     "fail E: why"},
    {"jsonata fail error not a string", "JSONata", R"({"Type":"Fail","Error":"{% 1 %}"})", "{}",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The JSONata expression '1' specified for the field 'Error' returned an unexpected "
         "result type. Expected 'string', but was 'number' for value: 1 @Error"},
    {"jsonata choice rule output", "JSONata",
     R"({"Type":"Choice","Choices":[{"Condition":true,"Next":"N","Output":"rule"}],
         "Output":"state"})",
     "{}", R"(-> N "rule")"},
    {"jsonata choice condition", "JSONata",
     R"({"Type":"Choice","Choices":[{"Condition":"{% $states.input.n > 1 %}","Next":"N",
         "Assign":{"r":"{% $states.input.n %}"}}],"Default":"N"})",
     R"({"n":2})", R"(-> N {"n":2} {"r":2})"},
    {"jsonata choice condition not a boolean", "JSONata",
     R"({"Type":"Choice","Choices":[{"Condition":"{% 1 %}","Next":"N"}]})", "{}",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The JSONata expression '1' specified for the field 'Choices[0]/Condition' returned an "
         "unexpected result type. Expected 'boolean', but was 'number' for value: 1 "
         "@Choices[0]/Condition"},
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
     R"({"ErrorEquals":["States.ALL"],"Output":{"e":"{% $states.errorOutput %}",
         "i":"{% $states.input %}"},"Assign":{"c":"{% $states.errorOutput.Cause %}"},
         "Next":"N"})",
     R"(-> N {"e":{"Error":"E","Cause":"C"},"i":{"in":1}} {"c":"C"})"},
    {"jsonata output fails", "JSONata",
     R"({"ErrorEquals":["States.ALL"],"Output":{"e":"{% $states.errorOutput.x %}"},
         "Next":"N"})",
     std::string("fail States.QueryEvaluationError: ") + kPrefix +
         "The JSONata expression '$states.errorOutput.x' specified for the field "
         "'Catch[0]/Output/e' returned nothing (undefined). @Catch[0]/Output/e"},
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
