#include <gtest/gtest.h>

#include <sstream>

#include "harness/report/console.h"
#include "harness/report/executor_coverage.h"
#include "harness/report/summary_json.h"

using namespace exportcheck::report;

namespace {

StageResult replay(const std::string& c, const std::string& runtime, const std::string& variant, Verdict v,
                   int samples = -1, const std::string& message = "") {
  StageResult r;
  r.case_name = c;
  r.stage = "replay:" + runtime + ":cpu";
  r.variant = variant;
  r.verdict = v;
  r.message = message;
  if (samples >= 0) r.details = {{"samples", samples}};
  return r;
}

std::vector<StageResult> records() {
  const std::string a = "nonstrict/training", b = "strict/core_aten";
  return {
      replay("opinfo/add/float32-dynamic", "module", a, Verdict::Pass, 13),
      replay("opinfo/add/float32-dynamic", "cpp", a, Verdict::Pass, 13),
      replay("opinfo/add/float32-dynamic", "module", b, Verdict::Pass, 11),
      replay("opinfo/add/float32-dynamic", "cpp", b, Verdict::Fail, 11, "out[0] differs\nmax abs 0.5"),
      replay("opinfo/abs/float32", "module", a, Verdict::Pass, 1),
      replay("opinfo/abs/float32", "cpp", a, Verdict::XFail, 1, "cpp: no kernel for aten.abs — raised"),
      replay("opinfo/cat/int64", "module", a, Verdict::Pass),  // no details.samples (older run): one sample
      replay("opinfo/cat/int64", "cpp", a, Verdict::Pass),
      replay("opinfo/sub/float32", "module", a, Verdict::Pass, 2),  // no cpp record at all
      replay("opinfo/mul/float32", "module", a, Verdict::Fail, 5),  // module failed: not counted
      replay("opinfo/mul/float32", "cpp", a, Verdict::Pass, 5),
  };
}

}  // namespace

TEST(ExecutorCoverage, CountsProgramsAndSamplesWhereModulePassed) {
  const ExecutorCoverage c = executor_coverage(records());
  EXPECT_EQ(c.reference, "replay:module:cpu");
  EXPECT_EQ(c.executor, "replay:cpp:cpu");
  EXPECT_EQ(c.programs, 5);
  EXPECT_EQ(c.programs_passed, 2);
  EXPECT_EQ(c.samples, 13 + 11 + 1 + 1 + 2);
  EXPECT_EQ(c.samples_passed, 13 + 1);
}

TEST(ExecutorCoverage, ListsWhereModulePassesAndCppDoesNotWithTheCppMessage) {
  const ExecutorCoverage c = executor_coverage(records());
  ASSERT_EQ(c.not_passed.size(), 3u);
  EXPECT_EQ(c.not_passed[0].case_name, "opinfo/add/float32-dynamic");
  EXPECT_EQ(c.not_passed[0].variant, "strict/core_aten");
  EXPECT_EQ(c.not_passed[0].verdict, Verdict::Fail);
  EXPECT_EQ(c.not_passed[0].message, "out[0] differs\nmax abs 0.5");
  EXPECT_EQ(c.not_passed[0].samples, 11);
  EXPECT_EQ(c.not_passed[1].verdict, Verdict::XFail);
  EXPECT_EQ(c.not_passed[2].case_name, "opinfo/sub/float32");
  EXPECT_FALSE(c.not_passed[2].verdict) << "no cpp record";
  EXPECT_EQ(c.not_passed[2].message, "no replay:cpp:cpu record");
}

TEST(ExecutorCoverage, ConsoleSummaryAndSummaryJsonSayIt) {
  Summary s;
  s.results = records();
  const std::string line = "C++ executor runs 14 of the 28 samples module() runs (50.0%; 2 of 5 programs; 3 do not: "
                           "1 FAIL, 1 XFAIL, 1 no record)";
  EXPECT_EQ(coverage_line(executor_coverage(s.results)), line);
  std::ostringstream out;
  print_summary(out, s);
  EXPECT_NE(out.str().find(line), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("  FAIL  opinfo/add/float32-dynamic [strict/core_aten]: out[0] differs\n"), std::string::npos)
      << out.str();
  const auto j = summary_to_json(s)["executor_coverage"];
  EXPECT_EQ(j["samples"], 28);
  EXPECT_EQ(j["samples_passed"], 14);
  EXPECT_EQ(j["programs"], 5);
  EXPECT_EQ(j["programs_passed"], 2);
  ASSERT_EQ(j["not_passed"].size(), 3u);
  EXPECT_EQ(j["not_passed"][0]["message"], "out[0] differs\nmax abs 0.5");
  EXPECT_EQ(j["not_passed"][0]["verdict"], "FAIL");
  EXPECT_TRUE(j["not_passed"][2]["verdict"].is_null());
}

TEST(ExecutorCoverage, NothingToSayWithoutModuleReplays) {
  std::vector<StageResult> none = {replay("a", "cpp", "nonstrict/training", Verdict::Pass, 3)};
  EXPECT_EQ(coverage_line(executor_coverage(none)), "");
  Summary s;
  s.results = none;
  std::ostringstream out;
  print_summary(out, s);
  EXPECT_EQ(out.str().find("C++ executor"), std::string::npos);
}
