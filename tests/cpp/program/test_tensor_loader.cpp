// Weights and constants from raw bytes + tensor_meta, and from archives.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <ATen/core/Tensor.h>
#include <ATen/ops/arange.h>

#include "harness/archive/zip_archive.h"
#include "harness/archive/zip_writer.h"
#include "harness/program/tensor_loader.h"
#include "harness/runtime/program_runner.h"

namespace exportcheck::program {
namespace {

std::string float_bytes(int n) {
  std::string out(static_cast<std::size_t>(n) * sizeof(float), '\0');
  for (int i = 0; i < n; ++i) {
    const float v = static_cast<float>(i);
    std::memcpy(out.data() + i * sizeof(float), &v, sizeof v);
  }
  return out;
}

validate::TensorLayout layout(std::int64_t dtype, std::vector<std::int64_t> sizes, std::vector<std::int64_t> strides,
                              std::int64_t offset = 0) {
  validate::TensorLayout l;
  l.dtype = dtype;
  l.sizes = std::move(sizes);
  l.strides = std::move(strides);
  l.storage_offset = offset;
  return l;
}

constexpr std::int64_t kSchemaFloat = 7, kSchemaLong = 5;

TEST(TensorLoader, ContiguousFloat) {
  const at::Tensor t = tensor_from_bytes(float_bytes(6), layout(kSchemaFloat, {2, 3}, {3, 1}), c10::kCPU, "w");
  EXPECT_EQ(t.scalar_type(), at::kFloat);
  EXPECT_EQ(t.sizes(), (std::vector<std::int64_t>{2, 3}));
  EXPECT_TRUE(t.equal(at::arange(6, at::kFloat).reshape({2, 3})));
}

TEST(TensorLoader, StridesAndStorageOffsetAreHonoured) {
  // storage 0..7, a transposed 2x3 view starting at element 1
  const at::Tensor t = tensor_from_bytes(float_bytes(8), layout(kSchemaFloat, {2, 3}, {1, 2}, 1), c10::kCPU, "w");
  EXPECT_EQ(t.stride(0), 1);
  EXPECT_EQ(t.stride(1), 2);
  EXPECT_EQ(t.storage_offset(), 1);
  EXPECT_EQ(t[0][0].item<float>(), 1.0f);
  EXPECT_EQ(t[1][0].item<float>(), 2.0f);
  EXPECT_EQ(t[0][2].item<float>(), 5.0f);
  EXPECT_EQ(t[1][2].item<float>(), 6.0f);
}

TEST(TensorLoader, SchemaDtypeNumbersAreNotC10Numbers) {
  std::string bytes(16, '\0');
  const std::int64_t v = 42;
  std::memcpy(bytes.data() + 8, &v, 8);
  const at::Tensor t = tensor_from_bytes(bytes, layout(kSchemaLong, {2}, {1}), c10::kCPU, "w");
  EXPECT_EQ(t.scalar_type(), at::kLong);
  EXPECT_EQ(t[1].item<std::int64_t>(), 42);
}

TEST(TensorLoader, ShortPayloadIsALoadErrorNamingTheEntry) {
  try {
    tensor_from_bytes(float_bytes(5), layout(kSchemaFloat, {2, 3}, {3, 1}), c10::kCPU, "data/weights/weight_0");
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("data/weights/weight_0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("needs 24"), std::string::npos) << e.what();
  }
}

TEST(TensorLoader, PartialElementAndUnknownDtypeAreLoadErrors) {
  EXPECT_THROW(tensor_from_bytes(std::string(7, '\0'), layout(kSchemaFloat, {1}, {1}), c10::kCPU, "w"), runtime::LoadError);
  EXPECT_THROW(tensor_from_bytes(std::string(8, '\0'), layout(99, {1}, {1}), c10::kCPU, "w"), runtime::LoadError);
}

TEST(TensorLoader, EmptyTensor) {
  const at::Tensor t = tensor_from_bytes("", layout(kSchemaFloat, {0, 3}, {3, 1}), c10::kCPU, "w");
  EXPECT_EQ(t.numel(), 0);
  EXPECT_EQ(t.size(1), 3);
}

std::string config(const std::string& key, const std::string& path, bool pickle, const std::string& sizes = "[2, 2]",
                   const std::string& strides = "[2, 1]") {
  auto ints = [](const std::string& list) {
    std::string out = "[";
    std::string num;
    for (char c : list + ",") {
      if (std::isdigit(static_cast<unsigned char>(c))) num += c;
      else if (!num.empty()) { out += std::string(out.size() > 1 ? ", " : "") + "{\"as_int\": " + num + "}"; num.clear(); }
    }
    return out + "]";
  };
  return R"({"config": {")" + key + R"(": {"path_name": ")" + path + R"(", "is_param": true, "use_pickle": )" +
         (pickle ? "true" : "false") + R"(, "tensor_meta": {"dtype": 7, "sizes": )" + ints(sizes) +
         R"(, "requires_grad": false, "device": {"type": "cpu", "index": null}, "strides": )" + ints(strides) +
         R"(, "storage_offset": {"as_int": 0}, "layout": 7}}}})";
}

std::filesystem::path temp_zip(const std::string& name, const std::vector<ZipWriteEntry>& entries) {
  const auto path = std::filesystem::temp_directory_path() / ("exportcheck_tensor_loader_" + name + ".zip");
  write_zip(path.string(), entries);
  return path;
}

TEST(TensorLoader, EntriesSharingAFileAliasOneStorage) {
  const std::string two = R"({"config": {"a": {"path_name": "weight_0", "is_param": true, "use_pickle": false, "tensor_meta": {"dtype": 7, "sizes": [{"as_int": 2}], "requires_grad": false, "device": {"type": "cpu", "index": null}, "strides": [{"as_int": 1}], "storage_offset": {"as_int": 0}, "layout": 7}}, "b": {"path_name": "weight_0", "is_param": false, "use_pickle": false, "tensor_meta": {"dtype": 7, "sizes": [{"as_int": 2}], "requires_grad": false, "device": {"type": "cpu", "index": null}, "strides": [{"as_int": 1}], "storage_offset": {"as_int": 2}, "layout": 7}}}})";
  const auto path = temp_zip("alias", {{"m/data/weights/model_weights_config.json", two}, {"m/data/weights/weight_0", float_bytes(4)}});
  const Payloads p = load_payloads(ZipArchive::open(path.string()), "m/data/weights/model_weights_config.json",
                                   "m/data/weights/", c10::kCPU);
  ASSERT_EQ(p.tensors.size(), 2u);
  EXPECT_EQ(p.tensors.at("b")[0].item<float>(), 2.0f);
  EXPECT_EQ(p.tensors.at("a").storage().data(), p.tensors.at("b").storage().data());
}

TEST(TensorLoader, MissingPayloadFileIsALoadErrorNamingEntryAndKey) {
  const auto path = temp_zip("missing", {{"m/data/weights/model_weights_config.json", config("lin.weight", "weight_0", false)}});
  try {
    load_payloads(ZipArchive::open(path.string()), "m/data/weights/model_weights_config.json", "m/data/weights/", c10::kCPU);
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("m/data/weights/weight_0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("lin.weight"), std::string::npos) << e.what();
  }
}

TEST(TensorLoader, ShortPayloadInAnArchiveNamesEntryAndKey) {
  const auto path = temp_zip("short", {{"m/data/weights/model_weights_config.json", config("lin.weight", "weight_0", false)},
                                       {"m/data/weights/weight_0", float_bytes(3)}});
  try {
    load_payloads(ZipArchive::open(path.string()), "m/data/weights/model_weights_config.json", "m/data/weights/", c10::kCPU);
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("weight_0 ('lin.weight')"), std::string::npos) << e.what();
  }
}

TEST(TensorLoader, PickledPayloadGoesThroughPickleLoad) {
  // tests/data/executor/pickled_tensor.pt: torch.save(torch.arange(4.).reshape(2, 2))
  const auto fixture = std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/executor/pickled_tensor.pt";
  std::ifstream in(fixture, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto path = temp_zip("pickle", {{"m/data/weights/model_weights_config.json", config("w", "weight_0", true)},
                                        {"m/data/weights/weight_0", bytes}});
  const Payloads p = load_payloads(ZipArchive::open(path.string()), "m/data/weights/model_weights_config.json",
                                   "m/data/weights/", c10::kCPU);
  EXPECT_TRUE(p.tensors.at("w").equal(at::arange(4, at::kFloat).reshape({2, 2})));
}

TEST(TensorLoader, CustomObjectsAreListedNotLoaded) {
  const std::string cfg = R"({"config": {"obj": {"path_name": "custom_obj_0", "is_param": false, "use_pickle": true, "tensor_meta": null}}})";
  const auto path = temp_zip("obj", {{"m/data/constants/model_constants_config.json", cfg}, {"m/data/constants/custom_obj_0", "x"}});
  const Payloads p = load_payloads(ZipArchive::open(path.string()), "m/data/constants/model_constants_config.json",
                                   "m/data/constants/", c10::kCPU);
  EXPECT_TRUE(p.tensors.empty());
  EXPECT_TRUE(p.objects.contains("obj"));
}

}  // namespace
}  // namespace exportcheck::program
