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
  EXPECT_EQ(j.at("version"), "1.3");
  ASSERT_EQ(j.at("expected_by_reason").at("XFAIL").size(), 2u);
  EXPECT_EQ(j["expected_by_reason"]["XFAIL"][0].at("reason"), "dynamo cannot trace it");
  EXPECT_EQ(j["expected_by_reason"]["XFAIL"][0].at("count"), 3);
  EXPECT_EQ(j["expected_by_reason"]["UNSUPPORTED"][0].at("cases"), nlohmann::json::array({"d"}));
  ASSERT_EQ(j.at("findings").size(), 1u);
  EXPECT_EQ(j["findings"][0].at("case"), "e");
  EXPECT_EQ(j["findings"][0].at("stage"), "export");
  // A reader of 1.2 files still reads them.
  EXPECT_EQ(summary_from_json(j).results.size(), sample().results.size());
}

TEST(ReasonGroups, ConsoleListsReasonsAndFindings) {
  std::ostringstream out;
  print_summary(out, sample());
  const std::string text = out.str();
  EXPECT_NE(text.find("Expected failures by reason:"), std::string::npos) << text;
  EXPECT_NE(text.find("XFAIL          3  dynamo cannot trace it  [a, b]"), std::string::npos) << text;
  EXPECT_NE(text.find("UNSUPPORTED    2  transformers not installed  [d]"), std::string::npos) << text;
  EXPECT_NE(text.find("Findings (1; expected to fail, but passed):"), std::string::npos) << text;
  EXPECT_NE(text.find("e::export[nonstrict/training]: export passed in nonstrict mode"), std::string::npos) << text;
}
