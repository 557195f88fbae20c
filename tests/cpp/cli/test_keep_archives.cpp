// `exportcheck run --keep-archives`: which finished cases keep their programs
// and replay bundles. The fake workers of tests/data/catalogs/progress leave
// nonstrict/training.pt2 (1000 bytes), nonstrict/replay.pt (24) and
// notes.txt in each case's folder; d_fail fails, the other three are
// UNSUPPORTED (expected).
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "harness/report/summary_json.h"
#include "tests/cpp/cli/cli_test_support.h"

namespace fs = std::filesystem;
using namespace exportcheck;
using exportcheck::testing::run_exportcheck;

namespace {

class KeepArchives : public ::testing::Test {
 protected:

  exportcheck::testing::CommandResult run(const std::string& more) {
    return run_exportcheck("run --root '" + root_.string() + "' --python python3 --out '" + (root_ / "run").string() +
                           "' -j 2 --progress never " + more);
  }
  bool has(const std::string& case_name, const std::string& file) const {
    return fs::exists(root_ / "run" / "cases" / case_name / file);
  }
  report::Summary summary() const { return report::read_summary(root_ / "run" / "summary.json"); }

  exportcheck::testing::CopiedRoot copied_{"progress"};
  const fs::path& root_ = copied_.path();
};

}  // namespace

TEST_F(KeepArchives, FailingKeepsOnlyTheUnexpectedCasesProgramsAndBundles) {
  const auto r = run("--keep-archives failing");
  ASSERT_EQ(r.code, 1) << r.output;  // d_fail
  for (const char* expected : {"a_one", "b_two", "c_three"}) {
    EXPECT_FALSE(has(expected, "nonstrict/training.pt2")) << expected;
    EXPECT_FALSE(has(expected, "nonstrict/replay.pt")) << expected;
    EXPECT_TRUE(has(expected, "notes.txt")) << expected << ": only programs and bundles go";
  }
  EXPECT_TRUE(has("d_fail", "nonstrict/training.pt2"));
  EXPECT_TRUE(has("d_fail", "nonstrict/replay.pt"));
  const report::Summary s = summary();
  EXPECT_EQ(s.run.archives_removed_cases, 3);
  EXPECT_EQ(s.run.archives_removed_bytes, 3u * (1000 + 24));
}

TEST_F(KeepArchives, AllIsTheDefaultOutsideASuite) {
  const auto r = run("");
  ASSERT_EQ(r.code, 1) << r.output;
  for (const char* name : {"a_one", "b_two", "c_three", "d_fail"}) {
    EXPECT_TRUE(has(name, "nonstrict/training.pt2")) << name;
    EXPECT_TRUE(has(name, "nonstrict/replay.pt")) << name;
  }
  EXPECT_EQ(summary().run.archives_removed_cases, 0);
  EXPECT_EQ(summary().run.archives_removed_bytes, 0u);
}
