// The upstream gaps a run saw (report/upstream_gap.h): once each, grouped by
// reason and kind, with the cases they affect and a standalone repro; in
// summary.json 1.5 as "upstream_gaps".
#include <gtest/gtest.h>

#include "harness/report/summary_json.h"
#include "harness/report/upstream_gap.h"

using namespace exportcheck::report;

namespace {

StageResult record(const std::string& c, const std::string& stage, const std::string& variant, Verdict v,
                   const std::string& reason, bool finding = false) {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = variant;
  r.verdict = v;
  r.reason = reason;
  r.message = v == Verdict::XFail ? reason + " — the failure" : reason;
  r.finding = finding;
  return r;
}

const std::string kGap = "known upstream gap: NativeRT's PyModelRunner checks no input range (FACTS.md)";
const std::string kModuleGap = "known upstream gap: module() does not check a lower bound";
const std::string kTorchBug = "torch 2.13 bug: torch.return_types structseqs cannot be saved";
const std::string kLevel = "upstream support_level NOT_SUPPORTED_YET";

std::vector<StageResult> records() {
  return {
      record("a", "guards:nativert:cpu", "nonstrict/training", Verdict::XFail, kGap),
      record("a", "guards:module:cpu", "nonstrict/training", Verdict::XFail, kModuleGap),
      record("b", "guards:nativert:cpu", "strict/inference", Verdict::XFail, kGap),
      record("b", "guards:nativert:cuda", "strict/inference", Verdict::XFail, kGap),
      record("c", "export", "nonstrict/training", Verdict::XFail, kTorchBug),
      record("c", "export", "strict/training", Verdict::XFail, kTorchBug),
      record("d", "export", "nonstrict/training", Verdict::XFail, "by design: strict export allows no graph break"),
      record("d", "replay:cpp:cpu", "nonstrict/training", Verdict::XFail,
             "the ops are registered by torch.library in Python only"),
      record("exportdb-upstream/x", "export", "nonstrict/training", Verdict::Pass, kLevel, true),
      record("exportdb-upstream/x", "export", "strict/training", Verdict::XFail, kLevel),
      record("e", "replay:module:cuda", "nonstrict/training", Verdict::Unsupported, "CUDA not available"),
      record("e", "export", "nonstrict/training", Verdict::Fail, "torch 2.13 bug: a failure is not a gap"),
  };
}

}  // namespace

TEST(UpstreamGap, ReasonsThatBlameTorch) {
  for (const char* r : {"upstream bug: x", "Upstream: x", "known upstream gap: x", "torch 2.13: x", "torch 2.11 only (H200): x",
                        "torch 2.13 bug: x", "torch: x", "NativeRT (torch 2.11) has no kernel for scan"})
    EXPECT_TRUE(blames_torch(r)) << r;
  for (const char* r : {"by design: use torch.cond", "self-test: the model differs", "torchvision not installed",
                        "the ops are registered by torch.library", "aten.lstm decomposes into a loop", ""})
    EXPECT_FALSE(blames_torch(r)) << r;
}

