#include <gtest/gtest.h>

#include "store/sqlite_repository.h"

namespace sfn::store {
namespace {

const std::string kSm = "arn:aws:states:us-east-1:123456789012:stateMachine:m";

class VersionsAliasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto repo = SqliteRepository::Open(":memory:");
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_ = std::move(repo).value();
    ASSERT_TRUE(repo_->InsertStateMachine(Machine("rev-1"), Revision("rev-1"), {}).ok());
  }

  static control::StateMachineRecord Machine(const std::string& revision) {
    control::StateMachineRecord sm;
    sm.arn = kSm;
    sm.name = "m";
    sm.type = "STANDARD";
    sm.role_arn = "arn:aws:iam::123456789012:role/r";
    sm.definition = R"({"StartAt":"A","States":{"A":{"Type":"Succeed"}}})";
    sm.revision_id = revision;
    sm.logging_configuration = Json::object();
    sm.tracing_configuration = Json::object();
    sm.creation_date = FromEpochMillis(1000);
    return sm;
  }
  static control::RevisionRecord Revision(const std::string& id) {
    auto sm = Machine(id);
    return {id,
            sm.arn,
            sm.name,
            sm.type,
            sm.role_arn,
            sm.definition,
            Json::object(),
            Json::object(),
            Json::object(),
            FromEpochMillis(1000)};
  }
  int64_t Publish(const std::string& revision, const std::string& description = "") {
    auto v = repo_->InsertVersion({kSm, 0, revision, description, FromEpochMillis(2000)});
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->number : -1;
  }
  std::vector<int64_t> Numbers() {
    auto list = repo_->ListVersions(kSm, 0, 100);
    std::vector<int64_t> out;
    if (!list.ok()) return out;
    for (const auto& v : *list) out.push_back(v.number);
    return out;
  }

  std::unique_ptr<SqliteRepository> repo_;
};

TEST_F(VersionsAliasesTest, NumbersGrowAndAreNeverReused) {
  EXPECT_EQ(Publish("rev-1", "first"), 1);
  ASSERT_TRUE(repo_->UpdateStateMachine(Machine("rev-2"), Revision("rev-2")).ok());
  EXPECT_EQ(Publish("rev-2"), 2);
  EXPECT_EQ(Numbers(), (std::vector<int64_t>{2, 1}));
  ASSERT_TRUE(repo_->DeleteVersion(kSm, 2).ok());
  EXPECT_EQ(Numbers(), (std::vector<int64_t>{1}));
  EXPECT_EQ(Publish("rev-2"), 3);
  auto page = repo_->ListVersions(kSm, 1, 1);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].number, 1);
  EXPECT_EQ((*page)[0].description, "first");

  auto of_rev = repo_->FindVersionOfRevision(kSm, "rev-2");
  ASSERT_TRUE(of_rev->has_value());
  EXPECT_EQ((*of_rev)->number, 3);
  EXPECT_FALSE(repo_->FindVersionOfRevision(kSm, "rev-x")->has_value());
  EXPECT_FALSE(repo_->FindVersion(kSm, 2)->has_value());
  EXPECT_EQ((*repo_->FindVersion(kSm, 1))->revision_id, "rev-1");

  auto missing = repo_->InsertVersion({kSm + "x", 0, "rev-1", "", FromEpochMillis(0)});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kStateMachineDoesNotExist);
}

