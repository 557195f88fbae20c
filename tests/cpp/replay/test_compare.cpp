#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/full.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>

#include "harness/replay/compare.h"

using exportcheck::replay::compare_outputs;
using exportcheck::replay::compare_value;
using exportcheck::replay::default_tolerances;
using exportcheck::replay::Tolerance;

namespace {

std::optional<std::string> cmp(const c10::IValue& a, const c10::IValue& e, Tolerance t = {}, const std::string& device = "cpu") {
  return compare_value("output[0]", a, e, device, t);
}

std::string text(const std::optional<std::string>& m) { return m.value_or("<no mismatch>"); }

at::Tensor f32(std::vector<float> v) { return at::tensor(v); }

}  // namespace

TEST(Compare, EqualOutputsMatch) {
  auto t = at::arange(12, at::kFloat).reshape({3, 4});
  EXPECT_FALSE(compare_outputs({t.clone(), c10::IValue(3), c10::IValue()}, {t, c10::IValue(3), c10::IValue()},
                               {"cpu", "", ""}, {}));
}

TEST(Compare, CountMismatch) {
  auto m = compare_outputs({c10::IValue(1)}, {c10::IValue(1), c10::IValue(2)}, {}, {});
  EXPECT_EQ(text(m), "output: 1 leaves != expected 2");
}

TEST(Compare, KindMismatch) {
  EXPECT_EQ(text(cmp(c10::IValue(3), at::zeros({2}))), "output[0]: type int != expected Tensor");
  EXPECT_EQ(text(cmp(at::zeros({2}), c10::IValue(3))), "output[0]: type Tensor != expected int");
  EXPECT_EQ(text(cmp(c10::IValue(true), c10::IValue(1))), "output[0]: type bool != expected int");
  EXPECT_EQ(text(cmp(c10::IValue(), c10::IValue(1.5))), "output[0]: type NoneType != expected float");
  EXPECT_FALSE(cmp(c10::IValue(2), c10::IValue(2.0))) << "int and float compare as numbers, as in compare.py";
}

TEST(Compare, ShapeMismatchWordedLikeComparePy) {
  EXPECT_EQ(text(cmp(at::zeros({4, 8}), at::zeros({4, 9}))), "output[0]: shape (4, 8) != expected (4, 9)");
  EXPECT_EQ(text(cmp(at::zeros({4}), at::zeros({}))), "output[0]: shape (4,) != expected ()");
}

TEST(Compare, DtypeMismatch) {
  EXPECT_EQ(text(cmp(at::zeros({2}, at::kDouble), at::zeros({2}, at::kFloat))), "output[0]: dtype float64 != expected float32");
  EXPECT_EQ(text(cmp(at::zeros({2}, at::kLong), at::zeros({2}, at::kBFloat16))), "output[0]: dtype int64 != expected bfloat16");
}

TEST(Compare, DeviceMismatchAgainstExpectedDeviceString) {
  EXPECT_EQ(text(cmp(at::zeros({2}), at::zeros({2}), {}, "cuda:0")), "output[0]: device cpu != expected cuda:0");
  EXPECT_FALSE(cmp(at::zeros({2}), at::zeros({2}), {}, "")) << "no recorded device: not checked";
}

TEST(Compare, ValueMismatchMessage) {
  auto e = at::zeros({8, 8});
  auto a = e.clone();
  a[2][3].fill_(0.5);
  a[0][0].fill_(0.25);
  a[7][7].fill_(-0.125);
  auto m = text(cmp(a, e));
  EXPECT_EQ(m.rfind("output[0]: values differ: max abs error 0.5 (atol 1e-05), max rel error inf (rtol 1.3e-06), "
                    "3/64 elements mismatched; actual min -0.125 max 0.5 mean 0.00976562; expected min 0 max 0 mean 0",
                    0),
            0u)
      << m;
}

