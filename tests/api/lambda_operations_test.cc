// The Lambda REST API's route table, and how its operations read members and
// page (through RunLambdaOperation against a LambdaService over an in-memory
// store).
#include "api/lambda_operations.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "emulator/core/worker_pool.h"
#include "emulator/lambda/memory_store.h"

namespace sfn::api {
namespace {

namespace fs = std::filesystem;

TEST(LambdaRoutesTest, MethodAndPathNameOneOperation) {
  struct Case {
    const char* method;
    const char* target;
    const char* operation;  // "" when nothing matches
    std::map<std::string, std::string> labels;
  };
  const std::string fn = "/2015-03-31/functions";
  const std::vector<Case> cases = {
      {"POST", "/2015-03-31/functions", "CreateFunction", {}},
      {"GET", "/2015-03-31/functions/", "ListFunctions", {}},
      {"GET", "/2015-03-31/functions?MaxItems=1&Marker=x", "ListFunctions", {}},
      {"GET", "/2015-03-31/functions/f", "GetFunction", {{"FunctionName", "f"}}},
      {"DELETE", "/2015-03-31/functions/f?Qualifier=1", "DeleteFunction", {{"FunctionName", "f"}}},
      {"GET",
       "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/"
       "configuration",
       "GetFunctionConfiguration",
       {{"FunctionName", "arn:aws:lambda:us-east-1:123456789012:function:f"}}},
      {"PUT",
       "/2015-03-31/functions/f/configuration",
       "UpdateFunctionConfiguration",
       {{"FunctionName", "f"}}},
      {"PUT", "/2015-03-31/functions/f/code", "UpdateFunctionCode", {{"FunctionName", "f"}}},
      {"POST", "/2015-03-31/functions/f/versions", "PublishVersion", {{"FunctionName", "f"}}},
      {"GET",
       "/2015-03-31/functions/f/versions",
       "ListVersionsByFunction",
       {{"FunctionName", "f"}}},
      {"POST", "/2015-03-31/functions/f/aliases", "CreateAlias", {{"FunctionName", "f"}}},
      {"GET", "/2015-03-31/functions/f/aliases", "ListAliases", {{"FunctionName", "f"}}},
      {"GET",
       "/2015-03-31/functions/f/aliases/live",
       "GetAlias",
       {{"FunctionName", "f"}, {"Name", "live"}}},
      {"PUT",
       "/2015-03-31/functions/f/aliases/live",
       "UpdateAlias",
       {{"FunctionName", "f"}, {"Name", "live"}}},
      {"DELETE",
       "/2015-03-31/functions/f/aliases/live",
       "DeleteAlias",
       {{"FunctionName", "f"}, {"Name", "live"}}},
      {"POST", "/2015-03-31/functions/f:2/invocations", "Invoke", {{"FunctionName", "f:2"}}},
      {"GET",
       "/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:function:f",
       "ListTags",
       {{"Resource", "arn:aws:lambda:us-east-1:123456789012:function:f"}}},
      {"POST",
       "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af",
       "TagResource",
       {{"Resource", "arn:aws:lambda:us-east-1:1:function:f"}}},
      {"DELETE",
       "/2017-03-31/tags/a/b?tagKeys=x&tagKeys=y",
       "UntagResource",
       {{"Resource", "a/b"}}},
      // No operation there.
      {"PATCH", "/2015-03-31/functions/f", "", {}},
      {"GET", "/2015-03-31/functions/f/nothing", "", {}},
      {"GET", "/2015-03-31/functions/f/aliases/live/extra", "", {}},
      {"GET", "/2015-03-31/functionsX", "", {}},
      {"GET", "/2017-03-31/tags/", "", {}},
      {"PUT", "/2015-03-31/functions/f/invocations", "", {}},
  };
  for (const Case& c : cases) {
    std::optional<LambdaRouteMatch> m = MatchLambdaRoute(c.method, c.target);
    std::string what = std::string(c.method) + " " + c.target;
    if (std::string(c.operation).empty()) {
      EXPECT_FALSE(m) << what << " -> " << (m ? m->operation : "");
      continue;
    }
    ASSERT_TRUE(m) << what;
    EXPECT_EQ(m->operation, c.operation) << what;
    EXPECT_EQ(m->labels, c.labels) << what;
  }
}

class LambdaOperationsTest : public testing::Test {
 protected:
  LambdaOperationsTest()
      : root_(fs::temp_directory_path() / ("sfn-lambda-ops-test-" + std::to_string(::getpid()))),
        pool_(2),
        code_(root_),
        runtimes_(lambda::RuntimeOptions{"python3", "node", (root_ / ".runtime").string()},
                  pool_),
        clock_(FromEpochMillis(1700000000000), false),
        random_(42),
        service_(store_, code_, runtimes_, pool_, random_, clock_, "123456789012") {}
  ~LambdaOperationsTest() override {
    runtimes_.Shutdown();
    pool_.Shutdown();  // before what its jobs capture
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  void AddFunction(const std::string& name) {
    lambda::FunctionRecord fn;
    fn.name = name;
    lambda::FunctionVersion v;
    v.function_name = name;
    v.runtime = "python3.12";
    v.handler = "app.handler";
    v.revision_id = random_.Uuid();
    ASSERT_TRUE(store_.SaveFunction(fn, {v}).ok());
  }

  // The answer to one request; every operation used here answers inline.
  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    HttpRequest request{method, target, std::move(headers), body};
    std::optional<HttpResponse> answer;
    RunLambdaOperation(service_, request, "us-east-1",
                       [&answer](HttpResponse r) { answer = std::move(r); });
    EXPECT_TRUE(answer) << method << " " << target << " did not answer inline";
    return answer.value_or(HttpResponse{});
  }

