#include <gtest/gtest.h>

#include "harness/report/suite_table.h"
#include "harness/report/summary_json.h"

using namespace exportcheck::report;

namespace {

StageResult result(const std::string& c, const std::string& stage, const std::string& variant, Verdict v) {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = variant;
  r.verdict = v;
  return r;
}

std::vector<StageResult> opinfo_records() {
  const std::string a = "nonstrict/training", b = "strict/core_aten";
  return {
      result("opinfo/add/float32", "export", a, Verdict::Pass),
      result("opinfo/add/float32", "export", b, Verdict::Pass),
      result("opinfo/add/float32", "replay:module:cpu", a, Verdict::Pass),
      result("opinfo/add/float32", "replay:cpp:cpu", a, Verdict::Pass),
      result("opinfo/add/float32", "replay:cpp:cpu", b, Verdict::Fail),  // one variant fails: the cell reads FAIL
      result("opinfo/add/float32", "replay:cpp:cuda", a, Verdict::Unsupported),
      result("opinfo/add/int64", "export", a, Verdict::XFail),
      result("opinfo/add/int64", "replay:cpp:cpu", a, Verdict::Skip),
      result("opinfo/nn.functional.conv2d/float32-dynamic", "guards:module:cpu", a, Verdict::Pass),
      result("opinfo/nn.functional.conv2d/float32-dynamic", "export", a, Verdict::Pass),
      result("seed_cond", "export", a, Verdict::Fail),                     // cases/: no suite
      result("exportdb-upstream/cond_branch", "export", a, Verdict::Pass),  // one '/': no per-op table
  };
}

}  // namespace

TEST(SuiteTable, SplitsSuiteOpLaneNamesOnly) {
  auto n = split_suite_case("opinfo/nn.functional.conv2d/float32-dynamic-s1");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->suite, "opinfo");
  EXPECT_EQ(n->op, "nn.functional.conv2d") << "an op key keeps its dots";
  EXPECT_EQ(n->lane, "float32-dynamic-s1");
  for (const char* other : {"seed_cond", "exportdb-upstream/cond_branch", "a/b/c/d", "/add/float32", "opinfo//float32",
                            "opinfo/add/"})
    EXPECT_FALSE(split_suite_case(other)) << other;
}

TEST(SuiteTable, OneVerdictPerOpLaneStageTheMostNoteworthyOfItsVariants) {
  const auto tables = suite_tables(opinfo_records());
  ASSERT_EQ(tables.size(), 1u) << "only the suite with <suite>/<op>/<lane> names";
  const SuiteTable& t = tables[0];
  EXPECT_EQ(t.suite, "opinfo");
  EXPECT_EQ(t.cases, 3);
  EXPECT_EQ(t.lanes, (std::vector<std::string>{"float32", "float32-dynamic", "int64"}));
  ASSERT_EQ(t.ops.size(), 2u);
  const auto& add = t.ops.at("add");
  EXPECT_EQ(add.at("float32").at("export"), Verdict::Pass);
  EXPECT_EQ(add.at("float32").at("replay:cpp:cpu"), Verdict::Fail);
  EXPECT_EQ(add.at("float32").at("replay:cpp:cuda"), Verdict::Unsupported);
  EXPECT_EQ(add.at("int64").at("export"), Verdict::XFail);
  EXPECT_EQ(t.ops.at("nn.functional.conv2d").at("float32-dynamic").size(), 2u);
  EXPECT_EQ(t.stages, (std::vector<std::string>{"export", "replay:cpp:cpu", "replay:cpp:cuda", "replay:module:cpu",
                                                "guards:module:cpu"}))
      << "pipeline order";
}

TEST(SuiteTable, PassRatesPerStageAndRuntimeCountWhatRanWithXfailApart) {
  const SuiteTable t = suite_tables(opinfo_records()).at(0);
  const PassRate& exp = t.by_stage.at("export");
  EXPECT_EQ(exp.passed, 3);
  EXPECT_EQ(exp.ran, 4) << "the XFAIL ran";
  EXPECT_EQ(exp.xfail, 1);
  EXPECT_DOUBLE_EQ(*exp.rate(), 0.75);
  const PassRate& cpp = t.by_runtime.at("cpp");  // replay:cpp:cpu x3, replay:cpp:cuda
  EXPECT_EQ(cpp.passed, 1);
  EXPECT_EQ(cpp.ran, 2) << "UNSUPPORTED and SKIP did not run";
  EXPECT_EQ(cpp.not_run, 2);
  const PassRate& module = t.by_runtime.at("module");  // replay and guards
  EXPECT_EQ(module.passed, 2);
  EXPECT_EQ(module.ran, 2);
  EXPECT_FALSE(t.by_stage.at("replay:cpp:cuda").rate()) << "nothing ran: no rate";
}

TEST(SuiteTable, SummaryJson16CarriesTheSuites) {
  Summary s;
  s.results = opinfo_records();
  const auto j = summary_to_json(s);
  EXPECT_EQ(j["version"], "1.10");
  ASSERT_TRUE(j["suites"].contains("opinfo"));
  EXPECT_FALSE(j["suites"].contains("exportdb-upstream"));
  const auto& o = j["suites"]["opinfo"];
  EXPECT_EQ(o["cases"], 3);
  EXPECT_EQ(o["ops"]["add"]["float32"]["replay:cpp:cpu"], "FAIL");
  EXPECT_EQ(o["ops"]["nn.functional.conv2d"]["float32-dynamic"]["export"], "PASS");
  EXPECT_EQ(o["pass_rates"]["stages"]["export"],
            (nlohmann::json{{"passed", 3}, {"ran", 4}, {"xfail", 1}, {"not_run", 0}, {"rate", 0.75}}));
  EXPECT_TRUE(o["pass_rates"]["stages"]["replay:cpp:cuda"]["rate"].is_null());
  EXPECT_EQ(o["pass_rates"]["runtimes"]["cpp"]["ran"], 2);
  EXPECT_NO_THROW(summary_from_json(j)) << "derived: read back and computed again";
}
