// The case verdict rule (case_verdict.h, reports/README.md "Case verdict"),
// the not-run causes, and the closing line whose numbers add up.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/report/case_verdict.h"
#include "harness/report/console.h"

using namespace exportcheck::report;

namespace {

StageResult rec(Verdict v, const std::string& reason = "", const std::string& stage = "export") {
  StageResult r;
  r.case_name = "c";
  r.stage = stage;
  r.variant = "nonstrict/training";
  r.verdict = v;
  r.reason = reason;
  // What case_runner writes: an UNSUPPORTED's message is its reason, a dependency SKIP's "not run: <why>".
  r.message = v == Verdict::Skip ? "not run: " + reason : v == Verdict::XFail ? reason + " — boom" : reason;
  return r;
}

const StageResult kPass = rec(Verdict::Pass);
const StageResult kFail = rec(Verdict::Fail, "", "golden");
const StageResult kXFail = rec(Verdict::XFail, "known upstream gap", "guards:module:cpu");
const StageResult kNoCuda = rec(Verdict::Unsupported, "CUDA not available", "replay:module:cuda");
const StageResult kNoNativeRT =
    rec(Verdict::Unsupported, "torch 2.13.0+cpu: NativeRT PyModelRunner unavailable: No constructor defined!",
        "replay:nativert:cpu");
const StageResult kAfterExport = rec(Verdict::Skip, "export XFAIL", "golden");

struct Row {
  const char* name;
  std::vector<StageResult> records;
  Verdict verdict;
  const char* detail;
};

}  // namespace

TEST(CaseVerdict, FollowsTheRuleOnATableOfRecords) {
  const std::vector<Row> table = {
      {"passed everything it could run: PASS, the rest beside it",
       {kPass, kPass, kXFail, kNoCuda, kNoCuda, kNoNativeRT}, Verdict::Pass,
       "3 run; 3 not run: 2 no CUDA, 1 runtime unavailable in this torch; 1 expected failure"},
      {"one not-run cause is named without a count", {kPass, kNoCuda, kNoCuda}, Verdict::Pass, "1 run; 2 not run: no CUDA"},
      {"only passes", {kPass, kPass}, Verdict::Pass, "2 run"},
      {"an unexpected result dominates", {kPass, kXFail, kFail, kNoCuda}, Verdict::Fail,
       "3 run; 1 unexpected; 1 not run: no CUDA; 1 expected failure"},
      {"the most severe unexpected one", {rec(Verdict::XPass), rec(Verdict::Crash), kFail, rec(Verdict::Timeout)},
       Verdict::Crash, "4 run; 4 unexpected"},
      {"ERROR above CRASH", {rec(Verdict::Crash), rec(Verdict::Error)}, Verdict::Error, "2 run; 2 unexpected"},
      {"XPASS is unexpected too", {kPass, rec(Verdict::XPass)}, Verdict::XPass, "2 run; 1 unexpected"},
      {"nothing ran, something UNSUPPORTED: UNSUPPORTED",
       {rec(Verdict::Unsupported, "transformers not installed"), rec(Verdict::Skip, "export UNSUPPORTED", "golden")},
       Verdict::Unsupported, "0 run; 2 not run: 1 after export UNSUPPORTED, 1 package not installed"},
      {"nothing ran, all SKIP: SKIP", {kAfterExport, kAfterExport}, Verdict::Skip, "0 run; 2 not run: after export XFAIL"},
      {"a golden DRIFT keeps its meaning", {kPass, rec(Verdict::Drift, "", "golden"), kXFail}, Verdict::Drift,
       "3 run; 1 expected failure; 1 golden drifted"},
      {"a golden FIXED keeps its meaning", {kPass, rec(Verdict::Fixed, "", "golden")}, Verdict::Fixed,
       "2 run; 1 golden updated"},
      {"an unexpected result beats DRIFT", {rec(Verdict::Drift), kFail}, Verdict::Fail, "2 run; 1 unexpected; 1 golden drifted"},
      {"everything that ran failed as expected: XFAIL", {kXFail, kAfterExport, kAfterExport}, Verdict::XFail,
       "1 run; 2 not run: after export XFAIL; 1 expected failure"},
  };
  for (const Row& row : table) {
    const CaseVerdict cv = case_verdict(row.records);
    EXPECT_EQ(to_string(cv.verdict), to_string(row.verdict)) << row.name;
    EXPECT_EQ(cv.detail, row.detail) << row.name;
    EXPECT_EQ(cv.tally.total(), static_cast<int>(row.records.size())) << row.name;
  }
}

TEST(CaseVerdict, NoRecordsIsNotRun) {
  EXPECT_EQ(case_verdict({}).verdict, Verdict::Skip);
  EXPECT_EQ(case_verdict({}).detail, "0 run");
}

