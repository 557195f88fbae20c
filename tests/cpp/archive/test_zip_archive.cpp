#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/archive/zip_writer.h"
#include "tests/cpp/archive/archive_test_support.h"

namespace exportcheck {
namespace {

using testing::read_file;
using testing::reference_archives;
using testing::ScratchDir;
using testing::write_file;

const std::string kBranch = (reference_archives() / "branch_dynamic.pt2").string();

// Runs `f`, which must throw ArchiveError; returns it for inspection.
template <typename F>
ArchiveError archive_error(F&& f) {
  try {
    f();
  } catch (const ArchiveError& e) {
    return e;
  }
  ADD_FAILURE() << "expected ArchiveError";
  return ArchiveError("", "", "");
}

// Offsets of every central-directory record ("PK\1\2").
std::vector<std::size_t> central_records(const std::string& zip) {
  std::vector<std::size_t> at;
  for (std::size_t i = zip.find("PK\x01\x02"); i != std::string::npos; i = zip.find("PK\x01\x02", i + 1)) at.push_back(i);
  return at;
}

void put_u32(std::string& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

TEST(ZipArchive, ListsTheEntriesOfATorchArchive) {
  const ZipArchive zip = ZipArchive::open(kBranch);
  EXPECT_EQ(zip.label(), kBranch);
  EXPECT_EQ(zip.entries().size(), 14u);
  const ZipEntry* model = zip.find("branch_dynamic/models/model.json");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->size, 10171u);
  EXPECT_TRUE(model->stored());  // torch.export.save stores entries uncompressed
  EXPECT_EQ(model->compressed_size, model->size);
  EXPECT_TRUE(zip.contains("branch_dynamic/archive_format"));
  EXPECT_FALSE(zip.contains("branch_dynamic/models"));
}

TEST(ZipArchive, ReadsEntriesFully) {
  const ZipArchive zip = ZipArchive::open(kBranch);
  EXPECT_EQ(zip.read("branch_dynamic/archive_format"), "pt2");
  EXPECT_EQ(zip.read("branch_dynamic/byteorder"), "little");
  const std::string json = zip.read("branch_dynamic/models/model.json");
  EXPECT_EQ(json.size(), 10171u);
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(zip.read("branch_dynamic/data/weights/weight_2").size(), 32768u);
}

TEST(ZipArchive, OpensFromAMemoryBufferLikeFromAFile) {
  const ZipArchive from_file = ZipArchive::open(kBranch);
  ZipArchive from_memory = ZipArchive::from_buffer(read_file(kBranch), "buffer:branch");
  EXPECT_EQ(from_memory.label(), "buffer:branch");
  EXPECT_EQ(from_memory.archive_size(), from_file.archive_size());
  ASSERT_EQ(from_memory.entries().size(), from_file.entries().size());
  for (const ZipEntry& e : from_file.entries()) EXPECT_EQ(from_memory.read(e.name), from_file.read(e.name)) << e.name;
}

TEST(ZipArchive, StaysUsableAfterAMove) {
  ZipArchive first = ZipArchive::from_buffer(read_file(kBranch));
  ZipArchive second = std::move(first);
  EXPECT_EQ(second.read("branch_dynamic/archive_format"), "pt2");
  ZipArchive third = ZipArchive::open(kBranch);
  third = std::move(second);  // the old handle is released, the moved one kept
  EXPECT_EQ(third.read("branch_dynamic/byteorder"), "little");
}

TEST(ZipArchive, MissingEntryNamesArchiveAndEntry) {
  const ZipArchive zip = ZipArchive::open(kBranch);
  const ArchiveError e = archive_error([&] { zip.read("branch_dynamic/nope.json"); });
  EXPECT_EQ(e.archive(), kBranch);
  EXPECT_EQ(e.entry(), "branch_dynamic/nope.json");
  EXPECT_NE(std::string(e.what()).find("branch_dynamic/nope.json"), std::string::npos);
}

TEST(ZipArchive, ReadCapRejectsLargeEntriesBeforeReading) {
  const ZipArchive zip = ZipArchive::open(kBranch);
  const ArchiveError e = archive_error([&] { zip.read("branch_dynamic/data/weights/weight_2", 1024); });
  EXPECT_EQ(e.entry(), "branch_dynamic/data/weights/weight_2");
  EXPECT_NE(e.message().find("read limit"), std::string::npos) << e.what();
}

TEST(ZipArchive, MissingFileIsAnArchiveError) {
  const ArchiveError e = archive_error([] { ZipArchive::open("/nonexistent/x.pt2"); });
  EXPECT_EQ(e.archive(), "/nonexistent/x.pt2");
}

TEST(ZipArchive, NotAZipIsAnArchiveError) {
  ScratchDir dir;
  write_file(dir / "text.pt2", "this is not a zip file, only some text that is long enough\n");
  const ArchiveError e = archive_error([&] { ZipArchive::open((dir / "text.pt2").string()); });
  EXPECT_NE(e.message().find("not a readable zip"), std::string::npos) << e.what();
  archive_error([] { ZipArchive::from_buffer("PK\x03\x04 garbage"); });
}

TEST(ZipArchive, TruncatedArchivesAreArchiveErrors) {
  ScratchDir dir;
  const std::string bytes = read_file(kBranch);
  for (std::size_t keep : {std::size_t{0}, std::size_t{100}, bytes.size() / 2, bytes.size() - 30, bytes.size() - 1}) {
    const auto path = dir / ("cut" + std::to_string(keep) + ".pt2");
    write_file(path, bytes.substr(0, keep));
    try {
      const ZipArchive zip = ZipArchive::open(path.string());
      // Opening may succeed only if the directory survived; then the layout or a read fails.
      pt2_model_entries(zip);
      for (const ZipEntry& entry : zip.entries()) zip.read(entry.name);
      ADD_FAILURE() << "truncated to " << keep << " bytes but read fine";
    } catch (const ArchiveError& e) {
      EXPECT_EQ(e.archive(), path.string());
    }
  }
}

TEST(ZipArchive, CorruptedEntryDataFailsTheCrcCheck) {
  std::string bytes = read_file(kBranch);
  const std::string marker = "\"graph_module\"";  // inside models/model.json, stored as is
  const std::size_t at = bytes.find(marker);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = 'G';
  const ZipArchive zip = ZipArchive::from_buffer(bytes, "corrupt.pt2");
  EXPECT_EQ(zip.read("branch_dynamic/archive_format"), "pt2");  // other entries are fine
  const ArchiveError e = archive_error([&] { zip.read("branch_dynamic/models/model.json"); });
  EXPECT_EQ(e.entry(), "branch_dynamic/models/model.json");
  EXPECT_NE(e.message().find("CRC"), std::string::npos) << e.what();
}

TEST(ZipArchive, HugeDeclaredSizeIsRejectedWithoutAllocating) {
  ScratchDir dir;
  const auto path = dir / "small.zip";
  write_zip(path.string(), {{"top/models/model.json", std::string(200, 'x')}});
  std::string bytes = read_file(path);
  const auto records = central_records(bytes);
  ASSERT_EQ(records.size(), 1u);
  // A stored entry claiming ~2 GiB in a ~340 byte file, in both headers so
  // that libzip's consistency check lets it through to read().
  put_u32(bytes, records[0] + 24, 0x7ff00000);
  put_u32(bytes, 22, 0x7ff00000);
  const ZipArchive zip = ZipArchive::from_buffer(bytes, "huge.zip");
  EXPECT_EQ(zip.entries()[0].size, 0x7ff00000u);
  const ArchiveError e = archive_error([&] { zip.read("top/models/model.json", std::uint64_t{1} << 40); });
  EXPECT_EQ(e.archive(), "huge.zip");
  EXPECT_EQ(e.entry(), "top/models/model.json");
  EXPECT_NE(e.message().find("more than the archive"), std::string::npos) << e.what();
}

TEST(ZipArchive, InconsistentSizesAreRefusedAtOpen) {
  ScratchDir dir;
  const auto path = dir / "small.zip";
  write_zip(path.string(), {{"top/a", std::string(200, 'x')}});
  std::string bytes = read_file(path);
  put_u32(bytes, central_records(bytes).at(0) + 20, 0x7ff00000);  // compressed size beyond the file
  EXPECT_EQ(archive_error([&] { ZipArchive::from_buffer(bytes, "bad.zip"); }).archive(), "bad.zip");
}

// Random byte damage anywhere: open and read either work or throw ArchiveError.
TEST(ZipArchive, RandomlyDamagedArchivesNeverCrash) {
  const std::string original = read_file(reference_archives() / "sin_cos.pt2");
  std::mt19937 rng(11);
  int failed = 0;
  for (int round = 0; round < 500; ++round) {
    std::string bytes = original;
    for (int k = 0; k < 4; ++k) bytes[rng() % bytes.size()] = static_cast<char>(rng() & 0xff);
    try {
      const ZipArchive zip = ZipArchive::from_buffer(bytes, "damaged");
      for (const ZipEntry& e : zip.entries()) zip.read(e.name);
      pt2_model_entries(zip);
    } catch (const ArchiveError& e) {
      EXPECT_EQ(e.archive(), "damaged");
      ++failed;
    }
  }
  EXPECT_GT(failed, 100);
}

TEST(ZipWriter, WritesStoredEntriesThatReadBack) {
  ScratchDir dir;
  const auto path = dir / "w.zip";
  const std::string binary("a\0b\xff", 4);
  write_zip(path.string(), {{"top/a.txt", "hello"}, {"top/data/bin", binary}, {"top/empty", ""}});
  const ZipArchive zip = ZipArchive::open(path.string());
  ASSERT_EQ(zip.entries().size(), 3u);
  EXPECT_EQ(zip.entries()[0].name, "top/a.txt");
  EXPECT_TRUE(zip.entries()[1].stored());
  EXPECT_EQ(zip.read("top/a.txt"), "hello");
  EXPECT_EQ(zip.read("top/data/bin"), binary);
  EXPECT_EQ(zip.read("top/empty"), "");
}

TEST(Pt2Layout, FindsTopFolderAndModels) {
  const ZipArchive zip = ZipArchive::open(kBranch);
  EXPECT_EQ(pt2_top_folder(zip), "branch_dynamic");
  const auto models = pt2_model_entries(zip);
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].name, "model");
  EXPECT_EQ(models[0].entry, "branch_dynamic/models/model.json");
  EXPECT_EQ(pt2_model_entry(zip).entry, "branch_dynamic/models/model.json");
  EXPECT_EQ(pt2_model_entry(zip, "model").name, "model");
  const ArchiveError e = archive_error([&] { pt2_model_entry(zip, "other"); });
  EXPECT_EQ(e.entry(), "branch_dynamic/models/other.json");
}

