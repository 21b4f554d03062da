#include "emulator/lambda/lambda_service.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "emulator/lambda/memory_store.h"

namespace sfn::lambda {
namespace {

namespace fs = std::filesystem;

class LambdaServiceTest : public testing::Test {
 protected:
  LambdaServiceTest()
      : root_(fs::temp_directory_path() / ("sfn-lambda-test-" + std::to_string(::getpid()))),
        pool_(2),
        code_(root_),
        runtimes_(RuntimeOptions{"python3", "node", (root_ / ".runtime").string()}, pool_),
        clock_(FromEpochMillis(1700000000000), false),
        random_(42),
        service_(store_, code_, runtimes_, pool_, random_, clock_, "123456789012") {}
  ~LambdaServiceTest() override {
    runtimes_.Shutdown();
    pool_.Shutdown();  // before what its jobs capture
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
  WorkerPool pool_;
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

// A stub's Delay is a timer on the pool's I/O thread: with every worker
// busy a delayed stub still answers, and one waiting at shutdown is dropped.
TEST_F(LambdaServiceTest, StubDelaysAreTimersNotWorkers) {
  auto stubs = Stubs::Parse(*ParseJson(R"({
    "soon": {"$LATEST": {"Response": "soon", "Delay": 5}},
    "never": {"$LATEST": {"Response": "never", "Delay": 3600000}}
  })"));
  ASSERT_TRUE(stubs.ok());
  service_.SetStubs(std::move(stubs).value());
  std::promise<void> open;
  std::shared_future<void> gate = open.get_future().share();
  for (size_t i = 0; i < pool_.size(); ++i) ASSERT_TRUE(pool_.Post([gate] { gate.wait(); }));

  auto never = std::make_shared<int>(0);
  InvokeInput in;
  in.function_name = "never";
  service_.InvokeFunction(in, [never](Result<engine::InvocationResult>) { ++*never; });
  std::promise<Result<engine::InvocationResult>> got;
  in.function_name = "soon";
  service_.InvokeFunction(
      in, [&got](Result<engine::InvocationResult> r) { got.set_value(std::move(r)); });
  Result<engine::InvocationResult> r = got.get_future().get();  // while the workers wait
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->payload, R"("soon")");
  open.set_value();
  pool_.Shutdown();
  EXPECT_EQ(*never, 0);
  EXPECT_EQ(never.use_count(), 1);  // dropped at Shutdown, not left behind
}

struct BlockedHandler {
  const char* name;
  const char* runtime;
  const char* file;
  const char* code;  // writes its pid to $PID_FILE, then blocks
};

class ShutdownTest : public LambdaServiceTest,
                     public testing::WithParamInterface<BlockedHandler> {};

// Runtimes::Shutdown while a handler blocks: the call answers at once, the
// handler's processes are gone and later calls do not run.
TEST_P(ShutdownTest, EndsABlockedHandler) {
  const BlockedHandler& h = GetParam();
  fs::path code = root_ / h.name;
  fs::create_directories(code);
  fs::path pid_file = root_ / (std::string(h.name) + ".pid");
  std::ofstream(code / h.file) << h.code;
  fs::permissions(code / h.file, fs::perms::owner_all, fs::perm_options::add);
  AddFunction(h.name);
  FunctionVersion latest = *store_.FindVersion(h.name, kLatest).value();
  latest.runtime = h.runtime;
  latest.timeout = 900;
  latest.code_dir = code.string();
  latest.environment = Json{{"PID_FILE", pid_file.string()}};
  ASSERT_TRUE(store_.SaveFunction(*store_.FindFunction(h.name).value(), {latest}).ok());
  Result<engine::ResolvedFunction> fn = service_.Resolve(h.name, "us-east-1", "123456789012");
  ASSERT_TRUE(fn.ok()) << fn.status().ToString();

  std::promise<engine::InvocationResult> got;
  service_.Invoke(*fn, "{}", [&got](engine::InvocationResult r) { got.set_value(std::move(r)); });
  auto answer = got.get_future();
  // Short polls with a deadline until the handler runs.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  pid_t pid = 0;
  while (pid == 0 && std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(pid_file);
    if (!(in >> pid)) pid = 0;
    if (pid == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GT(pid, 0) << "the handler never started";
  EXPECT_EQ(answer.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  runtimes_.Shutdown();
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  engine::InvocationResult r = answer.get();
  EXPECT_EQ(r.service_error, std::optional<std::string>("ServiceException"));
  EXPECT_NE(r.service_message.find("shutting down"), std::string::npos);
  EXPECT_EQ(::kill(pid, 0), -1);  // killed and reaped
  EXPECT_EQ(errno, ESRCH);

  std::promise<engine::InvocationResult> later;
  service_.Invoke(*fn, "{}",
                  [&later](engine::InvocationResult r) { later.set_value(std::move(r)); });
  EXPECT_EQ(later.get_future().get().service_error, std::optional<std::string>("ServiceException"));
}

INSTANTIATE_TEST_SUITE_P(
    Runtimes, ShutdownTest,
    testing::Values(
        BlockedHandler{"python", "python3.12", "app.py",
                       "import os, threading\n"
                       "def handler(event, context):\n"
                       "    with open(os.environ['PID_FILE'], 'w') as f:\n"
                       "        f.write(str(os.getpid()))\n"
                       "    threading.Event().wait()\n"},
        BlockedHandler{
            "provided", "provided.al2023", "bootstrap",
            "#!/bin/sh\necho $$ > \"$PID_FILE.tmp\"\nmv \"$PID_FILE.tmp\" \"$PID_FILE\"\n"
            "exec sleep 600\n"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace sfn::lambda
