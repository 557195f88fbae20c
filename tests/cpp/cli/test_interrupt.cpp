// `exportcheck run` stopped by SIGINT / SIGTERM / SIGKILL, `report --rebuild`
// and `run --failed-from`, through the binary, with the fake workers of
// tests/data/catalogs/interrupt (its exporter/worker.py: *slow* cases hang
// with a child process, *fail* ones fail, the rest are UNSUPPORTED at once).
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "harness/report/summary_json.h"
#include "tests/cpp/cli/cli_test_support.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace exportcheck;
using report::Verdict;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Running and not a zombie (the container's init may not reap orphans).
bool running(pid_t pid) {
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return false;
  const auto paren = stat.rfind(')');
  return paren == std::string::npos || paren + 2 >= stat.size() || stat[paren + 2] != 'Z';
}

bool wait_until(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

class Interrupted : public ::testing::Test {
 protected:
  void SetUp() override { run_ = root_ / "run"; }
  void TearDown() override {
    if (harness_ > 0) {  // a failed expectation must not leave the harness running
      kill(harness_, SIGKILL);
      waitpid(harness_, nullptr, 0);
    }
    for (pid_t pid : logged_pids("worker")) kill(-pid, SIGKILL);  // each worker leads its process group
  }

  // `exportcheck ARGS...` in the background, output to root_/out.txt.
  void start(std::vector<std::string> args) {
    args.insert(args.begin(), EXPORTCHECK_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, (root_ / "out.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    ASSERT_EQ(posix_spawn(&harness_, argv[0], &files, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&files);
  }
  std::vector<std::string> run_args(std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"run", "--root", root_.string(), "--python", "python3", "--out", run_.string(),
                                     "-j", "2"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }
  // The harness's exit code; minus the signal when a signal ended it (so
  // that 130 means the harness itself exited 130); kNotEnded after `limit`.
  static constexpr int kNotEnded = -1000;
  int finish(std::chrono::seconds limit = std::chrono::seconds(60)) {
    int status = 0;
    const bool ended = wait_until([&] { return waitpid(harness_, &status, WNOHANG) == harness_; }, limit);
    if (!ended) return kNotEnded;
    harness_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  int run_to_end(std::vector<std::string> args) {
    start(std::move(args));
    return finish();
  }

  // Pids the fake workers wrote to <run>/logs: "worker pid N", "child pid N".
  std::vector<pid_t> logged_pids(const std::string& kind) const {
    std::vector<pid_t> pids;
    std::error_code ec;
    if (!fs::is_directory(run_ / "logs")) return pids;
    const std::regex line(kind + " pid ([0-9]+)");
    for (const auto& log : fs::directory_iterator(run_ / "logs", ec)) {
      const std::string text = read_text(log.path());
      for (std::sregex_iterator it(text.begin(), text.end(), line), end; it != end; ++it)
        pids.push_back(std::stoi((*it)[1]));
    }
    return pids;
  }

  // Mid-run: a_quick finished (results.jsonl has it) and both slots hang in
  // b_slow and c_slow, each with a child process; d_slow and e_fail wait.
  void start_and_wait_mid_run() {
    start(run_args());
    ASSERT_TRUE(wait_until(
        [&] {
          return read_text(run_ / "results.jsonl").find("\"a_quick\"") != std::string::npos &&
                 logged_pids("child").size() == 2;
        },
        std::chrono::seconds(60)))
        << read_text(root_ / "out.txt");
  }

  void expect_reports_of_the_interrupted_run() {
    auto summary = report::read_summary(run_ / "summary.json");
    std::set<std::string> interrupted;
    for (const auto& r : summary.results) {
      if (r.case_name == "a_quick") {
        EXPECT_NE(r.reason, "interrupted") << "a case that finished keeps its results";
        continue;
      }
      EXPECT_EQ(r.stage, "case") << r.id();
      EXPECT_EQ(r.verdict, Verdict::Skip) << r.id();
      EXPECT_EQ(r.message, "not run: interrupted") << r.id();
      EXPECT_EQ(r.reason, "interrupted") << r.id();
      EXPECT_TRUE(interrupted.insert(r.case_name).second) << "one record per unfinished case: " << r.id();
    }
    EXPECT_EQ(interrupted, (std::set<std::string>{"b_slow", "c_slow", "d_slow", "e_fail"}));
    EXPECT_EQ(summary.cases.size(), 5u);
    EXPECT_NE(read_text(run_ / "junit.xml").find("not run: interrupted"), std::string::npos);
    EXPECT_NE(read_text(run_ / "index.html").find("not run: interrupted"), std::string::npos);
  }

  // Every process the workers made runs in root_ (the workers' working
  // directory), logged or not: none may outlive the harness.
  std::vector<pid_t> processes_in_root() const {
    std::vector<pid_t> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      const pid_t pid = std::stoi(name);
      std::error_code link_ec;
      if (fs::read_symlink(entry.path() / "cwd", link_ec) == root_ && running(pid)) out.push_back(pid);
    }
    return out;
  }

  void expect_no_worker_left() {
    const auto workers = logged_pids("worker"), children = logged_pids("child");
    EXPECT_GE(workers.size(), 2u) << "the two hung export workers";
    EXPECT_EQ(children.size(), 2u) << "their children";
    for (const auto& pids : {workers, children})
      for (pid_t pid : pids)
        EXPECT_TRUE(wait_until([&] { return !running(pid); }, std::chrono::seconds(5)))
            << "process " << pid << " outlived the harness";
    EXPECT_EQ(processes_in_root(), std::vector<pid_t>{});
  }

  exportcheck::testing::CopiedRoot copied_{"interrupt"};
  const fs::path& root_ = copied_.path();
  fs::path run_;
  pid_t harness_ = -1;
};

}  // namespace

TEST_F(Interrupted, SigintWritesTheReportsKillsEveryWorkerAndExits130) {
  start_and_wait_mid_run();
  ASSERT_EQ(kill(harness_, SIGINT), 0);
  EXPECT_EQ(finish(std::chrono::seconds(30)), 130) << read_text(root_ / "out.txt");
  expect_no_worker_left();
  expect_reports_of_the_interrupted_run();
  EXPECT_NE(read_text(root_ / "out.txt").find("interrupted by SIGINT: 1 of 5 case(s) finished"), std::string::npos)
      << read_text(root_ / "out.txt");
}

TEST_F(Interrupted, SigtermDoesTheSameAndExits143) {
  start_and_wait_mid_run();
  ASSERT_EQ(kill(harness_, SIGTERM), 0);
  EXPECT_EQ(finish(std::chrono::seconds(30)), 143) << read_text(root_ / "out.txt");
  expect_no_worker_left();
  expect_reports_of_the_interrupted_run();
}

TEST_F(Interrupted, ReportRebuildAfterSigkillWritesWhatTheInterruptedRunWould) {
  start_and_wait_mid_run();
  ASSERT_EQ(kill(harness_, SIGKILL), 0);
  EXPECT_EQ(finish(std::chrono::seconds(30)), -SIGKILL);
  EXPECT_FALSE(processes_in_root().empty()) << "SIGKILL leaves the workers behind: the check of the tests above sees them";
  for (pid_t pid : logged_pids("worker")) kill(-pid, SIGKILL);  // cleaned up here
  ASSERT_FALSE(fs::exists(run_ / "summary.json")) << "SIGKILL leaves results.jsonl and run.json only";

  EXPECT_EQ(run_to_end({"report", "--rebuild", run_.string()}), 0) << read_text(root_ / "out.txt");
  EXPECT_NE(read_text(root_ / "out.txt").find("1 case(s) finished, 4 not run (interrupted)"), std::string::npos)
      << read_text(root_ / "out.txt");
  expect_reports_of_the_interrupted_run();
  EXPECT_NE(report::read_summary(run_ / "summary.json").run.command.find("exportcheck run"), std::string::npos)
      << "run info from run.json";
  EXPECT_EQ(run_to_end({"report", "--rebuild", (root_ / "no-such-run").string()}), 2);
  EXPECT_EQ(run_to_end({"report", "--help"}), 0);
  EXPECT_NE(read_text(root_ / "out.txt").find("--rebuild RUN"), std::string::npos) << "documented";
}

namespace {

report::Summary earlier_run(const std::vector<std::pair<std::string, Verdict>>& verdicts) {
  report::Summary s;
  for (const auto& [c, v] : verdicts) {
    report::StageResult r;
    r.case_name = c;
    r.stage = "export";
    r.variant = "nonstrict/training";
    r.verdict = v;
    s.results.push_back(r);
  }
  return s;
}

std::set<std::string> cases_of(const fs::path& run) {
  std::set<std::string> out;
  for (const auto& r : report::read_summary(run / "summary.json").results) out.insert(r.case_name);
  return out;
}

}  // namespace

TEST_F(Interrupted, FailedFromRerunsExactlyTheFailedCases) {
  const fs::path before = root_ / "before";
  fs::create_directories(before);
  report::write_summary(before / "summary.json",
                        earlier_run({{"a_quick", Verdict::XPass}, {"b_slow", Verdict::Pass}, {"c_slow", Verdict::Skip},
                                     {"d_slow", Verdict::XFail}, {"e_fail", Verdict::Fail},
                                     {"renamed_since", Verdict::Error}}));
  EXPECT_EQ(run_to_end(run_args({"--failed-from", before.string()})), 1) << "e_fail fails again";
  EXPECT_EQ(cases_of(run_), (std::set<std::string>{"a_quick", "e_fail"}));
  EXPECT_NE(read_text(root_ / "out.txt").find("rerunning 2 of the 3 failed case(s)"), std::string::npos)
      << read_text(root_ / "out.txt");

  fs::remove_all(run_);
  EXPECT_EQ(run_to_end(run_args({"--failed-from", before.string(), "--filter", "^a_"})), 0)
      << read_text(root_ / "out.txt");
  EXPECT_EQ(cases_of(run_), (std::set<std::string>{"a_quick"})) << "combined with --filter";

  fs::remove_all(run_);
  EXPECT_EQ(run_to_end(run_args({"--failed-from", before.string(), "--tag", "selftest", "--case", "b_slow"})), 0);
  EXPECT_NE(read_text(root_ / "out.txt").find("nothing to rerun"), std::string::npos) << read_text(root_ / "out.txt");
  EXPECT_FALSE(fs::exists(run_)) << "nothing ran: no run folder";
}

TEST_F(Interrupted, FailedFromAKilledRunReadsResultsJsonlAndNoFailureRunsNothing) {
  const fs::path killed = root_ / "killed";
  fs::create_directories(killed);
  {
    std::ofstream out(killed / "results.jsonl");
    for (const auto& r : earlier_run({{"a_quick", Verdict::Pass}, {"e_fail", Verdict::Crash}}).results)
      out << report::to_json(r).dump() << "\n";
  }
  EXPECT_EQ(run_to_end(run_args({"--failed-from", killed.string()})), 1);
  EXPECT_EQ(cases_of(run_), (std::set<std::string>{"e_fail"}));

  fs::remove_all(run_);
  const fs::path clean = root_ / "clean";
  fs::create_directories(clean);
  report::write_summary(clean / "summary.json", earlier_run({{"a_quick", Verdict::Pass}, {"d_slow", Verdict::XFail}}));
  EXPECT_EQ(run_to_end(run_args({"--failed-from", clean.string()})), 0);
  EXPECT_NE(read_text(root_ / "out.txt").find("no case failed in"), std::string::npos) << read_text(root_ / "out.txt");
  EXPECT_FALSE(fs::exists(run_));

  EXPECT_EQ(run_to_end(run_args({"--failed-from", (root_ / "nowhere").string()})), 2);
  EXPECT_EQ(run_to_end({"run", "--help"}), 0);
  EXPECT_NE(read_text(root_ / "out.txt").find("--failed-from RUN"), std::string::npos) << "documented";
  EXPECT_NE(read_text(root_ / "out.txt").find("130 (SIGINT) or 143 (SIGTERM)"), std::string::npos);
}
