// Fault injection: a SQLite VFS shim makes every write from the Nth on fail
// (as if the process died at that write), for every N a small scenario
// reaches. After each, the database must reopen (migrations included),
// pass PRAGMA integrity_check, and the engine must resume every execution it
// acknowledged to the same end and the same history as an undisturbed run.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "emulator/asl/parser.h"
#include "emulator/core/clock.h"
#include "emulator/engine/driver.h"
#include "store/sqlite_repository.h"

namespace sfn::store {
namespace {

// --- the VFS shim ------------------------------------------------------------
// Wraps the default VFS; xWrite fails with SQLITE_IOERR_WRITE once the global
// write count reaches g_fail_from (0: never). Registered as the default VFS
// for the duration of a test.

int64_t g_writes = 0;
int64_t g_fail_from = 0;
sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_shim;
sqlite3_io_methods g_methods;
const sqlite3_io_methods* g_base_methods = nullptr;

struct ShimFile {
  sqlite3_file base;  // our methods
  sqlite3_file* real;  // the default VFS's file, allocated after us
};

sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->real; }

int ShimWrite(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  ++g_writes;
  if (g_fail_from > 0 && g_writes >= g_fail_from) return SQLITE_IOERR_WRITE;
  return Real(f)->pMethods->xWrite(Real(f), data, amount, offset);
}

int ShimOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* shim = reinterpret_cast<ShimFile*>(file);
  shim->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + sizeof(ShimFile));
  int rc = g_base->xOpen(g_base, name, shim->real, flags, out_flags);
  if (rc != SQLITE_OK || shim->real->pMethods == nullptr) {
    file->pMethods = nullptr;
    return rc;
  }
  if (g_base_methods == nullptr) {
    g_base_methods = shim->real->pMethods;
    g_methods = *g_base_methods;
    // Every method but xWrite forwards to the real file.
#define SFN_FORWARD(name, ...)                                              \
  g_methods.name = [](sqlite3_file* f, auto... args) {                      \
    return Real(f)->pMethods->name(Real(f), args...);                       \
  };
    g_methods.xClose = [](sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); };
    SFN_FORWARD(xRead)
    SFN_FORWARD(xTruncate)
    SFN_FORWARD(xSync)
    SFN_FORWARD(xFileSize)
    SFN_FORWARD(xLock)
    SFN_FORWARD(xUnlock)
    SFN_FORWARD(xCheckReservedLock)
    SFN_FORWARD(xFileControl)
    g_methods.xSectorSize = [](sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); };
    g_methods.xDeviceCharacteristics = [](sqlite3_file* f) {
      return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
    };
    SFN_FORWARD(xShmMap)
    SFN_FORWARD(xShmLock)
    g_methods.xShmBarrier = [](sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); };
    SFN_FORWARD(xShmUnmap)
    SFN_FORWARD(xFetch)
    SFN_FORWARD(xUnfetch)
#undef SFN_FORWARD
    g_methods.xWrite = ShimWrite;
  }
  file->pMethods = &g_methods;
  return SQLITE_OK;
}

class FaultInjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_base = sqlite3_vfs_find(nullptr);
    ASSERT_NE(g_base, nullptr);
    g_shim = *g_base;
    g_shim.zName = "sfn-fault";
    g_shim.szOsFile = static_cast<int>(sizeof(ShimFile)) + g_base->szOsFile;
    g_shim.xOpen = ShimOpen;
    ASSERT_EQ(sqlite3_vfs_register(&g_shim, /*makeDflt=*/1), SQLITE_OK);
    // Memory-backed when possible: hundreds of databases are created here.
    std::filesystem::path tmp = std::filesystem::is_directory("/dev/shm")
                                    ? std::filesystem::path("/dev/shm")
                                    : std::filesystem::temp_directory_path();
    dir_ = tmp /
           ("sfn-fault-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
  }
  void TearDown() override {
    sqlite3_vfs_unregister(&g_shim);
    g_fail_from = 0;
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

// --- the scenario --------------------------------------------------------------

constexpr char kLoop[] = R"json({"StartAt":"Init","States":{
  "Init":{"Type":"Pass","Result":0,"ResultPath":"$.i","Next":"Wait"},
  "Wait":{"Type":"Wait","Seconds":10,"Next":"Inc"},
  "Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Check"},
  "Check":{"Type":"Choice","Default":"Done",
           "Choices":[{"Variable":"$.i","NumericLessThan":3,"Next":"Wait"}]},
  "Done":{"Type":"Succeed"}}})json";
