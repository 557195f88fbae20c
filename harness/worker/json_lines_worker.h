#pragma once
// A JSON-lines worker process: `python -m exporter.worker --role R`, or any
// `command` speaking the same protocol (e.g. `exportcheck worker --role cpp`):
// JSON-lines requests with a deadline each, and a memory budget while the
// budget is set (set_memory_budget). A crash, hang or budget passed becomes a
// Reply with status Crash/Timeout/MemoryExceeded and the worker is restarted
// on next use, so one bad case never takes the run (or the machine) down.
// See exporter/PROTOCOL.md.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/worker/subprocess.h"

namespace exportcheck::worker {

struct WorkerConfig {
  std::string python;              // interpreter path
  std::filesystem::path root;      // catalog root: the working directory
  std::string python_path;         // PYTHONPATH (catalog root + where exporter/ lives)
  std::string role;                // "export" | "load" | "cpp" (also names the worker in messages)
  // argv of the worker; when empty, `python -u -m module --role role`.
  std::vector<std::string> command;
  std::string module = "exporter.worker";  // tests substitute a fake
  std::filesystem::path log_path;  // the worker's stderr
  std::chrono::seconds startup_timeout{180};
  // More environment for the worker (e.g. OMP_NUM_THREADS, run/worker_threads.h).
  std::map<std::string, std::string> env;
  // Once raised, a waiting request ends at once (its process group killed)
  // and no worker is started any more. May be null.
  const Interrupt* interrupt = nullptr;
};

struct Reply {
  // Interrupted: the run was interrupted (worker/interrupt.h); the caller
  // drops the case rather than blame it. MemoryExceeded: the worker's
  // resident memory passed the budget while it served the request (or its
  // peak had by the time it answered); it was killed.
  enum class Status { Ok, Timeout, Crash, Interrupted, MemoryExceeded };
  Status status = Status::Ok;
  nlohmann::json body;     // the response line (Ok only)
  // Timeout/Crash/MemoryExceeded: what happened, with the stderr tail;
  // MemoryExceeded starts with memory_budget_message (the peak and the budget).
  std::string message;
  double seconds = 0;      // wall time of the request
};

class JsonLinesWorker {
 public:
  explicit JsonLinesWorker(WorkerConfig config);
  ~JsonLinesWorker();

  // Starts the process now (it imports torch in the background) so its
  // start-up overlaps other work. Idempotent.
  void start();
  // Sends `request` (an "id" is added) and waits up to `timeout` for the
  // reply. Waits for start-up first (not counted against `timeout`).
  Reply call(nlohmann::json request, std::chrono::duration<double> timeout);
  // The budget of the requests from now on (the case being served); none by
  // default. A worker already above it before a request (memory an earlier
  // case left behind) is restarted first, so a case is charged for its own.
  void set_memory_budget(MemoryBudget budget) { budget_ = std::move(budget); }
  const MemoryBudget& memory_budget() const { return budget_; }
  // Starts the worker if needed and waits for its ready line (hello()):
  // Ok, or why it did not start (Timeout / Crash, the worker discarded and
  // started again on next use; Interrupted). call() does this itself.
  Reply wait_ready();
  // The worker's ready line (torch version etc.), after a successful start.
  const nlohmann::json& hello() const { return hello_; }
  int restarts() const { return restarts_; }
  // Seconds callers spent waiting for this worker to start (every start and
  // restart): time outside any request's own seconds.
  double startup_wait_seconds() const { return startup_wait_; }
  // SIGKILLs the worker's process group now, if one runs (an interrupted
  // run: nothing may outlive the harness). The next call() would restart it,
  // unless the interrupt is raised.
  void kill();
  // Asks a running worker to exit (its stdin closed; Subprocess::request_exit)
  // without waiting: a slot with no case left lets its workers exit while the
  // other slots still run. A later call() starts a new worker.
  void request_exit();

 private:
  Reply await_ready();
  bool interrupted() const { return config_.interrupt && config_.interrupt->raised(); }
  Reply interrupted_reply() const;
  std::string stderr_since(std::uintmax_t offset) const;
  void discard();

  WorkerConfig config_;
  std::unique_ptr<Subprocess> process_;
  std::vector<std::unique_ptr<Subprocess>> retired_;  // asked to exit (request_exit); reaped by their destructors
  bool ready_ = false;
  nlohmann::json hello_;
  long next_id_ = 1;
  int restarts_ = 0;
  double startup_wait_ = 0;
  std::uintmax_t start_log_offset_ = 0;
  MemoryBudget budget_;
  bool served_ = false;  // the running process has been sent a request
};

}  // namespace exportcheck::worker
