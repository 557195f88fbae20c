// Which records have a plain-torch repro (`exportcheck repro`), and its
// command: report/standalone_repro.h, shared by the repro command and the
// reports' upstream gaps.
#include <gtest/gtest.h>

#include "harness/report/standalone_repro.h"

using namespace exportcheck::report;

namespace {

StageResult record(const std::string& c, const std::string& stage, const std::string& variant) {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = variant;
  r.verdict = Verdict::XFail;
  return r;
}

}  // namespace

TEST(StandaloneRepro, CommandForTheStagesAPlainTorchReproduces) {
  EXPECT_EQ(standalone_repro(record("seed_cond", "roundtrip:reload", "strict/core_aten")).command,
            "build/exportcheck repro seed_cond --stage roundtrip:reload --mode strict --ir core_aten "
            "--out repro/seed_cond-roundtrip-reload-strict-core_aten");
  EXPECT_EQ(standalone_repro(record("x", "replay:module:cuda", "nonstrict/training")).command,
            "build/exportcheck repro x --stage replay:module:cuda --mode nonstrict --ir training "
            "--out repro/x-replay-module-cuda-nonstrict-training");
  EXPECT_EQ(standalone_repro(record("x", "export", "")).command, "build/exportcheck repro x --stage export --out repro/x-export");
}

TEST(StandaloneRepro, SaysWhyThereIsNone) {
  auto why = [](const std::string& c, const std::string& stage) {
    StandaloneRepro r = standalone_repro(record(c, stage, "nonstrict/training"));
    EXPECT_EQ(r.command, "") << stage;
    return r.unavailable;
  };
  EXPECT_NE(why("x", "roundtrip:bytes").find("only roundtrip:reload has a plain-torch form"), std::string::npos);
  EXPECT_NE(why("x", "golden").find("golden compares with exportcheck's committed golden IR"), std::string::npos);
  EXPECT_NE(why("x", "replay:cpp:cpu").find("exportcheck's own C++ executor"), std::string::npos);
  EXPECT_NE(why("x", "case").find("not a stage of a case"), std::string::npos);
  EXPECT_NE(why("exportdb-upstream/cond_closed_over_variable", "export").find("not of cases/"), std::string::npos);
}
