// Each kind of damage is a named finding with a clear message, never a crash.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "harness/validate/archive_validator.h"
#include "tests/cpp/validate/validate_test_support.h"

namespace exportcheck::validate {
namespace {

using nlohmann::json;
using testing::RawEntry;

// Measured on the seed archive: see RandomByteFlipsAreCaughtNeverCrash.
constexpr int kRandomDamageCaughtPercent = 90;

const std::filesystem::path kConvBn = testing::frozen_archives("2.13.0") / "seed_conv_bn" / "nonstrict" / "training.pt2";

Validation validate_bytes(const std::string& zip_bytes) {
  testing::ScratchDir dir;
  const auto path = dir / "damaged.pt2";
  testing::write_file(path, zip_bytes);
  return validate_archive_file(path.string());
}

// conv_bn's entries, changed by `damage`, written as a raw zip and validated.
Validation damaged(const std::function<void(std::vector<RawEntry>&)>& damage) {
  auto entries = testing::raw_entries(kConvBn);
  damage(entries);
  return validate_bytes(testing::raw_zip(entries));
}

void edit_json(std::vector<RawEntry>& entries, const std::string& suffix, const std::function<void(json&)>& edit) {
  RawEntry& e = testing::entry_ending(entries, suffix);
  json j = json::parse(e.data);
  edit(j);
  e.data = j.dump();
}

void remove_entry(std::vector<RawEntry>& entries, const std::string& suffix) {
  std::erase_if(entries, [&](const RawEntry& e) { return e.name.ends_with(suffix); });
}

// The error findings of one check; fails the test when there is none.
std::vector<Finding> findings_of(const Validation& v, const std::string& check) {
  std::vector<Finding> out;
  for (const Finding& f : errors_only(v.findings))
    if (f.check == check) out.push_back(f);
  EXPECT_FALSE(out.empty()) << "no '" << check << "' finding in:\n" << summarize(v.findings, 50);
  return out;
}

TEST(Damage, UndamagedRawCopyIsValid) {
  const Validation v = damaged([](auto&) {});
  EXPECT_TRUE(v.ok()) << summarize(v.findings);
}

TEST(Damage, TruncatedZipIsUnreadable) {
  const std::string bytes = testing::read_file(kConvBn);
  for (std::size_t keep : {std::size_t{0}, std::size_t{10}, bytes.size() / 2, bytes.size() - 10}) {
    const Validation v = validate_bytes(bytes.substr(0, keep));
    EXPECT_FALSE(v.readable) << keep;
    ASSERT_EQ(v.findings.size(), 1u);
    EXPECT_EQ(v.findings[0].check, "zip");
    EXPECT_NE(v.findings[0].message, "");
  }
}

TEST(Damage, EachMissingEntryIsNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/archive_format", "archive_format"},
      {"/archive_version", "archive_version"},
      {"/byteorder", "byteorder"},
      {"/.data/version", ".data/version"},
      {"/.data/serialization_id", ".data/serialization_id"},
      {"/models/model.json", "model-json"},
      {"/data/weights/model_weights_config.json", "weights-config"},
      {"/data/constants/model_constants_config.json", "constants-config"},
      {"/data/sample_inputs/model.pt", "sample-inputs"},
      {"/data/weights/weight_0", "payload-missing"},
  };
  for (const auto& [suffix, check] : cases) {
    const Validation v = damaged([&](auto& e) { remove_entry(e, suffix); });
    const auto f = findings_of(v, check);
    if (!f.empty() && check != "payload-missing") {
      EXPECT_TRUE(f[0].entry.ends_with(suffix)) << to_string(f[0]);
      EXPECT_NE(f[0].message.find("missing"), std::string::npos) << to_string(f[0]);
    }
  }
  const auto f = findings_of(damaged([](auto& e) { remove_entry(e, "/data/weights/weight_0"); }), "payload-missing");
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].field, "/config/conv.weight/path_name");
  EXPECT_TRUE(f[0].entry.ends_with("model_weights_config.json"));
}

