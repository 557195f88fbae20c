// Which finished cases lose their archives (run/archive_retention.h), and
// what removing them deletes: programs and tensor files only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "harness/run/archive_retention.h"

namespace fs = std::filesystem;
using namespace exportcheck;
using catalog::KeepArchives;

namespace {

report::StageResult record(report::Verdict v) {
  report::StageResult r;
  r.case_name = "c";
  r.stage = "export";
  r.verdict = v;
  return r;
}

void write(const fs::path& p, size_t bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << std::string(bytes, 'x');
}

}  // namespace

TEST(ArchiveRetention, TheRunsOptionWinsOverTheSuitesWhichWinsOverAll) {
  catalog::Case c;
  EXPECT_EQ(run::case_keep_archives(c, std::nullopt), KeepArchives::All);
  c.suite_keep_archives = KeepArchives::Failing;
  EXPECT_EQ(run::case_keep_archives(c, std::nullopt), KeepArchives::Failing);
  EXPECT_EQ(run::case_keep_archives(c, KeepArchives::All), KeepArchives::All);
  c.suite_keep_archives.reset();
  EXPECT_EQ(run::case_keep_archives(c, KeepArchives::Failing), KeepArchives::Failing);
}

TEST(ArchiveRetention, OnlyACaseWithNoUnexpectedResultLosesThem) {
  using report::Verdict;
  const std::vector<report::StageResult> expected = {record(Verdict::Pass), record(Verdict::XFail),
                                                     record(Verdict::Unsupported), record(Verdict::Skip)};
  EXPECT_TRUE(run::removes_archives(KeepArchives::Failing, expected));
  EXPECT_FALSE(run::removes_archives(KeepArchives::All, expected));
  for (Verdict bad : {Verdict::Fail, Verdict::XPass, Verdict::Timeout, Verdict::Crash, Verdict::Error}) {
    auto results = expected;
    results.push_back(record(bad));
    EXPECT_FALSE(run::removes_archives(KeepArchives::Failing, results)) << report::to_string(bad);
  }
}

TEST(ArchiveRetention, RemovesProgramsAndTensorFilesAndNothingElse) {
  const fs::path dir = fs::temp_directory_path() / ("exportcheck-retention-" + std::to_string(getpid()));
  fs::remove_all(dir);
  write(dir / "nonstrict" / "training.pt2", 100);
  write(dir / "nonstrict" / "replay.pt", 10);
  write(dir / "roundtrip" / "nonstrict" / "training.rewritten.pt2", 50);
  write(dir / "repro" / "x" / "repro.py", 7);
  write(dir / "notes.pt2.txt", 3);
  // A link to a program elsewhere: neither it nor its target goes.
  write(dir.string() + "-outside.pt2", 5);
  fs::create_symlink(dir.string() + "-outside.pt2", dir / "link.pt2");

  const run::Removed removed = run::remove_case_archives(dir);
  EXPECT_EQ(removed.files, 3);
  EXPECT_EQ(removed.bytes, 160u);
  EXPECT_FALSE(fs::exists(dir / "nonstrict" / "training.pt2"));
  EXPECT_FALSE(fs::exists(dir / "nonstrict" / "replay.pt"));
  EXPECT_FALSE(fs::exists(dir / "roundtrip" / "nonstrict" / "training.rewritten.pt2"));
  EXPECT_TRUE(fs::exists(dir / "repro" / "x" / "repro.py"));
  EXPECT_TRUE(fs::exists(dir / "notes.pt2.txt"));
  EXPECT_TRUE(fs::is_symlink(dir / "link.pt2"));
  EXPECT_TRUE(fs::exists(dir.string() + "-outside.pt2"));

  EXPECT_EQ(run::remove_case_archives(dir / "no-such-folder").files, 0) << "a case that wrote nothing";
  fs::remove_all(dir);
  fs::remove(dir.string() + "-outside.pt2");
}
