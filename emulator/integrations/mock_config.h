// Step Functions Local's mock configuration file (developer guide,
// "Configuration file for mocked service integrations in Step Functions"):
//
//   {"StateMachines": {"<state machine name>": {"TestCases": {
//        "<test case>": {"<state name>": "<mocked response name>", ...}}}},
//    "MockedResponses": {"<mocked response name>": {
//        "0": {"Return": <any JSON>}, "1-2": {"Throw": {"Error": "...", "Cause": "..."}}}}}
//
// named by `--mock-config FILE` or SFN_MOCK_CONFIG. It is read and checked
// at start-up: a malformed file is refused with the JSON path of the first
// problem (`$.MockedResponses.MockedLambdaRetry['1-x']: ...`). Afterwards
// each lookup (a StartExecution on `<stateMachineArn>#<TestCase>`) re-reads
// the file when its modification time or size changed; a file that became
// malformed fails those lookups with the same message until it is fixed.
//
// Lenient where Step Functions Local is: a test case may name a mocked
// response that is absent or empty, and a response may leave invocation
// numbers out; the execution fails (States.Runtime) only when such a state
// is reached (engine/task_mocks.h). Thread-safe (one mutex).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "emulator/core/status.h"
#include "emulator/engine/task_mocks.h"

namespace sfn::integrations {

// The checked contents of a mock configuration file.
struct MockFileContents {
  Json state_machines;    // $.StateMachines, checked
  Json mocked_responses;  // $.MockedResponses, checked
};

// kValidationException "<path>: <problem>" for text that is not a mock
// configuration.
Result<MockFileContents> ParseMockConfig(std::string_view text);

// The test case `test_case` of `state_machine` in `contents`, resolved into
// the engine's shape; kValidationException (Step Functions Local's "No mock
// map found for test <name>") when there is none.
Result<engine::MockCase> ResolveMockCase(const MockFileContents& contents,
                                         const std::string& state_machine,
                                         const std::string& test_case);

class MockConfig : public engine::MockCases {
 public:
  // Reads and checks `path`; kValidationException naming the file and the
  // problem.
  static Result<std::unique_ptr<MockConfig>> Load(const std::string& path);

  Result<engine::MockCase> Find(const std::string& state_machine,
                                const std::string& test_case) const override;

  const std::string& path() const { return path_; }
  // How many test cases the file has, for the start-up log.
  size_t test_case_count() const;

 private:
  explicit MockConfig(std::string path) : path_(std::move(path)) {}
  // Re-reads the file when it changed; under mu_.
  void Refresh() const;

  std::string path_;
  mutable std::mutex mu_;
  mutable MockFileContents contents_;
  mutable Status problem_;  // why the file as it is now cannot be used
  mutable std::filesystem::file_time_type mtime_;
  mutable uintmax_t size_ = 0;
  mutable bool read_ = false;
};

}  // namespace sfn::integrations
