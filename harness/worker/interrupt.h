#pragma once
// A run's interruption (SIGINT, SIGTERM) as something every wait on a worker
// notices at once: a self-pipe whose read end turns readable, and stays
// readable, when the interruption is raised. Subprocess::read_line polls it
// next to the worker's stdout, so a slot blocked on a worker wakes up, kills
// that worker's process group and returns; JsonLinesWorker starts no new
// worker once it is raised. raise() only stores a number and writes one
// byte, both async-signal-safe, so a signal handler may call it.
#include <atomic>
#include <string>

namespace exportcheck::worker {

class Interrupt {
 public:
  Interrupt();  // throws std::runtime_error when no pipe can be made
  ~Interrupt();
  Interrupt(const Interrupt&) = delete;
  Interrupt& operator=(const Interrupt&) = delete;

  // Async-signal-safe; the first signal is the one recorded.
  void raise(int signal) noexcept;
  // The signal that raised it (SIGINT, SIGTERM, or what a test passed); 0 before.
  int signal() const noexcept { return signal_.load(); }
  bool raised() const noexcept { return signal() != 0; }
  // Readable once raised (never drained, so any number of threads may poll it).
  int fd() const noexcept { return read_fd_; }

 private:
  std::atomic<int> signal_{0};
  int read_fd_ = -1;
  int write_fd_ = -1;
};

// While alive, SIGINT and SIGTERM raise `interrupt` instead of ending the
// process. Each handler resets itself to the default (SA_RESETHAND): a
// second Ctrl-C during the shutdown ends the harness at once. The previous
// dispositions come back when this is destroyed. One at a time per process.
class InterruptHandlers {
 public:
  explicit InterruptHandlers(Interrupt& interrupt);
  ~InterruptHandlers();
  InterruptHandlers(const InterruptHandlers&) = delete;
  InterruptHandlers& operator=(const InterruptHandlers&) = delete;
};

// "SIGINT", "SIGTERM", or "signal N".
std::string signal_name(int signal);

}  // namespace exportcheck::worker
