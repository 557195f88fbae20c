#include <gtest/gtest.h>

#include <sstream>

#include "harness/report/aoti_compiles.h"
#include "harness/report/console.h"
#include "harness/report/summary_json.h"

using namespace exportcheck::report;

namespace {

StageResult aoti(const std::string& c, const std::string& stage, const std::string& variant, const std::string& cache,
                 double compile_seconds) {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = variant;
  r.verdict = Verdict::Pass;
  r.details = {{"samples", 9}, {"aoti", {{"cache", cache}, {"compile_seconds", compile_seconds}, {"key", "k"}}}};
  return r;
}

std::vector<StageResult> records() {
  const std::string a = "nonstrict/training", b = "nonstrict/core_aten";
  StageResult module;
  module.case_name = "seed_cond";
  module.stage = "replay:module:cpu";
  module.variant = a;
  module.details = {{"samples", 9}};
  return {
      module,
      aoti("seed_cond", "replay:aoti:cpu", a, "miss", 10.0),
      aoti("seed_cond", "guards:aoti:cpu", a, "miss", 10.0),    // the same program: counted once
      aoti("seed_cond", "sequence:aoti:cpu", a, "miss", 10.0),
      aoti("seed_cond", "replay:aoti:cuda", a, "hit", 30.0),    // another device: a program of its own
      aoti("seed_cond", "replay:aoti:cpu", b, "rebuilt", 20.0),
      aoti("seed_sin_cos", "replay:aoti:cpu", a, "hit", 6.0),
  };
}

}  // namespace

TEST(AotiCompiles, OneEntryPerProgramAndDeviceWithCacheCounts) {
  const AotiCompiles a = aoti_compiles(records());
  ASSERT_EQ(a.programs.size(), 4u);
  EXPECT_EQ(a.hits, 2);
  EXPECT_EQ(a.misses, 1);
  EXPECT_EQ(a.rebuilt, 1);
  EXPECT_DOUBLE_EQ(a.compiled_seconds, 30.0);  // the miss and the rebuild
  EXPECT_DOUBLE_EQ(a.cached_seconds, 36.0);    // what the hits cost when they were compiled
  EXPECT_EQ(a.programs[1].device, "cuda");
  EXPECT_EQ(aoti_line(a), "AOTInductor: 4 programs, 2 compiled in 30.0 s (1 rebuilt), 2 from the compile cache "
                          "(50% hits, 36.0 s saved)");
}

TEST(AotiCompiles, SummaryJsonAndConsoleSayIt) {
  Summary s;
  s.results = records();
  const auto j = summary_to_json(s)["aoti_compiles"];
  EXPECT_EQ(j["programs"], 4);
  EXPECT_DOUBLE_EQ(j["hit_rate"].get<double>(), 0.5);
  ASSERT_EQ(j["slowest"].size(), 4u);
  EXPECT_EQ(j["slowest"][0]["device"], "cuda");  // slowest first
  EXPECT_EQ(j["slowest"][0]["compile_seconds"], 30.0);
  std::ostringstream out;
  print_summary(out, s);
  EXPECT_NE(out.str().find("AOTInductor: 4 programs, 2 compiled in 30.0 s"), std::string::npos) << out.str();
}

TEST(AotiCompiles, NothingToSayWithoutAotiStages) {
  Summary s;
  s.results = {records()[0]};
  EXPECT_EQ(aoti_line(aoti_compiles(s.results)), "");
  EXPECT_EQ(summary_to_json(s)["aoti_compiles"]["programs"], 0);
  std::ostringstream out;
  print_summary(out, s);
  EXPECT_EQ(out.str().find("AOTInductor"), std::string::npos);
}
