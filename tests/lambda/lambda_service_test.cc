#include "emulator/lambda/lambda_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <set>

#include <unistd.h>

#include "emulator/lambda/memory_store.h"

namespace sfn::lambda {
namespace {

namespace fs = std::filesystem;

class LambdaServiceTest : public testing::Test {
 protected:
  LambdaServiceTest()
      : root_(fs::temp_directory_path() / ("sfn-lambda-test-" + std::to_string(::getpid()))),
        code_(root_),
        runtimes_(RuntimeOptions{"python3", "node", (root_ / ".runtime").string()}),
        clock_(FromEpochMillis(1700000000000), false),
        random_(42),
        service_(store_, code_, runtimes_, random_, clock_, "123456789012") {}
  ~LambdaServiceTest() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // A function with $LATEST, as CreateFunction leaves it (without the zip).
  void AddFunction(const std::string& name, const std::string& sha = "sha-1") {
    FunctionRecord fn;
    fn.name = name;
    FunctionVersion v;
    v.function_name = name;
    v.runtime = "python3.12";
    v.handler = "app.handler";
    v.code_sha256 = sha;
    v.revision_id = random_.Uuid();
    ASSERT_TRUE(store_.SaveFunction(fn, {v}).ok());
  }

  std::string Publish(const std::string& name) {
    Result<FunctionVersion> v = service_.PublishVersion(name, std::nullopt, std::nullopt,
                                                        std::nullopt);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->version : "";
  }

  void Touch(const std::string& name) {
    UpdateConfigurationInput in;
    in.description = "changed " + random_.Uuid();
    ASSERT_TRUE(service_.UpdateFunctionConfiguration(name, in).ok());
  }

  fs::path root_;
  MemoryLambdaStore store_;
  CodeStore code_;
  Runtimes runtimes_;
  VirtualClock clock_;
  Random random_;
  LambdaService service_;
};

TEST_F(LambdaServiceTest, PublishNumbersAndUnchangedLatest) {
  AddFunction("greet");
  EXPECT_EQ(Publish("greet"), "1");
  EXPECT_EQ(Publish("greet"), "1");  // $LATEST unchanged: the latest version again
  Touch("greet");
  EXPECT_EQ(Publish("greet"), "2");
  ASSERT_TRUE(service_.DeleteFunction("greet", std::string("2")).ok());
  Touch("greet");
  EXPECT_EQ(Publish("greet"), "3");  // numbers are never reused
}

TEST_F(LambdaServiceTest, PublishPreconditions) {
  AddFunction("greet", "abc=");
  Result<FunctionVersion> wrong_sha =
      service_.PublishVersion("greet", std::string("xyz="), std::nullopt, std::nullopt);
  ASSERT_FALSE(wrong_sha.ok());
  EXPECT_EQ(wrong_sha.status().code(), ErrorCode::kInvalidParameterValueException);
  EXPECT_EQ(wrong_sha.status().message(),
            "CodeSHA256 (xyz=) is different from current CodeSHA256 in $LATEST (abc=). Please "
            "try again with the correct CodeSHA256.");
  Result<FunctionVersion> wrong_rev =
      service_.PublishVersion("greet", std::nullopt, std::nullopt, std::string("nope"));
  ASSERT_FALSE(wrong_rev.ok());
  EXPECT_EQ(wrong_rev.status().code(), ErrorCode::kPreconditionFailedException);
  std::string rev = (*store_.FindVersion("greet", kLatest))->revision_id;
  Result<FunctionVersion> ok =
      service_.PublishVersion("greet", std::string("abc="), std::string("desc"), rev);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->version, "1");
  EXPECT_EQ(ok->description, "desc");
}

struct ResolveCase {
  const char* ref;
  const char* version;  // expected, or nullptr for an error
  ErrorCode error;
};

class ResolveTest : public LambdaServiceTest, public testing::WithParamInterface<ResolveCase> {};

TEST_P(ResolveTest, ResolvesAtTheMomentOfTheCall) {
  AddFunction("greet");
  Publish("greet");
  Touch("greet");
  Publish("greet");
  AliasInput alias;
  alias.name = "live";
  alias.function_version = "2";
  ASSERT_TRUE(service_.CreateAlias("greet", alias).ok());
  const ResolveCase& c = GetParam();
  Result<engine::ResolvedFunction> r = service_.Resolve(c.ref, "us-east-1", "123456789012");
  if (!c.version) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.error);
    return;
  }
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->function_name, "greet");
  EXPECT_EQ(r->function_arn, "arn:aws:lambda:us-east-1:123456789012:function:greet");
  EXPECT_EQ(r->version, c.version);
}

