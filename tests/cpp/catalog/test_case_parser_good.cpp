// Valid case files → Case fields and the normalized JSON of PROTOCOL.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "catalog_test_util.h"
#include "harness/catalog/case_parser.h"

namespace exportcheck::catalog {
namespace {

using nlohmann::json;
using testing::case_of;

TEST(GoodCase, DefaultsAreFilledIn) {
  const Case c = case_of("good", "minimal.yaml");
  EXPECT_EQ(c.name, "minimal");
  EXPECT_EQ(c.file, "cases/minimal.yaml");
  EXPECT_EQ(c.description, "A torch.nn.Linear with one example input.");
  EXPECT_EQ(c.tags, std::vector<std::string>{"nn.linear"});
  EXPECT_EQ(c.devices, (std::vector<std::string>{"cpu", "cuda"}));  // every device unless narrowed
  EXPECT_EQ(c.modes, std::vector<std::string>{"nonstrict"});
  EXPECT_EQ(c.irs, std::vector<std::string>{"training"});
  EXPECT_EQ(c.timeout_s, 300);
  EXPECT_EQ(c.memory_mb, std::nullopt);
  EXPECT_TRUE(c.expect.empty());
  EXPECT_EQ(c.normalized, json::parse(R"({
    "name": "minimal",
    "file": "cases/minimal.yaml",
    "model": {"module": "torch.nn", "class": "Linear",
              "kwargs": {"in_features": 4, "out_features": 2, "bias": true}},
    "inputs": {"args": [{"kind": "tensor", "shape": [3, 4], "dtype": "float32",
                         "init": "randn", "low": null, "high": null}],
               "kwargs": {}},
    "dynamic_shapes": null,
    "export": {"strict": [false], "ir": ["training"], "decompositions": null},
    "replay": {"samples": 8, "seed": 0},
    "tolerance": {"atol": null, "rtol": null},
    "devices": ["cpu", "cuda"],
    "timeout_s": 300,
    "memory_mb": null,
    "preload": [],
    "requires": []
  })"));
}

TEST(GoodCase, EveryOptionIsNormalizedInCanonicalOrder) {
  const Case c = case_of("good", "all_options.yaml");
  EXPECT_EQ(c.modes, (std::vector<std::string>{"nonstrict", "strict"}));
  EXPECT_EQ(c.irs, (std::vector<std::string>{"training", "inference", "core_aten", "custom"}));
  EXPECT_EQ(c.devices, (std::vector<std::string>{"cpu", "cuda"}));
  EXPECT_EQ(c.timeout_s, 12.5);
  const json& n = c.normalized;
  EXPECT_EQ(n["export"], json::parse(R"({
    "strict": [false, true],
    "ir": ["training", "inference", "core_aten", "custom"],
    "decompositions": "exportdb.seed_examples:double_conv_table"})"));
  EXPECT_EQ(n["replay"], json::parse(R"({"samples": 3, "seed": 42})"));
  EXPECT_EQ(n["tolerance"], json::parse(R"({"atol": 1e-5, "rtol": 0.0})"));
  EXPECT_EQ(n["devices"], json::parse(R"(["cpu", "cuda"])"));
  EXPECT_EQ(n["timeout_s"], 12.5);
}

TEST(GoodCase, NamedDimsWithRelationsAndKwargs) {
  const Case c = case_of("good", "named_dims.yaml");
  EXPECT_EQ(c.normalized["dynamic_shapes"], json::parse(R"({
    "mode": "dims",
    "dims": {"batch": {"min": 2, "max": 1024}, "dx": {}, "dy": {"min": 3}},
    "args": [{"0": {"dim": "batch"}},
             {"0": {"dim": "dx", "mul": 2, "add": 0}, "1": {"dim": "dy", "mul": 1, "add": -1}}],
    "kwargs": {"constant": {"0": {"dim": "batch"}}, "scale": null}
  })"));
  EXPECT_EQ(c.normalized["inputs"]["kwargs"]["scale"], json::parse(R"({"kind": "float", "value": 2.0})"));
  EXPECT_TRUE(c.normalized["inputs"]["kwargs"]["scale"]["value"].is_number_float());
}

TEST(GoodCase, DimHintsWithAndWithoutBounds) {
  const Case c = case_of("good", "dim_hints.yaml");
  EXPECT_EQ(c.normalized["dynamic_shapes"], json::parse(R"({
    "mode": "dims",
    "dims": {},
    "args": [{"0": {"hint": "auto", "min": null, "max": null},
              "1": {"hint": "dynamic", "min": 2, "max": 64},
              "2": {"hint": "static", "min": null, "max": null}},
             {"0": {"hint": "auto", "min": null, "max": 128}}],
    "kwargs": {}
  })"));
  EXPECT_EQ(c.normalized["inputs"]["args"][1]["init"], "randint");  // default for ints
}

TEST(GoodCase, ShapesCollectionResolvesPaths) {
  const Case c = case_of("good", "shapes_collection.yaml");
  EXPECT_EQ(c.normalized["dynamic_shapes"], json::parse(R"({
    "mode": "shapes_collection",
    "dims": {"dim": {}},
    "entries": [
      {"path": ["args", 0, "x"],
       "shape": {"0": {"dim": "dim"}, "1": {"dim": "dim", "mul": 1, "add": 1}}},
      {"path": ["args", 0, "others", 0], "shape": {"0": {"dim": "dim", "mul": 2, "add": 0}}}
    ]
  })"));
}

TEST(GoodCase, AdditionalInputsWithADataclass) {
  const Case c = case_of("good", "additional_inputs.yaml");
  const json dataclass_input = json::parse(R"({
    "kind": "dataclass", "type": "exportdb.types:D",
    "fields": {"b": {"kind": "bool", "value": true},
               "i": {"kind": "int", "value": 3},
               "f": {"kind": "float", "value": 3.0},
               "t": {"kind": "tensor", "shape": [3], "dtype": "float32", "init": "ones",
                     "low": null, "high": null}}})");
  EXPECT_EQ(c.normalized["inputs"]["args"][0], dataclass_input);
  json extra = dataclass_input;
  extra["fields"]["i"]["value"] = 4;
  extra["fields"]["t"]["shape"] = json::array({4});
  EXPECT_EQ(c.normalized["dynamic_shapes"], (json{{"mode", "additional_inputs"},
                                                  {"inputs", json::array({json{
                                                      {"args", json::array({extra})},
                                                      {"kwargs", json::object()}}})}}));
}

TEST(GoodCase, NestedInputsAndModelKwargs) {
  const Case c = case_of("good", "nested_inputs.yaml");
  EXPECT_EQ(c.normalized["model"]["kwargs"], json::parse(R"({
    "sizes": [1, 2, 3], "eps": 1e-5, "name": "007", "flags": {"fast": false, "mode": null}})"));
  EXPECT_TRUE(c.normalized["model"]["kwargs"]["sizes"][0].is_number_integer());
  EXPECT_EQ(c.normalized["inputs"], json::parse(R"({
    "args": [
      {"kind": "tuple", "items": [
        {"kind": "tensor", "shape": [2, 3], "dtype": "int64", "init": "randint", "low": -5, "high": 5},
        {"kind": "list", "items": [{"kind": "int", "value": 1}, {"kind": "none"}]}]},
      {"kind": "tensor", "shape": [4], "dtype": "float16", "init": "rand", "low": -1, "high": 0.5},
      {"kind": "dataclass", "type": "exportdb.types:Point", "fields": {
        "x": {"kind": "tensor", "shape": [], "dtype": "float64", "init": "positive", "low": null, "high": null},
        "y": {"kind": "tensor", "shape": [0, 2], "dtype": "bool", "init": "randint", "low": null, "high": null}}}
    ],
    "kwargs": {"options": {"kind": "dict", "items": {
      "scale": {"kind": "float", "value": 0.5}, "enabled": {"kind": "bool", "value": false}}}}
  })"));
  // SHAPEs mirror the inputs: tuple → list, int → one DIM, dataclass → map by field.
  EXPECT_EQ(c.normalized["dynamic_shapes"], json::parse(R"({
    "mode": "dims",
    "dims": {"n": {"min": 1}},
    "args": [[{"0": {"dim": "n"}}, [{"hint": "dynamic", "min": null, "max": null}, null]],
             null,
             {"x": null, "y": null}],
    "kwargs": {"options": null}
  })"));
}

TEST(GoodCase, ParsesFromText) {
  TagVocabulary tags(std::map<std::string, std::string, std::less<>>{{"seed", "examples"}});
  CaseParseResult r = parse_case(
      "name: inline\ndescription: d\ntags: [seed]\nmodel: {module: m, class: C}\ninputs: {}\n",
      "cases/inline.yaml", tags);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.name, "inline");
  EXPECT_EQ(r.parsed->normalized["inputs"], json::parse(R"({"args": [], "kwargs": {}})"));
}

}  // namespace
}  // namespace exportcheck::catalog
