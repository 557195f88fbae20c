// worker::Interrupt: a request waiting on a hung worker ends as soon as the
// interrupt is raised (from a signal handler in a real run, from a thread
// here), the worker's process group is gone, and no worker starts again.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>
#include <poll.h>

#include "harness/worker/interrupt.h"
#include "harness/worker/json_lines_worker.h"

using namespace exportcheck::worker;
namespace fs = std::filesystem;

namespace {

WorkerConfig fake_config(const std::string& log_name, const Interrupt* interrupt) {
  WorkerConfig c;
  c.python = "python3";
  c.root = fs::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/worker";
  c.module = "fake_worker";
  c.role = "load";
  c.log_path = fs::temp_directory_path() / ("exportcheck-test-interrupt-" + log_name + ".log");
  fs::remove(c.log_path);
  c.startup_timeout = std::chrono::seconds(20);
  c.interrupt = interrupt;
  return c;
}

// Gone, or a zombie nobody reaped yet: either way it runs no more.
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), {});
  if (text.empty()) return false;
  const auto paren = text.rfind(')');
  return paren == std::string::npos || paren + 2 >= text.size() || text[paren + 2] != 'Z';
}

}  // namespace

TEST(Interrupt, RaisedOnceKeepsTheFirstSignalAndItsPipeReadable) {
  Interrupt interrupt;
  EXPECT_FALSE(interrupt.raised());
  interrupt.raise(SIGTERM);
  interrupt.raise(SIGINT);
  EXPECT_EQ(interrupt.signal(), SIGTERM);
  pollfd p{interrupt.fd(), POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 0), 1) << "readable";
  EXPECT_EQ(poll(&p, 1, 0), 1) << "and stays readable: every waiting thread sees it";
  EXPECT_EQ(signal_name(SIGINT), "SIGINT");
}

TEST(Interrupt, HandlersTurnASignalIntoTheInterrupt) {
  Interrupt interrupt;
  {
    InterruptHandlers handlers(interrupt);
    ASSERT_EQ(::raise(SIGTERM), 0);  // would end this test binary without the handler
    EXPECT_EQ(interrupt.signal(), SIGTERM);
  }
  struct sigaction now {};
  sigaction(SIGTERM, nullptr, &now);
  EXPECT_EQ(now.sa_handler, SIG_DFL) << "the previous disposition is back";
}

TEST(Interrupt, EndsAWaitingRequestAtOnceAndKillsTheWorker) {
  Interrupt interrupt;
  JsonLinesWorker w(fake_config("hang", &interrupt));
  auto echo = w.call({{"op", "echo"}, {"value", 1}}, std::chrono::seconds(10));
  ASSERT_EQ(echo.status, Reply::Status::Ok) << echo.message;
  const pid_t pid = echo.body["pid"].get<pid_t>();

  std::thread raiser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    interrupt.raise(SIGINT);
  });
  const auto t0 = std::chrono::steady_clock::now();
  auto r = w.call({{"op", "hang"}}, std::chrono::seconds(60));
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  raiser.join();
  EXPECT_EQ(r.status, Reply::Status::Interrupted) << r.message;
  EXPECT_NE(r.message.find("interrupted by SIGINT"), std::string::npos) << r.message;
  EXPECT_LT(waited, 10.0) << "not the request's 60 s timeout";
  EXPECT_FALSE(running(pid)) << "the hung worker is killed, not left behind";

  auto after = w.call({{"op", "echo"}, {"value", 2}}, std::chrono::seconds(10));
  EXPECT_EQ(after.status, Reply::Status::Interrupted) << "no worker starts once interrupted";
  EXPECT_TRUE(w.hello()["pid"] == pid) << "no new ready line";
}
