#include <gtest/gtest.h>

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