TEST(CaseVerdict, EveryCaseInOrderOfFirstAppearance) {
  StageResult b = kFail;
  b.case_name = "b";
  StageResult a = kPass;
  a.case_name = "a";
  auto all = case_verdicts({b, a, kNoCuda, b});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, "b");
  EXPECT_EQ(all[0].second.verdict, Verdict::Fail);
  EXPECT_EQ(all[0].second.tally.failed, 2);
  EXPECT_EQ(all[1].first, "a");
  EXPECT_EQ(all[2].first, "c");
  EXPECT_EQ(all[2].second.verdict, Verdict::Unsupported);
}

TEST(NotRunCause, GroupsReasonsIntoAFewCauses) {
  EXPECT_EQ(not_run_cause(kNoCuda), "no CUDA");
  EXPECT_EQ(not_run_cause(kNoNativeRT), "runtime unavailable in this torch");
  EXPECT_EQ(not_run_cause(rec(Verdict::Unsupported,
                              "NativeRT PyModelRunner has no device option: it runs the archive's weights on the CPU")),
            "runtime unavailable in this torch");
  EXPECT_EQ(not_run_cause(rec(Verdict::Unsupported,
                              "no symbol with a finite bound to step outside (static program or unbounded ranges)")),
            "no bounded symbol");
  EXPECT_EQ(not_run_cause(rec(Verdict::Unsupported, "device type mps not supported by the cpp runtime")),
            "device not supported");
  EXPECT_EQ(not_run_cause(rec(Verdict::Unsupported, "transformers, timm not installed")), "package not installed");
  EXPECT_EQ(not_run_cause(kAfterExport), "after export XFAIL");
  EXPECT_EQ(not_run_cause(rec(Verdict::Skip, "C++ rewrite failed")), "after C++ rewrite failed");
  EXPECT_EQ(not_run_cause(rec(Verdict::Skip, "interrupted", "case")), "run interrupted");
  EXPECT_EQ(not_run_cause(kPass), "");
  EXPECT_EQ(not_run_cause(kXFail), "") << "an expected failure ran";
}

TEST(NotRunCause, ACaseFilesOwnExpectationKeepsItsReason) {
  StageResult skip = rec(Verdict::Skip, "flaky on shared runners");
  skip.message = skip.reason;  // report::not_run: the message is the reason, no "not run: " prefix
  EXPECT_EQ(not_run_cause(skip), "flaky on shared runners");
  EXPECT_EQ(not_run_cause(rec(Verdict::Unsupported, "needs a GPU with bf16\nmore")), "needs a GPU with bf16");
}

TEST(NotRunCause, RecordsBefore13AreReadFromTheirMessage) {
  StageResult cuda = kNoCuda, skip = kAfterExport;
  cuda.reason.clear();
  skip.reason.clear();
  EXPECT_EQ(not_run_cause(cuda), "no CUDA");
  EXPECT_EQ(not_run_cause(skip), "after export XFAIL");
}

TEST(ClosingLine, NumbersAddUpToTheRecordsAndExpectedFailuresGoOnTheirOwnLine) {
  const std::vector<StageResult> records = {kPass, kPass, kXFail, kFail, rec(Verdict::Crash), kNoCuda, kNoNativeRT,
                                            kAfterExport, rec(Verdict::Drift), rec(Verdict::Fixed)};
  const Tally t = tally(records);
  EXPECT_EQ(t.passed, 5);  // PASS, PASS, XFAIL, DRIFT, FIXED
  EXPECT_EQ(t.failed, 2);
  EXPECT_EQ(t.skipped, 3);
  EXPECT_EQ(t.passed + t.failed + t.skipped, static_cast<int>(records.size()));
  EXPECT_EQ(closing_lines(t),
            "exportcheck: 5 passed, 2 failed, 3 skipped\n"
            "exportcheck: of those passed, 1 expected failure (XFAIL), 1 golden updated (FIXED), 1 golden drifted (DRIFT)\n");
  EXPECT_EQ(closing_lines(tally({kPass, kNoCuda})), "exportcheck: 1 passed, 0 failed, 1 skipped\n")
      << "no second line when the passed hold nothing to say";

  Summary s;
  s.results = records;
  std::ostringstream out;
  print_summary(out, s);
  const std::string text = out.str();
  EXPECT_NE(text.find("\nexportcheck: 5 passed, 2 failed, 3 skipped\n"), std::string::npos) << text;
  EXPECT_EQ(text.find(" passed, 2 failed\n"), std::string::npos) << "the old line counted what did not run as passed";
}

TEST(ConsoleProgress, TheCaseLineReadsPassWithWhatDidNotRunBesideIt) {
  std::ostringstream out;
  std::vector<StageResult> records(20, kPass);
  records.push_back(kXFail);
  for (int i = 0; i < 16; ++i) records.push_back(kNoCuda);
  records.erase(records.begin());  // 19 PASS + 1 XFAIL = 20 run
  print_progress(out, 2, 10, "nn_conv1d", records, 3.14);
  EXPECT_EQ(out.str(), "[ 2/10] PASS        nn_conv1d  (20 run; 16 not run: no CUDA; 1 expected failure; 3.1 s)\n");
}
