#pragma once
// A child process with a line-based stdin/stdout pipe pair and stderr sent
// to a log file. Reads take a deadline so a hanging child never blocks the
// harness; the child runs in its own process group so killing it also ends
// anything it spawned. A raised Interrupt ends a read at once and kills the
// group (the terminal's Ctrl-C reaches only the harness's own group).
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "harness/worker/interrupt.h"

namespace exportcheck::worker {

struct SpawnOptions {
  std::vector<std::string> argv;
  std::filesystem::path cwd;
  std::map<std::string, std::string> env_overrides;
  std::filesystem::path stderr_log;  // appended to; empty = inherit
  const Interrupt* interrupt = nullptr;  // may be null: reads end only by line, deadline or EOF
};

// Why a read gave no line.
enum class ReadStatus { Line, Timeout, Eof, Interrupted };

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

  // SIGKILL the whole process group and reap it.
  void kill();
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
};

}  // namespace exportcheck::worker
