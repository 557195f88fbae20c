// WorkerConfig::command: any argv speaking the worker protocol (the cpp worker
// is `exportcheck worker --role cpp`), with the same crash/hang handling.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/worker/json_lines_worker.h"

using exportcheck::worker::JsonLinesWorker;
using exportcheck::worker::Reply;
using exportcheck::worker::WorkerConfig;

namespace {

WorkerConfig command_config(const std::string& log_name, std::vector<std::string> command) {
  WorkerConfig c;
  c.python = "/nonexistent/python";  // must not be used when command is set
  c.root = std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/worker";
  c.role = "cpp";
  c.command = std::move(command);
  c.log_path = std::filesystem::temp_directory_path() / ("exportcheck-test-command-" + log_name + ".log");
  std::filesystem::remove(c.log_path);
  c.startup_timeout = std::chrono::seconds(20);
  return c;
}

}  // namespace

TEST(WorkerCommand, ExplicitArgvIsRunInsteadOfPythonModule) {
  // The fake worker echoes its last argument as its role.
  JsonLinesWorker w(command_config("argv", {"python3", "-u", "fake_worker.py", "custom-role"}));
  auto r = w.call({{"op", "echo"}, {"value", 7}}, std::chrono::seconds(10));
  ASSERT_EQ(r.status, Reply::Status::Ok) << r.message;
  EXPECT_EQ(r.body["echo"], 7);
  EXPECT_EQ(w.hello()["role"], "custom-role") << "the command's own arguments reach the process";
}

TEST(WorkerCommand, CrashOfCommandWorkerIsNamedByRoleAndRestarts) {
  JsonLinesWorker w(command_config("crash", {"python3", "-u", "fake_worker.py", "x"}));
  auto r = w.call({{"op", "crash"}}, std::chrono::seconds(10));
  ASSERT_EQ(r.status, Reply::Status::Crash);
  EXPECT_NE(r.message.find("cpp worker crashed"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("SIGKILL"), std::string::npos) << r.message;
  auto next = w.call({{"op", "echo"}, {"value", 1}}, std::chrono::seconds(10));
  ASSERT_EQ(next.status, Reply::Status::Ok) << next.message;
  EXPECT_EQ(w.restarts(), 1);
}

TEST(WorkerCommand, MissingExecutableIsAStartupCrash) {
  JsonLinesWorker w(command_config("missing", {"/nonexistent/exportcheck-worker", "--role", "cpp"}));
  auto r = w.call({{"op", "echo"}}, std::chrono::seconds(10));
  ASSERT_NE(r.status, Reply::Status::Ok);
  EXPECT_NE(r.message.find("cpp worker"), std::string::npos) << r.message;
}
