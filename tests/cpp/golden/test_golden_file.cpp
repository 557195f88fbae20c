#include <gtest/gtest.h>

#include "harness/golden/golden_file.h"
#include "tests/cpp/archive/archive_test_support.h"

namespace exportcheck {
namespace {

using testing::read_file;
using testing::ScratchDir;
using testing::write_file;
using Status = GoldenResult::Status;

const ProgramInfo k211{"2.11.0+cu130", 8, 17};
const std::string kBody = "inputs:\n  user_input x  # f32[s0, 3]\noutputs:\n  user_output sin\n";

TEST(GoldenFile, HeaderRecordsTorchAndSchemaVersions) {
  EXPECT_EQ(golden_header(k211), "# exportcheck golden IR v1 | torch 2.11.0+cu130 | schema 8.17");
  EXPECT_EQ(format_golden(k211, kBody), golden_header(k211) + "\n" + kBody);
}

TEST(GoldenFile, ParsesWhatItFormats) {
  const GoldenFile g = parse_golden(format_golden(k211, kBody));
  EXPECT_EQ(g.info, k211);
  EXPECT_EQ(g.body, kBody);
  EXPECT_EQ(parse_golden(golden_header(k211)).body, "");  // header only
}

TEST(GoldenFile, ReadsCrlfAsLf) {
  std::string crlf;
  for (char c : format_golden(k211, kBody)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const GoldenFile g = parse_golden(crlf);
  EXPECT_EQ(g.info, k211);
  EXPECT_EQ(g.body, kBody);
}

TEST(GoldenFile, MalformedHeadersNameTheFile) {
  const char* bad[] = {
      "",
      "inputs:\n",
      "# exportcheck golden IR v2 | torch 2.11 | schema 8.17\n",
      "# exportcheck golden IR v1 | torch 2.11\n",
      "# exportcheck golden IR v1 | torch  | schema 8.17\n",
      "# exportcheck golden IR v1 | pytorch 2.11 | schema 8.17\n",
      "# exportcheck golden IR v1 | torch 2.11 | schema 8\n",
      "# exportcheck golden IR v1 | torch 2.11 | schema 8.x\n",
      "# exportcheck golden IR v1 | torch 2.11 | schema 8.17 | extra\n",
  };
  for (const char* text : bad) {
    try {
      parse_golden(text, "golden/case/training.ir");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const GoldenError& e) {
      EXPECT_NE(std::string(e.what()).find("golden/case/training.ir:1: "), std::string::npos) << e.what();
    }
  }
}

TEST(GoldenFile, WritesFoldersAndReadsBack) {
  ScratchDir dir;
  const auto path = golden_path(dir.path() / "golden", "cond_dyn", "training");
  EXPECT_EQ(path, dir.path() / "golden" / "cond_dyn" / "training.ir");
  EXPECT_FALSE(read_golden(path).has_value());
  write_golden(path, k211, kBody);
  EXPECT_EQ(read_file(path), format_golden(k211, kBody));
  const auto g = read_golden(path);
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->info, k211);
  EXPECT_EQ(g->body, kBody);
  write_golden(path, {"2.13.0", 8, 20}, "new\n");  // replaces
  EXPECT_EQ(read_golden(path)->body, "new\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(path.parent_path()), {}), 1);  // no temp left
}

TEST(GoldenFile, ReadingABrokenGoldenIsAnError) {
  ScratchDir dir;
  write_file(dir / "x.ir", "no header\n");
  EXPECT_THROW(read_golden(dir / "x.ir"), GoldenError);
}

TEST(GoldenCompare, MatchMissingMismatchDrift) {
  const GoldenFile golden{k211, kBody};
  const std::string changed = "inputs:\n  user_input x  # f32[s0, 4]\noutputs:\n  user_output sin\n";

  const GoldenResult match = compare(golden, kBody, {"2.11.0+cpu", 8, 17});
  EXPECT_EQ(match.status, Status::Match);
  EXPECT_EQ(match.diff, "");

  // Same body from another release is still a match: drift needs a difference.
  EXPECT_EQ(compare(golden, kBody, {"2.13.0+cpu", 8, 20}).status, Status::Match);

  const GoldenResult missing = compare(std::nullopt, kBody, k211, "golden/c/training.ir");
  EXPECT_EQ(missing.status, Status::Missing);
  EXPECT_NE(missing.diff.find("+  user_input x  # f32[s0, 3]\n"), std::string::npos) << missing.diff;

  // Patch releases and local builds are the same release.
  const GoldenResult mismatch = compare(golden, changed, {"2.11.1+cpu", 8, 18}, "golden/c/training.ir");
  EXPECT_EQ(mismatch.status, Status::Mismatch);
  EXPECT_EQ(mismatch.diff,
            "--- golden/c/training.ir\n"
            "+++ actual\n"
            "@@ -1,4 +1,4 @@\n"
            " inputs:\n"
            "-  user_input x  # f32[s0, 3]\n"
            "+  user_input x  # f32[s0, 4]\n"
            " outputs:\n"
            "   user_output sin\n");

  const GoldenResult drift = compare(golden, changed, {"2.13.0+cpu", 8, 20}, "golden/c/training.ir");
  EXPECT_EQ(drift.status, Status::Drift);
  EXPECT_EQ(drift.diff, mismatch.diff);
}

TEST(GoldenCompare, StatusNames) {
  EXPECT_EQ(to_string(Status::Match), "match");
  EXPECT_EQ(to_string(Status::Missing), "missing");
  EXPECT_EQ(to_string(Status::Mismatch), "mismatch");
  EXPECT_EQ(to_string(Status::Drift), "drift");
}

TEST(ProgramInfo, TorchMajorMinor) {
  EXPECT_EQ(torch_major_minor("2.11.0+cu130"), "2.11");
  EXPECT_EQ(torch_major_minor("2.13.0.dev20260101+cpu"), "2.13");
  EXPECT_EQ(torch_major_minor("2.11"), "2.11");
  EXPECT_EQ(torch_major_minor("<=2.4"), "<=2.4");
  EXPECT_EQ(torch_major_minor("2"), "2");
  EXPECT_EQ(torch_major_minor(""), "");
}

}  // namespace
}  // namespace exportcheck