TEST(Pt2Layout, ModelsAreSortedAndOnlyDirectChildren) {
  ScratchDir dir;
  const auto path = dir / "m.pt2";
  write_zip(path.string(), {{"a/models/zeta.json", "{}"},
                            {"a/models/alpha.json", "{}"},
                            {"a/models/nested/x.json", "{}"},
                            {"a/models/readme.txt", ""},
                            {"a/data/weights/model_weights_config.json", "{}"}});
  const auto models = pt2_model_entries(ZipArchive::open(path.string()));
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0].name, "alpha");
  EXPECT_EQ(models[1].name, "zeta");
}

TEST(Pt2Layout, LayoutErrorsNameTheEntry) {
  ScratchDir dir;
  write_zip((dir / "two.pt2").string(), {{"a/x", "1"}, {"b/y", "2"}});
  EXPECT_EQ(archive_error([&] { pt2_top_folder(ZipArchive::open((dir / "two.pt2").string())); }).entry(), "b/y");
  write_zip((dir / "root.pt2").string(), {{"a/x", "1"}, {"loose", "2"}});
  EXPECT_EQ(archive_error([&] { pt2_top_folder(ZipArchive::open((dir / "root.pt2").string())); }).entry(), "loose");
  write_zip((dir / "nomodel.pt2").string(), {{"a/archive_format", "pt2"}});
  const ArchiveError e = archive_error([&] { pt2_model_entry(ZipArchive::open((dir / "nomodel.pt2").string())); });
  EXPECT_EQ(e.entry(), "a/models/model.json");
  EXPECT_NE(e.message().find("no model JSON"), std::string::npos);
}

TEST(Pt2Layout, EveryReferenceArchiveHasOneTopFolderAndOneModel) {
  int seen = 0;
  for (const auto& f : std::filesystem::directory_iterator(reference_archives())) {
    if (f.path().extension() != ".pt2") continue;
    ++seen;
    const ZipArchive zip = ZipArchive::open(f.path().string());
    EXPECT_EQ(pt2_top_folder(zip), f.path().stem().string());
    EXPECT_EQ(pt2_model_entries(zip).size(), 1u) << f.path();
  }
  EXPECT_GE(seen, 11);
}

}  // namespace
}  // namespace exportcheck
