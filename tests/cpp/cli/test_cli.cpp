// The exportcheck binary's contract: exit codes, usage errors, help.
#include <gtest/gtest.h>

#include "tests/cpp/cli/cli_test_support.h"

#include <array>
#include <cstdio>
#include <sys/wait.h>

namespace {

using Result = exportcheck::testing::CommandResult;
using exportcheck::testing::run_exportcheck;

}  // namespace

TEST(Cli, NoArgumentsIsAUsageError) {
  auto r = run_exportcheck("");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("usage: exportcheck <command>"), std::string::npos);
}

TEST(Cli, EveryCommandHasHelp) {
  for (const char* cmd : {"run", "list", "archive", "result"}) {
    auto r = run_exportcheck(std::string(cmd) + " --help");
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.output;
    EXPECT_NE(r.output.find("usage: exportcheck " + std::string(cmd)), std::string::npos) << r.output;
  }
}

TEST(Cli, UnknownCommandAndOptionExitTwo) {
  EXPECT_EQ(run_exportcheck("frobnicate").code, 2);
  auto r = run_exportcheck("run --no-such-option");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("unknown argument '--no-such-option'"), std::string::npos) << r.output;
  EXPECT_EQ(run_exportcheck("run -j zero").code, 2);
}

TEST(Cli, UnknownRuntimeOrDeviceIsAUsageError) {
  auto runtime = run_exportcheck("run --runtime tensorrt --case seed_sin_cos");
  EXPECT_EQ(runtime.code, 2);
  EXPECT_NE(runtime.output.find("known runtimes are module, nativert, cpp, aoti (or all)"), std::string::npos)
      << runtime.output;
  auto mode = run_exportcheck("run --mode lenient --case seed_sin_cos");
  EXPECT_EQ(mode.code, 2);
  EXPECT_NE(mode.output.find("known modes are nonstrict, strict"), std::string::npos) << mode.output;
  auto ir = run_exportcheck("run --ir torchscript --case seed_sin_cos");
  EXPECT_EQ(ir.code, 2);
  EXPECT_NE(ir.output.find("known IR levels are"), std::string::npos) << ir.output;
  auto device = run_exportcheck("run --device tpu --case seed_sin_cos");
  EXPECT_EQ(device.code, 2);
  EXPECT_NE(device.output.find("known devices are cpu, cuda"), std::string::npos) << device.output;
  auto keep = run_exportcheck("run --keep-archives some --case seed_sin_cos");
  EXPECT_EQ(keep.code, 2);
  EXPECT_NE(keep.output.find("--keep-archives some: use all or failing"), std::string::npos) << keep.output;
}

TEST(Cli, CompatSourceThatIsNoRunOrContradictoryCompatOptionsAreUsageErrors) {
  auto not_a_run = run_exportcheck("run --compat-from /nonexistent-run --case seed_sin_cos");
  EXPECT_EQ(not_a_run.code, 2);
  EXPECT_NE(not_a_run.output.find("--compat-from /nonexistent-run: /nonexistent-run: not a finished run folder"),
            std::string::npos)
      << not_a_run.output;
  auto both = run_exportcheck("run --compat-only --no-compat --case seed_sin_cos");
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.output.find("--compat-only and --no-compat exclude each other"), std::string::npos) << both.output;
}

TEST(Cli, SelectionThatMatchesNothingIsAnError) {
  auto r = run_exportcheck("run --filter '^no_case_is_named_like_this$'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("matches no case"), std::string::npos) << r.output;
  auto unknown = run_exportcheck("run --case no_such_case");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.output.find("no case named 'no_such_case'"), std::string::npos) << unknown.output;
  EXPECT_EQ(run_exportcheck("run --filter '('").code, 2) << "a bad regex is a usage error";
}

TEST(Cli, ListShowsTheSeedCatalog) {
  auto r = run_exportcheck("list");
  EXPECT_EQ(r.code, 0) << r.output;
  const auto row = r.output.find("\nseed_cond ");
  ASSERT_NE(row, std::string::npos) << r.output;
  const std::string line = r.output.substr(row + 1, r.output.find('\n', row + 1) - row - 1);
  EXPECT_NE(line.find(" cpu,cuda "), std::string::npos) << "every device by default: " << line;
  EXPECT_NE(r.output.find("\nsuite exportdb-upstream: exportcheck list --suite exportdb-upstream"), std::string::npos)
      << r.output;
  auto json = run_exportcheck("list --json");
  EXPECT_EQ(json.code, 0);
  EXPECT_EQ(json.output.rfind("[", 0), 0u) << "a JSON array";
}

TEST(Cli, ArchivePrintReadsTorch211Archives) {
  auto r = run_exportcheck(std::string("archive print '") + EXPORTCHECK_SHARED_DIR + "/reference/torch-2.11-archives/cond_dyn.pt2'");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("torch.ops.higher_order.cond"), std::string::npos) << r.output;
  auto bad = run_exportcheck("archive print CMakeLists.txt");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("CMakeLists.txt"), std::string::npos) << bad.output;
}
