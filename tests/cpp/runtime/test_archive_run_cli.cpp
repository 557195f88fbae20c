// `exportcheck archive run PATH [--device D]`: the archive's own sample
// inputs through the executor, one summary line per output; exit 0 ran,
// 1 the program failed, 2 unreadable archive or inputs, or usage.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <sys/wait.h>

#include "tests/cpp/runtime/runtime_test_support.h"

namespace exportcheck::testing {
namespace {

struct Result {
  int code = -1;
  std::string out;
};

Result exportcheck(const std::string& args) {
  Result r;
  const std::string command = std::string(EXPORTCHECK_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) r.out += buf.data();
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class ArchiveRunCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(EXPORTCHECK_BINARY)) GTEST_SKIP() << "no " << EXPORTCHECK_BINARY;
  }
};

TEST_F(ArchiveRunCli, RunsTheSampleInputsAndSummarizesOutputs) {
  const Result r = exportcheck("archive run " + seed_archive("seed_sin_cos", "nonstrict", "training").string());
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("output 0: Float [10, 10] cpu min="), std::string::npos) << r.out;
}

TEST_F(ArchiveRunCli, ProgramFailureExitsOne) {
  const auto broken = edited_archive(seed_archive("seed_sin_cos", "nonstrict", "training"), "cli_unknown_op",
                                     [](const std::string& name, const std::string& data) -> std::optional<std::string> {
                                       if (name.ends_with("models/model.json"))
                                         return replace_all(data, "torch.ops.aten.cos.default", "torch.ops.nowhere.op.default");
                                       return data;
                                     });
  const Result r = exportcheck("archive run " + broken.string());
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("node 'cos'"), std::string::npos) << r.out;
}

TEST_F(ArchiveRunCli, VerifyCrcFailsOnADamagedWeightThatAPlainRunDoesNotRead) {
  const auto source = seed_archive("seed_conv_bn", "nonstrict", "training");
  const auto damaged = with_flipped_bit(source, "training/data/weights/weight_0", "exportcheck_cli_crc.pt2");
  EXPECT_EQ(exportcheck("archive run " + damaged.string()).code, 0);
  const Result r = exportcheck("archive run --verify-crc " + damaged.string());
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("weight_0: CRC-32"), std::string::npos) << r.out;
  EXPECT_EQ(exportcheck("archive run --verify-crc " + source.string()).code, 0);
}

TEST_F(ArchiveRunCli, UnreadableArchiveOrBadDeviceExitsTwo) {
  EXPECT_EQ(exportcheck("archive run /nonexistent.pt2").code, 2);
  EXPECT_EQ(exportcheck("archive run " + fixture("counter.pt2").string() + " --device nowhere").code, 2);
}

TEST_F(ArchiveRunCli, PythonOnlyInputTypesExitTwo) {
  // seed_additional_inputs's sample inputs hold a dataclass (exportdb.types)
  const auto archive = seed_archive("seed_additional_inputs", "nonstrict", "training");
  if (!std::filesystem::exists(archive)) GTEST_SKIP() << "no " << archive;
  const Result r = exportcheck("archive run " + archive.string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("cannot unpickle"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace exportcheck::testing
