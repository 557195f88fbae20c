#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness/worker/json_lines_worker.h"

using exportcheck::worker::JsonLinesWorker;
using exportcheck::worker::MemoryBudget;
using exportcheck::worker::Reply;
using exportcheck::worker::WorkerConfig;

namespace {

WorkerConfig fake_config(const std::string& log_name) {
  WorkerConfig c;
  c.python = "python3";
  c.root = std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/worker";
  c.module = "fake_worker";
  c.role = "export";
  c.log_path = std::filesystem::temp_directory_path() / ("exportcheck-test-" + log_name + ".log");
  std::filesystem::remove(c.log_path);
  c.startup_timeout = std::chrono::seconds(20);
  return c;
}

}  // namespace

TEST(JsonLinesWorker, AnswersRequestsAndIgnoresStrayOutput) {
  JsonLinesWorker w(fake_config("echo"));
  auto r = w.call({{"op", "echo"}, {"value", 42}}, std::chrono::seconds(10));
  ASSERT_EQ(r.status, Reply::Status::Ok) << r.message;
  EXPECT_EQ(r.body["echo"], 42);
  EXPECT_EQ(w.hello()["torch"], "fake");
  auto again = w.call({{"op", "echo"}, {"value", "x"}}, std::chrono::seconds(10));
  EXPECT_EQ(again.body["echo"], "x");
  EXPECT_EQ(again.body["pid"], r.body["pid"]) << "a healthy worker is reused, not restarted";
}

// The time callers wait for a start (or restart) is counted, and only that:
// the run summary's worker_startup_seconds, outside every request's seconds.
TEST(JsonLinesWorker, StartupWaitCountsEveryStartAndNothingElse) {
  setenv("FAKE_WORKER_START_DELAY", "0.3", 1);
  JsonLinesWorker w(fake_config("startup-wait"));
  EXPECT_EQ(w.startup_wait_seconds(), 0.0);
  auto r = w.call({{"op", "echo"}, {"value", 1}}, std::chrono::seconds(10));
  ASSERT_EQ(r.status, Reply::Status::Ok) << r.message;
  const double first = w.startup_wait_seconds();
  EXPECT_GE(first, 0.3);
  EXPECT_LT(r.seconds, 0.3) << "the start is not the request's time";
  w.call({{"op", "echo"}, {"value", 2}}, std::chrono::seconds(10));
  EXPECT_EQ(w.startup_wait_seconds(), first) << "a running worker adds no start-up";
  w.call({{"op", "crash"}}, std::chrono::seconds(10));
  w.call({{"op", "echo"}, {"value", 3}}, std::chrono::seconds(10));
  EXPECT_GE(w.startup_wait_seconds(), first + 0.3) << "the restart after a crash counts too";
  unsetenv("FAKE_WORKER_START_DELAY");
}

