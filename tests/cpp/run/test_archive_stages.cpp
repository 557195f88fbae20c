// Stage `archive` on good and damaged archives (no workers needed).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/run/archive_stages.h"

namespace {

namespace fs = std::filesystem;
using exportcheck::report::Outcome;

TEST(ArchiveStage, FrozenArchivePasses) {
  const auto c = exportcheck::run::archive_check(fs::path(EXPORTCHECK_SOURCE_DIR) /
                                                 "golden/archives/2.13.0/seed_conv_bn/nonstrict/core_aten.pt2");
  EXPECT_EQ(c.outcome.kind, Outcome::Kind::Pass) << c.outcome.message;
  EXPECT_TRUE(c.details.contains("findings"));
}

TEST(ArchiveStage, UnreadableArchiveFailsWithTheReason) {
  const auto path = fs::temp_directory_path() / ("exportcheck-archive-stage-" + std::to_string(getpid()) + ".pt2");
  std::ofstream(path) << "not a zip";
  const auto c = exportcheck::run::archive_check(path);
  fs::remove(path);
  EXPECT_EQ(c.outcome.kind, Outcome::Kind::Fail);
  EXPECT_EQ(c.outcome.message, "zip: not a readable zip: Not a zip archive");
}

}  // namespace
