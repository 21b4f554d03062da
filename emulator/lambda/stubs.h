// Declarative stub functions, loaded with --functions FILE (issue 4,
// part 2). The file is a JSON object:
//   { "<function name>": { "<version>" | "$LATEST" | "*": <behaviour>, ... }, ... }
// A behaviour is an object with one of
//   "Response": <any JSON>             the payload, as is
//   "ResponseTemplate": <template>     computed from the event with the
//                                      `Parameters` syntax ("key.$": "$.path",
//                                      intrinsic functions; $$ is the context)
//   "Error": "Name", "Cause": "text"   an unhandled function error: payload
//                                      {"errorType": Name, "errorMessage": text}
//   "Sequence": [<behaviour>, ...]     one per call, the last one repeating
// and optionally "Delay": milliseconds before answering (real time, a timer
// on the WorkerPool's I/O thread; no thread waits meanwhile).
// A stub function's versions are the keys; "*" answers for any version.
// The Stubs object is immutable after loading except for the sequence
// positions (under a mutex): thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/dataflow/template.h"
#include "emulator/engine/lambda_port.h"

namespace sfn::lambda {

struct StubBehaviour {
  std::optional<Json> response;
  std::optional<dataflow::Template> response_template;
  std::optional<std::string> error;
  std::string cause;
  int64_t delay_ms = 0;
};

struct StubAnswer {
  engine::InvocationResult result;
  int64_t delay_ms = 0;
};

class Stubs {
 public:
  // kInvalidParameterValueException naming the bad entry.
  static Result<std::unique_ptr<Stubs>> Parse(const Json& file);
  static Result<std::unique_ptr<Stubs>> Load(const std::string& path);

  bool HasFunction(const std::string& name) const;
  // Whether the function answers for `version` (a number or $LATEST).
  bool HasVersion(const std::string& name, const std::string& version) const;
  std::vector<std::string> FunctionNames() const;
  // The next answer for one call (advances a sequence). `context` is $$.
  StubAnswer Answer(const std::string& name, const std::string& version, const Json& event,
                    const Json& context);

 private:
  struct Entry {
    std::vector<StubBehaviour> sequence;
    size_t next = 0;
  };
  std::map<std::string, std::map<std::string, Entry>> functions_;
  std::mutex mu_;
};

}  // namespace sfn::lambda