TEST(JsonLinesWorker, CrashIsReportedWithSignalAndStderrThenRestarts) {
  JsonLinesWorker w(fake_config("crash"));
  auto r = w.call({{"op", "crash"}}, std::chrono::seconds(10));
  ASSERT_EQ(r.status, Reply::Status::Crash);
  EXPECT_NE(r.message.find("SIGKILL"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("handling crash"), std::string::npos) << "stderr tail quoted: " << r.message;
  auto next = w.call({{"op", "echo"}, {"value", 1}}, std::chrono::seconds(10));
  ASSERT_EQ(next.status, Reply::Status::Ok) << next.message;
  EXPECT_EQ(w.restarts(), 1);
}

TEST(JsonLinesWorker, HangBecomesTimeoutAndWorkerIsReplaced) {
  JsonLinesWorker w(fake_config("hang"));
  auto r = w.call({{"op", "hang"}}, std::chrono::milliseconds(1500));
  ASSERT_EQ(r.status, Reply::Status::Timeout);
  EXPECT_NE(r.message.find("no reply within"), std::string::npos) << r.message;
  auto next = w.call({{"op", "echo"}, {"value", 2}}, std::chrono::seconds(10));
  ASSERT_EQ(next.status, Reply::Status::Ok) << next.message;
}

TEST(JsonLinesWorker, ExitCodeIsNamed) {
  JsonLinesWorker w(fake_config("exit"));
  auto r = w.call({{"op", "exit"}}, std::chrono::seconds(10));
  ASSERT_EQ(r.status, Reply::Status::Crash);
  EXPECT_NE(r.message.find("exit code 4"), std::string::npos) << r.message;
}

TEST(JsonLinesWorker, StartupFailureQuotesStderr) {
  setenv("FAKE_WORKER_FAIL_AT_START", "1", 1);
  JsonLinesWorker w(fake_config("start"));
  auto r = w.call({{"op", "echo"}}, std::chrono::seconds(10));
  unsetenv("FAKE_WORKER_FAIL_AT_START");
  ASSERT_EQ(r.status, Reply::Status::Crash);
  EXPECT_NE(r.message.find("died while starting"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("broken install"), std::string::npos) << r.message;
}

// wait_ready: the hello before any request (run_catalog's torch check), the
// same worker then serving the first request; a failed start is reported.
TEST(JsonLinesWorker, WaitReadyGivesTheHelloBeforeAnyRequest) {
  JsonLinesWorker w(fake_config("ready"));
  auto r = w.wait_ready();
  ASSERT_EQ(r.status, Reply::Status::Ok) << r.message;
  EXPECT_EQ(w.hello()["torch"], "fake");
  auto echo = w.call({{"op", "echo"}, {"value", 7}}, std::chrono::seconds(10));
  ASSERT_EQ(echo.status, Reply::Status::Ok) << echo.message;
  EXPECT_EQ(echo.body["pid"], w.hello()["pid"]) << "the worker that said hello";
  EXPECT_EQ(w.restarts(), 0);

  setenv("FAKE_WORKER_FAIL_AT_START", "1", 1);
  JsonLinesWorker broken(fake_config("ready-broken"));
  auto failed = broken.wait_ready();
  unsetenv("FAKE_WORKER_FAIL_AT_START");
  ASSERT_EQ(failed.status, Reply::Status::Crash);
  EXPECT_NE(failed.message.find("died while starting"), std::string::npos) << failed.message;
}

TEST(JsonLinesWorker, PassingTheMemoryBudgetKillsTheWorkerAndNamesPeakAndBudget) {
  JsonLinesWorker w(fake_config("grow"));
  w.set_memory_budget(MemoryBudget::mib(100, "test budget"));
  auto r = w.call({{"op", "grow"}, {"mib", 1024}}, std::chrono::seconds(30));
  ASSERT_EQ(r.status, Reply::Status::MemoryExceeded) << r.message;
  EXPECT_EQ(r.message.rfind("memory budget exceeded: peak ", 0), 0u) << r.message;
  EXPECT_NE(r.message.find(" > budget 100 MiB (test budget); export worker killed"), std::string::npos) << r.message;
  EXPECT_LT(r.seconds, 10) << "killed while growing, not after the whole GiB";
  auto next = w.call({{"op", "echo"}, {"value", 3}}, std::chrono::seconds(10));
  ASSERT_EQ(next.status, Reply::Status::Ok) << next.message;
  EXPECT_EQ(w.restarts(), 1);
}

TEST(JsonLinesWorker, APeakBetweenTwoPollsStillCounts) {
  JsonLinesWorker w(fake_config("spike"));
  w.set_memory_budget(MemoryBudget::mib(100, "test budget"));
  // Allocated and freed at once: the reply may come before any poll, VmHWM still saw it.
  auto r = w.call({{"op", "spike"}, {"mib", 320}}, std::chrono::seconds(30));
  ASSERT_EQ(r.status, Reply::Status::MemoryExceeded) << r.message;
  EXPECT_NE(r.message.find("> budget 100 MiB"), std::string::npos) << r.message;
}

TEST(JsonLinesWorker, WithinTheBudgetTheWorkerIsKept) {
  JsonLinesWorker w(fake_config("within"));
  w.set_memory_budget(MemoryBudget::mib(512, "test budget"));
  auto a = w.call({{"op", "grow"}, {"mib", 64}}, std::chrono::seconds(30));
  ASSERT_EQ(a.status, Reply::Status::Ok) << a.message;
  auto b = w.call({{"op", "echo"}, {"value", 1}}, std::chrono::seconds(10));
  ASSERT_EQ(b.status, Reply::Status::Ok) << b.message;
  EXPECT_EQ(a.body["pid"], b.body["pid"]);
  EXPECT_EQ(w.restarts(), 0);
}

TEST(JsonLinesWorker, MemoryAnEarlierRequestKeptIsNotChargedToTheNext) {
  JsonLinesWorker w(fake_config("hold"));
  auto held = w.call({{"op", "hold"}, {"mib", 320}}, std::chrono::seconds(30));  // no budget yet
  ASSERT_EQ(held.status, Reply::Status::Ok) << held.message;
  w.set_memory_budget(MemoryBudget::mib(200, "test budget"));
  auto next = w.call({{"op", "echo"}, {"value", 1}}, std::chrono::seconds(10));
  ASSERT_EQ(next.status, Reply::Status::Ok) << next.message;
  EXPECT_NE(next.body["pid"], held.body["pid"]) << "the worker holding 320 MiB is replaced before the request";
}

namespace {

// Whether process `pid` has exited (a zombie not yet reaped, or gone).
bool exited(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

}  // namespace

// A slot with no case left asks its workers to exit and goes on: they exit
// side by side with the other slots' work, not one by one in destructors.
TEST(JsonLinesWorker, RequestExitLetsTheWorkerExitWhileTheObjectLives) {
  JsonLinesWorker w(fake_config("request-exit"));
  auto r = w.call({{"op", "echo"}, {"value", 1}}, std::chrono::seconds(10));
  ASSERT_EQ(r.status, Reply::Status::Ok) << r.message;
  const long pid = r.body["pid"];
  w.request_exit();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!exited(pid) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(exited(pid)) << "its stdin closed, the worker ends";
  auto again = w.call({{"op", "echo"}, {"value", 2}}, std::chrono::seconds(10));
  ASSERT_EQ(again.status, Reply::Status::Ok) << again.message;
  EXPECT_NE(again.body["pid"], pid) << "a later request starts a new worker";
  EXPECT_EQ(w.restarts(), 0) << "not a crash";
}
