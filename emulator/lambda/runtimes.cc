#include "emulator/lambda/runtimes.h"

#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <list>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "emulator/core/base64.h"
#include "emulator/core/json.h"
#include "emulator/lambda/bootstrap_scripts.h"
#include "emulator/lambda/encoding.h"
#include "emulator/lambda/process.h"

namespace sfn::lambda {
namespace {

using Clock = std::chrono::steady_clock;

enum class Kind { kPython, kNode, kProvided, kUnknown };

Kind KindOf(const std::string& runtime) {
  if (runtime.rfind("python3", 0) == 0) return Kind::kPython;
  if (runtime.rfind("nodejs", 0) == 0) return Kind::kNode;
  if (runtime.rfind("provided", 0) == 0) return Kind::kProvided;
  return Kind::kUnknown;
}

std::string WorkerKey(const FunctionVersion& fn) {
  return fn.function_name + "|" + fn.version + "|" + fn.revision_id + "|" + fn.code_dir;
}

std::vector<std::string> EnvironmentOf(const InvocationRequest& r) {
  const FunctionVersion& fn = r.fn;
  std::vector<std::string> env;
  for (const char* name : {"PATH", "HOME", "LANG", "PYENV_ROOT", "PYENV_VERSION"}) {
    if (const char* v = std::getenv(name)) env.push_back(std::string(name) + "=" + v);
  }
  // The reserved variables of the Lambda execution environment.
  env.push_back("AWS_LAMBDA_FUNCTION_NAME=" + fn.function_name);
  env.push_back("AWS_LAMBDA_FUNCTION_VERSION=" + fn.version);
  env.push_back("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + std::to_string(fn.memory_size));
  env.push_back("AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + fn.function_name);
  env.push_back("AWS_REGION=" + r.region);
  env.push_back("AWS_DEFAULT_REGION=" + r.region);
  env.push_back("AWS_EXECUTION_ENV=AWS_Lambda_" + fn.runtime);
  env.push_back("LAMBDA_TASK_ROOT=" + fn.code_dir);
  env.push_back("_HANDLER=" + fn.handler);
  env.push_back("TZ=:UTC");
  env.push_back("PYTHONDONTWRITEBYTECODE=1");
  if (fn.environment.is_object()) {
    for (const auto& [k, v] : fn.environment.items()) {
      env.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
    }
  }
  return env;
}

// As Go's os.ProcessState prints it, which is what AWS's message quotes
// ("Runtime exited with error: signal: killed").
std::string SignalText(int sig) {
  switch (sig) {
    case SIGKILL:
      return "signal: killed";
    case SIGSEGV:
      return "signal: segmentation fault";
    case SIGABRT:
      return "signal: aborted";
    case SIGTERM:
      return "signal: terminated";
    default:
      return "signal: " + std::to_string(sig);
  }
}

// Keeps the last bytes of a function's output (ChildProcess collects at
// most twice as much while it streams).
void CapLog(std::string& log) {
  if (log.size() > ChildProcess::kMaxLogBytes) {
    log.erase(0, log.size() - ChildProcess::kMaxLogBytes);
  }
}

// Warm processes a key gets as soon as calls queue behind its first one.
constexpr size_t kMinParallel = 2;

// The longest answer line the warm bootstraps may write: a response at the
// limit, JSON-escaped (at worst six bytes per byte), and the envelope. The
// bootstraps refuse larger responses themselves; this is the backstop.
constexpr size_t kMaxAnswerLine = 6 * kMaxResponseBytes + 4096;

std::string ErrorJson(const std::string& type, const std::string& message) {
  return DumpJson(Json{{"errorType", type}, {"errorMessage", message}});
}

// What a call cut short by Shutdown answers (nobody waits for it any more:
// the engine and the server have stopped first).
engine::InvocationResult ShuttingDown() {
  engine::InvocationResult out;
  out.service_error = "ServiceException";
  out.service_message = "The emulator is shutting down; the invocation did not finish.";
  return out;
}

}  // namespace

// One queue per warm key (function, version, revision, code): invocations
// wait there for one of the key's processes. Each warm process is served by
// its own thread (ServeWarm) that takes the next job of its key as soon as it
// is free, writes it to the process and waits for the answer line: the only
// threads that block on a pipe are these, one per process, bounded by
// `max_processes`. The engine thread only queues (Invoke never blocks).
struct Runtimes::State {
  State() : cancel_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
  ~State() {
    if (cancel_fd >= 0) ::close(cancel_fd);
  }

  struct Job {
    InvocationRequest request;
    std::function<void(engine::InvocationResult)> done;
    Clock::time_point queued;
  };

  // The warm processes of one key and the invocations waiting for them.
  struct Warm {
    std::string key;
    std::string prefix;  // "name|version|": a newer revision retires this key
    std::deque<Job> queue;
    size_t processes = 0;  // serving threads (their process alive or about to be)
    size_t busy = 0;       // of them, running a job
    size_t waiting = 0;    // of them, waiting for a job or a running slot
    size_t leave = 0;      // waiting ones asked to end (room for another key)
    bool retired = false;  // no new jobs come: the processes end once idle
    // Moving averages: a job's run time on a warm process (negative:
    // unknown yet), and a new process's start up to its first answer.
    double run_ms = -1;
    double start_ms = 50;
    bool check_pending = false;
    Clock::time_point last_used{};
    std::condition_variable cv;
  };

  RuntimeOptions options;
  WorkerPool* pool = nullptr;
  size_t max_running = 1;
  std::mutex mu;
  std::map<std::string, std::shared_ptr<Warm>> warm;
  size_t processes = 0;     // handler processes (or slots for one), warm and provided
  size_t running = 0;       // invocations running (at most max_running)
  size_t threads = 0;       // live serving threads
  size_t slot_waiters = 0;  // provided calls waiting for a slot
  std::condition_variable slot_free;
  std::condition_variable threads_done;
  std::atomic<bool> stopping{false};
  // Readable once Shutdown ran: every ChildProcess call polls it, so a
  // handler blocked forever releases its thread at once.
  const int cancel_fd;
  // Warm processes spawned so far (tests, benchmarks).
  std::atomic<uint64_t> spawned{0};

  size_t Max() const { return std::max<size_t>(options.max_processes, 1); }

  // --- everything below runs with `mu` held ---------------------------------

  std::shared_ptr<Warm> WarmFor(const std::string& key) {
    std::shared_ptr<Warm>& w = warm[key];
    if (w && !w->retired) return w;
    if (!w) {
      w = std::make_shared<Warm>();
      w->key = key;
      w->prefix = key.substr(0, key.find('|', key.find('|') + 1) + 1);
    }
    w->retired = false;
    // Processes of an older revision of the same version ($LATEST after an
    // update) will never be used again: they end once their queue is done.
    for (auto& [k, o] : warm) {
      if (o != w && o->prefix == w->prefix) Retire(*o);
    }
    return w;
  }

  // Forgets a retired key once its last process has ended.
  void Forget(const std::shared_ptr<Warm>& w) {
    auto it = warm.find(w->key);
    if (it != warm.end() && it->second == w && w->retired && w->processes == 0 &&
        w->queue.empty()) {
      warm.erase(it);
    }
  }

  static void Retire(Warm& w) {
    w.retired = true;
    w.cv.notify_all();
  }

  // Whether `w` should get one more process now. Pipelined: while the
  // processes it has will drain its queue sooner than a new one would start
  // (the moving averages), no process is spawned.
  bool WantsProcess(const Warm& w) const {
    if (w.queue.empty() || stopping) return false;
    if (w.processes == 0) return true;
    if (w.queue.size() <= w.waiting - std::min(w.waiting, w.leave)) return false;
    if (w.processes >= max_running) return false;  // no slot for another one to run in
    if (w.run_ms < 0) return true;  // nothing known: a busy process means another one
    // A second process overlaps one handler's pipe round trip with the
    // next (measured: one process alone answers a burst slower than two).
    if (w.processes < kMinParallel && w.queue.size() > w.processes) return true;
    size_t serving = std::max<size_t>(w.processes, 1);
    double drain_ms = static_cast<double>(w.queue.size()) * w.run_ms / static_cast<double>(serving);
    return drain_ms > w.start_ms;
  }

  // Asks the least recently used waiting process of another key with nothing
  // queued to end, making room under the bound. False when there is none.
  bool EvictOne(const Warm* except) {
    Warm* pick = nullptr;
    for (auto& [key, w] : warm) {
      if (w.get() == except || !w->queue.empty() || w->waiting <= w->leave) continue;
      if (pick == nullptr || w->last_used < pick->last_used) pick = w.get();
    }
    if (pick == nullptr) return false;
    ++pick->leave;
    pick->cv.notify_all();
    return true;
  }

  void Spawn(const std::shared_ptr<State>& self, const std::shared_ptr<Warm>& w);

  // Starts the processes the queues need (within the bound), wakes waiting
  // ones, and arms the check that spawns for a queue that stopped moving.
  void Schedule(const std::shared_ptr<State>& self, const std::shared_ptr<Warm>& w) {
    if (stopping || w->queue.empty()) return;
    if (w->waiting > w->leave && running < max_running) w->cv.notify_one();
    if (WantsProcess(*w)) {
      if (processes < Max()) {
        Spawn(self, w);
      } else if (w->processes == 0) {
        EvictOne(w.get());  // its process's thread ends and calls Rebalance
      }
    }
    ArmCheck(self, w);
  }

  // After a process or a running slot was given back: the other keys'
  // queues may move now.
  void Rebalance(const std::shared_ptr<State>& self) {
    if (stopping) return;
    if (slot_waiters > 0) slot_free.notify_all();
    for (auto& [key, w] : warm) {
      if (!w->queue.empty()) Schedule(self, w);
    }
  }

  // A queue whose oldest job has waited longer than a new process takes to
  // start gets one (a handler that runs far longer than its average).
  void ArmCheck(const std::shared_ptr<State>& self, const std::shared_ptr<Warm>& w) {
    if (w->check_pending || pool == nullptr || stopping) return;
    w->check_pending = true;
    auto delay = std::chrono::milliseconds(std::max(5, static_cast<int>(w->start_ms)));
    std::weak_ptr<State> weak = self;
    bool armed = pool->After(delay, [weak, w] {
      std::shared_ptr<State> st = weak.lock();
      if (!st) return;
      std::lock_guard lock(st->mu);
      w->check_pending = false;
      if (st->stopping || w->queue.empty()) return;
      double waited =
          std::chrono::duration<double, std::milli>(Clock::now() - w->queue.front().queued).count();
      if (waited >= w->start_ms && !w->retired && st->processes < st->Max() &&
          w->processes < st->max_running && w->waiting <= w->leave) {
        st->Spawn(st, w);
      }
      st->ArmCheck(st, w);
    });
    if (!armed) w->check_pending = false;
  }
};

namespace {

engine::InvocationResult RunOn(Runtimes::State& st, ChildProcess& proc, const InvocationRequest& r,
                               std::string& log, bool& keep);
Result<std::unique_ptr<ChildProcess>> SpawnWarm(Runtimes::State& st, const InvocationRequest& r);
void Finish(const InvocationRequest& request, engine::InvocationResult result, std::string& log,
            Clock::time_point t0, const std::function<void(engine::InvocationResult)>& done);

// The thread serving one warm process of `w`: takes the next job as soon as
// it is free (and a running slot is), runs it, and keeps the process for the
// next one. A process that timed out, crashed or answered badly is replaced
// by a new one when more jobs wait. Ends when asked to make room, when its
// key is retired and idle, when its key has more idle processes than
// `max_idle_per_version`, or at Shutdown; its process ends with it.
void ServeWarm(std::shared_ptr<Runtimes::State> st, std::shared_ptr<Runtimes::State::Warm> w) {
  std::unique_ptr<ChildProcess> proc;
  std::unique_lock lock(st->mu);
  // Counted as waiting from its Spawn and again from the moment it finished a
  // job (before the answer is delivered), so a call queued meanwhile waits
  // for it instead of spawning another process; the loop below checks the
  // queue before it sleeps, so no wake-up is lost.
  while (true) {
    // Wait for a job and a slot to run it in.
    bool have = false;
    Runtimes::State::Job job;
    while (true) {
      if (st->stopping) break;
      if (w->leave > 0) {
        --w->leave;
        break;
      }
      if (w->queue.empty() && w->retired) break;
      if (!w->queue.empty() && st->running < st->max_running) {
        job = std::move(w->queue.front());
        w->queue.pop_front();
        have = true;
        break;
      }
      w->cv.wait(lock);
    }
    --w->waiting;
    if (!have) break;
    ++st->running;
    ++w->busy;
    w->last_used = Clock::now();
    // Another waiting process may take the next job at once.
    if (!w->queue.empty() && w->waiting > w->leave && st->running < st->max_running) {
      w->cv.notify_one();
    }
    lock.unlock();

    auto t0 = Clock::now();
    std::string log;
    engine::InvocationResult result;
    bool fresh = false;
    bool keep = false;
    if (!proc) {
      auto spawned = SpawnWarm(*st, job.request);
      if (spawned.ok()) {
        proc = std::move(spawned).value();
        fresh = true;
        ++st->spawned;
      } else {
        result.executed_version = job.request.fn.version;
        result.service_error = "ServiceException";
        result.service_message = spawned.status().message();
      }
    }
    if (proc) result = RunOn(*st, *proc, job.request, log, keep);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    bool spawn_failed = !proc;
    if (!keep) proc.reset();  // killed and reaped, outside the lock

    lock.lock();
    --st->running;
    --w->busy;
    ++w->waiting;
    if (keep) {
      double& avg = fresh ? w->start_ms : w->run_ms;
      avg = avg < 0 ? ms : 0.8 * avg + 0.2 * ms;
    }
    lock.unlock();
    Finish(job.request, std::move(result), log, t0, job.done);
    lock.lock();
    if (spawn_failed || st->stopping) {
      --w->waiting;
      break;
    }
    // A running slot came free: another key's queue may move.
    if (w->queue.empty() || st->slot_waiters > 0) st->Rebalance(st);
    if (w->queue.empty()) {
      // Idle: stay warm unless this key has enough idle processes already
      // or another key waits for a process and the bound is reached.
      size_t idle = w->processes - w->busy;
      bool starving = false;
      if (st->processes >= st->Max()) {
        for (auto& [key, other] : st->warm) {
          if (other != w && !other->queue.empty() && other->processes == 0) starving = true;
        }
        starving = starving || st->slot_waiters > 0;
      }
      if (w->retired || starving || idle > st->options.max_idle_per_version) {
        --w->waiting;
        break;
      }
    }
  }
  lock.unlock();
  proc.reset();  // the process ends before its slot is given back
  lock.lock();
  --w->processes;
  --st->processes;
  st->Rebalance(st);
  // Jobs left for a key whose last process ended (Shutdown answers them).
  if (!st->stopping && w->processes == 0 && !w->queue.empty()) st->Schedule(st, w);
  st->Forget(w);
  if (--st->threads == 0) st->threads_done.notify_all();
}

}  // namespace

void Runtimes::State::Spawn(const std::shared_ptr<State>& self, const std::shared_ptr<Warm>& w) {
  ++w->processes;
  ++w->waiting;  // until it takes its first job (ServeWarm)
  ++processes;
  ++threads;
  try {
    std::thread(ServeWarm, self, w).detach();
  } catch (const std::system_error& e) {
    --w->waiting;
    --w->processes;
    --processes;
    --threads;
    spdlog::warn("cannot start a Lambda runtime thread: {}", e.what());
  }
}

Runtimes::Runtimes(RuntimeOptions options, WorkerPool& pool)
    : state_(std::make_shared<State>()), pool_(pool) {
  state_->options = std::move(options);
  state_->pool = &pool;
  state_->max_running = state_->options.max_running > 0 ? state_->options.max_running
                                                        : std::max<size_t>(pool.size(), 1);
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(state_->options.bootstrap_dir, ec);
  std::ofstream(fs::path(state_->options.bootstrap_dir) / "bootstrap.py", std::ios::trunc)
      << kPythonBootstrap;
  std::ofstream(fs::path(state_->options.bootstrap_dir) / "bootstrap.js", std::ios::trunc)
      << kNodeBootstrap;
  std::ofstream(fs::path(state_->options.bootstrap_dir) / "loader.mjs", std::ios::trunc)
      << kNodeLoader;
}

Runtimes::~Runtimes() { Shutdown(); }

void Runtimes::Shutdown() {
  std::vector<State::Job> queued;
  {
    std::lock_guard lock(state_->mu);
    if (!state_->stopping.exchange(true)) {
      for (auto& [key, w] : state_->warm) {
        for (State::Job& j : w->queue) queued.push_back(std::move(j));
        w->queue.clear();
        w->cv.notify_all();
      }
      state_->warm.clear();
      uint64_t one = 1;
      if (state_->cancel_fd >= 0 && ::write(state_->cancel_fd, &one, sizeof one) < 0) {
        spdlog::warn("cannot cancel the running Lambda handlers");
      }
    }
  }
  state_->slot_free.notify_all();
  for (State::Job& j : queued) j.done(ShuttingDown());
  // The serving threads end their processes and go (a running handler is
  // cancelled through cancel_fd).
  std::unique_lock lock(state_->mu);
  state_->threads_done.wait(lock, [&] { return state_->threads == 0; });
}

void Runtimes::Evict(const std::string& function_name) {
  std::lock_guard lock(state_->mu);
  std::string prefix = function_name + "|";
  std::vector<std::shared_ptr<State::Warm>> gone;
  for (auto& [key, w] : state_->warm) {
    if (key.rfind(prefix, 0) == 0) gone.push_back(w);
  }
  for (const auto& w : gone) {
    State::Retire(*w);
    state_->Forget(w);
  }
}

size_t Runtimes::IdleCount() {
  std::lock_guard lock(state_->mu);
  size_t n = 0;
  for (auto& [key, w] : state_->warm) {
    if (!w->retired) n += w->processes - w->busy;
  }
  return n;
}

size_t Runtimes::ProcessCount() {
  std::lock_guard lock(state_->mu);
  return state_->processes;
}

size_t Runtimes::SpawnCount() const { return state_->spawned.load(); }

bool Runtimes::Supported(const std::string& runtime) { return KindOf(runtime) != Kind::kUnknown; }

namespace {

Result<std::unique_ptr<ChildProcess>> SpawnWarm(Runtimes::State& st, const InvocationRequest& r) {
  const FunctionVersion& fn = r.fn;
  SpawnSpec spec;
  namespace fs = std::filesystem;
  fs::path dir(st.options.bootstrap_dir);
  if (KindOf(fn.runtime) == Kind::kPython) {
    spec.argv = {ResolvePython(st.options.python), (dir / "bootstrap.py").string(), fn.handler,
                 fn.code_dir};
  } else {
    spec.argv = {st.options.node, (dir / "bootstrap.js").string(), fn.handler, fn.code_dir,
                 (dir / "loader.mjs").string()};
  }
  spec.env = EnvironmentOf(r);
  spec.cwd = fn.code_dir;
  spec.result_pipe = true;
  spec.cancel_fd = st.cancel_fd;
  return ChildProcess::Spawn(spec);
}

// One invocation on a warm process; `keep` says whether the process may
// serve the next one (false: it was killed, or must be).
engine::InvocationResult RunOn(Runtimes::State& st, ChildProcess& proc, const InvocationRequest& r,
                               std::string& log, bool& keep) {
  keep = false;
  engine::InvocationResult out;
  out.executed_version = r.fn.version;
  const FunctionVersion& fn = r.fn;
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  Json ctx = {{"request_id", r.request_id},
              {"function_name", fn.function_name},
              {"function_version", fn.version},
              {"invoked_function_arn", r.invoked_arn},
              {"memory_limit_in_mb", fn.memory_size},
              {"deadline_ms", now_ms + int64_t{fn.timeout} * 1000},
              {"log_group", "/aws/lambda/" + fn.function_name},
              {"log_stream", "local/" + fn.version}};
  std::string line = "{\"ctx\":" + DumpJson(ctx) + ",\"event\":" + r.payload + "}\n";
  Deadline deadline = Clock::now() + std::chrono::seconds(fn.timeout);
  std::string answer;
  ChildProcess::Outcome got = ChildProcess::Outcome::kEof;
  if (proc.WriteAll(line, deadline)) {
    got = proc.ReadLine(deadline, answer, log, kMaxAnswerLine);
  }
  if (got == ChildProcess::Outcome::kTooLarge) {
    // Still writing more than any response may be: ended, not waited for.
    proc.DrainOutput(log);
    proc.Kill();
    out.function_error = "Unhandled";
    out.payload = ResponseTooLargePayload();
    return out;
  }
  if (got == ChildProcess::Outcome::kCancelled || st.stopping) {
    proc.Kill();
    return ShuttingDown();
  }
  if (got == ChildProcess::Outcome::kTimeout) {
    proc.DrainOutput(log);
    proc.Kill();
    out.function_error = "Unhandled";
    out.payload = TimeoutPayload(r.request_id, fn.timeout);
    return out;
  }
  if (got == ChildProcess::Outcome::kEof) {
    proc.DrainOutput(log);
    int status = proc.Kill();
    out.function_error = "Unhandled";
    out.payload =
        ErrorJson("Runtime.ExitError",
                  "RequestId: " + r.request_id + " Error: Runtime exited with error: " +
                      (status < 0 ? SignalText(-status) : "exit status " + std::to_string(status)));
    return out;
  }
  proc.DrainOutput(log);
  // The protocol line itself ({"ok": ..., "payload": "<text>"}) is shallow:
  // a deep response stays inside its string here.
  Result<Json> parsed = ParseJson(answer);
  if (!parsed.ok() || !parsed->is_object() || !parsed->contains("payload") ||
      !(*parsed)["payload"].is_string() || !parsed->contains("ok") ||
      !(*parsed)["ok"].is_boolean()) {
    proc.Kill();
    out.function_error = "Unhandled";
    out.payload = ErrorJson("Runtime.InvalidResponse", "the runtime answered: " + answer);
    return out;
  }
  out.payload = (*parsed)["payload"].get<std::string>();
  if (!(*parsed)["ok"].get<bool>()) out.function_error = "Unhandled";
  if (out.payload.size() > kMaxResponseBytes) {
    out.function_error = "Unhandled";
    out.payload = ResponseTooLargePayload();
  }
  keep = true;
  return out;
}

// A provided runtime's call takes a process slot and a running slot for its
// one process, waiting (on its pool worker) while none is free; an idle warm
// process of another key is asked to end to make room.
bool AcquireSlot(const std::shared_ptr<Runtimes::State>& st) {
  std::unique_lock lock(st->mu);
  ++st->slot_waiters;
  while (true) {
    if (st->stopping) break;
    if (st->processes < st->Max() && st->running < st->max_running) break;
    if (st->processes >= st->Max()) st->EvictOne(nullptr);
    st->slot_free.wait(lock);
  }
  --st->slot_waiters;
  if (st->stopping) return false;
  ++st->processes;
  ++st->running;
  return true;
}

void ReleaseSlot(const std::shared_ptr<Runtimes::State>& st) {
  std::lock_guard lock(st->mu);
  --st->processes;
  --st->running;
  st->Rebalance(st);
}

engine::InvocationResult RunProvided(const std::shared_ptr<Runtimes::State>& shared,
                                     const InvocationRequest& r, std::string& log) {
  Runtimes::State& st = *shared;
  engine::InvocationResult out;
  out.executed_version = r.fn.version;
  if (!AcquireSlot(shared)) return ShuttingDown();
  struct Slot {
    const std::shared_ptr<Runtimes::State>& st;
    ~Slot() { ReleaseSlot(st); }
  } slot{shared};
  SpawnSpec spec;
  spec.argv = {(std::filesystem::path(r.fn.code_dir) / "bootstrap").string()};
  spec.env = EnvironmentOf(r);
  spec.env.push_back("AWS_LAMBDA_REQUEST_ID=" + r.request_id);
  spec.env.push_back("AWS_LAMBDA_INVOKED_FUNCTION_ARN=" + r.invoked_arn);
  spec.cwd = r.fn.code_dir;
  spec.merge_stderr = false;
  spec.cancel_fd = st.cancel_fd;
  auto spawned = ChildProcess::Spawn(spec);
  if (!spawned.ok()) {
    out.service_error = "ServiceException";
    out.service_message = spawned.status().message();
    return out;
  }
  ChildProcess& proc = **spawned;
  Deadline deadline = Clock::now() + std::chrono::seconds(r.fn.timeout);
  std::string response;
  ChildProcess::Outcome got = ChildProcess::Outcome::kTimeout;
  // A bootstrap may exit without reading its input (EPIPE): that is its
  // exit status to report, not a timeout.
  bool wrote = proc.WriteAll(r.payload, deadline);
  proc.CloseStdin();
  if (wrote || Clock::now() < deadline) {
    got = proc.ReadToEnd(deadline, response, log, kMaxResponseBytes);
  }
  if (got == ChildProcess::Outcome::kTooLarge) {
    proc.DrainOutput(log);
    proc.Kill();
    out.function_error = "Unhandled";
    out.payload = ResponseTooLargePayload();
    return out;
  }
  if (got == ChildProcess::Outcome::kCancelled || st.stopping) {
    proc.Kill();
    return ShuttingDown();
  }
  if (got == ChildProcess::Outcome::kTimeout) {
    proc.Kill();
    out.function_error = "Unhandled";
    out.payload = TimeoutPayload(r.request_id, r.fn.timeout);
    return out;
  }
  int status = proc.Wait();
  if (status != 0) {
    out.function_error = "Unhandled";
    out.payload =
        ErrorJson("Runtime.ExitError",
                  "RequestId: " + r.request_id + " Error: Runtime exited with error: " +
                      (status == 127 ? std::string("bootstrap not found or not executable")
                       : status < 0  ? SignalText(-status)
                                     : "exit status " + std::to_string(status)));
    return out;
  }
  out.payload = response;
  return out;
}

// Completes one invocation: its log (debug), the tail when asked, `done`.
void Finish(const InvocationRequest& request, engine::InvocationResult result, std::string& log,
            Clock::time_point t0, const std::function<void(engine::InvocationResult)>& done) {
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  CapLog(log);
  if (!log.empty()) {
    spdlog::debug("lambda {}:{} {} log: {}", request.fn.function_name, request.fn.version,
                  request.request_id, log);
  }
  if (request.tail_log) {
    result.log_result =
        TailLog(request.request_id, request.fn.version, log, ms, request.fn.memory_size);
  }
  done(std::move(result));
}

}  // namespace

namespace {
std::string FindInterpreter(const std::string& python);
}  // namespace

void Runtimes::Invoke(InvocationRequest request,
                      std::function<void(engine::InvocationResult)> done) {
  std::shared_ptr<State> st = state_;
  if (st->stopping) {
    done(ShuttingDown());
    return;
  }
  Kind kind = KindOf(request.fn.runtime);
  if (kind == Kind::kUnknown) {
    engine::InvocationResult result;
    result.service_error = "InvalidRuntimeException";
    result.service_message =
        "The runtime parameter of " + request.fn.runtime + " is not supported by this emulator.";
    done(std::move(result));
    return;
  }
  if (kind == Kind::kProvided) {
    // One process per call, blocking a pool worker while it runs.
    pool_.Post([st, request = std::move(request), done = std::move(done)] {
      if (st->stopping) {  // queued when Shutdown came: the pool drains fast
        done(ShuttingDown());
        return;
      }
      auto t0 = Clock::now();
      std::string log;
      engine::InvocationResult result = RunProvided(st, request, log);
      Finish(request, std::move(result), log, t0, done);
    });
    return;
  }
  // Warm runtimes: queued for the key's processes; nothing here blocks.
  std::string key = WorkerKey(request.fn);
  std::unique_lock lock(st->mu);
  if (st->stopping) {
    lock.unlock();
    done(ShuttingDown());
    return;
  }
  std::shared_ptr<State::Warm> w = st->WarmFor(key);
  w->queue.push_back(State::Job{std::move(request), std::move(done), Clock::now()});
  st->Schedule(st, w);
}

std::string ResolvePython(const std::string& python) {
  // Resolved once per name, on first use (not at start-up: a pyenv shim
  // costs a few hundred milliseconds).
  static std::mutex mu;
  static std::map<std::string, std::string> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(python);
  if (it != cache.end()) return it->second;
  std::string resolved = FindInterpreter(python);
  cache[python] = resolved;
  return resolved;
}

namespace {

std::string FindInterpreter(const std::string& python) {
  SpawnSpec spec;
  spec.argv = {python, "-c", "import sys; print(sys.executable)"};
  for (const char* name : {"PATH", "HOME", "PYENV_ROOT", "PYENV_VERSION"}) {
    if (const char* v = std::getenv(name)) spec.env.push_back(std::string(name) + "=" + v);
  }
  auto child = ChildProcess::Spawn(spec);
  if (!child.ok()) return python;
  (*child)->CloseStdin();
  std::string out, log;
  (*child)->ReadToEnd(Clock::now() + std::chrono::seconds(10), out, log);
  if ((*child)->Wait() != 0) return python;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out.empty() ? python : out;
}

}  // namespace

std::string TailLog(const std::string& request_id, const std::string& version,
                    const std::string& output, double duration_ms, int memory_mb) {
  char report[256];
  std::snprintf(report, sizeof report,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: "
                "%d MB\tMax Memory Used: %d MB\t\n",
                request_id.c_str(), duration_ms, static_cast<int>(duration_ms) + 1, memory_mb,
                memory_mb);
  std::string text = "START RequestId: " + request_id + " Version: " + version + "\n" + output;
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += "END RequestId: " + request_id + "\n" + report;
  if (text.size() > 4096) text = text.substr(text.size() - 4096);
  return Base64Encode(text);
}

std::string ResponseTooLargePayload() {
  // AWS's payload, members in its order.
  return DumpJson(Json{{"errorMessage",
                        "Response payload size exceeded maximum allowed payload "
                        "size (" +
                            std::to_string(kMaxResponseBytes) + " bytes)."},
                       {"errorType", "Function.ResponseSizeTooLarge"}});
}

std::string TimeoutPayload(const std::string& request_id, int timeout_s) {
  char msg[64];
  std::snprintf(msg, sizeof msg, "%.2f", static_cast<double>(timeout_s));
  return ErrorJson("Sandbox.Timedout",
                   "RequestId: " + request_id + " Error: Task timed out after " + msg + " seconds");
}

}  // namespace sfn::lambda
