#include <gtest/gtest.h>

#include <algorithm>

#include "harness/report/dashboard.h"

using namespace exportcheck::report;

namespace {

Summary sample() {
  Summary s;
  s.run.id = "run<1>";
  s.run.torch = "2.13.0+cpu";
  StageResult pass{"conv", "export", "nonstrict/training", Verdict::Pass, "", 0.2, nlohmann::json::object()};
  StageResult fail{"conv", "golden", "nonstrict/training", Verdict::Fail, "golden differs </script><script>alert(1)</script>",
                   0.1, {{"diff", "--- golden\n+++ now\n-a\n+b\n"}}};
  s.results = {pass, fail};
  s.cases["conv"] = {{"nn.conv"}, "cases/conv.yaml", "A <b>conv</b>."};
  return s;
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

// The JSON between the data element's tags.
nlohmann::json embedded(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"exportcheck-data\">";
  auto a = html.find(open);
  EXPECT_NE(a, std::string::npos);
  a += open.size();
  return nlohmann::json::parse(html.substr(a, html.find("</script>", a) - a));
}

// summary.json's results from the page's compact records, as the page's script rebuilds them.
std::vector<StageResult> records_of(const nlohmann::json& data) {
  const auto& t = data.at("records").at("strings");
  std::vector<StageResult> out;
  for (const auto& x : data.at("records").at("rows")) {
    nlohmann::json r = {{"case", t[x[0].get<int>()]}, {"stage", t[x[1].get<int>()]}, {"variant", t[x[2].get<int>()]},
                        {"verdict", t[x[3].get<int>()]}, {"message", t[x[4].get<int>()]}, {"seconds", x[5]}};
    if (x.size() > 6) {
      if (x[6].contains("reason")) r["reason"] = t[x[6]["reason"].get<int>()];
      if (x[6].contains("finding")) r["finding"] = x[6]["finding"];
      if (x[6].contains("details")) r["details"] = x[6]["details"];
    }
    out.push_back(stage_result_from_json(r));
  }
  return out;
}

}  // namespace

TEST(Dashboard, IsOneFileThatNeedsNoNetwork) {
  auto html = dashboard_html(sample());
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  for (const char* remote : {"http://", "https://", "<link", " src=", "@import", "//cdn"})
    EXPECT_EQ(html.find(remote), std::string::npos) << remote;
  EXPECT_NE(html.find("<title>exportcheck run&lt;1&gt;</title>"), std::string::npos) << "the title is escaped";
}

TEST(Dashboard, EmbedsTheSummaryWithoutLettingItCloseTheScript) {
  auto html = dashboard_html(sample());
  EXPECT_EQ(count(html, "</script>"), 2u) << "only the data element's and the script's own closing tags";
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  auto data = embedded(html);
  auto back = summary_from_json(data["summary"]);
  back.results = records_of(data);
  ASSERT_EQ(back.results.size(), 2u);
  EXPECT_EQ(back.results[1].message, "golden differs </script><script>alert(1)</script>");
  EXPECT_EQ(back.results[1].details["diff"], "--- golden\n+++ now\n-a\n+b\n");
  EXPECT_EQ(back.cases["conv"].tags, (std::vector<std::string>{"nn.conv"}));
  EXPECT_TRUE(data["comparison"].is_null());
}

TEST(Dashboard, CarriesTheComparisonWhenTheRunWasCompared) {
  Summary old = sample();
  old.results[1].verdict = Verdict::Pass;
  auto now = sample();
  auto c = compare_runs(old, now);
  auto data = embedded(dashboard_html(now, &c));
  ASSERT_TRUE(data["comparison"].is_object());
  EXPECT_EQ(data["comparison"]["regressions"].size(), 1u);
  EXPECT_EQ(data["comparison"]["passes"], false);
}

TEST(Dashboard, ScriptSafeJsonKeepsInvalidUtf8FromThrowing) {
  nlohmann::json j = {{"m", std::string("bad \xff byte <!-- x")}};
  std::string text;
  ASSERT_NO_THROW(text = script_safe_json(j));
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_NE(nlohmann::json::parse(text)["m"].get<std::string>().find("byte <!-- x"), std::string::npos) << text;
}

// The case column's verdict is the one rule's (case_verdict.h), computed in
// C++ and carried in the embedded summary; the page shows it per row.
TEST(Dashboard, CaseRowsShowTheCaseVerdict) {
  Summary s = sample();
  s.results[1].verdict = Verdict::Unsupported;
  s.results[1].message = "CUDA not available";
  auto html = dashboard_html(s);
  auto data = embedded(html);
  EXPECT_EQ(data["summary"]["cases"]["conv"]["verdict"], "PASS");
  EXPECT_EQ(data["summary"]["cases"]["conv"]["detail"], "1 run; 1 not run: no CUDA");
  EXPECT_EQ(data["summary"]["totals"]["skipped"], 1);
  EXPECT_NE(html.find("\"data-case-verdict\": cv.verdict"), std::string::npos) << "the row renders the case verdict";
  EXPECT_NE(html.find("S.not_run_by_cause"), std::string::npos) << "the not-run block renders the causes";
}

// 1.6: the per-suite view and the executor coverage travel in the embedded
// summary; the page renders the pass rates, keeps the per-op table collapsed
// (built when opened) and renders the matrix PAGE rows at a time, so a
// 2000-case run paints at once (tests/browser/test_dashboard.py measures it).
TEST(Dashboard, CarriesTheSuiteViewAndRendersLargeTablesOnDemand) {
  Summary s;
  for (const char* c : {"opinfo/add/float32", "opinfo/nn.functional.conv2d/int64"}) {
    for (const char* runtime : {"module", "cpp"}) {
      StageResult r{c, std::string("replay:") + runtime + ":cpu", "nonstrict/training", Verdict::Pass, "", 0.1,
                    {{"samples", 4}}};
      s.results.push_back(r);
    }
  }
  s.results.back().verdict = Verdict::Fail;
  auto html = dashboard_html(s);
  auto data = embedded(html);
  EXPECT_EQ(data["summary"]["suites"]["opinfo"]["ops"]["nn.functional.conv2d"]["int64"]["replay:cpp:cpu"], "FAIL");
  EXPECT_EQ(data["summary"]["executor_coverage"]["samples"], 8);
  EXPECT_EQ(data["summary"]["executor_coverage"]["samples_passed"], 4);
  for (const char* js : {"S.suites", "S.executor_coverage", "opsBox.addEventListener(\"toggle\"", "const PAGE = 250",
                         "id=\"more-rows\"", "IntersectionObserver"})
    EXPECT_NE(html.find(js), std::string::npos) << js;
}

// The records travel once, each text once: a 2000-case run repeats its
// case, stage, variant and reason texts in every record.
TEST(Dashboard, EmbedsEachRecordTextOnce) {
  Summary s = sample();
  for (int i = 0; i < 50; ++i) {
    StageResult r{"opinfo/add/float32", "replay:cpp:cuda", "strict/core_aten", Verdict::Unsupported, "CUDA not available",
                  0, nlohmann::json::object()};
    r.reason = "CUDA not available";
    s.results.push_back(r);
  }
  s.results[0].finding = true;
  s.results[0].reason = "upstream support_level NOT_SUPPORTED_YET";
  const auto data = embedded(dashboard_html(s));
  EXPECT_TRUE(data["summary"]["results"].empty()) << "not twice";
  const auto& strings = data["records"]["strings"];
  EXPECT_EQ(std::count(strings.begin(), strings.end(), nlohmann::json("CUDA not available")), 1);
  const auto back = records_of(data);
  ASSERT_EQ(back.size(), s.results.size());
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(to_json(back[i]), to_json(s.results[i])) << i;
  }
}
