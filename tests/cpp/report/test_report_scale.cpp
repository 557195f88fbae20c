// The reports at the scale of `run --suite opinfo` (2000 cases, ~45,000
// records) and beyond: the groupings are linear in the records, so the
// whole report set of a 50,000-record run takes seconds at worst (bench/
// bench_report.cpp measures it: about 0.5 s for index.html). A grouping that
// looks up each record's case in a list of the group's cases takes minutes
// here, and fails the time bound.
#include <gtest/gtest.h>

#include <chrono>

#include "harness/report/comparison.h"
#include "harness/report/dashboard.h"
#include "harness/report/junit_xml.h"
#include "harness/report/not_run_cause.h"
#include "harness/report/summary_json.h"

using namespace exportcheck::report;

namespace {

// `cases` cases of `per_case` records each: every record UNSUPPORTED (no CUDA)
// or XFAIL for one reason, so one group holds every case.
std::vector<StageResult> one_group_per_verdict(int cases, int per_case) {
  std::vector<StageResult> out;
  out.reserve(static_cast<size_t>(cases) * per_case);
  for (int c = 0; c < cases; ++c) {
    for (int k = 0; k < per_case; ++k) {
      StageResult r;
      r.case_name = "opinfo/op" + std::to_string(c) + "/float32";
      r.stage = k % 2 ? "replay:module:cuda" : "export";
      r.variant = "v" + std::to_string(k);
      r.verdict = k % 2 ? Verdict::Unsupported : Verdict::XFail;
      r.reason = r.message = k % 2 ? "CUDA not available" : "torch 2.13: does not export";
      out.push_back(std::move(r));
    }
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST(ReportScale, GroupsAreLinearInTheRecords) {
  const auto records = one_group_per_verdict(40000, 6);  // 240,000 records, groups of 40,000 cases
  const auto t0 = std::chrono::steady_clock::now();
  const auto causes = group_not_run(records);
  const auto reasons = group_by_reason(records);
  const double took = seconds_since(t0);
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].count, 120000);
  EXPECT_EQ(causes[0].cases.size(), 40000u);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].cases.size(), 40000u);
  EXPECT_EQ(reasons[0].cases[1], "opinfo/op1/float32") << "cases in order of first appearance";
  EXPECT_LT(took, 3.0) << "quadratic in the cases of a group";
}

TEST(ReportScale, FiftyThousandRecordsReportInSeconds) {
  Summary s;
  s.run.id = "big";
  s.results = one_group_per_verdict(2500, 20);
  for (size_t i = 0; i < s.results.size(); i += 3) {  // some replays that ran, with samples
    s.results[i].stage = i % 2 ? "replay:cpp:cpu" : "replay:module:cpu";
    s.results[i].verdict = Verdict::Pass;
    s.results[i].details = {{"samples", 3}};
  }
  Summary old = s;
  for (size_t i = 0; i < old.results.size(); i += 21) old.results[i].verdict = Verdict::XFail;  // fixed since
  const auto t0 = std::chrono::steady_clock::now();
  const std::string summary = summary_to_json(s).dump(1);
  const std::string junit = junit_xml(s);
  const Comparison c = compare_runs(old, s);
  const std::string html = dashboard_html(s, &c);
  const double took = seconds_since(t0);
  EXPECT_LT(html.size(), summary.size()) << "the page embeds the records compactly (dashboard.h: compact_records)";
  EXPECT_FALSE(junit.empty());
  EXPECT_EQ(c.fixes.size(), (s.results.size() + 20) / 21);
  EXPECT_LT(took, 10.0) << "summary.json, junit.xml, a comparison and index.html of 50,000 records";
}
