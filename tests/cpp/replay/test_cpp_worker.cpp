// `exportcheck worker --role cpp` through JsonLinesWorker (WorkerConfig::command):
// the real binary and the real executor.
#include <gtest/gtest.h>

#include "harness/worker/json_lines_worker.h"
#include "replay_test_support.h"

using exportcheck::worker::JsonLinesWorker;
using exportcheck::worker::Reply;
using exportcheck::worker::WorkerConfig;
using replay_test::data;

namespace {

WorkerConfig cpp_worker(const std::string& name) {
  WorkerConfig c;
  c.role = "cpp";
  c.command = {EXPORTCHECK_BINARY, "worker", "--role", "cpp"};
  c.root = EXPORTCHECK_SOURCE_DIR;
  c.log_path = std::filesystem::temp_directory_path() / ("exportcheck-cpp-worker-" + name + ".log");
  std::filesystem::remove(c.log_path);
  c.startup_timeout = std::chrono::seconds(60);
  return c;
}

nlohmann::json replay_request(const std::string& op, const std::string& bundle) {
  return {{"op", op}, {"runtime", "cpp"}, {"device", "cpu"}, {"archive", data("program.pt2").string()},
          {"bundle", data(bundle).string()}, {"tolerance", {{"atol", nullptr}, {"rtol", nullptr}}}};
}

}  // namespace

TEST(CppWorker, ReadyLineAndRoundTrips) {
  JsonLinesWorker w(cpp_worker("round-trip"));
  auto r = w.call(replay_request("replay", "bundle.pt"), std::chrono::seconds(60));
  ASSERT_EQ(r.status, Reply::Status::Ok) << r.message;
  EXPECT_EQ(w.hello()["role"], "cpp");
  EXPECT_TRUE(w.hello()["pid"].is_number_integer());
  EXPECT_TRUE(w.hello()["cuda"].is_boolean());
  EXPECT_EQ(w.hello()["torch"].get<std::string>().substr(0, 2), "2.");
  EXPECT_EQ(r.body["ok"], true);
  EXPECT_EQ(r.body["passed"], true) << r.body.dump();
  EXPECT_EQ(r.body["samples"], 3);

  auto wrong = w.call(replay_request("replay", "wrong.pt"), std::chrono::seconds(60));
  ASSERT_EQ(wrong.status, Reply::Status::Ok) << wrong.message;
  EXPECT_EQ(wrong.body["passed"], false);
  EXPECT_EQ(wrong.body["failing_sample"], 1);

  auto guards = w.call(replay_request("guards", "bundle.pt"), std::chrono::seconds(60));
  ASSERT_EQ(guards.status, Reply::Status::Ok) << guards.message;
  EXPECT_EQ(guards.body["checked"], 2);
  EXPECT_EQ(guards.body["passed"], true) << guards.body.dump();

  // The fixture bundle predates the sequence section: the stage has nothing to compare with.
  auto sequence = w.call(replay_request("sequence", "bundle.pt"), std::chrono::seconds(60));
  ASSERT_EQ(sequence.status, Reply::Status::Ok) << sequence.message;
  EXPECT_EQ(sequence.body["ok"], true) << sequence.body.dump();
  EXPECT_NE(sequence.body.value("unsupported", "").find("no sequence reference"), std::string::npos) << sequence.body.dump();
  EXPECT_EQ(w.restarts(), 0);
}

TEST(CppWorker, BadRequestsAreAnsweredAndTheWorkerCarriesOn) {
  JsonLinesWorker w(cpp_worker("bad"));
  auto op = w.call({{"op", "export"}}, std::chrono::seconds(60));
  ASSERT_EQ(op.status, Reply::Status::Ok) << op.message;
  EXPECT_EQ(op.body["ok"], false);
  EXPECT_NE(op.body["message"].get<std::string>().find("not \"export\""), std::string::npos) << op.body.dump();

  auto bundle = w.call(replay_request("replay", "corrupt.pt"), std::chrono::seconds(60));
  ASSERT_EQ(bundle.status, Reply::Status::Ok) << bundle.message;
  EXPECT_EQ(bundle.body["ok"], false);
  EXPECT_EQ(bundle.body["error_type"], "BundleError");
  EXPECT_NE(bundle.body["message"].get<std::string>().find("corrupt.pt"), std::string::npos);

  auto runtime = replay_request("replay", "bundle.pt");
  runtime["runtime"] = "module";
  auto rt = w.call(runtime, std::chrono::seconds(60));
  EXPECT_EQ(rt.body["ok"], false);

  // aoti needs the compiled package; a file that is not one is the stage's load failure, named.
  auto aoti = replay_request("replay", "bundle.pt");
  aoti["runtime"] = "aoti";
  auto no_package = w.call(aoti, std::chrono::seconds(60));
  ASSERT_EQ(no_package.status, Reply::Status::Ok) << no_package.message;
  EXPECT_EQ(no_package.body["ok"], false);
  EXPECT_NE(no_package.body["message"].get<std::string>().find("needs a string 'package'"), std::string::npos)
      << no_package.body.dump();
  aoti["package"] = data("program.pt2").string();  // a PT2 archive, not an AOTInductor package
  auto not_a_package = w.call(aoti, std::chrono::seconds(60));
  ASSERT_EQ(not_a_package.status, Reply::Status::Ok) << not_a_package.message;
  EXPECT_EQ(not_a_package.body["ok"], true) << not_a_package.body.dump();
  EXPECT_EQ(not_a_package.body["passed"], false);
  EXPECT_EQ(not_a_package.body["error_type"], "LoadError") << not_a_package.body.dump();
  EXPECT_NE(not_a_package.body["message"].get<std::string>().find("load: LoadError: AOTInductor package "),
            std::string::npos)
      << not_a_package.body.dump();

  auto fine = w.call(replay_request("replay", "bundle.pt"), std::chrono::seconds(60));
  ASSERT_EQ(fine.status, Reply::Status::Ok) << fine.message;
  EXPECT_EQ(fine.body["passed"], true) << fine.body.dump();
  EXPECT_EQ(w.restarts(), 0) << "bad requests do not kill the worker";
}

TEST(CppWorker, NonJsonLineAndEofExit) {
  std::string cmd = "printf 'not json\\n[1]\\n' | " + std::string(EXPORTCHECK_BINARY) + " worker --role cpp 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = pclose(p);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << "stdout carries protocol lines only: " << line;
    lines.push_back(j);
  }
  ASSERT_EQ(lines.size(), 3u) << out;
  EXPECT_EQ(lines[0]["ready"], true);
  EXPECT_TRUE(lines[1]["id"].is_null());
  EXPECT_EQ(lines[1]["ok"], false);
  EXPECT_NE(lines[2]["message"].get<std::string>().find("got array"), std::string::npos);
}
