// End to end: a catalog of broken cases (tests/data/catalogs/bad_inputs) run
// with real Python workers. Each bad input becomes that case's verdict with
// a clear message, the healthy case still passes, and the run exits 1.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "harness/catalog/catalog.h"
#include "harness/run/run_session.h"

namespace fs = std::filesystem;
using namespace exportcheck;
using report::Verdict;

namespace {

class BadInputs : public ::testing::Test {

 public:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("exportcheck-bad-inputs-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::copy(fs::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/catalogs/bad_inputs", root_, fs::copy_options::recursive);
    run::RunOptions options;
    options.root = root_;
    options.source_root = EXPORTCHECK_SOURCE_DIR;
    options.python = EXPORTCHECK_PYTHON;
    options.exportcheck_binary = EXPORTCHECK_BINARY;  // the cpp worker (this test binary is not one)
    options.jobs = 2;
    options.update_golden = true;  // goldens of the healthy cases are created (FIXED)
    options.out = root_ / "run";
    auto cat = catalog::load_catalog(root_);
    std::ostringstream console;
    outcome_ = new run::RunOutcome(run::run_catalog(cat, options, console));
    console_ = new std::string(console.str());
  }
  static void TearDownTestSuite() {
    delete outcome_;
    delete console_;
    fs::remove_all(root_);
  }

  static std::vector<report::StageResult> of(const std::string& name) {
    std::vector<report::StageResult> out;
    for (const auto& r : outcome_->summary.results)
      if (r.case_name == name) out.push_back(r);
    return out;
  }
  static const report::StageResult& stage(const std::string& name, const std::string& stage) {
    for (const auto& r : outcome_->summary.results)
      if (r.case_name == name && r.stage == stage) return r;
    throw std::runtime_error("no " + stage + " result for " + name);
  }

  static inline fs::path root_;
  static inline run::RunOutcome* outcome_ = nullptr;
  static inline std::string* console_ = nullptr;
};

}  // namespace

static void check_RunFailsButEveryCaseHasAVerdict() {
  using B = BadInputs;
  EXPECT_EQ(B::outcome_->exit_code, 1);
  // Slots waited for their workers to import torch (restarts included): counted
  // outside every stage, and never more than the run's slot time.
  const auto& run_info = B::outcome_->summary.run;
  EXPECT_GT(run_info.worker_startup_seconds, 0.0);
  EXPECT_LT(run_info.worker_startup_seconds, run_info.seconds * run_info.jobs);
  for (const char* name : {"good", "broken_yaml", "unknown_field", "unknown_tag", "bad_dim_bounds", "unknown_dim",
                           "undeclared_relation", "missing_module", "init_raises", "forward_raises",
                           "forward_raises_expected", "xpass", "worker_killed", "worker_hangs", "worker_over_memory"})
    EXPECT_FALSE(B::of(name).empty()) << name;
  EXPECT_TRUE(fs::exists(B::outcome_->out_dir / "summary.json"));
  EXPECT_TRUE(fs::exists(B::outcome_->out_dir / "junit.xml"));
  EXPECT_NE(B::console_->find("Unexpected results"), std::string::npos);
}

static void check_HealthyCasePasses() {
  using B = BadInputs;
  for (const auto& r : B::of("good"))
    EXPECT_TRUE(r.verdict == Verdict::Pass || r.verdict == Verdict::Fixed || r.verdict == Verdict::Unsupported)
        << r.id() << ": " << report::to_string(r.verdict) << " " << r.message;
  EXPECT_EQ(B::stage("good", "replay:module:cpu").verdict, Verdict::Pass);
}

static void check_BrokenCaseFilesAreErrorsNamingFileLineAndField() {
  using B = BadInputs;
  auto broken = B::stage("broken_yaml", "catalog");
  EXPECT_EQ(broken.verdict, Verdict::Error);
  EXPECT_NE(broken.message.find("cases/broken_yaml.yaml:"), std::string::npos) << broken.message;
  auto unknown = B::stage("unknown_field", "catalog");
  EXPECT_NE(unknown.message.find("cases/unknown_field.yaml:4: modle:"), std::string::npos) << unknown.message;
  EXPECT_NE(B::stage("unknown_tag", "catalog").message.find("no-such-tag"), std::string::npos);
  auto bounds = B::stage("bad_dim_bounds", "catalog").message;
  EXPECT_NE(bounds.find("dynamic_shapes.dims.batch"), std::string::npos) << bounds;
  EXPECT_NE(B::stage("unknown_dim", "catalog").message.find("btach"), std::string::npos);
  EXPECT_NE(B::stage("undeclared_relation", "catalog").message.find("dy"), std::string::npos);
}

