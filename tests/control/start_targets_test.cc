// The start cache (control/start_targets.h) over the real store and the
// services that change state machines, versions and aliases: what it answers
// is what ResolveStartTarget answers, before and after each change.
#include "emulator/control/start_targets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "emulator/control/alias_service.h"
#include "emulator/control/lookup.h"
#include "emulator/control/state_machine_service.h"
#include "emulator/control/version_service.h"
#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "store/sqlite_repository.h"

namespace sfn::control {
namespace {

constexpr char kA[] = R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":"A","End":true}}})";
constexpr char kB[] = R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":"B","End":true}}})";
constexpr char kRole[] = "arn:aws:iam::123456789012:role/r";

struct World {
  World() : repo(std::move(store::SqliteRepository::Open(":memory:")).value()) {
    machines.SetStartTargets(&targets);
    versions.SetStartTargets(&targets);
    aliases.SetStartTargets(&targets);
  }

  std::string Machine(const std::string& name, const std::string& definition,
                      bool publish = false) {
    CreateStateMachineRequest req;
    req.name = name;
    req.definition = definition;
    req.role_arn = kRole;
    req.publish = publish;
    Result<CreateStateMachineResult> r = machines.Create(RequestContext{}, req);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->state_machine_arn : "";
  }

  void Update(const std::string& arn, std::optional<std::string> definition,
              std::optional<std::string> role = std::nullopt) {
    UpdateStateMachineRequest req;
    req.state_machine_arn = arn;
    req.definition = std::move(definition);
    req.role_arn = std::move(role);
    Result<UpdateStateMachineResult> r = machines.Update(req);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::string Publish(const std::string& arn) {
    Result<PublishVersionResult> r = versions.Publish(arn, std::nullopt, std::nullopt);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->state_machine_version_arn : "";
  }

  std::string Alias(const std::string& name, std::vector<RoutingRequest> routing) {
    Result<CreateAliasResult> r = aliases.Create(CreateAliasRequest{name, std::nullopt, routing});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->state_machine_alias_arn : "";
  }

  ResolvedStart Resolve(const std::string& arn) {
    Result<ResolvedStart> r = targets.Resolve(arn, random);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *std::move(r) : ResolvedStart{};
  }

  // What a state in the revision's definition returns ("A" or "B").
  static std::string Output(const ResolvedStart& r) {
    return r.revision->definition->body.states.at("P")->result->get<std::string>();
  }

  std::unique_ptr<store::SqliteRepository> repo;
  Random random{1};
  VirtualClock clock{FromEpochMillis(1764892800000), /*auto_advance=*/false};
  VersionService versions{*repo, clock};
  AliasService aliases{*repo, clock};
  StateMachineService machines{*repo, clock, random, versions};
  StartTargets targets{*repo, machines};
};

TEST(StartTargetsTest, SecondStartIsAnsweredFromTheCache) {
  World w;
  std::string arn = w.Machine("m", kA);
  ResolvedStart first = w.Resolve(arn);
  ResolvedStart second = w.Resolve(arn);
  EXPECT_EQ(1, w.targets.misses());
  EXPECT_EQ(1, w.targets.hits());
  EXPECT_EQ(first.target, second.target);
  EXPECT_EQ(arn, second.target->state_machine_arn);
  EXPECT_EQ("m", second.target->state_machine_name);
  EXPECT_EQ("STANDARD", second.target->type);
  EXPECT_EQ("us-east-1", second.target->region);
  EXPECT_EQ("123456789012", second.target->account);
  EXPECT_EQ(kRole, second.revision->role_arn);
  EXPECT_FALSE(second.revision->version_arn);
  EXPECT_FALSE(second.target->alias_arn);
  EXPECT_EQ("A", World::Output(second));
}

TEST(StartTargetsTest, UpdateStateMachineReplacesTheHeadAndKeepsWhatWasResolved) {
  World w;
  std::string arn = w.Machine("m", kA);
  ResolvedStart before = w.Resolve(arn);
  w.Update(arn, kB);
  ResolvedStart after = w.Resolve(arn);
  EXPECT_EQ(2, w.targets.misses());
  EXPECT_EQ("B", World::Output(after));
  EXPECT_NE(before.revision->revision_id, after.revision->revision_id);
  // A start resolved before the update keeps its definition (blue-green).
  EXPECT_EQ("A", World::Output(before));
  // A new role alone is a new revision too.
  w.Update(arn, std::nullopt, "arn:aws:iam::123456789012:role/other");
  EXPECT_EQ("arn:aws:iam::123456789012:role/other", w.Resolve(arn).revision->role_arn);
}

TEST(StartTargetsTest, VersionsAndPublish) {
  World w;
  std::string arn = w.Machine("m", kA, /*publish=*/true);
  EXPECT_EQ("A", World::Output(w.Resolve(arn + ":1")));
  // Version 2 does not exist yet: an error, never cached.
  EXPECT_EQ(ErrorCode::kStateMachineDoesNotExist,
            w.targets.Resolve(arn + ":2", w.random).status().code());
  size_t cached = w.targets.size();
  w.Update(arn, kB);
  std::string v2 = w.Publish(arn);
  ASSERT_EQ(arn + ":2", v2);
  ResolvedStart on_v2 = w.Resolve(v2);
  EXPECT_EQ("B", World::Output(on_v2));
  EXPECT_EQ(v2, on_v2.revision->version_arn);
  // Version 1 stays on its revision forever.
  EXPECT_EQ("A", World::Output(w.Resolve(arn + ":1")));
  EXPECT_LE(w.targets.size(), cached + 1);
  // Deleting a version: starting it fails at once.
  ASSERT_TRUE(w.versions.Delete(arn + ":1").ok());
  EXPECT_EQ(ErrorCode::kStateMachineDoesNotExist,
            w.targets.Resolve(arn + ":1", w.random).status().code());
}

TEST(StartTargetsTest, AliasCreateUpdateDelete) {
  World w;
  std::string arn = w.Machine("m", kA, /*publish=*/true);
  w.Update(arn, kB);
  std::string v2 = w.Publish(arn);
  std::string alias = MakeAliasArn(arn, "live");
  EXPECT_EQ(ErrorCode::kStateMachineDoesNotExist,
            w.targets.Resolve(alias, w.random).status().code());
  ASSERT_EQ(alias, w.Alias("live", {{arn + ":1", 100}}));
  ResolvedStart via = w.Resolve(alias);
  EXPECT_EQ("A", World::Output(via));
  EXPECT_EQ(alias, via.target->alias_arn);
  EXPECT_EQ(arn + ":1", via.revision->version_arn);
  UpdateAliasRequest update{alias, std::nullopt, std::vector<RoutingRequest>{{v2, 100}}};
  ASSERT_TRUE(w.aliases.Update(update).ok());
  via = w.Resolve(alias);
  EXPECT_EQ("B", World::Output(via));
  EXPECT_EQ(v2, via.revision->version_arn);
  ASSERT_TRUE(w.aliases.Delete(alias).ok());
  EXPECT_EQ(ErrorCode::kStateMachineDoesNotExist,
            w.targets.Resolve(alias, w.random).status().code());
}

TEST(StartTargetsTest, AliasStillPicksPerStartWithTheSameDraws) {
  World w;
  std::string arn = w.Machine("m", kA, /*publish=*/true);
  w.Update(arn, kB);
  std::string v2 = w.Publish(arn);
  std::string alias = w.Alias("canary", {{arn + ":1", 50}, {v2, 50}});
  // The same seed picks the same versions as the uncached resolution.
  Random cached_draws(7), plain_draws(7);
  std::vector<std::string> cached, plain;
  for (int i = 0; i < 40; ++i) {
    Result<ResolvedStart> c = w.targets.Resolve(alias, cached_draws);
    Result<StartTarget> p = ResolveStartTarget(*w.repo, plain_draws, alias);
    ASSERT_TRUE(c.ok() && p.ok());
    cached.push_back(*c->revision->version_arn);
    plain.push_back(*p->version_arn);
  }
  EXPECT_EQ(plain, cached);
  EXPECT_EQ(39, w.targets.hits());
  EXPECT_NE(std::count(cached.begin(), cached.end(), v2), 0);
  EXPECT_NE(std::count(cached.begin(), cached.end(), v2), 40);
}

TEST(StartTargetsTest, DeleteAndRecreate) {
  World w;
  std::string arn = w.Machine("m", kA, /*publish=*/true);
  std::string alias = w.Alias("live", {{arn + ":1", 100}});
  w.Resolve(arn);
  w.Resolve(arn + ":1");
  w.Resolve(alias);
  ASSERT_TRUE(w.machines.Delete(arn).ok());
  EXPECT_EQ(0u, w.targets.size());
  for (const std::string& gone : {arn, arn + ":1", alias}) {
    EXPECT_EQ(ErrorCode::kStateMachineDoesNotExist,
              w.targets.Resolve(gone, w.random).status().code())
        << gone;
  }
  w.Machine("m", kB);
  EXPECT_EQ("B", World::Output(w.Resolve(arn)));
}

TEST(StartTargetsTest, ChangesForgetOnlyTheirStateMachineAndTagsNothing) {
  World w;
  std::string m = w.Machine("m", kA);
  std::string n = w.Machine("n", kA);
  w.Resolve(m);
  w.Resolve(n);
  ASSERT_TRUE(w.machines.TagResource(m, {{"k", "v"}}).ok());
  EXPECT_EQ(2u, w.targets.size());
  w.Update(m, kB);
  EXPECT_EQ(1u, w.targets.size());
  w.Resolve(n);
  EXPECT_EQ(1, w.targets.hits());
}

TEST(StartTargetsTest, WithoutACacheTheSameAnswer) {
  World w;
  std::string arn = w.Machine("m", kA, /*publish=*/true);
  Result<ResolvedStart> plain = ResolveStart(*w.repo, w.machines, w.random, arn + ":1");
  ASSERT_TRUE(plain.ok());
  ResolvedStart cached = w.Resolve(arn + ":1");
  EXPECT_EQ(plain->revision->revision_id, cached.revision->revision_id);
  EXPECT_EQ(plain->revision->version_arn, cached.revision->version_arn);
  EXPECT_EQ(plain->revision->definition, cached.revision->definition);
  EXPECT_EQ(ErrorCode::kInvalidArn,
            ResolveStart(*w.repo, w.machines, w.random, "nope").status().code());
  EXPECT_EQ(ErrorCode::kInvalidArn, w.targets.Resolve("nope", w.random).status().code());
}

}  // namespace
}  // namespace sfn::control
