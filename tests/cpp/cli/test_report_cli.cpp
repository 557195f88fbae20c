// `exportcheck list --shard` and `exportcheck report`: shards, merge and the
// baseline gate through the binary (no workers: summaries are written here).
#include <gtest/gtest.h>

#include "tests/cpp/cli/cli_test_support.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>

#include "harness/report/summary_json.h"

using namespace exportcheck;

namespace {

using Result = exportcheck::testing::CommandResult;

Result exportcheck_cmd(const std::string& args) { return exportcheck::testing::run_exportcheck(args); }

// Case names from `exportcheck list`'s table (first column; the header and
// the footer — the count, the external suites — left out).
std::vector<std::string> listed(const std::string& output) {
  std::vector<std::string> names;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == ' ' || line.rfind("CASE", 0) == 0 || line.find(" case(s)") != std::string::npos ||
        line.rfind("suite ", 0) == 0)
      continue;
    names.push_back(line.substr(0, line.find(' ')));
  }
  return names;
}

report::StageResult result(const std::string& c, const std::string& stage, report::Verdict v) {
  report::StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.verdict = v;
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

void write_run(const std::string& dir, std::vector<report::StageResult> results) {
  std::filesystem::create_directories(dir);
  report::Summary s;
  s.run.id = std::filesystem::path(dir).filename().string();
  s.results = std::move(results);
  report::write_summary(std::filesystem::path(dir) / "summary.json", s);
}

}  // namespace

TEST(ListShard, ShardsOfTheCatalogAreDisjointAndCoverIt) {
  auto all = exportcheck_cmd("list");
  auto everything = listed(all.output);
  ASSERT_GE(everything.size(), 3u) << all.output;
  std::multiset<std::string> seen;
  for (int k = 1; k <= 3; ++k) {
    auto part = exportcheck_cmd("list --shard " + std::to_string(k) + "/3");
    auto names = listed(part.output);
    EXPECT_FALSE(names.empty()) << part.output;
    EXPECT_EQ(part.output.find("\nsuite "), std::string::npos) << "a shard lists only its slice of cases/";
    seen.insert(names.begin(), names.end());
  }
  EXPECT_EQ(seen, std::multiset<std::string>(everything.begin(), everything.end()));
  auto bad = exportcheck_cmd("list --shard 4/3");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("1 <= K <= N"), std::string::npos) << bad.output;
  EXPECT_EQ(exportcheck_cmd("run --shard 1of3").code, 2);
}

TEST(ReportCli, HelpAndUsageErrors) {
  auto help = exportcheck_cmd("report --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.output.find("usage: exportcheck report"), std::string::npos);
  EXPECT_EQ(exportcheck_cmd("report").code, 2);
  EXPECT_EQ(exportcheck_cmd("report --merge /nonexistent").code, 2) << "--merge needs --out";
  auto missing = exportcheck_cmd("report --baseline /nonexistent --current /nonexistent");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.output.find("cannot read /nonexistent"), std::string::npos) << missing.output;
}

TEST(ReportCli, MergeWritesOneRunsFiles) {
  TempDir t("exportcheck-report-merge");
  write_run(t / "s1", {result("a", "export", report::Verdict::Pass)});
  write_run(t / "s2", {result("b", "export", report::Verdict::XFail)});
  auto r = exportcheck_cmd("report --merge " + (t / "s1") + " " + (t / "s2") + "/summary.json --out " + (t / "all"));
  EXPECT_EQ(r.code, 0) << r.output;
  auto merged = report::read_summary(t / "all/summary.json");
  EXPECT_EQ(merged.results.size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(t / "all/junit.xml"));
  EXPECT_TRUE(std::filesystem::exists(t / "all/index.html"));
  write_run(t / "s3", {result("c", "golden", report::Verdict::Fail)});
  EXPECT_EQ(exportcheck_cmd("report --merge " + (t / "s1") + " " + (t / "s3") + " --out " + (t / "bad")).code, 1)
      << "unexpected results fail the merged run";
}

TEST(ReportCli, HtmlAndMergeWriteTheSuitesCsvOfSuiteRuns) {
  TempDir t("exportcheck-report-suites-csv");
  // A run older than suites.csv: summary.json only.
  write_run(t / "old", {result("opinfo/add/float32", "export", report::Verdict::Pass),
                        result("opinfo/add/int64", "export", report::Verdict::XFail)});
  auto html = exportcheck_cmd("report --html " + (t / "old"));
  EXPECT_EQ(html.code, 0) << html.output;
  std::ifstream csv(t / "old/suites.csv");
  std::stringstream text;
  text << csv.rdbuf();
  EXPECT_EQ(text.str(), "suite,name,lane,status,export\nopinfo,add,float32,pass,PASS\nopinfo,add,int64,xfail,XFAIL\n");
  EXPECT_TRUE(std::filesystem::exists(t / "old/suites-pass-rates.csv"));
  auto merged = exportcheck_cmd("report --merge " + (t / "old") + " --out " + (t / "all"));
  EXPECT_EQ(merged.code, 0) << merged.output;
  EXPECT_TRUE(std::filesystem::exists(t / "all/suites.csv"));
  write_run(t / "plain", {result("a", "export", report::Verdict::Pass)});
  EXPECT_EQ(exportcheck_cmd("report --html " + (t / "plain")).code, 0);
  EXPECT_FALSE(std::filesystem::exists(t / "plain/suites.csv")) << "no suite case: no suites.csv";
}

TEST(ReportCli, BaselineGateExitsOneOnRegressionOrFix) {
  TempDir t("exportcheck-report-baseline");
  write_run(t / "old", {result("a", "export", report::Verdict::Pass), result("b", "export", report::Verdict::XFail)});
  write_run(t / "same", {result("a", "export", report::Verdict::Pass), result("b", "export", report::Verdict::XFail)});
  write_run(t / "worse", {result("a", "export", report::Verdict::Fail), result("b", "export", report::Verdict::XFail)});
  write_run(t / "better", {result("a", "export", report::Verdict::Pass), result("b", "export", report::Verdict::XPass)});
  auto same = exportcheck_cmd("report --baseline " + (t / "old") + " --current " + (t / "same"));
  EXPECT_EQ(same.code, 0) << same.output;
  EXPECT_NE(same.output.find("gate: PASS"), std::string::npos) << same.output;
  auto worse = exportcheck_cmd("report --baseline " + (t / "old") + " --current " + (t / "worse"));
  EXPECT_EQ(worse.code, 1) << worse.output;
  EXPECT_NE(worse.output.find("PASS -> FAIL  a::export"), std::string::npos) << worse.output;
  auto better = exportcheck_cmd("report --baseline " + (t / "old") + "/summary.json --current " + (t / "better"));
  EXPECT_EQ(better.code, 1) << better.output;
  EXPECT_NE(better.output.find("XFAIL -> XPASS  b::export"), std::string::npos) << better.output;
  std::ifstream html(t / "better/index.html");
  std::string text((std::istreambuf_iterator<char>(html)), {});
  EXPECT_NE(text.find("\"regressions\":[]"), std::string::npos) << "the comparison is embedded in the page";
  EXPECT_TRUE(std::filesystem::exists(t / "better/comparison.json"));
}
