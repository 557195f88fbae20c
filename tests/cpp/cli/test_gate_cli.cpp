// `exportcheck gate` through the binary, on run folders written here (no workers).
#include <gtest/gtest.h>

#include "tests/cpp/cli/cli_test_support.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "harness/report/summary_json.h"

using namespace exportcheck;

namespace {

using Result = exportcheck::testing::CommandResult;

Result gate(const std::string& args) { return exportcheck::testing::run_exportcheck("gate " + args); }

report::StageResult result(const std::string& c, const std::string& stage, report::Verdict v, double seconds = 0.1) {
  report::StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.verdict = v;
  r.seconds = seconds;
  r.message = std::string(to_string(v)) + " message";
  return r;
}

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name) : path(std::filesystem::temp_directory_path() / name) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string operator/(const std::string& sub) const { return (path / sub).string(); }
};

void write_run(const std::string& dir, const std::string& torch, std::vector<report::StageResult> results) {
  std::filesystem::create_directories(dir);
  report::Summary s;
  s.run.id = std::filesystem::path(dir).filename().string();
  s.run.torch = torch;
  s.results = std::move(results);
  report::write_summary(std::filesystem::path(dir) / "summary.json", s);
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(GateCli, HelpAndUsageErrors) {
  auto help = gate("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_TRUE(contains(help.output, "usage: exportcheck gate --baseline RUN --candidate RUN")) << help.output;
  EXPECT_EQ(gate("").code, 2);
  EXPECT_EQ(gate("--baseline a --candidate b").code, 2) << "--out is required";
  TempDir t("exportcheck-gate-usage");
  write_run(t / "old", "2.13.0", {result("c", "export", report::Verdict::Pass)});
  auto missing = gate("--baseline " + (t / "old") + " --candidate " + (t / "nope") + " --out " + (t / "gate"));
  EXPECT_EQ(missing.code, 2);
  EXPECT_TRUE(contains(missing.output, "--candidate: no run folder or summary.json at " + (t / "nope"))) << missing.output;
  std::filesystem::create_directories(t / "empty");
  auto empty = gate("--baseline " + (t / "empty") + " --candidate " + (t / "old") + " --out " + (t / "gate"));
  EXPECT_EQ(empty.code, 2);
  EXPECT_TRUE(contains(empty.output, "--baseline: cannot read " + (t / "empty") + "/summary.json")) << empty.output;
  std::ofstream(t / "broken.json") << "{not json";
  auto broken = gate("--baseline " + (t / "broken.json") + " --candidate " + (t / "old") + " --out " + (t / "gate"));
  EXPECT_EQ(broken.code, 2);
  EXPECT_TRUE(contains(broken.output, t / "broken.json")) << broken.output;
  auto threshold = gate("--baseline " + (t / "old") + " --candidate " + (t / "old") + " --out " + (t / "gate") +
                        " --export-time-threshold lots");
  EXPECT_EQ(threshold.code, 2) << threshold.output;
  const std::string out = exportcheck::testing::run_exportcheck("--help").output;
  EXPECT_TRUE(contains(out, "\n  gate ")) << "listed in the top-level help\n" << out;
}

TEST(GateCli, CleanComparisonPassesAndWritesItsFiles) {
  TempDir t("exportcheck-gate-clean");
  write_run(t / "old", "2.13.0", {result("c", "export", report::Verdict::Pass), result("d", "golden", report::Verdict::XFail)});
  write_run(t / "new", "2.14.1", {result("c", "export", report::Verdict::Pass), result("d", "golden", report::Verdict::XFail)});
  auto r = gate("--baseline " + (t / "old") + " --candidate " + (t / "new") + "/summary.json --out " + (t / "gate"));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "gate: torch 2.14.1 (new) against torch 2.13.0 (old)")) << r.output;
  EXPECT_TRUE(contains(r.output, "gate: PASS")) << r.output;
  auto j = read_json(t / "gate/gate.json");
  EXPECT_EQ(j["passes"], true);
  EXPECT_EQ(j["rows"].size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(t / "gate/junit.xml"));
  EXPECT_TRUE(std::filesystem::exists(t / "gate/index.html"));
}

