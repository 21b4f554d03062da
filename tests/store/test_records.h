// What the store tests share: the records they write (a state machine by
// name; executions of machine "m" in us-east-1, each started at a given
// millisecond with input "{}" and its first frame at state "A" — tests change
// what they vary on the record returned), a temporary directory for a
// database file, and the query plan SQLite chooses for a statement.
// Header-only test helpers.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "emulator/control/ports.h"
#include "emulator/core/time.h"
#include "emulator/engine/ports.h"
#include "store/database.h"

namespace sfn::store::testing {

inline const std::string kMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:m";

inline control::StateMachineRecord MachineNamed(const std::string& name) {
  control::StateMachineRecord sm;
  sm.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + name;
  sm.name = name;
  sm.type = "STANDARD";
  sm.role_arn = "arn:aws:iam::123456789012:role/r";
  sm.definition = R"({"StartAt":"A","States":{"A":{"Type":"Succeed"}}})";
  sm.revision_id = "rev-" + name;
  sm.logging_configuration = Json{{"level", "OFF"}};
  sm.tracing_configuration = Json{{"enabled", false}};
  sm.encryption_configuration = Json{{"type", "AWS_OWNED_KEY"}};
  sm.creation_date = FromEpochMillis(1000);
  return sm;
}

inline engine::ExecutionRecord ExecutionOfM(const std::string& name, int64_t start_ms) {
  engine::ExecutionRecord e;
  e.info.arn = "arn:aws:states:us-east-1:123456789012:execution:m:" + name;
  e.info.name = name;
  e.info.state_machine_arn = kMachineArn;
  e.info.state_machine_name = "m";
  e.info.revision_id = "rev-m";
  e.info.role_arn = "arn:aws:iam::123456789012:role/r";
  e.info.input = "{}";
  e.info.start_time = FromEpochMillis(start_ms);
  e.state.frames[0].state_name = "A";
  e.record_version = 1;
  return e;
}

// A directory of its own for the running test (named after the process and
// the test), removed with everything in it at the end.
class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("sfn-store-test-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// EXPLAIN QUERY PLAN of `sql`: one line per step of the plan.
inline std::string PlanOf(Database& db, const std::string& sql) {
  auto q = db.Prepare("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(q.ok());
  if (!q.ok()) return "";
  std::string plan;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok() || !*row) break;
    plan += (*q)->Text(3) + "\n";
  }
  (*q)->Reset();
  return plan;
}

}  // namespace sfn::store::testing