TEST_F(VersionsAliasesTest, AliasesRoundTripInCreationOrder) {
  Publish("rev-1");
  struct AliasCase {
    std::string name;
    std::vector<control::RoutingEntry> routing;
  };
  const std::vector<AliasCase> cases = {
      {"zeta", {{1, 100}}},
      {"alpha", {{1, 40}, {2, 60}}},
  };
  for (const AliasCase& c : cases) {
    control::AliasRecord a{kSm, c.name, "d-" + c.name, c.routing, FromEpochMillis(5), std::nullopt};
    ASSERT_TRUE(repo_->PutAlias(a).ok());
    auto found = repo_->FindAlias(kSm, c.name);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->routing, c.routing);
    EXPECT_EQ((*found)->description, "d-" + c.name);
    EXPECT_FALSE((*found)->update_date.has_value());
  }
  // An update keeps the alias's place in the listing.
  control::AliasRecord moved{kSm, "zeta", "", {{2, 100}}, FromEpochMillis(5), FromEpochMillis(9)};
  ASSERT_TRUE(repo_->PutAlias(moved).ok());
  auto list = repo_->ListAliases(kSm, 0, 10);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "zeta");
  EXPECT_EQ((*list)[0].routing, (std::vector<control::RoutingEntry>{{2, 100}}));
  EXPECT_EQ(ToEpochMillis(*(*list)[0].update_date), 9);
  EXPECT_EQ((*list)[1].name, "alpha");
  ASSERT_TRUE(repo_->DeleteAlias(kSm, "zeta").ok());
  EXPECT_FALSE(repo_->FindAlias(kSm, "zeta")->has_value());
  EXPECT_EQ(repo_->ListAliases(kSm, 0, 10)->size(), 1u);
}

TEST_F(VersionsAliasesTest, DeletingTheStateMachineDeletesVersionsAndAliases) {
  Publish("rev-1");
  ASSERT_TRUE(
      repo_->PutAlias({kSm, "live", "", {{1, 100}}, FromEpochMillis(5), std::nullopt}).ok());
  ASSERT_TRUE(repo_->DeleteStateMachine(kSm).ok());
  EXPECT_TRUE(repo_->ListVersions(kSm, 0, 10)->empty());
  EXPECT_TRUE(repo_->ListAliases(kSm, 0, 10)->empty());
  // The revision stays for executions that ran it.
  EXPECT_TRUE(repo_->FindRevision("rev-1")->has_value());
  // Re-created, numbering starts again.
  ASSERT_TRUE(repo_->InsertStateMachine(Machine("rev-9"), Revision("rev-9"), {}).ok());
  EXPECT_EQ(Publish("rev-9"), 1);
}

TEST_F(VersionsAliasesTest, ListsExecutionsByVersionAndAlias) {
  struct Run {
    std::string name;
    std::optional<std::string> version, alias;
  };
  const std::vector<Run> runs = {
      {"plain", std::nullopt, std::nullopt},
      {"v1", kSm + ":1", std::nullopt},
      {"via-alias", kSm + ":1", kSm + ":live"},
      {"v2-alias", kSm + ":2", kSm + ":live"},
  };
  int64_t t = 100;
  for (const Run& r : runs) {
    engine::ExecutionRecord e;
    e.info.arn = "arn:aws:states:us-east-1:123456789012:execution:m:" + r.name;
    e.info.name = r.name;
    e.info.state_machine_arn = kSm;
    e.info.state_machine_name = "m";
    e.info.revision_id = "rev-1";
    e.info.input = "{}";
    e.info.start_time = FromEpochMillis(t++);
    e.info.version_arn = r.version;
    e.info.alias_arn = r.alias;
    e.state.frames[0].state_name = "A";
    e.record_version = 1;
    ASSERT_TRUE(repo_->InsertExecution(e, {}).ok());
  }
  auto names = [&](control::ExecutionFilter f) {
    std::vector<std::string> out;
    auto page = repo_->ListExecutions(f, std::nullopt, 10);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (page.ok()) {
      for (const auto& e : *page) out.push_back(e.item.info.name);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names({kSm, std::nullopt, std::nullopt, std::nullopt}),
            (V{"v2-alias", "via-alias", "v1", "plain"}));
  EXPECT_EQ(names({kSm, kSm + ":1", std::nullopt, std::nullopt}), (V{"via-alias", "v1"}));
  EXPECT_EQ(names({kSm, std::nullopt, kSm + ":live", std::nullopt}), (V{"v2-alias", "via-alias"}));
  auto back = repo_->FindExecution("arn:aws:states:us-east-1:123456789012:execution:m:via-alias");
  EXPECT_EQ((*back)->info.alias_arn, kSm + ":live");
  EXPECT_EQ((*back)->info.version_arn, kSm + ":1");
}

}  // namespace
}  // namespace sfn::store