  static std::string ErrorType(const HttpResponse& r) {
    for (const auto& [k, v] : r.headers) {
      if (k == "x-amzn-ErrorType") return v;
    }
    return "";
  }
  static std::string Message(const HttpResponse& r) {
    Result<Json> body = ParseJson(r.body);
    return body.ok() && body->contains("message") ? (*body)["message"].get<std::string>() : "";
  }

  fs::path root_;
  lambda::MemoryLambdaStore store_;
  WorkerPool pool_;
  lambda::CodeStore code_;
  lambda::Runtimes runtimes_;
  VirtualClock clock_;
  Random random_;
  lambda::LambdaService service_;
};

TEST_F(LambdaOperationsTest, ListsPageWithMarkers) {
  for (const char* name : {"a", "b", "c"}) AddFunction(name);
  std::vector<std::string> names;
  std::string target = "/2015-03-31/functions?MaxItems=2";
  for (int page = 0; page < 5; ++page) {
    HttpResponse r = Call("GET", target);
    ASSERT_EQ(r.status, 200) << r.body;
    Json body = *ParseJson(r.body);
    for (const Json& f : body["Functions"]) names.push_back(f["FunctionName"]);
    if (!body.contains("NextMarker")) break;
    // NextMarker comes before the items, as before.
    EXPECT_EQ(body.begin().key(), "NextMarker");
    target = "/2015-03-31/functions?MaxItems=2&Marker=" + body["NextMarker"].get<std::string>();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(LambdaOperationsTest, BadMarkersAndPageSizesAnswerLambdasErrors) {
  AddFunction("f");
  struct Case {
    const char* target;
    int status;
    const char* type;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"/2015-03-31/functions?Marker=garbage", 400, "InvalidParameterValueException",
       "Invalid Marker"},
      {"/2015-03-31/functions/f/versions?Marker=1", 400, "InvalidParameterValueException",
       "Invalid Marker"},
      {"/2015-03-31/functions/f/aliases?Marker=sfnpage1", 400, "InvalidParameterValueException",
       "Invalid Marker"},
      {"/2015-03-31/functions?MaxItems=0", 400, "ValidationException",
       "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
       "Member must have value greater than or equal to 1"},
      {"/2015-03-31/functions?MaxItems=10001", 400, "ValidationException",
       "1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: "
       "Member must have value less than or equal to 10000"},
      {"/2015-03-31/functions?MaxItems=ten", 400, "InvalidParameterValueException",
       "MaxItems must be an integer"},
      {"/2015-03-31/functions?FunctionVersion=SOME", 400, "ValidationException",
       "1 validation error detected: Value 'SOME' at 'functionVersion' failed to satisfy "
       "constraint: Member must satisfy enum value set: [ALL]"},
  };
  for (const Case& c : cases) {
    HttpResponse r = Call("GET", c.target);
    EXPECT_EQ(r.status, c.status) << c.target << ": " << r.body;
    EXPECT_EQ(ErrorType(r), c.type) << c.target;
    EXPECT_EQ(Message(r), c.message) << c.target;
  }
  // A marker of one listing does not page another.
  AddFunction("g");
  Json first = *ParseJson(Call("GET", "/2015-03-31/functions?MaxItems=1").body);
  std::string marker = first["NextMarker"];
  EXPECT_EQ(Call("GET", "/2015-03-31/functions?FunctionVersion=ALL&Marker=" + marker).status, 400);
  EXPECT_EQ(Call("GET", "/2015-03-31/functions?MaxItems=1&Marker=" + marker).status, 200);
}

TEST_F(LambdaOperationsTest, MembersAreReadTheSameWayEverywhere) {
  AddFunction("f");
  struct Case {
    const char* method;
    const char* target;
    const char* body;
    std::map<std::string, std::string> headers;
    int status;
    const char* type;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"PUT",
       "/2015-03-31/functions/f/configuration",
       R"({"Timeout": "ten"})",
       {},
       400,
       "InvalidParameterValueException",
       "Timeout must be an integer"},
      {"PUT",
       "/2015-03-31/functions/f/configuration",
       R"({"Description": 5})",
       {},
       400,
       "InvalidParameterValueException",
       "Description must be a string"},
      {"PUT",
       "/2015-03-31/functions/f/configuration",
       R"({"Environment": {"Variables": []}})",
       {},
       400,
       "InvalidParameterValueException",
       "Environment.Variables must be a map"},
      {"PUT",
       "/2015-03-31/functions/f/configuration",
       R"({"Environment": {"Variables": {"A": 1}}})",
       {},
       400,
       "InvalidParameterValueException",
       "Environment.Variables.A must be a string"},
      {"PUT",
       "/2015-03-31/functions/f/configuration",
       R"({"Environment": "x"})",
       {},
       400,
       "InvalidParameterValueException",
       "Environment must be a structure"},
      {"POST",
       "/2015-03-31/functions",
       R"({"FunctionName": "g", "Code": {"ZipFile": "UEs="}})",
       {},
       400,
       "ValidationException",
       "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member "
       "must not be null"},
      {"POST",
       "/2015-03-31/functions",
       R"({"Role": "arn:aws:iam::123456789012:role/r"})",
       {},
       400,
       "ValidationException",
       "2 validation errors detected: Value null at 'functionName' failed to satisfy constraint: "
       "Member must not be null; Value null at 'code' failed to satisfy constraint: Member must "
       "not be null"},
      {"POST",
       "/2015-03-31/functions",
       R"({"FunctionName": "g", "Role": "arn:aws:iam::123456789012:role/r", "Code": {}})",
       {},
       400,
       "InvalidParameterValueException",
       "Please provide a source for function code (ZipFile)."},
      {"POST",
       "/2015-03-31/functions",
       R"({"FunctionName": "g", "Role": "arn:aws:iam::123456789012:role/r", )"
       R"("Code": {"ZipFile": 1}})",
       {},
       400,
       "InvalidParameterValueException",
       "Code.ZipFile must be a string"},
      {"POST",
       "/2015-03-31/functions",
       R"({"FunctionName": "g", "Publish": "yes"})",
       {},
       400,
       "InvalidParameterValueException",
       "Publish must be a boolean"},
      {"POST",
       "/2015-03-31/functions/f/aliases",
       R"({"Name": "live"})",
       {},
       400,
       "ValidationException",
       "1 validation error detected: Value null at 'functionVersion' failed to satisfy "
       "constraint: Member must not be null"},
      {"PUT",
       "/2015-03-31/functions/f/aliases/live",
       R"({"RoutingConfig": {"AdditionalVersionWeights": {"2": "half"}}})",
       {},
       400,
       "InvalidParameterValueException",
       "RoutingConfig.AdditionalVersionWeights.2 must be a number"},
      {"POST",
       "/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:function:f",
       "{}",
       {},
       400,
       "ValidationException",
       "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member "
       "must not be null"},
      {"DELETE",
       "/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:function:f",
       "",
       {},
       400,
       "ValidationException",
       "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
       "Member must not be null"},
      {"POST",
       "/2015-03-31/functions/f/invocations",
       "{}",
       {{"x-amz-invocation-type", "Later"}},
       400,
       "ValidationException",
       "1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy "
       "constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"},
      {"POST",
       "/2015-03-31/functions/f/invocations",
       "{}",
       {{"x-amz-log-type", "All"}},
       400,
       "ValidationException",
       "1 validation error detected: Value 'All' at 'logType' failed to satisfy constraint: "
       "Member must satisfy enum value set: [None, Tail]"},
      {"PUT",
       "/2015-03-31/functions/f/configuration",
       "{nope",
       {},
       400,
       "InvalidRequestContentException",
       "Could not parse request body into json"},
      {"PUT",
       "/2015-03-31/functions/f/configuration",
       "[1]",
       {},
       400,
       "InvalidRequestContentException",
       "Could not parse request body into json"},
      {"PATCH",
       "/2015-03-31/functions/f",
       "",
       {},
       404,
       "UnknownOperationException",
       "No Lambda operation PATCH /2015-03-31/functions/f"},
  };
  for (const Case& c : cases) {
    HttpResponse r = Call(c.method, c.target, c.body, c.headers);
    std::string what = std::string(c.method) + " " + c.target + " " + c.body;
    EXPECT_EQ(r.status, c.status) << what << ": " << r.body;
    EXPECT_EQ(ErrorType(r), c.type) << what;
    EXPECT_EQ(Message(r), c.message) << what;
  }
}

TEST_F(LambdaOperationsTest, TagsAndUntagsThroughTheTable) {
  AddFunction("f");
  const std::string tags = "/2017-03-31/tags/arn:aws:lambda:us-east-1:123456789012:function:f";
  EXPECT_EQ(Call("POST", tags, R"({"Tags": {"a": "1", "b": "2", "c": "3"}})").status, 204);
  EXPECT_EQ(Call("DELETE", tags + "?tagKeys=a&tagKeys=c").status, 204);
  HttpResponse r = Call("GET", tags);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"Tags":{"b":"2"}})");
}

}  // namespace
}  // namespace sfn::api
