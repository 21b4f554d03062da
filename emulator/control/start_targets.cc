#include "emulator/control/start_targets.h"

#include <utility>

#include "emulator/control/routing.h"
#include "emulator/core/arn.h"

namespace sfn::control {
namespace {

// The entry's part every start shares: the state machine, from its head.
std::shared_ptr<StartTargetEntry> EntryOf(const StateMachineRecord& head,
                                          const StatesArn& machine) {
  auto e = std::make_shared<StartTargetEntry>();
  e->state_machine_arn = head.arn;
  e->state_machine_name = head.name;
  e->type = head.type;
  e->region = machine.region;
  e->account = machine.account;
  return e;
}

}  // namespace

Result<ResolvedStart> ResolveStart(Repository& repo, engine::DefinitionSource& definitions,
                                   Random& random, std::string_view arn) {
  SFN_ASSIGN_OR_RETURN(StartTarget t, ResolveStartTarget(repo, random, arn));
  SFN_ASSIGN_OR_RETURN(StatesArn machine, ParseStatesArn(t.head.arn, kStateMachineArn));
  SFN_ASSIGN_OR_RETURN(asl::DefinitionPtr definition, definitions.Load(t.revision.revision_id));
  std::shared_ptr<StartTargetEntry> e = EntryOf(t.head, machine);
  e->alias_arn = std::move(t.alias_arn);
  e->revisions.push_back(StartRevision{std::move(t.revision.revision_id),
                                       std::move(t.revision.role_arn), std::move(definition),
                                       std::move(t.version_arn), 0});
  const StartRevision* revision = &e->revisions.front();
  return ResolvedStart{std::move(e), revision};
}

std::shared_ptr<const StartTargetEntry> StartTargets::Load(std::string_view arn) {
  Result<MachineArn> m = ParseMachineArn(arn);
  if (!m.ok()) return nullptr;
  Result<std::optional<StateMachineRecord>> head = repo_.FindStateMachine(m->unqualified);
  if (!head.ok() || !*head) return nullptr;
  Result<StatesArn> machine = ParseStatesArn((*head)->arn, kStateMachineArn);
  if (!machine.ok()) return nullptr;
  std::shared_ptr<StartTargetEntry> e = EntryOf(**head, *machine);
  // The revisions this ARN may run: the head's, a version's, or one per
  // version the alias routes to (in its routing's order).
  std::vector<std::pair<std::string, std::optional<int64_t>>> runs;
  if (m->alias) {
    Result<std::optional<AliasRecord>> alias = repo_.FindAlias(m->unqualified, *m->alias);
    if (!alias.ok() || !*alias) return nullptr;
    e->alias_arn = MakeAliasArn(m->unqualified, *m->alias);
    e->routing = (*alias)->routing;
    for (const RoutingEntry& r : e->routing) runs.emplace_back(std::string(), r.version);
  } else if (m->version) {
    runs.emplace_back(std::string(), *m->version);
  } else {
    runs.emplace_back((*head)->revision_id, std::nullopt);
  }
  for (auto& [revision_id, number] : runs) {
    StartRevision run;
    if (number) {
      Result<std::optional<VersionRecord>> v = repo_.FindVersion(m->unqualified, *number);
      if (!v.ok() || !*v) return nullptr;
      revision_id = (*v)->revision_id;
      run.version_arn = MakeVersionArn(m->unqualified, *number);
      run.version = *number;
    }
    Result<std::optional<RevisionRecord>> revision = repo_.FindRevision(revision_id);
    if (!revision.ok() || !*revision) return nullptr;
    Result<asl::DefinitionPtr> definition = definitions_.Load(revision_id);
    if (!definition.ok()) return nullptr;
    run.revision_id = std::move(revision_id);
    run.role_arn = std::move((*revision)->role_arn);
    run.definition = *std::move(definition);
    e->revisions.push_back(std::move(run));
  }
  return e;
}

Result<ResolvedStart> StartTargets::Resolve(std::string_view arn, Random& random) {
  std::string key(arn);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    ++hits_;
  } else {
    ++misses_;
    std::shared_ptr<const StartTargetEntry> loaded = Load(arn);
    if (loaded == nullptr) return ResolveStart(repo_, definitions_, random, arn);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    it = entries_.emplace(std::move(key), std::move(loaded)).first;
  }
  const std::shared_ptr<const StartTargetEntry>& e = it->second;
  size_t chosen = 0;
  if (e->alias_arn) {
    // The choice stays per start: one draw, as ResolveStartTarget makes it.
    int64_t number = PickVersion(e->routing, random.Next());
    while (chosen + 1 < e->revisions.size() && e->revisions[chosen].version != number) ++chosen;
  }
  return ResolvedStart{e, &e->revisions[chosen]};
}

void StartTargets::Forget(std::string_view state_machine_arn) {
  std::erase_if(entries_,
                [&](const auto& kv) { return kv.second->state_machine_arn == state_machine_arn; });
}

}  // namespace sfn::control
