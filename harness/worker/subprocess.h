#pragma once
// A child process with a line-based stdin/stdout pipe pair and stderr sent
// to a log file. Reads take a deadline so a hanging child never blocks the
// harness; the child runs in its own process group so killing it also ends
// anything it spawned. A raised Interrupt ends a read at once and kills the
// group (the terminal's Ctrl-C reaches only the harness's own group). With a
// memory limit set, reads also look at the child's resident memory every
// kMemoryPollInterval and kill the group once it passes the limit
// (worker/memory_budget.h).
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "harness/worker/interrupt.h"
#include "harness/worker/memory_budget.h"

namespace exportcheck::worker {

struct SpawnOptions {
  std::vector<std::string> argv;
  std::filesystem::path cwd;
  std::map<std::string, std::string> env_overrides;
  std::filesystem::path stderr_log;  // appended to; empty = inherit
  const Interrupt* interrupt = nullptr;  // may be null: reads end only by line, deadline or EOF
};

// Why a read gave no line. MemoryExceeded: the memory limit was passed; the
// process group is killed by then.
enum class ReadStatus { Line, Timeout, Eof, Interrupted, MemoryExceeded };

class Subprocess {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Subprocess(const SpawnOptions& options);  // throws std::runtime_error
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // False if the child closed its stdin (it died).
  bool write_line(const std::string& line);
  // Interrupted: the interrupt was raised; the process group is killed by then.
  ReadStatus read_line(std::string& line, Clock::time_point deadline);

  // From now on, reads end with MemoryExceeded once the child's resident
  // memory (its own and its descendants') passes `limit_bytes`; 0 stops
  // watching. Restarts the peak (memory_peak) from the current usage.
  void watch_memory(std::uint64_t limit_bytes);
  // Samples the memory now (as reads do) and says whether the peak since
  // watch_memory passed the limit; false when nothing is watched.
  bool memory_exceeded();
  // The highest resident memory seen since watch_memory: polled totals and
  // the child's own VmHWM (when it could be reset).
  std::uint64_t memory_peak() const { return memory_peak_; }
  // Why the last memory check killed the child for the machine's memory
  // (worker/machine_memory.h) rather than its own limit; empty otherwise.
  const std::string& machine_memory_kill() const { return machine_memory_kill_; }
  // Resident memory of the child and its descendants now; nullopt once it is gone.
  std::optional<std::uint64_t> resident_bytes() const { return tree_resident_bytes(pid_); }

  // SIGKILL the whole process group and reap it.
  void kill();
  // Closes the child's stdin, which asks a worker to exit, and returns at
  // once: the destructor then waits less, and several children can be asked
  // together and exit side by side. Writes after it fail.
  void request_exit();
  // Reaps the child if it has exited; describes how ("exit code 3",
  // "killed by signal 9 (SIGKILL)"), or empty while it runs.
  std::string exit_description();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  std::optional<int> wait_status_;
  const Interrupt* interrupt_ = nullptr;
  std::uint64_t memory_limit_ = 0;
  std::uint64_t memory_peak_ = 0;
  bool peak_was_reset_ = false;
  Clock::time_point next_memory_check_{};
  std::string machine_memory_kill_;
};

}  // namespace exportcheck::worker
