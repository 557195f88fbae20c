// XFAIL / UNSUPPORTED grouped by reason, and findings: in summary.json and
// on the console.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/report/console.h"
#include "harness/report/summary_json.h"

using namespace exportcheck::report;

namespace {

StageResult result(const std::string& c, Verdict v, const std::string& msg, const std::string& stage = "export") {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = "nonstrict/training";
  r.verdict = v;
  r.message = msg;
  return r;
}

Summary sample() {
  Summary s;
  s.results = {
      result("a", Verdict::XFail, "dynamo cannot trace it — UserError: x"),
      result("b", Verdict::XFail, "dynamo cannot trace it — UserError: y"),
      result("b", Verdict::XFail, "dynamo cannot trace it — UserError: z", "golden"),
      result("c", Verdict::XFail, "other reason — boom"),
      result("a", Verdict::Unsupported, "suite cases have no golden", "golden"),
      result("d", Verdict::Unsupported, "transformers not installed"),
      result("d", Verdict::Unsupported, "transformers not installed", "golden"),
      result("e", Verdict::Pass, "finding: export passed in nonstrict mode although expected to fail (upstream support_level NOT_SUPPORTED_YET)"),
      result("e", Verdict::Pass, ""),
      result("f", Verdict::Fail, "boom — not grouped"),
  };
  return s;
}

}  // namespace

TEST(ReasonGroups, GroupsXfailThenUnsupportedByCountThenReason) {
  auto groups = group_by_reason(sample().results);
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].verdict, Verdict::XFail);
  EXPECT_EQ(groups[0].reason, "dynamo cannot trace it");
  EXPECT_EQ(groups[0].count, 3);
  EXPECT_EQ(groups[0].cases, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(groups[1].reason, "other reason");
  EXPECT_EQ(groups[2].verdict, Verdict::Unsupported);
  EXPECT_EQ(groups[2].reason, "transformers not installed");
  EXPECT_EQ(groups[2].count, 2);
  EXPECT_EQ(groups[3].reason, "suite cases have no golden");
}

TEST(ReasonGroups, SummaryJsonHasExpectedByReasonAndFindings) {
  auto j = summary_to_json(sample());
  EXPECT_EQ(j.at("version"), "1.10");
  ASSERT_EQ(j.at("expected_by_reason").at("XFAIL").size(), 2u);
  EXPECT_EQ(j["expected_by_reason"]["XFAIL"][0].at("reason"), "dynamo cannot trace it");
  EXPECT_EQ(j["expected_by_reason"]["XFAIL"][0].at("count"), 3);
  EXPECT_EQ(j["expected_by_reason"]["UNSUPPORTED"][0].at("cases"), nlohmann::json::array({"d"}));
  ASSERT_EQ(j.at("findings").size(), 1u);
  EXPECT_EQ(j["findings"][0].at("case"), "e");
  EXPECT_EQ(j["findings"][0].at("stage"), "export");
  // This build reads what it writes.
  EXPECT_EQ(summary_from_json(j).results.size(), sample().results.size());
}

TEST(ReasonGroups, ConsoleListsReasonsAndFindings) {
  std::ostringstream out;
  print_summary(out, sample());
  const std::string text = out.str();
  EXPECT_NE(text.find("Expected failures by reason:"), std::string::npos) << text;
  EXPECT_NE(text.find("XFAIL          3  dynamo cannot trace it  [a, b]"), std::string::npos) << text;
  EXPECT_EQ(text.find("UNSUPPORTED    2  transformers not installed"), std::string::npos)
      << "what did not run is in its own block, by cause: " << text;
  EXPECT_NE(text.find("Findings (1; expected to fail, but passed):"), std::string::npos) << text;
  EXPECT_NE(text.find("e::export[nonstrict/training]: export passed in nonstrict mode"), std::string::npos) << text;
}

// UNSUPPORTED and SKIP in one short block, by cause, instead of one line per reason.
TEST(ReasonGroups, ConsoleGroupsWhatDidNotRunByCause) {
  Summary s = sample();
  auto add = [&](const std::string& c, Verdict v, const std::string& msg, const std::string& stage) {
    s.results.push_back(result(c, v, msg, stage));
  };
  add("a", Verdict::Unsupported, "CUDA not available", "replay:module:cuda");
  add("b", Verdict::Unsupported, "CUDA not available", "replay:cpp:cuda");
  add("b", Verdict::Unsupported, "CUDA not available", "guards:cpp:cuda");
  add("c", Verdict::Unsupported, "torch 2.13.0+cpu: NativeRT PyModelRunner unavailable: No constructor defined!",
      "replay:nativert:cpu");
  add("c", Verdict::Skip, "not run: export XFAIL", "golden");
  std::ostringstream out;
  print_summary(out, s);
  const std::string text = out.str();
  EXPECT_NE(text.find("\nNot run here (8 results; UNSUPPORTED and SKIP by cause):\n"
                      "       3  no CUDA  [a, b]\n"
                      "       2  package not installed  [d]\n"
                      "       1  after export XFAIL  [c]\n"
                      "       1  runtime unavailable in this torch  [c]\n"
                      "       1  suite cases have no golden  [a]\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("No constructor defined"), std::string::npos) << "causes, not each reason's text: " << text;
  EXPECT_NE(text.find("\nCases: 6 (PASS 1, FAIL 1, XFAIL 3, UNSUPPORTED 1)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("exportcheck: 6 passed, 1 failed, 8 skipped\n"
                      "exportcheck: of those passed, 4 expected failures (XFAIL), 1 finding\n"),
            std::string::npos)
      << text;
}
