// Where compat stages find archives other releases saved: frozen release
// folders and other runs' folders, one layout, narrowed per case.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "harness/report/summary_json.h"
#include "harness/run/compat_sources.h"

namespace {

namespace fs = std::filesystem;
using namespace exportcheck::run;

class CompatSources : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("exportcheck-compat-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void touch(const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
  }
  fs::path dir_;
};

TEST_F(CompatSources, FrozenReleasesAreTheFoldersNamedLikeReleases) {
  fs::create_directories(dir_ / "2.13.0");
  fs::create_directories(dir_ / "2.11.0");
  fs::create_directories(dir_ / "scratch");
  touch(dir_ / "README.md");
  const auto sources = frozen_sources(dir_);
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].release, "2.11.0");
  EXPECT_EQ(sources[1].release, "2.13.0");
  EXPECT_EQ(sources[1].cases_dir, dir_ / "2.13.0");
  EXPECT_TRUE(frozen_sources(dir_ / "absent").empty());
}

TEST_F(CompatSources, ARunIsLabelledWithItsTorchRelease) {
  exportcheck::report::Summary s;
  s.run.id = "candidate";
  s.run.torch = "2.14.1+cu130";
  exportcheck::report::write_summary(dir_ / "summary.json", s);
  fs::create_directories(dir_ / "cases");
  const CompatSource source = run_source(dir_);
  EXPECT_EQ(source.release, "2.14.1");
  EXPECT_EQ(source.cases_dir, dir_ / "cases");
}

TEST_F(CompatSources, AFolderThatIsNoRunIsRefusedByName) {
  try {
    run_source(dir_);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(dir_.string()), std::string::npos) << e.what();
  }
}

TEST_F(CompatSources, AGivenRunReplacesTheFrozenFolderOfItsRelease) {
  const auto merged = merge_sources({{"2.13.0", dir_ / "run/cases", "run"}},
                                    {{"2.11.0", dir_ / "a", "frozen"}, {"2.13.0", dir_ / "b", "frozen"}});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].origin, "run");
  EXPECT_EQ(merged[1].release, "2.11.0");
}

TEST_F(CompatSources, ProgramsAreNarrowedToTheCaseModesAndIrs) {
  touch(dir_ / "2.11.0/c/nonstrict/training.pt2");
  touch(dir_ / "2.11.0/c/nonstrict/core_aten.pt2");
  touch(dir_ / "2.11.0/c/nonstrict/replay.pt");
  touch(dir_ / "2.11.0/c/strict/training.pt2");  // no bundle in this mode
  touch(dir_ / "2.11.0/other/nonstrict/training.pt2");
  const std::vector<CompatSource> sources = {{"2.11.0", dir_ / "2.11.0", "frozen"}};
  auto programs = compat_programs(sources, "c", {"nonstrict", "strict"}, {"training"});
  ASSERT_EQ(programs.size(), 2u);
  EXPECT_EQ(programs[0].mode, "nonstrict");
  EXPECT_EQ(programs[0].bundle, dir_ / "2.11.0/c/nonstrict/replay.pt");
  EXPECT_EQ(programs[1].mode, "strict");
  EXPECT_TRUE(programs[1].bundle.empty());
  EXPECT_EQ(compat_programs(sources, "c", {"nonstrict"}, {"training", "core_aten"}).size(), 2u);
  EXPECT_TRUE(compat_programs(sources, "absent", {"nonstrict"}, {"training"}).empty());
}

}  // namespace
