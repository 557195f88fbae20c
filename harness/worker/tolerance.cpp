#include "harness/worker/tolerance.h"

#include <array>
#include <utility>

namespace exportcheck::worker {
namespace {

struct Entry {
  const char* dtype;
  ToleranceValues values;  // {atol, rtol}
};

// torch.testing.assert_close's documented defaults (torch/testing/_comparison.py).
constexpr std::array<Entry, 7> kTable = {{
    {"float16", {1e-5, 1e-3}},
    {"bfloat16", {1e-5, 1.6e-2}},
    {"float32", {1e-5, 1.3e-6}},
    {"float64", {1e-7, 1e-7}},
    {"complex32", {1e-5, 1e-3}},
    {"complex64", {1e-5, 1.3e-6}},
    {"complex128", {1e-7, 1e-7}},
}};

nlohmann::json values_json(const ToleranceValues& v) { return {{"atol", v.atol}, {"rtol", v.rtol}}; }

}  // namespace

Tolerance Tolerance::from_json(const nlohmann::json& j) {
  Tolerance t;
  if (!j.is_object()) return t;
  if (j.contains("atol") && j["atol"].is_number()) t.atol = j["atol"].get<double>();
  if (j.contains("rtol") && j["rtol"].is_number()) t.rtol = j["rtol"].get<double>();
  return t;
}

nlohmann::json Tolerance::to_json() const {
  return {{"atol", atol ? nlohmann::json(*atol) : nlohmann::json(nullptr)},
          {"rtol", rtol ? nlohmann::json(*rtol) : nlohmann::json(nullptr)}};
}

const std::vector<std::string>& tolerance_dtypes() {
  static const std::vector<std::string> kDtypes = [] {
    std::vector<std::string> out;
    for (const auto& e : kTable) out.emplace_back(e.dtype);
    return out;
  }();
  return kDtypes;
}

ToleranceValues default_tolerance(std::string_view dtype) {
  for (const auto& e : kTable)
    if (dtype == e.dtype) return e.values;
  return {0.0, 0.0};
}

ToleranceValues resolve_tolerance(std::string_view dtype, const Tolerance& tolerance) {
  ToleranceValues v = default_tolerance(dtype);
  return {tolerance.atol.value_or(v.atol), tolerance.rtol.value_or(v.rtol)};
}

nlohmann::json resolved_tolerances(const Tolerance& tolerance) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& e : kTable) out[e.dtype] = values_json(resolve_tolerance(e.dtype, tolerance));
  out[std::string(kDefaultDtype)] = values_json(resolve_tolerance(kDefaultDtype, tolerance));
  return out;
}

}  // namespace exportcheck::worker
