// `exportcheck replay` (the real binary and executor): exit codes and result lines.
#include <gtest/gtest.h>

#include <cstdio>

#include <ATen/Context.h>

#include "replay_test_support.h"

using replay_test::data;

namespace {

std::pair<int, std::string> run_exportcheck(const std::string& args) {
  std::string out;
  FILE* p = popen((std::string(EXPORTCHECK_BINARY) + " " + args + " 2>&1").c_str(), "r");
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string files(const std::string& bundle) {
  return " --archive " + data("program.pt2").string() + " --bundle " + data(bundle).string();
}

}  // namespace

TEST(ReplayCommand, PassFailAndGuards) {
  auto [rc, out] = run_exportcheck("replay --runtime cpp --device cpu" + files("bundle.pt"));
  EXPECT_EQ(rc, 0) << out;
  EXPECT_EQ(out.rfind("PASS: replay:cpp:cpu: 3 samples", 0), 0u) << out;

  auto [rc2, out2] = run_exportcheck("replay --runtime cpp --device cpu" + files("wrong.pt"));
  EXPECT_EQ(rc2, 1) << out2;
  EXPECT_NE(out2.find("FAIL: replay:cpp:cpu: sample 1 ("), std::string::npos) << out2;

  auto [rc3, out3] = run_exportcheck("replay --runtime cpp --device cpu --guards --json" + files("bundle.pt"));
  EXPECT_EQ(rc3, 0) << out3;
  EXPECT_NE(out3.find("\"checked\":2"), std::string::npos) << out3;
  EXPECT_NE(out3.find("PASS: guards:cpp:cpu: 2 guard samples refused"), std::string::npos) << out3;
}

TEST(ReplayCommand, ToleranceFlagsLoosenTheComparison) {
  auto [rc, out] = run_exportcheck("replay --runtime cpp --device cpu --atol 0.6" + files("wrong.pt"));
  EXPECT_EQ(rc, 0) << out;
  auto [rc2, out2] = run_exportcheck("replay --runtime cpp --device cpu --atol 0.4" + files("wrong.pt"));
  EXPECT_EQ(rc2, 1) << out2;
}

TEST(ReplayCommand, UnsupportedDeviceAndUsageErrors) {
  if (!at::hasCUDA()) {
    auto [rc, out] = run_exportcheck("replay --runtime cpp --device cuda" + files("bundle.pt"));
    EXPECT_EQ(rc, 1) << out;
    EXPECT_EQ(out, "UNSUPPORTED: replay:cpp:cuda: CUDA not available\n");
  }
  EXPECT_EQ(run_exportcheck("replay --runtime cpp").first, 2);
  EXPECT_EQ(run_exportcheck("replay --runtime tvm" + files("bundle.pt")).first, 2);
  EXPECT_EQ(run_exportcheck("replay --runtime cpp --device moon" + files("bundle.pt")).first, 2);
  EXPECT_EQ(run_exportcheck("replay --runtime cpp --atol x" + files("bundle.pt")).first, 2);
  EXPECT_EQ(run_exportcheck("replay --runtime cpp --archive /nonexistent.pt2 --bundle " + data("bundle.pt").string()).first, 2);
  // aoti runs a compiled package: --package goes with it, and only with it.
  auto [aoti_rc, aoti_out] = run_exportcheck("replay --runtime aoti" + files("bundle.pt"));
  EXPECT_EQ(aoti_rc, 2);
  EXPECT_NE(aoti_out.find("--package (the AOTInductor package) goes with --runtime aoti"), std::string::npos) << aoti_out;
  EXPECT_EQ(run_exportcheck("replay --runtime cpp --package " + data("program.pt2").string() + files("bundle.pt")).first, 2);
  EXPECT_EQ(run_exportcheck("replay --runtime aoti --package /nonexistent.pt2" + files("bundle.pt")).first, 2);
  EXPECT_EQ(run_exportcheck("replay --help").first, 0);
  // An unreadable bundle cannot be replayed at all: a usage-level error, like a missing file.
  auto [rc, out] = run_exportcheck("replay --runtime cpp --device cpu" + files("corrupt.pt"));
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("corrupt.pt"), std::string::npos) << out;
}
