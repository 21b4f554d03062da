// Composition root of the sfn-emulator binary: flags and environment,
// logging, the store, the engine thread, the HTTP server, signals.
//
// Threads: the main thread runs the I/O io_context (Beast sessions); one
// engine thread runs the engine io_context, which owns the SQLite store, the
// services and the driver; the WorkerPool's threads run Lambda handlers and
// code uploads, and its I/O thread the stub timers and the outbound HTTP
// client; with a database file, two reader threads (api/read_pool.h) serve
// the pure reads over read-only connections. Nothing else.
//
// Shutdown order (SIGINT/SIGTERM): the server stops, then the reader threads,
// then the engine thread;
// then the Lambda runtimes kill their handler processes and the pool drains
// and joins, before any object a pool job captures is destroyed.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>

#include "api/console_routes.h"
#include "api/http_client.h"
#include "api/http_server.h"
#include "api/lambda_forwarder.h"
#include "api/options.h"
#include "api/read_pool.h"
#include "api/request_guard.h"
#include "api/router.h"
#include "emulator/control/activity_service.h"
#include "emulator/control/alias_service.h"
#include "emulator/control/callback_service.h"
#include "emulator/control/child_executions.h"
#include "emulator/control/clock_service.h"
#include "emulator/control/execution_feed.h"
#include "emulator/control/execution_service.h"
#include "emulator/control/state_machine_service.h"
#include "emulator/control/test_state_service.h"
#include "emulator/control/version_service.h"
#include "emulator/core/clock.h"
#include "emulator/core/fatal_signals.h"
#include "emulator/core/random.h"
#include "emulator/core/worker_pool.h"
#include "emulator/engine/driver.h"
#include "emulator/integrations/aws_client.h"
#include "emulator/integrations/aws_endpoints.h"
#include "emulator/integrations/mock_config.h"
#include "emulator/integrations/local_object_store.h"
#include "emulator/integrations/s3_object_store.h"
#include "emulator/integrations/registry.h"
#include "emulator/lambda/code_store.h"
#include "emulator/lambda/lambda_service.h"
#include "emulator/lambda/process_reaper.h"
#include "emulator/lambda/runtimes.h"
#include "emulator/lambda/stubs.h"
#include "store/data_dir_lock.h"
#include "store/sqlite_lambda_store.h"
#include "store/sqlite_repository.h"
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace {

// While no execution runs, hands freed heap back to the system every few
// seconds, so memory returns near idle after a burst of work (glibc keeps
// freed arenas otherwise). Runs on the engine thread, which owns the driver.
void TrimWhenIdle(boost::asio::steady_timer& timer, const sfn::engine::Driver& driver) {
  timer.expires_after(std::chrono::seconds(2));
  timer.async_wait([&timer, &driver](const boost::system::error_code& ec) {
    if (ec) return;
    if (driver.running_count() == 0) malloc_trim(0);
    TrimWhenIdle(timer, driver);
  });
}

// Retention (--retention-days): every second, removes one batch of finished
// executions that stopped more than `days` ago by the execution clock; a full
// batch posts the next one behind the work already queued, so the engine
// never pauses for more than one small transaction (issue 16).
constexpr int kRetentionBatch = 100;

void ExpireFinished(boost::asio::steady_timer& timer, sfn::store::SqliteRepository& repo,
                    const sfn::Clock& clock, int64_t days, bool soon) {
  timer.expires_after(soon ? std::chrono::milliseconds(0) : std::chrono::milliseconds(1000));
  timer.async_wait([&timer, &repo, &clock, days](const boost::system::error_code& ec) {
    if (ec) return;
    sfn::TimePoint cutoff = clock.Now() - std::chrono::hours(24 * days);
    auto began = std::chrono::steady_clock::now();
    sfn::Result<int> removed = repo.DeleteExecutionsStoppedBefore(cutoff, kRetentionBatch);
    if (!removed.ok()) {
      spdlog::warn("retention: {}", removed.status().message());
    } else if (*removed > 0) {
      spdlog::debug("retention: removed {} finished executions in {} us", *removed,
                    std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - began)
                        .count());
    }
    ExpireFinished(timer, repo, clock, days, removed.ok() && *removed == kRetentionBatch);
  });
}

