#include "harness/worker/subprocess.h"

#include "harness/worker/machine_memory.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace exportcheck::worker {
namespace {

std::runtime_error sys_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos && overrides.count(entry.substr(0, eq))) continue;
    env.push_back(std::move(entry));
  }
  for (const auto& [k, v] : overrides) env.push_back(k + "=" + v);
  return env;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "killed by signal " + std::to_string(sig) + (name ? std::string(" (SIG") + name + ")" : "");
  }
  return "status " + std::to_string(status);
}

}  // namespace

Subprocess::Subprocess(const SpawnOptions& options) {
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) throw sys_error("pipe");
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]); close(in_pipe[1]);
    throw sys_error("pipe");
  }
  int err_fd = -1;
  if (!options.stderr_log.empty()) {
    err_fd = open(options.stderr_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (err_fd < 0) throw sys_error("open " + options.stderr_log.string());
  }
  // Everything the child needs is prepared before fork: only
  // async-signal-safe calls happen between fork and exec.
  std::vector<std::string> env = merged_environment(options.env_overrides);
  std::vector<char*> envp, argv;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = options.argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string cwd = options.cwd.string();

  interrupt_ = options.interrupt;
  pid_ = fork();
  if (pid_ < 0) throw sys_error("fork");
  if (pid_ == 0) {
    setpgid(0, 0);
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    if (err_fd >= 0) dup2(err_fd, 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    execvpe(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  setpgid(pid_, pid_);  // also from the parent, so kill(-pid) works at once
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (err_fd >= 0) close(err_fd);
  stdin_fd_ = in_pipe[1];
  stdout_fd_ = out_pipe[0];
}

Subprocess::~Subprocess() {
  MachineMemory::instance().forget(this);
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (!wait_status_) {
    // Closing stdin asks a worker to exit; give it a moment, then kill.
    for (int i = 0; i < 20 && exit_description().empty(); ++i) usleep(10'000);
    if (!wait_status_) kill();
  }
}

void Subprocess::request_exit() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

bool Subprocess::write_line(const std::string& line) {
  if (stdin_fd_ < 0) return false;  // after request_exit
  std::string data = line + "\n";
  size_t off = 0;
  // SIGPIPE would kill the harness when a worker died: ignore it once.
  static const bool ignore_sigpipe = [] { std::signal(SIGPIPE, SIG_IGN); return true; }();
  (void)ignore_sigpipe;
  while (off < data.size()) {
    ssize_t n = write(stdin_fd_, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

void Subprocess::watch_memory(std::uint64_t limit_bytes) {
  if (limit_bytes == 0) MachineMemory::instance().forget(this);
  machine_memory_kill_.clear();
  memory_limit_ = limit_bytes;
  memory_peak_ = 0;
  peak_was_reset_ = limit_bytes > 0 && !wait_status_ && reset_peak(pid_);
  next_memory_check_ = Clock::now();
}

bool Subprocess::memory_exceeded() {
  if (memory_limit_ == 0 || wait_status_) return false;
  const std::optional<std::uint64_t> total = tree_resident_bytes(pid_);
  if (total) memory_peak_ = std::max(memory_peak_, *total);
  // VmHWM catches a spike between two polls; it only counts from the reset.
  if (peak_was_reset_)
    if (std::optional<ProcessMemory> own = process_memory(pid_)) memory_peak_ = std::max(memory_peak_, own->peak);
  next_memory_check_ = Clock::now() + kMemoryPollInterval;
  if (total)
    if (std::optional<std::string> why = MachineMemory::instance().report(this, *total)) {
      machine_memory_kill_ = std::move(*why);
      return true;
    }
  return memory_peak_ > memory_limit_;
}

ReadStatus Subprocess::read_line(std::string& line, Clock::time_point deadline) {
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return ReadStatus::Line;
    }
    if (interrupt_ && interrupt_->raised()) {
      kill();
      return ReadStatus::Interrupted;
    }
    if (memory_limit_ > 0 && Clock::now() >= next_memory_check_ && memory_exceeded()) {
      kill();
      return ReadStatus::MemoryExceeded;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return ReadStatus::Timeout;
    // Wake for the next memory poll too.
    if (memory_limit_ > 0)
      left = std::min<long long>(
          left, std::max<long long>(1, std::chrono::duration_cast<std::chrono::milliseconds>(
                                           next_memory_check_ - Clock::now()).count()));
    // The interrupt's pipe next to the worker's stdout: a signal wakes this wait at once.
    pollfd p[2] = {{stdout_fd_, POLLIN, 0}, {interrupt_ ? interrupt_->fd() : -1, POLLIN, 0}};
    int r = poll(p, 2, static_cast<int>(std::min<long long>(left, 1'000'000)));
    if (r < 0) {
      if (errno == EINTR) continue;
      throw sys_error("poll");
    }
    if (r == 0 || p[0].revents == 0) continue;  // timeout, or the interrupt (checked on top)
    char chunk[65536];
    ssize_t n = read(stdout_fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return ReadStatus::Eof;
    }
    if (n == 0) return ReadStatus::Eof;
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

void Subprocess::kill() {
  if (wait_status_) return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  wait_status_ = status;
}

std::string Subprocess::exit_description() {
  if (!wait_status_) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r != pid_) return "";
    wait_status_ = status;
    ::kill(-pid_, SIGKILL);  // orphans of a dead worker must not linger
  }
  return describe_status(*wait_status_);
}

}  // namespace exportcheck::worker