static void check_ModelProblemsFailTheExportStageWithTheError() {
  using B = BadInputs;
  auto missing = B::stage("missing_module", "export");
  EXPECT_EQ(missing.verdict, Verdict::Fail);
  EXPECT_NE(missing.message.find("ModuleNotFoundError"), std::string::npos) << missing.message;
  auto init = B::stage("init_raises", "export");
  EXPECT_EQ(init.verdict, Verdict::Fail);
  EXPECT_NE(init.message.find("RaiseInInit.__init__ raises on purpose"), std::string::npos) << init.message;
  auto fwd = B::stage("forward_raises", "export");
  EXPECT_EQ(fwd.verdict, Verdict::Fail);
  EXPECT_NE(fwd.message.find("forward raises on purpose"), std::string::npos) << fwd.message;
  // Later stages are reported as not run, never dropped.
  EXPECT_EQ(B::stage("forward_raises", "golden").verdict, Verdict::Skip);
  EXPECT_EQ(B::stage("forward_raises", "replay:module:cpu").verdict, Verdict::Skip);
}

static void check_ExpectationsTurnFailuresIntoXfailAndStalePassesIntoXpass() {
  using B = BadInputs;
  EXPECT_EQ(B::stage("forward_raises_expected", "export").verdict, Verdict::XFail);
  auto xpass = B::stage("xpass", "export");
  EXPECT_EQ(xpass.verdict, Verdict::XPass);
  EXPECT_NE(xpass.message.find("cases/xpass.yaml:"), std::string::npos) << xpass.message;
}

static void check_KilledWorkerIsCrashAndHangIsTimeout() {
  using B = BadInputs;
  auto crash = B::stage("worker_killed", "export");
  EXPECT_EQ(crash.verdict, Verdict::Crash);
  EXPECT_NE(crash.message.find("SIGKILL"), std::string::npos) << crash.message;
  auto hang = B::stage("worker_hangs", "export");
  EXPECT_EQ(hang.verdict, Verdict::Timeout);
  EXPECT_NE(hang.message.find("no reply within 4 s"), std::string::npos) << hang.message;
}

static void check_WorkerPastItsMemoryBudgetIsCrashNamingPeakAndBudget() {
  using B = BadInputs;
  const auto over = B::stage("worker_over_memory", "export");
  EXPECT_EQ(over.verdict, Verdict::Crash);
  EXPECT_EQ(over.message.rfind("memory budget exceeded: peak ", 0), 0u) << over.message;
  EXPECT_NE(over.message.find(" > budget 768 MiB (case memory_mb 768); export worker killed"), std::string::npos)
      << over.message;
  EXPECT_EQ(over.message.find("peak 2."), std::string::npos) << "killed on the way, not after 2 GiB: " << over.message;
  EXPECT_EQ(B::stage("worker_over_memory", "replay:module:cpu").verdict, Verdict::Skip);
  EXPECT_EQ(B::stage("worker_over_memory", "replay:module:cpu").reason, "export CRASH");
}

// One CTest test (CTest runs each test in its own process, and the catalog
// run above takes seconds), each check a SCOPED_TRACE'd section.
TEST_F(BadInputs, EachBadInputBecomesItsCasesVerdict) {
  {
    SCOPED_TRACE("RunFailsButEveryCaseHasAVerdict");
    check_RunFailsButEveryCaseHasAVerdict();
  }
  {
    SCOPED_TRACE("HealthyCasePasses");
    check_HealthyCasePasses();
  }
  {
    SCOPED_TRACE("BrokenCaseFilesAreErrorsNamingFileLineAndField");
    check_BrokenCaseFilesAreErrorsNamingFileLineAndField();
  }
  {
    SCOPED_TRACE("ModelProblemsFailTheExportStageWithTheError");
    check_ModelProblemsFailTheExportStageWithTheError();
  }
  {
    SCOPED_TRACE("ExpectationsTurnFailuresIntoXfailAndStalePassesIntoXpass");
    check_ExpectationsTurnFailuresIntoXfailAndStalePassesIntoXpass();
  }
  {
    SCOPED_TRACE("KilledWorkerIsCrashAndHangIsTimeout");
    check_KilledWorkerIsCrashAndHangIsTimeout();
  }
  {
    SCOPED_TRACE("WorkerPastItsMemoryBudgetIsCrashNamingPeakAndBudget");
    check_WorkerPastItsMemoryBudgetIsCrashNamingPeakAndBudget();
  }
}