TEST(Compare, ScalarMismatch) {
  EXPECT_EQ(text(cmp(c10::IValue(4), c10::IValue(3))), "output[0]: 4 != expected 3");
  EXPECT_EQ(text(cmp(c10::IValue(1.5), c10::IValue(1.0))), "output[0]: 1.5 != expected 1.0 (abs error 0.5)");
  EXPECT_EQ(text(cmp(c10::IValue(false), c10::IValue(true))), "output[0]: False != expected True");
  EXPECT_FALSE(cmp(c10::IValue(1.0 + 1e-7), c10::IValue(1.0))) << "float scalars use float32's tolerance";
}

TEST(Compare, NanEqualsNanInfEqualsSameSignInf) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  EXPECT_FALSE(cmp(f32({nan, 1, inf, -inf}), f32({nan, 1, inf, -inf})));
  EXPECT_TRUE(cmp(f32({inf}), f32({-inf}))) << "opposite infinities differ";
  EXPECT_TRUE(cmp(f32({nan}), f32({1}))) << "NaN against a number differs";
  EXPECT_TRUE(cmp(f32({1e30f}), f32({inf}))) << "a finite value never equals inf";
  auto m = text(cmp(f32({nan, 0}), f32({0, 0})));
  EXPECT_NE(m.find("nan 1"), std::string::npos) << "summary counts NaNs: " << m;
  EXPECT_FALSE(cmp(c10::IValue(std::nan("")), c10::IValue(std::nan(""))));
}

TEST(Compare, PerDtypeDefaults) {
  EXPECT_EQ(default_tolerances(at::kHalf), std::make_pair(1e-5, 1e-3));
  EXPECT_EQ(default_tolerances(at::kBFloat16), std::make_pair(1e-5, 1.6e-2));
  EXPECT_EQ(default_tolerances(at::kFloat), std::make_pair(1e-5, 1.3e-6));
  EXPECT_EQ(default_tolerances(at::kDouble), std::make_pair(1e-7, 1e-7));
  EXPECT_EQ(default_tolerances(at::kComplexFloat), std::make_pair(1e-5, 1.3e-6));
  EXPECT_EQ(default_tolerances(at::kComplexDouble), std::make_pair(1e-7, 1e-7));
  EXPECT_EQ(default_tolerances(at::kLong), std::make_pair(0.0, 0.0));
  EXPECT_EQ(default_tolerances(at::kBool), std::make_pair(0.0, 0.0));

  // float32: 1 + 5e-6 is within atol 1e-5 + rtol 1.3e-6; float64 is not.
  EXPECT_FALSE(cmp(at::full({3}, 1 + 5e-6, at::kFloat), at::ones({3}, at::kFloat)));
  EXPECT_TRUE(cmp(at::full({3}, 1 + 5e-6, at::kDouble), at::ones({3}, at::kDouble)));
  // bfloat16's rtol 1.6e-2 accepts a 1% difference; float16's 1e-3 does not.
  EXPECT_FALSE(cmp(at::full({2}, 101.0, at::kBFloat16), at::full({2}, 100.0, at::kBFloat16)));
  EXPECT_TRUE(cmp(at::full({2}, 101.0, at::kHalf), at::full({2}, 100.0, at::kHalf)));
  // complex64 compares |a - e|.
  auto c = at::ones({2}, at::kComplexFloat);
  EXPECT_FALSE(cmp(c.clone(), c));
  EXPECT_TRUE(cmp(c * 1.01, c));
  // integers and bool are exact.
  EXPECT_TRUE(cmp(at::tensor(std::vector<int64_t>{1, 2, 3}), at::tensor(std::vector<int64_t>{1, 2, 4})));
  EXPECT_FALSE(cmp(at::tensor(std::vector<int64_t>{1, 2, 3}), at::tensor(std::vector<int64_t>{1, 2, 3})));
  EXPECT_TRUE(cmp(at::ones({2}, at::kBool), at::zeros({2}, at::kBool)));
  // int64 beyond double's precision still compares exactly
  int64_t big = (int64_t{1} << 60);
  EXPECT_TRUE(cmp(at::tensor(std::vector<int64_t>{big + 1}), at::tensor(std::vector<int64_t>{big})));
}

