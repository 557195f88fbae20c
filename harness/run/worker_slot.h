#pragma once
// The workers one scheduling slot (one of -j N) owns: an export worker that
// imports model code, a load worker that never does (Python runtimes), and a
// cpp worker (`exportcheck worker --role cpp`: the C++ executor, in its own
// process so that a crash in a kernel is one stage's CRASH).
#include <filesystem>
#include <string>

#include "harness/run/worker_threads.h"
#include "harness/worker/json_lines_worker.h"

namespace exportcheck::run {

struct WorkerSlot {
  // `interrupt` (may be null) ends the workers' waits and starts (worker/interrupt.h);
  // `threads`: each worker's torch threads (worker_threads.h), sent as OMP_NUM_THREADS
  // when the harness sets them.
  WorkerSlot(const std::string& python, const std::string& python_path, const std::filesystem::path& root,
             const std::filesystem::path& log_dir, int index, const std::filesystem::path& exportcheck_binary,
             const worker::Interrupt* interrupt = nullptr, const WorkerThreads& threads = {});
  // Any three workers speaking the protocol (tests use scripted stand-ins).
  WorkerSlot(worker::WorkerConfig exporter_config, worker::WorkerConfig loader_config, worker::WorkerConfig cpp_config)
      : exporter(std::move(exporter_config)), loader(std::move(loader_config)), cpp(std::move(cpp_config)) {}
  worker::JsonLinesWorker exporter;
  worker::JsonLinesWorker loader;
  worker::JsonLinesWorker cpp;

  // The budget of the case the slot serves next, for all three workers.
  void set_memory_budget(const worker::MemoryBudget& budget) {
    exporter.set_memory_budget(budget);
    loader.set_memory_budget(budget);
    cpp.set_memory_budget(budget);
  }

  // SIGKILLs all three process groups now: an interrupted run leaves no worker behind.
  // Slot-seconds this slot waited for its workers to start.
  double startup_wait_seconds() const {
    return exporter.startup_wait_seconds() + loader.startup_wait_seconds() + cpp.startup_wait_seconds();
  }
  // Asks all three to exit without waiting (JsonLinesWorker::request_exit).
  void request_exit() {
    exporter.request_exit();
    loader.request_exit();
    cpp.request_exit();
  }
  void kill_workers() {
    exporter.kill();
    loader.kill();
    cpp.kill();
  }
};

// This process's executable (the `exportcheck` binary in a CLI run).
std::filesystem::path current_executable();

}  // namespace exportcheck::run