TEST(GateCli, RegressionFailsWithExitOneAndIsNamed) {
  TempDir t("exportcheck-gate-regression");
  write_run(t / "old", "2.13.0", {result("c", "export", report::Verdict::Pass), result("d", "export", report::Verdict::XFail)});
  write_run(t / "new", "2.14.1", {result("c", "export", report::Verdict::Fail), result("d", "export", report::Verdict::XFail)});
  auto r = gate("--baseline " + (t / "old") + " --candidate " + (t / "new") + " --out " + (t / "gate"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "PASS -> FAIL  c::export")) << r.output;
  auto j = read_json(t / "gate/gate.json");
  EXPECT_EQ(j["passes"], false);
  ASSERT_EQ(j["regressions"].size(), 1u);
  EXPECT_EQ(j["regressions"][0]["id"], "c::export");
  std::ifstream xml(t / "gate/junit.xml");
  std::string junit((std::istreambuf_iterator<char>(xml)), {});
  EXPECT_TRUE(contains(junit, "<failure type=\"regression\"")) << junit;
}

TEST(GateCli, ForwardCompatFailureFailsTheGate) {
  TempDir t("exportcheck-gate-forward");
  write_run(t / "old", "2.13.0", {result("c", "export", report::Verdict::Pass)});
  write_run(t / "new", "2.14.1", {result("c", "export", report::Verdict::Pass)});
  write_run(t / "fwd", "2.13.0", {result("c", "compat:2.14.1:module", report::Verdict::Fail)});
  auto base = "--baseline " + (t / "old") + " --candidate " + (t / "new") + " --out " + (t / "gate");
  EXPECT_EQ(gate(base).code, 0);
  auto r = gate(base + " --forward " + (t / "fwd"));
  EXPECT_EQ(r.code, 1) << r.output;
  auto j = read_json(t / "gate/gate.json");
  ASSERT_EQ(j["regressions"].size(), 1u);
  EXPECT_EQ(j["regressions"][0]["kind"], "forward compat");
  EXPECT_EQ(j["regressions"][0]["id"], "c::compat:2.14.1:module");
  auto missing = gate(base + " --forward " + (t / "none"));
  EXPECT_EQ(missing.code, 2);
  EXPECT_TRUE(contains(missing.output, "--forward: no run folder or summary.json at " + (t / "none"))) << missing.output;
}

TEST(GateCli, FixDoesNotFailTheGate) {
  TempDir t("exportcheck-gate-fix");
  write_run(t / "old", "2.13.0", {result("c", "export", report::Verdict::XFail)});
  write_run(t / "new", "2.14.1", {result("c", "export", report::Verdict::XPass)});
  auto r = gate("--baseline " + (t / "old") + " --candidate " + (t / "new") + " --out " + (t / "gate"));
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(read_json(t / "gate/gate.json")["fixes"].size(), 1u);
}

TEST(GateCli, ExportTimeThresholdOption) {
  TempDir t("exportcheck-gate-time");
  write_run(t / "old", "2.13.0", {result("c", "export", report::Verdict::Pass, 2.0)});
  write_run(t / "new", "2.14.1", {result("c", "export", report::Verdict::Pass, 3.5)});
  auto base = "--baseline " + (t / "old") + " --candidate " + (t / "new") + " --out " + (t / "gate");
  EXPECT_EQ(gate(base).code, 0);
  EXPECT_EQ(read_json(t / "gate/gate.json")["export_time"].size(), 1u) << "+75% and 1.5 s";
  EXPECT_EQ(gate(base + " --export-time-threshold 1").code, 0);
  EXPECT_EQ(read_json(t / "gate/gate.json")["export_time"].size(), 0u) << "within 100%";
}
