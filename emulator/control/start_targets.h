// What StartExecution needs to start a state machine, version or alias ARN,
// cached per ARN (issue 16 part 1: resolving the target from the store was
// a fifth of a start).
//
// An entry holds the state machine's name, type, region and account, and for
// each revision the ARN may run (one; or one per version an alias routes to)
// its id, role and compiled definition. Only the lookup is cached: an alias
// still picks one of its versions by weight at each start (with the caller's
// Random, drawn exactly as ResolveStartTarget draws, so --seed reproduces the
// same split), and an execution keeps the definition it started with (the
// engine holds its DefinitionPtr; revisions are immutable).
//
// Invalidation: every change that may alter what an ARN starts goes through
// StateMachineService (Create, Update, Delete), VersionService (publish,
// delete) or AliasService (create, update, delete), and each calls
// Forget(state machine ARN) after the store accepted it, which drops every
// entry of that state machine (its head, versions and aliases). Tags do not
// change what a start runs. The cache lives in memory only, so a restart
// (store reload) starts empty. Errors are never cached: a start on a missing
// machine, version or alias asks the store each time, and so does an alias
// whose versions cannot all be resolved (ResolveStartTarget answers it).
//
// Not thread-safe: used from the engine thread only, like the services that
// own the Repository (StartExecution and the writes above run there; the
// reader threads of api/read_pool.h have services of their own and no
// StartTargets).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/control/lookup.h"
#include "emulator/control/ports.h"
#include "emulator/core/random.h"
#include "emulator/engine/ports.h"

namespace sfn::control {

// One revision a target may run.
struct StartRevision {
  std::string revision_id;
  std::string role_arn;
  asl::DefinitionPtr definition;
  std::optional<std::string> version_arn;  // when started through a version or an alias
  int64_t version = 0;                     // its number, then
};

// A resolved ARN, immutable once made (entries are shared with callers).
struct StartTargetEntry {
  std::string state_machine_arn;  // unqualified
  std::string state_machine_name;
  std::string type;  // STANDARD | EXPRESS
  std::string region;
  std::string account;
  std::optional<std::string> alias_arn;
  std::vector<RoutingEntry> routing;  // an alias's; empty otherwise
  // One per routing entry (in its order) for an alias; else the one revision.
  std::vector<StartRevision> revisions;
};

// What one start runs: the entry and the revision chosen for this start.
struct ResolvedStart {
  std::shared_ptr<const StartTargetEntry> target;
  const StartRevision* revision = nullptr;  // into *target
};

class StartTargets {
 public:
  // Entries kept at most; past it the cache starts over (a bound against
  // clients that start many ARN spellings of few resources).
  static constexpr size_t kMaxEntries = 4096;

  // `definitions` compiles (and caches) revisions; both must outlive this.
  StartTargets(Repository& repo, engine::DefinitionSource& definitions)
      : repo_(repo), definitions_(definitions) {}

  // As ResolveStartTarget(repo, random, arn), with the compiled definition.
  Result<ResolvedStart> Resolve(std::string_view arn, Random& random);

  // Drops every entry of the state machine `state_machine_arn` (unqualified).
  void Forget(std::string_view state_machine_arn);
  void Clear() { entries_.clear(); }

  size_t size() const { return entries_.size(); }
  // Lookups answered from the cache / from the store (for tests).
  int64_t hits() const { return hits_; }
  int64_t misses() const { return misses_; }

 private:
  // The entry for `arn` from the store, or nullptr when any part of it cannot
  // be loaded (then ResolveStart answers, with its error).
  std::shared_ptr<const StartTargetEntry> Load(std::string_view arn);

  Repository& repo_;
  engine::DefinitionSource& definitions_;
  std::unordered_map<std::string, std::shared_ptr<const StartTargetEntry>> entries_;
  int64_t hits_ = 0;
  int64_t misses_ = 0;
};

// The same answer without a cache (services built without StartTargets).
Result<ResolvedStart> ResolveStart(Repository& repo, engine::DefinitionSource& definitions,
                                   Random& random, std::string_view arn);

// Calls StartTargets::Forget when `targets` is set (services work without a cache).
inline void ForgetStartTargets(StartTargets* targets, std::string_view state_machine_arn) {
  if (targets != nullptr) targets->Forget(state_machine_arn);
}

}  // namespace sfn::control
