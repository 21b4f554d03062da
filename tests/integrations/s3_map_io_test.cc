// A distributed Map's ItemReader and ResultWriter through the engine's step,
// over an in-memory object store: the read is a call of the Map's own (no
// task events), its items are kept in the execution state, a read in flight
// is sent again after a restart, a failed read is MapRunFailed with its
// error and cause, and the writer's files and answer are AWS's.
#include <gtest/gtest.h>

#include <map>

#include "emulator/asl/parser.h"
#include "emulator/engine/step.h"
#include "emulator/integrations/registry.h"

namespace sfn::integrations {
namespace {

using engine::StepInput;

class MemoryStore : public ObjectStore {
 public:
  std::map<std::string, std::string> objects;  // "bucket/key" -> body
  int gets = 0;

  void Get(std::string bucket, std::string key,
           std::function<void(Outcome<std::string>)> done) override {
    ++gets;
    auto it = objects.find(bucket + "/" + key);
    if (it == objects.end()) return done(Failure{"NoSuchKey", "The specified key does not exist."});
    done(it->second);
  }
  void List(std::string, std::string, std::function<void(Outcome<Json>)> done) override {
    done(Json::array());
  }
  void Put(std::string bucket, std::string key, std::string body,
           std::function<void(Outcome<Json>)> done) override {
    objects[bucket + "/" + key] = std::move(body);
    done(Json());
  }
};

struct MapRun {
  MemoryStore store;
  std::unique_ptr<Registry> registry = MakeRegistry(Ports{.s3 = &store});
  asl::DefinitionPtr def;
  engine::ExecutionInfo info;
  engine::StepEnv env{nullptr, registry.get()};
  engine::StepResult r;
  std::vector<engine::HistoryEvent> events;

  explicit MapRun(const std::string& definition) {
    auto parsed = asl::Parse(definition);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    def = *parsed;
    info.arn = "arn:aws:states:us-east-1:123456789012:execution:sm:e";
    info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
    info.state_machine_name = "sm";
    info.input = "{}";
  }
  void Start() {
    r = engine::StartExecution(*def, info, FromEpochMillis(0));
    events = r.events;
    Step(StepInput{});
  }
  void Step(const StepInput& in) {
    r = engine::Step(*def, info, r.state, in, FromEpochMillis(1000), 1000, env);
    events.insert(events.end(), r.events.begin(), r.events.end());
  }
  // Answers every dispatched call until the execution ends.
  void Finish() {
    while (!r.terminal && !r.dispatch.empty()) {
      engine::TaskDispatch d = r.dispatch.front();
      engine::TaskAnswer answer;
      registry->Find(d.task.integration)->Dispatch(d.task, [&](engine::TaskAnswer a) {
        answer = std::move(a);
      });
      StepInput in;
      in.kind = StepInput::Kind::kTaskAnswer;
      in.completion = engine::TaskCompletion{d.frame_id, d.task_attempt, std::move(answer)};
      Step(in);
    }
  }
  std::vector<std::string> Types() const {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
  }
};

std::string MapWith(const std::string& reader_and_writer) {
  return R"({"StartAt":"M","States":{"M":{"Type":"Map",)" + reader_and_writer +
         R"(,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"P",
         "States":{"P":{"Type":"Pass","End":true}}},"End":true}}})";
}

const char kReader[] = R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
    "Parameters":{"Bucket":"b","Key":"k.json"},"ReaderConfig":{"InputType":"JSON"}})";

TEST(S3MapIo, ItemsAreReadByACallOfTheMapsOwn) {
  MapRun run(MapWith(kReader));
  run.store.objects["b/k.json"] = "[1,2,3]";
  run.Start();
  ASSERT_EQ(1u, run.r.dispatch.size());
  EXPECT_EQ("s3.itemReader", run.r.dispatch[0].task.integration);
  run.Finish();
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ("[1,2,3]", *run.r.terminal->output);
  EXPECT_EQ((std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                      "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded",
                                      "MapStateExited", "ExecutionSucceeded"}),
            run.Types());
  EXPECT_EQ(0, run.events[2].details["length"]);
}

TEST(S3MapIo, AReadInFlightIsSentAgainAfterARestart) {
  MapRun run(MapWith(kReader));
  run.store.objects["b/k.json"] = "[1]";
  run.Start();
  // The committed state, loaded again by a new process.
  Result<engine::ExecutionState> reloaded = engine::ExecutionState::FromJson(run.r.state.ToJson());
  ASSERT_TRUE(reloaded.ok());
  run.r.state = std::move(reloaded).value();
  run.Step(StepInput{StepInput::Kind::kResume});
  ASSERT_EQ(1u, run.r.dispatch.size());
  EXPECT_EQ("s3.itemReader", run.r.dispatch[0].task.integration);
  run.Finish();
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ("[1]", *run.r.terminal->output);
  EXPECT_EQ(1, run.store.gets);
}

TEST(S3MapIo, AFailedReadIsMapRunFailedWithItsErrorAndCause) {
  MapRun run(MapWith(kReader));
  run.Start();
  run.Finish();
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ("States.ItemReaderFailed", *run.r.terminal->error);
  EXPECT_EQ((std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                      "MapRunStarted", "MapRunFailed", "MapStateFailed",
                                      "ExecutionFailed"}),
            run.Types());
  EXPECT_EQ("States.ItemReaderFailed", run.events[4].details["error"]);
  EXPECT_EQ(*run.r.terminal->cause, run.events[4].details["cause"]);
}

TEST(S3MapIo, TheWriterAnswersWithTheManifestsLocation) {
  MapRun run(MapWith(std::string(kReader) + R"(,"ResultWriter":{
      "Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"p"}})"));
  run.store.objects["b/k.json"] = R"([{"a":1}])";
  run.Start();
  run.Finish();
  ASSERT_TRUE(run.r.terminal);
  Json out = ParseJson(*run.r.terminal->output).value();
  std::string arn = out["MapRunArn"];
  std::string id = arn.substr(arn.rfind(':') + 1);
  EXPECT_EQ(Json({{"Bucket", "out"}, {"Key", "p/" + id + "/manifest.json"}}),
            out["ResultWriterDetails"]);
  Json manifest = ParseJson(run.store.objects.at("out/p/" + id + "/manifest.json")).value();
  EXPECT_EQ("out", manifest["DestinationBucket"]);
  EXPECT_EQ(arn, manifest["MapRunArn"]);
  ASSERT_EQ(1u, manifest["ResultFiles"]["SUCCEEDED"].size());
  Json records = ParseJson(run.store.objects.at("out/p/" + id + "/SUCCEEDED_0.json")).value();
  ASSERT_EQ(1u, records.size());
  EXPECT_EQ(R"({"a":1})", records[0]["Output"]);
  EXPECT_EQ("SUCCEEDED", records[0]["Status"]);
  // The writer writes no task events either.
  EXPECT_EQ("MapRunSucceeded", run.events[4].type);
}

}  // namespace
}  // namespace sfn::integrations
