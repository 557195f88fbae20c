// One pipeline order of stage roots for every report (report/stage_order.h):
// the gate sorts its rows by it, the dashboard's columns follow it.
#include <gtest/gtest.h>

#include "harness/report/dashboard.h"
#include "harness/report/stage_order.h"

using namespace exportcheck::report;

TEST(StageOrder, HarnessRecordsFirstThenTheCaseSchemasStagesThenUnknownOnes) {
  EXPECT_LT(stage_rank("catalog"), stage_rank("export"));
  EXPECT_LT(stage_rank("harness"), stage_rank("export"));
  EXPECT_LT(stage_rank("export"), stage_rank("roundtrip:bytes"));
  EXPECT_LT(stage_rank("roundtrip:reload"), stage_rank("golden"));
  EXPECT_LT(stage_rank("golden"), stage_rank("replay:cpp:cpu"));
  EXPECT_LT(stage_rank("sequence:module:cpu"), stage_rank("compat:2.11.0:cpp"));
  EXPECT_EQ(stage_rank("replay:module:cpu"), stage_rank("replay:cpp:cuda"));
  EXPECT_EQ(stage_rank("someday"), static_cast<int>(kStageOrder.size()));
  // Every stage root a case file may name has its place.
  for (std::string_view root : exportcheck::catalog::schema::kStageRoots)
    EXPECT_LT(stage_rank(root), static_cast<int>(kStageOrder.size())) << root;
}

TEST(StageOrder, TheDashboardPageGetsTheSameList) {
  Summary s;
  s.run.id = "r";
  const std::string html = dashboard_html(s);
  std::string expected = "\"stage_order\":[";
  for (size_t i = 0; i < kStageOrder.size(); ++i) expected += (i ? ",\"" : "\"") + std::string(kStageOrder[i]) + "\"";
  EXPECT_NE(html.find(expected + "]"), std::string::npos) << "the page reads its column order from data.stage_order";
  EXPECT_EQ(html.find("const ROOTS = [\""), std::string::npos) << "no second copy of the list in the page's script";
}
