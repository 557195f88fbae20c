#include <gtest/gtest.h>

#include "harness/validate/archive_validator.h"
#include "tests/cpp/validate/validate_test_support.h"

namespace exportcheck::validate {
namespace {

using testing::archives_under;
using testing::fixture_archives;
using testing::frozen_archives;
using testing::reference_archives;

std::string errors_of(const Validation& v) { return summarize(v.findings, 50); }

void expect_all_valid(const std::filesystem::path& dir, std::size_t at_least) {
  const auto archives = archives_under(dir);
  EXPECT_GE(archives.size(), at_least) << dir;
  for (const auto& path : archives) {
    const Validation v = validate_archive_file(path.string());
    EXPECT_TRUE(v.ok()) << path << ":\n" << errors_of(v);
  }
}

// Frozen archives of older releases must keep validating (StableHLO-style).
TEST(Validator, FrozenTorch211ArchivesAreValid) { expect_all_valid(frozen_archives("2.11.0"), 40); }
TEST(Validator, FrozenTorch213ArchivesAreValid) { expect_all_valid(frozen_archives("2.13.0"), 40); }
TEST(Validator, ReferenceAndFixtureArchivesAreValid) {
  expect_all_valid(reference_archives(), 5);
  expect_all_valid(fixture_archives(), 5);
}

TEST(Validator, WeightsAreSizedByTheirTensorMeta) {
  // conv_bn stores conv and batch-norm weights, and an int64 scalar (num_batches_tracked).
  const auto path = frozen_archives("2.11.0") / "seed_conv_bn" / "nonstrict" / "training.pt2";
  const Validation v = validate_archive_file(path.string());
  ASSERT_TRUE(v.ok()) << errors_of(v);
  for (const Finding& f : v.findings) EXPECT_NE(f.check, "payload-unreferenced") << to_string(f);
}

TEST(Validator, FindingsPrintCheckEntryFieldAndMessage) {
  Finding f{"byteorder", "m/byteorder", "", "is 'middle', not 'little' or 'big'"};
  EXPECT_EQ(to_string(f), "byteorder: m/byteorder: is 'middle', not 'little' or 'big'");
  f.field = "/x";
  f.severity = Finding::Severity::Note;
  EXPECT_EQ(to_string(f), "note: byteorder: m/byteorder: /x: is 'middle', not 'little' or 'big'");
  EXPECT_FALSE(has_errors({f}));
}

}  // namespace
}  // namespace exportcheck::validate
