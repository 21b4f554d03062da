// What a state's semantics may read while it runs: the StateContext every
// runner, pipeline step and set-up function takes.
//
// Nothing here reads a clock (`now` is given), sleeps or performs I/O; the
// runners (runner.h) decide, the engine acts. Values borrowed for the
// duration of one call; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/asl/definition.h"
#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/core/time.h"

namespace sfn::states {

// What TestState shows of a state's data flow (AWS API reference,
// "InspectionData"): the pipeline records each step it takes when a state
// runs with a sink.
struct Inspection {
  std::optional<Json> after_input_path;  // JSONPath: after InputPath
  std::optional<Json> after_parameters;  // JSONPath: after Parameters
  std::optional<Json> after_arguments;   // JSONata: Arguments
  std::optional<Json> result;            // JSONPath: the state's result
  std::optional<Json> after_result_selector;
  std::optional<Json> after_result_path;
};

struct StateContext {
  const asl::State& state;
  const Json& context_object;  // $$ as seen by this state
  TimePoint now;
  int64_t entered_event_id;         // for AWS's "(entered at the event id #N)"
  const Json* variables = nullptr;  // the visible workflow variables (an object)
  Random* random = nullptr;         // States.UUID / MathRandom; retry jitter
  Inspection* inspection = nullptr;  // TestState: where the data flow is recorded
  // TestState's stateConfiguration.mapItemReaderData: the items a Map's
  // ItemReader read (none is read otherwise).
  const Json* item_reader_data = nullptr;
};

}  // namespace sfn::states