constexpr char kParallel[] = R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
  "Branches":[
    {"StartAt":"W1","States":{"W1":{"Type":"Wait","Seconds":5,"End":true}}},
    {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemsPath":"$.items",
      "ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}}}}}]}}})";

struct Outcome {
  std::string status;
  std::optional<std::string> output;
  std::vector<std::string> event_types;
};

engine::ExecutionInfo Info(const std::string& name, const std::string& revision, TimePoint now) {
  engine::ExecutionInfo info;
  info.arn = "arn:aws:states:us-east-1:123456789012:execution:m:" + name;
  info.name = name;
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
  info.state_machine_name = "m";
  info.revision_id = revision;
  info.role_arn = "arn:aws:iam::123456789012:role/r";
  info.input = R"({"items":[1,2,3]})";
  info.start_time = now;
  return info;
}

// Revision "loop" is kLoop, any other kParallel.
class Definitions : public engine::DefinitionSource {
 public:
  Result<asl::DefinitionPtr> Load(const std::string& revision) override {
    return asl::Parse(revision == "loop" ? kLoop : kParallel);
  }
};

// Runs ready engine handlers until none is left, or `cap`, or a few writes
// after the fault (a store that fails forever and an engine that retries).
void RunEngine(boost::asio::io_context& io, size_t cap) {
  io.restart();
  for (size_t n = 0; n < cap && io.poll_one() > 0; ++n) {
    if (g_fail_from > 0 && g_writes > g_fail_from + 20) break;
  }
}

const std::vector<std::pair<std::string, std::string>> kExecutions = {
    {"a", "loop"}, {"b", "parallel"}, {"c", "loop"}};

// Opens the store, starts the scenario's executions and runs the engine.
// Returns the names of the executions whose start was acknowledged.
std::vector<std::string> RunScenario(const std::string& path) {
  std::vector<std::string> acknowledged;
  auto repo = SqliteRepository::Open(path);
  if (!repo.ok()) return acknowledged;
  VirtualClock clock(FromEpochMillis(1'700'000'000'000), /*auto_advance=*/true);
  boost::asio::io_context io(1);
  Definitions definitions;
  engine::Driver driver(io, **repo, clock, definitions);
  if (!driver.Recover().ok()) return acknowledged;
  for (const auto& [name, revision] : kExecutions) {
    auto def = Definitions().Load(revision);
    if (driver.Start(Info(name, revision, clock.Now()), *def).ok()) acknowledged.push_back(name);
    RunEngine(io, 50);  // interleave the starts with transitions
  }
  RunEngine(io, 5000);
  return acknowledged;
}

// Reopens without faults, resumes, and reads every execution's outcome.
std::map<std::string, Outcome> Resume(const std::string& path) {
  std::map<std::string, Outcome> out;
  auto repo = SqliteRepository::Open(path);
  EXPECT_TRUE(repo.ok()) << repo.status().ToString();
  if (!repo.ok()) return out;
  {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &q, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "ok");
    sqlite3_finalize(q);
    sqlite3_close(raw);
  }
  VirtualClock clock(FromEpochMillis(1'700'000'000'000), /*auto_advance=*/true);
  boost::asio::io_context io(1);
  Definitions definitions;
  engine::Driver driver(io, **repo, clock, definitions);
  Status recovered = driver.Recover();
  EXPECT_TRUE(recovered.ok()) << recovered.ToString();
  RunEngine(io, 100000);
  EXPECT_EQ(driver.running_count(), 0u);
  for (const auto& [name, revision] : kExecutions) {
    std::string arn = Info(name, revision, {}).arn;
    auto rec = (*repo)->FindExecution(arn);
    EXPECT_TRUE(rec.ok());
    if (!rec.ok() || !rec->has_value()) continue;
    Outcome o;
    o.status = std::string(engine::StatusName((*rec)->status));
    o.output = (*rec)->output;
    auto events = (*repo)->ListEvents(arn, /*reverse=*/false, std::nullopt, 100000);
    EXPECT_TRUE(events.ok());
    if (!events.ok()) continue;
    int64_t want_id = 1;
    for (const engine::HistoryEvent& e : *events) {
      EXPECT_EQ(e.id, want_id++) << name << ": gap or duplicate in the history";
      EXPECT_LT(e.previous_event_id, e.id);
      o.event_types.push_back(e.type);
    }
    out[name] = std::move(o);
  }
  return out;
}

// A fresh copy of an empty, migrated database in `dir`.
std::string CopyOf(const std::filesystem::path& base, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(base, dir / "db");
  return (dir / "db").string();
}

TEST_F(FaultInjectionTest, EveryFailedWriteLeavesAConsistentResumableDatabase) {
  // An empty migrated database; every scenario below starts from a copy.
  std::filesystem::create_directories(dir_ / "base");
  std::filesystem::path base = dir_ / "base" / "db";
  g_writes = 0;
  ASSERT_TRUE(SqliteRepository::Open(base.string()).ok());  // closed again: one file

  // The undisturbed run: the reference outcome and how many writes it makes.
  std::string ref = CopyOf(base, dir_ / "ref");
  g_writes = 0;
  g_fail_from = 0;
  std::vector<std::string> all = RunScenario(ref);
  const int64_t total_writes = g_writes;
  ASSERT_EQ(all.size(), kExecutions.size());
  std::map<std::string, Outcome> reference = Resume(ref);
  ASSERT_EQ(reference.size(), kExecutions.size());
  for (const auto& [name, o] : reference) ASSERT_EQ(o.status, "SUCCEEDED") << name;
  ASSERT_GT(total_writes, 10);

  for (int64_t n = 1; n <= total_writes; ++n) {
    SCOPED_TRACE("writes fail from write #" + std::to_string(n) + " of " +
                 std::to_string(total_writes));
    std::filesystem::path d = dir_ / std::to_string(n);
    std::string path = CopyOf(base, d);
    g_writes = 0;
    g_fail_from = n;
    std::vector<std::string> acknowledged = RunScenario(path);
    g_fail_from = 0;
    std::map<std::string, Outcome> got = Resume(path);
    for (const std::string& name : acknowledged) {
      EXPECT_TRUE(got.count(name) > 0) << "acknowledged execution " << name << " lost";
    }
    for (const auto& [name, o] : got) {
      const Outcome& want = reference.at(name);
      EXPECT_EQ(o.status, want.status) << name;
      EXPECT_EQ(o.output, want.output) << name;
      EXPECT_EQ(o.event_types, want.event_types) << name;
    }
    std::filesystem::remove_all(d);
    if (getenv("SFN_FAULT_TRACE")) std::fprintf(stderr, "n=%lld\n", static_cast<long long>(n));
    if (HasFailure()) break;  // one scenario's failures are enough to read
  }
}

TEST_F(FaultInjectionTest, AFailedCreationOrMigrationReopensCleanly) {
  std::filesystem::create_directories(dir_ / "count");
  g_writes = 0;
  ASSERT_TRUE(SqliteRepository::Open((dir_ / "count" / "db").string()).ok());
  const int64_t open_writes = g_writes;
  ASSERT_GT(open_writes, 0);
  for (int64_t n = 1; n <= open_writes; ++n) {
    SCOPED_TRACE("writes fail from write #" + std::to_string(n) + " of " +
                 std::to_string(open_writes));
    std::filesystem::path d = dir_ / ("open-" + std::to_string(n));
    std::filesystem::create_directories(d);
    std::string path = (d / "db").string();
    g_writes = 0;
    g_fail_from = n;
    (void)SqliteRepository::Open(path);  // fails somewhere in creation or migration
    g_fail_from = 0;
    std::map<std::string, Outcome> got;
    std::vector<std::string> acknowledged = RunScenario(path);  // reopens and migrates
    EXPECT_EQ(acknowledged.size(), kExecutions.size());
    got = Resume(path);
    for (const auto& [name, o] : got) EXPECT_EQ(o.status, "SUCCEEDED") << name;
    EXPECT_EQ(got.size(), kExecutions.size());
    std::filesystem::remove_all(d);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace sfn::store
