// One exportcheck binary, one torch (run/torch_release.h): `exportcheck run`
// whose workers report a torch other than the LibTorch the binary was built
// against stops before any case with exit 2, naming both versions and the
// interpreter; the local suffix (+cpu, +cu130) does not count. Through the
// binary, with the fake workers of tests/data/catalogs/progress, their hello
// rewritten to the version under test.
#include <gtest/gtest.h>

#include "tests/cpp/cli/cli_test_support.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include <torch/version.h>

namespace fs = std::filesystem;

namespace {

const std::string kBuilt = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                           std::to_string(TORCH_VERSION_PATCH);

class TorchGuard : public ::testing::Test {
 protected:

  // The fake workers say `torch` in their hello.
  void workers_report(const std::string& torch) {
    const fs::path worker = root_ / "exporter" / "worker.py";
    std::stringstream text;
    text << std::ifstream(worker).rdbuf();
    std::string s = text.str();
    const std::string fake = "\"torch\": \"fake\"";
    const auto at = s.find(fake);
    ASSERT_NE(at, std::string::npos) << worker;
    s.replace(at, fake.size(), "\"torch\": \"" + torch + "\"");
    std::ofstream(worker, std::ios::trunc) << s;
  }

  exportcheck::testing::CommandResult run() {
    return exportcheck::testing::run_exportcheck("run --root '" + root_.string() + "' --python python3 --out '" +
                                                     (root_ / "run").string() + "' -j 1 --progress never",
                                                 root_.string());
  }

  exportcheck::testing::CopiedRoot copied_{"progress"};
  const fs::path& root_ = copied_.path();
};

}  // namespace

TEST_F(TorchGuard, AnotherTorchStopsTheRunBeforeAnyCase) {
  workers_report("9.9.1+cu130");
  const auto r = run();
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("this exportcheck was built against LibTorch " + kBuilt + " but python3 has torch 9.9.1+cu130"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("EXPORTCHECK_TORCH=9.9.1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("build-9.9.1/exportcheck"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("d_fail"), std::string::npos) << "no case ran:\n" << r.output;
  EXPECT_FALSE(fs::exists(root_ / "run")) << "the run folder it created is removed again";
}

TEST_F(TorchGuard, TheSameReleaseWithALocalSuffixRuns) {
  workers_report(kBuilt + "+cu999");
  const auto r = run();
  EXPECT_EQ(r.code, 1) << "the catalog's d_fail fails, the rest run:\n" << r.output;
  EXPECT_EQ(r.output.find("built against LibTorch"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(root_ / "run" / "summary.json")) << r.output;
}