TEST(UpstreamGap, OneEntryPerGapWithItsCasesAndStages) {
  auto gaps = upstream_gaps(records(), {kGap, kModuleGap});
  ASSERT_EQ(gaps.size(), 5u);
  // Known gaps first (most records first), then expectations blaming torch, then findings.
  EXPECT_EQ(gaps[0].kind, GapKind::KnownGap);
  EXPECT_EQ(gaps[0].reason, kGap);
  EXPECT_EQ(gaps[0].count, 3);
  EXPECT_EQ(gaps[0].cases, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(gaps[0].stages, (std::vector<std::string>{"guards:nativert:cpu", "guards:nativert:cuda"}));
  EXPECT_EQ(gaps[1].kind, GapKind::KnownGap);
  EXPECT_EQ(gaps[1].reason, kModuleGap);
  EXPECT_EQ(gaps[2].kind, GapKind::Expectation);
  EXPECT_EQ(gaps[2].reason, kTorchBug);
  EXPECT_EQ(gaps[2].count, 2);
  EXPECT_EQ(gaps[2].cases, (std::vector<std::string>{"c"}));
  // The same reason as an expected failure and as a finding: two gaps (one says upstream's level lags).
  EXPECT_EQ(gaps[3].kind, GapKind::Expectation);
  EXPECT_EQ(gaps[3].reason, kLevel);
  EXPECT_EQ(gaps[4].kind, GapKind::Finding);
  EXPECT_EQ(gaps[4].reason, kLevel);
  EXPECT_EQ(gaps[4].cases, (std::vector<std::string>{"exportdb-upstream/x"}));
}

TEST(UpstreamGap, WithoutTheKnownGapsFileItsGapsStillBlameTorch) {
  auto gaps = upstream_gaps(records(), {});
  ASSERT_EQ(gaps.size(), 5u);
  EXPECT_EQ(gaps[0].kind, GapKind::Expectation);
  EXPECT_EQ(gaps[0].reason, kGap);
}

TEST(UpstreamGap, ReproOfTheFirstReproducibleRecordElseWhyNone) {
  auto gaps = upstream_gaps(records(), {kGap, kModuleGap});
  // NativeRT has no plain-torch repro: every record of the gap is refused; the first one's reason is shown.
  EXPECT_EQ(gaps[0].repro.command, "");
  EXPECT_NE(gaps[0].repro.unavailable.find("runtime nativert (NativeRT) is not usable from a plain torch build"),
            std::string::npos)
      << gaps[0].repro.unavailable;
  EXPECT_EQ(gaps[1].repro.command,
            "build/exportcheck repro a --stage guards:module:cpu --mode nonstrict --ir training "
            "--out repro/a-guards-module-cpu-nonstrict-training");
  EXPECT_EQ(gaps[2].repro.command,
            "build/exportcheck repro c --stage export --mode nonstrict --ir training --out repro/c-export-nonstrict-training");
  // A case of an external suite: `exportcheck repro` reads cases/ only.
  EXPECT_EQ(gaps[4].repro.command, "");
  EXPECT_NE(gaps[4].repro.unavailable.find("exportdb-upstream/x is a case of the suite exportdb-upstream"),
            std::string::npos)
      << gaps[4].repro.unavailable;
}

TEST(UpstreamGap, LegacyFindingsAreGroupedByTheirMessage) {
  StageResult r = record("x", "export", "strict/training", Verdict::Pass, "");
  r.message = "finding: export passed in strict mode although expected to fail (upstream NOT_SUPPORTED_YET)";
  auto gaps = upstream_gaps({r, r}, {});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].kind, GapKind::Finding);
  EXPECT_EQ(gaps[0].count, 2);
  EXPECT_EQ(gaps[0].reason, "export passed in strict mode although expected to fail (upstream NOT_SUPPORTED_YET)");
}

TEST(UpstreamGap, SummaryJsonCarriesTheGapsAndReadsItsKnownGapsBack) {
  Summary s;
  s.results = records();
  s.known_gaps = {kGap, kModuleGap, "a known gap this run did not see"};
  auto j = summary_to_json(s);
  EXPECT_EQ(j.at("version"), "1.10");
  const auto& gaps = j.at("upstream_gaps");
  ASSERT_EQ(gaps.size(), 5u);
  EXPECT_EQ(gaps[0].at("kind"), "known gap");
  EXPECT_EQ(gaps[0].at("reason"), kGap);
  EXPECT_EQ(gaps[0].at("count"), 3);
  EXPECT_EQ(gaps[0].at("cases"), nlohmann::json::array({"a", "b"}));
  EXPECT_TRUE(gaps[0].contains("no_repro") && !gaps[0].contains("repro"));
  EXPECT_EQ(gaps[2].at("kind"), "expectation");
  EXPECT_TRUE(gaps[2].at("repro").get<std::string>().starts_with("build/exportcheck repro c --stage export"));
  EXPECT_EQ(gaps[4].at("kind"), "finding");
  // Read back, the known gaps it saw still read as known gaps when the file is written again.
  Summary back = summary_from_json(j);
  EXPECT_EQ(back.known_gaps, (std::vector<std::string>{kGap, kModuleGap}));
  EXPECT_EQ(summary_to_json(back).at("upstream_gaps"), gaps);
}
