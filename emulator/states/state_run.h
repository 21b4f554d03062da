// Running one state's semantics, without history or durability.
//
// RunState applies the States Language rules of the state's type to its raw
// input and returns what happens next: a transition with an output, a wait
// until a time, or a failure. The engine turns that into history events and
// durable commands; this module never reads a clock (`now` is given), never
// sleeps and never performs I/O. Pure functions; thread-safe.
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

struct StateContext {
  const asl::State& state;
  const Json& context_object;  // $$ as seen by this state
  TimePoint now;
  int64_t entered_event_id;         // for AWS's "(entered at the event id #N)"
  const Json* variables = nullptr;  // the visible workflow variables (an object)
  Random* random = nullptr;         // States.UUID / MathRandom; retry jitter
};

struct StateOutcome {
  enum class Kind { kTransition, kWait, kFail };
  Kind kind = Kind::kTransition;
  Json output;                      // kTransition, kWait
  std::optional<std::string> next;  // nullopt: the execution ends here
  TimePoint wait_until;             // kWait
  Failure failure;                  // kFail
  // kFail only: raised by a Fail state (no StateExited; not retriable there).
  bool from_fail_state = false;
  // A Fail state without Error/Cause: AWS leaves the member out of the event.
  bool error_absent = false;
  bool cause_absent = false;
  // The variables the state's Assign computed (name -> value), applied by
  // the engine when the state exits.
  std::optional<Json> assigned;

  static StateOutcome Transition(Json output, std::optional<std::string> next);
  static StateOutcome Fail(Failure failure, bool from_fail_state = false);
};

StateOutcome RunState(const StateContext& ctx, const Json& raw_input);

// Always nullopt: kept only for the engine's call before a Task, Parallel or
// Map. JSONata fields are compiled into the expression interface and fail
// (States.Runtime, dataflow::kJsonataNotSupported) when one is evaluated.
std::optional<Failure> CheckSupported(const StateContext& ctx);

// Per-type entry points (one file each).
StateOutcome RunPass(const StateContext& ctx, const Json& raw_input);
StateOutcome RunWait(const StateContext& ctx, const Json& raw_input);
StateOutcome RunChoice(const StateContext& ctx, const Json& raw_input);
StateOutcome RunSucceed(const StateContext& ctx, const Json& raw_input);
StateOutcome RunFail(const StateContext& ctx, const Json& raw_input);

}  // namespace sfn::states
