#include "harness/worker/interrupt.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace exportcheck::worker {

// A signal handler may only touch lock-free atomics.
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<Interrupt*>::is_always_lock_free);

Interrupt::Interrupt() {
  int fds[2];
  // Non-blocking write end: a handler must never block, even if the pipe were full.
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
    throw std::runtime_error(std::string("interrupt pipe: ") + std::strerror(errno));
  read_fd_ = fds[0];
  write_fd_ = fds[1];
}

Interrupt::~Interrupt() {
  close(read_fd_);
  close(write_fd_);
}

void Interrupt::raise(int signal) noexcept {
  int none = 0;
  if (!signal_.compare_exchange_strong(none, signal)) return;
  const int saved = errno;  // the interrupted code may be reading errno
  const char byte = 1;
  [[maybe_unused]] ssize_t n = write(write_fd_, &byte, 1);
  errno = saved;
}

namespace {

std::atomic<Interrupt*> g_target{nullptr};
struct sigaction g_previous_int;
struct sigaction g_previous_term;

extern "C" void on_interrupt_signal(int signal) {
  if (Interrupt* target = g_target.load()) target->raise(signal);
}

}  // namespace

InterruptHandlers::InterruptHandlers(Interrupt& interrupt) {
  g_target.store(&interrupt);
  struct sigaction action {};
  action.sa_handler = on_interrupt_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: calls the harness makes outside worker waits (file writes)
  // carry on; the waits notice through the pipe, not through EINTR.
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptHandlers::~InterruptHandlers() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  g_target.store(nullptr);
}

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
}

}  // namespace exportcheck::worker
