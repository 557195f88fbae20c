// The release gate between two torch releases (report/gate.h, gate_dashboard.h).
#include <gtest/gtest.h>

#include <algorithm>

#include "harness/report/gate.h"
#include "harness/report/gate_dashboard.h"

using namespace exportcheck::report;

namespace {

StageResult result(const std::string& c, const std::string& stage, Verdict v, const std::string& variant = "",
                   double seconds = 0.1) {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = variant;
  r.verdict = v;
  r.seconds = seconds;
  r.message = std::string(to_string(v)) + " message";
  return r;
}

Summary run(const std::string& id, const std::string& torch, std::vector<StageResult> results) {
  Summary s;
  s.run.id = id;
  s.run.torch = torch;
  s.results = std::move(results);
  return s;
}

const SideBySideRow* find_row(const GateReport& g, const std::string& c, const std::string& stage, bool forward = false) {
  for (const auto& r : g.rows)
    if (r.case_name == c && r.stage == stage && r.forward == forward) return &r;
  return nullptr;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(Gate, SameResultsUnderBothReleasesPass) {
  auto old = run("old", "2.13.0", {result("c", "export", Verdict::Pass), result("c", "golden", Verdict::XFail)});
  auto now = run("new", "2.14.1", {result("c", "export", Verdict::Pass), result("c", "golden", Verdict::XFail)});
  auto g = make_gate(old, now, nullptr);
  EXPECT_TRUE(g.passes());
  EXPECT_EQ(g.baseline.torch, "2.13.0");
  EXPECT_EQ(g.candidate.torch, "2.14.1");
  EXPECT_EQ(g.candidate.id, "new");
  EXPECT_TRUE(g.regressions.empty());
  ASSERT_EQ(g.rows.size(), 2u);
  EXPECT_EQ(g.rows[0].stage, "export") << "pipeline order, not alphabetical";
  for (const auto& r : g.rows) EXPECT_FALSE(r.differs()) << r.stage;
  EXPECT_TRUE(contains(gate_text(g), "gate: PASS")) << gate_text(g);
  EXPECT_EQ(to_json(g)["passes"], true);
}

TEST(Gate, ExpectedUnderBaselineUnexpectedUnderCandidateFails) {
  auto old = run("old", "2.13.0", {result("a", "export", Verdict::Pass, "nonstrict/training"),
                                   result("b", "replay:module:cpu", Verdict::XFail, "strict/training")});
  auto now = run("new", "2.14.1", {result("a", "export", Verdict::Fail, "nonstrict/training"),
                                   result("b", "replay:module:cpu", Verdict::Fail, "strict/training")});
  auto g = make_gate(old, now, nullptr);
  EXPECT_FALSE(g.passes());
  ASSERT_EQ(g.count(RegressionKind::Regression), 2);
  EXPECT_EQ(g.regressions[0].id, "a::export[nonstrict/training]");
  EXPECT_EQ(g.regressions[0].before, Verdict::Pass);
  EXPECT_EQ(g.regressions[0].after, Verdict::Fail);
  EXPECT_EQ(g.regressions[1].before, Verdict::XFail);
  auto j = to_json(g);
  EXPECT_EQ(j["passes"], false);
  EXPECT_EQ(j["regressions"][0]["id"], "a::export[nonstrict/training]");
  EXPECT_EQ(j["regressions"][0]["kind"], "regression");
  EXPECT_EQ(j["counts"]["regressions"], 2);
  auto text = gate_text(g);
  EXPECT_TRUE(contains(text, "PASS -> FAIL  a::export[nonstrict/training]")) << text;
  EXPECT_TRUE(contains(text, "FAIL message")) << "each regression with its message\n" << text;
  EXPECT_TRUE(contains(text, "gate: FAIL")) << text;
  const auto* row = find_row(g, "a", "export");
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(row->differs());
  EXPECT_EQ(row->regression, RegressionKind::Regression);
}

TEST(Gate, UnexpectedForwardCompatRecordFails) {
  auto old = run("old", "2.13.0", {result("c", "export", Verdict::Pass)});
  auto now = run("new", "2.14.1", {result("c", "export", Verdict::Pass)});
  auto fwd = run("fwd", "2.13.0", {result("c", "compat:2.14.1:module", Verdict::Pass, "nonstrict/training"),
                                   result("c", "compat:2.14.1:cpp", Verdict::Fail, "nonstrict/training"),
                                   result("d", "compat:2.14.1:module", Verdict::XFail, "strict/training")});
  EXPECT_TRUE(make_gate(old, now, nullptr).passes());
  auto g = make_gate(old, now, &fwd);
  EXPECT_FALSE(g.passes());
  ASSERT_EQ(g.regressions.size(), 1u);
  EXPECT_EQ(g.regressions[0].kind, RegressionKind::ForwardCompat);
  EXPECT_EQ(g.regressions[0].id, "c::compat:2.14.1:cpp[nonstrict/training]");
  EXPECT_FALSE(g.regressions[0].before.has_value());
  EXPECT_EQ(to_json(g)["regressions"][0]["kind"], "forward compat");
  EXPECT_EQ(to_json(g)["forward"]["id"], "fwd");
  const auto* row = find_row(g, "c", "compat:2.14.1:cpp", true);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->baseline, Verdict::Fail);
  EXPECT_EQ(row->regression, RegressionKind::ForwardCompat);
  EXPECT_FALSE(find_row(g, "c", "compat:2.14.1:module", true)->differs()) << "a passing forward record is not flagged";
  EXPECT_TRUE(contains(gate_text(g), "FORWARD COMPAT")) << gate_text(g);

  auto fine = run("fwd", "2.13.0", {result("d", "compat:2.14.1:module", Verdict::XFail, "strict/training")});
  EXPECT_TRUE(make_gate(old, now, &fine).passes()) << "an expected forward failure does not fail the gate";
}

TEST(Gate, CandidateThatCannotLoadTheBaselinesArchiveFails) {
  auto old = run("old", "2.13.0", {result("c", "export", Verdict::Pass), result("c", "compat:2.11.0:module", Verdict::Pass)});
  auto now = run("new", "2.14.1", {result("c", "export", Verdict::Pass), result("c", "compat:2.11.0:module", Verdict::Pass),
                                   result("c", "compat:2.13.0:module", Verdict::Crash, "nonstrict/training"),
                                   result("c", "compat:2.13.0:cpp", Verdict::Pass, "nonstrict/training")});
  auto g = make_gate(old, now, nullptr);
  EXPECT_FALSE(g.passes());
  ASSERT_EQ(g.regressions.size(), 1u);
  EXPECT_EQ(g.regressions[0].kind, RegressionKind::BackwardCompat);
  EXPECT_EQ(g.regressions[0].id, "c::compat:2.13.0:module[nonstrict/training]");
  EXPECT_EQ(find_row(g, "c", "compat:2.13.0:module")->regression, RegressionKind::BackwardCompat);
}

TEST(Gate, FixesAreListedAndDoNotFail) {
  auto old = run("old", "2.13.0", {result("xp", "export", Verdict::XFail), result("fp", "golden", Verdict::Fail)});
  auto now = run("new", "2.14.1", {result("xp", "export", Verdict::XPass), result("fp", "golden", Verdict::Pass)});
  EXPECT_FALSE(compare_runs(old, now).passes()) << "report --baseline fails on an unacknowledged fix";
  auto g = make_gate(old, now, nullptr);
  EXPECT_TRUE(g.passes());
  ASSERT_EQ(g.fixes.size(), 2u);
  EXPECT_EQ(to_json(g)["fixes"].size(), 2u);
  EXPECT_EQ(to_json(g)["counts"]["fixes"], 2);
  EXPECT_TRUE(contains(gate_text(g), "XFAIL -> XPASS  xp::export")) << gate_text(g);
  EXPECT_TRUE(contains(gate_text(g), "gate: PASS")) << gate_text(g);
}

TEST(Gate, GoldenDriftIsListedWithTheCandidatesDiff) {
  auto drifted = result("c", "golden", Verdict::Drift, "nonstrict/training");
  drifted.message = "golden/c/training.ir was made by torch 2.13.0, this program by torch 2.14.1; the IR differs:\n...";
  drifted.details["diff"] = "@@ -1 +1 @@\n-  %add = aten.add.Tensor(%x, %y)\n+  %add = aten.add.Tensor(%y, %x)\n";
  auto no_details = result("d", "golden", Verdict::Fail, "strict/training");
  auto old = run("old", "2.13.0", {result("c", "golden", Verdict::Pass, "nonstrict/training"),
                                   result("d", "golden", Verdict::Pass, "strict/training"),
                                   result("e", "golden", Verdict::Pass, "strict/training"),
                                   result("f", "golden", Verdict::Pass, "strict/training")});
  auto now = run("new", "2.14.1", {drifted, no_details, result("e", "golden", Verdict::Pass, "strict/training"),
                                   result("f", "golden", Verdict::Skip, "strict/training")});
  auto g = make_gate(old, now, nullptr);
  ASSERT_EQ(g.drift.size(), 2u) << "a golden that still matches or did not run is no drift";
  EXPECT_EQ(g.drift[0].case_name, "c");
  EXPECT_EQ(g.drift[0].variant, "nonstrict/training");
  EXPECT_EQ(g.drift[0].after, Verdict::Drift);
  EXPECT_EQ(g.drift[0].diff, drifted.details["diff"].get<std::string>());
  EXPECT_EQ(g.drift[1].case_name, "d");
  EXPECT_EQ(g.drift[1].diff, "FAIL message") << "no details: the message is the diff";
  EXPECT_EQ(to_json(g)["drift"][0]["diff"], drifted.details["diff"]);
  EXPECT_TRUE(contains(gate_text(g), "PASS -> DRIFT  c [nonstrict/training]")) << gate_text(g);

  auto html = gate_html(g);
  EXPECT_TRUE(contains(html, "<pre class=\"diff\">")) << "drift diffs in <pre>";
  EXPECT_TRUE(contains(html, "<span class=\"add\">+  %add = aten.add.Tensor(%y, %x)</span>"));
  EXPECT_TRUE(contains(html, "id=\"count-drift\" data-count=\"2\""));
}

TEST(Gate, NewAndRemovedEntriesAreGroupedBySuite) {
  auto old = run("old", "2.13.0", {result("kept", "export", Verdict::Pass), result("gone", "export", Verdict::Pass),
                                   result("opinfo/sin/float32", "export", Verdict::Pass)});
  auto now = run("new", "2.14.1", {result("kept", "export", Verdict::Pass),
                                   result("exportdb-upstream/new_example", "export", Verdict::Pass),
                                   result("exportdb-upstream/other_example", "export", Verdict::XFail),
                                   result("opinfo/cos/float32", "export", Verdict::Pass)});
  auto g = make_gate(old, now, nullptr);
  ASSERT_EQ(g.new_entries.size(), 2u);
  EXPECT_EQ(g.new_entries[0].suite, "exportdb-upstream");
  EXPECT_EQ(g.new_entries[0].cases,
            (std::vector<std::string>{"exportdb-upstream/new_example", "exportdb-upstream/other_example"}));
  EXPECT_EQ(g.new_entries[1].suite, "opinfo");
  ASSERT_EQ(g.removed_entries.size(), 2u);
  EXPECT_EQ(g.removed_entries[0].suite, "catalog") << "cases/ has no prefix";
  EXPECT_EQ(g.removed_entries[0].cases, std::vector<std::string>{"gone"});
  EXPECT_EQ(g.removed_entries[1].suite, "opinfo");
  EXPECT_TRUE(g.passes()) << "new and removed entries are news";
  auto j = to_json(g);
  EXPECT_EQ(j["counts"]["new_entries"], 3);
  EXPECT_EQ(j["removed_entries"][0]["suite"], "catalog");
  EXPECT_TRUE(contains(gate_text(g), "new entries of exportdb-upstream (2)")) << gate_text(g);
  const auto* gone = find_row(g, "gone", "export");
  ASSERT_NE(gone, nullptr);
  EXPECT_FALSE(gone->candidate.has_value());
  EXPECT_TRUE(gone->differs()) << "a record only one run has is flagged";
}

TEST(Gate, ExportTimeChangesBeyondTheThresholdOnly) {
  auto old = run("old", "2.13.0",
                 {result("slower", "export", Verdict::Pass, "strict/training", 2.0),
                  result("slower", "export", Verdict::Pass, "nonstrict/training", 1.0),
                  result("a_bit", "export", Verdict::Pass, "", 4.0), result("tiny", "export", Verdict::Pass, "", 0.1),
                  result("replay_only", "export", Verdict::Pass, "", 2.0),
                  result("replay_only", "replay:module:cpu", Verdict::Pass, "", 1.0)});
  auto now = run("new", "2.14.1",
                 {result("slower", "export", Verdict::Pass, "strict/training", 4.0),
                  result("slower", "export", Verdict::Pass, "nonstrict/training", 2.0),
                  result("a_bit", "export", Verdict::Pass, "", 5.5), result("tiny", "export", Verdict::Pass, "", 0.9),
                  result("replay_only", "export", Verdict::Pass, "", 2.0),
                  result("replay_only", "replay:module:cpu", Verdict::Pass, "", 30.0)});
  auto g = make_gate(old, now, nullptr);
  ASSERT_EQ(g.export_time.size(), 1u) << "a_bit: +37.5%; tiny: under 1 s; replay_only: not export time";
  EXPECT_EQ(g.export_time[0].case_name, "slower");
  EXPECT_DOUBLE_EQ(g.export_time[0].before, 3.0);
  EXPECT_DOUBLE_EQ(g.export_time[0].after, 6.0);
  EXPECT_TRUE(g.passes());
  EXPECT_EQ(to_json(g)["export_time"][0]["case"], "slower");
  EXPECT_TRUE(contains(gate_text(g), "slower: 3 s -> 6 s")) << gate_text(g);

  GateOptions loose;
  loose.export_time_ratio = 1.5;
  EXPECT_TRUE(make_gate(old, now, nullptr, loose).export_time.empty()) << "doubling is within 150%";
  GateOptions strict;
  strict.export_time_ratio = 0.3;
  EXPECT_EQ(make_gate(old, now, nullptr, strict).export_time.size(), 2u) << "a_bit's 37.5% is beyond 30%";
}

TEST(Gate, JunitHasOneTestcasePerRowAndFailsRegressions) {
  auto old = run("old", "2.13.0", {result("a", "export", Verdict::Pass), result("a", "golden", Verdict::Pass),
                                   result("b", "export", Verdict::Pass)});
  auto now = run("new", "2.14.1", {result("a", "export", Verdict::Pass), result("a", "golden", Verdict::Drift),
                                   result("b", "export", Verdict::Error)});
  auto fwd = run("fwd", "2.13.0", {result("a", "compat:2.14.1:module", Verdict::Fail, "strict/training")});
  auto g = make_gate(old, now, &fwd);
  auto xml = gate_junit_xml(g);
  auto occurrences = [&](const std::string& part) {
    size_t n = 0;
    for (size_t pos = xml.find(part); pos != std::string::npos; pos = xml.find(part, pos + 1)) ++n;
    return n;
  };
  EXPECT_EQ(occurrences("<testcase "), g.rows.size());
  EXPECT_EQ(g.rows.size(), 4u);
  EXPECT_EQ(occurrences("<failure "), 2u) << xml;
  EXPECT_TRUE(contains(xml, "<failure type=\"regression\" message=\"baseline PASS, candidate ERROR: ERROR message\""))
      << xml;
  EXPECT_TRUE(contains(xml, "name=\"forward compat:2.14.1:module[strict/training]\"")) << xml;
  EXPECT_TRUE(contains(xml, "<failure type=\"forward compat\"")) << xml;
  EXPECT_TRUE(contains(xml, "<system-out><![CDATA[baseline PASS, candidate DRIFT]]></system-out>"))
      << "a difference that does not gate is told, not failed\n" << xml;
}

TEST(GateDashboard, HeaderCountsSectionsAndSafeData) {
  auto old = run("old", "2.13.0", {result("a", "export", Verdict::Pass), result("b", "export", Verdict::XFail)});
  auto bad = result("a", "export", Verdict::Fail);
  bad.message = "</script><b>boom</b>\nsecond line";
  auto now = run("new", "2.14.1", {bad, result("b", "export", Verdict::Pass), result("opinfo/x/float32", "export", Verdict::Pass)});
  auto fwd = run("fwd", "2.13.0", {result("a", "compat:2.14.1:module", Verdict::Crash, "strict/training")});
  auto g = make_gate(old, now, &fwd);
  auto html = gate_html(g);
  EXPECT_TRUE(contains(html, "<h1>exportcheck gate: torch 2.13.0 → torch 2.14.1"));
  EXPECT_TRUE(contains(html, "class=\"gate-fail\">gate FAIL"));
  EXPECT_TRUE(contains(html, "id=\"count-regressions\" data-count=\"1\""));
  EXPECT_TRUE(contains(html, "id=\"count-forward-compat\" data-count=\"1\""));
  EXPECT_TRUE(contains(html, "id=\"count-fixes\" data-count=\"1\""));
  EXPECT_TRUE(contains(html, "id=\"count-new\" data-count=\"1\""));
  EXPECT_TRUE(contains(html, "id=\"count-removed\" data-count=\"0\""));
  EXPECT_TRUE(contains(html, "id=\"count-export-time\" data-count=\"0\""));
  for (const char* id : {"regressions", "forward-compat", "fixes", "drift", "entries", "export-time"})
    EXPECT_TRUE(contains(html, std::string("<section id=\"") + id + "\">")) << id;
  EXPECT_TRUE(contains(html, "&lt;/script&gt;&lt;b&gt;boom&lt;/b&gt;")) << "messages are text, never HTML";
  EXPECT_FALSE(contains(html, "<b>boom")) << "nor in the embedded rows";
  EXPECT_TRUE(contains(html, "id=\"only-diff\" type=\"checkbox\""));
  EXPECT_TRUE(contains(html, "id=\"q\" type=\"search\""));
  EXPECT_TRUE(contains(html, "\"strings\":[\"a\",\"export\"")) << "the side-by-side rows are embedded";
  EXPECT_FALSE(contains(html, "http://")) << "self-contained, no network";
  EXPECT_FALSE(contains(html, "https://"));
}
