// `exportcheck run`'s console through the binary: on a terminal (a pseudo-
// terminal here) one updating progress line and only the unexpected cases'
// lines; into a pipe (CI logs) a plain line per case, as ever. The fake
// workers of tests/data/catalogs/progress: d_fail fails, the other three are
// UNSUPPORTED (expected), each export taking 0.3 s.
#include <gtest/gtest.h>

#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <regex>
#include <spawn.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "harness/report/summary_json.h"
#include "tests/cpp/cli/cli_test_support.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace exportcheck;

namespace {

struct Ran {
  int exit_code = -1;
  std::string output;
};

class Progress : public ::testing::Test {
 protected:

  std::vector<std::string> run_args(const std::string& out, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {EXPORTCHECK_BINARY, "run", "--root", root_.string(), "--python", "python3",
                                     "--out", (root_ / out).string(), "-j", "2"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  // The binary with stdout and stderr on `fd`, read back through `read_fd`
  // until it exits (read as it goes: a full pty or pipe would block it).
  static Ran spawn_and_read(std::vector<std::string> args, int fd, int read_fd) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_adddup2(&files, fd, 1);
    posix_spawn_file_actions_adddup2(&files, fd, 2);
    pid_t pid = -1;
    Ran ran;
    const int spawned = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    close(fd);  // the child's copies only: a pty master reads EIO, a pipe EOF, once they close
    if (spawned != 0) return ran;
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    char buf[4096];
    for (pollfd p{read_fd, POLLIN, 0}; std::chrono::steady_clock::now() < limit;) {
      if (poll(&p, 1, 200) <= 0) continue;
      const ssize_t n = read(read_fd, buf, sizeof buf);
      if (n <= 0) break;
      ran.output.append(buf, static_cast<size_t>(n));
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) != pid) {  // over the limit, or a worker kept the terminal open
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    close(read_fd);
    ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return ran;
  }

  // On a pseudo-terminal in raw mode (no "\n" → "\r\n"), 100 columns wide.
  static Ran on_terminal(std::vector<std::string> args) {
    const int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) return {};
    const int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    if (slave < 0) return {};
    termios raw{};
    tcgetattr(slave, &raw);
    cfmakeraw(&raw);
    tcsetattr(slave, TCSANOW, &raw);
    winsize size{};
    size.ws_row = 40;
    size.ws_col = 100;
    ioctl(master, TIOCSWINSZ, &size);
    return spawn_and_read(std::move(args), slave, master);
  }

  static Ran into_pipe(std::vector<std::string> args) {
    int fds[2];
    if (pipe(fds) != 0) return {};
    return spawn_and_read(std::move(args), fds[1], fds[0]);
  }

  exportcheck::testing::CopiedRoot copied_{"progress"};
  const fs::path& root_ = copied_.path();
};

// "[k/4] ... ETA m:ss" redrawn from the start of the line and cleared to its end.
const std::regex kLiveLine(R"(\r\[[0-4]/4\] [0-9]+ unexpected  elapsed [0-9]+:[0-9]{2}  ETA [0-9]+:[0-9]{2}\x1b\[K)");
const std::regex kPassingCaseLine(R"(\[[0-4]/4\] UNSUPPORTED +[a-c]_)");
const std::regex kFailLine(R"(\[[0-4]/4\] FAIL +d_fail  \(.*\)\n)");

size_t count(const std::string& text, const std::regex& re) {
  return static_cast<size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

}  // namespace

TEST_F(Progress, TerminalGetsOneUpdatingLineAndOnlyTheUnexpectedCases) {
  const Ran ran = on_terminal(run_args("run"));
  EXPECT_EQ(ran.exit_code, 1) << ran.output;
  EXPECT_GE(count(ran.output, kLiveLine), 4u) << "a redraw as each case finishes:\n" << ran.output;
  EXPECT_NE(ran.output.find("\r[4/4] 1 unexpected"), std::string::npos) << ran.output;
  EXPECT_EQ(count(ran.output, kPassingCaseLine), 0u) << "expected cases get no line of their own:\n" << ran.output;
  EXPECT_EQ(count(ran.output, kFailLine), 1u) << "the unexpected one does:\n" << ran.output;
  EXPECT_EQ(count(ran.output, std::regex(R"(\r\x1b\[K\[[1-4]/4\] FAIL +d_fail)")), 1u)
      << "printed over a cleared live line, so it stays above it:\n" << ran.output;
  EXPECT_NE(ran.output.find("\r\x1b[K\n********************\nUnexpected results (1):"), std::string::npos)
      << "the summary replaces the live line:\n" << ran.output;
}

TEST_F(Progress, PipeGetsThePlainLinesAndNoCarriageReturn) {
  const Ran ran = into_pipe(run_args("run"));
  EXPECT_EQ(ran.exit_code, 1) << ran.output;
  EXPECT_EQ(ran.output.find('\r'), std::string::npos) << ran.output;
  EXPECT_EQ(ran.output.find("ETA"), std::string::npos) << ran.output;
  EXPECT_EQ(count(ran.output, kPassingCaseLine), 3u) << ran.output;
  EXPECT_EQ(count(ran.output, kFailLine), 1u) << ran.output;
}

TEST_F(Progress, FlagOverridesTheTerminalCheck) {
  Ran ran = into_pipe(run_args("always", {"--progress", "always"}));
  EXPECT_GE(count(ran.output, kLiveLine), 4u) << ran.output;
  EXPECT_EQ(count(ran.output, kPassingCaseLine), 0u) << ran.output;

  ran = on_terminal(run_args("never", {"--progress", "never"}));
  EXPECT_EQ(ran.output.find('\r'), std::string::npos) << ran.output;
  EXPECT_EQ(count(ran.output, kPassingCaseLine), 3u) << ran.output;

  ran = into_pipe(run_args("bad", {"--progress", "sometimes"}));
  EXPECT_EQ(ran.exit_code, 2);
  EXPECT_NE(ran.output.find("--progress sometimes: use auto, always or never"), std::string::npos) << ran.output;
  ran = into_pipe({EXPORTCHECK_BINARY, "run", "--help"});
  EXPECT_NE(ran.output.find("--progress WHEN"), std::string::npos) << "documented";
}

TEST_F(Progress, EtaFromThePreviousRunsCaseTimesBeforeAnyCaseFinishes) {
  // reports/latest: the previous run, 60 s per case on 2 slots → 2:00 before the first finish.
  report::Summary before;
  for (const char* name : {"a_one", "b_two", "c_three", "d_fail"}) {
    report::StageResult r;
    r.case_name = name;
    r.stage = "export";
    r.variant = "nonstrict/training";
    r.seconds = 60;
    before.results.push_back(r);
  }
  fs::create_directories(root_ / "reports/latest");
  report::write_summary(root_ / "reports/latest/summary.json", before);
  const Ran ran = on_terminal(run_args("run"));
  EXPECT_GE(count(ran.output, std::regex(R"(\r\[0/4\] 0 unexpected  elapsed 0:0[0-9]  ETA (2:00|1:5[0-9])\x1b\[K)")), 1u)
      << "four recorded cases on 2 slots: 2:00, less the time since the run began\n" << ran.output;
  EXPECT_NE(ran.output.find("\r[1/4] 0 unexpected  elapsed 0:0"), std::string::npos) << ran.output;
  EXPECT_GE(count(ran.output, std::regex(R"(\r\[1/4\] [^\r]*ETA 1:(30|2[0-9]))")), 1u)
      << "three recorded cases left on 2 slots: 1:30, less the time since\n" << ran.output;
}
