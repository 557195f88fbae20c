// Columns (stages) where nothing ran in the whole run: not_run_cause.h's
// stages_not_run, and the dashboard's strip data (dashboard.h: not_run_columns).
#include <gtest/gtest.h>

#include "harness/report/dashboard.h"
#include "harness/report/not_run_cause.h"

using namespace exportcheck::report;

namespace {

StageResult record(const std::string& c, const std::string& stage, Verdict v, const std::string& reason = "") {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = "nonstrict/training";
  r.verdict = v;
  r.reason = reason;
  r.message = v == Verdict::Skip ? "not run: " + reason : reason;
  return r;
}

std::vector<StageResult> records() {
  return {
      record("a", "export", Verdict::Pass),
      record("a", "replay:module:cuda", Verdict::Unsupported, "CUDA not available"),
      record("a", "replay:nativert:cpu", Verdict::Unsupported, "NativeRT PyModelRunner unavailable in this torch"),
      record("a", "guards:module:cpu", Verdict::Unsupported, "no symbol with a finite bound to step outside"),
      record("b", "export", Verdict::XFail, "torch bug"),
      record("b", "replay:module:cuda", Verdict::Skip, "export XFAIL"),
      record("b", "replay:nativert:cpu", Verdict::Skip, "export XFAIL"),
      record("b", "guards:module:cpu", Verdict::XFail, "known gap"),  // ran somewhere: stays a column
      record("c", "replay:cpp:cuda", Verdict::Unsupported, "CUDA not available"),
      record("c", "replay:module:cuda", Verdict::Unsupported, "CUDA not available"),
  };
}

}  // namespace

TEST(NotRunColumns, StagesWhereNothingRanWithTheirCauses) {
  auto stages = stages_not_run(records());
  ASSERT_EQ(stages.size(), 3u);
  EXPECT_EQ(stages[0].stage, "replay:module:cuda");
  EXPECT_EQ(stages[0].count, 3);
  ASSERT_EQ(stages[0].causes.size(), 2u);
  EXPECT_EQ(stages[0].causes[0].cause, "no CUDA");
  EXPECT_EQ(stages[0].causes[0].count, 2);
  EXPECT_EQ(stages[0].causes[1].cause, "after export XFAIL");
  EXPECT_EQ(stages[1].stage, "replay:nativert:cpu");
  EXPECT_EQ(stages[2].stage, "replay:cpp:cuda");
}

TEST(NotRunColumns, AStageThatRanOnceIsAColumn) {
  auto rs = records();
  rs.push_back(record("d", "replay:module:cuda", Verdict::Pass));
  for (const auto& st : stages_not_run(rs)) EXPECT_NE(st.stage, "replay:module:cuda");
  EXPECT_TRUE(stages_not_run({record("a", "export", Verdict::Pass)}).empty());
}

TEST(NotRunColumns, DashboardGroupsThemByTheirMainCause) {
  auto j = not_run_columns(records());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["cause"], "no CUDA");
  ASSERT_EQ(j[0]["stages"].size(), 2u);
  EXPECT_EQ(j[0]["stages"][0]["stage"], "replay:module:cuda");
  EXPECT_EQ(j[0]["stages"][0]["causes"][1]["cause"], "after export XFAIL");
  EXPECT_EQ(j[0]["stages"][1]["stage"], "replay:cpp:cuda");
  EXPECT_EQ(j[1]["cause"], "runtime unavailable in this torch");
  EXPECT_EQ(j[1]["stages"][0]["stage"], "replay:nativert:cpu");

  Summary s;
  s.results = records();
  const std::string html = dashboard_html(s);
  EXPECT_NE(html.find("\"not_run_columns\":[{\"cause\":\"no CUDA\""), std::string::npos) << "embedded for the strip";
  EXPECT_NE(html.find("filter(s => !collapsed.has(s))"), std::string::npos) << "the matrix leaves those columns out";
}
