// Step Functions Local's mocked service integrations as the engine runs them
// (developer guide, "Using mocked service integrations for testing in Step
// Functions Local"). The mock configuration file itself is read by
// integrations/mock_config.h; an execution started on
// `<stateMachineArn>#<TestCase>` carries its test case here.
//
// A MockCase is one test case: for each mocked state, the responses of its
// MockedResponses entry by invocation number (single numbers and inclusive
// ranges), and how many times each state has been invoked so far in this
// execution. Step Functions Local keeps one counter per state name per
// execution: every scheduling of the state's Task takes the next number,
// retries and Map iterations included. The case is copied into the
// execution's state when it starts and committed with every transition, so
// its counters survive restarts and a later change of the file does not
// change a running execution.
//
// Values; not shared between threads. MockCases (the file) is thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"

namespace sfn::engine {

// One entry of a MockedResponses object: "0", "1-2".
struct MockedResponse {
  int64_t first = 0;  // inclusive range of invocation numbers
  int64_t last = 0;
  std::optional<Json> result;    // "Return": the Task's result
  std::optional<Failure> error;  // "Throw": {Error, Cause}
};

// What a test case says about one state.
struct StateMock {
  std::string response_name;  // the MockedResponses entry it names
  bool defined = true;        // false: MockedResponses has no such entry
  std::vector<MockedResponse> responses;

  // The response for invocation `n`, or null when none covers it.
  const MockedResponse* At(int64_t n) const;
};

struct MockCase {
  std::string state_machine;  // as the file names it
  std::string test_case;
  std::map<std::string, StateMock> states;     // by state name
  std::map<std::string, int64_t> invocations;  // per state name: mocked calls made

  const StateMock* Find(const std::string& state_name) const;

  Json ToJson() const;
  static MockCase FromJson(const Json& j);  // throws Json::exception on a bad shape
};

// The mock configuration file as the control layer asks it at
// StartExecution time.
class MockCases {
 public:
  virtual ~MockCases() = default;
  // The test case `test_case` of state machine `state_machine`;
  // kValidationException when the file has none (or cannot be read).
  virtual Result<MockCase> Find(const std::string& state_machine,
                                const std::string& test_case) const = 0;
};

}  // namespace sfn::engine
