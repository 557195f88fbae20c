#include <gtest/gtest.h>

#include <set>

#include "harness/run/stage_plan.h"

namespace exportcheck::run {
namespace {

std::vector<std::string> texts(const std::vector<StageId>& ids) {
  std::vector<std::string> out;
  for (const StageId& id : ids) out.push_back(id.str());
  return out;
}

TEST(StagePlan, VariantStagesInTableOrder) {
  EXPECT_EQ(texts(variant_stages({"module", "cpp"}, {"cpu", "cuda"})),
            (std::vector<std::string>{"export", "archive", "roundtrip:validate", "roundtrip:bytes", "roundtrip:reload",
                                      "golden", "replay:module:cpu", "replay:module:cuda", "replay:cpp:cpu",
                                      "replay:cpp:cuda", "guards:module:cpu", "guards:module:cuda", "guards:cpp:cpu",
                                      "guards:cpp:cuda", "sequence:module:cpu", "sequence:module:cuda",
                                      "sequence:cpp:cpu", "sequence:cpp:cuda"}));
  EXPECT_EQ(texts(variant_stages({}, {"cpu"})),
            (std::vector<std::string>{"export", "archive", "roundtrip:validate", "roundtrip:bytes", "roundtrip:reload",
                                      "golden"}));
}

TEST(StagePlan, EverythingAfterExportNeedsIt) {
  const auto plan = variant_stages({"cpp"}, {"cpu"});
  auto after = texts(dependents(StageId::Kind::Export, plan));
  EXPECT_EQ(after, (std::vector<std::string>{"archive", "roundtrip:validate", "roundtrip:bytes", "roundtrip:reload",
                                             "golden", "replay:cpp:cpu", "guards:cpp:cpu", "sequence:cpp:cpu"}));
  EXPECT_TRUE(dependents(StageId::Kind::Golden, plan).empty());
}

TEST(StagePlan, EveryStageKindHasOneRowAndExportNeedsNothing) {
  std::set<StageId::Kind> kinds;
  for (const StageRow& row : stage_table()) {
    EXPECT_TRUE(kinds.insert(row.kind).second);
    for (StageId::Kind need : row.needs) EXPECT_TRUE(kinds.contains(need)) << "a row needs a later stage";
  }
  EXPECT_TRUE(stage_table().front().needs.empty());
}

}  // namespace
}  // namespace exportcheck::run
