#include <gtest/gtest.h>

#include <map>

#include "harness/archive/zip_archive.h"
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

// A loader takes the payloads from validation's own read: each referenced
// weight once, with exactly the bytes of its zip entry.
TEST(Validator, VisitorGetsEachPayloadOnceWithItsBytes) {
  const auto path = frozen_archives("2.11.0") / "seed_conv_bn" / "nonstrict" / "training.pt2";
  const ZipArchive zip = ZipArchive::open(path.string());
  std::map<std::string, std::string> seen;
  int calls = 0;
  const Validation v = validate_archive(zip, [&](const std::string& entry, std::string&& bytes) {
    ++calls;
    seen[entry] = std::move(bytes);
  });
  ASSERT_TRUE(v.ok()) << errors_of(v);
  std::size_t payload_entries = 0;
  for (const ZipEntry& e : zip.entries()) {
    const bool payload = (e.name.find("/data/weights/") != std::string::npos ||
                          e.name.find("/data/constants/") != std::string::npos) &&
                         !e.name.ends_with("_config.json");
    if (!payload) continue;
    ++payload_entries;
    ASSERT_TRUE(seen.contains(e.name)) << e.name;
    EXPECT_EQ(seen[e.name], zip.read(e.name)) << e.name;
  }
  EXPECT_GE(payload_entries, 5u);  // conv weight/bias, bn weight/bias/running stats
  EXPECT_EQ(static_cast<std::size_t>(calls), payload_entries);
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
