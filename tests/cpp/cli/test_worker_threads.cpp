// `exportcheck run` gives each worker its share of the cores as
// OMP_NUM_THREADS (run/worker_threads.h). The fake export worker of
// tests/data/catalogs/progress writes the value it was started with into
// each case's omp.txt.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/report/summary_json.h"
#include "harness/run/worker_threads.h"
#include "tests/cpp/cli/cli_test_support.h"

namespace fs = std::filesystem;
using namespace exportcheck;
using exportcheck::testing::run_exportcheck;

namespace {

class WorkerThreadsRun : public ::testing::Test {
 protected:
  // `env` prefixes the command (e.g. "OMP_NUM_THREADS=5"); OMP_NUM_THREADS is
  // otherwise unset, whatever the test's own environment has.
  exportcheck::testing::CommandResult run(const std::string& env, const std::string& more) {
    return run_exportcheck("env -u OMP_NUM_THREADS " + env + " '" + EXPORTCHECK_BINARY + "' run --root '" +
                               root_.string() + "' --python python3 --out '" + (root_ / "run").string() +
                               "' --case a_one --case b_two -j 2 --progress never " + more,
                           root_.string(), /*prefix_binary=*/false);
  }
  std::string seen_by(const std::string& case_name) const {
    std::stringstream text;
    text << std::ifstream(root_ / "run" / "cases" / case_name / "omp.txt").rdbuf();
    return text.str();
  }
  report::Summary summary() const { return report::read_summary(root_ / "run" / "summary.json"); }

  exportcheck::testing::CopiedRoot copied_{"progress"};
  const fs::path& root_ = copied_.path();
};

}  // namespace

TEST_F(WorkerThreadsRun, EachWorkerGetsItsShareOfTheCores) {
  const auto r = run("", "");
  ASSERT_EQ(r.code, 0) << r.output;
  const int share = std::max(1, run::usable_cores() / 2);
  EXPECT_EQ(seen_by("a_one"), std::to_string(share));
  EXPECT_EQ(seen_by("b_two"), std::to_string(share));
  EXPECT_EQ(summary().run.worker_threads, share);
  EXPECT_EQ(summary().run.worker_threads_source, "cores / jobs");
  EXPECT_NE(r.output.find(std::to_string(share) + " torch thread(s) per worker (cores / jobs)"), std::string::npos)
      << r.output;
}

TEST_F(WorkerThreadsRun, TheUsersOmpNumThreadsReachesTheWorkersAsItIs) {
  const auto r = run("OMP_NUM_THREADS=5", "");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(seen_by("a_one"), "5");
  EXPECT_EQ(summary().run.worker_threads, 5);
  EXPECT_EQ(summary().run.worker_threads_source, "OMP_NUM_THREADS");
}

TEST_F(WorkerThreadsRun, TheOptionOverridesBoth) {
  const auto r = run("OMP_NUM_THREADS=5", "--worker-threads 3");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(seen_by("a_one"), "3");
  EXPECT_EQ(seen_by("b_two"), "3");
  EXPECT_EQ(summary().run.worker_threads_source, "--worker-threads");
}

TEST_F(WorkerThreadsRun, ANonNumberIsAUsageError) {
  for (const char* bad : {"0", "two", "2x"}) {
    const auto r = run("", std::string("--worker-threads ") + bad);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.output;
    EXPECT_NE(r.output.find("--worker-threads needs a whole number of threads, at least 1, got '" + std::string(bad) +
                            "'"),
              std::string::npos)
        << r.output;
  }
}