TEST(Damage, WrongValuesOfTheSmallFiles) {
  auto f = findings_of(damaged([](auto& e) { testing::entry_ending(e, "/archive_format").data = "zip"; }), "archive_format");
  EXPECT_EQ(f[0].message, "is 'zip', not 'pt2'");
  f = findings_of(damaged([](auto& e) { testing::entry_ending(e, "/byteorder").data = "middle"; }), "byteorder");
  EXPECT_EQ(f[0].message, "is 'middle', not 'little' or 'big'");
  f = findings_of(damaged([](auto& e) { testing::entry_ending(e, "/.data/version").data = "six"; }), ".data/version");
  f = findings_of(damaged([](auto& e) { testing::entry_ending(e, "/.data/serialization_id").data = ""; }),
                  ".data/serialization_id");
}

TEST(Damage, WeightWithTooFewBytes) {
  const auto f = findings_of(damaged([](auto& e) { testing::entry_ending(e, "/data/weights/weight_0").data.resize(5); }),
                             "payload-size");
  EXPECT_TRUE(f[0].entry.ends_with("/data/weights/weight_0"));
  EXPECT_EQ(f[0].message, "holds 5 bytes, its tensor_meta needs 12");
}

TEST(Damage, TensorMetaThatNeedsMoreThanTheWeightHolds) {
  const auto v = damaged([](auto& e) {
    edit_json(e, "model_weights_config.json", [](json& j) { j["config"]["conv.weight"]["tensor_meta"]["sizes"][0] = {{"as_int", 30}}; });
  });
  const auto f = findings_of(v, "payload-size");
  EXPECT_EQ(f[0].message, "holds 12 bytes, its tensor_meta needs 120");
}

TEST(Damage, DeclaredSizeDifferentFromTheData) {
  // The directory says 4 bytes more than the entry holds: the read runs into
  // the next entry's header and fails the CRC or length check.
  const auto v = damaged([](auto& e) {
    RawEntry& w = testing::entry_ending(e, "/data/weights/weight_0");
    w.declared_size = w.data.size() + 4;
  });
  EXPECT_FALSE(v.ok());
  bool named = false;
  for (const Finding& f : errors_only(v.findings)) named |= f.entry.ends_with("/data/weights/weight_0") || f.check == "zip";
  EXPECT_TRUE(named) << summarize(v.findings);
}

TEST(Damage, DeclaredSizeFarLargerThanTheFileIsRefusedBeforeReading) {
  const auto v = damaged([](auto& e) { testing::entry_ending(e, "/data/weights/weight_0").declared_size = 0xfffffff0u; });
  EXPECT_FALSE(v.ok());
  bool named = false;
  for (const Finding& f : errors_only(v.findings))
    named |= f.message.find("more than the archive") != std::string::npos || f.check == "zip";
  EXPECT_TRUE(named) << summarize(v.findings);
}

TEST(Damage, BadJson) {
  auto f = findings_of(damaged([](auto& e) { testing::entry_ending(e, "/models/model.json").data = "{not json"; }), "model-json");
  EXPECT_NE(f[0].message.find("invalid JSON"), std::string::npos) << f[0].message;
  f = findings_of(damaged([](auto& e) {
                    edit_json(e, "/models/model.json", [](json& j) { j["graph_module"]["graph"]["nodes"][0]["target"] = 7; });
                  }),
                  "model-json");
  EXPECT_EQ(f[0].field, "/graph_module/graph/nodes/0/target");
  f = findings_of(damaged([](auto& e) { testing::entry_ending(e, "model_weights_config.json").data = "[1, 2"; }),
                  "weights-config");
  f = findings_of(damaged([](auto& e) {
                    edit_json(e, "model_weights_config.json", [](json& j) { j["config"]["conv.bias"]["path_name"] = 3; });
                  }),
                  "weights-config");
  EXPECT_EQ(f[0].field, "/config/conv.bias/path_name");
}