INSTANTIATE_TEST_SUITE_P(
    All, ResolveTest,
    testing::Values(
        ResolveCase{"greet", "$LATEST", ErrorCode::kOk},
        ResolveCase{"greet:$LATEST", "$LATEST", ErrorCode::kOk},
        ResolveCase{"greet:1", "1", ErrorCode::kOk},
        ResolveCase{"greet:live", "2", ErrorCode::kOk},
        ResolveCase{"arn:aws:lambda:us-east-1:123456789012:function:greet:1", "1", ErrorCode::kOk},
        ResolveCase{"123456789012:function:greet:live", "2", ErrorCode::kOk},
        ResolveCase{"greet:9", nullptr, ErrorCode::kResourceNotFoundException},
        ResolveCase{"greet:dead", nullptr, ErrorCode::kResourceNotFoundException},
        ResolveCase{"other", nullptr, ErrorCode::kResourceNotFoundException},
        ResolveCase{"bad name", nullptr, ErrorCode::kValidationException}));

TEST_F(LambdaServiceTest, AliasFollowsUpdatesAndWeightsAreSeeded) {
  AddFunction("greet");
  Publish("greet");
  Touch("greet");
  Publish("greet");
  AliasInput alias;
  alias.name = "live";
  alias.function_version = "1";
  ASSERT_TRUE(service_.CreateAlias("greet", alias).ok());
  EXPECT_EQ(service_.Resolve("greet:live", "us-east-1", "")->version, "1");
  AliasInput move;
  move.name = "live";
  move.function_version = "2";
  ASSERT_TRUE(service_.UpdateAlias("greet", move).ok());
  EXPECT_EQ(service_.Resolve("greet:live", "us-east-1", "")->version, "2");
  AliasInput split;
  split.name = "live";
  split.function_version = "1";
  split.weights = std::map<std::string, double>{{"2", 0.5}};
  ASSERT_TRUE(service_.UpdateAlias("greet", split).ok());
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) seen.insert(service_.Resolve("greet:live", "", "")->version);
  EXPECT_EQ(seen, (std::set<std::string>{"1", "2"}));
}

TEST_F(LambdaServiceTest, DeleteVersionRules) {
  AddFunction("greet");
  Publish("greet");
  AliasInput alias;
  alias.name = "live";
  alias.function_version = "1";
  ASSERT_TRUE(service_.CreateAlias("greet", alias).ok());
  EXPECT_EQ(service_.DeleteFunction("greet", std::string("1")).code(),
            ErrorCode::kResourceConflictException);
  EXPECT_EQ(service_.DeleteFunction("greet", std::string("$LATEST")).code(),
            ErrorCode::kInvalidParameterValueException);
  EXPECT_EQ(service_.DeleteFunction("greet", std::string("5")).code(),
            ErrorCode::kResourceNotFoundException);
  ASSERT_TRUE(service_.DeleteAlias("greet", "live").ok());
  EXPECT_TRUE(service_.DeleteFunction("greet", std::string("1")).ok());
  EXPECT_TRUE(service_.DeleteFunction("greet", std::nullopt).ok());
  EXPECT_EQ(service_.GetFunction("greet", std::nullopt).status().code(),
            ErrorCode::kResourceNotFoundException);
}

// The engine's port end to end with a real python handler: resolve now,
// invoke exactly that version, the answer comes from a worker thread.
TEST_F(LambdaServiceTest, PortInvokesTheResolvedVersionWithAnyJsonText) {
  fs::path code = root_ / "code";
  fs::create_directories(code);
  std::ofstream(code / "app.py") << "import sys\n"
                                    "def handler(event, context):\n"
                                    "    sys.stdin.read()\n"
                                    "    return [event, context.function_version]\n";
  AddFunction("greet");
  FunctionVersion latest = *store_.FindVersion("greet", kLatest).value();
  latest.code_dir = code.string();
  ASSERT_TRUE(store_.SaveFunction(*store_.FindFunction("greet").value(), {latest}).ok());
  Publish("greet");
  Result<engine::ResolvedFunction> fn = service_.Resolve("greet:1", "us-east-1", "123456789012");
  ASSERT_TRUE(fn.ok()) << fn.status().ToString();
  for (int i = 0; i < 2; ++i) {  // the second call reuses the warm process
    std::promise<engine::InvocationResult> promise;
    service_.Invoke(*fn, "{\n  \"a\": [1,\n 2]\n}",
                    [&promise](engine::InvocationResult r) { promise.set_value(std::move(r)); });
    engine::InvocationResult r = promise.get_future().get();
    EXPECT_FALSE(r.service_error) << r.service_message;
    EXPECT_FALSE(r.function_error) << r.payload;
    EXPECT_EQ(r.executed_version, "1");
    EXPECT_EQ(r.payload, R"([{"a": [1, 2]}, "1"])");
  }
  EXPECT_EQ(runtimes_.IdleCount(), 1u);
  ASSERT_TRUE(service_.DeleteFunction("greet", std::nullopt).ok());
  EXPECT_EQ(runtimes_.IdleCount(), 0u);
}

}  // namespace
}  // namespace sfn::lambda
