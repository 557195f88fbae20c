#include <gtest/gtest.h>

#include "harness/report/comparison.h"

using namespace exportcheck::report;

namespace {

StageResult result(const std::string& c, const std::string& stage, Verdict v, double seconds = 0.1) {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.verdict = v;
  r.seconds = seconds;
  r.message = std::string(to_string(v)) + " message";
  return r;
}

Summary run(const std::string& id, std::vector<StageResult> results) {
  Summary s;
  s.run.id = id;
  s.results = std::move(results);
  return s;
}

}  // namespace

TEST(Comparison, IdenticalRunsPassTheGate) {
  auto s = run("a", {result("c", "export", Verdict::Pass), result("c", "golden", Verdict::XFail)});
  auto c = compare_runs(s, s);
  EXPECT_TRUE(c.passes());
  EXPECT_TRUE(c.regressions.empty());
  EXPECT_TRUE(c.fixes.empty());
  EXPECT_TRUE(c.new_cases.empty());
  EXPECT_TRUE(c.timing.empty());
}

TEST(Comparison, ExpectedBeforeUnexpectedNowIsARegression) {
  auto old = run("old", {result("c", "export", Verdict::Pass), result("d", "export", Verdict::XFail),
                         result("e", "export", Verdict::Fail)});
  auto now = run("new", {result("c", "export", Verdict::Crash), result("d", "export", Verdict::Fail),
                         result("e", "export", Verdict::Fail)});
  auto c = compare_runs(old, now);
  ASSERT_EQ(c.regressions.size(), 2u);
  EXPECT_EQ(c.regressions[0].id, "c::export");
  EXPECT_EQ(c.regressions[0].before, Verdict::Pass);
  EXPECT_EQ(c.regressions[0].after, Verdict::Crash);
  EXPECT_EQ(c.regressions[1].before, Verdict::XFail) << "an xfail whose message changed is a regression too";
  EXPECT_EQ(c.still_unexpected, 1) << "FAIL in both runs is not a change";
  EXPECT_FALSE(c.passes());
  EXPECT_NE(comparison_text(c).find("PASS -> CRASH  c::export"), std::string::npos) << comparison_text(c);
}

TEST(Comparison, FixesFailTheGateUntilTheCaseFileSaysSo) {
  auto old = run("old", {result("xp", "golden", Verdict::XFail), result("fp", "golden", Verdict::Fail),
                         result("ack", "golden", Verdict::XFail)});
  auto now = run("new", {result("xp", "golden", Verdict::XPass), result("fp", "golden", Verdict::Pass),
                         result("ack", "golden", Verdict::Pass)});
  auto c = compare_runs(old, now);
  ASSERT_EQ(c.fixes.size(), 3u);
  EXPECT_FALSE(c.fixes[0].acknowledged) << "XPASS: the xfail is still in the case file";
  EXPECT_FALSE(c.fixes[1].acknowledged) << "FAIL -> PASS must be noticed, as check_accuracy.py does";
  EXPECT_TRUE(c.fixes[2].acknowledged) << "XFAIL -> PASS: the expectation was removed";
  EXPECT_EQ(c.unacknowledged_fixes(), 2);
  EXPECT_FALSE(c.passes());
  auto only_ack = compare_runs(run("o", {result("ack", "golden", Verdict::XFail)}), run("n", {result("ack", "golden", Verdict::Pass)}));
  EXPECT_TRUE(only_ack.passes());
  EXPECT_EQ(only_ack.fixes.size(), 1u);
}

TEST(Comparison, NewAndRemovedCasesAndTimingAboveTheThreshold) {
  auto old = run("old", {result("gone", "export", Verdict::Pass), result("slow", "export", Verdict::Pass, 2.0),
                         result("noisy", "export", Verdict::Pass, 0.1), result("same", "export", Verdict::Pass, 10)});
  auto now = run("new", {result("fresh", "export", Verdict::Fail), result("slow", "export", Verdict::Pass, 5.0),
                         result("noisy", "export", Verdict::Pass, 0.9), result("same", "export", Verdict::Pass, 12)});
  auto c = compare_runs(old, now);
  EXPECT_EQ(c.new_cases, (std::vector<std::string>{"fresh"}));
  EXPECT_EQ(c.removed_cases, (std::vector<std::string>{"gone"}));
  ASSERT_EQ(c.timing.size(), 1u) << "noisy: under 1 s of change; same: +20% is under the 50% threshold";
  EXPECT_EQ(c.timing[0].case_name, "slow");
  EXPECT_DOUBLE_EQ(c.timing[0].after, 5.0);
  EXPECT_TRUE(c.passes()) << "a new failing case fails the run itself, not the comparison";
  CompareOptions tight;
  tight.timing_ratio = 0.1;
  EXPECT_EQ(compare_runs(old, now, tight).timing.size(), 2u);
  auto j = to_json(c);
  EXPECT_EQ(j["new_cases"][0], "fresh");
  EXPECT_EQ(j["passes"], true);
}
