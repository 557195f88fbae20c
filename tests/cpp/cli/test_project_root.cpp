// cli/project_root.h: the workers' interpreter by default. A binary in
// <source>/build-VERSION/ (scripts/setup --torch VERSION) uses
// <source>/.venv-VERSION/bin/python, so each build runs its own torch
// without any variable; build/ uses .venv; without a venv, python3.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "harness/cli/project_root.h"

namespace fs = std::filesystem;
using exportcheck::cli::default_python;

namespace {

class DefaultPython : public ::testing::Test {
 protected:
  void SetUp() override {
    src_ = fs::temp_directory_path() / ("exportcheck-project-root-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(src_);
    fs::create_directories(src_);
  }
  void TearDown() override { fs::remove_all(src_); }

  fs::path python_of(const std::string& venv) {
    fs::create_directories(src_ / venv / "bin");
    std::ofstream(src_ / venv / "bin" / "python") << "";
    return src_ / venv / "bin" / "python";
  }

  fs::path src_;
};

}  // namespace

TEST_F(DefaultPython, BuildVersionUsesItsOwnVenv) {
  const fs::path pinned = python_of(".venv");
  const fs::path other = python_of(".venv-2.14.1");
  EXPECT_EQ(default_python(src_ / "build-2.14.1" / "exportcheck", src_), other.string());
  EXPECT_EQ(default_python(src_ / "build" / "exportcheck", src_), pinned.string());
}

TEST_F(DefaultPython, BuildVersionWithoutItsVenvFallsBackToTheDefault) {
  const fs::path pinned = python_of(".venv");
  // build-asan/ (any other build folder) or a release whose venv is gone: .venv
  // (and the run's torch check names the mismatch, if there is one).
  EXPECT_EQ(default_python(src_ / "build-asan" / "exportcheck", src_), pinned.string());
  EXPECT_EQ(default_python(src_ / "build-2.14.1" / "exportcheck", src_), pinned.string());
}

TEST_F(DefaultPython, OnlyABuildFolderOfTheSourceTreeCounts) {
  const fs::path pinned = python_of(".venv");
  python_of(".venv-2.14.1");
  // A build-2.14.1/ elsewhere (not <source>/build-2.14.1/) is not this tree's.
  EXPECT_EQ(default_python(src_ / "elsewhere" / "build-2.14.1" / "exportcheck", src_), pinned.string());
  EXPECT_EQ(default_python(src_ / "build-" / "exportcheck", src_), pinned.string());
}

TEST_F(DefaultPython, NoVenvIsPython3) {
  EXPECT_EQ(default_python(src_ / "build" / "exportcheck", src_), "python3");
  EXPECT_EQ(default_python(src_ / "build-2.14.1" / "exportcheck", src_), "python3");
}
