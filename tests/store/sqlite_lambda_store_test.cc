#include "store/sqlite_lambda_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite_repository.h"

namespace sfn::store {
namespace {

lambda::FunctionVersion Version(const std::string& name, const std::string& version) {
  lambda::FunctionVersion v;
  v.function_name = name;
  v.version = version;
  v.runtime = "python3.12";
  v.handler = "app.handler";
  v.role = "arn:aws:iam::123456789012:role/r";
  v.timeout = 9;
  v.memory_size = 256;
  v.environment = Json{{"A", "1"}};
  v.code_sha256 = "sha=";
  v.code_size = 10;
  v.code_dir = "/tmp/x";
  v.revision_id = "rev-" + version;
  v.last_modified = "2026-01-01T00:00:00.000+0000";
  v.settings = Json{{"Architectures", {"arm64"}}, {"TracingConfig", {{"Mode", "Active"}}}};
  return v;
}

TEST(SqliteLambdaStoreTest, RoundTripsAndSurvivesReopen) {
  auto dir = std::filesystem::temp_directory_path() / "sfn-lambda-store-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string path = (dir / "db.sqlite").string();
  {
    auto repo = SqliteRepository::Open(path);
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    SqliteLambdaStore store((*repo)->database());
    lambda::FunctionRecord fn;
    fn.name = "greet";
    fn.last_version = 2;
    fn.published_revision = "rev-$LATEST";
    fn.tags = {{"team", "a"}};
    ASSERT_TRUE(store.SaveFunction(fn, {Version("greet", "$LATEST"), Version("greet", "2"),
                                        Version("greet", "10")})
                    .ok());
    lambda::AliasRecord a;
    a.function_name = "greet";
    a.name = "live";
    a.function_version = "2";
    a.additional_weights = {{"10", 0.25}};
    a.revision_id = "r";
    ASSERT_TRUE(store.SaveAlias(a).ok());
  }
  auto repo = SqliteRepository::Open(path);
  ASSERT_TRUE(repo.ok());
  SqliteLambdaStore store((*repo)->database());
  auto fn = store.FindFunction("greet");
  ASSERT_TRUE(fn.ok() && fn->has_value());
  EXPECT_EQ((*fn)->last_version, 2);
  EXPECT_EQ((*fn)->tags.at("team"), "a");
  auto versions = store.ListVersions("greet");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[0].version, "$LATEST");
  EXPECT_EQ((*versions)[1].version, "2");
  EXPECT_EQ((*versions)[2].version, "10");
  EXPECT_EQ((*versions)[2].environment, (Json{{"A", "1"}}));
  EXPECT_EQ((*versions)[2].memory_size, 256);
  EXPECT_EQ((*versions)[2].settings, Version("greet", "10").settings);
  auto alias = store.FindAlias("greet", "live");
  ASSERT_TRUE(alias.ok() && alias->has_value());
  EXPECT_EQ((*alias)->additional_weights.at("10"), 0.25);
  EXPECT_FALSE(store.FindVersion("greet", "live")->has_value());
  ASSERT_TRUE(store.DeleteVersion("greet", "2").ok());
  EXPECT_FALSE(store.FindVersion("greet", "2")->has_value());
  ASSERT_TRUE(store.DeleteFunction("greet").ok());
  EXPECT_FALSE(store.FindFunction("greet")->has_value());
  EXPECT_TRUE(store.ListAliases("greet")->empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sfn::store