TEST(Damage, UnknownSchemaMajor) {
  const auto f = findings_of(damaged([](auto& e) {
                               edit_json(e, "/models/model.json", [](json& j) { j["schema_version"]["major"] = 99; });
                             }),
                             "schema-version");
  EXPECT_EQ(f[0].field, "/schema_version/major");
  EXPECT_NE(f[0].message.find("schema 99."), std::string::npos) << f[0].message;
}

TEST(Damage, TensorWithoutMeta) {
  std::string removed;
  const auto v = damaged([&](auto& e) {
    edit_json(e, "/models/model.json", [&](json& j) {
      json& values = j["graph_module"]["graph"]["tensor_values"];
      removed = values.begin().key();
      values.erase(values.begin());
    });
  });
  const auto f = findings_of(v, "tensor-meta");
  EXPECT_EQ(f[0].message, "tensor '" + removed + "' has no entry in tensor_values");
  EXPECT_TRUE(f[0].field.starts_with("/graph_module/")) << f[0].field;
}

TEST(Damage, UnsafeEntryNames) {
  for (const std::string name : {"training/../../evil", "/training/abs", "training\\win"}) {
    const auto v = damaged([&](auto& e) { e.push_back({name, "x"}); });
    const auto f = findings_of(v, "entry-name");
    EXPECT_EQ(f[0].entry, name);
  }
}

TEST(Damage, DuplicateEntries) {
  const auto v = damaged([](auto& e) { e.push_back(testing::entry_ending(e, "/byteorder")); });
  EXPECT_FALSE(v.ok());
  if (v.readable) {
    const auto f = findings_of(v, "duplicate-entry");
    EXPECT_TRUE(f[0].entry.ends_with("/byteorder"));
  } else {  // libzip itself refuses such a directory at open
    EXPECT_EQ(v.findings[0].check, "zip");
    EXPECT_NE(v.findings[0].message.find("duplicate entry"), std::string::npos) << v.findings[0].message;
  }
}

TEST(Damage, SecondTopFolder) {
  const auto f = findings_of(damaged([](auto& e) { e.push_back({"other/x", "x"}); }), "top-folder");
  EXPECT_EQ(f[0].message, "2 top folders ('other', 'training'), one expected");
}

TEST(Damage, SampleInputsThatAreNotATorchContainer) {
  const auto f = findings_of(damaged([](auto& e) { testing::entry_ending(e, "/sample_inputs/model.pt").data = "pickle?"; }),
                             "sample-inputs");
  EXPECT_NE(f[0].message.find("not a torch.save container"), std::string::npos) << f[0].message;
}

// Seeded random damage: the validator returns (no crash), each finding is
// named, and nearly every damaged copy is caught (zip CRCs and sizes cover
// the data; a flip in a field nothing reads, such as a timestamp, is not).
TEST(Damage, RandomByteFlipsAreCaughtNeverCrash) {
  const std::string bytes = testing::read_file(kConvBn);
  ASSERT_TRUE(validate_bytes(bytes).ok());
  std::uint64_t seed = 12345;
  int damaged = 0, caught = 0;
  for (int i = 0; i < 200; ++i) {
    std::string copy = bytes;
    for (int k = 0; k < 4; ++k) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      copy[(seed >> 33) % copy.size()] = static_cast<char>(seed >> 13);
    }
    if (copy == bytes) continue;
    ++damaged;
    const Validation v = validate_bytes(copy);
    for (const Finding& f : v.findings) {
      EXPECT_FALSE(f.check.empty()) << summarize(v.findings);
      EXPECT_FALSE(f.message.empty()) << summarize(v.findings);
    }
    if (!v.ok()) ++caught;
  }
  EXPECT_GT(damaged, 190);
  EXPECT_GE(caught * 100, damaged * kRandomDamageCaughtPercent) << caught << " of " << damaged << " damaged copies caught";
}

}  // namespace
}  // namespace exportcheck::validate