TEST(Compare, ToleranceOverrideKeepsOtherDefault) {
  auto e = at::ones({4});
  auto a = at::full({4}, 1.05);
  EXPECT_TRUE(cmp(a, e));
  EXPECT_FALSE(cmp(a, e, Tolerance{0.1, std::nullopt}));
  EXPECT_FALSE(cmp(a, e, Tolerance{std::nullopt, 0.1})) << "rtol alone: atol keeps 1e-5, rtol 0.1 covers 0.05";
  EXPECT_TRUE(cmp(a, e, Tolerance{0.01, std::nullopt})) << "atol 0.01 with default rtol is too tight";
  auto m = text(cmp(a, e, Tolerance{0.01, std::nullopt}));
  EXPECT_NE(m.find("(atol 0.01)"), std::string::npos) << m;
  EXPECT_NE(m.find("(rtol 1.3e-06)"), std::string::npos) << m;
  // An override also loosens integer comparison, as assert_close does.
  EXPECT_FALSE(cmp(at::tensor(std::vector<int64_t>{10}), at::tensor(std::vector<int64_t>{11}), Tolerance{1.0, std::nullopt}));
  auto parsed = Tolerance::from_json({{"atol", 0.5}, {"rtol", nullptr}});
  EXPECT_EQ(parsed.atol, 0.5);
  EXPECT_FALSE(parsed.rtol.has_value());
}

TEST(Compare, OutputPathsFollowTheOutSpecLikeComparePy) {
  // treespec_dumps of (a, [b, c], {"x": d, "y": (e,)}) — paths as exporter/compare.py's output_paths gives them
  const std::string leaf = R"({"type": null, "context": null, "children_spec": []})";
  const std::string spec = R"([1, {"type": "builtins.tuple", "context": "null", "children_spec": [)" + leaf +
                           R"(, {"type": "builtins.list", "context": "null", "children_spec": [)" + leaf + ", " + leaf +
                           R"(]}, {"type": "builtins.dict", "context": "[\"x\", \"y\"]", "children_spec": [)" + leaf +
                           R"(, {"type": "builtins.tuple", "context": "null", "children_spec": [)" + leaf + "]}]}]}]";
  auto paths = exportcheck::replay::output_paths(spec, 5);
  EXPECT_EQ(paths, (std::vector<std::string>{"output[0]", "output[1][0]", "output[1][1]", "output[2]['x']", "output[2]['y'][0]"}));
  EXPECT_TRUE(exportcheck::replay::output_paths(spec, 4).empty()) << "leaf count differs: no paths";
  EXPECT_EQ(exportcheck::replay::output_paths("[1, " + leaf + "]", 1), std::vector<std::string>{"output"});
  EXPECT_TRUE(exportcheck::replay::output_paths("not json", 1).empty());

  auto m = compare_outputs({at::zeros({2}), at::zeros({3})}, {at::zeros({2}), at::zeros({4})}, {}, {},
                           {"output[0]", "output[1]['x']"});
  EXPECT_EQ(text(m), "output[1]['x']: shape (3,) != expected (4,)");
}

// A random program's outputs (the bundle's `unchecked_values`): shape, dtype
// and device still decide, values and numbers do not.
TEST(Compare, WithoutValuesOnlyShapeDtypeAndDeviceDecide) {
  const std::vector<c10::IValue> expected{at::zeros({2, 3}), c10::IValue(1.5)};
  const std::vector<std::string> devices{"cpu", ""};
  const std::vector<c10::IValue> other_values{at::ones({2, 3}), c10::IValue(7.0)};
  EXPECT_TRUE(compare_outputs(other_values, expected, devices, {})) << "values compared by default";
  EXPECT_FALSE(compare_outputs(other_values, expected, devices, {}, {}, /*values=*/false));
  EXPECT_EQ(text(compare_outputs({at::ones({2, 4}), c10::IValue(1.5)}, expected, devices, {}, {}, false)),
            "output[0]: shape (2, 4) != expected (2, 3)");
  EXPECT_EQ(text(compare_outputs({at::ones({2, 3}, at::kDouble), c10::IValue(1.5)}, expected, devices, {}, {}, false)),
            "output[0]: dtype float64 != expected float32");
  EXPECT_EQ(text(compare_outputs(other_values, expected, {"cuda:0", ""}, {}, {}, false)),
            "output[0]: device cpu != expected cuda:0");
}
