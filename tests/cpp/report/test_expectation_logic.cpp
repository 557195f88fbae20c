#include <gtest/gtest.h>

#include "harness/report/expectation_logic.h"
#include "harness/report/stage_result.h"

using namespace exportcheck;
using report::Outcome;
using report::Verdict;

namespace {

catalog::Expectation xfail(std::optional<std::string> match = std::nullopt) {
  catalog::Expectation e;
  e.stage = "export";
  e.verdict = "xfail";
  e.reason = "dynamo cannot trace it";
  e.match = std::move(match);
  e.line = 12;
  return e;
}

}  // namespace

TEST(ExpectationLogic, WithoutExpectationOutcomesMapOneToOne) {
  EXPECT_EQ(report::resolve({Outcome::Kind::Pass, ""}, nullptr, "f").verdict, Verdict::Pass);
  EXPECT_EQ(report::resolve({Outcome::Kind::Fail, "boom"}, nullptr, "f").verdict, Verdict::Fail);
  EXPECT_EQ(report::resolve({Outcome::Kind::Timeout, "t"}, nullptr, "f").verdict, Verdict::Timeout);
  EXPECT_EQ(report::resolve({Outcome::Kind::Crash, "c"}, nullptr, "f").verdict, Verdict::Crash);
}

TEST(ExpectationLogic, ExpectedFailureIsXfailWithReasonAndMessage) {
  auto e = xfail();
  auto r = report::resolve({Outcome::Kind::Fail, "UserError: bad"}, &e, "cases/x.yaml");
  EXPECT_EQ(r.verdict, Verdict::XFail);
  EXPECT_EQ(r.message, "dynamo cannot trace it — UserError: bad");
}

TEST(ExpectationLogic, PassingExpectedFailureIsXpassPointingAtTheExpectation) {
  auto e = xfail();
  auto r = report::resolve({Outcome::Kind::Pass, ""}, &e, "cases/x.yaml");
  EXPECT_EQ(r.verdict, Verdict::XPass);
  EXPECT_NE(r.message.find("cases/x.yaml:12"), std::string::npos) << r.message;
}

TEST(ExpectationLogic, FailureWithOtherMessageStaysFail) {
  auto e = xfail("Unsupported.*generator");
  EXPECT_EQ(report::resolve({Outcome::Kind::Fail, "Unsupported: a generator here"}, &e, "f").verdict, Verdict::XFail);
  auto r = report::resolve({Outcome::Kind::Fail, "RuntimeError: something else"}, &e, "f");
  EXPECT_EQ(r.verdict, Verdict::Fail);
  EXPECT_NE(r.message.find("not as expected"), std::string::npos);
  EXPECT_NE(r.message.find("something else"), std::string::npos);
}

TEST(ExpectationLogic, CrashAndTimeoutAreNeverHiddenByXfail) {
  auto e = xfail();
  EXPECT_EQ(report::resolve({Outcome::Kind::Crash, "SIGSEGV"}, &e, "f").verdict, Verdict::Crash);
  EXPECT_EQ(report::resolve({Outcome::Kind::Timeout, "hung"}, &e, "f").verdict, Verdict::Timeout);
}

TEST(ExpectationLogic, UnsupportedAndSkipMeanDoNotRun) {
  catalog::Expectation u;
  u.verdict = "unsupported";
  u.reason = "needs a GPU";
  auto nr = report::not_run(&u);
  ASSERT_TRUE(nr);
  EXPECT_EQ(nr->verdict, Verdict::Unsupported);
  EXPECT_EQ(nr->message, "needs a GPU");
  u.verdict = "skip";
  EXPECT_EQ(report::not_run(&u)->verdict, Verdict::Skip);
  auto x = xfail();
  EXPECT_FALSE(report::not_run(&x));
  EXPECT_FALSE(report::not_run(nullptr));
}

TEST(ExpectationLogic, PassAgainstAnXfailMarkedFindingIsAPassWithAFinding) {
  auto e = xfail();
  e.xpass_finding = true;
  e.mode = "nonstrict";
  e.reason = "upstream support_level NOT_SUPPORTED_YET";
  auto r = report::resolve({Outcome::Kind::Pass, ""}, &e, "torch/x.py");
  EXPECT_EQ(r.verdict, Verdict::Pass);
  EXPECT_EQ(r.message, "export passed in nonstrict mode although expected to fail "
                       "(upstream support_level NOT_SUPPORTED_YET)");
  EXPECT_TRUE(r.finding);
  EXPECT_EQ(r.reason, "upstream support_level NOT_SUPPORTED_YET");
  // A failure is still the expected XFAIL.
  EXPECT_EQ(report::resolve({Outcome::Kind::Fail, "UserError"}, &e, "torch/x.py").verdict, Verdict::XFail);
}

report::StageResult record(Verdict v, std::string message, std::string reason = "", bool finding = false) {
  report::StageResult r;
  r.verdict = v;
  r.message = std::move(message);
  r.reason = std::move(reason);
  r.finding = finding;
  return r;
}

TEST(ExpectationLogic, ExpectedReasonIsTheReasonField) {
  auto e = xfail();
  e.reason = "dynamo cannot trace it — at all";  // a dash in the reason no longer splits it
  const auto r = report::resolve({Outcome::Kind::Fail, "UserError: bad"}, &e, "c.yaml");
  EXPECT_EQ(r.reason, "dynamo cannot trace it — at all");
  EXPECT_EQ(report::expected_reason(record(Verdict::XFail, r.message, r.reason)), "dynamo cannot trace it — at all");
  EXPECT_EQ(report::expected_reason(record(Verdict::Unsupported, "CUDA not available", "CUDA not available")),
            "CUDA not available");
  EXPECT_EQ(report::expected_reason(record(Verdict::Fail, "boom", "x")), "");
  EXPECT_FALSE(report::is_finding(record(Verdict::Pass, "expected to fail")));
  EXPECT_FALSE(report::is_finding(record(Verdict::Fail, "x", "", true)));
  EXPECT_TRUE(report::is_finding(record(Verdict::Pass, "x", "", true)));
}

// summary.json of runs before 1.3 has no reason/finding fields: read from the message.
TEST(ExpectationLogic, OlderRecordsReadReasonAndFindingFromTheMessage) {
  EXPECT_EQ(report::expected_reason(record(Verdict::XFail, "dynamo cannot trace it — UserError: bad")),
            "dynamo cannot trace it");
  EXPECT_EQ(report::expected_reason(record(Verdict::Unsupported, "CUDA not available")), "CUDA not available");
  EXPECT_TRUE(report::is_finding(record(Verdict::Pass, "finding: export passed although expected to fail (x)")));
}
