// One test per class of bad case file, each asserting the exact
// "file:line: field: message" strings, so a wording or line regression shows.
#include <gtest/gtest.h>

#include "catalog_test_util.h"

namespace exportcheck::catalog {
namespace {

using Errors = std::vector<std::string>;
using testing::errors_of;

TEST(BadCase, AdditionalInputsStructureDiffers) {
  EXPECT_EQ(errors_of("bad", "additional_inputs_mismatch.yaml"),
            (Errors{
                  "cases/additional_inputs_mismatch.yaml:12: dynamic_shapes.additional_inputs[0].args[0]: has rank 3, but the example input has rank 2",
                  "cases/additional_inputs_mismatch.yaml:12: dynamic_shapes.additional_inputs[0].args[0]: has dtype float64, but the example input has float32",
                  "cases/additional_inputs_mismatch.yaml:13: dynamic_shapes.additional_inputs[0].args[1].list[1]: is a float, but the example input is a tensor",
                  "cases/additional_inputs_mismatch.yaml:15: dynamic_shapes.additional_inputs[1].args: has 1 item, but the example has 2",
                  "cases/additional_inputs_mismatch.yaml:17: dynamic_shapes.additional_inputs[1].kwargs: has keyword inputs [extra], but the example has []"}));
}

TEST(BadCase, UnknownDtype) {
  EXPECT_EQ(errors_of("bad", "bad_dtype.yaml"),
            (Errors{
                  "cases/bad_dtype.yaml:7: inputs.args[0].dtype: unknown dtype 'float'; known dtypes: float32, float64, float16, bfloat16, int8, int16, int32, int64, uint8, bool, complex64"}));
}

TEST(BadCase, InputsOfUnclearKindOrBadValues) {
  EXPECT_EQ(errors_of("bad", "bad_inputs.yaml"),
            (Errors{
                  "cases/bad_inputs.yaml:7: inputs.args[0]: cannot tell what this input is: expected one of the keys shape (a tensor), int, float, bool, none, list, tuple, dict, dataclass",
                  "cases/bad_inputs.yaml:8: inputs.args[1].int: expected an int, got the float 2.5",
                  "cases/bad_inputs.yaml:9: inputs.args[2].none: write None as {none: true}",
                  "cases/bad_inputs.yaml:10: inputs.args[3].init: init 'randn' does not work with dtype int64 (use one of zeros, ones, arange, randint)",
                  "cases/bad_inputs.yaml:11: inputs.args[4].low: low only applies to init randint or rand (init is randn)",
                  "cases/bad_inputs.yaml:11: inputs.args[4].high: high only applies to init randint or rand (init is randn)",
                  "cases/bad_inputs.yaml:12: inputs.args[5].high: low (7) must be < high (7)",
                  "cases/bad_inputs.yaml:13: inputs.args[6].dataclass: expected module:Class (e.g. exportdb.types:Point), got 'Point'",
                  "cases/bad_inputs.yaml:14: inputs.args[7].list: expected a list, got a map",
                  "cases/bad_inputs.yaml:16: inputs.kwargs.x: expected an INPUT such as {shape: [2, 3], dtype: float32} or {int: 3}, got a list"}));
}

TEST(BadCase, BadTensorShape) {
  EXPECT_EQ(errors_of("bad", "bad_shape.yaml"),
            (Errors{
                  "cases/bad_shape.yaml:7: inputs.args[0].shape[1]: a size must be >= 0, got -1",
                  "cases/bad_shape.yaml:8: inputs.args[1].shape[1]: expected an int, got the float 2.5",
                  "cases/bad_shape.yaml:9: inputs.args[2].shape: expected a list, got the int 4"}));
}

TEST(BadCase, OutOfRangeValues) {
  EXPECT_EQ(errors_of("bad", "bad_values.yaml"),
            (Errors{
                  "cases/bad_values.yaml:3: tags[1]: tag 'nn.linear' is listed twice",
                  "cases/bad_values.yaml:4: model.class: expected a class name (an identifier) in model.module, got 'nn.Linear'",
                  "cases/bad_values.yaml:6: export.strict[1]: true is listed twice",
                  "cases/bad_values.yaml:6: export.ir[1]: unknown ir 'optimized'; expected training, inference, core_aten, custom",
                  "cases/bad_values.yaml:7: replay.samples: samples must be >= 1, got 0",
                  "cases/bad_values.yaml:7: replay.seed: seed must be >= 0, got -1",
                  "cases/bad_values.yaml:8: tolerance.atol: atol must be >= 0",
                  "cases/bad_values.yaml:8: tolerance.rtol: expected a number, got the string 'fast'",
                  "cases/bad_values.yaml:9: devices[1]: unknown device 'tpu'; expected cpu, cuda",
                  "cases/bad_values.yaml:10: timeout: timeout must be > 0 seconds"}));
}

TEST(BadCase, CustomIrWithoutDecompositions) {
  EXPECT_EQ(errors_of("bad", "custom_without_decompositions.yaml"),
            (Errors{
                  "cases/custom_without_decompositions.yaml:7: export.decompositions: ir custom needs export.decompositions: module:function returning the decomposition table"}));
}

TEST(BadCase, DecompositionsWithoutCustomIr) {
  EXPECT_EQ(errors_of("bad", "decompositions_without_custom.yaml"),
            (Errors{
                  "cases/decompositions_without_custom.yaml:8: export.decompositions: decompositions only apply with ir custom (add custom to export.ir)"}));
}

TEST(BadCase, DynamicShapesTwoForms) {
  EXPECT_EQ(errors_of("bad", "dynamic_shapes_two_forms.yaml"),
            (Errors{
                  "cases/dynamic_shapes_two_forms.yaml:7: dynamic_shapes: use exactly one of args / kwargs (with dims), shapes_collection (with dims) or additional_inputs"}));
}

TEST(BadCase, ExpectInvalidRegex) {
  EXPECT_EQ(errors_of("bad", "expect_bad_regex.yaml"),
            (Errors{
                  "cases/expect_bad_regex.yaml:7: expect.export.match: invalid regex 'Unsupported (op': Mismatched '(' and ')' in regular expression"}));
}

TEST(BadCase, ExpectVariantTheCaseLacks) {
  EXPECT_EQ(errors_of("bad", "expect_bad_variant.yaml"),
            (Errors{
                  "cases/expect_bad_variant.yaml:8: expect.export.mode: this case does not export in mode strict (export.strict gives: nonstrict)",
                  "cases/expect_bad_variant.yaml:9: expect.golden.ir: this case does not produce ir core_aten (export.ir: training)",
                  "cases/expect_bad_variant.yaml:10: expect.replay.match: match only applies to verdict xfail",
                  "cases/expect_bad_variant.yaml:13: expect.archive[1]: a second expectation for the same stage, mode, ir and torch range (the first is on line 12)"}));
}

TEST(BadCase, ExpectMissingOrEmptyReason) {
  EXPECT_EQ(errors_of("bad", "expect_missing_reason.yaml"),
            (Errors{
                  "cases/expect_missing_reason.yaml:7: expect.export.reason: required field is missing",
                  "cases/expect_missing_reason.yaml:9: expect.replay[0].reason: must not be empty"}));
}

TEST(BadCase, ExpectUnknownStageRuntimeDevice) {
  EXPECT_EQ(errors_of("bad", "expect_unknown_stage.yaml"),
            (Errors{
                  "cases/expect_unknown_stage.yaml:8: expect.exprot: unknown stage 'exprot'; stages are export, archive, roundtrip, golden, replay, guards, sequence, compat",
                  "cases/expect_unknown_stage.yaml:9: expect.replay:nativer: unknown runtime 'nativer'; runtimes are module, nativert, cpp, aoti",
                  "cases/expect_unknown_stage.yaml:10: expect.replay:module:cuda: device 'cuda' is not in this case's devices (cpu)",
                  "cases/expect_unknown_stage.yaml:11: expect.golden:training: stage 'golden' has no ':' parts (only replay, guards, sequence, compat and roundtrip do)",
                  "cases/expect_unknown_stage.yaml:12: expect.compat:latest: compat: 'latest' is not a torch release such as 2.11.0 (or *, every release)",
                  "cases/expect_unknown_stage.yaml:13: expect.compat:2.11.0:nativert: unknown compat runtime 'nativert'; compat runtimes are module, cpp"}));
}

TEST(BadCase, ExpectUnknownVerdict) {
  EXPECT_EQ(errors_of("bad", "expect_unknown_verdict.yaml"),
            (Errors{
                  "cases/expect_unknown_verdict.yaml:7: expect.export.verdict: unknown verdict 'fail'; expected one of xfail, unsupported, skip"}));
}

TEST(BadCase, ShapeIndexAndLengthBeyondRank) {
  EXPECT_EQ(errors_of("bad", "index_out_of_range.yaml"),
            (Errors{
                  "cases/index_out_of_range.yaml:12: dynamic_shapes.args[0].2: index 2 is out of range for a tensor of rank 2 (shape [3, 4])",
                  "cases/index_out_of_range.yaml:13: dynamic_shapes.args[1]: lists 2 dims, but the input tensor has rank 1 (shape [5])"}));
}

TEST(BadCase, AllErrorsOfAFileAreCollected) {
  EXPECT_EQ(errors_of("bad", "many_errors.yaml"),
            (Errors{
                  "cases/many_errors.yaml:2: description: must not be empty",
                  "cases/many_errors.yaml:3: tags: list at least one tag from cases/tags.yaml",
                  "cases/many_errors.yaml:4: model.kwargs: expected a map, got a list",
                  "cases/many_errors.yaml:9: dynamic_shapes.dims.auto: a dim name must be an identifier other than auto, dynamic and static",
                  "cases/many_errors.yaml:9: dynamic_shapes.dims.dx.min: min must be >= 0, got -1",
                  "cases/many_errors.yaml:10: dynamic_shapes.args[0].0: min / max only apply to the hints auto and dynamic",
                  "cases/many_errors.yaml:10: dynamic_shapes.args[0].1: a hint cannot be part of an expression: '2*auto'"}));
}

TEST(BadCase, DimMinAboveMax) {
  EXPECT_EQ(errors_of("bad", "min_gt_max.yaml"),
            (Errors{
                  "cases/min_gt_max.yaml:11: dynamic_shapes.dims.batch.min: min (5) > max (2)"}));
}

TEST(BadCase, MissingRequiredFields) {
  EXPECT_EQ(errors_of("bad", "missing_required.yaml"),
            (Errors{
                  "cases/missing_required.yaml:1: description: required field is missing",
                  "cases/missing_required.yaml:3: model.class: required field is missing"}));
}

TEST(BadCase, NameDiffersFromFileStem) {
  EXPECT_EQ(errors_of("bad", "name_mismatch.yaml"),
            (Errors{
                  "cases/name_mismatch.yaml:1: name: name 'name_mismatched' must equal the file stem 'name_mismatch' (rename the file or the case)"}));
}

TEST(BadCase, RelationOnUndeclaredDim) {
  EXPECT_EQ(errors_of("bad", "relation_undeclared.yaml"),
            (Errors{
                  "cases/relation_undeclared.yaml:11: dynamic_shapes.args[0][1]: unknown dim 'dz' (declare it under dynamic_shapes.dims)"}));
}

TEST(BadCase, ShapesCollectionPathsNotReachingATensor) {
  EXPECT_EQ(errors_of("bad", "shapes_collection_bad_path.yaml"),
            (Errors{
                  "cases/shapes_collection_bad_path.yaml:13: dynamic_shapes.shapes_collection[0].input: 'args.0' is a dict, not a tensor",
                  "cases/shapes_collection_bad_path.yaml:14: dynamic_shapes.shapes_collection[1].input: 'args.0' is a dict without key 'y'",
                  "cases/shapes_collection_bad_path.yaml:15: dynamic_shapes.shapes_collection[2].input: 'args.0.n' is an int, not a tensor",
                  "cases/shapes_collection_bad_path.yaml:16: dynamic_shapes.shapes_collection[3].input: args.1 does not exist: inputs.args has 1 input",
                  "cases/shapes_collection_bad_path.yaml:17: dynamic_shapes.shapes_collection[4].input: an input path is args.N or kwargs.NAME, then list indexes / dict keys / dataclass fields, e.g. args.0.x; got 'x'",
                  "cases/shapes_collection_bad_path.yaml:19: dynamic_shapes.shapes_collection[6].input: 'args.0.x' already has a shape above"}));
}

TEST(BadCase, UnknownDimInArgShape) {
  EXPECT_EQ(errors_of("bad", "unknown_dim.yaml"),
            (Errors{
                  "cases/unknown_dim.yaml:10: dynamic_shapes.args[0].1: unknown dim 'bacth' (declare it under dynamic_shapes.dims)"}));
}

TEST(BadCase, UnknownNestedFields) {
  EXPECT_EQ(errors_of("bad", "unknown_nested_field.yaml"),
            (Errors{
                  "cases/unknown_nested_field.yaml:7: inputs.args[0].dtpye: unknown field; allowed fields: shape, dtype, init, low, high",
                  "cases/unknown_nested_field.yaml:10: export.irs: unknown field; allowed fields: strict, ir, decompositions"}));
}

TEST(BadCase, UnknownTag) {
  EXPECT_EQ(errors_of("bad", "unknown_tag.yaml"),
            (Errors{
                  "cases/unknown_tag.yaml:5: tags[1]: unknown tag 'nn.linearr'; known tags are listed in cases/tags.yaml"}));
}

TEST(BadCase, UnknownTopLevelField) {
  EXPECT_EQ(errors_of("bad", "unknown_top_field.yaml"),
            (Errors{
                  "cases/unknown_top_field.yaml:6: device: unknown field; allowed fields: name, description, tags, model, inputs, dynamic_shapes, export, replay, tolerance, devices, timeout, memory_mb, expect, preload, requires"}));
}

TEST(BadCase, BrokenYamlSyntaxGivesYamlCppLine) {
  EXPECT_EQ(errors_of("bad", "yaml_syntax.yaml"),
            (Errors{
                  "cases/yaml_syntax.yaml:4: YAML syntax error: end of sequence flow not found"}));
}

}  // namespace
}  // namespace exportcheck::catalog
