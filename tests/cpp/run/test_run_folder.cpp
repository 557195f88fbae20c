// A run folder read back (run/run_folder.h): the failed cases of an earlier
// run (`run --failed-from`) from its summary.json or, when it was killed,
// its results.jsonl; and a killed run's summary rebuilt from run.json and
// results.jsonl (`report --rebuild`).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "harness/run/run_folder.h"

namespace fs = std::filesystem;
using namespace exportcheck;
using report::Verdict;

namespace {

report::StageResult record(const std::string& c, const std::string& stage, Verdict v) {
  report::StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = "nonstrict/training";
  r.verdict = v;
  return r;
}

class RunFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("exportcheck-run-folder-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void stream(const std::vector<report::StageResult>& records, const std::string& tail = "") {
    std::ofstream out(dir_ / "results.jsonl");
    for (const auto& r : records) out << report::to_json(r).dump() << "\n";
    out << tail;
  }

  fs::path dir_;
};

const std::vector<report::StageResult> kRecords = {
    record("b_ok", "export", Verdict::Pass),        record("a_bad", "export", Verdict::Pass),
    record("a_bad", "golden", Verdict::Fail),       record("c_xfail", "export", Verdict::XFail),
    record("d_hang", "replay:module:cpu", Verdict::Timeout), record("e_xpass", "export", Verdict::XPass),
    record("f_skip", "golden", Verdict::Skip),      record("g_broken", "catalog", Verdict::Error),
    record("h_crash", "guards:cpp:cpu", Verdict::Crash)};

}  // namespace

TEST_F(RunFolder, FailedCasesAreTheUnexpectedOnesOfTheSummary) {
  report::Summary s;
  s.results = kRecords;
  report::write_summary(dir_ / "summary.json", s);
  stream({record("ignored", "export", Verdict::Fail)});  // summary.json wins when the run finished
  const std::vector<std::string> expected = {"a_bad", "d_hang", "e_xpass", "g_broken", "h_crash"};
  EXPECT_EQ(run::failed_cases(dir_), expected);
  EXPECT_EQ(run::failed_cases(dir_ / "summary.json"), expected);
}

TEST_F(RunFolder, FailedCasesOfAKilledRunComeFromResultsJsonl) {
  stream(kRecords, "{\"case\": \"cut_short\", \"stage\": \"exp");  // SIGKILL mid-line
  const std::vector<std::string> expected = {"a_bad", "d_hang", "e_xpass", "g_broken", "h_crash"};
  EXPECT_EQ(run::failed_cases(dir_), expected);
  EXPECT_EQ(run::failed_cases(dir_ / "results.jsonl"), expected);
  EXPECT_EQ(run::read_results_stream(dir_ / "results.jsonl").unreadable_lines, 1);
  EXPECT_THROW(run::failed_cases(dir_ / "nothing-here"), std::runtime_error);
}

TEST_F(RunFolder, RebuildRecordsTheSelectedCasesWithoutResultsAsInterrupted) {
  report::Summary header;
  header.run.id = "20260101-000000";
  header.run.command = "exportcheck run -j 2";
  for (const char* c : {"a_bad", "b_ok", "z_never_started"}) header.cases[c] = {{"selftest"}, std::string("cases/") + c + ".yaml", ""};
  run::write_run_header(dir_, header);
  stream({record("b_ok", "export", Verdict::Pass), record("a_bad", "export", Verdict::Fail)});

  const run::Rebuilt rebuilt = run::rebuild_summary(dir_);
  EXPECT_EQ(rebuilt.interrupted, 1);
  EXPECT_EQ(rebuilt.summary.run.command, "exportcheck run -j 2") << "run info from run.json";
  ASSERT_EQ(rebuilt.summary.results.size(), 3u);
  EXPECT_EQ(rebuilt.summary.results[0].case_name, "a_bad") << "in case order, as a run writes them";
  EXPECT_EQ(rebuilt.summary.results[1].case_name, "b_ok");
  const report::StageResult& never = rebuilt.summary.results[2];
  EXPECT_EQ(never.case_name, "z_never_started");
  EXPECT_EQ(never.stage, "case");
  EXPECT_EQ(never.verdict, Verdict::Skip);
  EXPECT_EQ(never.message, "not run: interrupted");
  EXPECT_EQ(never.reason, "interrupted");
  EXPECT_EQ(rebuilt.summary.cases.at("z_never_started").file, "cases/z_never_started.yaml");
}

