// `exportcheck list|run --suite NAME`: an unknown suite is a usage error
// (exit 2) before any worker starts; the upstream ExportDB lists one case per
// example of the installed torch.
#include <gtest/gtest.h>

#include "tests/cpp/cli/cli_test_support.h"

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

using Result = exportcheck::testing::CommandResult;
using exportcheck::testing::run_exportcheck;

}  // namespace

TEST(CliSuite, UnknownSuiteExitsTwo) {
  for (const char* cmd : {"list", "run"}) {
    auto r = run_exportcheck(std::string(cmd) + " --suite no-such-suite");
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_NE(r.output.find("unknown suite 'no-such-suite' (known: exportdb-upstream, hf, opinfo, timm, torchvision)"), std::string::npos) << r.output;
  }
}

TEST(CliSuite, ListsTheUpstreamExportDb) {
  auto r = run_exportcheck(std::string("list --suite exportdb-upstream --python '") + EXPORTCHECK_PYTHON + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("exportdb-upstream/cond_operands "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("exportdb-upstream/tensor_setattr "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("36 case(s)"), std::string::npos) << "torch 2.13's ExportDB: " << r.output;
  EXPECT_EQ(r.output.find("BROKEN"), std::string::npos) << r.output;
}
