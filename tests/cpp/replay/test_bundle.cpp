#include <gtest/gtest.h>

#include <fstream>

#include "harness/replay/bundle.h"
#include "replay_test_support.h"

using exportcheck::replay::Bundle;
using exportcheck::replay::BundleError;
using exportcheck::replay::read_bundle;
using replay_test::data;

namespace {

std::string error_of(const std::filesystem::path& p) {
  try {
    read_bundle(p);
  } catch (const BundleError& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST(Bundle, ReadsFormatTwoFixture) {
  Bundle b = read_bundle(data("bundle.pt"));
  EXPECT_EQ(b.case_name, "replay_fixture");
  EXPECT_EQ(b.mode, "nonstrict");
  EXPECT_FALSE(b.in_spec.empty());
  ASSERT_EQ(b.symbols.size(), 1u);
  const auto& [name, range] = *b.symbols.begin();
  EXPECT_EQ(range.min, 2);
  EXPECT_EQ(range.max, 64);
  EXPECT_EQ(b.eager["cuda"]["reason"], "CUDA not available");
  ASSERT_EQ(b.samples.size(), 3u);
  EXPECT_EQ(b.samples[0].label, "example");
  EXPECT_EQ(b.samples[1].label, "min:" + name);
  ASSERT_EQ(b.samples[2].sizes.size(), 1u);
  EXPECT_EQ(b.samples[2].sizes[0], std::make_pair(name, int64_t{64}));
  ASSERT_EQ(b.samples[0].inputs.size(), 2u);
  EXPECT_EQ(b.samples[0].inputs[0].toTensor().sizes(), c10::IntArrayRef({8, 4}));
  EXPECT_EQ(b.samples[0].inputs[1].toInt(), 3);
  ASSERT_EQ(b.samples[0].outputs.count("cpu"), 1u);
  EXPECT_EQ(b.samples[0].outputs.count("cuda"), 0u);
  EXPECT_EQ(b.samples[0].outputs.at("cpu").size(), 3u);
  EXPECT_EQ(b.samples[0].output_devices.at("cpu"), (std::vector<std::string>{"cpu", "cpu", ""}));
  ASSERT_EQ(b.guards.size(), 2u);
  EXPECT_EQ(b.guards[0].label, "below-min:" + name);
  EXPECT_EQ(b.guards[0].value, 1);
  EXPECT_EQ(b.guards[0].bound, "min 2");
  EXPECT_EQ(b.guards[1].value, 65);
  EXPECT_EQ(b.guards[1].inputs[0].toTensor().size(0), 65);
  EXPECT_EQ(exportcheck::replay::eager_reason(b, "cuda"), "CUDA not available");
  EXPECT_EQ(exportcheck::replay::eager_reason(b, "mps"), "not requested");
}

TEST(Bundle, CorruptFileNamesTheFile) {
  auto m = error_of(data("corrupt.pt"));
  EXPECT_NE(m.find("corrupt.pt"), std::string::npos) << m;
  EXPECT_NE(m.find("not a torch.save file"), std::string::npos) << m;
}

TEST(Bundle, MissingFieldIsNamed) {
  auto m = error_of(data("no_samples.pt"));
  EXPECT_NE(m.find("no_samples.pt: samples: missing"), std::string::npos) << m;
}

TEST(Bundle, MissingFileAndEmptyFile) {
  EXPECT_NE(error_of(data("does_not_exist.pt")).find("cannot open"), std::string::npos);
  auto dir = replay_test::scratch("bundle-empty");
  std::ofstream(dir / "empty.pt").close();
  EXPECT_NE(error_of(dir / "empty.pt").find("empty file"), std::string::npos);
}

TEST(Bundle, WrongFormatAndWrongFieldType) {
  auto dir = replay_test::scratch("bundle-format");
  auto raw = exportcheck::replay::load_pickle_file(data("bundle.pt")).toGenericDict();
  auto one = raw.copy();
  one.insert_or_assign(c10::IValue("format"), c10::IValue(1));
  exportcheck::replay::save_pickle_file(dir / "format1.pt", c10::IValue(one));
  EXPECT_NE(error_of(dir / "format1.pt").find("format: expected 2, got 1"), std::string::npos) << error_of(dir / "format1.pt");

  // samples[1].label is an int
  auto two = raw.copy();
  auto samples = two.at(c10::IValue("samples")).toList().copy();
  auto s1 = samples.get(1).toGenericDict().copy();
  s1.insert_or_assign(c10::IValue("label"), c10::IValue(5));
  samples.set(1, c10::IValue(s1));
  two.insert_or_assign(c10::IValue("samples"), c10::IValue(samples));
  exportcheck::replay::save_pickle_file(dir / "label.pt", c10::IValue(two));
  auto m = error_of(dir / "label.pt");
  EXPECT_NE(m.find("label.pt: samples[1].label: expected a str, got int"), std::string::npos) << m;
}