TEST_F(RunFolder, RebuildWithoutAHeaderKeepsTheCasesThatRan) {
  stream({record("b_ok", "export", Verdict::Pass)}, "\n");
  const run::Rebuilt rebuilt = run::rebuild_summary(dir_);
  EXPECT_EQ(rebuilt.interrupted, 0);
  EXPECT_EQ(rebuilt.summary.run.id, dir_.filename().string());
  EXPECT_EQ(rebuilt.summary.cases.size(), 1u);
  EXPECT_THROW(run::rebuild_summary(dir_ / "missing"), std::runtime_error);
}

TEST_F(RunFolder, RecordedCaseSecondsForTheNextRunsEta) {
  EXPECT_TRUE(run::recorded_case_seconds(dir_).empty()) << "no run there: no estimate, no error";
  auto timed = [](report::StageResult r, double s) {
    r.seconds = s;
    return r;
  };
  // A killed run: results.jsonl only; the last line cut short; an interrupted case did not run.
  stream({timed(record("a", "export", Verdict::Pass), 1.5), timed(record("a", "golden", Verdict::Pass), 0.5),
          timed(record("b", "export", Verdict::Fail), 3), run::interrupted_result("c")},
         "{\"case\": \"d\", \"sec");
  EXPECT_EQ(run::recorded_case_seconds(dir_), (std::map<std::string, double>{{"a", 2.0}, {"b", 3.0}}));

  report::Summary s;
  s.results = {timed(record("x", "export", Verdict::Pass), 7)};
  report::write_summary(dir_ / "summary.json", s);
  EXPECT_EQ(run::recorded_case_seconds(dir_), (std::map<std::string, double>{{"x", 7.0}})) << "summary.json first";
  std::ofstream(dir_ / "summary.json") << "{not json";
  EXPECT_TRUE(run::recorded_case_seconds(dir_).empty());
}

// The reports of a run name the known gaps of its root's cases/known-gaps.yaml
// (summary.json's upstream_gaps, kind "known gap"), also when rebuilt.
TEST_F(RunFolder, ReportsTellKnownGapsFromTheRunsRoot) {
  fs::create_directories(dir_ / "root/cases");
  std::ofstream(dir_ / "root/cases/known-gaps.yaml") << "expect:\n"
                                                        "  guards:nativert:\n"
                                                        "    verdict: xfail\n"
                                                        "    match: 'accepted '\n"
                                                        "    reason: \"known upstream gap: no range check\"\n";
  EXPECT_EQ(run::known_gap_reasons(dir_ / "root"), (std::vector<std::string>{"known upstream gap: no range check"}));
  EXPECT_TRUE(run::known_gap_reasons(dir_ / "nowhere").empty());
  report::Summary s;
  s.run.root = (dir_ / "root").string();
  auto gap = record("a", "guards:nativert:cpu", Verdict::XFail);
  gap.reason = "known upstream gap: no range check";
  s.results = {gap};
  run::write_reports(dir_, s);
  std::ifstream in(dir_ / "summary.json");
  auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j.at("upstream_gaps").size(), 1u);
  EXPECT_EQ(j["upstream_gaps"][0].at("kind"), "known gap");
  EXPECT_EQ(report::read_summary(dir_ / "summary.json").known_gaps,
            (std::vector<std::string>{"known upstream gap: no range check"}));
}
