// Archives frozen from earlier torch releases (golden/archives/<torch>/) must
// keep printing, and print as the same program the catalog's goldens hold.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/golden/golden_file.h"
#include "harness/golden/ir_printer.h"

namespace fs = std::filesystem;
using namespace exportcheck;

TEST(FrozenArchives, EveryReleaseStillPrintsAsItsProgram) {
  const fs::path root = fs::path(EXPORTCHECK_SOURCE_DIR) / "golden";
  int printed = 0;
  for (const auto& release : fs::directory_iterator(root / "archives")) {
    if (!release.is_directory()) continue;
    const std::string version = release.path().filename().string();
    for (const auto& entry : fs::recursive_directory_iterator(release.path())) {
      if (entry.path().extension() != ".pt2") continue;
      SCOPED_TRACE(entry.path().string());
      std::string text;
      ProgramInfo info;
      ASSERT_NO_THROW(text = print_archive(entry.path().string()));
      ASSERT_NO_THROW(info = read_program_info(entry.path().string()));
      EXPECT_EQ(info.torch_version.rfind(version, 0), 0u) << "made by " << info.torch_version;
      EXPECT_NE(text.find("graph:"), std::string::npos);
      ++printed;
    }
  }
  EXPECT_GE(printed, 2 * 11 * 3) << "both releases' seed archives are frozen";
}

TEST(FrozenArchives, Torch211AndCurrentGoldensAgreeOnTheSeed) {
  // The seed's canonical IR did not change between 2.11 and 2.13: each frozen
  // 2.11 non-strict archive prints exactly its case's golden body.
  const fs::path root = fs::path(EXPORTCHECK_SOURCE_DIR) / "golden";
  int compared = 0;
  for (const auto& c : fs::directory_iterator(root / "archives/2.11.0")) {
    if (!c.is_directory()) continue;
    for (const auto& a : fs::directory_iterator(c.path() / "nonstrict")) {
      if (a.path().extension() != ".pt2") continue;  // replay.pt: the compat stages' bundle
      const std::string ir = a.path().stem().string();
      auto golden = read_golden(golden_path(root, c.path().filename().string(), ir));
      ASSERT_TRUE(golden) << a.path();
      EXPECT_EQ(print_archive(a.path().string()), golden->body) << a.path();
      ++compared;
    }
  }
  EXPECT_GT(compared, 30);
}