// Raises the soft limit on open files to the hard one (many distributions
// start processes at 1,024), and returns how many client connections fit
// beside what the rest of the emulator needs (SQLite, pipes to handler
// processes, the code being unpacked).
size_t ConnectionBudget() {
  struct rlimit nofile {};
  if (getrlimit(RLIMIT_NOFILE, &nofile) != 0) return 1000;
  if (nofile.rlim_cur < nofile.rlim_max) {
    rlimit raised = nofile;
    raised.rlim_cur = std::min<rlim_t>(nofile.rlim_max, 1 << 20);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) nofile = raised;
  }
  size_t total = static_cast<size_t>(nofile.rlim_cur);
  return total > 512 ? total - 256 : std::max<size_t>(total / 2, 8);
}

int Run(const sfn::api::Options& opts) {
  namespace asio = boost::asio;
  auto logger = spdlog::stderr_color_mt("sfn");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(opts.log_level));

  std::string db_path = ":memory:";
  std::unique_ptr<sfn::store::DataDirLock> data_dir_lock;
  std::string crash_records;  // what a crash was running (core/fatal_signals.h)
  if (!opts.in_memory) {
    std::error_code ec;
    std::filesystem::create_directories(opts.data_dir, ec);
    if (ec) {
      spdlog::error("cannot create --data-dir {}: {}", opts.data_dir, ec.message());
      return 1;
    }
    // One emulator per data directory, before anything in it is touched.
    auto lock = sfn::store::DataDirLock::Acquire(opts.data_dir);
    if (!lock.ok()) {
      spdlog::error("{}", lock.status().message());
      return 1;
    }
    data_dir_lock = std::move(lock).value();
    db_path = (std::filesystem::path(opts.data_dir) / "sfn-emulator.db").string();
    crash_records = (std::filesystem::path(opts.data_dir) / "crashed-executions").string();
  }
  // Executions the previous process crashed in, then the handlers that
  // record this process's crashes (before any thread steps an execution).
  std::map<std::string, std::string> crashed;
  if (!crash_records.empty()) {
    for (const sfn::FatalSignalRecord& r : sfn::ReadFatalSignalRecords(crash_records)) {
      crashed[r.subject] = "the emulator crashed (" + sfn::SignalName(r.signal) +
                           ") while running it; it was failed at the next start so that the "
                           "other executions could resume";
    }
  }
  if (sfn::Status s = sfn::InstallFatalSignalHandlers(crash_records); !s.ok()) {
    spdlog::warn("{}", s.message());
  }
  auto repo = sfn::store::SqliteRepository::Open(db_path);
  if (!repo.ok()) {
    spdlog::error("cannot open the database {}: {}", db_path, repo.status().message());
    return 1;
  }

  sfn::Random random(opts.seed);
  std::unique_ptr<sfn::Clock> clock =
      sfn::MakeClock(*sfn::ParseClockMode(opts.clock), opts.wait_scale);
  // `io` first, so it is destroyed last: handlers still queued on the stopped
  // engine (a request that came in as the server stopped, an upload's
  // continuation posted while the pool drained) hold Beast handlers whose
  // destruction posts to `io`.
  asio::io_context io(1);
  asio::io_context engine_io(1);
  sfn::WorkerPool pool(opts.workers > 0 ? opts.workers : sfn::WorkerPool::DefaultSize());
  sfn::api::HttpClient http_client(pool.io().get_executor());

  sfn::control::VersionService versions(**repo, *clock);
  sfn::control::AliasService aliases(**repo, *clock);
  sfn::control::StateMachineService machines(**repo, *clock, random, versions);
  // What StartExecution resolves, cached; the services that change state
  // machines, versions and aliases tell it (control/start_targets.h).
  sfn::control::StartTargets start_targets(**repo, machines);
  machines.SetStartTargets(&start_targets);
  versions.SetStartTargets(&start_targets);
  aliases.SetStartTargets(&start_targets);
  // Lambda: code under <data-dir>/lambda (a temp dir with --in-memory),
  // metadata in the same SQLite database, handlers run by local interpreters.
  std::filesystem::path lambda_root = std::filesystem::path(opts.data_dir) / "lambda";
  if (opts.in_memory) {
    lambda_root = std::filesystem::temp_directory_path() /
                  ("sfn-emulator-lambda-" + std::to_string(::getpid()));
  }
  std::string python = "python3";  // resolved on first use
  sfn::lambda::CodeStore lambda_code(lambda_root);
  sfn::lambda::RuntimeOptions runtime_options{python, "node", (lambda_root / ".runtime").string()};
  runtime_options.max_processes =
      opts.lambda_processes > 0 ? opts.lambda_processes : 2 * pool.size();
  sfn::lambda::Runtimes lambda_runtimes(runtime_options, pool);
  sfn::store::SqliteLambdaStore lambda_store((*repo)->database());
  // The LambdaPort implementation the engine driver calls for Task states.
  sfn::lambda::LambdaService lambdas(lambda_store, lambda_code, lambda_runtimes, pool, random,
                                     *clock, opts.account_id);
  lambdas.SetOwnerPoster([&engine_io](std::function<void()> f) {
    asio::post(engine_io, std::move(f));
  });
  if (!opts.functions_file.empty()) {
    auto stubs = sfn::lambda::Stubs::Load(opts.functions_file);
    if (!stubs.ok()) {
      spdlog::error("{}", stubs.status().message());
      return 1;
    }
    spdlog::info("stub functions from {}: {}", opts.functions_file,
                 fmt::join((*stubs)->FunctionNames(), ", "));
    lambdas.SetStubs(std::move(stubs).value());
  }
  if (!opts.lambda_endpoint.empty()) {
    auto forwarder = sfn::api::MakeLambdaForwarder(opts.lambda_endpoint, http_client);
    if (!forwarder.ok()) {
      spdlog::error("{}", forwarder.status().message());
      return 1;
    }
    lambdas.SetForwarder(std::move(forwarder).value());
    spdlog::info("unknown Lambda functions are forwarded to {}", opts.lambda_endpoint);
  }

  // Activities (their tasks' queue) and nested executions: ports of the
  // engine that need the driver, attached once it exists.
  sfn::control::ActivityService activities(**repo, *clock, engine_io);
  activities.SetPollTime(
      std::chrono::milliseconds(static_cast<int64_t>(opts.activity_poll_seconds * 1000)));
  sfn::control::ChildExecutions children(**repo, engine_io);
  // AWS service endpoints (--aws-endpoint, --endpoint, Step Functions
  // Local's *_ENDPOINT variables) and the credentials that sign the calls.
  sfn::integrations::AwsEndpoints aws_endpoints;
  if (!opts.aws_endpoint.empty()) (void)aws_endpoints.SetDefault(opts.aws_endpoint);
  for (const auto& [service, url] : opts.endpoints) (void)aws_endpoints.Set(service, url);
  sfn::integrations::AwsClient aws_client(
      &http_client, &aws_endpoints,
      sfn::sigv4::Credentials{opts.aws_access_key_id, opts.aws_secret_access_key,
                              opts.aws_session_token});

  // Where a distributed Map's ItemReader reads and ResultWriter writes.
  std::unique_ptr<sfn::integrations::ObjectStore> object_store;
  if (!opts.s3_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(opts.s3_dir, ec)) {
      spdlog::error("--s3-dir {} is not a folder", opts.s3_dir);
      return 1;
    }
    object_store = std::make_unique<sfn::integrations::LocalObjectStore>(opts.s3_dir, pool);
    spdlog::info("Amazon S3 buckets are the folders of {}", opts.s3_dir);
  } else {
    // S3 through its endpoint (--aws-endpoint, --endpoint s3=URL, S3_ENDPOINT).
    object_store =
        std::make_unique<sfn::integrations::S3ObjectStore>(aws_client, opts.region, pool);
  }
  // Every Task integration the engine can call, over the ports they need.
  std::unique_ptr<sfn::integrations::Registry> integrations =
      sfn::integrations::MakeRegistry(sfn::integrations::Ports{
          &lambdas, &activities, &children, &aws_client, &http_client, object_store.get()});
  sfn::engine::Driver driver(engine_io, **repo, *clock, machines, &random, integrations.get());
  driver.SetMaxHistoryEvents(opts.max_history_events);
  activities.Attach(driver);
  // Declared after everything the pool's jobs and timers capture (the Lambda
  // service and runtimes, the driver; the server's callbacks live on `io`,
  // declared before the pool), so on every way out of Run the handlers are
  // killed and the pool joined before those go. Idempotent.
  struct StopWorkers {
    sfn::lambda::Runtimes& runtimes;
    sfn::WorkerPool& pool;
    ~StopWorkers() {
      runtimes.Shutdown();
      pool.Shutdown();
    }
  } stop_workers{lambda_runtimes, pool};
  sfn::control::ExecutionFeed feed;  // the console's live channel
  feed.Attach(driver);
  sfn::control::ExecutionService executions(**repo, machines, driver, *clock, random);
  executions.SetStartTargets(&start_targets);
  // Step Functions Local's mock configuration file: checked now, re-read when
  // it changes.
  std::unique_ptr<sfn::integrations::MockConfig> mock_config;
  if (!opts.mock_config.empty()) {
    auto loaded = sfn::integrations::MockConfig::Load(opts.mock_config);
    if (!loaded.ok()) {
      spdlog::error("{}", loaded.status().message());
      return 2;
    }
    mock_config = std::move(loaded).value();
    spdlog::info("mock configuration file {}: {} test cases", mock_config->path(),
                 mock_config->test_case_count());
    executions.SetMockCases(mock_config.get());
  }
  children.Attach(executions, driver);
  sfn::control::CallbackService callbacks(**repo, driver);
  sfn::control::MapRunService map_runs(**repo, driver);
  // TestState runs states through the same runners and integrations.
  sfn::control::TestStateService test_state(
      *clock, random, integrations.get(),
      [&engine_io](std::function<void()> f) { asio::post(engine_io, std::move(f)); });
  sfn::control::ClockService clock_service(*clock, driver);
  if (sfn::Status s = driver.Recover(crashed); !s.ok()) {
    spdlog::error("cannot resume executions: {}", s.ToString());
    return 1;
  }
  if (!crashed.empty()) {
    // Those executions are failed and committed: the records are spent.
    std::error_code ec;
    std::filesystem::remove(crash_records, ec);
  }
  // .sync children whose parent ended while the emulator was down.
  if (sfn::Status s = children.Reconcile(); !s.ok()) {
    spdlog::error("cannot reconcile nested executions: {}", s.ToString());
    return 1;
  }

  sfn::api::Router router(engine_io,
                          sfn::api::Services{machines, executions, versions, aliases, map_runs,
                                             &lambdas, &activities, &callbacks, &test_state},
                          clock_service,
                          sfn::api::RouterOptions{opts.region, opts.account_id, SFN_VERSION});
  // Pure reads on threads of their own, each over a read-only connection
  // (api/read_pool.h); an in-memory database has no file to share.
  std::unique_ptr<sfn::api::ReadPool> read_pool;
  if (!opts.in_memory) {
    std::vector<std::unique_ptr<sfn::api::Reader>> readers;
    for (int i = 0; i < 2; ++i) {
      auto reader_repo = sfn::store::SqliteRepository::OpenReader(db_path);
      if (!reader_repo.ok()) {
        spdlog::error("cannot open the database {}: {}", db_path, reader_repo.status().message());
        return 1;
      }
      sfn::store::SqliteRepository* connection = reader_repo->get();
      readers.push_back(std::make_unique<sfn::api::Reader>(
          std::move(reader_repo).value(), [connection] { connection->EndRead(); }, *clock, driver));
    }
    read_pool = std::make_unique<sfn::api::ReadPool>(std::move(readers));
    router.SetReadPool(read_pool.get());
  }
  sfn::api::ConsoleRoutes console(engine_io, feed, &lambdas.invocations());
  router.SetInterceptor(
      [&console](auto& request, auto& done) { return console.Handle(request, done); });
  sfn::api::GuardOptions guard_options{opts.host, opts.allowed_hosts, opts.verify_signatures, {}};
  for (const auto& [id, secret] : opts.credentials) {
    guard_options.credentials.push_back({id, secret, ""});
  }
  router.SetGuard(std::make_unique<sfn::api::RequestGuard>(std::move(guard_options)));
  if (!opts.verify_signatures && !sfn::api::IsLoopbackHost(opts.host)) {
    spdlog::warn(
        "listening on {} without --verify-signatures: anyone who can reach this port can create "
        "and run Lambda functions (code on this machine) and read every execution; see the "
        "README's \"Trust model\"",
        opts.host);
  }
  sfn::api::ServerLimits limits;
  limits.max_connections = std::min(opts.max_connections, ConnectionBudget());
  sfn::api::HttpServer server(io, router, limits);
  if (sfn::Status s = server.Listen(opts.host, opts.port); !s.ok()) {
    spdlog::error("{}", s.message());
    return 1;
  }
  // Step Functions' own calls (aws-sdk:sfn:*) stay here unless an endpoint
  // names another.
  std::string self_host = opts.host == "0.0.0.0" || opts.host == "::" ? "127.0.0.1" : opts.host;
  if (self_host.find(':') != std::string::npos) self_host = "[" + self_host + "]";
  aws_endpoints.SetSelf("http://" + self_host + ":" + std::to_string(server.port()));
  spdlog::info("AWS endpoints: {}", aws_endpoints.Describe());
  // Signals are caught from before the listening line, so a supervisor that
  // stops us right after it sees a clean stop.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int sig) {
    spdlog::info("signal {}: stopping", sig);
    server.Stop();
    io.stop();
  });
  std::printf("sfn-emulator %s listening on http://%s:%u data %s\n", SFN_VERSION,
              opts.host.c_str(), static_cast<unsigned>(server.port()), db_path.c_str());
  std::fflush(stdout);
  spdlog::info("clock {}{}, {} running executions resumed, {} workers", opts.clock,
               opts.wait_scale != 1.0 ? " scaled x" + std::to_string(opts.wait_scale) : "",
               driver.running_count(), pool.size());

  auto guard = asio::make_work_guard(engine_io);
  asio::steady_timer trim_timer(engine_io);
  TrimWhenIdle(trim_timer, driver);
  asio::steady_timer retention_timer(engine_io);
  if (opts.retention_days) {
    ExpireFinished(retention_timer, **repo, *clock, *opts.retention_days, false);
  }
  std::thread engine_thread([&engine_io] { engine_io.run(); });

  io.run();
  if (read_pool) read_pool->Stop();
  asio::post(engine_io, [&trim_timer, &retention_timer] {
    trim_timer.cancel();
    retention_timer.cancel();
  });
  guard.reset();
  engine_io.stop();
  engine_thread.join();
  // Nothing posts to the pool any more: end the running handlers, drain the
  // queue (queued invocations answer at once), drop pending timers and
  // outbound calls. Their callbacks post to stopped io_contexts: unrun.
  lambda_runtimes.Shutdown();
  pool.Shutdown();
  if (opts.in_memory) {
    std::error_code ec;
    std::filesystem::remove_all(lambda_root, ec);
  }
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto opts = sfn::api::ParseOptions(args, [](const std::string& name) {
    const char* v = std::getenv(name.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  });
  if (!opts.ok()) {
    std::fprintf(stderr, "sfn-emulator: %s\n\n%s", opts.status().message().c_str(),
                 sfn::api::UsageText().c_str());
    return 2;
  }
  if (opts->help) {
    std::printf("%s", sfn::api::UsageText().c_str());
    return 0;
  }
  if (opts->version) {
    std::printf("sfn-emulator %s\n", SFN_VERSION);
    return 0;
  }
  // Before any thread or file: handler processes end with this process,
  // however it ends (emulator/lambda/process_reaper.h).
  if (sfn::Status s = sfn::lambda::StartProcessReaper(); !s.ok()) {
    std::fprintf(stderr, "sfn-emulator: %s (handler processes may outlive a kill -9)\n",
                 s.message().c_str());
  }
  try {
    return Run(*opts);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sfn-emulator: fatal: %s\n", e.what());
    return 1;
  }
}
