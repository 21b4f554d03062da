// A history event as a state runner produces it: its type and details
// (AWS API reference, "HistoryEvent"), without the id, link and timestamp
// the engine gives it when it appends the event to the execution's history.
//
// The factories below make the events that belong to a state type (entered,
// exited, Parallel's and Map's own), so each shape lives in one place; the
// engine makes the execution-level and task-integration events
// (`emulator/engine/history_event.h`). Values; thread-safe as values are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"

namespace sfn::states {

struct Event {
  std::string type;         // "MapStateStarted", ...
  std::string details_key;  // "mapStateStartedEventDetails"; "" when none
  Json details;             // null when none
  // False for an event that the next event of the same thread does not link
  // to (AWS links e.g. MapStateSucceeded to the last event of the last
  // iteration, not to MapIterationSucceeded).
  bool advances_link = true;
};

// AWS names an event's details after its type: "TaskFailed" ->
// "taskFailedEventDetails".
std::string DetailsKeyOf(std::string_view type);

// `{"truncated": false}`, the *Details member of every payload.
Json NotTruncated();

namespace events {

// `type_prefix` is the state type name: "Pass", "Wait", ...
Event StateEntered(std::string_view type_prefix, const std::string& name, const std::string& input);
// `assigned`: the variables the state's Assign set (name -> value), or null.
Event StateExited(std::string_view type_prefix, const std::string& name, const std::string& output,
                  const Json& assigned = nullptr);
// An event without details ("ParallelStateStarted", "MapStateSucceeded", ...).
Event Bare(std::string type, bool advances_link = true);
Event MapStateStarted(int64_t length);
// "MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed",
// "MapIterationAborted".
Event MapIteration(const char* type, int64_t index, const std::string& map_state_name,
                   bool advances_link);
Event MapRunStarted(const std::string& map_run_arn);
// A JSONata state's evaluation failed (API reference,
// "EvaluationFailedEventDetails"); `location` "" leaves the member out.
Event EvaluationFailed(const std::string& error, const std::string& cause,
                       const std::string& location, const std::string& state_name);
// A redrive resumed the map run (AWS "Redriving Map Runs").
Event MapRunRedriven(const std::string& map_run_arn, int64_t redrive_count);
// MapRunFailed with the map run's error and cause (as AWS records a failed
// ItemReader).
Event MapRunFailed(const Failure& failure);

}  // namespace events
}  // namespace sfn::states
