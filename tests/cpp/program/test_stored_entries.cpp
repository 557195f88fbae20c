// Zero-copy loading: weights as tensors over the mapped archive, a copy only
// where the layout forbids a view, and the CRC check on request.
#include <gtest/gtest.h>

#include <zlib.h>

#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <ATen/core/Tensor.h>
#include <ATen/ops/arange.h>

#include "harness/archive/mapped_file.h"
#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/archive/zip_writer.h"
#include "harness/program/load_error.h"
#include "harness/program/stored_entries.h"
#include "harness/program/tensor_loader.h"

namespace exportcheck::program {
namespace {

namespace fs = std::filesystem;

// A real torch.export.save archive with seven weights (conv + batch norm).
const fs::path kConvBn = fs::path(EXPORTCHECK_SOURCE_DIR) / "golden/archives/2.13.0/seed_conv_bn/nonstrict/training.pt2";

Payloads weights_of(const ZipArchive& zip, const StoredEntries* stored) {
  const std::string data = pt2_top_folder(zip) + "/data/weights/";
  return load_payloads(zip, data + "model_weights_config.json", data, c10::kCPU, stored);
}

bool inside(const at::Tensor& t, const MappedFile& file) {
  const auto* p = static_cast<const char*>(t.storage().data());
  return p >= file.data() && p < file.data() + file.size();
}

fs::path temp(const std::string& name) { return fs::temp_directory_path() / ("exportcheck_stored_entries_" + name); }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(StoredEntries, WeightsOfAMappedArchiveAreViewsOfItsBytesWithTheSameValues) {
  const ZipArchive mapped = ZipArchive::map(kConvBn.string());
  const StoredEntries stored(mapped);
  EXPECT_EQ(stored.refusal(), "");
  const Payloads views = weights_of(mapped, &stored);
  const Payloads copies = weights_of(ZipArchive::open(kConvBn.string()), nullptr);
  ASSERT_EQ(views.tensors.size(), 7u);
  for (const auto& [name, t] : views.tensors) {
    EXPECT_TRUE(inside(t, *mapped.mapping())) << name << " was copied";
    EXPECT_FALSE(inside(copies.tensors.at(name), *mapped.mapping()));
    EXPECT_TRUE(t.equal(copies.tensors.at(name))) << name;
  }
}

TEST(StoredEntries, TensorsKeepTheMappingAliveAndWritesStayPrivate) {
  at::Tensor weight;
  std::weak_ptr<const MappedFile> mapping;
  at::Tensor before;
  {
    const ZipArchive zip = ZipArchive::map(kConvBn.string());
    const StoredEntries stored(zip);
    Payloads p = weights_of(zip, &stored);
    weight = p.tensors.begin()->second;
    before = weight.clone();
    mapping = zip.mapping();
  }
  ASSERT_FALSE(mapping.expired()) << "the archive is gone but its tensors still point into the mapping";
  weight.fill_(7.0);  // a mutated buffer: copy-on-write pages, the file is untouched
  EXPECT_EQ(weight.flatten()[0].item<float>(), 7.0f);
  ASSERT_FALSE(before.flatten()[0].item<float>() == 7.0f);
  const ZipArchive again = ZipArchive::map(kConvBn.string());
  const StoredEntries stored(again);
  EXPECT_TRUE(weights_of(again, &stored).tensors.begin()->second.equal(before));
  weight = at::Tensor();
  EXPECT_TRUE(mapping.expired()) << "the last tensor released the mapping";
}

TEST(StoredEntries, CrcIsCheckedOnlyWhenAskedAndNamesTheDamagedEntry) {
  const fs::path damaged = temp("crc.pt2");
  std::string bytes = read_file(kConvBn);
  std::string entry;
  {
    const ZipArchive zip = ZipArchive::map(kConvBn.string());
    const StoredEntries stored(zip);
    const ZipEntry* e = zip.find(pt2_top_folder(zip) + "/data/weights/weight_0");
    ASSERT_NE(e, nullptr);
    const auto view = stored.bytes(*e);
    ASSERT_TRUE(view.has_value());
    bytes[static_cast<std::size_t>(view->data() - zip.mapping()->data())] ^= 0x40;  // one bit of weight_0
    entry = e->name;
  }
  std::ofstream(damaged, std::ios::binary) << bytes;
  const ZipArchive zip = ZipArchive::map(damaged.string());
  const StoredEntries stored(zip);
  try {
    stored.verify_crc(*zip.find(entry));
    FAIL() << "a flipped bit passed the CRC check";
  } catch (const LoadError& e) {  // program::LoadError
    EXPECT_NE(std::string(e.what()).find(entry + ": CRC-32"), std::string::npos) << e.what();
  }
  stored.verify_crc(*zip.find(pt2_top_folder(zip) + "/data/weights/weight_1"));  // its neighbours are intact
}

std::string float_bytes(int n, std::endian order) {
  std::string out(static_cast<std::size_t>(n) * 4, '\0');
  for (int i = 0; i < n; ++i) {
    const float v = static_cast<float>(i);
    std::memcpy(out.data() + i * 4, &v, 4);
    if (order != std::endian::native) std::reverse(out.begin() + i * 4, out.begin() + i * 4 + 4);
  }
  return out;
}

const std::string kConfig = R"({"config": {"w": {"path_name": "PATH", "is_param": true, "use_pickle": false, "tensor_meta": {"dtype": 7, "sizes": [{"as_int": 8}], "requires_grad": false, "device": {"type": "cpu", "index": null}, "strides": [{"as_int": 1}], "storage_offset": {"as_int": 0}, "layout": 7}}}})";

// A minimal archive LibTorch's reader accepts (it needs .data/version), one
// weight file named `file` (its name's length moves its data's offset).
fs::path small_archive(const std::string& label, const std::string& file, const std::string& byteorder, std::endian order) {
  std::string config = kConfig;
  config.replace(config.find("PATH"), 4, file);
  std::vector<ZipWriteEntry> entries = {{"m/.data/version", "3\n"},
                                        {"m/data/weights/model_weights_config.json", config},
                                        {"m/data/weights/" + file, float_bytes(8, order)}};
  if (!byteorder.empty()) entries.push_back({"m/byteorder", byteorder});
  const fs::path path = temp(label + ".pt2");
  write_zip(path.string(), entries);
  return path;
}

TEST(StoredEntries, AWeightNotAlignedForItsDtypeIsCopiedAlignedOnesAreViews) {
  bool saw_aligned = false, saw_misaligned = false;
  for (int pad = 0; pad < 4; ++pad) {  // the name's length moves the data's offset by one byte each
    const std::string file = "w" + std::string(static_cast<std::size_t>(pad), 'x');
    const fs::path path = small_archive("align" + std::to_string(pad), file, "", std::endian::little);
    const ZipArchive zip = ZipArchive::map(path.string());
    const StoredEntries stored(zip);
    ASSERT_EQ(stored.refusal(), "");
    const auto view = stored.bytes(*zip.find("m/data/weights/" + file));
    ASSERT_TRUE(view.has_value());
    const bool aligned = reinterpret_cast<std::uintptr_t>(view->data()) % 4 == 0;
    const at::Tensor w = weights_of(zip, &stored).tensors.at("w");
    EXPECT_EQ(inside(w, *zip.mapping()), aligned) << "offset " << view->data() - zip.mapping()->data();
    EXPECT_TRUE(w.equal(at::arange(8, at::kFloat)));
    (aligned ? saw_aligned : saw_misaligned) = true;
  }
  EXPECT_TRUE(saw_aligned && saw_misaligned);
}

TEST(StoredEntries, AnArchiveOfTheOtherByteOrderIsCopiedAndSwapped) {
  const std::endian other = std::endian::native == std::endian::little ? std::endian::big : std::endian::little;
  const fs::path path = small_archive("order", "w", other == std::endian::big ? "big" : "little", other);
  const ZipArchive zip = ZipArchive::map(path.string());
  const StoredEntries stored(zip);
  const at::Tensor w = weights_of(zip, &stored).tensors.at("w");
  EXPECT_FALSE(inside(w, *zip.mapping()));
  EXPECT_TRUE(w.equal(at::arange(8, at::kFloat)));
}

TEST(StoredEntries, AnArchiveLibTorchRefusesIsCopiedThroughLibzip) {
  const fs::path path = temp("noversion.pt2");  // no .data/version: LibTorch's reader refuses it
  std::string config = kConfig;
  config.replace(config.find("PATH"), 4, "w");
  write_zip(path.string(), {{"m/data/weights/model_weights_config.json", config},
                            {"m/data/weights/w", float_bytes(8, std::endian::native)}});
  const ZipArchive zip = ZipArchive::map(path.string());
  const StoredEntries stored(zip);
  EXPECT_NE(stored.refusal(), "");
  const at::Tensor w = weights_of(zip, &stored).tensors.at("w");
  EXPECT_FALSE(inside(w, *zip.mapping()));
  EXPECT_TRUE(w.equal(at::arange(8, at::kFloat)));
}

TEST(StoredEntries, Crc32IsZlibsOnEveryLengthAndAlignment) {
  EXPECT_EQ(crc32_of(""), 0u);
  EXPECT_EQ(crc32_of("123456789"), 0xCBF43926u);  // the standard check value
  std::string data(1 << 20, '\0');
  std::uint32_t x = 12345;
  for (char& c : data) c = static_cast<char>((x = x * 1103515245u + 12345u) >> 24);
  for (std::size_t offset : {0, 1, 3, 7}) {
    for (std::size_t length : {1, 15, 64, 1000, 65537, (1 << 20) - 8}) {
      const std::string_view piece(data.data() + offset, length);
      const auto zlib = static_cast<std::uint32_t>(
          crc32_z(0, reinterpret_cast<const Bytef*>(piece.data()), static_cast<z_size_t>(piece.size())));
      EXPECT_EQ(crc32_of(piece), zlib) << "offset " << offset << " length " << length;
    }
  }
}

}  // namespace
}  // namespace exportcheck::program
