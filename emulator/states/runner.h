// One runner per state type (Amazon States Language, "States"): what the
// state does, as decisions for the engine's step loop (DESIGN.md, "Engine
// shape"). The loop knows nothing about state types: it enters a state,
// asks its runner what to do, and turns the Decision into events, frame
// changes, timers and dispatches; when something the state waits for
// happens (its task's result, a child's end), it asks the runner again.
//
// Runners are stateless singletons: whatever a state carries between calls
// lives in the engine's typed frame record (the raw input, a ForkRecord).
// They never read a clock, sleep, perform I/O or touch storage.
// Thread-safe.
//
// Adding a state behaviour touches its runner; adding a state type adds a
// runner and its entry in RunnerFor.
#pragma once

#include <cstdint>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/states/command.h"
#include "emulator/states/fork.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

// What starting one child of a fork needs.
struct ChildStart {
  const asl::StateMachineBody* body = nullptr;  // the branch or the item processor
  Json input;
  std::vector<Event> events;  // on the parent, before the child's first event
};

// What a child's end means for its fork.
struct ChildEnd {
  std::vector<Event> events;            // on the parent
  std::optional<Failure> fork_failure;  // the fork fails with this
};

class StateRunner {
 public:
  virtual ~StateRunner() = default;

  // Whether Retry and Catch apply and `$$.State.RetryCount` is set (AWS
  // "Context object": the states that can retry).
  virtual bool Retriable() const { return false; }

  // Runs the state on its raw input: when it is entered, and again after
  // each retry.
  virtual Decision Run(const StateContext& ctx, const Json& raw_input) const = 0;

  // An Invoke's result, as the task integration interpreted it.
  virtual Decision OnTaskResult(const StateContext& ctx, const Json& raw_input,
                                const Json& result) const;

  // Forks: child `index` is about to start. `context_object` is the object
  // `ctx.context_object` refers to; a runner may add members for the
  // duration of the call ($$.Map.Item) and must remove them before it
  // returns, so no copy of $$ is made per child.
  virtual Outcome<ChildStart> StartChild(const StateContext& ctx, Json& context_object,
                                         const ForkRecord& fork, int64_t index) const;
  // Child `index` ended with an output or a failure.
  virtual ChildEnd OnChildEnded(const StateContext& ctx, ForkRecord& fork, int64_t index,
                                const Outcome<Json>& result) const;
  // Every child ended and none failed the fork.
  virtual Decision OnForkSucceeded(const StateContext& ctx, const Json& raw_input,
                                   ForkRecord& fork) const;
  // The fork failed; `running` are the indexes of children still running
  // (the engine stops them after this call; empty when they were stopped
  // earlier, before a call of the fork's own that this failure asked for).
  virtual Decision OnForkFailed(const StateContext& ctx, const ForkRecord& fork,
                                const Failure& failure, const std::vector<int64_t>& running) const;

  // The fork's own call (ForkRecord::call) was answered with its result or
  // failure; a failure returned fails the fork. The default fails the fork
  // with the call's failure.
  virtual std::optional<Failure> OnForkCall(const StateContext& ctx, ForkRecord& fork,
                                            const Outcome<Json>& answer) const;
  // The fork is about to end: every child ended (`failure` null) or it
  // failed with `failure` (`running`, its children still running, are then
  // stopped). The runner may still ask for a call of its own by setting
  // `fork.call` (a Map writing its results); the fork then ends once that is
  // answered, and this is asked again. The default asks for nothing.
  virtual void BeforeForkEnds(const StateContext& ctx, ForkRecord& fork, const Failure* failure,
                              const std::vector<int64_t>& running) const;
};

// The runner of a state type: one entry per type.
const StateRunner& RunnerFor(asl::StateType type);

// The runner of each type (one file each).
const StateRunner& PassRunner();
const StateRunner& WaitRunner();
const StateRunner& ChoiceRunner();
const StateRunner& SucceedRunner();
const StateRunner& FailRunner();
const StateRunner& TaskRunner();
const StateRunner& ParallelRunner();
const StateRunner& MapRunner();

}  // namespace sfn::states
