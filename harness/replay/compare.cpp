#include "harness/replay/compare.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <ATen/TensorOperators.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/isclose.h>
#include <ATen/ops/isnan.h>
#include <ATen/ops/nan_to_num.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros.h>
#include <ATen/ops/zeros_like.h>

namespace exportcheck::replay {
namespace {

std::string g(double v, int precision) {  // Python's f"{v:.{precision}g}"
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", precision, v);
  return buf;
}

std::string py_float_repr(double v) {  // repr(float): shortest round trip
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string repr(const c10::IValue& v) {
  if (v.isNone()) return "None";
  if (v.isBool()) return v.toBool() ? "True" : "False";
  if (v.isInt()) return std::to_string(v.toInt());
  if (v.isDouble()) return py_float_repr(v.toDouble());
  if (v.isString()) return "'" + v.toStringRef() + "'";
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string type_name(const c10::IValue& v) {  // compare.py's _type_name
  if (v.isTensor()) return "Tensor";
  if (v.isNone()) return "NoneType";
  if (v.isBool()) return "bool";
  if (v.isInt()) return "int";
  if (v.isDouble()) return "float";
  if (v.isString()) return "str";
  if (v.isList()) return "list";
  if (v.isTuple()) return "tuple";
  if (v.isGenericDict()) return "dict";
  return v.tagKind();
}

std::string dtype_name(c10::ScalarType t) {  // str(torch.float32) without "torch."
  switch (t) {
    case c10::kFloat: return "float32";
    case c10::kDouble: return "float64";
    case c10::kHalf: return "float16";
    case c10::kBFloat16: return "bfloat16";
    case c10::kComplexFloat: return "complex64";
    case c10::kComplexDouble: return "complex128";
    case c10::kComplexHalf: return "complex32";
    case c10::kByte: return "uint8";
    case c10::kChar: return "int8";
    case c10::kShort: return "int16";
    case c10::kInt: return "int32";
    case c10::kLong: return "int64";
    case c10::kBool: return "bool";
    default: return c10::toString(t);
  }
}

std::string value_mismatch(const std::string& path, const at::Tensor& actual, const at::Tensor& expected, double atol, double rtol) {
  at::Tensor a = actual.detach().to(at::kCPU), e = expected.detach().to(at::kCPU);
  auto wide = (a.is_complex() || e.is_complex()) ? at::kComplexDouble : at::kDouble;
  a = a.to(wide);
  e = e.to(wide);
  auto same = a.eq(e).logical_or(at::isnan(a).logical_and(at::isnan(e)));
  auto zero = at::zeros({}, at::TensorOptions().dtype(at::kDouble));
  auto diff = at::where(same, zero, (a - e).abs().to(at::kDouble));
  diff = at::nan_to_num(diff, std::numeric_limits<double>::infinity());
  auto scale = e.abs().to(at::kDouble);
  auto rel = at::where(diff.eq(0), at::zeros_like(diff), diff / scale);
  auto bad = diff.gt(scale * rtol + atol);
  return path + ": values differ: max abs error " + g(diff.max().item<double>(), 6) + " (atol " + g(atol, 3) + "), " +
         "max rel error " + g(rel.max().item<double>(), 6) + " (rtol " + g(rtol, 3) + "), " +
         std::to_string(bad.sum().item<std::int64_t>()) + "/" + std::to_string(bad.numel()) + " elements mismatched; " +
         "actual " + summarize(actual) + "; expected " + summarize(expected);
}

// torch.testing.assert_close(actual, expected, atol, rtol, equal_nan=True) on same-shape, same-dtype tensors.
bool all_close(const at::Tensor& actual, const at::Tensor& expected, double atol, double rtol) {
  at::Tensor a = actual.detach().to(at::kCPU), e = expected.detach().to(at::kCPU);
  if (a.numel() == 0) return true;
  if (!a.is_floating_point() && !a.is_complex() && atol == 0 && rtol == 0) return a.eq(e).all().item<bool>();
  auto wide = (a.is_complex() || e.is_complex()) ? at::kComplexDouble : at::kDouble;
  return at::isclose(a.to(wide), e.to(wide), rtol, atol, /*equal_nan=*/true).all().item<bool>();
}

std::optional<std::string> compare_tensor(const std::string& path, const at::Tensor& actual, const at::Tensor& expected,
                                          const std::string& expected_device, const Tolerance& tolerance, bool values) {
  if (actual.sizes() != expected.sizes()) {
    return path + ": shape " + shape_string(actual.sizes()) + " != expected " + shape_string(expected.sizes());
  }
  if (actual.scalar_type() != expected.scalar_type()) {
    return path + ": dtype " + dtype_name(actual.scalar_type()) + " != expected " + dtype_name(expected.scalar_type());
  }
  if (!expected_device.empty() && actual.device().str() != expected_device) {
    return path + ": device " + actual.device().str() + " != expected " + expected_device;
  }
  if (!values) return std::nullopt;
  auto [atol, rtol] = tolerances(expected.scalar_type(), tolerance);
  if (all_close(actual, expected, atol, rtol)) return std::nullopt;
  return value_mismatch(path, actual, expected, atol, rtol);
}

std::optional<std::string> compare_scalar(const std::string& path, const c10::IValue& actual, const c10::IValue& expected,
                                          const Tolerance& tolerance) {
  if (expected.isDouble()) {
    auto [atol, rtol] = tolerances(c10::kFloat, tolerance);
    double a = actual.isInt() ? static_cast<double>(actual.toInt()) : actual.toDouble();
    double e = expected.toDouble();
    if ((std::isnan(a) && std::isnan(e)) || std::abs(a - e) <= atol + rtol * std::abs(e)) return std::nullopt;
    return path + ": " + py_float_repr(a) + " != expected " + py_float_repr(e) + " (abs error " + g(std::abs(a - e), 6) + ")";
  }
  bool equal;
  if (expected.isInt() && actual.isDouble()) {
    equal = actual.toDouble() == static_cast<double>(expected.toInt());
  } else if (expected.isInt()) {
    equal = actual.toInt() == expected.toInt();
  } else if (expected.isBool()) {
    equal = actual.toBool() == expected.toBool();
  } else if (expected.isString()) {
    equal = actual.toStringRef() == expected.toStringRef();
  } else {
    equal = actual == expected;
  }
  if (equal) return std::nullopt;
  return path + ": " + repr(actual) + " != expected " + repr(expected);
}

}  // namespace

std::pair<double, double> default_tolerances(c10::ScalarType dtype) {
  const worker::ToleranceValues v = worker::default_tolerance(dtype_name(dtype));
  return {v.atol, v.rtol};
}

std::pair<double, double> tolerances(c10::ScalarType dtype, const Tolerance& tolerance) {
  const worker::ToleranceValues v = worker::resolve_tolerance(dtype_name(dtype), tolerance);
  return {v.atol, v.rtol};
}

std::string shape_string(c10::IntArrayRef sizes) {
  std::string s = "(";
  for (size_t i = 0; i < sizes.size(); ++i) s += (i ? ", " : "") + std::to_string(sizes[i]);
  if (sizes.size() == 1) s += ",";
  return s + ")";
}

std::string summarize(const at::Tensor& t) {
  if (t.numel() == 0) return "empty";
  at::Tensor v = t.detach().to(at::kCPU);
  if (v.is_complex()) v = v.abs();
  v = v.to(at::kDouble);
  std::string text = "min " + g(v.min().item<double>(), 6) + " max " + g(v.max().item<double>(), 6) + " mean " +
                     g(v.mean().item<double>(), 6);
  auto nans = at::isnan(v).sum().item<std::int64_t>();
  return nans ? text + " nan " + std::to_string(nans) : text;
}

std::optional<std::string> compare_value(const std::string& path, const c10::IValue& actual, const c10::IValue& expected,
                                         const std::string& expected_device, const Tolerance& tolerance, bool values) {
  if (expected.isTensor()) {
    if (!actual.isTensor()) return path + ": type " + type_name(actual) + " != expected Tensor";
    return compare_tensor(path, actual.toTensor(), expected.toTensor(), expected_device, tolerance, values);
  }
  bool numbers = (actual.isInt() || actual.isDouble()) && (expected.isInt() || expected.isDouble());
  if (numbers && !values) return std::nullopt;
  if (type_name(actual) != type_name(expected) && !numbers) {
    return path + ": type " + type_name(actual) + " != expected " + type_name(expected);
  }
  if (expected.isNone()) return std::nullopt;
  if (expected.isList() || expected.isTuple() || expected.isGenericDict()) {
    return path + ": cannot compare a " + type_name(expected) + " (bundle outputs are flat)";
  }
  return compare_scalar(path, actual, expected, tolerance);
}

std::optional<std::string> compare_outputs(const std::vector<c10::IValue>& actual, const std::vector<c10::IValue>& expected,
                                           const std::vector<std::string>& expected_devices, const Tolerance& tolerance,
                                           const std::vector<std::string>& paths, bool values) {
  if (actual.size() != expected.size()) {
    return "output: " + std::to_string(actual.size()) + " leaves != expected " + std::to_string(expected.size());
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    const std::string device = i < expected_devices.size() ? expected_devices[i] : "";
    const std::string path = i < paths.size() ? paths[i] : "output[" + std::to_string(i) + "]";
    if (auto m = compare_value(path, actual[i], expected[i], device, tolerance, values)) return m;
  }
  return std::nullopt;
}

namespace {

std::string key_repr(const nlohmann::json& key) {  // repr() of a dict key
  if (key.is_string()) {
    std::string out(1, '\'');
    out += key.get<std::string>();
    out += '\'';
    return out;
  }
  if (key.is_boolean()) return key.get<bool>() ? "True" : "False";
  if (key.is_null()) return "None";
  return key.dump();
}

void collect_paths(const nlohmann::json& node, const std::string& path, std::vector<std::string>& out) {
  const auto& children = node.at("children_spec");
  if (node.at("type").is_null() && children.empty()) {
    out.push_back(path);
    return;
  }
  const std::string type = node.at("type").is_string() ? node.at("type").get<std::string>() : "";
  nlohmann::json keys;
  if (type == "builtins.dict" || type == "collections.OrderedDict") {
    const auto& context = node.at("context");
    keys = context.is_string() ? nlohmann::json::parse(context.get<std::string>()) : context;
  }
  for (size_t i = 0; i < children.size(); ++i) {
    std::string child = path;
    child += '[';
    child += keys.is_array() && i < keys.size() ? key_repr(keys[i]) : std::to_string(i);
    child += ']';
    collect_paths(children[i], child, out);
  }
}

}  // namespace

std::vector<std::string> output_paths(const std::string& out_spec, std::size_t leaves) {
  if (out_spec.empty()) return {};
  try {
    auto j = nlohmann::json::parse(out_spec);
    std::vector<std::string> out;
    collect_paths(j.is_array() && j.size() == 2 ? j[1] : j, "output", out);
    if (out.size() != leaves) return {};
    return out;
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace exportcheck::replay
