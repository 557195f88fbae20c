// `exportcheck archive validate|rewrite`: exit codes and output.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <sys/wait.h>

#include "tests/cpp/validate/validate_test_support.h"

namespace {

struct Result {
  int code;
  std::string output;
};

Result exportcheck(const std::string& args) {
  const std::string cmd = std::string("cd '") + EXPORTCHECK_SOURCE_DIR + "' && '" + EXPORTCHECK_BINARY + "' " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  Result r{-1, ""};
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

const std::string kCond = "golden/archives/2.11.0/seed_cond/nonstrict/training.pt2";

TEST(ArchiveCli, ValidArchiveExitsZero) {
  const auto r = exportcheck("archive validate " + kCond);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output, kCond + ": valid\n");
}

TEST(ArchiveCli, FindingsExitOne) {
  exportcheck::testing::ScratchDir dir;
  auto entries = exportcheck::testing::raw_entries(std::string(EXPORTCHECK_SOURCE_DIR) + "/" + kCond);
  exportcheck::testing::entry_ending(entries, "/byteorder").data = "middle";
  const auto path = dir / "bad.pt2";
  exportcheck::testing::write_file(path, exportcheck::testing::raw_zip(entries));
  const auto r = exportcheck("archive validate '" + path.string() + "'");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find(": byteorder: training/byteorder: is 'middle', not 'little' or 'big'\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(": 1 finding(s)\n"), std::string::npos) << r.output;
}

TEST(ArchiveCli, UnreadableExitsTwo) {
  const auto r = exportcheck("archive validate CMakeLists.txt");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("CMakeLists.txt: zip: not a readable zip"), std::string::npos) << r.output;
}

TEST(ArchiveCli, RewriteWritesAValidArchive) {
  exportcheck::testing::ScratchDir dir;
  const auto out = dir / "rewritten.pt2";
  auto r = exportcheck("archive rewrite " + kCond + " '" + out.string() + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  r = exportcheck("archive validate '" + out.string() + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  r = exportcheck("archive rewrite CMakeLists.txt '" + out.string() + "'");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_EQ(exportcheck("archive rewrite " + kCond).code, 2);  // usage: needs OUT
}

}  // namespace
