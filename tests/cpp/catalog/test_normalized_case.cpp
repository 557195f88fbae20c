// catalog::case_from_normalized: an external suite's normalized case → Case.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/catalog/normalized_case.h"

namespace exportcheck::catalog {
namespace {

using nlohmann::json;

json suite_case() {
  return json::parse(R"({
    "name": "exportdb-upstream/dynamic_shape_round", "file": "torch/_export/db/examples/dynamic_shape_round.py",
    "description": "d", "tags": ["upstream-exportdb"], "suite": "exportdb-upstream",
    "model": {"module": "exportdb.upstream", "class": "Upstream", "kwargs": {"name": "dynamic_shape_round"}},
    "inputs": {"upstream_exportdb": "dynamic_shape_round"},
    "dynamic_shapes": {"mode": "upstream_exportdb", "name": "dynamic_shape_round"},
    "export": {"strict": [true, false], "ir": ["core_aten", "training"], "decompositions": null},
    "replay": {"samples": 8, "seed": 0}, "tolerance": {"atol": null, "rtol": null},
    "devices": ["cpu"], "timeout_s": 120, "preload": [], "requires": [],
    "expect": [
      {"stage": "golden", "verdict": "unsupported", "reason": "suite cases have no golden"},
      {"stage": "export", "verdict": "xfail", "reason": "upstream support_level NOT_SUPPORTED_YET",
       "mode": "nonstrict", "xpass": "finding"},
      {"stage": "roundtrip:reload", "verdict": "xfail", "reason": "r", "match": "canonical", "mode": "strict", "ir": null}
    ]})");
}

std::string error_of(const json& j) {
  try {
    case_from_normalized(j);
  } catch (const NormalizedCaseError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(NormalizedCase, ReadsTheCppFieldsInCanonicalOrder) {
  Case c = case_from_normalized(suite_case());
  EXPECT_EQ(c.name, "exportdb-upstream/dynamic_shape_round");
  EXPECT_EQ(c.suite, "exportdb-upstream");
  EXPECT_EQ(c.modes, (std::vector<std::string>{"nonstrict", "strict"}));
  EXPECT_EQ(c.irs, (std::vector<std::string>{"training", "core_aten"}));
  EXPECT_EQ(c.devices, std::vector<std::string>{"cpu"});
  EXPECT_DOUBLE_EQ(c.timeout_s, 120);
  ASSERT_EQ(c.expect.size(), 3u);
  EXPECT_FALSE(c.normalized.contains("expect"));
  EXPECT_EQ(c.normalized.at("inputs"), json({{"upstream_exportdb", "dynamic_shape_round"}}));
}

TEST(NormalizedCase, ExpectationsResolveByStageModeAndIr) {
  Case c = case_from_normalized(suite_case());
  const Expectation* e = c.find_expectation("export", "nonstrict", "training");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->xpass_finding);
  EXPECT_EQ(e->reason, "upstream support_level NOT_SUPPORTED_YET");
  EXPECT_EQ(c.find_expectation("export", "strict", "training"), nullptr);
  ASSERT_NE(c.find_expectation("golden", "strict", "core_aten"), nullptr);
  EXPECT_EQ(c.find_expectation("golden", "strict", "core_aten")->verdict, "unsupported");
  ASSERT_NE(c.find_expectation("roundtrip:reload", "strict", "training"), nullptr);
  EXPECT_EQ(c.find_expectation("roundtrip:reload", "nonstrict", "training"), nullptr);
}

TEST(NormalizedCase, RejectsWhatACaseFileCouldNotSay) {
  json j = suite_case();
  j["expect"][0]["reason"] = "";
  EXPECT_NE(error_of(j).find("expect[0].reason: reason must say why"), std::string::npos) << error_of(j);
  j = suite_case();
  j["expect"][0]["match"] = "x";
  EXPECT_NE(error_of(j).find("match only applies to verdict xfail"), std::string::npos) << error_of(j);
  j = suite_case();
  j["export"]["strict"] = json::array({false});
  EXPECT_NE(error_of(j).find("does not export in mode 'strict'"), std::string::npos) << error_of(j);
  j = suite_case();
  j["expect"][0]["stage"] = "gold";
  EXPECT_NE(error_of(j).find("unknown stage 'gold'"), std::string::npos) << error_of(j);
  j = suite_case();
  j["expect"][0]["xpass"] = "finding";
  EXPECT_NE(error_of(j).find("xpass only applies to verdict xfail"), std::string::npos) << error_of(j);
  j = suite_case();
  j.erase("model");
  EXPECT_NE(error_of(j).find("exportdb-upstream/dynamic_shape_round: model: expected an object"), std::string::npos);
  j = suite_case();
  j["name"] = "../escape";
  EXPECT_NE(error_of(j).find("not a usable case name"), std::string::npos);
  j = suite_case();
  j["expect"].push_back(j["expect"][0]);
  EXPECT_NE(error_of(j).find("a second expectation"), std::string::npos);
}

}  // namespace
}  // namespace exportcheck::catalog
