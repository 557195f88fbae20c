// What run_catalog writes besides the results: index.html next to
// summary.json, and the 1.1 context (case info, shard, root). A catalog of
// broken files needs no Python worker, so this stays fast.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "harness/run/run_session.h"

namespace fs = std::filesystem;
using namespace exportcheck;

TEST(RunReports, EveryRunWritesTheDashboardAndCaseInfo) {
  auto root = fs::temp_directory_path() / ("exportcheck-run-reports-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  catalog::Catalog cat;
  for (const char* name : {"broken_a", "broken_b", "broken_c", "broken_d"})
    cat.broken.push_back({name, std::string("cases/") + name + ".yaml", {}});
  run::RunOptions options;
  options.root = root;
  options.out = root / "run";
  options.quiet = true;
  options.shard = run::Shard{1, 2};
  std::ostringstream console;
  auto outcome = run::run_catalog(cat, options, console);
  EXPECT_EQ(outcome.exit_code, 1) << "broken case files are ERROR";

  auto summary = report::read_summary(root / "run/summary.json");
  EXPECT_EQ(summary.run.shard, "1/2");
  EXPECT_EQ(summary.run.root, fs::absolute(root).string());
  EXPECT_EQ(summary.cases.size(), 2u) << "half of the four cases";
  for (const auto& [name, info] : summary.cases) EXPECT_EQ(info.file, "cases/" + name + ".yaml");
  EXPECT_EQ(summary.results.size(), 2u);

  std::ifstream in(root / "run/index.html");
  std::string html((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u) << "index.html written next to summary.json";
  EXPECT_NE(html.find("\"shard\":\"1/2\""), std::string::npos);
  fs::remove_all(root);
}
